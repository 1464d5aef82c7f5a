package kz.adalmap.api.layer;

import java.util.List;
import java.util.Set;
import kz.adalmap.api.security.StaffUser;
import kz.adalmap.importers.publish.AccessDeniedException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may change which layer (import into it, publish, roll back, edit its features, redefine it):
 * administrators every layer; land editors the layers of their own regions; an agency's officials the
 * layers defined as data that their agency owns — a department keeps its own open-budget objects or
 * offices wherever they are.
 */
@Component
public class LayerPermissions {

    private static final String OWNER_AGENCY = """
            SELECT g.code FROM layer l JOIN agency g ON g.id = l.owner_agency_id
            WHERE l.code = :code AND l.kind = 'custom'
            """;

    private final JdbcClient jdbc;

    LayerPermissions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether {@code user} may define or change a layer of this region (null: a national layer) owned by
     * this agency (null: none).
     */
    public static boolean mayChange(StaffUser user, String regionKato, String ownerAgencyCode) {
        if (user == null || user.mustChangePassword()) {
            return false;
        }
        return user.roles().contains("admin")
                || (regionKato != null && user.mayEditRegion(regionKato))
                || ownedBy(user, ownerAgencyCode);
    }

    /**
     * The ids of the regions the importer confines {@code user} to on layer {@code code}: null when the
     * user may change the layer wherever its features lie (an administrator, an official of the agency
     * that owns it).
     *
     * @throws AccessDeniedException when the user changes no layers at all, or is a land editor whose account
     *     has no region ({@code no_region})
     */
    public Set<Integer> editorRegions(StaffUser user, String code) {
        if (user.mustChangePassword()) {
            throw new AccessDeniedException(user.getUsername() + " must change the one-time password first");
        }
        if (user.roles().contains("admin")
                || ownedBy(
                        user,
                        jdbc.sql(OWNER_AGENCY)
                                .param("code", code)
                                .query(String.class)
                                .optional()
                                .orElse(null))) {
            return null;
        }
        if (!user.roles().contains("land_editor")) {
            throw new AccessDeniedException(
                    "only land editors, the officials of a layer's owner agency and" + " administrators change layers");
        }
        Set<Integer> regions = Set.copyOf(jdbc.sql("SELECT id FROM region WHERE kato_code IN (:codes)")
                .param("codes", user.regionKatoCodes().isEmpty() ? List.of("-") : List.copyOf(user.regionKatoCodes()))
                .query(Integer.class)
                .list());
        if (regions.isEmpty()) {
            // not "another region's layer" nor "for editors of several regions": the account lacks its region
            throw new AccessDeniedException(
                    LayerImportController.Refusal.NO_REGION.code(),
                    user.getUsername() + "'s account has no region: an administrator must assign it the region it"
                            + " edits before it can import into, publish or roll back a layer");
        }
        return regions;
    }

    /**
     * Whether layer {@code code} exists but is internal ({@code is_public = false}) and out of reach of a
     * user confined to {@code regions} ({@link #editorRegions}; null: every layer): to that user it does
     * not exist, as the public endpoints and the definitions say, so a refusal must not say that it does.
     */
    public boolean hiddenFrom(String code, Set<Integer> regions) {
        return regions != null
                && jdbc.sql("""
                                SELECT 1 FROM layer WHERE code = :code AND NOT is_public
                                  AND (region_id IS NULL OR NOT region_id = ANY (CAST(:regions AS integer[])))
                                """)
                        .param("code", code)
                        .param("regions", regions.toArray(Integer[]::new))
                        .query(Integer.class)
                        .optional()
                        .isPresent();
    }

    private static boolean ownedBy(StaffUser user, String ownerAgencyCode) {
        return ownerAgencyCode != null
                && user.roles().contains("agency_official")
                && ownerAgencyCode.equals(user.agencyCode());
    }
}
