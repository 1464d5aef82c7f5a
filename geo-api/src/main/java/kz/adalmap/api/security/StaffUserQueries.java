package kz.adalmap.api.security;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of staff accounts. */
@Repository
class StaffUserQueries {

    private static final String BY_USERNAME = """
            SELECT u.id, u.username, u.password_hash, u.enabled, u.must_change_password, a.code AS agency_code,
                   coalesce((SELECT array_agg(role ORDER BY role) FROM user_role WHERE user_id = u.id), '{}') AS roles,
                   coalesce((SELECT array_agg(r.kato_code ORDER BY r.kato_code) FROM user_region ur
                             JOIN region r ON r.id = ur.region_id WHERE ur.user_id = u.id), '{}') AS regions
            FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id
            WHERE u.username = :username
            """;

    private static final String LIST = """
            SELECT json_agg(json_build_object(
                     'username', u.username, 'display_name', u.display_name, 'enabled', u.enabled,
                     'must_change_password', u.must_change_password, 'agency_code', a.code,
                     'roles', coalesce((SELECT json_agg(role ORDER BY role) FROM user_role WHERE user_id = u.id), '[]'),
                     'regions', coalesce((SELECT json_agg(r.kato_code ORDER BY r.kato_code) FROM user_region ur
                                          JOIN region r ON r.id = ur.region_id WHERE ur.user_id = u.id), '[]'),
                     'created_at', u.created_at) ORDER BY u.username)::text
            FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id
            """;

    private final JdbcClient jdbc;

    StaffUserQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StaffUser> findByUsername(String username) {
        return jdbc.sql(BY_USERNAME)
                .param("username", username)
                .query((rs, n) -> new StaffUser(
                        rs.getInt("id"),
                        rs.getString("username"),
                        rs.getString("password_hash"),
                        rs.getBoolean("enabled"),
                        rs.getBoolean("must_change_password"),
                        toSet((String[]) rs.getArray("roles").getArray()),
                        toSet((String[]) rs.getArray("regions").getArray()),
                        rs.getString("agency_code")))
                .optional();
    }

    boolean anyAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM user_role WHERE role = 'admin')")
                .query(Boolean.class)
                .single();
    }

    /** Creates a user with roles and regions; returns its id. Unknown region codes or agency are rejected by the caller. */
    int create(
            String username,
            String displayName,
            String passwordHash,
            boolean mustChangePassword,
            String agencyCode,
            Set<String> roles,
            Set<String> regionKatoCodes) {
        int id = jdbc.sql("""
                        INSERT INTO app_user (username, display_name, password_hash, must_change_password, agency_id)
                        VALUES (:username, :displayName, :hash, :mustChange, (SELECT id FROM agency WHERE code = :agency))
                        RETURNING id
                        """)
                .param("username", username)
                .param("displayName", displayName)
                .param("hash", passwordHash)
                .param("mustChange", mustChangePassword)
                .param("agency", agencyCode)
                .query(Integer.class)
                .single();
        for (String role : roles) {
            jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:id, :role)")
                    .param("id", id)
                    .param("role", role)
                    .update();
        }
        for (String kato : regionKatoCodes) {
            jdbc.sql("INSERT INTO user_region (user_id, region_id) SELECT :id, id FROM region WHERE kato_code = :kato")
                    .param("id", id)
                    .param("kato", kato)
                    .update();
        }
        return id;
    }

    /** The KATO codes among {@code codes} that no region has. */
    Set<String> unknownRegions(Set<String> codes) {
        Set<String> unknown = new HashSet<>(codes);
        if (!codes.isEmpty()) {
            unknown.removeAll(jdbc.sql("SELECT kato_code FROM region WHERE kato_code = ANY(:codes)")
                    .param("codes", codes.toArray(String[]::new))
                    .query(String.class)
                    .list());
        }
        return unknown;
    }

    boolean agencyExists(String code) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM agency WHERE code = :code)")
                .param("code", code)
                .query(Boolean.class)
                .single();
    }

    void changePassword(int userId, String passwordHash) {
        jdbc.sql("UPDATE app_user SET password_hash = :hash, must_change_password = false WHERE id = :id")
                .param("hash", passwordHash)
                .param("id", userId)
                .update();
    }

    String listAsJson() {
        return Optional.ofNullable(jdbc.sql(LIST).query(String.class).single()).orElse("[]");
    }

    private static Set<String> toSet(String[] values) {
        return Set.copyOf(List.of(values));
    }
}
