package kz.adalmap.importers.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import kz.adalmap.importers.gdal.OgrInfo;
import kz.adalmap.importers.generate.PublicControlGenerator;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.source.SourceFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public-control layers of the demo: open-budget objects, accessibility passports and service
 * offices. Each is a national public layer defined as data by its definition in {@code
 * demo/layers/<code>.json} (the body the definitions API takes), and its generated file goes through
 * the same import and publish as a department's file.
 *
 * <p>Once only: a layer that exists keeps its definition, and a layer with a published revision is
 * left as it is (with a warning when that revision came from another file), so a repeated run and a
 * department's own data are never touched.
 */
final class DemoLayers {

    private static final Logger log = LoggerFactory.getLogger(DemoLayers.class);
    private static final String ACTOR = "demo-loader";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // a generated demo file is a few hundred kilobytes
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final LayerImporter importer;

    DemoLayers(Ogr2Ogr ogr2ogr) {
        this.importer = new LayerImporter(ogr2ogr, new OgrInfo(), new SourceFiles(MAX_FILE_BYTES));
    }

    /**
     * Generates the files into {@code workDir} and publishes each layer that has no published revision yet.
     *
     * @return the number of layers published (zero on a repeated run)
     */
    int load(PgTarget target, PublicControlGenerator.Options options, Path workDir) throws IOException, SQLException {
        // a few hundred features: generating them again costs less than checking, and gives the same bytes
        new PublicControlGenerator(options).generate(workDir);
        int published = 0;
        for (String code : PublicControlGenerator.LAYERS) {
            Path file = workDir.resolve(code + ".geojson");
            if (!needsPublishing(target, code, SourceFiles.sha256(file))) {
                continue;
            }
            LayerImporter.Draft draft = importer.importFile(
                    target, new LayerImporter.Request(code, file, null, null, null, null, ACTOR, null, workDir));
            if (draft.rejected() > 0) {
                // the generator and the definition disagree: a bug, not something to publish half of
                throw new IllegalStateException("the demo layer " + code + " rejected " + draft.rejected() + " of its "
                        + draft.features() + " features, first: " + draft.issues());
            }
            importer.publish(target, code, draft.revisionNumber(), ACTOR, "Published with the demo data");
            log.info("{}: published {} features as revision {}", code, draft.accepted(), draft.revisionNumber());
            published++;
        }
        return published;
    }

    /** Defines the layer when it does not exist; true when it has no published revision yet. */
    private static boolean needsPublishing(PgTarget target, String code, String sha) throws SQLException {
        try (Connection c = target.connect()) {
            define(c, code);
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT l.kind, r.source_sha256 FROM layer l
                    LEFT JOIN layer_revision r ON r.layer_id = l.id AND r.state = 'published'
                    WHERE l.code = ?
                    """)) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getString(1).equals("custom")) {
                        log.warn("layer {} is a {} layer; the demo loader leaves it as it is", code, rs.getString(1));
                        return false;
                    }
                    String published = rs.getString(2);
                    if (published != null && !published.equals(sha)) {
                        log.warn(
                                "layer {} is already published from another file; the demo loader leaves it as it is",
                                code);
                    }
                    return published == null;
                }
            }
        }
    }

    /** Inserts the definition of {@code code} from its resource unless a layer of that code exists. */
    private static void define(Connection c, String code) throws SQLException {
        JsonNode d = definition(code);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer (code, kind, title_kk, title_ru, title_en, description_kk, description_ru,
                                   description_en, geometry_type, attribute_schema, key_attribute, style, is_public)
                VALUES (?, 'custom', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
                ON CONFLICT (code) DO NOTHING
                """)) {
            ps.setString(1, code);
            ps.setString(2, d.path("titleKk").asString());
            ps.setString(3, d.path("titleRu").asString());
            ps.setString(4, d.path("titleEn").asString());
            ps.setString(5, d.path("descriptionKk").asString());
            ps.setString(6, d.path("descriptionRu").asString());
            ps.setString(7, d.path("descriptionEn").asString());
            ps.setString(8, d.path("geometryType").asString());
            ps.setString(9, JSON.writeValueAsString(d.path("attributes")));
            ps.setString(10, d.path("keyAttribute").asString());
            ps.setString(11, JSON.writeValueAsString(d.path("style")));
            ps.setBoolean(12, d.path("public").asBoolean(true));
            if (ps.executeUpdate() > 0) {
                log.info("defined the demo layer {}", code);
            }
        }
    }

    /** The definition of the demo layer {@code code}, as the definitions API takes it. */
    static JsonNode definition(String code) {
        String resource = "/demo/layers/" + code + ".json";
        try (InputStream in = DemoLayers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the importer jar has no " + resource);
            }
            JsonNode d = JSON.readTree(in);
            if (!code.equals(d.path("code").asString())) {
                throw new IllegalStateException(resource + " defines the layer " + d.path("code") + ", not " + code);
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
