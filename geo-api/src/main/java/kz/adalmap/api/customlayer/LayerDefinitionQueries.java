package kz.adalmap.api.customlayer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes the definitions of custom layers in the {@code layer} table. */
@Repository
class LayerDefinitionQueries {

    private static final String SELECT = """
            SELECT l.code, l.title_kk, l.title_ru, l.title_en, l.description_kk, l.description_ru, l.description_en,
                   l.geometry_type, l.attribute_schema::text, l.key_attribute, l.style::text, l.is_public,
                   r.kato_code, a.code,
                   (SELECT p.number FROM layer_revision p WHERE p.layer_id = l.id AND p.state = 'published'),
                   EXISTS (SELECT 1 FROM layer_revision p WHERE p.layer_id = l.id
                                                              AND p.state IN ('published', 'superseded')),
                   l.updated_at
            FROM layer l LEFT JOIN region r ON r.id = l.region_id LEFT JOIN agency a ON a.id = l.owner_agency_id
            WHERE l.kind = 'custom'
            """;

    /**
     * A stored definition as the API shows it.
     *
     * @param publishedRevision the number of the layer's public revision, null before the first publish
     * @param everPublished whether any revision was ever public: then the schema may only grow
     */
    record Stored(
            String code,
            String titleKk,
            String titleRu,
            String titleEn,
            String descriptionKk,
            String descriptionRu,
            String descriptionEn,
            String geometryType,
            JsonNode attributes,
            String keyAttribute,
            JsonNode style,
            @JsonProperty("public") boolean isPublic,
            String region,
            String ownerAgency,
            Integer publishedRevision,
            @JsonIgnore boolean everPublished,
            OffsetDateTime updatedAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    LayerDefinitionQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every custom layer, by code. */
    List<Stored> all() {
        return jdbc.sql(SELECT + " ORDER BY l.code").query(this::stored).list();
    }

    Optional<Stored> find(String code) {
        return jdbc.sql(SELECT + " AND l.code = :code")
                .param("code", code)
                .query(this::stored)
                .optional();
    }

    boolean codeTaken(String code) {
        return jdbc.sql("SELECT count(*) FROM layer WHERE code = :code")
                        .param("code", code)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    Optional<Integer> regionId(String katoCode) {
        return jdbc.sql("SELECT id FROM region WHERE kato_code = :kato")
                .param("kato", katoCode)
                .query(Integer.class)
                .optional();
    }

    Optional<Integer> agencyId(String agencyCode) {
        return jdbc.sql("SELECT id FROM agency WHERE code = :code")
                .param("code", agencyCode)
                .query(Integer.class)
                .optional();
    }

    void insert(LayerDefinition d, Integer regionId, Integer agencyId) {
        jdbc.sql("""
                        INSERT INTO layer (code, kind, title_kk, title_ru, title_en, description_kk, description_ru,
                                           description_en, geometry_type, attribute_schema, key_attribute, style,
                                           is_public, region_id, owner_agency_id)
                        VALUES (:code, 'custom', :titleKk, :titleRu, :titleEn, :descriptionKk, :descriptionRu,
                                :descriptionEn, :geometryType, CAST(:attributes AS jsonb), :keyAttribute,
                                CAST(:style AS jsonb), :isPublic, :regionId, :agencyId)
                        """).params(params(d, regionId, agencyId)).update();
    }

    void update(LayerDefinition d, Integer regionId, Integer agencyId) {
        jdbc.sql("""
                        UPDATE layer SET title_kk = :titleKk, title_ru = :titleRu, title_en = :titleEn,
                               description_kk = :descriptionKk, description_ru = :descriptionRu,
                               description_en = :descriptionEn, geometry_type = :geometryType,
                               attribute_schema = CAST(:attributes AS jsonb), key_attribute = :keyAttribute,
                               style = CAST(:style AS jsonb), is_public = :isPublic, region_id = :regionId,
                               owner_agency_id = :agencyId, updated_at = now()
                        WHERE code = :code AND kind = 'custom'
                        """).params(params(d, regionId, agencyId)).update();
    }

    private Map<String, Object> params(LayerDefinition d, Integer regionId, Integer agencyId) {
        Map<String, Object> p = new HashMap<>();
        p.put("code", d.code());
        p.put("titleKk", d.titleKk());
        p.put("titleRu", d.titleRu());
        p.put("titleEn", d.titleEn());
        p.put("descriptionKk", d.descriptionKk());
        p.put("descriptionRu", d.descriptionRu());
        p.put("descriptionEn", d.descriptionEn());
        p.put("geometryType", d.geometryType());
        p.put("attributes", json.writeValueAsString(d.attributes()));
        p.put("keyAttribute", d.keyAttribute());
        p.put("style", json.writeValueAsString(d.style()));
        p.put("isPublic", d.isPublic());
        p.put("regionId", regionId);
        p.put("agencyId", agencyId);
        return p;
    }

    private Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                json.readTree(rs.getString(9)),
                rs.getString(10),
                json.readTree(rs.getString(11)),
                rs.getBoolean(12),
                rs.getString(13),
                rs.getString(14),
                (Integer) rs.getObject(15),
                rs.getBoolean(16),
                rs.getObject(17, OffsetDateTime.class));
    }
}
