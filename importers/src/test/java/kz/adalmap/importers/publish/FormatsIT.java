package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.convert;
import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 40 plots written by GDAL in every format and coordinate system land departments use,
 * each imported into its own layer: every import must give the plots of the GeoJSON original, with
 * their attributes, within 5 cm (10 cm for MapInfo TAB, whose integer coordinates are that coarse).
 */
class FormatsIT {

    private static final int PLOTS = 40;

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static Path original;

    @BeforeAll
    static void importTheOriginal() throws Exception {
        db = TestDatabases.fresh("formats");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
        original = geojson(dir.resolve("original.geojson"), plots(PLOTS));
        LayerImporter.Draft draft = importFile("original", original, null, null);
        assertThat(draft.accepted()).isEqualTo(PLOTS);
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft importFile(String layer, Path file, String srs, String sourceLayer)
            throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(
                        layer,
                        file,
                        MappingProfile.load("cadastre-export"),
                        srs,
                        null,
                        sourceLayer,
                        "editor",
                        null,
                        dir.resolve("work")));
    }

    /** The draft of {@code layer} holds the original's plots, attributes equal, geometry within 5 cm. */
    private static void sameAsOriginal(String layer, LayerImporter.Draft draft) throws SQLException {
        sameAsOriginal(layer, draft, 0.05);
    }

    private static void sameAsOriginal(String layer, LayerImporter.Draft draft, double tolerance) throws SQLException {
        assertThat(draft.accepted()).as(layer + " accepted").isEqualTo(PLOTS);
        assertThat(draft.issues())
                .as(layer + " issues")
                .noneMatch(i -> i.severity().equals("rejected"));
        String sql = """
                SELECT count(*) || ' matched, ' || coalesce(max(round(ST_HausdorffDistance(
                           ST_Transform(a.geom, 32644), ST_Transform(b.geom, 32644))::numeric, 3)), -1) || ' m'
                FROM plot_snapshot a
                JOIN plot_snapshot b ON b.plot_key = a.plot_key
                JOIN layer_revision ra ON ra.id = a.layer_revision_id JOIN layer la ON la.id = ra.layer_id
                JOIN layer_revision rb ON rb.id = b.layer_revision_id JOIN layer lb ON lb.id = rb.layer_id
                WHERE la.code = 'original' AND lb.code = '%s' AND rb.id = %d
                  AND (a.status, a.land_category, a.address, a.area_declared_ha)
                      = (b.status, b.land_category, b.address, b.area_declared_ha)
                """.formatted(layer, draft.revisionId());
        String result = query(sql);
        assertThat(result).as(layer).startsWith(PLOTS + " matched, ");
        double metres = Double.parseDouble(result.replaceAll(".*, (-?[0-9.]+) m", "$1"));
        assertThat(metres).as(layer + " largest shift, metres").isBetween(0.0, tolerance);
    }

    @Test
    void geoPackage() throws Exception {
        Path gpkg = convert(original, dir.resolve("gpkg/plots.gpkg"), "GPKG", "-nln", "uchastki");
        byte[] before = Files.readAllBytes(gpkg);
        LayerImporter.Draft draft = importFile("gpkg", gpkg, null, "uchastki");
        sameAsOriginal("gpkg", draft);
        // GDAL leaves a GeoPackage it closed out of WAL mode: nothing was left in a log
        assertThat(draft.issues())
                .noneMatch(i -> i.detail() != null
                        && "file_gpkg_wal_not_sent".equals(i.detail().get("key")));
        // read through a private name, not copied: the user's file is as it was, with nothing beside it
        assertThat(Files.readAllBytes(gpkg)).isEqualTo(before);
        try (var files = Files.list(gpkg.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("plots.gpkg");
        }
        assertThat(Files.getAttribute(gpkg, "unix:nlink"))
                .as("the private link is gone")
                .isEqualTo(1);
    }

    @Test
    void aGeoPackageLayerSavedWithoutACoordinateSystemIsSaidReadAsWgs84AndTheSystemGivenOverNothing() throws Exception {
        // QGIS's «No CRS», ogr2ogr's of a file without one: srs_id 0, which GDAL places as WGS 84
        Path gpkg =
                convert(original, dir.resolve("gpkg-nosrs/plots.gpkg"), "GPKG", "-nln", "uchastki", "-a_srs", "None");
        LayerImporter.Draft draft = importFile("gpkg-nosrs", gpkg, null, null);
        sameAsOriginal("gpkg-nosrs", draft);
        assertThat(draft.issues())
                .anyMatch(i -> "file_gpkg_no_srs_read_as_wgs84"
                                .equals(i.detail().get("key"))
                        && i.message().startsWith("the GeoPackage's layer uchastki has no coordinate system (srs_id 0")
                        && i.message().contains("read as WGS 84"));
        // given, the system is what such a layer needs, not one overruling the file's own
        LayerImporter.Draft given = importFile("gpkg-nosrs-given", gpkg, "EPSG:4284", null);
        assertThat(given.accepted()).isEqualTo(PLOTS);
        assertThat(given.issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).startsWith("file_srs_given_over_file"))
                .noneMatch(
                        i -> "file_gpkg_no_srs_read_as_wgs84".equals(i.detail().get("key")));
    }

    @Test
    void aGeoPackageWhoseLastEditsAreStillInItsLogIsReadWithThem() throws Exception {
        // as QGIS leaves it while the project is open: the edit saved, but only in plots.gpkg-wal
        Path gpkg = convert(original, dir.resolve("gpkgwal/plots.gpkg"), "GPKG", "-nln", "uchastki");
        Path log = TestFiles.withWriteAheadLog(
                gpkg, "UPDATE uchastki SET status = 'аукцион', ploshad = '0.1234' WHERE kad_nomer = '05-085-012-001'");
        byte[] file = Files.readAllBytes(gpkg);
        byte[] logged = Files.readAllBytes(log);
        LayerImporter.Draft draft = importFile("gpkgwal", gpkg, null, null);
        assertThat(draft.accepted()).isEqualTo(PLOTS);
        assertThat(draft.issues())
                .noneMatch(i -> i.detail() != null
                        && "file_gpkg_wal_not_sent".equals(i.detail().get("key")));
        assertThat(query("SELECT status || ' ' || area_declared_ha FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId() + " AND cadastral_number = '05-085-012-001'"))
                .isEqualTo("auction_scheduled 0.1234");
        // the user's files are as they were: the log not moved into the file, nothing left beside them
        assertThat(Files.readAllBytes(gpkg)).isEqualTo(file);
        assertThat(Files.readAllBytes(log)).isEqualTo(logged);
        try (var files = Files.list(gpkg.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("plots.gpkg", "plots.gpkg-wal");
        }
        assertThat(Files.getAttribute(gpkg, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void aGeoPackageCopiedWhileQgisHadItOpenWithoutItsLogIsSaidAndHeldFromPublishing() throws Exception {
        // QGIS keeps a GeoPackage in WAL mode while its project is open (the header's bytes 18 and 19
        // are 2): the edits saved are in plots.gpkg-wal until it is closed. The editor's page takes one
        // file, and the clerk sends plots.gpkg alone: the plots read are those before the edit
        Path gpkg = convert(original, dir.resolve("walonly/plots.gpkg"), "GPKG", "-nln", "uchastki");
        Files.delete(TestFiles.withWriteAheadLog(
                gpkg, "UPDATE uchastki SET status = 'аукцион' WHERE kad_nomer = '05-085-012-001'"));
        byte[] header = Files.readAllBytes(gpkg);
        assertThat(new int[] {header[18], header[19]}).containsExactly(2, 2);
        String said = "the GeoPackage plots.gpkg was copied while a program (QGIS) had it open: edits saved since"
                + " may be in plots.gpkg-wal, which was not sent; close the project in QGIS and send the file"
                + " again, or zip the .gpkg with its -wal";
        LayerImporter.Imported held = importer.importAndPublish(
                db, TestFiles.request("walonly", gpkg, MappingProfile.load("cadastre-export"), dir), "");
        assertThat(held.draft().accepted()).isEqualTo(PLOTS);
        assertThat(held.draft().issues())
                .filteredOn(i -> i.message().equals(said))
                .singleElement()
                .satisfies(i -> assertThat(i.severity()).isEqualTo("warning"))
                .satisfies(i -> assertThat(i.detail()).containsEntry("key", "file_gpkg_wal_not_sent"));
        assertThat(held.heldBackBy()).isEqualTo(LayerImporter.WAL_NOT_SENT);
        assertThat(held.published()).isNull();
        assertThat(query("SELECT count(*) FROM land_plot WHERE layer_revision_id IN (SELECT r.id FROM layer_revision r"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'walonly')"))
                .isEqualTo("0");
        // zipped alone, the same; zipped with its log, read with it and nothing said
        Path alone = TestFiles.zip(dir.resolve("walonly.zip"), List.of(gpkg));
        assertThat(importFile("walonly", alone, null, null).issues())
                .anyMatch(i -> i.message().equals(said));
        Path log = TestFiles.withWriteAheadLog(
                gpkg, "UPDATE uchastki SET status = 'аукцион' WHERE kad_nomer = '05-085-012-001'");
        LayerImporter.Draft withLog =
                importFile("walonly", TestFiles.zip(dir.resolve("withlog.zip"), List.of(gpkg, log)), null, null);
        assertThat(withLog.issues())
                .noneMatch(i -> i.detail() != null
                        && "file_gpkg_wal_not_sent".equals(i.detail().get("key")));
        assertThat(query("SELECT status FROM plot_snapshot WHERE layer_revision_id = " + withLog.revisionId()
                        + " AND cadastral_number = '05-085-012-001'"))
                .isEqualTo("auction_scheduled");
    }

    @Test
    void zippedShapefileInUtm() throws Exception {
        Path shp = convert(
                original,
                dir.resolve("utm/plots.shp"),
                "ESRI Shapefile",
                "-t_srs",
                "EPSG:32644",
                "-lco",
                "ENCODING=CP1251");
        Path zip = TestFiles.zip(dir.resolve("utm.zip"), TestFiles.shapefileParts(shp));
        LayerImporter.Draft draft = importFile("utm", zip, null, null);
        sameAsOriginal("utm", draft);
        assertThat(query("SELECT report->>'crs' FROM layer_revision WHERE id = " + draft.revisionId()))
                .contains("UTM", "44N");
    }

    @Test
    void shapefileInGaussKrugerWithTheCodeGiven() throws Exception {
        Path shp = convert(
                original,
                dir.resolve("gk/plots.shp"),
                "ESRI Shapefile",
                "-t_srs",
                "EPSG:28414",
                "-lco",
                "ENCODING=UTF-8");
        Files.delete(dir.resolve("gk/plots.prj"));
        sameAsOriginal(
                "gk",
                importFile(
                        "gk", TestFiles.zip(dir.resolve("gk.zip"), TestFiles.shapefileParts(shp)), "EPSG:28414", null));
    }

    @Test
    void geoJsonNamingItsGaussKrugerZoneAsGdalAndQgisWriteItIsReadAsWritten() throws Exception {
        // the crs member by OGC's URN, whose EPSG axes are northing first, over easting-first numbers
        Path gk = convert(original, dir.resolve("gj-gk/plots.geojson"), "GeoJSON", "-t_srs", "EPSG:28414");
        assertThat(Files.readString(gk)).contains("\"urn:ogc:def:crs:EPSG::28414\"", "[ 14");
        LayerImporter.Draft draft = importFile("gj-gk", gk, null, null);
        sameAsOriginal("gj-gk", draft);
        assertThat(draft.issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).startsWith("file_axes_swapped"));
    }

    @Test
    void geoJsonWritingNorthingFirstInTheAxisOrderOfItsCrsIsReadSo() throws Exception {
        // as a program following the EPSG order of urn:ogc:def:crs:EPSG::28414 writes it: [northing, easting]
        String eastingFirst = Files.readString(
                convert(original, dir.resolve("gj-gk-n/src.geojson"), "GeoJSON", "-t_srs", "EPSG:28414"));
        Path northingFirst = Files.writeString(dir.resolve("gj-gk-n/plots.geojson"), swapPositions(eastingFirst));
        assertThat(Files.readString(northingFirst))
                .contains("\"urn:ogc:def:crs:EPSG::28414\"")
                .doesNotContain("[ 14", "[14");
        LayerImporter.Draft draft = importFile("gj-gk-n", northingFirst, null, null);
        sameAsOriginal("gj-gk-n", draft);
        assertThat(draft.issues())
                .anyMatch(i -> "file_axes_swapped_northing".equals(i.detail().get("key"))
                        && i.message().contains("northing first")
                        && i.message().contains("Pulkovo 1942 / Gauss-Kruger zone 14"));
        // and the file as the user sent it is as it was
        assertThat(Files.readString(northingFirst)).isEqualTo(swapPositions(eastingFirst));
    }

    @Test
    void geoJsonWritingNorthingFirstIsReadSoWhenTheSystemItNamesIsGivenToo() throws Exception {
        // the editor gives the system the file's crs member already names: it is read as without it
        String eastingFirst = Files.readString(
                convert(original, dir.resolve("gj-gk-ns/src.geojson"), "GeoJSON", "-t_srs", "EPSG:28414"));
        Path northingFirst = Files.writeString(dir.resolve("gj-gk-ns/plots.geojson"), swapPositions(eastingFirst));
        LayerImporter.Draft draft = importFile("gj-gk-ns", northingFirst, "EPSG:28414", null);
        sameAsOriginal("gj-gk-ns", draft);
        assertThat(draft.issues())
                .anyMatch(i -> "file_axes_swapped_northing".equals(i.detail().get("key"))
                        && i.message().contains("Pulkovo 1942 / Gauss-Kruger zone 14"));
    }

    @Test
    void geoJsonWritingNorthingFirstUnderAnotherSystemGivenIsRefusedInAGeoJsonsWords() throws Exception {
        String eastingFirst = Files.readString(
                convert(original, dir.resolve("gj-gk-nu/src.geojson"), "GeoJSON", "-t_srs", "EPSG:28414"));
        Path northingFirst = Files.writeString(dir.resolve("gj-gk-nu/plots.geojson"), swapPositions(eastingFirst));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> importFile("gj-gk-nu", northingFirst, "EPSG:32643", null))
                .isInstanceOf(kz.adalmap.importers.source.BadSourceException.class)
                .hasMessageContaining("northing first")
                .hasMessageContaining("crs member")
                .hasMessageNotContaining("column")
                .hasMessageNotContaining("Shapefile");
    }

    @Test
    void geoJsonWritingLatitudeFirstInTheAxisOrderOfItsCrsIsReadSo() throws Exception {
        // as a program following EPSG's axis order of urn:ogc:def:crs:EPSG::4326 writes it: [latitude, longitude]
        Path latitudeFirst =
                geojson(dir.resolve("gj-latlon/plots.geojson"), plots(PLOTS), "urn:ogc:def:crs:EPSG::4326");
        Files.writeString(latitudeFirst, swapPositions(Files.readString(latitudeFirst)));
        assertThat(Files.readString(latitudeFirst)).contains("[49.9");
        LayerImporter.Draft draft = importFile("gj-latlon", latitudeFirst, null, null);
        sameAsOriginal("gj-latlon", draft);
        assertThat(draft.issues())
                .anyMatch(i -> "file_axes_swapped_latitude".equals(i.detail().get("key"))
                        && i.message().contains("latitude first")
                        && i.message().contains("WGS 84"));
    }

    @Test
    void geoJsonLinkingToItsSystemOnTheInternetIsReadByTheCodeItsAddressNames() throws Exception {
        // GeoJSON 2008's linked crs, as older scripts and web services wrote it: GDAL would fetch the
        // address while reading, and a server that cannot reach it read the metres as degrees
        Path utm = convert(original, dir.resolve("gj-link/src.geojson"), "GeoJSON", "-t_srs", "EPSG:32644");
        Path linked = Files.writeString(
                dir.resolve("gj-link/plots.geojson"),
                linkedCrs(Files.readString(utm), "http://spatialreference.org/ref/epsg/32644/proj4/"));
        LayerImporter.Draft draft = importFile("gj-link", linked, null, null);
        sameAsOriginal("gj-link", draft);
        assertThat(draft.issues())
                .anyMatch(i -> "file_crs_link_read_as_code".equals(i.detail().get("key"))
                        && i.message().contains("(http://spatialreference.org/ref/epsg/32644/proj4/)")
                        && i.message().contains("read as EPSG:32644"));
    }

    @Test
    void geoJsonLinkingToItsSystemAtAnAddressOfNoCodeIsRefusedUntilGivenAndTheAddressNeverAsked() throws Exception {
        // any address a file names, one inside the server's network too, would be asked by the server
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            asked.incrementAndGet();
            byte[] body = "+proj=utm +zone=44 +datum=WGS84 +units=m +no_defs".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        try {
            String address = "http://127.0.0.1:" + site.getAddress().getPort() + "/crs/utm44";
            Path utm = convert(original, dir.resolve("gj-link-own/src.geojson"), "GeoJSON", "-t_srs", "EPSG:32644");
            // each geometry may name its own, which GDAL asks for once a feature
            Path linked = Files.writeString(
                    dir.resolve("gj-link-own/plots.geojson"),
                    linkedCrs(Files.readString(utm), address)
                            .replace(
                                    "\"geometry\": {",
                                    "\"geometry\": {\"crs\": {\"type\": \"link\", \"properties\": {\"href\": \""
                                            + address + "/geometry\"}}, "));
            assertThat(Files.readString(linked)).contains(address + "/geometry");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> importFile("gj-link-own", linked, null, null))
                    .isInstanceOf(kz.adalmap.importers.source.BadSourceException.class)
                    .hasMessageContaining("links to its coordinate system on the internet (" + address + ")")
                    .hasMessageContaining("--srs");
            LayerImporter.Draft draft = importFile("gj-link-own", linked, "EPSG:32644", null);
            sameAsOriginal("gj-link-own", draft);
            assertThat(draft.issues())
                    .anyMatch(
                            i -> "file_crs_link_not_followed".equals(i.detail().get("key"))
                                    && i.message().contains("(" + address + ")"));
            assertThat(asked).as("requests to the address the file names").hasValue(0);
        } finally {
            site.stop(0);
        }
    }

    /** The GeoJSON text GDAL wrote with its crs member linking to {@code address}, as GeoJSON 2008 allowed. */
    private static String linkedCrs(String geojson, String address) {
        String linked = geojson.replaceFirst(
                "\"crs\": \\{[^}]*\\}[^}]*\\}",
                "\"crs\": {\"type\": \"link\", \"properties\": {\"href\": \"" + address + "\", \"type\": \"proj4\"}}");
        assertThat(linked).contains("\"link\"").doesNotContain("urn:ogc:def:crs");
        return linked;
    }

    /** The GeoJSON text with the two numbers of every position swapped. */
    private static String swapPositions(String geojson) {
        String number = "(-?[0-9][0-9.eE+-]*)";
        return geojson.replaceAll("\\[\\s*" + number + "\\s*,\\s*" + number + "\\s*\\]", "[$2, $1]");
    }

    @Test
    void coordinateSystemUnknownToProjGivenAsADefinition() throws Exception {
        // a transverse Mercator on GRS 80 as QazTRF-23 zones are defined; PROJ 9.1 has no code for them
        String definition = "+proj=tmerc +lat_0=0 +lon_0=81 +k=0.9999 +x_0=500000 +y_0=0 +ellps=GRS80"
                + " +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
        Path shp = convert(
                original,
                dir.resolve("qaz/plots.shp"),
                "ESRI Shapefile",
                "-t_srs",
                definition,
                "-lco",
                "ENCODING=UTF-8");
        Path wkt = Files.move(dir.resolve("qaz/plots.prj"), dir.resolve("qaztrf23-zone.prj"));
        Path zip = TestFiles.zip(dir.resolve("qaz.zip"), TestFiles.shapefileParts(shp));
        sameAsOriginal("qaz-proj", importFile("qaz-proj", zip, definition, null));
        sameAsOriginal("qaz-wkt", importFile("qaz-wkt", zip, wkt.toString(), null));
    }

    @Test
    void plotsAsAdalMapWritesThemAreReadBackByTheDepartmentsProfile() throws Exception {
        // the fields and codes of the API's plot features and of a layer downloaded from the map
        String features = query("""
                SELECT string_agg(json_build_object(
                           'type', 'Feature',
                           'properties', json_build_object(
                               'cadastral_number', s.cadastral_number, 'status', s.status,
                               'land_category', s.land_category, 'area_declared_ha', s.area_declared_ha,
                               'address', s.address),
                           'geometry', ST_AsGeoJSON(s.geom)::json)::text, ',')
                FROM plot_snapshot s JOIN layer_revision r ON r.id = s.layer_revision_id
                JOIN layer l ON l.id = r.layer_id WHERE l.code = 'original'
                """);
        Path file = Files.writeString(
                dir.resolve("downloaded.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
        LayerImporter.Draft draft = importFile("downloaded", file, null, null);
        assertThat(draft.issues())
                .as("each field of the file is read as the field it names")
                .noneMatch(i -> i.code().equals("missing_field")
                        && i.message()
                                .matches(
                                        "[^;]*no field for [^;]*(cadastral_number|land_category|area_declared_ha|status"
                                                + "|address).*"));
        sameAsOriginal("downloaded", draft);
    }

    @Test
    void plotsAsAdalMapWritesThemSavedAsAShapefileAreReadByTheirCutNames() throws Exception {
        // a layer downloaded from the map saved as a Shapefile by ogr2ogr: its DBF keeps 10
        // characters of each name (land_categ, area_decla, permitted_, starting_p…) and GDAL names
        // the second of intended_purpose_kk and _ru, which cut alike, intended_1; either may come first
        int quarter = 80;
        for (boolean russianFirst : List.of(true, false)) {
            int q = ++quarter;
            List<TestFiles.Feature> written = new java.util.ArrayList<>();
            int i = 0;
            for (TestFiles.Feature f : plots(3, q)) {
                i++;
                java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("cadastral_number", f.properties().get("kad_nomer"));
                p.put("area_declared_ha", 0.09);
                p.put("land_category", "settlement");
                String russian = "Для строительства жилого дома " + i;
                String kazakh = "Тұрғын үй салу үшін " + i;
                if (russianFirst) {
                    p.put("intended_purpose_ru", russian);
                    p.put("intended_purpose_kk", kazakh);
                } else {
                    p.put("intended_purpose_kk", kazakh);
                    p.put("intended_purpose_ru", russian);
                }
                p.put("permitted_use", "Ж-1");
                p.put("right_type", "private_ownership");
                p.put("divisible", i != 2);
                p.put("status", "free");
                p.put("address", "г. Усть-Каменогорск, ул. Абая, " + i);
                p.put("auction_date", "2026-12-01");
                p.put("starting_price_kzt", 1500000);
                written.add(new TestFiles.Feature(p, f.geometry()));
            }
            String name = "cut-" + (russianFirst ? "ru" : "kk");
            Path shp = convert(
                    geojson(dir.resolve(name + "/download.geojson"), written),
                    dir.resolve(name + "/shp/plots.shp"),
                    "ESRI Shapefile",
                    "-lco",
                    "ENCODING=UTF-8");
            LayerImporter.Draft draft = importFile(
                    name, TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp)), null, null);
            assertThat(draft.accepted()).as(name + ": " + draft.issues()).isEqualTo(3);
            assertThat(draft.issues())
                    .as(name)
                    .noneMatch(i2 -> i2.code().equals("missing_field"))
                    // a Latin name: no word of the Cyrillic letters a UTF-8 name keeps
                    .anyMatch(i2 -> i2.code().equals("field_name_cut")
                            && i2.message()
                                    .equals("the field 'land_categ' is read as land_category: its name looks cut to"
                                            + " the 10 letters a DBF keeps"))
                    .anyMatch(i2 -> i2.code().equals("field_name_cut")
                            && i2.message()
                                    .startsWith("the field '" + (russianFirst ? "intended_1" : "intended_p")
                                            + "' is read as intended_purpose_kk"));
            assertThat(query("SELECT string_agg(concat_ws('|', cadastral_number, area_declared_ha, land_category,"
                            + " intended_purpose_kk, intended_purpose_ru, permitted_use, right_type, divisible, status,"
                            + " address, auction_date, starting_price_kzt), ' / ' ORDER BY source_row) FROM plot_snapshot"
                            + " WHERE layer_revision_id = " + draft.revisionId()))
                    .as(name)
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 3)
                            .mapToObj(n -> String.join(
                                    "|",
                                    "05-085-0%d-00%d".formatted(q, n),
                                    "0.0900",
                                    "settlement",
                                    "Тұрғын үй салу үшін " + n,
                                    "Для строительства жилого дома " + n,
                                    "Ж-1",
                                    "private_ownership",
                                    n != 2 ? "t" : "f",
                                    "free",
                                    "г. Усть-Каменогорск, ул. Абая, " + n,
                                    "2026-12-01",
                                    "1500000.00"))
                            .collect(java.util.stream.Collectors.joining(" / ")));
        }
    }

    @Test
    void cutPurposeColumnsWhoseTextsDoNotTellTheirLanguageAreNotGuessed() throws Exception {
        // as the generator writes them, Russian first: once with the Kazakh column empty, once with
        // Russian texts in both (no Kazakh letters to tell them apart)
        int q = 70;
        for (boolean kazakhEmpty : List.of(true, false)) {
            q++;
            List<TestFiles.Feature> written = new java.util.ArrayList<>();
            int i = 0;
            for (TestFiles.Feature f : plots(3, q)) {
                i++;
                java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("cadastral_number", f.properties().get("kad_nomer"));
                p.put("land_category", "settlement");
                p.put("intended_purpose_ru", "Земли запаса " + i);
                p.put("intended_purpose_kk", kazakhEmpty ? null : "Земли запаса " + i);
                p.put("status", "free");
                written.add(new TestFiles.Feature(p, f.geometry()));
            }
            String name = "cut-untold-" + kazakhEmpty;
            Path shp = convert(
                    geojson(dir.resolve(name + "/download.geojson"), written),
                    dir.resolve(name + "/shp/plots.shp"),
                    "ESRI Shapefile",
                    "-lco",
                    "ENCODING=UTF-8");
            LayerImporter.Draft draft = importFile(
                    name, TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp)), null, null);
            assertThat(draft.accepted()).as(name + ": " + draft.issues()).isEqualTo(3);
            String purposes = query("SELECT string_agg(concat_ws('|', coalesce(intended_purpose_kk, '-'),"
                    + " coalesce(intended_purpose_ru, '-')), ' / ' ORDER BY source_row) FROM plot_snapshot"
                    + " WHERE layer_revision_id = " + draft.revisionId());
            if (kazakhEmpty) {
                // the Russian texts as Russian, never as Kazakh
                assertThat(purposes).isEqualTo("-|Земли запаса 1 / -|Земли запаса 2 / -|Земли запаса 3");
            } else {
                assertThat(purposes).isEqualTo("-|- / -|- / -|-");
                assertThat(draft.issues())
                        .anyMatch(i2 -> i2.code().equals("field_name_cut")
                                && i2.message().endsWith("it was read as neither"));
            }
        }
    }

    @Test
    void theCadastralNumberUnderTheNamesOfficesGiveIt() throws Exception {
        int n = 0;
        for (String name : List.of("КН", "Кад. номер", "Кадастровый №", "№ кадастровый")) {
            n++;
            List<TestFiles.Feature> renamed = new java.util.ArrayList<>();
            for (TestFiles.Feature f : plots(3, 60 + n)) {
                java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
                f.properties().forEach((k, v) -> p.put(k.equals("kad_nomer") ? name : k, v));
                renamed.add(new TestFiles.Feature(p, f.geometry()));
            }
            LayerImporter.Draft draft =
                    importFile("named-" + n, geojson(dir.resolve("named-" + n + ".geojson"), renamed), null, null);
            assertThat(query("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot"
                            + " WHERE layer_revision_id = " + draft.revisionId()))
                    .as(name)
                    .isEqualTo("05-085-%1$03d-001 05-085-%1$03d-002 05-085-%1$03d-003".formatted(60 + n));
        }
    }

    @Test
    void theCadastralNumberUnderANameOfTheOfficesOwnIsReadByItsValues() throws Exception {
        // «Номер ЗУ» is no name the profile knows; a contact phone has the digits of a number, not a
        // region's code
        query("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                VALUES ('630000000', '05', 'Шығыс', 'Восток', 'East', ST_Multi(ST_MakeEnvelope(80, 48, 86, 52, 4326)))
                ON CONFLICT DO NOTHING RETURNING id""");
        List<TestFiles.Feature> renamed = new java.util.ArrayList<>();
        List<TestFiles.Feature> unnumbered = new java.util.ArrayList<>();
        for (TestFiles.Feature f : plots(3, 70)) {
            java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
            java.util.Map<String, Object> q = new java.util.LinkedHashMap<>();
            f.properties().forEach((k, v) -> {
                p.put(k.equals("kad_nomer") ? "Номер ЗУ" : k, v);
                if (!k.equals("kad_nomer")) {
                    q.put(k, v);
                }
            });
            p.put("телефон", "87051234567");
            q.put("телефон", "87051234567");
            q.put("Marka_Provoda", "АС-50");
            renamed.add(new TestFiles.Feature(p, f.geometry()));
            unnumbered.add(new TestFiles.Feature(q, f.geometry()));
        }
        LayerImporter.Draft draft =
                importFile("by-values", geojson(dir.resolve("by-values.geojson"), renamed), null, null);
        assertThat(query("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("05-085-070-001 05-085-070-002 05-085-070-003");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("field_recognised")
                        && i.message().startsWith("the field 'Номер ЗУ' is read as cadastral_number"));

        LayerImporter.Draft none =
                importFile("no-numbers", geojson(dir.resolve("no-numbers.geojson"), unnumbered), null, null);
        assertThat(query("SELECT count(cadastral_number) FROM plot_snapshot WHERE layer_revision_id = "
                        + none.revisionId()))
                .as("the phone is no cadastral number")
                .isEqualTo("0");
        assertThat(none.issues())
                .anyMatch(i -> i.code().equals("no_cadastral_number")
                        && i.message().startsWith("no field of the file holds cadastral numbers")
                        // the file's fields by the names it gives them
                        && i.message().contains("Marka_Provoda"))
                .noneMatch(i -> i.code().equals("missing_field") && i.message().contains("cadastral_number"));
    }

    @Test
    void theCadastralNumberUnderANameOfTheOfficesOwnIsReadWhereTheRegionsHaveNoCodes() throws Exception {
        // the regions as ./adalmap run loads them, from the shared boundaries, which give no region
        // the code its cadastral numbers begin with: a number written in its groups is one, a phone
        // number is not
        PgTarget loaded = TestDatabases.fresh("formats_regions");
        loaded.migrate();
        String shared = System.getenv("ADALMAP_SHARED_DATA");
        new kz.adalmap.importers.boundary.BoundaryLoader(new kz.adalmap.importers.gdal.Ogr2Ogr())
                .load(loaded, Path.of(shared == null || shared.isBlank() ? "../../shared/data" : shared, "kz-admin"));
        try (Connection c = loaded.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(cadastral_code) FROM region")) {
            rs.next();
            assertThat(rs.getLong(1) + " regions, " + rs.getLong(2) + " with codes")
                    .isEqualTo("20 regions, 0 with codes");
        }
        List<TestFiles.Feature> renamed = new java.util.ArrayList<>();
        List<TestFiles.Feature> unnumbered = new java.util.ArrayList<>();
        for (TestFiles.Feature f : plots(3, 90)) {
            java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
            java.util.Map<String, Object> q = new java.util.LinkedHashMap<>();
            f.properties().forEach((k, v) -> {
                p.put(k.equals("kad_nomer") ? "nomer_uch" : k, v);
                if (!k.equals("kad_nomer")) {
                    q.put(k, v);
                }
            });
            p.put("телефон", "87051234567");
            q.put("телефон", "87051234567");
            renamed.add(new TestFiles.Feature(p, f.geometry()));
            unnumbered.add(new TestFiles.Feature(q, f.geometry()));
        }
        LayerImporter.Draft draft = importer.importFile(
                loaded,
                TestFiles.request(
                        "own-name",
                        geojson(dir.resolve("own-name.geojson"), renamed),
                        MappingProfile.load("cadastre-export"),
                        dir));
        LayerImporter.Draft none = importer.importFile(
                loaded,
                TestFiles.request(
                        "own-name-phones",
                        geojson(dir.resolve("own-name-phones.geojson"), unnumbered),
                        MappingProfile.load("cadastre-export"),
                        dir));
        try (Connection c = loaded.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT layer_revision_id, string_agg(cadastral_number, ' ' ORDER BY"
                        + " source_row) FROM plot_snapshot GROUP BY layer_revision_id ORDER BY layer_revision_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(draft.revisionId());
            assertThat(rs.getString(2)).isEqualTo("05-085-090-001 05-085-090-002 05-085-090-003");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(none.revisionId());
            assertThat(rs.getString(2)).as("the phone is no cadastral number").isNull();
        }
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("field_recognised")
                        && i.message().startsWith("the field 'nomer_uch' is read as cadastral_number"));
        assertThat(none.issues()).anyMatch(i -> i.code().equals("no_cadastral_number"));
        IssueDetails.assertWorded(loaded);
    }

    @Test
    void kml() throws Exception {
        Path kml = convert(original, dir.resolve("kml/plots.kml"), "KML");
        sameAsOriginal("kml", importFile("kml", kml, null, null));
    }

    @Test
    void kmz() throws Exception {
        Path kmz = convert(original, dir.resolve("kmz/plots.kmz"), "LIBKML");
        sameAsOriginal("kmz", importFile("kmz", kmz, null, null));
    }

    @Test
    void mapInfoTab() throws Exception {
        Path tab = convert(original, dir.resolve("tab/plots.tab"), "MapInfo File", "-lco", "ENCODING=CP1251");
        List<Path> parts;
        try (var files = Files.list(tab.getParent())) {
            parts = files.toList();
        }
        // MapInfo keeps coordinates as integers over the layer's bounds: for the whole world, about 5 cm
        sameAsOriginal("tab", importFile("tab", TestFiles.zip(dir.resolve("tab.zip"), parts), null, null), 0.1);
    }

    @Test
    void mapInfoMifMid() throws Exception {
        Path mif = convert(
                original,
                dir.resolve("mif/plots.mif"),
                "MapInfo File",
                "-dsco",
                "FORMAT=MIF",
                "-lco",
                "ENCODING=CP1251");
        List<Path> parts;
        try (var files = Files.list(mif.getParent())) {
            parts = files.toList();
        }
        sameAsOriginal("mif", importFile("mif", TestFiles.zip(dir.resolve("mif.zip"), parts), null, null));
    }

    @Test
    void csvWithWkt() throws Exception {
        Path csv = convert(original, dir.resolve("csv/plots.csv"), "CSV", "-lco", "GEOMETRY=AS_WKT");
        sameAsOriginal("csv", importFile("csv", csv, null, null));
    }

    @Test
    void elevenDigitNumbersWhoseLeadingZeroASpreadsheetDroppedAreReadWithItWhereThePlotLiesInItsRegion()
            throws Exception {
        // Excel's General format made a number of «050859810002» and dropped its 0: region 50 is no
        // region's, and the plot lies in the one whose numbers begin with 05; «70…» names region 07,
        // which has no boundary here, and «05085981004», 11 digits of region 05, is a number as written
        query("""
                INSERT INTO region (kato_code, cadastral_code, name_kk, name_ru, name_en, geom)
                VALUES ('630000000', '05', 'Шығыс', 'Восток', 'East', ST_Multi(ST_MakeEnvelope(80, 48, 86, 52, 4326)))
                ON CONFLICT DO NOTHING RETURNING id""");
        Path csv = Files.writeString(dir.resolve("lost-zero.csv"), """
                kad_nomer;status;kategor;wkt
                50859810002;свободен;Земли населенных пунктов;"POLYGON ((82.64 49.96,82.6407 49.96,82.6407 49.96045,82.64 49.96))"
                70859810003;свободен;Земли населенных пунктов;"POLYGON ((82.65 49.96,82.6507 49.96,82.6507 49.96045,82.65 49.96))"
                05085981004;свободен;Земли населенных пунктов;"POLYGON ((82.66 49.96,82.6607 49.96,82.6607 49.96045,82.66 49.96))"
                """);
        LayerImporter.Draft draft = importFile("csv-lost-zero", csv, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(query("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("05-085-981-0002 70-859-810-003 05-085-981-004");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("cadastral_number_lost_zero"))
                .extracting(LayerImporter.Issue::message)
                .containsExactly(
                        "the cadastral number '50859810002' has 11 digits, and no region's numbers begin with 50: a"
                                + " spreadsheet dropped its leading 0 (a column of the General format). The plot lies"
                                + " in the region whose numbers begin with 05, so it was read as 05-085-981-0002;"
                                + " format the column as text so that the 0 is kept",
                        "the cadastral number '70859810003' has 11 digits, and no region's numbers begin with 70: a"
                                + " spreadsheet has probably dropped its leading 0 (a column of the General format),"
                                + " and the number is 07-085-981-0003. It was imported as 70-859-810-003; format the"
                                + " column as text and type the number again, or add the 0");
    }

    @Test
    void heightsOfACsvFilesWktAreSaidLeftOut() throws Exception {
        // a geometry of any type, as GDAL types a CSV's column of WKT: one plot with heights, one without
        Path csv = Files.writeString(dir.resolve("heights.csv"), """
                kad_nomer,status,kategor,wkt
                05-085-018-001,свободен,Земли населенных пунктов,"POLYGON Z ((82.64 49.96 300,82.6407 49.96 300,82.6407 49.96045 301,82.64 49.96 300))"
                05-085-018-002,свободен,Земли населенных пунктов,"POLYGON ((82.65 49.96,82.6507 49.96,82.6507 49.96045,82.65 49.96))"
                """);
        LayerImporter.Draft draft = importFile("csv-heights", csv, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues().stream().map(LayerImporter.Issue::message))
                .contains("1 features of the file carry heights (Z), which were left out: plots and networks are kept"
                        + " on the map in 2-D");
        assertThat(query("SELECT string_agg(ST_NDims(geom)::text, ' ') FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("2 2");
    }

    @Test
    void geoJsonPropertiesHoldingAGroupOfValuesAreSaidAndLeftEmptyTheOtherFeaturesReadAsWritten() throws Exception {
        // a list in one feature (as a script writes a cell of one value) and an object for an address
        // (as a web form or NextGIS writes a structured one)
        String[] lines = Files.readString(geojson(dir.resolve("grouped-src.geojson"), plots(4, 71)))
                .split("\n");
        lines[1] = lines[1].replace("\"kad_nomer\":\"05-085-071-001\"", "\"kad_nomer\":[\"05-085-071-001\"]");
        lines[2] = lines[2].replace("\"status\":\"предоставлен\"", "\"status\":[\"предоставлен\"]");
        lines[3] = lines[3].replaceFirst("\"adres\":\"[^\"]*\"", "\"adres\":{\"street\": \"Абая\", \"house\": \"10\"}");
        Path file = Files.writeString(dir.resolve("grouped.geojson"), String.join("\n", lines));
        LayerImporter.Draft draft = importFile("geojson-grouped", file, null, null);
        // the features of one value each are read as written, not as {05-085-071-003}
        assertThat(query("SELECT string_agg(source_row || ':' || coalesce(cadastral_number, '-') || ':'"
                        + " || coalesce(address, '-'), ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId() + " AND source_row IN (1, 3, 4)"))
                .matches("1:-:г\\. Усть-Каменогорск.* 3:05-085-071-003:- 4:05-085-071-004:г\\. Усть-Каменогорск.*");
        assertThat(draft.issues())
                .noneMatch(i -> i.message().contains("{05-085") || i.message().contains("{предоставлен"))
                .anyMatch(
                        i -> Long.valueOf(1).equals(i.row())
                                && "value_grouped".equals(i.code())
                                && i.message()
                                        .equals(
                                                "the property 'kad_nomer' holds a group of values, not one value"
                                                        + " ([\"05-085-071-001\"]); it was read as empty: write the one value it stands for"))
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && "value_grouped".equals(i.code())
                        && i.message().contains("'status'"))
                .anyMatch(i -> Long.valueOf(3).equals(i.row())
                        && "value_grouped".equals(i.code())
                        && i.message().contains("({\"street\":\"Абая\",\"house\":\"10\"})"));
    }

    @Test
    void aGeoJsonFeaturesOwnIdBesidePropertiesHoldingAnIdIsKeptUnderANameOfItsOwn() throws Exception {
        // as geopandas writes a frame with an id column (its index as the feature's id) and as OpenLayers
        // writes the feature's id after its properties; a numeric id GDAL took for the feature's number
        String[] lines = Files.readString(geojson(dir.resolve("own-ids-src.geojson"), plots(5, 91)))
                .split("\n");
        lines[1] = lines[1].replace(
                "{\"type\":\"Feature\",\"properties\":{",
                "{\"type\":\"Feature\",\"id\":\"05-085-012-345\",\"properties\":{\"id\":7,");
        lines[2] = lines[2].replace(
                        "{\"type\":\"Feature\",\"properties\":{", "{\"type\":\"Feature\",\"properties\":{\"id\":8,")
                .replaceFirst("}(,?)$", ",\"id\":\"plot/17\"}$1");
        lines[3] = lines[3].replace(
                "{\"type\":\"Feature\",\"properties\":{", "{\"type\":\"Feature\",\"id\":42,\"properties\":{\"id\":9,");
        // a property of the next name taken: the feature's id gets the one after
        lines[4] = lines[4].replace(
                "{\"type\":\"Feature\",\"properties\":{",
                "{\"type\":\"Feature\",\"id\":\"k-4\",\"properties\":{\"ID_2\":\"x\",");
        // the fifth feature has no id of its own: its properties stay its own
        Path file = Files.writeString(dir.resolve("own-ids.geojson"), String.join("\n", lines));
        assertThat(Files.readString(file)).contains("\"id\":\"plot/17\"}", "\"id\":42,");
        LayerImporter.Draft draft = importFile("geojson-own-ids", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(source_row || ':' || coalesce(extra ->> 'id', '-') || ':'"
                        + " || coalesce(extra ->> 'id_3', '-') || ':' || cadastral_number, ' ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("1:7:05-085-012-345:05-085-091-001 2:8:plot/17:05-085-091-002 3:9:42:05-085-091-003"
                        + " 4:-:k-4:05-085-091-004 5:-:-:05-085-091-005");
        assertThat(draft.issues())
                .anyMatch(i -> "file_geojson_id_renamed".equals(i.detail().get("key"))
                        && i.message()
                                .equals("the file's features have ids of their own beside their properties (4),"
                                        + " and the properties of some hold an 'id' too: the features' own ids were kept in"
                                        + " the field 'id_3', the properties' ones under 'id'"));
    }

    @Test
    void aGeoJsonFeaturesOwnIdWrittenAsANumberIsKeptAsIdAndItsRowsAreNumberedByTheirOrder() throws Exception {
        // as OpenLayers writes a feature's id, and GDAL copies it: GDAL takes them for the features' numbers
        // and reads no field of them
        String[] lines = Files.readString(geojson(dir.resolve("number-ids-src.geojson"), plots(4, 93)))
                .split("\n");
        String[] ids = {"30", "10", "20", "7000000001"};
        for (int i = 0; i < ids.length; i++) {
            lines[i + 1] =
                    lines[i + 1].replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":" + ids[i] + ",");
        }
        // the second feature, of id 10, has coordinates that are not numbers
        lines[2] = lines[2].replaceFirst("\\[\\[\\[[0-9.]+,", "[[[NaN,");
        Path file = Files.writeString(dir.resolve("number-ids.geojson"), String.join("\n", lines));
        assertThat(Files.readString(file)).contains("\"id\":10,", "[[[NaN,");
        LayerImporter.Draft draft = importFile("geojson-number-ids", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        String read = "SELECT string_agg(source_row || ':' || jsonb_typeof(extra -> 'id') || ':' || (extra ->> 'id')"
                + " || ':' || cadastral_number, ' ' ORDER BY source_row) FROM plot_snapshot WHERE layer_revision_id = ";
        assertThat(query(read + draft.revisionId()))
                .isEqualTo("1:number:30:05-085-093-001 3:number:20:05-085-093-003 4:number:7000000001:05-085-093-004");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.row() + " " + i.code())
                .containsExactly("2 bad_coordinates");
        assertThat(draft.issues())
                .noneMatch(i -> "file_geojson_id_renamed".equals(i.detail().get("key")));
        // one id written as text, after numbers (GDAL loses it, and reads the numbers as the features'
        // numbers): all kept as text, as GDAL reads a file whose first id is text
        Path mixed = Files.writeString(
                dir.resolve("mixed-ids.geojson"), String.join("\n", lines).replace("\"id\":20,", "\"id\":\"k-20\","));
        LayerImporter.Draft text = importFile("geojson-mixed-ids", mixed, null, null);
        assertThat(text.accepted()).as(text.issues().toString()).isEqualTo(3);
        assertThat(query(read + text.revisionId()))
                .isEqualTo("1:string:30:05-085-093-001 3:string:k-20:05-085-093-003"
                        + " 4:string:7000000001:05-085-093-004");
        assertThat(text.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.row() + " " + i.code())
                .containsExactly("2 bad_coordinates");
    }

    @Test
    void aGeoJsonOfOneFeatureKeepsItsOwnIdAsACollectionsFeaturesDo() throws Exception {
        // a file that is one feature, not a collection, as a web map's "save this plot" writes it, its type
        // after its id and properties: GDAL takes a numeric id for the feature's number and reads no field
        String feature = Files.readString(geojson(dir.resolve("one-feature-src.geojson"), plots(1, 96)))
                .split("\n")[1]
                .replace("{\"type\":\"Feature\",", "{\"id\":17,")
                .replaceFirst("}$", ",\"type\":\"Feature\"}");
        Path file = Files.writeString(dir.resolve("one-feature.geojson"), feature);
        assertThat(Files.readString(file))
                .startsWith("{\"id\":17,\"properties\":{")
                .endsWith("\"type\":\"Feature\"}");
        LayerImporter.Draft number = importFile("geojson-one-feature", file, null, null);
        assertThat(number.accepted()).as(number.issues().toString()).isEqualTo(1);
        String read =
                "SELECT string_agg(source_row || ':' || coalesce(jsonb_typeof(extra -> 'id') || ':' || (extra ->> 'id'),"
                        + " '-') || ':' || coalesce(extra ->> 'id_2', '-') || ':' || cadastral_number, ' ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = ";
        assertThat(query(read + number.revisionId())).isEqualTo("1:number:17:-:05-085-096-001");
        // its properties hold an id too, which GDAL reads instead of the feature's own
        Path hidden = Files.writeString(
                dir.resolve("one-feature-hidden.geojson"),
                feature.replace("{\"id\":17,\"properties\":{", "{\"id\":\"k-17\",\"properties\":{\"id\":5,"));
        LayerImporter.Draft renamed = importFile("geojson-one-feature-hidden", hidden, null, null);
        assertThat(renamed.accepted()).as(renamed.issues().toString()).isEqualTo(1);
        assertThat(query(read + renamed.revisionId())).isEqualTo("1:number:5:k-17:05-085-096-001");
        assertThat(renamed.issues())
                .anyMatch(i -> "file_geojson_id_renamed".equals(i.detail().get("key")));
    }

    @Test
    void aGeoJsonFeaturesOwnIdsOfNoNumberAreKeptAsGdalReadsThem() throws Exception {
        // null, true and an object among text ids, and a number, which makes the importer move them all:
        // as GDAL reads such ids of a file of no numeric one (none for null, the others as text)
        String[] lines = Files.readString(geojson(dir.resolve("odd-ids-src.geojson"), plots(5, 97)))
                .split("\n");
        String[] ids = {"null", "true", "{\"k\":1}", "\"A-4\"", "5"};
        for (int i = 0; i < ids.length; i++) {
            lines[i + 1] =
                    lines[i + 1].replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":" + ids[i] + ",");
        }
        Path file = Files.writeString(dir.resolve("odd-ids.geojson"), String.join("\n", lines));
        assertThat(Files.readString(file)).contains("\"id\":null,", "\"id\":{\"k\":1},");
        // GDAL's own reading of the ids, of the file with the number written as text: no id is a number,
        // and GDAL keeps them all as a field
        Path asText = Files.writeString(
                dir.resolve("odd-ids-text.geojson"), String.join("\n", lines).replace("\"id\":5,", "\"id\":\"5\","));
        List<String> gdalReads = TestFiles.gdal(
                        "ogrinfo",
                        "-q",
                        asText.toString(),
                        "-dialect",
                        "SQLite",
                        "-sql",
                        "SELECT coalesce(id, '-') AS own_id FROM \"odd-ids-text\"")
                .lines()
                .filter(line -> line.startsWith(OWN_ID_READ))
                .map(line -> line.substring(OWN_ID_READ.length()))
                .toList();
        assertThat(gdalReads).hasSize(5).contains("-", "5");
        LayerImporter.Draft draft = importFile("geojson-odd-ids", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query(
                        "SELECT string_agg(source_row || ':' || coalesce(extra ->> 'id', '-'), ' ' ORDER BY source_row)"
                                + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo(java.util.stream.IntStream.range(0, gdalReads.size())
                        .mapToObj(i -> (i + 1) + ":" + gdalReads.get(i))
                        .collect(java.util.stream.Collectors.joining(" ")));
    }

    /** How ogrinfo prints each feature's {@code own_id}, before its value. */
    private static final String OWN_ID_READ = "  own_id (String) = ";

    /**
     * A GeoJSON {@code name}.geojson of three plots of {@code quarter} that names its crs twice and holds
     * numbers JSON has no words for, as GDAL reads them: the first plot's properties {@code nan} and
     * {@code infinity}, the second's coordinates {@code nan} and {@code nanAgain}, the third's properties
     * {@code minusInfinity} (and the text "nan").
     */
    private Path lostNumbers(
            String name, int quarter, String nan, String nanAgain, String infinity, String minusInfinity)
            throws Exception {
        String[] lines = Files.readString(geojson(dir.resolve(name + "-src.geojson"), plots(3, quarter), "EPSG:4326"))
                .split("\n");
        lines[0] = lines[0].replace(
                "\"features\"", "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4326\"}},\"features\"");
        lines[1] =
                lines[1].replace("\"properties\":{", "\"properties\":{\"ves\":" + nan + ",\"dolya\":" + infinity + ",");
        lines[2] = lines[2].replaceFirst("\\[\\[\\[[0-9.]+,", "[[[" + nan + ",")
                .replaceFirst("(\\],\\[)[0-9.]+(,[0-9.]+\\]\\]\\])", "$1" + nanAgain + "$2");
        lines[3] =
                lines[3].replace("\"properties\":{", "\"properties\":{\"ves\":" + minusInfinity + ",\"note\":\"nan\",");
        return Files.writeString(dir.resolve(name + ".geojson"), String.join("\n", lines));
    }

    /** That a draft of a file {@link #lostNumbers} made holds its numbers as GDAL reads them. */
    private static void assertReadAsGdalReadsIt(LayerImporter.Draft draft) throws Exception {
        assertThat(query("SELECT string_agg(source_row || ':' || (extra ->> 'ves'), ' ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("1:NaN 3:-Infinity");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.row() + " " + i.code())
                .containsExactly("2 bad_coordinates");
    }

    @Test
    void aGeoJsonOfNotANumberAndInfinityInSmallLettersIsReadAsTheCapitalisedOnes() throws Exception {
        // GDAL's reader takes nan, infinity and -infinity in any letters; the crs member twice, which the
        // importer's own reader reads the whole file for
        Path file = lostNumbers("nan-small", 94, "nan", "NAN", "infinity", "-infinity");
        assertThat(Files.readString(file)).contains("[[[nan,", "[NAN,49.95000000]]]", "\"ves\":-infinity");
        assertReadAsGdalReadsIt(importFile("geojson-nan-small", file, null, null));
        // latitude first, its crs member after the features: found past them, and the axes swapped
        String latitudeFirst = swapPositions(
                        Files.readString(geojson(dir.resolve("nan-small-latlon-src.geojson"), plots(3, 95))))
                .replace("\"properties\":{", "\"properties\":{\"ves\":nan,")
                .replaceFirst(
                        "\\]}$",
                        "],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":" + "\"urn:ogc:def:crs:EPSG::4326\"}}}");
        Path swapped = Files.writeString(dir.resolve("nan-small-latlon.geojson"), latitudeFirst);
        assertThat(Files.readString(swapped)).contains("[49.9", "\"ves\":nan,").endsWith("4326\"}}}");
        LayerImporter.Draft read = importFile("geojson-nan-small-latlon", swapped, null, null);
        assertThat(read.accepted()).as(read.issues().toString()).isEqualTo(3);
        assertThat(read.issues())
                .anyMatch(i -> "file_axes_swapped_latitude".equals(i.detail().get("key")));
    }

    @Test
    void aGeoJsonOfNotANumberAndInfinityNamingItsCrsTwiceIsReadAsGdalReadsIt() throws Exception {
        // as Python's json module writes a lost number; the crs member twice, as a script that adds one to
        // a file that had one writes it
        Path file = lostNumbers("nan", 92, "NaN", "NaN", "Infinity", "-Infinity");
        assertThat(Files.readString(file)).contains("[[[NaN,", "[NaN,49.95000000]]]", "\"ves\":-Infinity");
        assertReadAsGdalReadsIt(importFile("geojson-nan", file, null, null));
        String text = Files.readString(file);
        // a crs linking to its system, of a file holding NaN: read by the code its address names
        Path linked = Files.writeString(
                dir.resolve("nan-link.geojson"),
                text.replaceFirst(
                        "\"crs\":\\{[^}]*\\}[^}]*\\}",
                        "\"crs\":{\"type\":\"link\",\"properties\":{\"href\":"
                                + "\"http://spatialreference.org/ref/epsg/4326/\"}}"));
        LayerImporter.Draft read = importFile("geojson-nan-link", linked, null, null);
        assertThat(read.accepted()).as(read.issues().toString()).isEqualTo(2);
        assertThat(read.issues())
                .anyMatch(i -> "file_crs_link_read_as_code".equals(i.detail().get("key")));
        // a file broken in the middle is still refused as no GeoJSON
        Path broken = Files.writeString(dir.resolve("nan-broken.geojson"), text.replace("NaN,", "NaN,,"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importFile("geojson-nan-broken", broken, null, null))
                .isInstanceOf(kz.adalmap.importers.source.BadSourceException.class)
                .hasMessageContaining("the file is no GeoJSON that can be read to its end");
    }

    @Test
    void signsOfATextNoOneSeesAreRemovedFromEachFieldAndSaidOnTheirRow() throws Exception {
        // as a text copied from a web page or a chat brings them, escaped as any JSON writer escapes them:
        // a right-to-left override (the card would read «тестинг»), zero-width signs, controls
        List<TestFiles.Feature> f = new ArrayList<>(plots(4, 73));
        f.set(0, f.get(0).with("adres", "@BIDI@"));
        f.set(1, f.get(1).with("adres", "@ZW@"));
        f.set(2, f.get(2).with("primech", "@CTRL@"));
        Path file = Files.writeString(
                dir.resolve("unseen.geojson"),
                Files.readString(geojson(dir.resolve("unseen-src.geojson"), f))
                        .replace("@BIDI@", "Абая 10 \\u202eгнитсет\\u202c конец")
                        .replace("@ZW@", "\\ufeffҚа\\u200bзақ\\u200d \\u2066x\\u2069")
                        .replace("@CTRL@", "a\\u0001b\\u0007c\\u001bd\\u001fe\\u007ff\\tg\\nh"));
        LayerImporter.Draft draft = importFile("geojson-unseen", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(query("SELECT string_agg(source_row || ':' || address, ' | ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId() + " AND source_row <= 2"))
                .isEqualTo("1:Абая 10 гнитсет конец | 2:Қазақ x");
        // a field kept in the feature's extra as well; the tab and the line break are text
        assertThat(query("SELECT extra ->> 'primech' FROM plot_snapshot WHERE source_row = 3 AND layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("abcdef\tg\nh");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().startsWith("text_"))
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code() + ": " + i.message())
                .containsExactly(
                        "1 warning text_direction_sign: the field 'adres' holds the invisible sign of writing"
                                + " direction U+202E, which turns the text after it around on a plot's card: it was"
                                + " removed, with every sign of the text no one sees (U+202E, U+202C), and the text"
                                + " reads 'Абая 10 гнитсет конец'",
                        "2 warning text_direction_sign: the field 'adres' holds the invisible sign of writing"
                                + " direction U+2066, which turns the text after it around on a plot's card: it was"
                                + " removed, with every sign of the text no one sees (U+FEFF, U+200B, U+200D, U+2066,"
                                + " U+2069), and the text reads 'Қазақ x'",
                        "3 warning text_invisible_sign: the field 'primech' holds signs no one sees (U+0001, U+0007,"
                                + " U+001B, U+001F, U+007F: zero-width signs or control characters): they were removed,"
                                + " and the text reads 'abcdef\tg\nh'");
    }

    @Test
    void aDeclaredAreaPastTheRangeOfADoubleIsLeftEmptyOnItsRowAsAPriceIs() throws Exception {
        // a CSV file as a Russian Excel saves it: one area a typing mistake past 1.8e308 in each form
        String square = "\"POLYGON((%1$s 49.94,%2$s 49.94,%2$s 49.9408,%1$s 49.9408,%1$s 49.94))\"";
        StringBuilder csv = new StringBuilder("wkt;kad_nomer;status;kategor;ploshad;cena;adres\n");
        String[] areas = {"0,51", "1E+309", "1e400", "1" + "0".repeat(309), "1e400"};
        for (int i = 0; i < areas.length; i++) {
            csv.append(String.format(
                    java.util.Locale.ROOT,
                    square + ";05-085-076-%3$03d;свободен;Земли населенных пунктов;%4$s;%5$s;Абая %3$d\n",
                    82.63 + i * 0.0015,
                    82.6308 + i * 0.0015,
                    i + 1,
                    areas[i],
                    i == 4 ? "1e400" : "1000"));
        }
        Path file = Files.writeString(dir.resolve("huge-area.csv"), csv);
        LayerImporter.Draft draft = importFile("csv-huge-area", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(query("SELECT string_agg(source_row || ':' || coalesce(area_declared_ha::text, '-') || ':'"
                        + " || coalesce(starting_price_kzt::text, '-'), ' ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("1:0.5100:1000.00 2:-:1000.00 3:-:1000.00 4:-:1000.00 5:-:-");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("bad_number"))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly(
                        "2 the declared area '1E+309' is too large: the layer keeps at most 9999999999.9999 ha;"
                                + " check its unit; it was left empty",
                        "3 the declared area '1e400' is too large: the layer keeps at most 9999999999.9999 ha;"
                                + " check its unit; it was left empty",
                        "4 the declared area '1" + "0".repeat(309) + "' is too large: the layer keeps at most"
                                + " 9999999999.9999 ha; check its unit; it was left empty",
                        "5 the declared area '1e400' is too large: the layer keeps at most 9999999999.9999 ha;"
                                + " check its unit; it was left empty",
                        "5 the starting price '1e400' is too large: the layer keeps at most 99999999999999.99 ₸; it"
                                + " was left empty");
    }

    @Test
    void aCsvRowWhoseWktIsOfInfiniteCoordinatesIsRejectedOnItsLineTheOthersRead() throws Exception {
        // -inf as a script writes a lost number, 1e400 past a double's range: GDAL reads both as infinite
        String plot = "\"POLYGON((%1$s 49.94,%2$s 49.94,%2$s 49.9408,%1$s 49.9408,%1$s 49.94))\";05-085-077-%3$03d;"
                + "свободен;Земли населенных пунктов;0,51;Абая %3$d\n";
        String csv = "wkt;kad_nomer;status;kategor;ploshad;adres\n"
                + plot.formatted("82.63", "82.6308", 1)
                + plot.formatted("-inf", "82.6323", 2)
                + plot.formatted("82.633", "1e400", 3)
                + plot.formatted("82.6345", "82.6353", 4)
                // a point of no number in either coordinate
                + "\"POLYGON((-inf -inf,82.6368 49.94,82.6368 49.9408,82.636 49.9408,-inf -inf))\";05-085-077-005;"
                + "свободен;Земли населенных пунктов;0,51;Абая 5\n";
        Path file = Files.writeString(dir.resolve("infinite-wkt.csv"), csv);
        LayerImporter.Draft draft = importFile("csv-infinite-wkt", file, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(query("SELECT string_agg(source_row || ':' || cadastral_number, ' ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("1:05-085-077-001 4:05-085-077-004");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.row() + " " + i.fileRow() + " " + i.code() + ": " + i.message())
                .containsExactly(
                        "2 3 bad_coordinates: the coordinates are not usable longitude/latitude (x -Infinity to"
                                + " 82.6323, y 49.94 to 49.9408)",
                        "3 4 bad_coordinates: the coordinates are not usable longitude/latitude (x 82.633 to"
                                + " Infinity, y 49.94 to 49.9408)",
                        "5 6 bad_coordinates: the coordinates are not usable longitude/latitude (x -Infinity to"
                                + " 82.6368, y -Infinity to 49.9408)");
    }

    @Test
    void fieldsWhoseNamesAreLongerThanAColumnsAreNamedInTheReportAsTheFileNamesThem() throws Exception {
        // two spreadsheet headers sharing their first 63 bytes (31 Cyrillic letters), which PostgreSQL
        // keeps of a column's name
        String a = "Целевое назначение земельного участка по данным государственного кадастра";
        String b = "Целевое назначение земельного участка по данным акимата района";
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3, 78)) {
            int n = f.size() + 1;
            f.add(plot.with(a, "по ГКН " + n).with(b, "по акимату " + n));
        }
        LayerImporter.Draft draft =
                importFile("geojson-long-names", geojson(dir.resolve("long-names.geojson"), f), null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(query("SELECT string_agg(intended_purpose_ru || ' / ' || (extra ->> '" + b + "'), ' | '"
                        + " ORDER BY source_row) FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("по ГКН 1 / по акимату 1 | по ГКН 2 / по акимату 2 | по ГКН 3 / по акимату 3");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("field_ambiguous"))
                .extracting(LayerImporter.Issue::message)
                .singleElement()
                .asString()
                .startsWith("2 fields could hold intended_purpose_ru: '" + a + "', '" + b + "'; '" + a + "' was read")
                .endsWith("name the field to read in a profile of your own if '" + a + "' is not the right one");
    }

    @Test
    void aReimportRemovesTheUnseenSignsOfTheRowsThatDifferAndCarriesTheOthersNotes() throws Exception {
        // published with a right-to-left override in row 1; the next file changes row 3's address, which
        // now begins with a zero-width space, and leaves row 1 as it was
        List<TestFiles.Feature> first = new ArrayList<>(plots(4, 74));
        first.set(0, first.get(0).with("adres", "@BIDI@"));
        List<TestFiles.Feature> second = new ArrayList<>(first);
        second.set(2, second.get(2).with("adres", "@ZW@"));
        java.util.function.BiFunction<String, List<TestFiles.Feature>, Path> write = (name, features) -> {
            try {
                return Files.writeString(
                        dir.resolve(name + ".geojson"),
                        Files.readString(geojson(dir.resolve(name + "-src.geojson"), features))
                                .replace("@BIDI@", "Абая 10 \\u202eгнитсет\\u202c конец")
                                .replace("@ZW@", "\\u200bНовая 5"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        LayerImporter.Draft published = importFile("geojson-unseen-again", write.apply("unseen-1", first), null, null);
        importer.publish(db, "geojson-unseen-again", published.revisionNumber(), "editor", null);
        LayerImporter.Draft draft = importFile("geojson-unseen-again", write.apply("unseen-2", second), null, null);
        assertThat(draft.comparedWith()).as("compared with the published file").isNotNull();
        assertThat(draft.diff().changed()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().startsWith("text_"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.message().replaceFirst(".*the text reads ", ""))
                .containsExactly("1 text_direction_sign 'Абая 10 гнитсет конец'", "3 text_invisible_sign 'Новая 5'");
        importer.publish(db, "geojson-unseen-again", draft.revisionNumber(), "editor", null);
        assertThat(
                        query(
                                "SELECT string_agg(p.address, ' | ' ORDER BY p.source_row) FROM land_plot p"
                                        + " JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id"
                                        + " WHERE l.code = 'geojson-unseen-again' AND p.retired_revision_id IS NULL AND p.source_row IN (1, 3)"))
                .isEqualTo("Абая 10 гнитсет конец | Новая 5");
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
