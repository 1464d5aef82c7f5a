package kz.adalmap.api.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * An authenticated staff member: roles of DESIGN.md, the regions whose layers a land editor may
 * change (by KATO code) and the agency an official answers for.
 */
public class StaffUser extends User {

    /** Roles as stored in {@code user_role}. */
    public static final List<String> ROLES =
            List.of("moderator", "agency_official", "land_editor", "admin", "budget_reviewer");

    /** Held instead of any role while a generated one-time password has not been changed. */
    static final String PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    private final int id;
    private final Set<String> roles;
    private final Set<String> regionKatoCodes;
    private final String agencyCode;
    private final boolean mustChangePassword;

    StaffUser(
            int id,
            String username,
            String passwordHash,
            boolean enabled,
            boolean mustChangePassword,
            Set<String> roles,
            Set<String> regionKatoCodes,
            String agencyCode) {
        super(username, passwordHash, enabled, true, true, true, authorities(roles, mustChangePassword));
        this.id = id;
        this.roles = Set.copyOf(roles);
        this.regionKatoCodes = Set.copyOf(regionKatoCodes);
        this.agencyCode = agencyCode;
        this.mustChangePassword = mustChangePassword;
    }

    private static Collection<GrantedAuthority> authorities(Set<String> roles, boolean mustChangePassword) {
        if (mustChangePassword) {
            return List.of(new SimpleGrantedAuthority(PASSWORD_CHANGE_REQUIRED));
        }
        return roles.stream()
                .sorted()
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase(java.util.Locale.ROOT)))
                .toList();
    }

    public int id() {
        return id;
    }

    public Set<String> roles() {
        return roles;
    }

    public Set<String> regionKatoCodes() {
        return regionKatoCodes;
    }

    public String agencyCode() {
        return agencyCode;
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    /** Whether this user may change layers of the region with this KATO code: admins anywhere, land editors in their own regions. */
    public boolean mayEditRegion(String regionKatoCode) {
        if (mustChangePassword) {
            return false;
        }
        return roles.contains("admin") || (roles.contains("land_editor") && regionKatoCodes.contains(regionKatoCode));
    }
}
