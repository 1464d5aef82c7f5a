package kz.adalmap.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.InvalidParameterException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in staff member: who they are, and changing their password. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final StaffUserQueries users;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    MeController(StaffUserQueries users, PasswordEncoder encoder, AuditLog audit) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
    }

    record Me(
            String username,
            java.util.Set<String> roles,
            java.util.Set<String> regions,
            String agencyCode,
            boolean mustChangePassword) {}

    @GetMapping
    Me me(@AuthenticationPrincipal StaffUser user) {
        return new Me(
                user.getUsername(), user.roles(), user.regionKatoCodes(), user.agencyCode(), user.mustChangePassword());
    }

    /** A new password of 12 to 200 characters, different from the current one. */
    record PasswordChange(
            @NotBlank String currentPassword,
            @NotBlank @Size(min = 12, max = 200) String newPassword) {}

    @PostMapping("/password")
    @Transactional
    ResponseEntity<Void> changePassword(
            @AuthenticationPrincipal StaffUser user, @Valid @RequestBody PasswordChange change) {
        // the principal's own copy of the hash is erased after authentication: read the stored one
        String stored = users.findByUsername(user.getUsername())
                .map(StaffUser::getPassword)
                .orElse("");
        if (!encoder.matches(change.currentPassword(), stored)) {
            throw InvalidParameterException.of("currentPassword", "is not the account's current password");
        }
        if (change.newPassword().equals(change.currentPassword())) {
            throw InvalidParameterException.of("newPassword", "must differ from the current password");
        }
        users.changePassword(user.id(), encoder.encode(change.newPassword()));
        audit.record(user.getUsername(), "user.password_change", "app_user", user.getUsername(), Map.of());
        return ResponseEntity.noContent().build();
    }
}
