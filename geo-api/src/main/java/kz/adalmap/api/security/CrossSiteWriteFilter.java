package kz.adalmap.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a change (POST, PUT, PATCH, DELETE) that a browser sends on behalf of a page of another site.
 * Staff sign in with HTTP Basic, and a browser that holds their password (signed in at an API address)
 * sends it with any request to AdalMap, a form another site submits too: without this check that site
 * could make an editor's browser upload a file into a layer.
 *
 * <p>What the browser says decides: {@code Sec-Fetch-Site} when it sends one ({@code cross-site} is
 * refused; {@code same-site}, a neighbouring host, only when its {@code Origin} is this service's),
 * else the {@code Origin} header, which must name this service's scheme, host and port. This service's
 * address is the request's as the load balancer forwarded it ({@code X-Forwarded-Proto}, {@code
 * -Host}, {@code -Port}, trusted through {@code server.forward-headers-strategy}). A request with
 * neither header (curl, the importer's command line, a bot) is no browser's and goes on.
 */
final class CrossSiteWriteFilter extends OncePerRequestFilter {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ProblemSecurityHandler problems;

    CrossSiteWriteFilter(ProblemSecurityHandler problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = CHANGES.contains(request.getMethod().toUpperCase(Locale.ROOT)) ? refusal(request) : null;
        if (refusal != null) {
            problems.crossSite(response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why {@code request} is a change another site's page asked for; null when it is not one. */
    static String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site != null) {
            switch (site.strip().toLowerCase(Locale.ROOT)) {
                case "same-origin", "none" -> {
                    return null;
                }
                case "same-site" -> {
                    if (origin != null && sameOrigin(origin, request)) {
                        return null;
                    }
                    return "the request came from a page of another address of this site (Origin: " + origin
                            + "), not from AdalMap's own pages";
                }
                default -> {
                    return "the request came from a page of another site (Sec-Fetch-Site: " + site
                            + "), not from AdalMap's own pages";
                }
            }
        }
        if (origin != null && !sameOrigin(origin, request)) {
            return "the request came from a page of another site (Origin: " + origin + "), not from AdalMap's"
                    + " own pages";
        }
        return null;
    }

    /** Whether {@code origin} names the scheme, host and port {@code request} was sent to. */
    static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            // "null" (a sandboxed page, a file) and anything else that names no address
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme);
        return scheme.equalsIgnoreCase(request.getScheme())
                && host(uri.getHost()).equalsIgnoreCase(host(request.getServerName()))
                && port == (request.getServerPort() > 0 ? request.getServerPort() : defaultPort(request.getScheme()));
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** A host without the brackets of an IPv6 address. */
    private static String host(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
