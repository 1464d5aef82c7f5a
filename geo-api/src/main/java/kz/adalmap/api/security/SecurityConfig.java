package kz.adalmap.api.security;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Who may do what (DESIGN.md): anyone reads; staff authenticate with HTTP Basic against the
 * {@code app_user} table; every write is closed unless a rule below opens it for a role.
 */
@Configuration
class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemSecurityHandler problems) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/api/v1/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/api/v1/me", "/api/v1/me/**")
                        .authenticated()
                        // layer imports: the controller checks the layer's region against the editor's, or its owner
                        // agency against the official's
                        .requestMatchers(
                                "/api/v1/import-jobs/**",
                                "/api/v1/imports/**",
                                "/api/v1/layers/*/imports",
                                "/api/v1/layers/*/revisions",
                                "/api/v1/layers/*/revisions/**",
                                "/api/v1/layers/*/rollback")
                        .hasAnyRole("LAND_EDITOR", "AGENCY_OFFICIAL", "ADMIN")
                        // layers defined as data: the service checks the layer's region or owner agency against the
                        // user's
                        .requestMatchers(HttpMethod.POST, "/api/v1/layer-definitions", "/api/v1/layers/*/features")
                        .hasAnyRole("LAND_EDITOR", "AGENCY_OFFICIAL", "ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/layer-definitions/*", "/api/v1/layers/*/features/*")
                        .hasAnyRole("LAND_EDITOR", "AGENCY_OFFICIAL", "ADMIN")
                        // a plots or networks layer's titles: the controller checks the layer's region too
                        .requestMatchers(HttpMethod.PUT, "/api/v1/layers/*/titles")
                        .hasAnyRole("LAND_EDITOR", "AGENCY_OFFICIAL", "ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/layers/*/features/*")
                        .hasAnyRole("LAND_EDITOR", "AGENCY_OFFICIAL", "ADMIN")
                        // the service checks which appeals each staff member sees and which steps they may take
                        .requestMatchers("/api/v1/staff/appeals", "/api/v1/staff/appeals/**")
                        .hasAnyRole("MODERATOR", "AGENCY_OFFICIAL", "ADMIN")
                        // the citizen's rating and reopening (the service checks the tracking secret) and "me too"
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/appeals/track/*/rating",
                                "/api/v1/appeals/track/*/reopen",
                                "/api/v1/appeals/*/support")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/subscriptions")
                        .permitAll()
                        // participatory budget: anyone proposes, asks for a code and votes (the service checks
                        // the phase and the code); reviewers act in their own regions (the service checks which)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/budget/cycles/*/proposals",
                                "/api/v1/budget/cycles/*/verifications",
                                "/api/v1/budget/cycles/*/votes")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/budget/cycles",
                                "/api/v1/budget/proposals/*/review",
                                "/api/v1/budget/proposals/*/milestones")
                        .hasAnyRole("BUDGET_REVIEWER", "ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/budget/cycles/*", "/api/v1/budget/milestones/*")
                        .hasAnyRole("BUDGET_REVIEWER", "ADMIN")
                        // anyone submits an appeal; the controller checks who may use which channel
                        .requestMatchers(HttpMethod.POST, "/api/v1/appeals")
                        .permitAll()
                        // Open311 submissions: the controller checks the api_key
                        .requestMatchers(HttpMethod.POST, "/open311/v2/requests.*")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        // Spring's error page, reached on a forward after an error
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // no sessions, no cookies, so no CSRF token; but a browser that holds an editor's Basic
                // password sends it with a form another site submits: such a change is refused by what the
                // browser says of the request's origin, before the password is looked at
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteWriteFilter(problems), CsrfFilter.class)
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
                                + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'")));
        return http.build();
    }

    /** Argon2id for new hashes; the {@code {id}} prefix lets the algorithm change later without a migration. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(
                "argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }
}
