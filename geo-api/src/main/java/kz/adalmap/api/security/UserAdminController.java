package kz.adalmap.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators manage staff accounts: roles, a land editor's regions, an official's agency. */
@RestController
@RequestMapping("/api/v1/admin/users")
class UserAdminController {

    private final StaffUserQueries users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    UserAdminController(StaffUserQueries users, PasswordEncoder encoder, AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    /** A new staff account; {@code regions} are KATO codes of regions (for land editors). */
    record NewUser(
            @NotBlank
            @Pattern(
                    regexp = "[a-z0-9][a-z0-9._-]{1,63}",
                    message = "use 2-64 lower-case letters, digits, '.', '_' or '-'")
            String username,

            @NotBlank @Size(max = 200) String displayName,
            @NotBlank @Size(min = 12, max = 200) String password,
            @NotEmpty Set<String> roles,
            Set<String> regions,
            String agencyCode) {}

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    String list() {
        return users.listAsJson();
    }

    @PostMapping
    @Transactional
    ResponseEntity<Void> create(@AuthenticationPrincipal StaffUser admin, @Valid @RequestBody NewUser user) {
        for (String role : user.roles()) {
            if (!StaffUser.ROLES.contains(role)) {
                throw InvalidParameterException.of(
                        "roles", "unknown role '" + role + "'; use " + String.join(", ", StaffUser.ROLES));
            }
        }
        Set<String> regions = user.regions() == null ? Set.of() : user.regions();
        if (user.roles().contains("land_editor") && regions.isEmpty()) {
            throw InvalidParameterException.of(
                    "regions", "a land editor needs the KATO codes of the regions they edit");
        }
        Set<String> unknown = users.unknownRegions(regions);
        if (!unknown.isEmpty()) {
            throw InvalidParameterException.of(
                    "regions", "no region has the KATO code(s) " + String.join(", ", unknown));
        }
        if (user.roles().contains("agency_official") && user.agencyCode() == null) {
            throw InvalidParameterException.of("agencyCode", "an agency official needs the code of their agency");
        }
        if (user.agencyCode() != null && !users.agencyExists(user.agencyCode())) {
            throw InvalidParameterException.of("agencyCode", "no agency has the code '" + user.agencyCode() + "'");
        }
        users.create(
                user.username(),
                user.displayName(),
                encoder.encode(user.password()),
                false,
                user.agencyCode(),
                user.roles(),
                regions);
        audit.record(
                admin.getUsername(),
                "user.create",
                "app_user",
                user.username(),
                Map.of("roles", user.roles(), "regions", regions));
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + user.username()))
                .build();
    }
}
