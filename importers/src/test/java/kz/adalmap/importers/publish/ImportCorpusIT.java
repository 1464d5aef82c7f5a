package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.convert;
import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.gdal.GdalException;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken, hostile and awkward files, each made here as a real file (by GDAL's writers or byte by
 * byte), imported into a layer that already has a published revision. A file that cannot be read
 * stops with a message naming the problem and leaves the database exactly as it was; a file with
 * bad features becomes a draft whose report names each one, and the public layer does not change.
 */
class ImportCorpusIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile profile;
    private static String publishedBefore;
    private String stateBefore;

    @BeforeAll
    static void publishABaseline() throws Exception {
        db = TestDatabases.fresh("import_corpus");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        profile = MappingProfile.load("cadastre-export");
        Files.createDirectories(dir.resolve("work"));
        Path baseline = geojson(dir.resolve("baseline.geojson"), plots(20));
        LayerImporter.Draft draft = importer.importFile(db, request(baseline, null, null));
        importer.publish(db, "plots-oskemen", draft.revisionNumber(), "editor", null);
        publishedBefore = published();
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    @BeforeEach
    void rememberState() throws SQLException {
        stateBefore = state();
    }

    static LayerImporter.Request request(Path file, String srs, String encoding) {
        return request(file, srs, encoding, null);
    }

    static LayerImporter.Request request(Path file, String srs, String encoding, String sourceLayer) {
        return new LayerImporter.Request(
                "plots-oskemen", file, profile, srs, encoding, sourceLayer, "editor", null, dir.resolve("work"));
    }

    /**
     * The import fails with a message containing {@code expected} and of the kind {@code problem} (which
     * the editor's page words in three languages), and nothing at all changed.
     */
    private String refused(Path file, String srs, String encoding, String expected, SourceProblem problem)
            throws Exception {
        Throwable error = catchThrowable(() -> importer.importFile(db, request(file, srs, encoding)));
        assertThat(error).isInstanceOfAny(BadSourceException.class, GdalException.class);
        assertThat(error.getMessage()).contains(expected);
        assertThat(error instanceof BadSourceException b ? b.problem() : ((GdalException) error).problem())
                .as(error.getMessage())
                .isEqualTo(problem);
        assertThat(state()).as("database after refusing " + file.getFileName()).isEqualTo(stateBefore);
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
        return error.getMessage();
    }

    private LayerImporter.Draft drafted(Path file, String srs, String encoding) throws Exception {
        LayerImporter.Draft draft = importer.importFile(db, request(file, srs, encoding));
        assertThat(published()).as("the public layer after a draft").isEqualTo(publishedBefore);
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
        return draft;
    }

    // ---------------------------------------------------------------------------------------------
    // files that cannot be imported at all

    @Test
    void emptyFile() throws Exception {
        Path file = Files.write(dir.resolve("empty.geojson"), new byte[0]);
        refused(file, null, null, "is empty (0 bytes)", SourceProblem.EMPTY_FILE);
    }

    @Test
    void fileWithoutFeatures() throws Exception {
        refused(
                geojson(dir.resolve("none.geojson"), List.of()),
                null,
                null,
                "has no features",
                SourceProblem.NO_FEATURES);
    }

    @Test
    void textThatIsNotGeoJson() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.geojson"), "Список участков будет позже");
        refused(
                file,
                null,
                null,
                "the file notes.geojson is not GeoJSON, though its name ends in .geojson: it begins with «Список"
                        + " участков будет позже»",
                SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aJsonListOfRecordsIsNamedSoWithHowToSaveIt() throws Exception {
        // an open-data portal's API answer (data.egov.kz): records with their outline as WKT, no GeoJSON
        Path file = Files.writeString(
                dir.resolve("egov_api.json"),
                "[{\"id\": 1, \"kadastrovyi_nomer\": \"05-085-015-001\", \"ploshad\": \"0,7983\", \"wkt\":"
                        + " \"POLYGON((82.6 49.98,82.601 49.98,82.601 49.981,82.6 49.981,82.6 49.98))\"},\n"
                        + " {\"id\": 2, \"kadastrovyi_nomer\": \"05-085-015-002\", \"ploshad\": \"0,7983\", \"wkt\":"
                        + " \"POLYGON((82.602 49.98,82.603 49.98,82.603 49.981,82.602 49.981,82.602 49.98))\"}]");
        refused(
                file,
                null,
                null,
                "the file egov_api.json is a JSON list of records (id, kadastrovyi_nomer, ploshad, wkt), as an"
                        + " open-data portal's API answers, not GeoJSON: save the records as a CSV file, whose column"
                        + " of WKT (wkt) or of longitude and latitude is read",
                SourceProblem.UNSUPPORTED_FORMAT);

        // a list of GeoJSON features without the FeatureCollection around them
        Path features = Files.writeString(
                dir.resolve("features.geojson"),
                " [{\"type\": \"Feature\", \"properties\": {\"kad_nomer\": \"05-085-015-001\"}, \"geometry\":"
                        + " {\"type\": \"Point\", \"coordinates\": [82.6, 49.98]}}]");
        refused(
                features,
                null,
                null,
                "the file features.geojson is a JSON list of GeoJSON features, without the FeatureCollection"
                        + " GeoJSON holds them in",
                SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aLayerNamedLikeAnOption() throws Exception {
        Path file = geojson(dir.resolve("option.geojson"), plots(2));
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"name\":\"-overwrite\","));
        refused(file, null, null, "a name starting with '-' cannot be read", SourceProblem.NO_LAYER);
    }

    @Test
    void csvWithoutAGeometryColumnItKnows() throws Exception {
        Path csv = Files.writeString(dir.resolve("nogeom.csv"), """
                kad_nomer,status,kategor,контур
                05-085-012-001,бос,нп,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95))"
                """);
        refused(
                csv,
                null,
                null,
                "has 1 features but no geometry: a CSV file or a sheet needs a column of WKT named one of wkt",
                SourceProblem.NO_GEOMETRY);
    }

    @Test
    void csvWhoseCoordinateColumnsHoldNoCoordinates() throws Exception {
        // the columns are there: the refusal says what is in them, not that they are missing
        Path csv = Files.writeString(dir.resolve("notcoordinates.csv"), """
                kad_nomer;status;kategor;Широта;Долгота
                05-085-012-001;бос;нп;см. схему;см. схему
                """);
        refused(
                csv,
                null,
                null,
                "has 1 features but no geometry: its columns 'Долгота' and 'Широта' hold no coordinates it can read"
                        + " (the first row's are 'см. схему' and 'см. схему')",
                SourceProblem.NO_GEOMETRY);
    }

    @Test
    void csvWhoseGeometryColumnHoldsGeoJsonIsToldSo() throws Exception {
        // an open-data portal's table: the column is named geometry, its cells are GeoJSON, not WKT
        Path csv = Files.writeString(
                dir.resolve("portal.csv"),
                "\uFEFFКадастровый номер;Статус;geometry\r\n05-085-055-001;Свободен;{\"type\": \"Polygon\","
                        + " \"coordinates\": [[[82.6, 50.32], [82.601, 50.32], [82.601, 50.321], [82.6, 50.32]]]}\r\n");
        refused(
                csv,
                null,
                null,
                "has 1 features but no geometry: its column 'geometry' holds GeoJSON ({\"type\": \"Polygon\","
                        + " \"coordinates\": …}), not the WKT a CSV file's geometries are read from"
                        + " (POLYGON((82.6 49.95, …))): save the layer from the GIS as GeoJSON, or as CSV with its"
                        + " geometries as WKT",
                SourceProblem.NO_GEOMETRY);
    }

    @Test
    void csvWithWktUnderArcGisName() throws Exception {
        Path shape = Files.writeString(dir.resolve("shape.csv"), """
                kad_nomer,status,kategor,SHAPE
                05-085-012-001,бос,нп,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                """);
        assertAccepted(drafted(shape, null, null), 1);
    }

    /** A CSV of six plots with their outlines as WKT, {@code mark} written before the address of row {@code marked}. */
    private static String sixPlots(int marked, String mark) {
        StringBuilder text = new StringBuilder("kad_nomer,status,kategor,WKT,adres\n");
        for (int i = 1; i <= 6; i++) {
            text.append("05-085-012-00%1$d,бос,нп,\"POLYGON((82.60%1$d 49.95,82.60%1$d4 49.95,82.60%1$d4 49.9503,"
                            .formatted(i)
                    + "82.60%1$d 49.9503,82.60%1$d 49.95))\",\"%2$sул. Абая, %1$d\"\n"
                            .formatted(i, i == marked ? mark : ""));
        }
        return text.toString();
    }

    @Test
    void csvWhoseQuoteIsNeverClosedIsRefusedNotReadWithoutTheRowsAfterIt() throws Exception {
        // a stray quotation mark before an address: GDAL read the four rows after it into that address
        Path stray = Files.writeString(dir.resolve("stray.csv"), sixPlots(2, "\""));
        String message = refused(stray, null, null, "line 3 of stray.csv opens a quoted value", SourceProblem.DAMAGED);
        assertThat(message).contains("the 4 lines after it would be read as part of that one value");
        // a file cut short inside an outline
        String whole = sixPlots(0, "");
        Path cut = Files.writeString(dir.resolve("cut.csv"), whole.substring(0, whole.indexOf("49.9503", 300)));
        refused(cut, null, null, "line 4 of cut.csv ends inside a quoted value", SourceProblem.DAMAGED);
    }

    @Test
    void aWindowsCsvSaidToBeUtf8IsToldWhatItReadsAs() throws Exception {
        // Excel's «CSV (разделители — точка с запятой)» in Windows-1251, sent with UTF-8 chosen
        Path csv = Files.write(
                dir.resolve("excel1251.csv"),
                ("kad_nomer;status;kategor;WKT\r\n05-085-012-001;свободен;земли населенных пунктов;"
                                + "\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\r\n")
                        .getBytes(java.nio.charset.Charset.forName("windows-1251")));
        refused(
                csv,
                null,
                "UTF-8",
                "the encoding given is UTF-8, but the CSV file is not in UTF-8: its text reads as CP1251. Choose"
                        + " CP1251",
                SourceProblem.UNKNOWN_ENCODING);
    }

    @Test
    void aUtf8CsvSaidToBeInACodePageIsToldItIsUtf8() throws Exception {
        // read as the clerk's CP1251, every letter became two signs, and the report blamed a Kazakh code page
        refused(
                Files.writeString(dir.resolve("utf8.csv"), sixPlots(0, "")),
                null,
                "CP1251",
                "the encoding given is CP1251, but the CSV file is in UTF-8: its 66 letters beyond the Latin ones are"
                        + " all whole UTF-8 letters",
                SourceProblem.UNKNOWN_ENCODING);
        // and a Shapefile written by QGIS in UTF-8
        refused(
                zippedShapefile("utf8dbf", plots(2), "UTF-8"),
                null,
                "CP1251",
                "the encoding given is CP1251, but the text of plots.dbf is in UTF-8",
                SourceProblem.UNKNOWN_ENCODING);
    }

    @Test
    void nulBytesInACsvOrGeoJsonAreLeftOutNotTakenForItsEnd() throws Exception {
        // a NUL before row 2's address: GDAL ended the CSV file there, rows 3 to 6 unread
        LayerImporter.Draft csv = drafted(Files.writeString(dir.resolve("nul.csv"), sixPlots(2, "\0")), null, null);
        assertAccepted(csv, 6);
        assertThat(addresses(csv)).contains("ул. Абая, 2", "ул. Абая, 6");
        assertThat(csv.issues())
                .anyMatch(i -> i.message().startsWith("the file held 1 NUL bytes (the character no text holds)"));
        // and in a GeoJSON's text, where it cut the address
        List<TestFiles.Feature> f = new ArrayList<>(plots(2));
        f.set(1, f.get(1).with("adres", "ул. Абая,\0 2"));
        Path written = geojson(dir.resolve("nul.geojson"), f);
        // the byte itself, as a damaged file holds it, not JSON's escape of it
        Files.writeString(written, Files.readString(written).replace("\\u0000", "\0"));
        assertThat(Files.readString(written)).contains("\0");
        LayerImporter.Draft geojson = drafted(written, null, null);
        assertAccepted(geojson, 2);
        assertThat(addresses(geojson)).contains("ул. Абая, 2");
    }

    @Test
    void csvRowWithMoreValuesThanColumnsIsRefusedNotReadIntoTheWrongColumns() throws Exception {
        // an address with a comma written without quotes: GDAL left the value past the last column out,
        // and published the house number as the price
        String rows = sixPlots(0, "")
                .replace("kad_nomer,status,kategor,WKT,adres\n", "kad_nomer,status,kategor,WKT,adres,cena\n")
                .replaceAll("\"(ул. Абая, \\d)\"\n", "\"$1\",100\n");
        Path unquoted =
                Files.writeString(dir.resolve("unquoted.csv"), rows.replace("\"ул. Абая, 3\",100", "ул. Абая, 3,100"));
        String message = refused(
                unquoted,
                null,
                null,
                "line 4 of unquoted.csv holds 7 values where the file names 6 columns",
                SourceProblem.DAMAGED);
        assertThat(message).contains("Put such a value in quotation marks (\"ул. Абая, 5\")");
        // empty values past the last column, as a spreadsheet leaves them, hold nothing to lose
        LayerImporter.Draft trailing =
                drafted(Files.writeString(dir.resolve("trailing.csv"), rows.replace(",100\n", ",100,,\n")), null, null);
        assertAccepted(trailing, 6);
        assertThat(trailing.issues()).noneMatch(i -> i.message().contains("fewer values"));
    }

    @Test
    void csvRowWithFewerValuesIsReadAndSaidSo() throws Exception {
        // the address of line 5 left out: read as empty, and the line named
        String rows = sixPlots(0, "");
        Path shortRow = Files.writeString(dir.resolve("short.csv"), rows.replace(",\"ул. Абая, 4\"", ""));
        LayerImporter.Draft draft = drafted(shortRow, null, null);
        assertAccepted(draft, 6);
        assertThat(draft.issues())
                .anyMatch(i -> i.message().startsWith("line 5 holds fewer values than the 5 columns the file names"));
    }

    @Test
    void aFewBrokenUtf8BytesAreReadAsDamagedLettersNotTheWholeFileInAnotherCodePage() throws Exception {
        // one byte of the «А» of row 4's address taken out, as a copy cut short leaves it: the file was
        // read as PT154, every letter wrong and every plot rejected
        byte[] whole = sixPlots(0, "").getBytes(StandardCharsets.UTF_8);
        byte[] damaged = cutLetter(whole, "ул. Абая, 4");
        LayerImporter.Draft csv = drafted(Files.write(dir.resolve("broken.csv"), damaged), null, null);
        assertAccepted(csv, 6);
        assertThat(addresses(csv)).contains("ул. Абая, 3", "ул. \ufffdбая, 4");
        assertThat(csv.issues())
                .anyMatch(i -> i.message().startsWith("the file is in UTF-8 but for one damaged byte, on line 5"))
                .anyMatch(i -> i.message().startsWith("letters of the file were damaged")
                        && i.message().contains("ул. \ufffdбая, 4"))
                .noneMatch(i -> i.code().equals("wrong_encoding"));
        // the clerk who says the file is UTF-8 is right: read so, not refused
        assertAccepted(drafted(Files.write(dir.resolve("broken8.csv"), damaged), null, "UTF-8"), 6);
        // a GeoJSON
        Path geojson = geojson(dir.resolve("broken.geojson"), plots(3));
        Files.write(geojson, cutLetter(Files.readAllBytes(geojson), "ул. Абая, 1"));
        LayerImporter.Draft json = drafted(geojson, null, null);
        assertAccepted(json, 3);
        assertThat(addresses(json)).contains("г. Усть-Каменогорск, ул. \ufffdбая, 1");
    }

    @Test
    void aUtf8DbfWithADamagedByteOrALetterCutByItsFieldIsReadInUtf8() throws Exception {
        // a field 45 bytes wide holds «Земли населенных пунктов» (46) cut in its last letter, as GDAL and
        // other tools cut a text to its field by bytes: the table was read as PT154, every letter wrong
        Path shp = TestFiles.shapefile(
                dir.resolve("dbf8"),
                "plots",
                plots(4),
                "-lco",
                "ENCODING=UTF-8",
                "-sql",
                "SELECT kad_nomer, status, kategor, ploshad, adres, CAST(kategor AS character(45)) AS kat2 FROM src");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        // and the first byte of row 2's «А» of «Абая» lost, the rest of its value moved up a byte
        byte[] a = "Абая".getBytes(StandardCharsets.UTF_8);
        int second = indexOf(bytes, a, indexOf(bytes, a, 0) + 1);
        System.arraycopy(bytes, second + 1, bytes, second, 20);
        bytes[second + 20] = ' ';
        Files.write(dbf, bytes);
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("dbf8.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertAccepted(draft, 4);
        assertThat(draft.issues())
                .anyMatch(i -> i.message().startsWith("the .dbf is in UTF-8 but for one damaged byte (in row 2)"))
                .anyMatch(i -> i.message()
                        .startsWith("the .dbf is in UTF-8, and 4 of its texts (the first in row 1)"
                                + " end in half a letter"))
                .noneMatch(i -> i.code().equals("wrong_encoding"));
        assertThat(addresses(draft)).contains("г. Усть-Каменогорск, ул. ?бая, 1", "г. Усть-Каменогорск, ул. Абая, 2");
        assertThat(query("SELECT string_agg(DISTINCT extra->>'kat2', '|') FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("Земли населенных пункто");
    }

    /** {@code text} with the first byte of the first letter of {@code value} taken out. */
    private static byte[] cutLetter(byte[] text, String value) {
        int at = indexOf(text, value.getBytes(StandardCharsets.UTF_8), 0)
                + "ул. ".getBytes(StandardCharsets.UTF_8).length;
        byte[] out = new byte[text.length - 1];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(text, at + 1, out, at, text.length - at - 1);
        return out;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(part, StandardCharsets.UTF_8));
    }

    @Test
    void csvWithCoordinatesUnderRussianNames() throws Exception {
        // points read from Russian column names: a plots layer refuses them for what they are
        Path points = Files.writeString(dir.resolve("points.csv"), """
                kad_nomer;status;kategor;Долгота;Широта
                05-085-012-001;бос;нп;82,6;49,95
                """);
        refused(points, null, null, "holds Point geometries", SourceProblem.WRONG_GEOMETRY_TYPE);
    }

    @Test
    void csvWithSurveyorsCyrillicXyColumnsIsToldTheyAreCyrillic() throws Exception {
        // «Х» and «У» in Cyrillic, as coordinate lists are headed in Kazakhstan: they look like the Latin x
        // and y the refusal asks for, and Х is the northing
        Path points = Files.writeString(dir.resolve("surveyor-xy.csv"), """
                Х,У,kad_nomer
                5537900.0,14614700.0,05-085-012-001
                """);
        refused(
                points,
                "EPSG:28414",
                null,
                "The columns «Х» and «У» are written in Cyrillic, not the Latin x and y; in Russian surveying Х is"
                        + " the northing and У the easting",
                SourceProblem.NO_GEOMETRY);
    }

    @Test
    void unsupportedFormat() throws Exception {
        Path file = Files.writeString(dir.resolve("plan.dwg"), "AC1032");
        refused(file, null, null, "cannot read .dwg files", SourceProblem.UNSUPPORTED_FORMAT);
        // a Shapefile's attribute table sent alone: what else to send
        Path dbf = Files.write(dir.resolve("участки.dbf"), new byte[] {0x03, 0x7e, 0x0b, 0x1d});
        refused(
                dbf,
                null,
                null,
                "the .dbf file is one part of a Shapefile: send its .shp, .shx, .dbf and .prj (and .cpg) together,"
                        + " in one zip",
                SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void onePageOfAnArcGisServicesAnswerIsRefused() throws Exception {
        // a query that hit the service's record limit: published, the page would remove the layer's
        // other plots
        Path esri = Files.writeString(dir.resolve("page.json"), """
                {"displayFieldName": "", "geometryType": "esriGeometryPolygon",
                 "spatialReference": {"wkid": 4326, "latestWkid": 4326},
                 "fields": [{"name": "kad_nomer", "type": "esriFieldTypeString", "length": 20}],
                 "exceededTransferLimit": true,
                 "features": [{"attributes": {"kad_nomer": "05-085-090-001"},
                   "geometry": {"rings": [[[82.6, 49.95], [82.6, 49.9503], [82.6004, 49.9503], [82.6004, 49.95],
                                           [82.6, 49.95]]]}}]}
                """);
        refused(esri, null, null, "one page of an ArcGIS service's answer", SourceProblem.PARTIAL);
        List<TestFiles.Feature> f = plots(2);
        Path geojson = geojson(dir.resolve("page-src.geojson"), f);
        String text = Files.readString(geojson).strip();
        Path page = Files.writeString(
                dir.resolve("page.geojson"),
                text.substring(0, text.length() - 1) + ", \"properties\": {\"exceededTransferLimit\": true}}");
        refused(page, null, null, "one page of an ArcGIS service's answer", SourceProblem.PARTIAL);
        // the whole answer: read
        assertAccepted(drafted(geojson, null, null), 2);
        // and as Notepad saves it, with a byte-order mark
        String whole = Files.readString(esri).replace("\"exceededTransferLimit\": true,", "");
        Path bom = Files.write(
                dir.resolve("answer.json"), ("\ufeff" + whole).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // a whole answer with a date as ArcGIS writes it, in milliseconds, under a width of 8
        Path dated = Files.writeString(dir.resolve("dated.json"), """
                {"geometryType": "esriGeometryPolygon", "spatialReference": {"wkid": 4326},
                 "fields": [{"name": "kad_nomer", "type": "esriFieldTypeString", "length": 20},
                            {"name": "kategor", "type": "esriFieldTypeString", "length": 20},
                            {"name": "data_auk", "type": "esriFieldTypeDate", "length": 8}],
                 "features": [{"attributes": {"kad_nomer": "05-085-090-002", "kategor": "нп",
                                              "data_auk": 1773514800000},
                   "geometry": {"rings": [[[82.6, 49.95], [82.6, 49.9503], [82.6004, 49.9503], [82.6004, 49.95],
                                           [82.6, 49.95]]]}}]}
                """);
        LayerImporter.Draft draft = drafted(dated, null, null);
        assertAccepted(draft, 1);
        assertThat(ofRow(draft, 1, "auction_date::text")).isEqualTo("2026-03-15");
        // (read: its plot has no land category, as the page says)
        assertThat(drafted(bom, null, null).issues())
                .anyMatch(i -> Long.valueOf(1).equals(i.row()) && i.code().equals("missing_land_category"));
    }

    @Test
    void hexWkbUnderGdalsOwnColumnName() throws Exception {
        // as ogr2ogr names the geometry of a table it reads from PostGIS, written as hexadecimal WKB
        Path csv = Files.writeString(
                Files.createDirectories(dir.resolve("wkb")).resolve("plots.csv"),
                "kad_nomer,status,kategor,wkb_geometry\n05-085-092-001,бос,нп,"
                        + "010300000001000000050000006666666666a654409a99999999f948406666666666a654400000000000fa4840"
                        + "c3f5285c8fa654400000000000fa4840c3f5285c8fa654409a99999999f948406666666666a654409a99999999f94840\n");
        assertAccepted(drafted(csv, "EPSG:4326", null), 1);
    }

    @Test
    void zipWithAnEntryOutsideTheArchive() throws Exception {
        Path zip = TestFiles.zipEntries(
                dir.resolve("traversal.zip"),
                Map.of("../../etc/adalmap.geojson", "{}".getBytes(StandardCharsets.UTF_8)));
        refused(zip, null, null, "points outside the archive", SourceProblem.UNSAFE_ZIP);
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void zipWithAnEntryOutsideTheArchiveWrittenTheWindowsWay() throws Exception {
        for (String name : List.of("..\\..\\etc\\adalmap.geojson", "C:\\Windows\\adalmap.geojson")) {
            Path zip = TestFiles.zipEntries(
                    dir.resolve("traversal-windows.zip"), Map.of(name, "{}".getBytes(StandardCharsets.UTF_8)));
            refused(zip, null, null, "points outside the archive", SourceProblem.UNSAFE_ZIP);
        }
        assertThat(dir.resolve("etc")).doesNotExist();
        // a tool that writes each file's full path: said, with what to send instead
        Path zip = TestFiles.zipEntries(
                dir.resolve("full-path.zip"),
                Map.of("C:\\Users\\clerk\\Desktop\\Участки\\plots.geojson", "{}".getBytes(StandardCharsets.UTF_8)));
        refused(
                zip,
                null,
                null,
                "the zip entry 'C:/Users/clerk/Desktop/Участки/plots.geojson' points outside the archive: it is named by"
                        + " its full path on the computer it was zipped on; the file was refused. Zip the files again"
                        + " from inside their folder (in Windows Explorer: select them, then Send to › Compressed"
                        + " (zipped) folder)",
                SourceProblem.UNSAFE_ZIP);
    }

    @Test
    void aZipOfFoldersMadeByWindowsPowerShell() throws Exception {
        // Compress-Archive writes "выгрузка\\участки.shp": folders with backslashes
        Path shp = TestFiles.shapefile(dir.resolve("powershell"), "участки", plots(3), "-lco", "ENCODING=UTF-8");
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (Path part : TestFiles.shapefileParts(shp)) {
            entries.put("выгрузка\\2026\\" + part.getFileName(), Files.readAllBytes(part));
        }
        assertAccepted(drafted(TestFiles.zipEntries(dir.resolve("powershell.zip"), entries), null, null), 3);
    }

    @Test
    void zipWithAnAbsoluteEntry() throws Exception {
        Path zip = TestFiles.zipEntries(
                dir.resolve("absolute.zip"),
                Map.of("/tmp/adalmap-evil.geojson", "{}".getBytes(StandardCharsets.UTF_8)));
        refused(zip, null, null, "points outside the archive", SourceProblem.UNSAFE_ZIP);
        assertThat(Path.of("/tmp/adalmap-evil.geojson")).doesNotExist();
    }

    @Test
    void decompressionBomb() throws Exception {
        Path zip = TestFiles.zipBomb(dir.resolve("bomb.zip"), 300);
        assertThat(Files.size(zip)).isLessThan(1024 * 1024);
        refused(zip, null, null, "decompression bomb", SourceProblem.DECOMPRESSION_BOMB);
    }

    @Test
    void workbookWhoseSheetUnpacksToGigabytes() throws Exception {
        // every row shows one shared text of 32,000 letters: 640 MB of CSV from a workbook of kilobytes,
        // which a zip of its size would not be let unpack to
        Path xlsx = TestFiles.workbookBomb(dir.resolve("shared.xlsx"), 20_000, 32_000);
        assertThat(Files.size(xlsx)).isLessThan(1024 * 1024);
        String message = refused(xlsx, null, null, "decompression bomb", SourceProblem.DECOMPRESSION_BOMB);
        assertThat(message)
                .isEqualTo("the sheet 'plots' of shared.xlsx unpacks to more than 32 MB of text: it looks like a"
                        + " decompression bomb and was refused");
    }

    @Test
    void aLongValueIsQuotedByItsBeginning() throws Exception {
        // a column shifted by one: the status cells hold the outlines' WKT, 30,000 characters each
        StringBuilder wkt = new StringBuilder("POLYGON ((");
        for (int i = 0; i < 1500; i++) {
            wkt.append(i == 0 ? "" : ", ")
                    .append("82.6")
                    .append(1000 + i)
                    .append(" 49.95")
                    .append(1000 + i);
        }
        String outline = wkt.append("))").toString();
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3, 43)) {
            features.add(plot.with("status", outline));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("shifted.geojson"), features), null, null);
        List<LayerImporter.Issue> unknown = draft.issues().stream()
                .filter(i -> i.code().equals("unknown_status"))
                .toList();
        assertThat(unknown).hasSize(3);
        for (LayerImporter.Issue issue : unknown) {
            assertThat(issue.message()).startsWith("the status '" + outline.substring(0, 500) + "…' is not known");
            assertThat(issue.detail().get("value")).isEqualTo(outline.substring(0, 500) + "…");
        }
        assertThat(query(
                        "SELECT max(length(message) + length(detail::text)) FROM import_issue WHERE layer_revision_id = "
                                + draft.revisionId()))
                .as("no stored problem quotes the whole cell")
                .satisfies(longest -> assertThat(Integer.parseInt(longest)).isLessThan(3_000));
    }

    @Test
    void damagedZip() throws Exception {
        Path zip = Files.write(dir.resolve("damaged.zip"), "PK\u0003\u0004 this is not really a zip".getBytes());
        refused(zip, null, null, "zip", SourceProblem.DAMAGED);
    }

    @Test
    void zipWithoutGisData() throws Exception {
        Path zip = TestFiles.zipEntries(
                dir.resolve("readme.zip"), Map.of("readme.txt", "участки".getBytes(StandardCharsets.UTF_8)));
        refused(zip, null, null, "found no GIS data", SourceProblem.NO_GIS_DATA);
    }

    @Test
    void zipWithTwoLayers() throws Exception {
        Path a = geojson(dir.resolve("two/a.geojson"), plots(2));
        Path b = geojson(dir.resolve("two/b.geojson"), plots(2));
        refused(
                TestFiles.zip(dir.resolve("two.zip"), List.of(a, b)),
                null,
                null,
                "name the one to import",
                SourceProblem.SEVERAL_DATASETS);
    }

    @Test
    void aProjectOfShapefilesImportsTheOneNamed() throws Exception {
        Path plots = convert(
                geojson(dir.resolve("project/src-plots.geojson"), plots(3)),
                dir.resolve("project/Участки.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        Path roads = convert(
                geojson(dir.resolve("project/src-other.geojson"), plots(5, 13)),
                dir.resolve("project/Zemli_zapasa.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        List<Path> parts = new ArrayList<>(TestFiles.shapefileParts(plots));
        parts.addAll(TestFiles.shapefileParts(roads));
        Path zip = TestFiles.zip(dir.resolve("project.zip"), parts);
        String refusal = refused(zip, null, null, "holds 2 .shp files", SourceProblem.SEVERAL_DATASETS);
        assertThat(refusal).contains("Zemli_zapasa.shp", "Участки.shp", "layer in the file");
        LayerImporter.Draft draft = importer.importFile(db, request(zip, null, null, "участки"));
        assertAccepted(draft, 3);
    }

    @Test
    void shapefileWithoutDbf() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("nodbf"), "plots", plots(3));
        List<Path> parts = TestFiles.shapefileParts(shp).stream()
                .filter(p -> !p.toString().endsWith(".dbf"))
                .toList();
        refused(
                TestFiles.zip(dir.resolve("nodbf.zip"), parts),
                null,
                null,
                "the shapefile plots.shp has no .dbf file: the attributes of its features are in it; send the"
                        + " .shp, .shx, .dbf and .prj together (best zipped)",
                SourceProblem.INCOMPLETE);
        // its table under a name of its own, as a clerk saved it from Excel or renamed it by hand
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path part : parts) {
            entries.put(part.getFileName().toString(), Files.readAllBytes(part));
        }
        entries.put("plots_attr.DBF", Files.readAllBytes(shp.resolveSibling("plots.dbf")));
        refused(
                TestFiles.zipEntries(dir.resolve("dbf-other-name.zip"), entries),
                null,
                null,
                "the shapefile plots.shp has no .dbf file: the attributes of its features are in it; the zip holds"
                        + " plots_attr.DBF, of no .shp: if it is this one's table, name it plots.dbf",
                SourceProblem.INCOMPLETE);
    }

    @Test
    void aGeoPackageOfMapTilesIsSaidToBeARasterNotAnUnreadableFile() throws Exception {
        // a scanned plan or an orthophoto saved as a GeoPackage: tiles, and no vector layer
        Path tif = dir.resolve("raster/plan.tif");
        Files.createDirectories(tif.getParent());
        TestFiles.gdal(
                "gdal_create",
                "-of",
                "GTiff",
                "-outsize",
                "16",
                "16",
                "-bands",
                "3",
                "-burn",
                "200",
                "-a_srs",
                "EPSG:4326",
                "-a_ullr",
                "82.60",
                "49.96",
                "82.61",
                "49.95",
                tif.toString());
        Path tiles = dir.resolve("raster/plan.gpkg");
        TestFiles.gdal("gdal_translate", "-q", "-of", "GPKG", tif.toString(), tiles.toString());
        String message = refused(
                tiles,
                null,
                null,
                "the GeoPackage plan.gpkg holds a raster (map image tiles, or a grid of values such as heights), not"
                        + " features: there is nothing in it to import; export the vector layer",
                SourceProblem.NO_FEATURES);
        assertThat(message).doesNotContain("not in a format GDAL knows");
        // a grid of heights (a gridded coverage) is a raster too, zipped as well
        Path heights = dir.resolve("raster/heights.tif");
        TestFiles.gdal(
                "gdal_create",
                "-of",
                "GTiff",
                "-outsize",
                "8",
                "8",
                "-bands",
                "1",
                "-ot",
                "Float32",
                "-burn",
                "312.5",
                "-a_srs",
                "EPSG:4326",
                "-a_ullr",
                "82.60",
                "49.96",
                "82.61",
                "49.95",
                heights.toString());
        Path coverage = dir.resolve("raster/heights.gpkg");
        TestFiles.gdal(
                "gdal_translate", "-q", "-of", "GPKG", "-ot", "Float32", heights.toString(), coverage.toString());
        refused(
                TestFiles.zip(dir.resolve("raster/heights.zip"), List.of(coverage)),
                null,
                null,
                "the GeoPackage heights.gpkg holds a raster",
                SourceProblem.NO_FEATURES);
        // a damaged GeoPackage stays one GDAL cannot read
        Path damaged = Files.write(dir.resolve("raster/damaged.gpkg"), "SQLite format 3\0garbage".getBytes());
        refused(damaged, null, null, "GDAL cannot read damaged.gpkg", SourceProblem.UNREADABLE);
    }

    /**
     * A .tab written as MapInfo writes one when it opens another program's file: its {@code Type}
     * names the file's kind, its {@code File} the file, and the fields are the plots'.
     */
    private static Path viewTab(Path tab, String type, String file) throws IOException {
        Files.createDirectories(tab.getParent());
        return Files.writeString(tab, """
                !table
                !version 450
                !charset WindowsCyrillic

                Definition Table
                  File "%s"
                  Type %s Charset "WindowsCyrillic"
                  Fields 3
                    kad_nomer Char (20) ;
                    status Char (20) ;
                    Type Char (10) ;
                """.formatted(file, type), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMapInfoViewOfAnotherProgramsFileSaysWhatItIsAndHowToSaveATable() throws Exception {
        // the data of an Excel view are in the workbook, which GDAL's MapInfo reader does not open
        Path view = viewTab(dir.resolve("xls-view/plots.tab"), "XLS", "C:\\Data\\plots.xls");
        Path xls = Files.write(
                dir.resolve("xls-view/plots.xls"), new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0});
        refused(
                TestFiles.zip(dir.resolve("xls-view.zip"), List.of(view, xls)),
                null,
                null,
                "the MapInfo table plots.tab is only MapInfo's view of the Excel workbook plots.xls, which holds its"
                        + " data: GDAL reads native MapInfo tables only; open it in MapInfo and save a native copy (File ›"
                        + " Save Copy As: a .tab with its .dat, .map and .id), or export it as MIF/MID (Table › Export),"
                        + " and import that",
                SourceProblem.UNSUPPORTED_FORMAT);
        // a view of a dBASE table never made mappable: attributes only
        Path shp = convert(
                geojson(dir.resolve("dbf-view/src.geojson"), plots(3)),
                dir.resolve("dbf-view/shp/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        Path dbfView = viewTab(dir.resolve("dbf-view/plots.tab"), "DBF", "plots.dbf");
        refused(
                TestFiles.zip(dir.resolve("dbf-view.zip"), List.of(dbfView, dbf)),
                null,
                null,
                "the MapInfo table plots.tab is MapInfo's view of the dBASE table plots.dbf without a .map file: it"
                        + " holds attributes and no geometry",
                SourceProblem.NO_GEOMETRY);
        // and one sent without its .dbf
        refused(
                TestFiles.zip(dir.resolve("dbf-view-alone.zip"), List.of(dbfView)),
                null,
                null,
                "is MapInfo's view of the dBASE table plots.dbf, which holds its data, and comes without plots.dbf",
                SourceProblem.INCOMPLETE);
    }

    @Test
    void aSeamlessMapInfoTableSaysWhatItIs() throws Exception {
        // two districts' tables, and the seamless table that shows them as one: an index of rectangles
        List<Path> files = new ArrayList<>();
        List<TestFiles.Feature> index = new ArrayList<>();
        List<TestFiles.Feature> all = plots(4);
        for (int part = 0; part < 2; part++) {
            String name = "district" + (part + 1);
            files.addAll(mapInfoParts(convert(
                    geojson(dir.resolve("seamless/" + name + ".geojson"), all.subList(part * 2, part * 2 + 2)),
                    dir.resolve("seamless/tab/" + name + ".tab"),
                    "MapInfo File")));
            index.add(new TestFiles.Feature(
                    Map.of("Table", name + ".tab", "Description", name),
                    String.format(
                            Locale.ROOT,
                            "{\"type\":\"Polygon\",\"coordinates\":[[[%1$f,49.95],[%2$f,49.95],[%2$f,49.951],"
                                    + "[%1$f,49.951],[%1$f,49.95]]]}",
                            82.60 + part * 0.0012,
                            82.6012 + part * 0.0012)));
        }
        Path seamless = convert(
                geojson(dir.resolve("seamless/index.geojson"), index),
                dir.resolve("seamless/tab/index.tab"),
                "MapInfo File");
        Files.writeString(
                seamless,
                "begin_metadata\n\"\\IsSeamless\" = \"TRUE\"\n\"\\IsReadOnly\" = \"FALSE\"\nend_metadata\n",
                java.nio.file.StandardOpenOption.APPEND);
        files.addAll(mapInfoParts(seamless));
        String expected = "the MapInfo table index.tab is a seamless table: an index of other tables that MapInfo"
                + " shows as one, with no features of its own; open it in MapInfo and save a copy of the whole as one"
                + " native table";
        // with its tables, which were refused as several tables none named
        refused(
                TestFiles.zip(dir.resolve("seamless.zip"), files),
                null,
                null,
                expected,
                SourceProblem.UNSUPPORTED_FORMAT);
        // alone, which GDAL could not open
        refused(
                TestFiles.zip(dir.resolve("seamless-alone.zip"), mapInfoParts(seamless)),
                null,
                null,
                expected,
                SourceProblem.UNSUPPORTED_FORMAT);
        // one of its tables, named, is a table like any other
        assertAccepted(
                importer.importFile(
                        db, request(TestFiles.zip(dir.resolve("seamless-named.zip"), files), null, null, "district2")),
                2);
    }

    /** The files of a MapInfo table next to {@code tab}. */
    private static List<Path> mapInfoParts(Path tab) throws IOException {
        String base = tab.getFileName().toString().replaceFirst("\\.tab$", "");
        try (var files = Files.list(tab.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(base + "."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void mapInfoTableWithoutItsDataFiles() throws Exception {
        Path tab = convert(
                geojson(dir.resolve("tabonly/src.geojson"), plots(3)),
                dir.resolve("tabonly/out/plots.tab"),
                "MapInfo File");
        Path alone = Files.copy(tab, dir.resolve("plots-alone.tab"));
        refused(alone, null, null, "comes without its .dat, .map and .id files", SourceProblem.INCOMPLETE);
        Path mif = convert(
                geojson(dir.resolve("mifonly/src.geojson"), plots(3)),
                dir.resolve("mifonly/out/plots.mif"),
                "MapInfo File",
                "-dsco",
                "FORMAT=MIF");
        refused(
                TestFiles.zip(dir.resolve("mifonly.zip"), List.of(mif)),
                null,
                null,
                "comes without its .mid file",
                SourceProblem.INCOMPLETE);
    }

    @Test
    void aMapInfoTableWhoseDatCountsFewerRowsThanItsObjectsIsRefused() throws Exception {
        // the .dat's header counts 3 of the 5 rows its .map and .id hold: GDAL read 3 plots
        Path tab = convert(
                geojson(dir.resolve("datcount/src.geojson"), plots(5)),
                dir.resolve("datcount/out/plots.tab"),
                "MapInfo File");
        Path dat = tab.resolveSibling("plots.dat");
        byte[] bytes = Files.readAllBytes(dat);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 3);
        Files.write(dat, bytes);
        List<Path> parts;
        try (var files = Files.list(tab.getParent())) {
            parts = files.sorted().toList();
        }
        refused(
                TestFiles.zip(dir.resolve("datcount.zip"), parts),
                null,
                null,
                "the MapInfo table plots.tab is damaged: its .dat counts 3 rows, and its .id and .map hold 5 objects",
                SourceProblem.DAMAGED);
    }

    @Test
    void aMifWhoseHeaderDeclaresFewerColumnsThanItsRowsHoldIsRefused() throws Exception {
        // the header lost its third column: GDAL read two values a row, every category lost
        Path folder = Files.createDirectories(dir.resolve("mifcols"));
        StringBuilder mif = new StringBuilder("""
                Version 300
                Charset "WindowsCyrillic"
                Delimiter ","
                CoordSys Earth Projection 1, 104
                Columns 2
                  kad_nomer Char(20)
                  status Char(20)
                Data

                """);
        StringBuilder mid = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            double x = 82.60 + i * 0.001;
            mif.append(String.format(
                    java.util.Locale.ROOT,
                    "Region 1\n  5\n%1$.4f 49.95\n%2$.4f 49.95\n%2$.4f 49.9503\n%1$.4f 49.9503\n%1$.4f 49.95\n",
                    x,
                    x + 0.0004));
            mid.append("\"05-085-012-00%d\",\"свободен\",\"нп\"\n".formatted(i + 1));
        }
        Files.writeString(folder.resolve("plots.mif"), mif);
        Files.write(
                folder.resolve("plots.mid"), mid.toString().getBytes(java.nio.charset.Charset.forName("windows-1251")));
        refused(
                TestFiles.zip(
                        dir.resolve("mifcols.zip"), List.of(folder.resolve("plots.mif"), folder.resolve("plots.mid"))),
                null,
                null,
                "the header of plots.mif declares 2 columns, but row 1 of its .mid holds 3 values",
                SourceProblem.DAMAGED);
    }

    @Test
    void aMifWhoseCoordSysLineIsDamagedIsRefusedNamingTheLine() throws Exception {
        // two characters typed over: GDAL read «8x» as 8 and «1#4» as datum 1, Adindan in Sudan, and
        // every plot moved some 300 m without a refusal
        refused(
                TestFiles.mifOfThreePlots(
                        dir.resolve("coordsys-damaged.zip"),
                        "Earth Projection 8x, 1#4, \"m\", 81, 0, 0.9996, 500000, 0",
                        614_777,
                        5_534_298),
                null,
                null,
                "the coordinate system line of coordsys-damaged.mif is damaged: its projection type '8x' is not a"
                        + " number (CoordSys Earth Projection 8x, 1#4, \"m\", 81, 0, 0.9996, 500000, 0)",
                SourceProblem.DAMAGED);
    }

    @Test
    void aDatumNoMapOfKazakhstanUsesIsNamedInTheReport() throws Exception {
        // MapInfo's datum 1 is Adindan, on the Clarke 1880 ellipsoid
        LayerImporter.Draft draft = drafted(
                TestFiles.mifOfThreePlots(
                        dir.resolve("coordsys-adindan.zip"),
                        "Earth Projection 8, 1, \"m\", 81, 0, 0.9996, 500000, 0",
                        614_777,
                        5_534_298),
                null,
                null);
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .startsWith("the file's coordinate system is on the datum Adindan (ellipsoid Clarke 1880"));
        // nothing rejected, and still not published at once: someone must look first
        LayerImporter.Imported held =
                importer.importAndPublish(db, request(dir.resolve("coordsys-adindan.zip"), null, null), "");
        assertThat(held.draft().rejected()).isZero();
        assertThat(held.published()).isNull();
        assertThat(published()).isEqualTo(publishedBefore);
        // on WGS 84 (MapInfo's 104) nothing is said
        LayerImporter.Draft wgs84 = drafted(
                TestFiles.mifOfThreePlots(
                        dir.resolve("coordsys-wgs84.zip"),
                        "Earth Projection 8, 104, \"m\", 81, 0, 0.9996, 500000, 0",
                        614_777,
                        5_534_298),
                null,
                null);
        assertThat(wgs84.issues()).noneMatch(i -> i.message().contains("no map of Kazakhstan uses"));
    }

    @Test
    void aGeoPackageCutShortIsSaidToBeCutShortNotToHoldARaster() throws Exception {
        Path gpkg = convert(
                geojson(dir.resolve("gpkgcut/src.geojson"), plots(30)),
                dir.resolve("gpkgcut/plots.gpkg"),
                "GPKG",
                "-nln",
                "plots");
        long whole = Files.size(gpkg);
        TestFiles.truncate(gpkg, whole / 2);
        String message = refused(
                gpkg,
                null,
                null,
                "the GeoPackage plots.gpkg is cut short: it holds " + whole / 2 + " bytes of the " + whole
                        + " its header counts",
                SourceProblem.DAMAGED);
        assertThat(message).doesNotContain("raster");
    }

    @Test
    void anSqliteDatabaseNamedGpkgIsSaidToBeOneNotAGeoPackage() throws Exception {
        // a program's own database renamed .gpkg: a table of its own, none of GeoPackage's
        Path csv = Files.writeString(
                Files.createDirectories(dir.resolve("plainsqlite")).resolve("uchastki.csv"),
                "kad_nomer,status,wkt\n05-085-012-001,свободен,\"POLYGON((82.6 49.95,82.61 49.95,82.61 49.96,82.6"
                        + " 49.95))\"\n");
        Path gpkg = dir.resolve("plainsqlite/plain.gpkg");
        TestFiles.ogr2ogr("-f", "SQLite", "-dsco", "METADATA=NO", gpkg.toString(), csv.toString(), "-nln", "uchastki");
        String message = refused(
                gpkg,
                null,
                null,
                "the file plain.gpkg is an SQLite database, not a GeoPackage: it has none of GeoPackage's tables"
                        + " (gpkg_contents, gpkg_spatial_ref_sys), only tables of its own (uchastki)",
                SourceProblem.UNSUPPORTED_FORMAT);
        assertThat(message).doesNotContain("ERROR").doesNotContain("FAILURE").doesNotContain("drivers");
    }

    @Test
    void aGeoPackageWhoseTablesOfContentsDoNotListItsTableIsSaidToBeDamaged() throws Exception {
        // GDAL finds its layers through them: without the row it said "a raster", or "no geometry"
        for (String contents : List.of("gpkg_geometry_columns", "gpkg_contents")) {
            Path gpkg = convert(
                    geojson(dir.resolve("gpkgtoc-" + contents + "/src.geojson"), plots(3)),
                    dir.resolve("gpkgtoc-" + contents + "/plots.gpkg"),
                    "GPKG",
                    "-nln",
                    "plots");
            TestFiles.gdal("ogrinfo", "-q", gpkg.toString(), "-sql", "DELETE FROM " + contents);
            String message = refused(
                    gpkg,
                    null,
                    null,
                    "the GeoPackage plots.gpkg is damaged: its table of contents (" + contents
                            + ") does not list its table 'plots', which holds features",
                    SourceProblem.DAMAGED);
            assertThat(message).doesNotContain("raster").doesNotContain("no geometry");
        }
    }

    @Test
    void aMapInfoTableWhoseMapIsZeroedIsSaidToBeDamagedNotEmpty() throws Exception {
        Path tab = convert(
                geojson(dir.resolve("tabzero/src.geojson"), plots(30)),
                dir.resolve("tabzero/plots.tab"),
                "MapInfo File",
                "-nln",
                "plots");
        Path map = tab.resolveSibling("plots.map");
        byte[] bytes = Files.readAllBytes(map);
        // the block after the header, where the objects begin, zeroed as a damaged disk leaves it
        java.util.Arrays.fill(bytes, 512, Math.min(bytes.length, 1536), (byte) 0);
        Files.write(map, bytes);
        refused(
                TestFiles.zip(
                        dir.resolve("tabzero.zip"),
                        Files.list(tab.getParent())
                                .filter(f -> !f.toString().endsWith(".geojson"))
                                .toList()),
                null,
                null,
                "the MapInfo table plots.tab is damaged: its .dat holds 30 rows, but GDAL finds no object in its .map",
                SourceProblem.DAMAGED);
    }

    @Test
    void aMapInfoTableCutShortIsSaidToBeDamagedAtItsRow() throws Exception {
        // the .dat or the .map of a table copied only in part: it was said to be damaged "an object
        // of its .mif or .map, or a row of its .dat", and the clerk left to look through every row
        Path tab = convert(
                geojson(dir.resolve("tabcut/src.geojson"), plots(30)),
                dir.resolve("tabcut/out/plots.tab"),
                "MapInfo File",
                "-nln",
                "plots");
        Path dat = tab.resolveSibling("plots.dat");
        Path map = tab.resolveSibling("plots.map");
        byte[] datBytes = Files.readAllBytes(dat);
        byte[] mapBytes = Files.readAllBytes(map);
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(datBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = header.getShort(8);
        int rowLength = header.getShort(10);
        Files.write(dat, java.util.Arrays.copyOf(datBytes, headerLength + rowLength * 20 + 5));
        String advice = ". Copy the table's files again from where it was made, or open it in MapInfo and save a"
                + " copy (File › Save Copy As), and import that";
        refused(
                TestFiles.zip(dir.resolve("tabcut-dat.zip"), parts(tab)),
                null,
                null,
                "the MapInfo table plots.tab is damaged: its .dat ends after 20 whole rows of the 30 its header"
                        + " counts, in the middle of row 21: row 21 and the 9 after it cannot be read (the file was"
                        + " cut short in copying)" + advice,
                SourceProblem.DAMAGED);
        Files.write(dat, datBytes);
        // cut in its last blocks, the points of the last rows' plots are lost; cut early, GDAL found
        // no object at all, and every row's points are lost
        for (Map.Entry<Integer, String> cut : Map.of(
                        mapBytes.length - 700,
                        "4 of its rows, the first of them row 27",
                        2000,
                        "30 of its rows, the first of them row 1")
                .entrySet()) {
            Files.write(map, java.util.Arrays.copyOf(mapBytes, cut.getKey()));
            refused(
                    TestFiles.zip(dir.resolve("tabcut-map-" + cut.getKey() + ".zip"), parts(tab)),
                    null,
                    null,
                    "the MapInfo table plots.tab is damaged: its .map ends (at " + cut.getKey() + " bytes) before the"
                            + " objects of " + cut.getValue() + ", which cannot be read (the file was cut short in"
                            + " copying)" + advice,
                    SourceProblem.DAMAGED);
        }
    }

    private static List<Path> parts(Path tab) throws java.io.IOException {
        try (var files = Files.list(tab.getParent())) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMidShortOfARowIsSaidToBeDamagedNamingTheTable() throws Exception {
        Path zip = TestFiles.mifOfThreePlots(
                dir.resolve("midshort.zip"),
                "Earth Projection 8, 104, \"m\", 81, 0, 0.9996, 500000, 0",
                614_777,
                5_534_298);
        Path folder = dir.resolve("midshort-mif");
        Path mid = folder.resolve("midshort.mid");
        List<String> rows = Files.readAllLines(mid, java.nio.charset.Charset.forName("windows-1251"));
        Files.write(mid, rows.subList(0, 2), java.nio.charset.Charset.forName("windows-1251"));
        Files.delete(zip);
        String message = refused(
                TestFiles.zip(zip, List.of(folder.resolve("midshort.mif"), mid)),
                null,
                null,
                "midshort.mid holds 2 rows of attributes for the 3 objects of midshort.mif",
                SourceProblem.DAMAGED);
        assertThat(message).doesNotContain("sql statement").doesNotContain("GDAL could not read or write");
        // a quotation mark typed before a value: the row is the rest of the file to GDAL
        List<String> quoted = new ArrayList<>(rows);
        quoted.set(1, quoted.get(1).replaceFirst(",\"", ",\"\""));
        Files.write(mid, quoted, java.nio.charset.Charset.forName("windows-1251"));
        Files.delete(zip);
        refused(
                TestFiles.zip(zip, List.of(folder.resolve("midshort.mif"), mid)),
                null,
                null,
                "line 2 of midshort.mid has a quotation mark that is not closed",
                SourceProblem.DAMAGED);
        // one typed inside a value with a comma after it: not a header declaring too few columns
        List<String> inside = new ArrayList<>(rows);
        inside.set(2, inside.get(2).replace("\"нп\"", "\"н\"п, х\""));
        Files.write(mid, inside, java.nio.charset.Charset.forName("windows-1251"));
        Files.delete(zip);
        String stray = refused(
                TestFiles.zip(zip, List.of(folder.resolve("midshort.mif"), mid)),
                null,
                null,
                "line 3 of midshort.mid has a quotation mark that is not closed",
                SourceProblem.DAMAGED);
        assertThat(stray).doesNotContain("declares");
    }

    @Test
    void aGeoJsonCutShortIsSaidToBeDamagedWithTheLineGdalNames() throws Exception {
        Path file = geojson(dir.resolve("gjcut/cut.geojson"), plots(3));
        TestFiles.truncate(file, Files.size(file) - 5);
        String message = refused(
                file,
                null,
                null,
                "cut.geojson: the GeoJSON file is damaged: it is not whole JSON",
                SourceProblem.DAMAGED);
        assertThat(message)
                .contains("GDAL's words: ERROR 1: At line")
                .doesNotContain("FAILURE")
                .doesNotContain("Unable to open datasource")
                .doesNotContain("not in a format GDAL knows");
    }

    @Test
    void shapefileCutInsideItsHeader() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("cut"), "plots", plots(3));
        TestFiles.truncate(shp, 50);
        refused(shp, null, null, "is truncated", SourceProblem.DAMAGED);
    }

    @Test
    void shapefileCutInsideARecord() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("cut2"), "plots", plots(30));
        TestFiles.truncate(shp, Files.size(shp) * 2 / 3);
        String message = refused(
                TestFiles.zip(dir.resolve("cut2.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "plots.shp",
                SourceProblem.DAMAGED);
        assertThat(message).containsIgnoringCase("truncated");
    }

    @Test
    void shapefileWithARecordLengthDamagedIsReadByItsIndex() throws Exception {
        // the first record's header says it is 100,000 words long; the .shx holds every record's place
        // and length, as GDAL reads them when the .shx is there: 30 plots, as drawn
        Path shp = TestFiles.shapefile(dir.resolve("longrec"), "plots", plots(30), "-lco", "ENCODING=UTF-8");
        byte[] bytes = Files.readAllBytes(shp);
        java.nio.ByteBuffer.wrap(bytes).putInt(104, 100_000);
        Files.write(shp, bytes);
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("longrec.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertAccepted(draft, 30);
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(10, 0, 0, 20));
    }

    @Test
    void wrongPrj() throws Exception {
        // longitude/latitude written in a file whose .prj says UTM zone 44N
        Path shp = TestFiles.shapefile(dir.resolve("wrongprj"), "plots", plots(5), "-a_srs", "EPSG:32644");
        String message = refused(
                TestFiles.zip(dir.resolve("wrongprj.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "entirely outside Kazakhstan",
                SourceProblem.WRONG_CRS);
        assertThat(message).contains("Its own numbers are longitude and latitude in Kazakhstan: pass --srs EPSG:4326");
        // Gauss–Krüger metres with the zone in front, under a .prj of the system without it
        Path gk = TestFiles.shapefile(dir.resolve("wronggk"), "plots", plots(5), "-t_srs", "EPSG:28414");
        Files.writeString(
                gk.resolveSibling("plots.prj"),
                Files.readString(TestFiles.shapefile(dir.resolve("noprefix"), "plots", plots(1), "-t_srs", "EPSG:2504")
                        .resolveSibling("plots.prj")));
        stateBefore = state();
        assertThat(refused(
                        TestFiles.zip(dir.resolve("wronggk.zip"), TestFiles.shapefileParts(gk)),
                        null,
                        null,
                        "entirely outside Kazakhstan",
                        SourceProblem.WRONG_CRS))
                .contains("zone 14 in front", "EPSG:28414");
    }

    @Test
    void projectedMetresWithoutPrj() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("noprj"), "plots", plots(5), "-t_srs", "EPSG:32644");
        Files.delete(dir.resolve("noprj/plots.prj"));
        refused(
                TestFiles.zip(dir.resolve("noprj.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "metres of a transverse Mercator projection",
                SourceProblem.NO_CRS);
    }

    @Test
    void gaussKrugerWithZoneWithoutPrj() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("gk"), "plots", plots(5), "-t_srs", "EPSG:28414");
        Files.delete(dir.resolve("gk/plots.prj"));
        refused(
                TestFiles.zip(dir.resolve("gk.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "EPSG:28414",
                SourceProblem.NO_CRS);
    }

    @Test
    void aPrjThatIsNoCoordinateSystemIsQuotedNotAskedFor() throws Exception {
        // the clerk, told to add its .prj, would send the same zip again
        Path shp = TestFiles.shapefile(
                dir.resolve("prjgarbage"), "plots", plots(3), "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:28414");
        Path prj = dir.resolve("prjgarbage/plots.prj");
        String wkt = Files.readString(prj);
        Files.writeString(prj, "this is not a projection, see letter No. 5");
        String message = refused(
                TestFiles.zip(dir.resolve("prjgarbage.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "the shapefile's .prj is not a coordinate system GDAL can read: it begins 'this is not a projection,"
                        + " see letter No. 5'; and the coordinates look like Pulkovo 1942 Gauss–Krüger metres",
                SourceProblem.NO_CRS);
        assertThat(message).endsWith("or write the right one in the .prj.").doesNotContain("add its .prj");
        // its WKT cut in half
        Files.writeString(prj, wkt.substring(0, wkt.length() / 2));
        refused(
                TestFiles.zip(dir.resolve("prjgarbage.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "the shapefile's .prj is not a coordinate system GDAL can read (its WKT is cut short or damaged): it"
                        + " begins 'PROJCS[",
                SourceProblem.NO_CRS);
    }

    @Test
    void degreesInKazakhstanBesideAPrjGdalCannotReadAreSaidToBeReadAsDegreesAndWaitForSomeone() throws Exception {
        // the report said EPSG:4326 and nothing of the .prj: a WKT whole but of words GDAL does not
        // know was not noted at all, and garbage was noted without saying how the numbers were read
        Path shp = TestFiles.shapefile(dir.resolve("prjdegrees"), "plots", plots(3), "-lco", "ENCODING=UTF-8");
        Path prj = dir.resolve("prjdegrees/plots.prj");
        for (String text : List.of(
                "this is not a projection, see letter No. 5",
                "GEOGCS[\"GCS_Kazakh\",DATUM[\"D_Unknown\",SPHEROID[\"Krasovsky\",6378245.0]],"
                        + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]")) {
            Files.writeString(prj, text);
            Path zip = TestFiles.zip(dir.resolve("prjdegrees.zip"), TestFiles.shapefileParts(shp));
            LayerImporter.Draft draft = drafted(zip, null, null);
            assertAccepted(draft, 3);
            String start = text.length() > 60 ? text.substring(0, 60) + "…" : text;
            assertThat(draft.issues())
                    .as(text)
                    .filteredOn(i -> i.detail() != null
                            && String.valueOf(i.detail().get("key")).startsWith("file_prj"))
                    .singleElement()
                    .satisfies(i -> {
                        assertThat(i.severity()).isEqualTo("warning");
                        assertThat(i.detail())
                                .containsEntry("key", "file_prj_read_as_degrees")
                                .containsEntry("file", "plots.prj")
                                .containsEntry("start", start);
                        assertThat(i.message())
                                .isEqualTo("the shapefile's .prj (plots.prj) is not a coordinate system GDAL can"
                                        + " read: it begins '" + start + "'. The coordinates were read as longitude"
                                        + " and latitude (WGS 84), which they look like; check where the features"
                                        + " lie before publishing, or pass the file's coordinate system (--srs)");
                    });
            // its datum unknown: not published at once, someone must look first
            LayerImporter.Imported held = importer.importAndPublish(db, request(zip, null, null), "");
            assertThat(held.draft().accepted()).isEqualTo(3);
            assertThat(held.published()).isNull();
            assertThat(published()).isEqualTo(publishedBefore);
        }
    }

    @Test
    void metresBesideAWholeWktGdalDoesNotKnowAreRefusedQuotingThePrj() throws Exception {
        // the refusal said the file declares no coordinate system, and the clerk has a .prj
        Path gk = TestFiles.shapefile(
                dir.resolve("prjunknown"), "plots", plots(3), "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:28414");
        Files.writeString(dir.resolve("prjunknown/plots.prj"), "GEOGCS[\"x\",BAR[1]]");
        refused(
                TestFiles.zip(dir.resolve("prjunknown.zip"), TestFiles.shapefileParts(gk)),
                null,
                null,
                "the shapefile's .prj is not a coordinate system GDAL can read: it begins 'GEOGCS[\"x\",BAR[1]]';"
                        + " and the coordinates look like Pulkovo 1942 Gauss–Krüger metres",
                SourceProblem.NO_CRS);
    }

    @Test
    void aPrjGdalDoesNotReadIsReadAsAGivenSystemOrSaidToBeEmpty() throws Exception {
        // some programs write the .prj as a PROJ string or an EPSG code, which GDAL reads only as
        // --srs: it took such a .prj for none and asked for the .prj the file has
        Path shp = TestFiles.shapefile(
                dir.resolve("prjtext"), "plots", plots(3), "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:28414");
        Path prj = dir.resolve("prjtext/plots.prj");
        Files.writeString(prj, "");
        refused(
                TestFiles.zip(dir.resolve("prjtext.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "the shapefile's .prj is empty, and the coordinates look like Pulkovo 1942 Gauss–Krüger metres with"
                        + " zone 14 in front of the easting",
                SourceProblem.NO_CRS);
        for (String text : List.of(
                "EPSG:28414",
                "+proj=tmerc +lat_0=0 +lon_0=81 +k=1 +x_0=14500000 +y_0=0 +ellps=krass"
                        + " +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +no_defs\n")) {
            Files.writeString(prj, text);
            LayerImporter.Draft draft =
                    drafted(TestFiles.zip(dir.resolve("prjtext.zip"), TestFiles.shapefileParts(shp)), null, null);
            assertAccepted(draft, 3);
            assertThat(draft.issues())
                    .as(text)
                    .anyMatch(i -> i.code().equals("file")
                            && i.message()
                                    .startsWith("the shapefile's .prj holds " + text.strip()
                                            + ", a definition GDAL does not read from a .prj"));
            assertThat(ofSnapshot(draft, "round(min(ST_XMin(geom))::numeric, 2)"))
                    .isEqualTo("82.60");
        }
    }

    @Test
    void gaussKrugerOfAThreeDegreeZoneWithoutPrjIsToldItsCode() throws Exception {
        // Oskemen in 3° zone 27 (central meridian 81° E), the zone in front of the easting: the 6° zone
        // 27 (EPSG:28427) would put it east of China, and was the advice
        Path shp = TestFiles.shapefile(
                dir.resolve("gk3"), "plots", plots(5), "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:2543");
        Files.delete(dir.resolve("gk3/plots.prj"));
        Path zip = TestFiles.zip(dir.resolve("gk3.zip"), TestFiles.shapefileParts(shp));
        assertThat(refused(zip, null, null, "try --srs EPSG:2543 (3° zone 27", SourceProblem.NO_CRS))
                .doesNotContain("28427");
        // followed, the advice places the plots where they are
        LayerImporter.Draft draft = drafted(zip, "EPSG:2543", null);
        assertAccepted(draft, 5);
        assertThat(ofSnapshot(draft, "round(min(ST_XMin(geom))::numeric, 4)")).isEqualTo("82.6000");
    }

    @Test
    void anEpsgCodeNewerThanProjsDatabaseIsSaidToBeSo() throws Exception {
        // QazTRF-23, Kazakhstan's reference frame of 2025
        String message = refused(
                geojson(dir.resolve("qaztrf.geojson"), plots(2)),
                "EPSG:10941",
                null,
                "EPSG:10941, is not in the database of EPSG codes of this server's PROJ",
                SourceProblem.WRONG_CRS);
        assertThat(message)
                .contains("newer than that database", "as WKT or a PROJ string", "epsg.org")
                .doesNotContain("ERROR 1", "use an EPSG code");
    }

    @Test
    void aGeoJsonNamingACodeProjDoesNotKnowIsNotReadAsWgs84() throws Exception {
        // QazTRF-23 / Gauss–Krüger zone 14 numbers, as a GDAL with a newer EPSG database writes them:
        // GDAL 3.6 drops the crs member it cannot resolve and reads the metres as WGS 84
        Path gk = convert(
                geojson(dir.resolve("qaz-gk/src.geojson"), plots(3)),
                dir.resolve("qaz-gk/gk.geojson"),
                "GeoJSON",
                "-t_srs",
                "EPSG:28414");
        Path named = Files.writeString(
                dir.resolve("qaz-gk/qaz.geojson"),
                Files.readString(gk).replace("urn:ogc:def:crs:EPSG::28414", "urn:ogc:def:crs:EPSG::10948"));
        assertThat(refused(
                        named,
                        null,
                        null,
                        "the coordinate system the file names (its crs member), EPSG:10948, is not in the"
                                + " database of EPSG codes of this server's PROJ",
                        SourceProblem.WRONG_CRS))
                .contains("as WKT or a PROJ string", "QazTRF-23 / Gauss–Krüger zone 14 (EPSG:10948)")
                .doesNotContain("file's coordinate system (WGS 84)");
        // longitude and latitude in Kazakhstan under QazTRF-23's geographic code: read as WGS 84, said so
        LayerImporter.Draft draft =
                drafted(geojson(dir.resolve("qaz-geog.geojson"), plots(3), "urn:ogc:def:crs:EPSG::10941"), null, null);
        assertAccepted(draft, 3);
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("file")
                        && i.message()
                                .startsWith("the file names its coordinate system EPSG:10941, which this"
                                        + " server's PROJ does not know; its coordinates are longitude and latitude in"
                                        + " Kazakhstan and were read as WGS 84"));
        // a code PROJ knows is read as before, without the note
        assertThat(drafted(geojson(dir.resolve("named-4326.geojson"), plots(3), "EPSG:4326"), null, null)
                        .issues())
                .noneMatch(i -> i.message().contains("does not know"));
    }

    @Test
    void aPrjOfAZoneWithItsNumberInFrontThatPutsPlotsInChinaIsRefused() throws Exception {
        // Almaty's plots in 6° zone 13 (EPSG:28413) under the .prj of zone 12: read so, they lie in
        // Xinjiang, 500 km east, inside the longitude/latitude box the importer tested
        List<TestFiles.Feature> almaty = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            almaty.add(TestFiles.plot(
                    "20-311-001-00" + (i + 1), 76.93 + (i % 2) * 0.02, 43.23 + (i / 2) * 0.02, 60, "свободен"));
        }
        Path shp = TestFiles.shapefile(
                dir.resolve("zone12"), "plots", almaty, "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:28413");
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                Files.readString(
                        TestFiles.shapefile(dir.resolve("zone12prj"), "plots", plots(1), "-t_srs", "EPSG:28412")
                                .resolveSibling("plots.prj")));
        Path zip = TestFiles.zip(dir.resolve("zone12.zip"), TestFiles.shapefileParts(shp));
        PgTarget regions = withRegions();
        String before = stateOf(regions);
        Throwable error = catchThrowable(() -> importer.importFile(regions, requestTo("almaty-zone12", zip, null)));
        assertThat(error).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.WRONG_CRS);
        assertThat(error.getMessage())
                .matches("(?s)read in its coordinate system \\(Pulkovo 1942 / Gauss-Kruger zone 12\\), the file"
                        + " lies at longitude 83\\.\\d+ to 83\\.\\d+, latitude 42\\.\\d+ to 42\\.\\d+,"
                        + " outside Kazakhstan: its middle, at longitude 83\\.\\d+, latitude 42\\.\\d+, lies more than"
                        + " 5 km outside every region: if the file is of Kazakhstan, its coordinate system is"
                        + " wrong\\. .*")
                .contains("zone 13 in front of the easting", "try --srs EPSG:28413");
        assertThat(stateOf(regions)).isEqualTo(before);
        // the same zone given with --srs: the refusal speaks of the system given, not of the file's
        Throwable given =
                catchThrowable(() -> importer.importFile(regions, requestTo("almaty-zone12", zip, "EPSG:28412")));
        assertThat(((BadSourceException) given).problem()).isEqualTo(SourceProblem.WRONG_CRS);
        assertThat(given.getMessage())
                .startsWith("read in the coordinate system given (--srs EPSG:28412), the file lies at longitude 83.")
                .contains("if the file is of Kazakhstan, the coordinate system given is wrong. ")
                .contains("try --srs EPSG:28413");
        assertThat(stateOf(regions)).isEqualTo(before);
        // in its own zone, the file is Almaty's
        LayerImporter.Draft right = importer.importFile(regions, requestTo("almaty-zone13", zip, "EPSG:28413"));
        assertAccepted(right, 4);
    }

    @Test
    void numbersWithoutTheZoneUnderAPrjWithItAreGivenTheirZonesCode() throws Exception {
        // the .prj of a Gauss–Krüger zone with its number in front of the easting (14 500 000), over
        // the same zone's numbers without it (x ≈ 614 842): the .prj names the zone, which the numbers
        // alone do not, so the refusal names the code of that zone without the number
        Map<String, String[]> cases = new LinkedHashMap<>();
        // Oskemen, 6° zone 14; Almaty, 3° zone 26 (central meridian 78° E)
        cases.put("EPSG:2504", new String[] {"EPSG:28414", "82.60", "49.95", "6° zone 14", "05-085"});
        cases.put("EPSG:2602", new String[] {"EPSG:2542", "76.93", "43.23", "3° zone 26", "20-311"});
        PgTarget regions = withRegions();
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String twin = c.getKey();
            String[] k = c.getValue();
            String name = "twin" + twin.substring(5);
            List<TestFiles.Feature> features = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                features.add(TestFiles.plot(
                        k[4] + "-051-00" + (i + 1),
                        Double.parseDouble(k[1]) + (i % 2) * 0.02,
                        Double.parseDouble(k[2]) + (i / 2) * 0.02,
                        40,
                        "свободен"));
            }
            Path shp = convert(
                    geojson(dir.resolve(name + "/src.geojson"), features),
                    dir.resolve(name + "/plots.shp"),
                    "ESRI Shapefile",
                    "-lco",
                    "ENCODING=UTF-8",
                    "-t_srs",
                    twin);
            Files.writeString(
                    shp.resolveSibling("plots.prj"),
                    Files.readString(convert(
                                    geojson(dir.resolve(name + "prj/src.geojson"), plots(1)),
                                    dir.resolve(name + "prj/plots.shp"),
                                    "ESRI Shapefile",
                                    "-t_srs",
                                    k[0])
                            .resolveSibling("plots.prj")));
            Path zip = TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp));
            String before = stateOf(regions);
            Throwable error = catchThrowable(() -> importer.importFile(regions, requestTo(name, zip, null)));
            assertThat(error).as(twin).isInstanceOf(BadSourceException.class);
            assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.WRONG_CRS);
            assertThat(error.getMessage())
                    .as(twin)
                    .contains("the numbers are those of " + k[3] + " without the zone number in front of the easting,"
                            + " while its coordinate system has it")
                    .contains("try --srs " + twin)
                    .doesNotContain("the zone cannot be told");
            assertThat(ImportProblems.detail(error)).as(twin).isEqualTo(Map.of("key", "crs_try_code", "code", twin));
            assertThat(stateOf(regions)).isEqualTo(before);
            // in the code offered, the file lies where it was drawn
            LayerImporter.Draft right = importer.importFile(regions, requestTo(name, zip, twin));
            assertAccepted(right, 4);
        }
    }

    @Test
    void aRowWrittenInTheNextZoneIsToldSoNotOnlyOutsideKazakhstan() throws Exception {
        // three plots of Oskemen in 6° zone 14 (EPSG:28414) and a fourth whose easting was written in
        // zone 15 (15 304 457: a plot at 84.3° E), as a surveyor's list of the zones' border gives it:
        // read in the file's zone 14, it lies at 92° E, in Mongolia
        List<TestFiles.Feature> oskemen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            oskemen.add(TestFiles.plot("05-085-052-00" + (i + 1), 82.60 + i * 0.01, 49.95, 40, "свободен"));
        }
        LayerImporter.Draft draft = importer.importFile(
                withRegions(),
                requestTo(
                        "zone15row",
                        rowInAnotherZone(
                                "zone15row",
                                oskemen,
                                "EPSG:28414",
                                TestFiles.plot("05-085-052-004", 84.30, 49.50, 40, "свободен"),
                                "EPSG:28415"),
                        null));
        LayerImporter.Issue row = theOneRejected(draft, 3);
        assertThat(row.row()).isEqualTo(4L);
        assertThat(row.code()).isEqualTo("outside_kazakhstan");
        assertThat(row.message())
                .matches(
                        "the plot lies outside Kazakhstan \\(longitude 9[12]\\.\\d+, latitude 4\\d\\.\\d+\\): its"
                                + " easting, 15\\d{6}, begins with 15, the number of zone 15, while the file's coordinate"
                                + " system is zone 14: the row looks written in zone 15; correct its coordinates in the source");
        assertThat(row.detail()).containsEntry("key", "outside_kazakhstan_plot_other_zone");
        assertThat(String.valueOf(row.detail().get("written"))).isEqualTo("15");
        assertThat(String.valueOf(row.detail().get("zone"))).isEqualTo("14");
    }

    @Test
    void aRowWrittenInTheZoneBeforeIsRejectedThoughItStillFallsInKazakhstan() throws Exception {
        // three plots of Almaty in 6° zone 13 with the zone in front (EPSG:28413), and a fourth, a plot
        // of Astana, written in zone 12 as the surveyor had it (12 67x xxx): read in the file's zone 13,
        // it lies 570 km from Astana, in Kostanay, still in Kazakhstan
        List<TestFiles.Feature> almaty = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            almaty.add(TestFiles.plot("20-311-505-00" + (i + 1), 76.95 + i * 0.005, 43.265, 40, "свободен"));
        }
        LayerImporter.Draft draft = importer.importFile(
                withRegions(),
                requestTo(
                        "zone12row",
                        rowInAnotherZone(
                                "zone12row",
                                almaty,
                                "EPSG:28413",
                                TestFiles.plot("20-311-505-004", 71.45, 51.16, 40, "свободен"),
                                "EPSG:28412"),
                        null));
        LayerImporter.Issue row = theOneRejected(draft, 3);
        assertThat(row.row()).isEqualTo(4L);
        assertThat(row.code()).isEqualTo("other_zone");
        assertThat(row.message())
                .matches(
                        "read in the file's coordinate system, zone 13, the plot lies at longitude 63\\.2\\d+, latitude"
                                + " 50\\.\\d+, but its easting, 12\\d{6}, begins with 12, the number of zone 12: the row looks"
                                + " written in zone 12; correct its coordinates in the source");
        assertThat(row.detail()).containsEntry("key", "other_zone_plot");
        assertThat(String.valueOf(row.detail().get("written"))).isEqualTo("12");
        assertThat(String.valueOf(row.detail().get("zone"))).isEqualTo("13");
        // the three plots of Almaty are published where they were drawn
        try (Connection c = withRegions().connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT string_agg(source_row || ':' || round(ST_X(ST_Centroid(geom))::numeric,"
                                + " 3) || ',' || round(ST_Y(ST_Centroid(geom))::numeric, 3), ' ' ORDER BY source_row) FROM"
                                + " plot_snapshot WHERE layer_revision_id = " + draft.revisionId())) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1:76.950,43.265 2:76.955,43.265 3:76.960,43.265");
        }
        IssueDetails.assertWorded(withRegions());
    }

    /**
     * A zipped Shapefile {@code name} of {@code plots} in {@code epsg} and, as its last row, {@code row}
     * with the numbers of {@code rowEpsg} written into it as they are, as a surveyor's list of a zones'
     * border gives them.
     */
    private Path rowInAnotherZone(
            String name, List<TestFiles.Feature> plots, String epsg, TestFiles.Feature row, String rowEpsg)
            throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve(name), "plots", plots, "-lco", "ENCODING=UTF-8", "-t_srs", epsg);
        Path other = convert(
                geojson(dir.resolve(name + "/row.geojson"), List.of(row)),
                dir.resolve(name + "/row-other-zone.geojson"),
                "GeoJSON",
                "-t_srs",
                rowEpsg);
        // appended without -t_srs: its numbers as written, the other zone's, into the file's
        convert(other, shp, "ESRI Shapefile", "-append", "-nln", "plots");
        return TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp));
    }

    /** The one row {@code draft} rejected, which accepted {@code accepted} others. */
    private static LayerImporter.Issue theOneRejected(LayerImporter.Draft draft, int accepted) {
        assertAccepted(draft, accepted);
        List<LayerImporter.Issue> rejected = draft.issues().stream()
                .filter(i -> i.row() != null && "rejected".equals(i.severity()))
                .toList();
        assertThat(rejected).as(draft.issues().toString()).hasSize(1);
        return rejected.get(0);
    }

    /**
     * A zipped Shapefile {@code name} of {@code plots} written in {@code epsg} but with the {@code .prj}
     * of {@code prjEpsg}, as an export under the neighbouring zone's system has them.
     */
    private Path underAnotherPrj(String name, List<TestFiles.Feature> plots, String epsg, String prjEpsg)
            throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve(name), "plots", plots, "-lco", "ENCODING=UTF-8", "-t_srs", epsg);
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                Files.readString(TestFiles.shapefile(dir.resolve(name + "-prj"), "plots", plots(1), "-t_srs", prjEpsg)
                        .resolveSibling("plots.prj")));
        return TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp));
    }

    @Test
    void aFileWrittenInTheZoneBeforeItsPrjIsRefusedNamingTheZoneItsNumbersAreIn() throws Exception {
        // plots of Astana written in 6° zone 12 with the zone in front (12 66x xxx) under the .prj of
        // zone 13: read so, they lie in Kostanay, in Kazakhstan, 570 km west of Astana
        List<TestFiles.Feature> astana = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            astana.add(TestFiles.plot("01-001-501-00" + (i + 1), 71.40 + i * 0.01, 51.15, 40, "свободен"));
        }
        Path zip = underAnotherPrj("zone12file", astana, "EPSG:28412", "EPSG:28413");
        PgTarget regions = withRegions();
        String before = stateOf(regions);
        Throwable error = catchThrowable(() -> importer.importFile(regions, requestTo("zone12file", zip, null)));
        assertThat(error).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.WRONG_CRS);
        assertThat(error.getMessage())
                .contains("the file's eastings begin with 12, the number of zone 12, while its coordinate system is"
                        + " zone 13 with the number in front")
                .contains("try --srs EPSG:28412");
        assertThat(ImportProblems.detail(error)).isEqualTo(Map.of("key", "crs_try_code", "code", "EPSG:28412"));
        assertThat(stateOf(regions)).isEqualTo(before);
        // read in the code offered, the plots lie in Astana
        LayerImporter.Draft right = importer.importFile(regions, requestTo("zone12file", zip, "EPSG:28412"));
        assertAccepted(right, 4);
        assertThat(right.issues()).noneMatch(i -> i.code().equals("placement"));
    }

    @Test
    void aFileOfSomeOfTheLayersTownsIsNotTakenForAWrongSystem() throws Exception {
        // a layer of plots in two towns 450 km apart, Oskemen and Pavlodar: the middle of its plots
        // lies between the towns, in the steppe, far from any of them
        List<TestFiles.Feature> both = new ArrayList<>();
        List<TestFiles.Feature> pavlodar = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            both.add(TestFiles.plot("05-085-041-00" + (i + 1), 82.66 + i * 0.001, 49.98, 30, "свободен"));
            pavlodar.add(TestFiles.plot("14-218-041-00" + (i + 1), 76.95 + i * 0.001, 52.29, 30, "свободен"));
        }
        both.addAll(pavlodar);
        PgTarget regions = withRegions();
        LayerImporter.Draft first = importer.importFile(
                regions, requestTo("two-towns", geojson(dir.resolve("two-towns.geojson"), both), null));
        assertAccepted(first, 6);
        importer.publish(regions, "two-towns", first.revisionNumber(), "editor", null);
        // Oskemen's plots are sold: the file holds Pavlodar's, where the layer has plots
        LayerImporter.Draft second = importer.importFile(
                regions, requestTo("two-towns", geojson(dir.resolve("pavlodar.geojson"), pavlodar), null));
        assertThat(second.diff().removed()).isEqualTo(3);
        assertThat(second.issues()).noneMatch(i -> i.code().equals("placement"));
        // the same plots 277 km south, where the layer has none, still are
        List<TestFiles.Feature> moved = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            moved.add(TestFiles.plot("14-218-041-00" + (i + 1), 76.95 + i * 0.001, 49.80, 30, "свободен"));
        }
        LayerImporter.Draft third = importer.importFile(
                regions, requestTo("two-towns", geojson(dir.resolve("moved.geojson"), moved), null));
        assertThat(third.issues())
                .anyMatch(i -> i.code().equals("placement")
                        && i.message()
                                .matches("(?s).*around longitude 76\\.95\\d, latitude 49\\.80\\d, 27\\d km from the"
                                        + " layer's published ones.*"));
    }

    @Test
    void aPlotOutsideEveryRegionIsRejectedWhereTheBoxTookItIn() throws Exception {
        PgTarget regions = withRegions();
        // three plots in Oskemen, and one in Xinjiang, inside the box of 45–88.5° E, 40–56.5° N
        List<TestFiles.Feature> features = new ArrayList<>(plots(3));
        features.add(TestFiles.plot("05-085-012-004", 83.04, 42.39, 30, "свободен"));
        // and one 2.2 km across the border with China, within the 5 km the generalised boundaries are
        // given: not rejected
        features.add(TestFiles.plot("05-085-012-005", 84.696, 46.815, 30, "свободен"));
        LayerImporter.Draft draft = importer.importFile(
                regions, requestTo("oskemen-and-xinjiang", geojson(dir.resolve("xinjiang.geojson"), features), null));
        assertThat(draft.rejected()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 4
                        && i.code().equals("outside_kazakhstan")
                        && i.message().startsWith("the plot lies outside Kazakhstan (longitude 83.04"));
        // a new layer whose file lies outside every region is told where, and that its system may be wrong
        List<TestFiles.Feature> china = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            china.add(TestFiles.plot("05-085-013-00" + (i + 1), 83.04 + i * 0.001, 42.39, 30, "свободен"));
        }
        LayerImporter.Draft outside = importer.importFile(
                regions, requestTo("only-xinjiang", geojson(dir.resolve("china.geojson"), china), null));
        assertThat(outside.rejected()).isEqualTo(3);
        assertThat(outside.issues())
                .anyMatch(i -> i.code().equals("placement")
                        && i.message()
                                .startsWith("the file's features lie outside every region, around longitude 83.041,"
                                        + " latitude 42.390: if they are in Kazakhstan, the file's coordinate system is"
                                        + " wrong"));
        IssueDetails.assertWorded(regions);
    }

    /**
     * A file without a coordinate system says how many of its rows lie outside Kazakhstan as its rows
     * are rejected: a plot in Xinjiang lies in the country's box and outside every region, and a plot
     * from Oskemen to Mongolia meets the box and leaves it. That one is told by its whole extent, not
     * by the corner of it that lies in Mongolia.
     */
    @Test
    void aFileWithoutACoordinateSystemCountsTheRowsOutsideAsTheyAreRejected() throws Exception {
        PgTarget regions = withRegions();
        List<TestFiles.Feature> features = new ArrayList<>(plots(3));
        features.add(TestFiles.plot("05-085-012-004", 83.04, 42.39, 30, "свободен"));
        features.add(TestFiles.plot("05-085-012-005", 82.6, 49.9, 30, "свободен")
                .withGeometry(TestFiles.polygon(82.6, 49.9, 89.25, 49.92)));
        Path shp = TestFiles.shapefile(dir.resolve("noprj-beyond"), "plots", features, "-lco", "ENCODING=UTF-8");
        Files.delete(dir.resolve("noprj-beyond/plots.prj"));
        LayerImporter.Draft draft = importer.importFile(
                regions,
                requestTo(
                        "beyond-the-border",
                        TestFiles.zip(dir.resolve("noprj-beyond.zip"), TestFiles.shapefileParts(shp)),
                        null));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("outside_kazakhstan"))
                .extracting(i -> i.row() + " " + i.code() + ": " + i.message())
                .containsExactly(
                        "4 outside_kazakhstan: the plot lies outside Kazakhstan (longitude 83.04000, latitude"
                                + " 42.39000): check the coordinate system of the file",
                        "5 outside_kazakhstan: the plot reaches far outside Kazakhstan (longitude 82.60000 to"
                                + " 89.25000, latitude 49.90000 to 49.92000): the layer holds what lies in Kazakhstan;"
                                + " cut it at the border in the source, or check the coordinate system of the file");
        assertThat(draft.issues())
                .anyMatch(i -> i.row() == null
                        && i.message()
                                .startsWith("2 of the file's 5 features lie outside Kazakhstan, the others in it"));
        IssueDetails.assertWorded(regions);
    }

    /**
     * Kazakhstan's outline in a file of plots is said twice: it is larger than any land plot, and 89 %
     * of it lies outside the region it is counted in, in regions none of which holds more than 10 % of
     * it. A plot beside it is said neither.
     */
    @Test
    void aPlotAsLargeAsTheCountryIsSaidToBeTooLargeAndAcrossManyRegions() throws Exception {
        PgTarget regions = withRegions();
        String outline;
        try (Connection c = regions.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Union(geom), 0.02)) FROM region")) {
            rs.next();
            outline = rs.getString(1);
        }
        List<TestFiles.Feature> features = new ArrayList<>(plots(1));
        Map<String, Object> attributes = new LinkedHashMap<>(features.get(0).properties());
        attributes.put("kad_nomer", "05-085-012-002");
        attributes.remove("ploshad");
        features.add(new TestFiles.Feature(attributes, outline));
        LayerImporter.Draft draft = importer.importFile(
                regions, requestTo("the-country", geojson(dir.resolve("country.geojson"), features), null));
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("huge_plot") || i.code().equals("across_region_border"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.detail().get("key"))
                .containsExactlyInAnyOrder("2 huge_plot huge_plot", "2 across_region_border across_region_borders");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("huge_plot"))
                .extracting(LayerImporter.Issue::message)
                .singleElement()
                .asString()
                .matches("the plot is drawn with an area of 2[67]\\d{7} ha, more than a land plot has \\(at most"
                        + " 1000000 ha\\): check its coordinates, and that the file holds plots, not the outlines"
                        + " of regions or districts");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("across_region_border"))
                .extracting(LayerImporter.Issue::message)
                .singleElement()
                .asString()
                .matches(
                        "the plot crosses region borders: (8\\d|9\\d) % of its area lies in 1\\d other regions, none of"
                                + " which holds more than 10 % of it; it is counted in [A-Za-z ]+\\. Check its coordinates,"
                                + " and that the file holds plots");
        IssueDetails.assertWorded(regions);
    }

    /**
     * A plot across the border with China at Khorgos, some 40 km long, half of it beyond the border and
     * the 5 km the generalised boundaries are given, is said with the share outside; it touches the
     * country, so it is not rejected. Plots in Oskemen are said nothing.
     */
    @Test
    void aPlotAcrossTheStateBorderIsSaidWithTheShareOfItOutside() throws Exception {
        PgTarget regions = withRegions();
        List<TestFiles.Feature> features = new ArrayList<>(plots(2));
        features.add(TestFiles.plot("05-085-012-003", 80.2, 44.18, 30, "свободен")
                .with("ploshad", null)
                .withGeometry(TestFiles.polygon(80.2, 44.18, 80.7, 44.22)));
        LayerImporter.Draft draft = importer.importFile(
                regions, requestTo("khorgos", geojson(dir.resolve("khorgos.geojson"), features), null));
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("across_state_border"))
                .extracting(i -> i.row() + " " + i.message())
                .singleElement()
                .asString()
                .matches("3 the plot crosses Kazakhstan's border: [3-5]\\d % of its area lies outside the country,"
                        + " more than 5 km beyond its regions\\. Check its coordinates");
        IssueDetails.assertWorded(regions);
    }

    /** A database of its own with the regions of the shared boundaries, as ./adalmap run loads them. */
    private static synchronized PgTarget withRegions() throws Exception {
        if (withRegions == null) {
            PgTarget loaded = TestDatabases.fresh("import_corpus_regions");
            loaded.migrate();
            String shared = System.getenv("ADALMAP_SHARED_DATA");
            new kz.adalmap.importers.boundary.BoundaryLoader(new kz.adalmap.importers.gdal.Ogr2Ogr())
                    .load(
                            loaded,
                            Path.of(shared == null || shared.isBlank() ? "../../shared/data" : shared, "kz-admin"));
            withRegions = loaded;
        }
        return withRegions;
    }

    private static PgTarget withRegions;

    private static LayerImporter.Request requestTo(String layer, Path file, String srs) {
        return new LayerImporter.Request(layer, file, profile, srs, null, null, "editor", null, dir.resolve("work"));
    }

    private static String stateOf(PgTarget target) throws SQLException {
        try (Connection c = target.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM layer) || ' layers, '"
                        + " || (SELECT count(*) FROM layer_revision) || ' revisions, '"
                        + " || (SELECT count(*) FROM import_issue) || ' issues'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void swappedAxes() throws Exception {
        List<TestFiles.Feature> swapped = new ArrayList<>();
        for (TestFiles.Feature f : plots(3)) {
            swapped.add(f.withGeometry(TestFiles.polygon(49.95, 82.60, 49.951, 82.601)));
        }
        refused(geojson(dir.resolve("swapped.geojson"), swapped), null, null, "axes swapped", SourceProblem.WRONG_CRS);
    }

    @Test
    void aFileOfAnotherCountryIsSaidToLieOutsideKazakhstan() throws Exception {
        // longitude and latitude that fit their system well: North Carolina's counties
        List<TestFiles.Feature> abroad = new ArrayList<>();
        for (TestFiles.Feature f : plots(3)) {
            abroad.add(f.withGeometry(TestFiles.polygon(-80.0, 35.5, -79.99, 35.51)));
        }
        String message =
                refused(geojson(dir.resolve("abroad.geojson"), abroad), null, null, "", SourceProblem.WRONG_CRS);
        assertThat(message).startsWith("the file lies outside Kazakhstan in its coordinate system (");
        assertThat(message).doesNotContain("do not fit");
    }

    @Test
    void hugeCoordinates() throws Exception {
        List<TestFiles.Feature> huge = List.of(plots(1).get(0).withGeometry(TestFiles.polygon(1e20, 1e20, 2e20, 2e20)));
        refused(geojson(dir.resolve("huge.geojson"), huge), null, null, "not usable numbers", SourceProblem.WRONG_CRS);
    }

    @Test
    void pointsInAPlotsLayer() throws Exception {
        List<TestFiles.Feature> points =
                List.of(plots(1).get(0).withGeometry("{\"type\":\"Point\",\"coordinates\":[82.6,49.95]}"));
        refused(
                geojson(dir.resolve("points.geojson"), points),
                null,
                null,
                "a plots layer needs polygons. If the file is of engineering networks, import it into a networks"
                        + " layer: choose the profile networks (--profile networks on the command line)",
                SourceProblem.WRONG_GEOMETRY_TYPE);
        // a CSV of stations sent without the networks profile
        refused(
                Files.writeString(dir.resolve("stations.csv"), "name;lon;lat\nТП-1;82,6;49,95\n"),
                null,
                null,
                "holds Point geometries; a plots layer needs polygons: each row of the table was read as one point,"
                        + " from its longitude and latitude, and a plot needs its outline: give each plot one row with"
                        + " its outline as WKT in a column wkt (POLYGON((82.6 50.11, 82.601 50.11, …, 82.6 50.11))). If"
                        + " the file is of engineering networks, import it into a networks layer: choose the profile"
                        + " networks",
                SourceProblem.WRONG_GEOMETRY_TYPE);
    }

    @Test
    void aSheetOfPlotsCornersOneARowIsToldHowToMakeTheirOutlines() throws Exception {
        // a clerk's «каталог координат»: the plot's number merged down over its corners' rows
        StringBuilder rows = new StringBuilder(
                TestFiles.xlsxRow(1, "Кадастровый номер", "№ точки", "Долгота", "Широта", "Площадь", "Статус"));
        int row = 2;
        for (int plot = 0; plot < 2; plot++) {
            double x = 82.6 + plot * 0.002;
            double[][] corners = {{x, 50.11}, {x + 0.001, 50.11}, {x + 0.001, 50.111}, {x, 50.111}};
            for (int corner = 0; corner < 4; corner++) {
                rows.append(TestFiles.xlsxRow(
                        row++,
                        corner == 0 ? "05-085-016-00" + (plot + 1) : null,
                        corner + 1,
                        corners[corner][0],
                        corners[corner][1],
                        corner == 0 ? 0.7983 : null,
                        corner == 0 ? "Свободен" : null));
            }
        }
        rows.append("<mergeCells count=\"2\"><mergeCell ref=\"A2:A5\"/><mergeCell ref=\"A6:A9\"/></mergeCells>");
        Path workbook = TestFiles.xlsx(dir.resolve("corners.xlsx"), Map.of("Лист1", rows.toString()), List.of(), false);
        String message = refused(
                workbook,
                null,
                null,
                "holds Point geometries; a plots layer needs polygons: each row of the table was read as one point,"
                        + " from its longitude and latitude, and the rows under one «Кадастровый номер» look like the"
                        + " corners of a plot's outline, one a row, which are not joined into it. Give each plot one"
                        + " row with its outline as WKT in a column wkt",
                SourceProblem.WRONG_GEOMETRY_TYPE);
        assertThat(message)
                .contains("Points to Path (grouped by «Кадастровый номер»")
                .doesNotContain("networks");
    }

    @Test
    void linesInAPlotsLayer() throws Exception {
        List<TestFiles.Feature> lines = List.of(
                plots(1).get(0).withGeometry("{\"type\":\"LineString\",\"coordinates\":[[82.6,49.95],[82.7,49.96]]}"));
        Path shp = TestFiles.shapefile(dir.resolve("lines"), "roads", lines);
        refused(
                TestFiles.zip(dir.resolve("lines.zip"), TestFiles.shapefileParts(shp)),
                null,
                null,
                "a plots layer needs polygons: if the lines are closed boundaries, turn them into polygons first",
                SourceProblem.WRONG_GEOMETRY_TYPE);
    }

    @Test
    void aMapInfoTableOnALocalPlaneNeedsItsDefinition() throws Exception {
        Path zip = TestFiles.mifOfThreePlots(
                dir.resolve("local.zip"), "NonEarth Units \"m\" Bounds (0, 0) (100000, 100000)", 1000, 1000);
        refused(zip, null, null, "local plane with no link to the Earth", SourceProblem.LOCAL_CRS);
        // a city system on Pulkovo 1942, as its surveyors give it
        LayerImporter.Draft draft = drafted(
                zip,
                "+proj=tmerc +lat_0=0 +lon_0=82.6 +k=1 +x_0=-1000 +y_0=-5533000 +ellps=krass"
                        + " +towgs84=25,-141,-78.5,0,0.35,0.736,0 +units=m +no_defs",
                null);
        assertAccepted(draft, 3);
        assertThat(query("SELECT round(ST_X(ST_Centroid(ST_Collect(geom)))::numeric, 1) || ' '"
                        + " || round(ST_Y(ST_Centroid(ST_Collect(geom)))::numeric, 1) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("82.6 49.9");
    }

    @Test
    void aMapInfoTableWhoseCoordinateSystemHasAnAffineTransformationIsRefused() throws Exception {
        // Gauss–Krüger zone 14 shifted by MapInfo's Affine clause, as a city's "conditional" system is
        // derived: GDAL ignores the clause, and the plots would be published 2.5 km off, in Oskemen still
        String coordSys = "Earth Projection 8, 1001, \"m\", 81, 0, 1, 14500000, 0"
                + " Affine Units \"m\", 1, 0, -2000, 0, 1, 1500 Bounds (7500000, 0) (19500000, 10000000)";
        Path zip = TestFiles.mifOfThreePlots(dir.resolve("affine.zip"), coordSys, 14_616_700, 5_536_400);
        assertThat(refused(
                        zip,
                        null,
                        null,
                        "the MapInfo table's coordinate system has an affine transformation (Affine Units \"m\","
                                + " 1, 0, -2000, 0, 1, 1500), which is not read",
                        SourceProblem.WRONG_CRS))
                .contains("Export the table in its base system", "pass the definition of the local system");
        // a coordinate system given is the editor's word for the numbers
        assertAccepted(drafted(zip, "EPSG:28414", null), 3);
        // the identity changes nothing, and is read
        Path identity = TestFiles.mifOfThreePlots(
                dir.resolve("affine-identity.zip"),
                coordSys.replace("1, 0, -2000, 0, 1, 1500", "1, 0, 0, 0, 1, 0"),
                14_614_700,
                5_537_900);
        assertAccepted(drafted(identity, null, null), 3);
    }

    @Test
    void unknownCoordinateSystem() throws Exception {
        refused(
                geojson(dir.resolve("srs.geojson"), plots(2)),
                "EPSG:999999",
                null,
                "coordinate system given",
                SourceProblem.WRONG_CRS);
    }

    @Test
    void fileOverTheSizeLimit() throws Exception {
        LayerImporter small = LayerImporter.withGdal(1024 * 1024);
        Path big = geojson(dir.resolve("big.geojson"), plots(3000));
        assertThat(Files.size(big)).isGreaterThan(1024 * 1024);
        assertThatThrownBy(() -> small.importFile(db, request(big, null, null)))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("more than the limit of 1.0 MB");
        assertThat(state()).isEqualTo(stateBefore);
    }

    @Test
    void twoGigabyteUploadOverTheLimit() throws Exception {
        Path huge = dir.resolve("cadastre-2gb.zip");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            // sparse: two gigabytes long, no disk used
            file.setLength(2L * 1024 * 1024 * 1024);
        }
        refused(huge, null, null, "is 2048.0 MB, more than the limit of 64.0 MB", SourceProblem.TOO_LARGE);
        Files.delete(huge);
    }

    @Test
    void layerThatDoesNotExistInTheFile() throws Exception {
        Path gpkg = convert(
                geojson(dir.resolve("gpkgl/src.geojson"), plots(3)),
                dir.resolve("gpkgl/plots.gpkg"),
                "GPKG",
                "-nln",
                "uchastki");
        Throwable error = catchThrowable(() -> importer.importFile(db, request(gpkg, null, null, "no_such_layer")));
        assertThat(error).isInstanceOfAny(BadSourceException.class, GdalException.class);
        assertThat(error.getMessage()).contains("no_such_layer");
        assertThat(state()).isEqualTo(stateBefore);
    }

    // ---------------------------------------------------------------------------------------------
    // files whose bad features are reported one by one

    @Test
    void badFeaturesAreReportedWithTheirRowAndReason() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(14));
        // 2: a bow tie, which no repair can keep the area of
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":[[[82.6,49.9],[82.601,49.901],"
                                + "[82.601,49.9],[82.6,49.901],[82.6,49.9]]]}"));
        // 3: a square with a zero-width spike: invalid, repaired without changing the area
        f.set(
                2,
                f.get(2)
                        .withGeometry(
                                "{\"type\":\"Polygon\",\"coordinates\":[[[82.62,49.9],[82.621,49.9],"
                                        + "[82.621,49.9005],[82.6215,49.9005],[82.621,49.9005],[82.621,49.901],[82.62,49.901],[82.62,49.9]]]}")
                        .with("ploshad", null));
        // 4: a point in a plots file
        f.set(3, f.get(3).withGeometry("{\"type\":\"Point\",\"coordinates\":[82.6,49.95]}"));
        // 5: no geometry
        f.set(4, f.get(4).withGeometry("null"));
        // 6: malformed number
        f.set(5, f.get(5).with("kad_nomer", "05-085-12"));
        // 7 and 8: the same number twice
        f.set(7, f.get(7).with("kad_nomer", f.get(6).properties().get("kad_nomer")));
        // 9: a status no one mapped
        f.set(8, f.get(8).with("status", "продан с торгов"));
        // 10: declared 5 ha, drawn 0.09 ha
        f.set(9, f.get(9).with("ploshad", "5,0"));
        // 11 and 12: the second lies half on the first
        f.set(
                11,
                f.get(11)
                        .withGeometry(
                                TestFiles.plot(null, 82.6063, 49.95, 30, "x").geometry()));
        f.set(
                10,
                f.get(10)
                        .withGeometry(
                                TestFiles.plot(null, 82.6061, 49.95, 30, "x").geometry()));
        // 13: in Turkey
        f.set(12, f.get(12).withGeometry(TestFiles.polygon(30.0, 40.0, 30.001, 40.001)));
        // 14: unreadable date and price, an unknown field kept
        f.set(13, f.get(13).with("data_auk", "завтра").with("cena", "дорого").with("zhol", "Абай даңғылы"));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("messy.geojson"), f), null, null);

        Map<Long, List<String>> byRow = new LinkedHashMap<>();
        for (LayerImporter.Issue issue : draft.issues()) {
            byRow.computeIfAbsent(issue.row(), r -> new ArrayList<>())
                    .add(issue.severity() + " " + issue.code() + ": " + issue.message());
        }
        assertThat(byRow.get(1L)).isNull();
        assertThat(byRow.get(2L))
                .first()
                .asString()
                .startsWith("rejected invalid_geometry: the geometry is invalid (its outline crosses itself at ");
        assertThat(query(
                        "SELECT jsonb_path_query_first(detail, 'strict $.**.key ? (@ == \"geos_located_at\")') IS NOT NULL"
                                + " AND jsonb_path_exists(detail, 'strict $.**.x ? (@.type() == \"number\")')"
                                + " FROM import_issue WHERE layer_revision_id = " + draft.revisionId()
                                + " AND source_row = 2"
                                + " AND code = 'invalid_geometry'"))
                .as("where, as numbers each language writes its own way")
                .isEqualTo("t");
        assertThat(byRow.get(3L)).singleElement().asString().startsWith("repaired invalid_geometry");
        assertThat(byRow.get(4L)).first().asString().contains("rejected not_polygon", "the geometry is a point;");
        assertThat(byRow.get(5L)).first().asString().contains("rejected empty_geometry");
        assertThat(byRow.get(6L)).first().asString().contains("rejected bad_cadastral_number", "05-085-12");
        // drawn as the public plot 05-085-012-006, whose number no other row carries: that plot stays
        assertThat(byRow.get(6L))
                .last()
                .asString()
                .startsWith("warning kept_published: plot 05-085-012-006 keeps its published version");
        assertThat(byRow.get(7L))
                .first()
                .asString()
                .contains("rejected duplicate_cadastral_number", "05-085-012-007", "rows 7, 8");
        assertThat(byRow.get(8L)).first().asString().contains("rejected duplicate_cadastral_number");
        assertThat(byRow.get(9L)).first().asString().contains("rejected unknown_status", "продан с торгов");
        assertThat(byRow.get(2L)).last().asString().startsWith("warning kept_published");
        assertThat(byRow.get(10L))
                .singleElement()
                .asString()
                .contains("warning area_mismatch", "5 ha")
                .matches(".* by \\d+\\.\\d %: \\d+ times the drawn area");
        assertThat(byRow.get(11L)).singleElement().asString().contains("warning overlap: overlaps row 12");
        assertThat(byRow.get(12L)).singleElement().asString().contains("warning overlap: overlaps row 11");
        assertThat(byRow.get(13L)).first().asString().contains("rejected outside_kazakhstan");
        assertThat(byRow.get(14L))
                .hasSize(2)
                .anyMatch(m -> m.contains("bad_date") && m.contains("завтра"))
                .anyMatch(m -> m.contains("bad_number") && m.contains("дорого"));

        assertThat(draft.features()).isEqualTo(14);
        // 7 rejected, of which 4 carry the number of a public plot whose published version is kept, and
        // one is drawn as one
        assertThat(draft.rejected()).isEqualTo(14 - draft.accepted());
        assertThat(snapshotKeys(draft.revisionId()))
                .contains("05-085-012-002", "05-085-012-004", "05-085-012-006", "05-085-012-007", "05-085-012-009");
        assertThat(ofRow(draft, 14, "extra->>'zhol'")).isEqualTo("Абай даңғылы");
        assertThat(query("SELECT count(*) FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()
                        + " AND NOT ST_IsValid(geom)"))
                .isEqualTo("0");
    }

    @Test
    void aPlotWhoseNumberWasMistypedStaysWhereTheFeatureIsDrawnAsIt() throws Exception {
        // the layer saved again with a Cyrillic О for a zero in plot 3's number, its corners moved by
        // some 10 cm on the way: the number is refused, and the public plot is kept, not removed
        List<TestFiles.Feature> f = new ArrayList<>(plots(20));
        double lon = 82.60 + 2 * 0.0006 + 0.000001;
        double dLon = 30 / (111_320.0 * Math.cos(Math.toRadians(49.95)));
        f.set(
                2,
                f.get(2)
                        .with("kad_nomer", "05-085-О12-003")
                        .withGeometry(TestFiles.polygon(lon, 49.95, lon + dLon, 49.95 + 30 / 111_320.0)));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("mistyped.geojson"), f), null, null);
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(3).equals(i.row()) && i.code().equals("bad_cadastral_number"))
                .anyMatch(i -> Long.valueOf(3).equals(i.row())
                        && i.code().equals("kept_published")
                        && i.message().startsWith("plot 05-085-012-003 keeps its published version"));
        assertThat(draft.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 20));
    }

    @Test
    void unclosedRingsAreClosedAndReported() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(2));
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":[[[82.6006,49.95],[82.601,49.95],"
                                + "[82.601,49.9503],[82.6006,49.9503]]]}"));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("unclosed.geojson"), f), null, null);
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("gdal")
                        && i.detail().get("key").equals("gdal_unclosed_ring")
                        && i.message().startsWith("one or more outlines of the file were not closed")
                        && !i.message().contains("times"))
                .noneMatch(i -> i.message().contains("OGR_GEOMETRY_ACCEPT_UNCLOSED_RING"));
    }

    @Test
    void aGeometryASpreadsheetCutAtItsCellsLimitIsNamedSo() throws Exception {
        // a large plot's outline, longer than the 32,767 characters an Excel cell holds, cut there
        StringBuilder outline = new StringBuilder("POLYGON((82.6 49.95");
        for (int i = 1; outline.length() < 40_000; i++) {
            outline.append(String.format(java.util.Locale.ROOT, ",%.6f %.6f", 82.6 + i * 1e-7, 49.95 + i * 1e-7));
        }
        String cut = outline.substring(0, 32_767);
        Path csv = Files.writeString(
                dir.resolve("excel-cut.csv"),
                "kad_nomer;status;kategor;WKT\n"
                        + "05-085-012-001;бос;нп;\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,"
                        + "82.6 49.95))\"\n05-085-012-002;бос;нп;\"" + cut + "\"\n");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.accepted()).isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("file")
                        && i.message().startsWith("1 of the rows (the first on line 3) hold a cell of exactly 32,767"))
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && Long.valueOf(3).equals(i.fileRow())
                        && "line".equals(i.rowUnit())
                        && i.severity().equals("rejected"));

        // the same row in a workbook's sheet, the rest of the outline in the next column as a clerk
        // splits it: named by the sheet's row, as its rejection is
        String sheet =
                TestFiles.xlsxRow(1, "Кадастровый номер", "Статус", "Категория земель", "WKT", "WKT (продолжение)")
                        + TestFiles.xlsxRow(
                                2,
                                "05-085-012-001",
                                "бос",
                                "нп",
                                "POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))")
                        + TestFiles.xlsxRow(3, "05-085-012-002", "бос", "нп", cut, outline.substring(32_767));
        Path workbook = TestFiles.xlsx(dir.resolve("excel-cut.xlsx"), Map.of("Участки", sheet), List.of(), false);
        LayerImporter.Draft fromSheet = drafted(workbook, null, null);
        assertThat(fromSheet.accepted()).isEqualTo(1);
        assertThat(fromSheet.issues())
                .anyMatch(i -> i.code().equals("file")
                        && i.message().startsWith("1 of the rows (the first: row 3) hold a cell of exactly 32,767"))
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && Long.valueOf(3).equals(i.fileRow())
                        && "row".equals(i.rowUnit())
                        && i.severity().equals("rejected"));
    }

    @Test
    void aNulCharacterInAGeoJsonTextDoesNotCutIt() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(2));
        f.set(1, f.get(1).with("adres", "ул. Абая<NUL>, 12"));
        Path file = geojson(dir.resolve("nul.geojson"), f);
        // JSON's escape of the character, as a database export writes a C string's end
        Files.writeString(file, Files.readString(file).replace("<NUL>", "\\u0000"));
        LayerImporter.Draft draft = drafted(file, null, null);
        assertThat(ofRow(draft, 2, "address")).isEqualTo("ул. Абая, 12");
        assertThat(draft.issues())
                .anyMatch(i ->
                        i.code().equals("file") && i.message().startsWith("1 text of the file held the character NUL"));
    }

    @Test
    void notANumberCoordinatesInCsv() throws Exception {
        Path csv = Files.writeString(dir.resolve("nan.csv"), """
                kad_nomer,status,kategor,wkt
                05-085-012-001,свободен,нп,"POLYGON((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))"
                05-085-012-002,свободен,нп,"POLYGON((nan nan,82.6014 49.95,82.6014 49.9503,82.601 49.9503,nan nan))"
                """);
        LayerImporter.Draft draft = drafted(csv, "EPSG:4326", null);
        assertThat(draft.accepted()).isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(2).equals(i.row()) && i.severity().equals("rejected"));
    }

    @Test
    void cyrillicFieldNamesInCapitals() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(3)) {
            java.util.Map<String, Object> ru = new LinkedHashMap<>();
            ru.put("КАД_НОМЕР", p.properties().get("kad_nomer"));
            ru.put("Статус", "Свободен");
            ru.put("КАТЕГОРИЯ", "Земли населенных пунктов");
            ru.put("Адрес", "г. Усть-Каменогорск");
            f.add(new TestFiles.Feature(ru, p.geometry()));
        }
        assertAccepted(drafted(zippedShapefile("cyrfields", f, "CP1251"), null, null), 3);
        assertThat(query("SELECT string_agg(DISTINCT status || ' ' || land_category || ' ' || address, ',')"
                        + " FROM plot_snapshot WHERE layer_revision_id = (SELECT max(id) FROM layer_revision)"))
                .isEqualTo("free settlement г. Усть-Каменогорск");
    }

    @Test
    void cyrillicFieldNamesCutByAUtf8Shapefile() throws Exception {
        // QGIS writes Shapefiles in UTF-8, where a DBF's 10 bytes hold 5 Cyrillic letters
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(4)) {
            java.util.Map<String, Object> ru = new LinkedHashMap<>();
            ru.put("Кадастровый номер", p.properties().get("kad_nomer"));
            ru.put("Статус", p.properties().get("status"));
            ru.put("Категория", "Земли населенных пунктов");
            ru.put("Площадь", p.properties().get("ploshad"));
            ru.put("Адрес", "г. Усть-Каменогорск");
            f.add(new TestFiles.Feature(ru, p.geometry()));
        }
        LayerImporter.Draft draft = drafted(zippedShapefile("cut", f, "UTF-8"), null, null);
        assertAccepted(draft, 4);
        assertThat(query("SELECT string_agg(status || ' ' || cadastral_number || ' ' || area_declared_ha, ','"
                        + " ORDER BY source_row) FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("free 05-085-012-001 0.0900,allocated 05-085-012-002 0.0900,"
                        + "allocated 05-085-012-003 0.0900,allocated 05-085-012-004 0.0900");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("field_name_cut") && i.message().startsWith("the field 'Стату'"))
                .noneMatch(i -> i.code().equals("default_used")
                        || i.code().equals("missing_field") && i.message().contains("status"));
    }

    @Test
    void fieldNamesShortenedByHand() throws Exception {
        // a land office's own short names, not a DBF's cut: «НАЗНАЧЕН» for «назначение», «КАТЕГОРИ» for «категория»
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(2)) {
            java.util.Map<String, Object> ru = new LinkedHashMap<>();
            ru.put("КАД_НОМЕР", p.properties().get("kad_nomer"));
            ru.put("СТАТУС", "свободен");
            ru.put("КАТЕГОРИ", "Земли населенных пунктов");
            ru.put("НАЗНАЧЕН", "для строительства магазина");
            // a word of its own, not «аукцион_күні» shortened: whether an auction is held
            ru.put("Аукцион", "состоится");
            f.add(new TestFiles.Feature(ru, p.geometry()));
        }
        LayerImporter.Draft draft = drafted(zippedShapefile("short", f, "CP1251"), null, null);
        assertAccepted(draft, 2);
        // features with warnings, of the 2: the notes on the whole file are listed, not counted
        assertThat(draft.warnings()).isLessThanOrEqualTo(2);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT land_category || ' ' || intended_purpose_ru, ',')"))
                .isEqualTo("settlement для строительства магазина");
        assertThat(ofSnapshot(
                        draft, "string_agg(DISTINCT (auction_date IS NULL) || ' ' || (extra ->> 'Аукцион'), ',')"))
                .isEqualTo("true состоится");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("field_name_cut"))
                .extracting(LayerImporter.Issue::message)
                .containsExactlyInAnyOrder(
                        "the field 'КАТЕГОРИ' is read as land_category: its name is the beginning of a name the profile"
                                + " knows for it",
                        "the field 'НАЗНАЧЕН' is read as intended_purpose_ru: its name is the beginning of a name"
                                + " the profile knows for it");
    }

    @Test
    void aProfileDefaultGivenToEveryFeatureIsSaid() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(2)) {
            java.util.Map<String, Object> without = new LinkedHashMap<>(p.properties());
            without.remove("status");
            f.add(new TestFiles.Feature(without, p.geometry()));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("nostatus.geojson"), f), null, null);
        assertAccepted(draft, 2);
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("default_used")
                        && i.message().contains("status")
                        && i.message().contains("'free'"));
    }

    @Test
    void kazakhAndRussianWordsTypedWithLatinLookAlikesAreTheWordsTheyLookLike() throws Exception {
        // the Latin i for «і», as most Kazakh keyboards leave people to type it, in a field's name
        // and in its words; Latin c, o, e in a Russian word, as typed on a Latin layout or read by OCR
        String[][] rows = {
            {"бос", "елді мекен"},
            {"бос", "елдi мекен"},
            {"берiлдi", "елді мекендердің жерлері"},
            {"бос", "елдi мекендердiң жерлерi"},
            {"cвoбoдeн", "земли населенных пунктов"},
            {"свобoдеn", "земли населенных пунктов"}
        };
        List<TestFiles.Feature> f = new ArrayList<>();
        List<TestFiles.Feature> base = plots(rows.length);
        for (int i = 0; i < rows.length; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kad_nomer", base.get(i).properties().get("kad_nomer"));
            p.put("мәртебесi", rows[i][0]);
            p.put("жер_санаты", rows[i][1]);
            f.add(new TestFiles.Feature(p, base.get(i).geometry()));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("latin-i.geojson"), f), null, null);
        // row 6 is rejected (below), its plot keeping its published version
        assertThat(query("SELECT string_agg(source_row || ' ' || status || ' ' || land_category, ', '"
                        + " ORDER BY source_row) FROM plot_snapshot WHERE source_row < 6 AND layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("1 free settlement, 2 free settlement, 3 allocated settlement, 4 free settlement,"
                        + " 5 free settlement");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("default_used"));
        // a word with a Latin letter no Cyrillic one looks like is not known, and the report says why
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(6).equals(i.row())
                        && i.code().equals("unknown_status")
                        && i.message().contains("'свобoдеn' is not known")
                        && i.message().contains("it contains the Latin letters n, o among Cyrillic ones"));

        // a status field's name with a Latin letter no Cyrillic one looks like is not the status's,
        // and its values (codes of the department's own) do not tell it either
        List<TestFiles.Feature> g = new ArrayList<>();
        for (TestFiles.Feature p : plots(2)) {
            Map<String, Object> without = new LinkedHashMap<>(p.properties());
            without.remove("status");
            without.put("стaтуs", "4");
            g.add(new TestFiles.Feature(without, p.geometry()));
        }
        LayerImporter.Draft mixed = drafted(geojson(dir.resolve("mixed-name.geojson"), g), null, null);
        assertThat(mixed.issues())
                .anyMatch(i -> i.code().equals("default_used")
                        && i.message().contains("'стaтуs' contains the Latin letters a, s among Cyrillic ones"));
    }

    @Test
    void twoFieldsThatCouldHoldOneValueAreNamedWithTheOneRead() throws Exception {
        // the status in English and in Russian, which a department updated in one column only
        List<TestFiles.Feature> f = new ArrayList<>();
        List<TestFiles.Feature> base = plots(4);
        for (int i = 0; i < base.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>(base.get(i).properties());
            p.put("status", "свободен");
            p.put("статус", i == 0 ? "free" : "предоставлен");
            f.add(new TestFiles.Feature(p, base.get(i).geometry()));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("twostatus.geojson"), f), null, null);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT status, ',')")).isEqualTo("free");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("field_ambiguous"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .startsWith("2 fields could hold status: 'status', 'статус'; 'status' was read")
                        .contains("they differ in 3 of the 4 features"));

        // the area in square metres and in hectares, both under names that begin with the profile's
        List<TestFiles.Feature> g = new ArrayList<>();
        // the same areas in hectares and in square metres, but for the third plot's
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            Object hectares = p.remove("ploshad");
            p.put("площадь_кв_м", g.size() == 2 ? 1500.0 : Double.parseDouble((String) hectares) * 10_000);
            p.put("ploshad_ga", hectares);
            g.add(new TestFiles.Feature(p, plot.geometry()));
        }
        LayerImporter.Draft areas = drafted(geojson(dir.resolve("areaboth.geojson"), g), null, null);
        assertThat(ofSnapshot(areas, "string_agg(DISTINCT area_declared_ha::text, ',')"))
                .isEqualTo("0.0900");
        assertThat(areas.issues())
                .anyMatch(i -> i.code().equals("field_ambiguous")
                        && i.message()
                                .startsWith(
                                        "2 fields could hold area_declared_ha: 'ploshad_ga', 'площадь_кв_м';"
                                                + " 'ploshad_ga' was read (it comes first in the profile cadastre-export's order")
                        && i.message().contains("they differ in 1 of the 3 features"))
                .noneMatch(i -> i.code().equals("missing_field") && i.message().contains("area_declared_ha"));
    }

    @Test
    void aZipInAZip() throws Exception {
        Path inner = zippedShapefile("nested", plots(2), "UTF-8");
        Path outer = TestFiles.zipEntries(
                dir.resolve("outer.zip"), Map.of("Выгрузка участков.zip", Files.readAllBytes(inner)));
        LayerImporter.Draft draft = drafted(outer, null, null);
        assertAccepted(draft, 2);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the zip held another zip"));
        // passed on once more: a zip of a zip of the zip, read one level down only, is said as such
        stateBefore = state();
        Path twice = TestFiles.zipEntries(dir.resolve("twice.zip"), Map.of("level1.zip", Files.readAllBytes(outer)));
        String refusal = refused(
                twice,
                null,
                null,
                "the zip holds only another zip, level1.zip, which itself holds only another zip, Выгрузка"
                        + " участков.zip: AdalMap reads a zip in a zip, not deeper; send Выгрузка участков.zip"
                        + " itself",
                SourceProblem.UNSUPPORTED_FORMAT);
        assertThat(refusal).doesNotContain("no GIS data");
    }

    @Test
    void aShapefileWhosePartsDifferInTheCaseOfTheirNames() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("case"), "plots", plots(3), "-lco", "ENCODING=UTF-8");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path part : TestFiles.shapefileParts(shp)) {
            String name = part.getFileName().toString();
            // the geometry renamed in capitals, the attributes left as they were
            entries.put(
                    name.startsWith("plots.sh") ? name.toUpperCase(java.util.Locale.ROOT) : name,
                    Files.readAllBytes(part));
        }
        LayerImporter.Draft draft = drafted(TestFiles.zipEntries(dir.resolve("case.zip"), entries), null, null);
        assertAccepted(draft, 3);
        assertThat(addresses(draft)).allMatch(a -> a.startsWith("г. Усть-Каменогорск"));
    }

    @Test
    void zipFromWindowsWithCyrillicNamesAndMacResourceForks() throws Exception {
        Path shp = TestFiles.shapefile(dir.resolve("win"), "участки", plots(3), "-lco", "ENCODING=CP1251");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path part : TestFiles.shapefileParts(shp)) {
            entries.put("Выгрузка/" + part.getFileName(), Files.readAllBytes(part));
            entries.put("__MACOSX/Выгрузка/._" + part.getFileName(), new byte[] {0, 5, 22, 7});
        }
        Path zip = TestFiles.zipEntries(dir.resolve("win.zip"), entries, java.nio.charset.Charset.forName("IBM866"));
        assertAccepted(drafted(zip, null, null), 3);
    }

    @Test
    void aFileWithSeveralLayersImportsTheFirstAndSaysSo() throws Exception {
        Path gpkg = dir.resolve("multi/cadastre.gpkg");
        convert(geojson(dir.resolve("multi/plots.geojson"), plots(4)), gpkg, "GPKG", "-nln", "plots");
        addRoadsLayer(gpkg);
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertAccepted(draft, 4);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("holds 2 layers (plots, roads)"));
    }

    @Test
    void theTablesQgisKeepsInAGeoPackageBesideItsLayersAreNotCountedAsLayers() throws Exception {
        // QGIS saves a layer's style, and may save its project, as tables of the GeoPackage
        Path gpkg = dir.resolve("styled/cadastre.gpkg");
        convert(geojson(dir.resolve("styled/plots.geojson"), plots(4)), gpkg, "GPKG", "-nln", "plots");
        Path styles = Files.writeString(
                dir.resolve("styled/layer_styles.csv"),
                "f_table_catalog,f_table_schema,f_table_name,f_geometry_column,styleName,styleQML,styleSLD,"
                        + "useAsDefault,description,owner,ui,update_time\n"
                        + ",,plots,geom,plots,\"<qgis/>\",\"<StyledLayerDescriptor/>\",1,,,,2026-11-02\n");
        TestFiles.ogr2ogr("-update", "-nln", "layer_styles", gpkg.toString(), styles.toString());
        Path project = Files.writeString(
                dir.resolve("styled/qgis_projects.csv"), "name,metadata,content\ncadastre,{},504b0304\n");
        TestFiles.ogr2ogr("-update", "-nln", "qgis_projects", gpkg.toString(), project.toString());
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertAccepted(draft, 4);
        assertThat(draft.issues()).noneMatch(i -> i.message().contains(" layers ("));
        // the file's layers of data are still counted, and named, without them
        addRoadsLayer(gpkg);
        draft = drafted(gpkg, null, null);
        assertAccepted(draft, 4);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("holds 2 layers (plots, roads)"));
    }

    @Test
    void aGeoPackageWhosePlotsComeAfterTheirLabelsImportsThePlots() throws Exception {
        // QGIS lists a project's layers as drawn: the labels' points above the plots
        Path gpkg = dir.resolve("labelled/cadastre.gpkg");
        List<TestFiles.Feature> labels = TestFiles.labelsOf(plots(4));
        convert(geojson(dir.resolve("labelled/labels.geojson"), labels), gpkg, "GPKG", "-nln", "подписи");
        TestFiles.ogr2ogr(
                "-update",
                "-nln",
                "участки",
                gpkg.toString(),
                geojson(dir.resolve("labelled/plots.geojson"), plots(4)).toString());
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertAccepted(draft, 4);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("holds 2 layers (участки, подписи)"));
        // a layer of geometries of any type that holds only points is refused as one of points
        stateBefore = state();
        Path untyped = convert(
                geojson(dir.resolve("untyped/labels.geojson"), labels),
                dir.resolve("untyped/labels.gpkg"),
                "GPKG",
                "-nlt",
                "GEOMETRY");
        refused(untyped, null, null, "holds no polygons, only point", SourceProblem.WRONG_GEOMETRY_TYPE);
    }

    @Test
    void aGeoPackageOfTwoLayersOfPlotsIsRefusedUntilOneIsNamed() throws Exception {
        // last year's plots were added first: published, the first layer took this year's plots off
        Path gpkg = dir.resolve("archive/cadastre.gpkg");
        convert(geojson(dir.resolve("archive/old.geojson"), plots(3)), gpkg, "GPKG", "-nln", "архив_2019");
        Path current = geojson(dir.resolve("archive/plots.geojson"), plots(5));
        TestFiles.ogr2ogr("-update", "-nln", "участки", gpkg.toString(), current.toString());
        // an empty layer of polygons, and one of lines, are no candidates
        TestFiles.ogr2ogr(
                "-update", "-nln", "пустой", "-where", "kad_nomer = 'none'", gpkg.toString(), current.toString());
        addRoadsLayer(gpkg);
        refused(
                gpkg,
                null,
                null,
                "the file holds 2 layers of polygons with features (архив_2019, участки); name the one to import as"
                        + " the layer in the file (e.g. архив_2019), or send one layer at a time",
                SourceProblem.SEVERAL_DATASETS);
        assertAccepted(importer.importFile(db, request(gpkg, null, null, "участки")), 5);
        assertAccepted(importer.importFile(db, request(gpkg, null, null, "архив_2019")), 3);
    }

    @Test
    void aPropertyWithoutANameIsReadUnderANameOfItsOwn() throws Exception {
        // mapshaper and pandas may write a property "", which PostgreSQL cannot name a column
        List<TestFiles.Feature> features =
                plots(3).stream().map(f -> f.with("", "9")).toList();
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("nameless.geojson"), features), null, null);
        assertAccepted(draft, 3);
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.message().equals("a field without a name is read as 'field_6': a column needs a name"));
        assertThat(ofRow(draft, 1, "extra ->> 'field_6'")).isEqualTo("9");
    }

    @Test
    void twoFieldsWhoseNamesDifferInTheCaseOfCyrillicLettersKeepTheirNames() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            plot.properties().forEach((k, v) -> properties.put(k.equals("status") ? "статус" : k, v));
            properties.put("Статус", "изъят");
            features.add(new TestFiles.Feature(properties, plot.geometry()));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("case.geojson"), features), null, null);
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("статус_2"));
        assertThat(draft.issues())
                .anyMatch(i ->
                        i.message().startsWith("2 fields could hold status: 'статус', 'Статус'; 'статус' was read"));
    }

    @Test
    void twoFieldsWhoseNamesDifferInTheCaseOfLatinLettersKeepTheirNames() throws Exception {
        // a GeoJSON written by a script that added its own Status beside the export's STATUS, and two
        // notes: GDAL lowers Latin names, and read one of each pair as status_2, note_2
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            plot.properties().forEach((k, v) -> properties.put(k.equals("status") ? "STATUS" : k, v));
            properties.put("Status", "изъят");
            properties.put("Note", "проверено");
            properties.put("NOTE", "на выезде");
            features.add(new TestFiles.Feature(properties, plot.geometry()));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("latin-case.geojson"), features), null, null);
        assertAccepted(draft, 3);
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("_2"));
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("2 fields could hold status: 'STATUS', 'Status'; 'STATUS' was read (of names that"
                                + " differ only in the case of their letters, which a profile does not tell apart, it"
                                + " comes first in the file) and the other is kept in extra; they differ in 3 of the 3"
                                + " features: if 'STATUS' is not the right one, give the fields names that differ in"
                                + " more than the case of their letters"));
        // the plot's status is the first one's, the other kept under its own name, as are both notes
        assertThat(ofRow(draft, 1, "status || ' ' || (extra ->> 'Status')")).isEqualTo("free изъят");
        assertThat(ofRow(draft, 1, "(extra ->> 'Note') || ' | ' || (extra ->> 'NOTE')"))
                .isEqualTo("проверено | на выезде");
        assertThat(ofRow(draft, 1, "extra ?| array['status', 'note', 'status_2', 'note_2']"))
                .isEqualTo("f");
    }

    @Test
    void twoColumnsOfACsvFileWhoseNamesDifferInCaseKeepTheirNames() throws Exception {
        Path csv = Files.writeString(dir.resolve("area-case.csv"), """
                wkt,kad_nomer,status,kategor,Area_ha,AREA_HA
                "POLYGON ((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))",05-085-012-001,свободен,Земли населенных пунктов,0.09,900
                "POLYGON ((82.601 49.95,82.6014 49.95,82.6014 49.9503,82.601 49.9503,82.601 49.95))",05-085-012-002,свободен,Земли населенных пунктов,0.09,0.09
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                                .startsWith(
                                        "2 fields could hold area_declared_ha: 'Area_ha', 'AREA_HA'; 'Area_ha' was read"
                                                + " (of names that differ only in the case of their letters")
                        && i.message().contains("they differ in 1 of the 2 features"));
        assertThat(ofRow(draft, 1, "area_declared_ha || ' ' || (extra ->> 'AREA_HA')"))
                .isEqualTo("0.0900 900");
    }

    @Test
    void coordinatesWrittenAsTextAreSaidToBeSo() throws Exception {
        // a script's or a spreadsheet's export: ["82.6", "49.95"]; GDAL's words name no feature
        List<TestFiles.Feature> features = new ArrayList<>(plots(4));
        features.set(0, features.get(0).withGeometry(features.get(0).geometry().replaceAll("(\\d+\\.\\d+)", "\"$1\"")));
        features.set(
                2, features.get(2).withGeometry(features.get(2).geometry().replaceFirst("(49\\.\\d+)\\]", "\"$1\"]")));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("text-coordinates.geojson"), features), null, null);
        assertThat(draft.rejected()).isEqualTo(2);
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("rows 1, 3: the coordinates are written as text, in quotes (such as \"82.60000000\"),"
                                + " which GDAL does not read: read without a geometry, the features are rejected;"
                                + " export the coordinates as numbers, without quotes"));
    }

    @Test
    void aFileWhoseCoordinatesAreAllWrittenAsTextIsRefusedSayingSo() throws Exception {
        // GDAL finds no geometry in the file, which is not one exported without them
        List<TestFiles.Feature> all = plots(2).stream()
                .map(f -> f.withGeometry(f.geometry().replaceAll("(\\d+\\.\\d+)", "\"$1\"")))
                .toList();
        refused(
                geojson(dir.resolve("all-text-coordinates.geojson"), all),
                null,
                null,
                "has 2 features but no geometry: the coordinates are written as text, in quotes (such as"
                        + " \"82.60000000\"), which GDAL does not read; export the coordinates as numbers, without quotes",
                SourceProblem.NO_GEOMETRY);
    }

    @Test
    void cadastralNumbersASpreadsheetSpoiltAreNamedAsSuch() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("spoilt.csv"),
                String.join(
                        "\n",
                        "kad_nomer;status;kategor;WKT",
                        "5085012001;бос;нп;\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"",
                        "5,085E+09;бос;нп;\"POLYGON((82.61 49.95,82.61042 49.95,82.61042 49.95027,82.61 49.95027,82.61 49.95))\"",
                        // numbers run together, longer than any cadastral number
                        "05085012001005085012002005085012;бос;нп;\"POLYGON((82.62 49.95,82.62042 49.95,82.62042 49.95027,"
                                + "82.62 49.95027,82.62 49.95))\"",
                        // written as floats by a converter: its leading 0 lost, or all its digits there
                        "5085012004,00;бос;нп;\"POLYGON((82.63 49.95,82.63042 49.95,82.63042 49.95027,82.63 49.95027,"
                                + "82.63 49.95))\"",
                        "12085012005.0;бос;нп;\"POLYGON((82.64 49.95,82.64042 49.95,82.64042 49.95027,82.64 49.95027,"
                                + "82.64 49.95))\"",
                        ""));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.accepted()).as("row 5").isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 4
                        && i.code().equals("bad_cadastral_number")
                        && i.message().contains("leading 0 a spreadsheet dropped"));
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 1
                        && i.code().equals("bad_cadastral_number")
                        && i.message().contains("leading 0 a spreadsheet dropped"))
                .anyMatch(i -> i.row() != null
                        && i.row() == 2
                        && i.code().equals("bad_cadastral_number")
                        && i.message().contains("scientific notation"))
                .anyMatch(i -> i.row() != null && i.row() == 3 && i.code().equals("bad_cadastral_number"));
    }

    @Test
    void oneRowWithItsAxesSwappedIsThatRowsProblemNotTheFiles() throws Exception {
        StringBuilder csv = new StringBuilder("kad_nomer;status;kategor;Долгота;Широта\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("05-085-096-00")
                    .append(i)
                    .append(";бос;нп;82.6")
                    .append(i)
                    .append(";49.95\n");
        }
        // latitude typed where the longitude goes, in one row of six
        csv.append("05-085-096-006;бос;нп;49.95;82.66\n");
        LayerImporter.Draft draft = importer.importFile(
                db,
                new LayerImporter.Request(
                        "wells-oskemen",
                        Files.writeString(dir.resolve("one-swapped.csv"), csv),
                        // wells: points, each a water network's
                        MappingProfile.forImport(null, "water"),
                        null,
                        null,
                        null,
                        "editor",
                        null,
                        dir.resolve("work")));
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 6
                        && i.code().equals("outside_kazakhstan")
                        && i.message().endsWith("its longitude and latitude look swapped"))
                .anyMatch(i -> i.message().startsWith("1 of the file's 6 features lie outside Kazakhstan"));
        // a file whose rows are all so is still refused, with what its numbers look like
        String all = "kad_nomer;status;kategor;WKT\n05-085-096-001;бос;нп;"
                + "\"POLYGON((49.95 82.6,49.95 82.60042,49.95027 82.60042,49.95027 82.6,49.95 82.6))\"\n";
        stateBefore = state();
        refused(
                Files.writeString(dir.resolve("all-swapped.csv"), all),
                null,
                null,
                "axes swapped",
                SourceProblem.NO_CRS);
    }

    @Test
    void excelsUnicodeText() throws Exception {
        // «Save as Unicode text»: tab-separated, UTF-16 with its byte order mark, named .txt
        String table = "\uFEFFkad_nomer\tstatus\tkategor\tWKT\r\n05-085-095-001\tбос\tнп\t"
                + "\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\r\n";
        Path txt = Files.write(dir.resolve("участки.txt"), table.getBytes(StandardCharsets.UTF_16LE));
        LayerImporter.Draft draft = drafted(txt, null, null);
        assertAccepted(draft, 1);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the .txt file was read as a table"));
    }

    @Test
    void excelsTabSeparatedTextWhoseNamesHoldCommasIsReadByItsTabs() throws Exception {
        // «Площадь, га» in Excel's tab-separated text: refused as values holding commas without quotes;
        // its «Unicode text» without the byte order mark (an editor left it out) had «no features»
        String table = "kad_nomer\tstatus\tkategor\tПлощадь, га\tАдрес\tWKT\r\n"
                + "05-085-099-001\tбос\tнп\t0,09\t\"ул. Абая, 5\"\t" + square(0) + "\r\n"
                + "05-085-099-002\tбос\tнп\t0,09\tул. Абая 7\t" + square(1) + "\r\n";
        for (Map.Entry<String, byte[]> file : Map.of(
                        "tab-cp1251.txt", table.getBytes(java.nio.charset.Charset.forName("windows-1251")),
                        "tab-cp1251.csv", table.getBytes(java.nio.charset.Charset.forName("windows-1251")),
                        "unicode-marked.txt", ("\uFEFF" + table).getBytes(StandardCharsets.UTF_16LE),
                        "unicode-unmarked.txt", table.getBytes(StandardCharsets.UTF_16LE))
                .entrySet()) {
            LayerImporter.Draft draft = drafted(Files.write(dir.resolve(file.getKey()), file.getValue()), null, null);
            assertAccepted(draft, 2);
            assertThat(ofSnapshot(draft, "string_agg(area_declared_ha || ' ' || address, ', ' ORDER BY source_row)"))
                    .as(file.getKey())
                    .isEqualTo("0.0900 ул. Абая, 5, 0.0900 ул. Абая 7");
            assertThat(draft.issues())
                    .as(file.getKey())
                    .anyMatch(i -> i.message()
                            .equals("the file is separated by tabs and some column names hold commas («Площадь,"
                                    + " га»): they were quoted, so that the file is read by its tabs"));
            if (file.getKey().equals("unicode-unmarked.txt")) {
                assertThat(draft.issues())
                        .anyMatch(i -> i.message()
                                .equals("the CSV file is not in UTF-8; its text reads as UTF-16LE and was read so;"
                                        + " pass the encoding explicitly if that is wrong"));
            }
        }
    }

    @Test
    void aRowIsToldAllItsFaultsAtOnce() throws Exception {
        Path csv = Files.writeString(dir.resolve("faults.csv"), """
                kad_nomer;status;kategor;WKT
                05-085;продан;луна;"POLYGON((82.6 49.95,82.60042 49.95027,82.60042 49.95,82.6 49.95027,82.6 49.95))"
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.row() == 1 && i.severity().equals("rejected"))
                .extracting(LayerImporter.Issue::code)
                .containsExactlyInAnyOrder(
                        "invalid_geometry", "bad_cadastral_number", "unknown_status", "unknown_land_category");
        assertThat(draft.rejected()).isEqualTo(1);
    }

    /** The plot at 82.6 E 49.95 N, 30 m square, in UTM 44N metres. */
    private static final String UTM_SQUARE =
            "POLYGON((614783.6 5534298.5,614813.6 5534298.5,614813.6 5534328.5,614783.6 5534328.5,614783.6 5534298.5))";

    @Test
    void ewktAsPostGisWritesIt() throws Exception {
        // the plot at 82.6 E 49.95 N in UTM 44N metres, with the SRID in front as psql's exports hold it
        Path csv = Files.writeString(
                dir.resolve("ewkt.csv"),
                "kad_nomer,status,kategor,wkt\n" + "05-085-012-001,бос,нп,\"SRID=32644;" + UTM_SQUARE + "\"\n");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("EWKT, with SRID=32644"));
        assertThat(ofSnapshot(
                        draft,
                        "round(ST_X(ST_Centroid(geom))::numeric, 3) || ' '"
                                + " || round(ST_Y(ST_Centroid(geom))::numeric, 3)"))
                .isEqualTo("82.600 49.950");
        Path mixed = Files.writeString(
                dir.resolve("mixed.csv"),
                "kad_nomer,status,kategor,wkt\n"
                        + "05-085-012-001,бос,нп,\"SRID=32644;" + UTM_SQUARE + "\"\n"
                        + "05-085-012-002,бос,нп,\"SRID=4326;POLYGON((82.6 49.95,82.601 49.95,82.601 49.951,82.6 49.95))\"\n");
        stateBefore = state();
        refused(mixed, null, null, "in 2 coordinate systems (SRID 32644, 4326)", SourceProblem.WRONG_CRS);
    }

    @Test
    void ewktWhoseSridTheSystemGivenOverridesSaysWhatItWasReadIn() throws Exception {
        // UTM 44N metres under the SRID of zone 43: the editor gives the right system
        Path csv = Files.writeString(
                dir.resolve("ewkt-given.csv"),
                "kad_nomer,status,kategor,wkt\n" + "05-085-012-001,бос,нп,\"SRID=32643;" + UTM_SQUARE + "\"\n");
        LayerImporter.Draft draft = drafted(csv, "EPSG:32644", null);
        assertAccepted(draft, 1);
        assertThat(draft.issues())
                .anyMatch(i -> "file_ewkt_srs_given".equals(i.detail().get("key"))
                        && i.message().contains("SRID=32643")
                        && i.message().contains("the coordinate system given (WGS 84 / UTM zone 44N)"))
                .noneMatch(i -> i.message().contains("read in EPSG:32643"));
        // a PROJ string has no name of its own: it is named as given
        String utm = "+proj=utm +zone=44 +datum=WGS84 +units=m +no_defs";
        assertThat(drafted(csv, utm, null).issues())
                .anyMatch(i -> "file_ewkt_srs_given".equals(i.detail().get("key"))
                        && i.message().contains("the coordinate system given (" + utm + ")"));
        // and without it, a code PROJ does not know is said to be the file's, not given
        Path unknown = Files.writeString(
                dir.resolve("ewkt-unknown.csv"),
                "kad_nomer,status,kategor,wkt\n" + "05-085-012-001,бос,нп,\"SRID=10948;" + UTM_SQUARE + "\"\n");
        stateBefore = state();
        assertThat(refused(unknown, null, null, "the file names (its EWKT SRID), EPSG:10948,", SourceProblem.WRONG_CRS))
                .doesNotContain("coordinate system given");
    }

    /** A 30 m square plot near Oskemen as WKT, the {@code i}-th of a row of them (0.09 ha). */
    private static String square(int i) {
        return TestFiles.wktCell(82.60 + i * 0.0006, 49.95, 0.00042, 0.00027);
    }

    /** A CSV file separated by semicolons of {@code header} and {@code rows}, each row followed by its plot's WKT. */
    private static Path csvOfSquares(String name, String header, String... rows) throws Exception {
        return csvOfSquaresIn("UTF-8", name, header, rows);
    }

    /** Like {@link #csvOfSquares}, written in the code page {@code charset}. */
    private static Path csvOfSquaresIn(String charset, String name, String header, String... rows) throws Exception {
        StringBuilder text = new StringBuilder(header).append(";WKT\r\n");
        for (int i = 0; i < rows.length; i++) {
            text.append(rows[i]).append(';').append(square(i)).append("\r\n");
        }
        return Files.write(dir.resolve(name), text.toString().getBytes(java.nio.charset.Charset.forName(charset)));
    }

    @Test
    void anEmptyStatusCellIsNoStatusNotTheProfilesDefault() throws Exception {
        // the file has a status field: a cell nobody filled in does not offer the plot as free
        // «-» is no status either, and no right type (left empty, as an empty cell, without a word)
        Path csv = csvOfSquares(
                "empty-status.csv",
                "Кадастровый номер;Статус;Категория земель;Вид права",
                "05-085-078-001;свободен;земли населенных пунктов;-",
                "05-085-078-002;;земли населенных пунктов;",
                "05-085-078-003;-;земли населенных пунктов;",
                "05-085-078-004;свободен;;",
                "05-085-078-005;продан;земли населенных пунктов;",
                "05-085-078-006;свободен; — ;");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        // (each rejected row drawn as a published plot of the layer keeps it: kept_published besides)
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null && i.row() >= 3 && !i.code().equals("kept_published"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "3 missing_status the plot has no status: its cell holds only '-', which says there is none",
                        "4 missing_land_category the plot has no land category: its cell in the field 'Категория"
                                + " земель' is empty (a profile's default is given only when the file has no such"
                                + " field)",
                        "5 unknown_status the status 'продан' is not known: correct the cell to one of the known words"
                                + " («предоставлен» / «берілді» (allocated), «выставлен на торги» / «аукцион"
                                + " тағайындалды» (auction_scheduled), «свободен» / «бос» (free), «заявка» / «өтінім қаралуда»"
                                + " (in_application), «изъят» / «алып қойылды» (withdrawn)); a profile of your own"
                                + " may map it in its values",
                        "6 missing_land_category the plot has no land category: its cell holds only '—', which says"
                                + " there is none");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("unknown_right_type"));
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 2
                        && i.code().equals("missing_status")
                        && i.message()
                                .equals("the plot has no status: its cell in the field 'Статус' is empty (a"
                                        + " profile's default is given only when the file has no such field)"))
                .noneMatch(i -> i.code().equals("default_used"));
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(cadastral_number || ' ' || status, ',') FILTER (WHERE cadastral_number LIKE"
                                + " '05-085-078-%')"))
                .isEqualTo("05-085-078-001 free");
    }

    @Test
    void aCommaBeforeThreeDigitsIsReadAsTheFieldsOtherValuesUseIt() throws Exception {
        // prices as an English-locale Excel groups them, beside areas whose commas are decimal:
        // 1,500 is 1.5 ha among 0,797 and 0,8, and 150,000 tenge among 2,500,000 and 1,500.50
        Path grouped = csvOfSquares(
                "commas-told.csv",
                "kad_nomer;status;kategor;Площадь, га;Начальная цена",
                "05-085-079-001;бос;нп;0,797;150,000",
                "05-085-079-002;бос;нп;1,500;2,500,000",
                "05-085-079-003;бос;нп;0,8;1,500.50");
        LayerImporter.Draft told = drafted(grouped, null, null);
        assertAccepted(told, 3);
        assertThat(ofSnapshot(
                        told, "string_agg(area_declared_ha || ' ' || starting_price_kzt, ',' ORDER BY source_row)"))
                .isEqualTo("0.7970 150000.00,1.5000 2500000.00,0.8000 1500.50");
        assertThat(told.issues()).noneMatch(i -> i.code().equals("bad_number"));

        // fields that do not tell: a price is never read in thousandths of a tenge, and areas all
        // of one comma and three digits may be hectares or square metres
        Path untold = csvOfSquares(
                "commas-untold.csv",
                "kad_nomer;status;kategor;Площадь, га;Начальная цена",
                "05-085-079-001;бос;нп;1,250;150,000",
                "05-085-079-002;бос;нп;2,125;1,500",
                "05-085-079-003;бос;нп;1,000;1 234 567,89");
        LayerImporter.Draft reported = drafted(untold, null, null);
        assertAccepted(reported, 3);
        assertThat(ofSnapshot(
                        reported,
                        "string_agg(coalesce(area_declared_ha::text, '-') || ' ' || coalesce(starting_price_kzt::text,"
                                + " '-'), ',' ORDER BY source_row)"))
                .isEqualTo("- -,- -,- 1234567.89");
        assertThat(reported.issues())
                .filteredOn(i -> i.code().equals("bad_number"))
                .extracting(i ->
                        i.row() + " " + i.detail().get("key") + " " + i.detail().get("value"))
                .containsExactlyInAnyOrder(
                        "1 ambiguous_declared_area 1,250",
                        "2 ambiguous_declared_area 2,125",
                        "3 ambiguous_declared_area 1,000",
                        "1 ambiguous_starting_price 150,000",
                        "2 ambiguous_starting_price 1,500");
        assertThat(reported.issues())
                .anyMatch(i -> i.message()
                        .equals("the starting price '150,000' may be read two ways: the comma may separate thousands or"
                                + " mark the decimals, and the field's other values do not tell which; it was left"
                                + " empty: write the number without thousands separators (150000, or 150000,00 with"
                                + " tiyn)"));
    }

    @Test
    void areasAndPricesWrittenWithTheirUnitsAreRead() throws Exception {
        // as registers write them: the unit after an area wins over the one the field's name says,
        // a price may carry its currency before or after it, and thousands or millions in words
        Path csv = csvOfSquares(
                "units.csv",
                "kad_nomer;status;kategor;Площадь, га;Начальная цена",
                "05-085-096-001;бос;нп;0,09 га;1 500 000 тг",
                "05-085-096-002;бос;нп;900 м2;1,5 млн",
                "05-085-096-003;бос;нп;900 кв.м;1500 тыс. тенге",
                "05-085-096-004;бос;нп;900 м²;₸1500000",
                "05-085-096-005;бос;нп;0.09 ha;1500000 KZT",
                "05-085-096-006;бос;нп;900 sq.m;1.5 млн тг",
                "05-085-096-007;бос;нп;0,09га;1 500 000,00 ₸",
                "05-085-096-008;бос;нп;0,09 Га;1\u00a0500\u00a0000 ₸",
                "05-085-096-009;бос;нп;900 руб;1500000 руб");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 9);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(coalesce(area_declared_ha::text, '-') || ' ' || coalesce(starting_price_kzt::text,"
                                + " '-'), ',' ORDER BY source_row)"))
                .isEqualTo(String.join(",", java.util.Collections.nCopies(8, "0.0900 1500000.00")) + ",- -");
        // what still is no number is reported as before
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("bad_number"))
                .extracting(i ->
                        i.row() + " " + i.detail().get("key") + " " + i.detail().get("value"))
                .containsExactlyInAnyOrder("9 bad_declared_area 900 руб", "9 bad_starting_price 1500000 руб");
    }

    @Test
    void numbersTooLargeOrFinerThanTheLayerKeepsAreSaidToBeSo() throws Exception {
        Path csv = csvOfSquares(
                "fine.csv",
                "kad_nomer;status;kategor;Площадь, га;Начальная цена",
                "05-085-097-001;бос;нп;123456789012;1 500 000,005",
                "05-085-097-002;бос;нп;0,09;0,001",
                "05-085-097-003;бос;нп;0,09;123456789012345678",
                "05-085-097-004;бос;нп;0,09;1 500 000,50");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 4);
        // a price is published rounded to the tiyn only with a word of it; one less than a tiyn not at all
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(coalesce(area_declared_ha::text, '-') || ' ' || coalesce(starting_price_kzt::text,"
                                + " '-'), ',' ORDER BY source_row)"))
                .isEqualTo("- 1500000.01,0.0900 -,0.0900 -,0.0900 1500000.50");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("bad_number") || i.code().equals("number_rounded"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "1 bad_number the declared area '123456789012' is too large: the layer keeps at most"
                                + " 9999999999.9999 ha; check its unit; it was left empty",
                        "1 number_rounded the starting price '1 500 000,005' has fractions of a tiyn; it was rounded"
                                + " to the tiyn: 1500000.01 ₸ is published",
                        "2 bad_number the starting price '0,001' is less than a tiyn (0.01 ₸), the least the layer"
                                + " keeps: check its unit; it was left empty",
                        "3 bad_number the starting price '123456789012345678' is too large: the layer keeps at most"
                                + " 99999999999999.99 ₸; it was left empty");
    }

    @Test
    void aPriceWhoseTengeSignCp1251LostAndAnAreaFinerThanTheLayerKeepsAreSaid() throws Exception {
        // Russian Excel saves a cell of the tenge format in CP1251, which has no ₸, as «2 500 000,00 ?»:
        // the price was left empty as no number; and an area of 0.01025 ha was published as 0.0103
        // while the report quoted the file's
        String text = "kad_nomer;status;kategor;Площадь, га;Начальная цена;WKT\r\n"
                + "05-085-098-001;бос;нп;0,01025;2 500 000,00 ?;" + square(0) + "\r\n"
                + "05-085-098-002;бос;нп;0,09;1 500 000;" + square(1) + "\r\n";
        Path csv = Files.write(
                dir.resolve("tenge-cp1251.csv"), text.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(coalesce(area_declared_ha::text, '-') || ' ' || coalesce(starting_price_kzt::text,"
                                + " '-'), ',' ORDER BY source_row)"))
                .isEqualTo("0.0103 2500000.00,0.0900 1500000.00");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().startsWith("number_") || i.code().equals("bad_number"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "1 number_read the starting price '2 500 000,00 ?' ends in '?', the sign ₸ of tenge as a file"
                                + " saved in the Windows Cyrillic code page (CP1251), which has no ₸, holds it: it was"
                                + " read as 2500000 ₸",
                        "1 number_rounded the declared area '0,01025' is 0.01025 ha, finer than the ten-thousandth"
                                + " of a hectare (1 m²) the layer keeps; it was rounded: 0.0103 ha is published");
    }

    @Test
    void twoColumnsOfOneNameInACsvFileAreBothReadTheFirstAsTheAreaTheOtherKeptInExtra() throws Exception {
        // «Площадь, га» twice, the declared area and the measured one: GDAL finds a column by its name,
        // and the area was published empty, neither value kept, the report speaking of a .dbf
        String text = "kad_nomer;Площадь, га;status;kategor;Площадь, га;WKT\r\n"
                + "05-085-097-001;0,25;бос;нп;0,3;" + square(0) + "\r\n"
                + "05-085-097-002;0,4;бос;нп;0,45;" + square(1) + "\r\n";
        Path csv = Files.writeString(dir.resolve("twin-columns.csv"), text);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertTwinAreasRead(
                draft, "2, 5", "kad_nomer, Площадь, га (column 2), status, kategor, Площадь, га (column 5)");
    }

    @Test
    void twoColumnsOfOneNameInAWorkbookAreBothReadByTheirPlaceInTheSheet() throws Exception {
        // GDAL writes the sheet's second «Площадь, га» as «Площадь, га2», a name the sheet has nowhere;
        // its geometry first, the columns are counted as the sheet shows them
        Path workbook = TestFiles.xlsx(
                dir.resolve("twin-columns.xlsx"),
                Map.of(
                        "Лист1",
                        TestFiles.xlsxRow(1, "WKT", "kad_nomer", "Площадь, га", "status", "kategor", "Площадь, га")
                                + TestFiles.xlsxRow(
                                        2, square(0).replace("\"", ""), "05-085-097-001", 0.25, "бос", "нп", 0.3)
                                + TestFiles.xlsxRow(
                                        3, square(1).replace("\"", ""), "05-085-097-002", 0.4, "бос", "нп", 0.45)),
                List.of(),
                false);
        LayerImporter.Draft draft = drafted(workbook, null, null);
        assertTwinAreasRead(
                draft, "3, 6", "kad_nomer, Площадь, га (column 3), status, kategor, Площадь, га (column 6)");
    }

    /** The areas 0.25 and 0.4 read of the first «Площадь, га», 0.3 and 0.45 of the second kept in extra. */
    private static void assertTwinAreasRead(LayerImporter.Draft draft, String columns, String fields)
            throws SQLException {
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(area_declared_ha || ' ' || (extra ->> 'Площадь, га_2'), ',' ORDER BY source_row)"))
                .matches("0\\.2500 0[,.]3,0\\.4000 0[,.]45");
        String second = columns.substring(columns.indexOf(' ') + 1);
        assertThat(draft.issues())
                .noneMatch(i -> i.message().contains(".dbf"))
                .anyMatch(i -> i.message()
                        .equals("the file has 2 columns named 'Площадь, га' in its header (columns " + columns
                                + "): the one in column " + second + " is read as 'Площадь, га_2', under that name"))
                .anyMatch(i -> i.code().equals("field_ambiguous")
                        && i.message()
                                .contains("'Площадь, га' (column " + columns.substring(0, columns.indexOf(','))
                                        + "), 'Площадь, га_2' (column " + second + "); 'Площадь, га' was read (the file"
                                        + " gives them one name, and it comes first in the file)")
                        && i.message().contains("they differ in 2 of the 2 features"))
                .anyMatch(i -> i.code().equals("missing_field") && i.message().endsWith("its fields are " + fields));
    }

    @Test
    void anAreaFieldNamedInSquareMetresIsReadInSquareMetres() throws Exception {
        String[] names = {"Площадь, кв.м", "Площадь (м²)", "Площадь, м2", "Ауданы, ш.м", "S_m2", "area_m2"};
        for (int n = 0; n < names.length; n++) {
            String name = names[n];
            Path csv = csvOfSquares(
                    "sqm-" + n + ".csv",
                    "kad_nomer;status;kategor;" + name,
                    "05-085-080-001;бос;нп;900",
                    "05-085-080-002;бос;нп;900,5");
            LayerImporter.Draft draft = drafted(csv, null, null);
            assertAccepted(draft, 2);
            assertThat(ofSnapshot(draft, "string_agg(area_declared_ha::text, ',' ORDER BY source_row)"))
                    .as(name)
                    .isEqualTo("0.0900,0.0901");
            assertThat(draft.issues())
                    .as(name)
                    .noneMatch(i -> i.code().equals("area_mismatch"))
                    .filteredOn(i -> i.code().equals("area_unit"))
                    .singleElement()
                    // (GDAL writes Latin names in lower case)
                    .satisfies(i -> assertThat(i.message())
                            .isEqualToIgnoringCase(
                                    "the field '" + name + "' gives the declared areas in square metres, as"
                                            + " its name says: they were read so and stored in hectares"));
        }
        // hectares, by the name or by no unit at all
        for (String name : List.of("Площадь, га", "ploshad")) {
            Path csv = csvOfSquares("ha.csv", "kad_nomer;status;kategor;" + name, "05-085-080-001;бос;нп;0,09");
            LayerImporter.Draft draft = drafted(csv, null, null);
            assertThat(ofSnapshot(draft, "string_agg(area_declared_ha::text, ',')"))
                    .isEqualTo("0.0900");
            assertThat(draft.issues()).as(name).noneMatch(i -> i.code().startsWith("area_"));
        }
        // a profile that states its unit is read so, and the name that says otherwise is told
        Path own = Files.writeString(dir.resolve("own-ha.json"), """
                {"name": "own-ha", "kind": "plots",
                 "fields": {"cadastral_number": ["kad_nomer"], "status": ["status"], "land_category": ["kategor"],
                            "area_declared_ha": ["Площадь, кв.м"]},
                 "values": {"status": {"бос": "free"}, "land_category": {"нп": "settlement"}},
                 "areaUnit": "ha"}""");
        Path csv = csvOfSquares("sqm-own.csv", "kad_nomer;status;kategor;Площадь, кв.м", "05-085-080-001;бос;нп;0,09");
        LayerImporter.Draft draft = importer.importFile(
                db, TestFiles.request("plots-oskemen", csv, MappingProfile.load(own.toString()), dir));
        assertThat(ofSnapshot(draft, "string_agg(area_declared_ha::text, ',')")).isEqualTo("0.0900");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("area_unit")
                        && i.message()
                                .equals("the field 'Площадь, кв.м' is named as if its areas were in square metres;"
                                        + " the profile own-ha reads them in hectares, and they were read so"));
    }

    @Test
    void aPriceOrAreaFieldNamingThousandsMillionsOrSotkasIsReadInThatUnit() throws Exception {
        // auction lists give prices in thousands or millions of tenge and areas in sotkas (0.01 ha) by the
        // column's name: a value without a unit of its own is read in the name's, one with its own in that
        String[][] files = {
            {"Площадь, сот.;Начальная цена, тыс. тенге", "9,05;1 500", "9;2 500 тыс. тенге"},
            {"Ауданы, сотық;Бастапқы бағасы, мың теңге", "9,05;1 500", "9;2500,5"},
            {"Площадь (соток);Начальная цена, млн тг", "9,05;1,5", "9;2 500 000 тг"}
        };
        String[] prices = {"1500000.00,2500000.00", "1500000.00,2500500.00", "1500000.00,2500000.00"};
        String[] multipliers = {"thousands", "thousands", "millions"};
        for (int n = 0; n < files.length; n++) {
            String[] names = files[n][0].split(";");
            Path csv = csvOfSquares(
                    "units-" + n + ".csv",
                    "kad_nomer;status;kategor;" + files[n][0],
                    "05-085-081-001;бос;нп;" + files[n][1],
                    "05-085-081-002;бос;нп;" + files[n][2]);
            LayerImporter.Draft draft = drafted(csv, null, null);
            assertAccepted(draft, 2);
            assertThat(ofSnapshot(
                            draft,
                            "string_agg(area_declared_ha::text, ',' ORDER BY source_row) || ' '"
                                    + " || string_agg(starting_price_kzt::text, ',' ORDER BY source_row)"))
                    .as(files[n][0])
                    .isEqualTo("0.0905,0.0900 " + prices[n]);
            assertThat(draft.issues())
                    .as(files[n][0])
                    .noneMatch(i -> i.code().equals("area_mismatch"))
                    .filteredOn(i -> i.code().equals("area_unit") || i.code().equals("price_unit"))
                    .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                    .containsExactlyInAnyOrder(
                            "null area_unit the field '" + names[0] + "' gives the declared areas in sotkas"
                                    + " (hundredths of a hectare), as its name says: they were read so and stored in"
                                    + " hectares",
                            "null price_unit the field '" + names[1] + "' gives the starting prices in "
                                    + multipliers[n] + " of tenge, as its name says: they were read so and stored in"
                                    + " tenge");
        }
        // a unit the import does not know is not read as hectares or tenge unsaid
        Path csv = csvOfSquares(
                "units-unknown.csv",
                "kad_nomer;status;kategor;Площадь, акр;Начальная цена (USD)",
                "05-085-081-001;бос;нп;0,2236;3000");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("area_unit") || i.code().equals("price_unit"))
                .extracting(i -> i.row() + " " + i.code() + " " + i.message())
                .containsExactlyInAnyOrder(
                        "null area_unit the field 'Площадь, акр' names 'акр' after the field, which is no unit the"
                                + " import knows (га, кв.м, сот.): its values were read as hectares; convert them to"
                                + " one of those and name it",
                        "null price_unit the field 'Начальная цена (USD)' names 'USD' after the field, which is no"
                                + " unit the import knows (тенге, тыс. тенге, млн тенге): its values were read as"
                                + " tenge; convert them to one of those and name it");
        // and only someone who has looked publishes it
        assertThat(importer.warningToConfirm(db, "plots-oskemen", draft.revisionNumber())
                        .detail()
                        .get("key"))
                .isIn("area_unit_unknown", "price_unit_unknown");
    }

    @Test
    void aProfileGivingCodesTheDatabaseDoesNotHaveIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path csv = csvOfSquares("codes.csv", "kad_nomer;status;kategor", "05-085-082-001;Вакантный;2");
        String before = query("SELECT count(*) FROM layer_revision") + " "
                + query("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'");
        for (String[] mistake : new String[][] {
            {
                "\"values\": {\"status\": {\"Вакантный\": \"vacant\"}}",
                "values.status.\"вакантный\" = \"vacant\" is no code of status; the codes are free,"
            },
            {
                "\"values\": {\"land_category\": {\"2\": \"Земли населенных пунктов\"}}",
                "values.land_category.\"2\" = \"Земли населенных пунктов\" is no code of land_category; the codes are"
            },
            {"\"defaults\": {\"status\": \"frei\"}", "defaults.status = \"frei\" is no code of status"},
            {"\"values\": {\"right_type\": {\"А\": \"lease\"}}", "is no code of right_type; the codes are"}
        }) {
            Path own = Files.writeString(dir.resolve("codes.json"), """
                    {"name": "codes", "kind": "plots",
                     "fields": {"cadastral_number": ["kad_nomer"], "status": ["status"], "land_category": ["kategor"]},
                     %s}""".formatted(mistake[0]));
            Throwable error = catchThrowable(() -> importer.importFile(
                    db, TestFiles.request("plots-codes", csv, MappingProfile.load(own.toString()), dir)));
            assertThat(error).isInstanceOf(BadSourceException.class).hasMessageContaining(mistake[1]);
            assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.WRONG_PROFILE);
        }
        assertThat(query("SELECT count(*) FROM layer_revision") + " "
                        + query("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging'"))
                .isEqualTo(before);
        assertThat(query("SELECT count(*) FROM layer WHERE code = 'plots-codes'"))
                .isEqualTo("0");
    }

    @Test
    void aCsvZippedWithItsCsvtKeepsItsValuesAsWritten() throws Exception {
        // QGIS, or an earlier export, leaves the columns' types beside a CSV: GDAL would drop every
        // cadastral number («Integer») and every date written 01.02.2025 («Date»)
        Path csv = csvOfSquares(
                "typed.csv",
                "kad_nomer;status;kategor;data_auk",
                "05-085-081-001;бос;нп;01.02.2025",
                "05-085-081-002;бос;нп;15.03.2025");
        Path csvt =
                Files.writeString(dir.resolve("typed.csvt"), "\"Integer\",\"String\",\"String\",\"Date\",\"WKT\"\n");
        LayerImporter.Draft draft = drafted(TestFiles.zip(dir.resolve("typed.zip"), List.of(csv, csvt)), null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number || ' ' || auction_date, ',' ORDER BY source_row)"))
                .isEqualTo("05-085-081-001 2025-02-01,05-085-081-002 2025-03-15");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("file")
                        && i.message()
                                .equals("the file typed.csvt beside the CSV file, which gives the types of its"
                                        + " columns, was left out: every value is read as written"))
                .noneMatch(i -> i.code().equals("gdal"));
    }

    @Test
    void aRussianExcelCsvWithCommasInItsNamesAndACentreBesideTheOutline() throws Exception {
        // «CSV, semicolons» from a Russian Excel: the names hold commas; X and Y hold each plot's centre
        String text = "\uFEFFКад_номер;Площадь, га;Категория;Статус;Примечание, прочее;X;Y;WKT\r\n"
                + "05-085-012-001;0,0009;Земли населённых пунктов;свободен;нет;82.60021;49.95013;"
                + "\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\r\n";
        Path csv = Files.write(dir.resolve("excel-ru.csv"), text.getBytes(StandardCharsets.UTF_8));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(ofSnapshot(draft, "GeometryType(geom) || ' ' || area_declared_ha || ' ' || status"))
                .isEqualTo("MULTIPOLYGON 0.0009 free");
        // the names of this file, not those of an example
        assertThat(draft.issues())
                .anyMatch(i ->
                        i.message().contains("some column names hold commas («Площадь, га», «Примечание, прочее»)"));
        assertThat(Files.readString(csv)).as("the editor's own file").isEqualTo(text);
    }

    @Test
    void anAuctionRegistersHeadersAndShortWordsAreRead() throws Exception {
        // the column names of an e-auction register, and the short words clerks type in a register
        String text = "Кадастровый номер;Категория земель;Площадь, га;Статус;Делимость;Вид права;"
                + "Разрешенное использование;Дата проведения аукциона;Начальная (стартовая) цена, тенге;WKT\r\n"
                + "05-085-012-001;Земли сельхозназначения;0,0009;свободен;бөлінбейтін;Уақытша өтеулі;"
                + "Пашня;15.03.2026;1 500 000;"
                + "\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\r\n"
                + "05-085-012-002;Земли н.п.;0,0009;свободен;истина;Безвозмездное пользование;"
                + "ИЖС;16.03.2026;2 000 000;"
                + "\"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601 49.95))\"\r\n";
        Path csv = Files.write(dir.resolve("auction.csv"), text.getBytes(StandardCharsets.UTF_8));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(concat_ws(' ', land_category, divisible, right_type, permitted_use, auction_date,"
                                + " starting_price_kzt), ', ' ORDER BY cadastral_number)"))
                .isEqualTo("agricultural f temporary_paid_use Пашня 2026-03-15 1500000.00,"
                        + " settlement t temporary_gratuitous_use ИЖС 2026-03-16 2000000.00");
    }

    @Test
    void anAuctionAtMidnightInAstanaIsOnItsOwnDay() throws Exception {
        // a date and time with Kazakhstan's offset: read as a timestamp it was the day before in UTC
        List<TestFiles.Feature> dated = new ArrayList<>();
        for (TestFiles.Feature plot : plots(2)) {
            dated.add(plot.with("data_auk", "2026-03-15T00:00:00+05:00"));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("midnight.geojson"), dated), null, null);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT auction_date::text, ',')"))
                .isEqualTo("2026-03-15");
    }

    @Test
    void aGeoPackagesDateTimeWithItsOwnOffsetIsTheDayWritten() throws Exception {
        // midnight of 15 March at UTC+6, Almaty's offset until 2024, and the same day as ArcGIS Online
        // stores it, in UTC: both 15 March (the first was the 14th, Kazakhstan being UTC+5 now)
        List<TestFiles.Feature> dated = new ArrayList<>();
        List<TestFiles.Feature> plots = plots(2);
        dated.add(plots.get(0).with("data_auk", "2026-03-15T00:00:00+06:00"));
        dated.add(plots.get(1).with("data_auk", "2026-03-14T19:00:00Z"));
        Path gpkg = convert(
                geojson(dir.resolve("gpkgdate/plots.geojson"), dated),
                dir.resolve("gpkgdate/plots.gpkg"),
                "GPKG",
                "-nln",
                "plots");
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertThat(ofSnapshot(draft, "string_agg(auction_date::text, ',' ORDER BY cadastral_number)"))
                .isEqualTo("2026-03-15,2026-03-15");
    }

    @Test
    void aGeoPackagesFeaturesAreNumberedByTheFidsQgisShows() throws Exception {
        // QGIS's fids after deleting features 1, 2 and 5: the rejected plot is the one of fid 6
        List<TestFiles.Feature> features = new ArrayList<>(plots(6));
        features.set(5, features.get(5).with("status", "продано"));
        Path gpkg = convert(
                geojson(dir.resolve("gpkgfid/plots.geojson"), features),
                dir.resolve("gpkgfid/plots.gpkg"),
                "GPKG",
                "-nln",
                "plots");
        TestFiles.gdal("ogrinfo", "-q", gpkg.toString(), "-sql", "DELETE FROM plots WHERE fid IN (1, 2, 5)");
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(3L);
                    assertThat(i.fileRow()).isEqualTo(6L);
                    assertThat(i.rowUnit()).isEqualTo("feature");
                });
    }

    @Test
    void aStatusOfACodedDomainIsReadByItsDescription() throws Exception {
        // ArcGIS and GeoPackage keep a status as a code (4) described in a domain («предоставлен»)
        List<TestFiles.Feature> coded = new ArrayList<>();
        for (TestFiles.Feature plot : plots(2)) {
            coded.add(plot.with("status", 4));
        }
        Path gpkg = convert(
                geojson(dir.resolve("domain/plots.geojson"), coded),
                dir.resolve("domain/plots.gpkg"),
                "GPKG",
                "-nln",
                "plots");
        for (String sql : List.of(
                "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,"
                        + " title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,"
                        + " CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))",
                "CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT"
                        + " NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive"
                        + " BOOLEAN, description TEXT)",
                "INSERT INTO gpkg_data_columns (table_name, column_name, constraint_name)"
                        + " VALUES ('plots', 'status', 'status_dom')",
                "INSERT INTO gpkg_data_column_constraints (constraint_name, constraint_type, value, description)"
                        + " VALUES ('status_dom', 'enum', '1', 'свободен'), ('status_dom', 'enum', '4', 'предоставлен')",
                "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES"
                        + " ('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec121/#extension_schema',"
                        + " 'read-write'), ('gpkg_data_column_constraints', NULL, 'gpkg_schema',"
                        + " 'http://www.geopackage.org/spec121/#extension_schema', 'read-write')")) {
            Process p = new ProcessBuilder("ogrinfo", gpkg.toString(), "-sql", sql)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
        }
        LayerImporter.Draft draft = drafted(gpkg, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT status || ' ' || (extra ->> 'status_code'), ',')"))
                .isEqualTo("allocated 4");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("holds the codes of a domain"));
    }

    @Test
    void anArcGisServicesStatusOfACodedDomainIsReadByItsDescription() throws Exception {
        // an ArcGIS REST query (f=json) declares the domain in its fields and writes the codes; GDAL
        // reads no domain there, and every plot was rejected as of status '1'
        String fields = """
                "fields": [{"name": "KAD_NOMER", "type": "esriFieldTypeString", "length": 20},
                           {"name": "STATUS", "type": "esriFieldTypeSmallInteger", "alias": "Статус",
                            "domain": {"type": "codedValue", "name": "dStatus", "codedValues": [
                              {"name": "свободен", "code": 1}, {"name": "предоставлен", "code": 2}]}},
                           {"name": "KATEGOR", "type": "esriFieldTypeString", "length": 100}],
                """;
        String features = """
                 "features": [
                  {"attributes": {"KAD_NOMER": "05-085-091-001", "STATUS": %s, "KATEGOR": "нп"},
                   "geometry": {"rings": [[[82.6, 49.95], [82.6, 49.9503], [82.6004, 49.9503], [82.6004, 49.95],
                                           [82.6, 49.95]]]}},
                  {"attributes": {"KAD_NOMER": "05-085-091-002", "STATUS": %s, "KATEGOR": "нп"},
                   "geometry": {"rings": [[[82.61, 49.95], [82.61, 49.9503], [82.6104, 49.9503], [82.6104, 49.95],
                                           [82.61, 49.95]]]}}]}
                """;
        String head = "{\"geometryType\": \"esriGeometryPolygon\", \"spatialReference\": {\"wkid\": 4326},\n";
        Path codes = Files.writeString(dir.resolve("coded.json"), head + fields + features.formatted("1", "2"));
        LayerImporter.Draft draft = drafted(codes, null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "status || ' ' || (extra ->> 'STATUS_code')"))
                .isEqualTo("free 1");
        assertThat(ofRow(draft, 2, "status || ' ' || (extra ->> 'STATUS_code')"))
                .isEqualTo("allocated 2");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("holds the codes of a domain"));
        // numbers that are none (NaN as Python's json module writes a lost one, nan as GDAL reads it too):
        // the domain is read all the same
        Path nan = Files.writeString(
                dir.resolve("coded-nan.json"),
                head
                        + fields.replace(
                                "{\"name\": \"KATEGOR\"",
                                "{\"name\": \"VES\", \"type\": \"esriFieldTypeDouble\"}, {\"name\": \"KATEGOR\"")
                        + features.formatted("1", "2")
                                .replace("\"STATUS\": 1,", "\"STATUS\": 1, \"VES\": NaN,")
                                .replace("\"STATUS\": 2,", "\"STATUS\": 2, \"VES\": nan,"));
        assertThat(Files.readString(nan)).contains("\"VES\": NaN,", "\"VES\": nan,");
        draft = drafted(nan, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(status || ' ' || (extra ->> 'STATUS_code') || ' ' || (extra ->> 'VES'), ', '"
                                + " ORDER BY source_row)"))
                .isEqualTo("free 1 NaN, allocated 2 NaN");
        // the same query with returnDomainNames=true: the descriptions in a field still declared
        // SmallInteger, which GDAL read as 0
        Path names = Files.writeString(
                dir.resolve("names.json"), head + fields + features.formatted("\"предоставлен\"", "\"свободен\""));
        draft = drafted(names, null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "status || ' ' || (extra ->> 'STATUS_code')"))
                .isEqualTo("allocated 2");
        assertThat(ofRow(draft, 2, "status || ' ' || (extra ->> 'STATUS_code')"))
                .isEqualTo("free 1");
        // a number field holding words without a domain is read as text
        Path words = Files.writeString(
                dir.resolve("words.json"),
                head
                        + fields.replaceAll("(?s),\\s*\"domain\": \\{.*?\\]\\}", "")
                        + features.formatted("\"предоставлен\"", "\"свободен\""));
        draft = drafted(words, null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "status")).isEqualTo("allocated");
        assertThat(draft.issues())
                .anyMatch(i -> i.message().contains("the field 'STATUS' is declared as numbers but holds text"));
    }

    @Test
    void aCsvOfOneColumnAndGeoJsonOfOneFeatureALine() throws Exception {
        // a list of outlines and nothing else: GDAL takes a file without a separator for no CSV
        Path csv = Files.writeString(dir.resolve("outlines.csv"), """
                WKT
                "POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                "POLYGON((82.61 49.95,82.61042 49.95,82.61042 49.95027,82.61 49.95027,82.61 49.95))"

                """);
        LayerImporter.Draft outlines = drafted(csv, null, null);
        assertThat(outlines.features()).isEqualTo(2);
        // read with their outlines; a plot with nothing but an outline has no land category
        assertThat(outlines.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(LayerImporter.Issue::code)
                .containsOnly("missing_land_category");
        // newline-delimited GeoJSON as tools stream it
        StringBuilder lines = new StringBuilder();
        for (TestFiles.Feature plot : plots(3)) {
            lines.append("{\"type\":\"Feature\",\"properties\":{\"kad_nomer\":\"")
                    .append(plot.properties().get("kad_nomer"))
                    .append("\",\"status\":\"бос\",\"kategor\":\"нп\"},\"geometry\":")
                    .append(plot.geometry())
                    .append("}\n");
        }
        Path seq = Files.writeString(dir.resolve("plots.geojsonl"), lines);
        assertAccepted(drafted(seq, null, null), 3);
    }

    @Test
    void theLayerInTheFileIsFoundWhateverTheCaseOfItsLetters() throws Exception {
        Path gpkg = dir.resolve("named/cadastre.gpkg");
        convert(geojson(dir.resolve("named/plots.geojson"), plots(3)), gpkg, "GPKG", "-nln", "Жер учаскелері");
        addRoadsLayer(gpkg);
        LayerImporter.Draft draft = importer.importFile(db, request(gpkg, null, null, "жер учаскелері"));
        assertAccepted(draft, 3);
        Throwable error = catchThrowable(() -> importer.importFile(db, request(gpkg, null, null, "Участки")));
        assertThat(error)
                .isInstanceOf(GdalException.class)
                .hasMessageContaining(
                        "there is no layer 'Участки' in cadastre.gpkg; its layers are Жер учаскелері, roads");
        assertThat(((GdalException) error).problem()).isEqualTo(SourceProblem.NO_LAYER);
    }

    /** Adds a second layer, "roads" with one line, to the GeoPackage or File Geodatabase {@code dataset}. */
    private static void addRoadsLayer(Path dataset) throws Exception {
        Path roads = geojson(
                dataset.resolveSibling("roads.geojson"),
                List.of(new TestFiles.Feature(
                        java.util.Map.of("name", "road"),
                        "{\"type\":\"LineString\",\"coordinates\":[[82.6,49.95],[82.7,49.96]]}")));
        TestFiles.ogr2ogr("-update", "-nln", "roads", dataset.toString(), roads.toString());
    }

    @Test
    void aZippedFileGeodatabaseFromArcGis() throws Exception {
        // ArcGIS's own format: a folder of tables, sent zipped with the folder in the entry names; an
        // attribute table comes before the plots, as ArcCatalog lists them by name
        Path attributes = Files.writeString(
                Files.createDirectories(dir.resolve("fgdb")).resolve("attributes.csv"), "code,name\n1,a\n");
        convert(attributes, dir.resolve("fgdb/Кадастр.gdb"), "OpenFileGDB", "-nln", "a_directory");
        Path gdb = convert(
                geojson(dir.resolve("fgdb/plots.geojson"), plots(5)),
                dir.resolve("fgdb/Кадастр.gdb"),
                "OpenFileGDB",
                "-nln",
                "uchastki",
                "-nlt",
                "MULTIPOLYGON",
                "-update");
        addRoadsLayer(gdb);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var tables = Files.list(gdb)) {
            for (Path table : tables.sorted().toList()) {
                entries.put("Кадастр.gdb/" + table.getFileName(), Files.readAllBytes(table));
            }
        }
        LayerImporter.Draft zipped = drafted(TestFiles.zipEntries(dir.resolve("fgdb.zip"), entries), null, null);
        assertAccepted(zipped, 5);
        assertThat(zipped.issues())
                .anyMatch(i -> i.message()
                        .contains("holds 3 layers (uchastki, a_directory, roads); uchastki, the one with features"
                                + " the layer's geometry fits, was imported"));
        assertThat(addresses(zipped)).isNotEmpty().allMatch(a -> a.startsWith("г. Усть-Каменогорск, ул. Абая"));
        // named on the command line, the folder itself
        assertAccepted(drafted(gdb, null, null), 5);
        // zipped from inside the folder (select all, Send to, Compressed folder): the tables alone
        Map<String, byte[]> inside = new java.util.LinkedHashMap<>();
        entries.forEach((name, bytes) -> inside.put(name.substring(name.indexOf('/') + 1), bytes));
        LayerImporter.Draft tablesOnly =
                drafted(TestFiles.zipEntries(dir.resolve("fgdb-inside.zip"), inside), null, null);
        assertAccepted(tablesOnly, 5);
        assertThat(addresses(tablesOnly)).isEqualTo(addresses(zipped));
    }

    @Test
    void aZippedDrawingIsNamedAsOne() throws Exception {
        Path outer = TestFiles.zipEntries(
                dir.resolve("drawing.zip"),
                Map.of("участки.dxf", "0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n".getBytes(StandardCharsets.UTF_8)));
        refused(
                outer,
                null,
                null,
                "the archive holds участки.dxf (an AutoCAD drawing), which AdalMap cannot read",
                SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aZipOfSeveralZipsSaysSo() throws Exception {
        byte[] one = Files.readAllBytes(TestFiles.zip(
                dir.resolve("district-1.zip"),
                TestFiles.shapefileParts(convert(
                        geojson(dir.resolve("district-1/plots.geojson"), plots(2)),
                        dir.resolve("district-1/plots.shp"),
                        "ESRI Shapefile"))));
        Path outer = TestFiles.zipEntries(dir.resolve("districts.zip"), Map.of("Ульба.zip", one, "Глубокое.zip", one));
        refused(outer, null, null, "holds 2 zip files (", SourceProblem.SEVERAL_DATASETS);
    }

    @Test
    void cadastralNumbersAsOfficesTypeThem() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(3));
        f.set(0, f.get(0).with("kad_nomer", "05:085:012:001"));
        f.set(1, f.get(1).with("kad_nomer", "05\u2013085\u2013012\u2013002\u00a0"));
        f.set(2, f.get(2).with("kad_nomer", "'05 085 012 003"));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("typed.geojson"), f), null, null);
        assertAccepted(draft, 3);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY source_row)"))
                .isEqualTo("05-085-012-001,05-085-012-002,05-085-012-003");
    }

    @Test
    void valuesWithTheSpacesOfASpreadsheet() throws Exception {
        // Excel in a Russian locale groups digits with no-break spaces; a pasted word keeps one behind
        List<TestFiles.Feature> f = new ArrayList<>(plots(2, 76));
        f.set(0, f.get(0).with("status", "свободен\u00a0").with("cena", "1\u00a0500\u00a0000,50"));
        f.set(1, f.get(1).with("status", "\tсвободен\r\n").with("cena", "2\u202f000"));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("spaces.geojson"), f), null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(draft, "string_agg(status || ' ' || starting_price_kzt, ',' ORDER BY source_row)"))
                .isEqualTo("free 1500000.50,free 2000.00");
    }

    @Test
    void officialNamesOfLandCategoriesAndRightsHoweverPunctuated() throws Exception {
        // the Land Code's names, in Kazakh and Russian, with ё, capitals and an office's own commas
        String[] categories = {
            "Ауыл шаруашылығы мақсатындағы жерлер",
            "Земли населённых пунктов (городов, поселков и сельских населенных пунктов)",
            "Земли промышленности, транспорта, связи, для нужд космической деятельности, обороны,"
                    + " национальной безопасности и иного несельскохозяйственного назначения.",
            "ОРМАН ҚОРЫНЫҢ ЖЕРЛЕРІ"
        };
        List<TestFiles.Feature> f = new ArrayList<>(plots(4, 75));
        for (int i = 0; i < 4; i++) {
            f.set(
                    i,
                    f.get(i)
                            .with("kategor", categories[i])
                            .with("status", i % 2 == 0 ? "Выставлен на торги" : "Бос жер")
                            .with(
                                    "vid_prava",
                                    i % 2 == 0
                                            ? "Право временного возмездного землепользования"
                                            : "Жеке меншік құқығы"));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("official.geojson"), f), null, null);
        assertAccepted(draft, 4);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(land_category || ' ' || status || ' ' || right_type, ','"
                                + " ORDER BY source_row)"))
                .isEqualTo("agricultural auction_scheduled temporary_paid_use,settlement free private_ownership,"
                        + "industrial auction_scheduled temporary_paid_use,forest free private_ownership");
    }

    @Test
    void csvWhoseColumnNamesWereWrappedInExcel() throws Exception {
        // Alt+Enter in a header cell: a line break inside the quoted name, CR LF as Excel ends lines
        String text = "kad_nomer,status,kategor,\"Площадь,\nга\",\"Примечание\r\nинспектора\",WKT\r\n"
                + "05-085-012-001,бос,нп,\"0,12\",\"проверено\",\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6"
                + " 49.95027,82.6 49.95))\"\r\n";
        Path csv = Files.writeString(dir.resolve("wrapped.csv"), text);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(draft.issues()).anyMatch(i -> i.message().startsWith("column names hold line breaks"));
        assertThat(ofSnapshot(draft, "extra::text")).contains("\"Примечание инспектора\": \"проверено\"");
        // «Площадь, га» begins with a name of the declared area
        assertThat(ofSnapshot(draft, "area_declared_ha::text")).isEqualTo("0.1200");
        assertThat(draft.issues()).anyMatch(i -> i.code().equals("field_recognised"));
        assertThat(Files.readString(csv)).as("the editor's own file").isEqualTo(text);
    }

    @Test
    void aTableUnderATitle() throws Exception {
        // a register as offices print it: its title, an empty line, then the column names
        String table = """
                Реестр свободных земельных участков на 01.12.2026,,,
                ,,,
                kad_nomer,status,kategor,WKT
                05-085-097-001,бос,нп,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                05-085-097-002,бос,нп,"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601 49.95))"
                """;
        Path csv = Files.writeString(dir.resolve("titled.csv"), table);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the column names are on line 3, under a title"));
        // and the same in a workbook's sheet
        Path workbook = dir.resolve("titled/reestr.xlsx");
        Files.createDirectories(workbook.getParent());
        TestFiles.ogr2ogr("-f", "XLSX", workbook.toString(), csv.toString(), "-nln", "Реестр");
        LayerImporter.Draft sheet = drafted(workbook, null, null);
        assertAccepted(sheet, 2);
    }

    @Test
    void aDamagedWorkbookIsSaidToBeDamagedNotToLackAColumnOfWkt() throws Exception {
        StringBuilder table = new StringBuilder("kad_nomer,status,kategor,WKT\n");
        for (int i = 1; i <= 3; i++) {
            double x = 82.60 + i * 0.001;
            table.append(String.format(
                    java.util.Locale.ROOT,
                    "05-085-098-00%d,свободен,нп,\"POLYGON((%2$.3f 49.95,%3$.5f 49.95,%3$.5f 49.95027,%2$.3f"
                            + " 49.95027,%2$.3f 49.95))\"\n",
                    i,
                    x,
                    x + 0.00042));
        }
        Path csv = Files.writeString(dir.resolve("damagedbook.csv"), table);
        Path good = dir.resolve("damagedbook/plots.xlsx");
        Files.createDirectories(good.getParent());
        TestFiles.ogr2ogr("-f", "XLSX", good.toString(), csv.toString(), "-nln", "plots");
        Map<String, byte[]> parts = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(good.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                parts.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        // its sheet cut in half, as a crashed save leaves it: GDAL read the first rows, their WKT lost
        Map<String, byte[]> cut = new java.util.LinkedHashMap<>(parts);
        byte[] sheet = parts.get("xl/worksheets/sheet1.xml");
        cut.put("xl/worksheets/sheet1.xml", java.util.Arrays.copyOf(sheet, sheet.length / 2));
        String message = refused(
                TestFiles.zipEntries(dir.resolve("damagedbook/sheet-cut.xlsx"), cut),
                null,
                null,
                "the workbook sheet-cut.xlsx is damaged: its sheet xl/worksheets/sheet1.xml ends in the middle",
                SourceProblem.DAMAGED);
        assertThat(message).doesNotContain("WKT");
        // its shared texts, which hold the text of every cell, left out
        Map<String, byte[]> unshared = new java.util.LinkedHashMap<>(parts);
        unshared.remove("xl/sharedStrings.xml");
        refused(
                TestFiles.zipEntries(dir.resolve("damagedbook/no-shared.xlsx"), unshared),
                null,
                null,
                "the workbook no-shared.xlsx is damaged: its shared texts (xl/sharedStrings.xml), which hold the text"
                        + " of its cells, are missing",
                SourceProblem.DAMAGED);
        // the workbook cut in half: a zip without its list of parts
        Path half = Files.copy(good, dir.resolve("damagedbook/half.xlsx"));
        TestFiles.truncate(half, Files.size(half) / 2);
        refused(
                half,
                null,
                null,
                "the workbook half.xlsx is damaged or cut short: an .xlsx is a zip, and this one has no list of its"
                        + " parts at its end",
                SourceProblem.DAMAGED);
        // whole, it is read
        assertAccepted(drafted(good, null, null), 3);
    }

    @Test
    void namesWrappedInExcelUnderATitleOrAGroupingRow() throws Exception {
        // a printed register: its title, then names wrapped with Alt+Enter
        String text = "Реестр свободных земельных участков;;;\r\n"
                + "\"Кадастровый\r\nномер\";Статус;\"Категория\r\nземель\";WKT\r\n"
                + "05-085-095-001;свободен;нп;\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6"
                + " 49.95027,82.6 49.95))\"\r\n"
                + "05-085-095-002;продан;нп;\"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601"
                + " 49.95027,82.601 49.95))\"\r\n";
        Path csv = Files.writeString(dir.resolve("wrapped-titled.csv"), text);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the column names are on line 2, under a title"));
        assertThat(draft.issues()).anyMatch(i -> i.message().startsWith("column names hold line breaks"));
        assertThat(ofSnapshot(draft, "cadastral_number || ' ' || status")).isEqualTo("05-085-095-001 free");
        // the unknown status on the file's line 6: one line above for the title, three for the names
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("unknown_status"))
                .singleElement()
                .satisfies(i -> assertThat(i.fileRow()).isEqualTo(6L));
        assertThat(Files.readString(csv)).as("the editor's own file").isEqualTo(text);

        // a sheet whose names are grouped under merged cells, the last named «Геометрия» as the
        // geometry column below it is: GDAL names the empty cells of that first row field2…
        Path rows = Files.writeString(dir.resolve("grouped.csv"), """
                a,b,c,d
                "Кадастровый
                номер",Статус,"Категория
                земель",WKT
                05-085-095-003,свободен,нп,"POLYGON((82.602 49.95,82.60242 49.95,82.60242 49.95027,82.602 49.95027,82.602 49.95))"
                """);
        Path workbook = dir.resolve("grouped/reestr.xlsx");
        Files.createDirectories(workbook.getParent());
        TestFiles.ogr2ogr(
                "-f",
                "XLSX",
                workbook.toString(),
                rows.toString(),
                "-nln",
                "Реестр",
                "-sql",
                "SELECT a AS \"Сведения об участке\", b AS \"Field2\", c AS \"Field3\", d AS \"Геометрия\""
                        + " FROM grouped");
        LayerImporter.Draft sheet = drafted(workbook, null, null);
        assertAccepted(sheet, 1);
        assertThat(ofSnapshot(sheet, "cadastral_number || ' ' || status || ' ' || land_category"))
                .isEqualTo("05-085-095-003 free settlement");
        // a sheet's rows, as the spreadsheet numbers them
        assertThat(sheet.issues())
                .anyMatch(i -> i.message()
                        .equals("the column names are on row 2 of the sheet, under a title: the rows above them were"
                                + " left out"));
    }

    @Test
    void rowsHoldingOneCadastralNumberAreNamedAsTheFileNumbersThem() throws Exception {
        // under a title and an empty line: the number on lines 4 and 6, the first and third features
        String table = """
                Реестр свободных земельных участков на 01.12.2026,,,
                ,,,
                kad_nomer,status,kategor,WKT
                05-085-097-001,бос,нп,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                05-085-097-002,бос,нп,"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601 49.95))"
                05-085-097-001,бос,нп,"POLYGON((82.602 49.95,82.60242 49.95,82.60242 49.95027,82.602 49.95027,82.602 49.95))"
                """;
        Path csv = Files.writeString(dir.resolve("twice.csv"), table);
        Path workbook = dir.resolve("twice/reestr.xlsx");
        Files.createDirectories(workbook.getParent());
        TestFiles.ogr2ogr("-f", "XLSX", workbook.toString(), csv.toString(), "-nln", "Реестр");
        for (Path file : List.of(csv, workbook)) {
            // a CSV file's lines, as the rest of the report names them; a sheet's rows
            boolean lines = file.equals(csv);
            LayerImporter.Draft draft = drafted(file, null, null);
            assertThat(draft.issues())
                    .as(file.toString())
                    .filteredOn(i -> i.code().equals("duplicate_cadastral_number"))
                    .hasSize(2)
                    .allSatisfy(i -> {
                        assertThat(i.message())
                                .isEqualTo("the cadastral number 05-085-097-001 appears 2 times in the file ("
                                        + (lines ? "lines" : "rows") + " 4, 6); none of them was imported");
                        assertThat(i.detail().get("key"))
                                .isEqualTo(lines ? "duplicate_cadastral_number_csv" : "duplicate_cadastral_number");
                        assertThat(i.detail().get("rows")).isEqualTo(List.of(4L, 6L));
                    })
                    .extracting(LayerImporter.Issue::fileRow)
                    .containsExactly(4L, 6L);
        }
    }

    @Test
    void reportsRowsAsTheFileNumbersThem() throws Exception {
        // under a title and an empty line, an empty row of separators (left out), a blank line (which
        // GDAL skips) and a plot of a status no one knows: on line 7, though it is the third feature
        String table = """
                Реестр свободных земельных участков на 01.12.2026,,,
                ,,,
                kad_nomer,status,kategor,WKT
                05-085-096-001,бос,нп,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                ,,,

                05-085-096-002,продан,нп,"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601 49.95))"
                """;
        Path csv = Files.writeString(dir.resolve("numbered.csv"), table);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("unknown_status"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(3L);
                    assertThat(i.fileRow()).isEqualTo(7L);
                    assertThat(i.rowUnit()).isEqualTo("line");
                });
        // the row left out is named by its line too
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("file")
                        && i.detail() != null
                        && "file_csv_rows_empty".equals(i.detail().get("key")))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.message()).endsWith("(line 5)");
                    assertThat(i.detail().get("rows")).isEqualTo(List.of(5L));
                });
        // the same table in a workbook's sheet: the plot on the sheet's row 6 (GDAL read no blank line)
        Path workbook = dir.resolve("numbered/reestr.xlsx");
        Files.createDirectories(workbook.getParent());
        TestFiles.ogr2ogr("-f", "XLSX", workbook.toString(), csv.toString(), "-nln", "Реестр");
        LayerImporter.Draft sheet = drafted(workbook, null, null);
        assertThat(sheet.issues())
                .filteredOn(i -> i.code().equals("unknown_status"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.fileRow()).isEqualTo(6L);
                    assertThat(i.rowUnit()).isEqualTo("row");
                });
        // a GIS file's features are numbered as the file holds them
        List<TestFiles.Feature> features = new ArrayList<>(plots(3));
        features.set(2, features.get(2).with("status", "продан"));
        LayerImporter.Draft gis = drafted(geojson(dir.resolve("numbered.geojson"), features), null, null);
        assertThat(gis.issues())
                .filteredOn(i -> i.code().equals("unknown_status"))
                .hasSize(1)
                .allSatisfy(i -> {
                    assertThat(i.fileRow()).isEqualTo(3L);
                    assertThat(i.rowUnit()).isEqualTo("feature");
                });
    }

    @Test
    void workbooksFromExcelAndLibreOffice() throws Exception {
        // a sheet of notes first, then the plots with their outlines as WKT, as an akimat's table holds them
        Path folder = Files.createDirectories(dir.resolve("workbook"));
        Path notes = Files.writeString(folder.resolve("notes.csv"), "Примечание,Дата\nвыгрузка,01.12.2026\n");
        Path plots = Files.writeString(folder.resolve("plots.csv"), """
                kad_nomer,status,kategor,ploshad,data_auk,WKT
                05-085-098-001,бос,нп,"0,12",2026-12-15,"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))"
                05-085-098-002,бос,нп,"0,12",2026-12-15,"POLYGON((82.601 49.95,82.60142 49.95,82.60142 49.95027,82.601 49.95027,82.601 49.95))"
                """);
        for (String format : List.of("XLSX", "ODS")) {
            Path workbook = folder.resolve("uchastki." + format.toLowerCase(java.util.Locale.ROOT));
            TestFiles.ogr2ogr("-f", format, workbook.toString(), notes.toString(), "-nln", "Справка");
            // the auction date a date cell, as a spreadsheet keeps it
            TestFiles.ogr2ogr(
                    "-update", "-nln", "Участки", "-oo", "AUTODETECT_TYPE=YES", workbook.toString(), plots.toString());
            LayerImporter.Draft draft = drafted(workbook, null, null);
            assertAccepted(draft, 2);
            assertThat(draft.issues())
                    .as(format)
                    .anyMatch(i -> i.message()
                            .startsWith("the workbook holds 2 sheets (Справка, Участки); Участки,"
                                    + " the first with a column of WKT or of longitude and latitude, was imported"));
            assertThat(ofSnapshot(draft, "string_agg(DISTINCT area_declared_ha || ' ' || auction_date, ',')"))
                    .isEqualTo("0.1200 2026-12-15");
        }
        String drafted = state();
        Throwable error = catchThrowable(
                () -> importer.importFile(db, request(folder.resolve("uchastki.xlsx"), null, null, "Лист1")));
        assertThat(error)
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("has no sheet 'Лист1'; its sheets are Справка, Участки");
        assertThat(state()).isEqualTo(drafted);
    }

    @Test
    void aHiddenSheetIsLeftOutAndTheDataSheetFoundUnderItsTitleBehindACover() throws Exception {
        // a cover sheet, last year's sheet hidden, and this year's with the register's title above its
        // column names, as offices keep a register in Excel
        String names = TestFiles.xlsxRow(2, "kad_nomer", "status", "kategor", "WKT");
        Map<String, String> sheets = new java.util.LinkedHashMap<>();
        sheets.put("Титул", TestFiles.xlsxRow(1, "Реестр свободных земельных участков г. Өскемен"));
        sheets.put(
                "2025",
                TestFiles.xlsxRow(1, "kad_nomer", "status", "kategor", "WKT")
                        + TestFiles.xlsxRow(2, "05-085-099-009", "бос", "нп", outline(82.6)));
        sheets.put(
                "2026",
                TestFiles.xlsxRow(1, "Реестр свободных земельных участков на 01.12.2026")
                        + names
                        + TestFiles.xlsxRow(3, "05-085-099-001", "бос", "нп", outline(82.601))
                        + TestFiles.xlsxRow(4, "05-085-099-002", "бос", "нп", outline(82.602)));
        Path workbook = TestFiles.xlsx(dir.resolve("covered.xlsx"), sheets, List.of("2025"), false);
        LayerImporter.Draft draft = drafted(workbook, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .isEqualTo("05-085-099-001,05-085-099-002");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the workbook hides the sheets 2025, which were left out: name one as the source"
                                + " layer to import it"))
                .anyMatch(i -> i.message()
                        .equals("the column names are on row 2 of the sheet, under a title: the rows above them were"
                                + " left out"));
        // named, the hidden sheet is read
        LayerImporter.Draft named = importer.importFile(db, request(workbook, null, null, "2025"));
        assertThat(ofSnapshot(named, "string_agg(cadastral_number, ',')")).isEqualTo("05-085-099-009");
    }

    @Test
    void aWorkbookWithoutASheetOfCoordinatesIsRefusedNamingTheSheetsLookedAt() throws Exception {
        // the refusal named only the first sheet, a cover, and the clerk did not know which to correct
        Map<String, String> sheets = new java.util.LinkedHashMap<>();
        sheets.put("Титул", TestFiles.xlsxRow(1, "Реестр свободных земельных участков"));
        sheets.put(
                "Участки",
                TestFiles.xlsxRow(1, "kad_nomer", "status", "kategor", "Координаты")
                        + TestFiles.xlsxRow(2, "05-085-099-031", "бос", "нп", "82.6 49.95"));
        Path workbook = TestFiles.xlsx(dir.resolve("nogeometry.xlsx"), sheets, List.of(), false);
        String message = refused(workbook, null, null, "no sheet of", SourceProblem.NO_GEOMETRY);
        assertThat(message)
                .startsWith("no sheet of the workbook nogeometry.xlsx has a column of WKT or of longitude and latitude;"
                        + " the sheets looked at: «Титул» (names on row 1: Реестр свободных земельных участков),"
                        + " «Участки» (names on row 1: kad_nomer, status, kategor, Координаты)."
                        + " A sheet needs a column of WKT named one of wkt, ");
    }

    @Test
    void cellsAreReadAsTheSpreadsheetShowsThem() throws Exception {
        // cadastral numbers kept as numbers shown through 00-000-000-000, the status merged down over
        // the rows of a group, dates of a workbook counting from 1904 (44634 shows 15.03.2026), an
        // address a failed lookup left as #N/A, a price a program wrote as a formula with no result: the
        // rows of those two are not read without them
        String date = "<c r=\"{ref}\" s=\"1\"><v>44634</v></c>";
        Map<String, String> sheets = Map.of(
                "Лист1",
                TestFiles.xlsxRow(1, "kad_nomer", "status", "kategor", "ploshad", "data_auk", "adres", "cena", "WKT")
                        + TestFiles.xlsxRow(
                                2,
                                "<c r=\"{ref}\" s=\"3\"><v>5085099011</v></c>",
                                "бос",
                                "нп",
                                0.12,
                                date,
                                "ул. Абая 1",
                                1500000,
                                outline(82.6))
                        + TestFiles.xlsxRow(
                                3,
                                "<c r=\"{ref}\" s=\"3\"><v>5085099012</v></c>",
                                null,
                                "нп",
                                0.12,
                                date,
                                "<c r=\"{ref}\" t=\"e\"><f>VLOOKUP(A3,Адреса!A:B,2,FALSE)</f><v>#N/A</v></c>",
                                1500000,
                                outline(82.601))
                        + TestFiles.xlsxRow(
                                4,
                                "<c r=\"{ref}\" s=\"3\"><v>5085099013</v></c>",
                                null,
                                "нп",
                                0.12,
                                date,
                                "ул. Абая 3",
                                "<c r=\"{ref}\"><f>1000*3</f></c>",
                                outline(82.602))
                        + "<mergeCells count=\"1\"><mergeCell ref=\"B2:B4\"/></mergeCells>");
        Path workbook = TestFiles.xlsx(dir.resolve("shown.xlsx"), sheets, List.of(), true);
        LayerImporter.Draft draft = drafted(workbook, null, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(cadastral_number || ' ' || status || ' ' || auction_date || ' '"
                                + " || coalesce(address, '-') || ' ' || coalesce(starting_price_kzt::text, '-'), ', '"
                                + " ORDER BY cadastral_number) FILTER (WHERE cadastral_number LIKE '05-085-099-%')"))
                .isEqualTo("05-085-099-011 free 2026-03-15 ул. Абая 1 1500000.00");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.message())
                .containsExactly(
                        "3 cell_spreadsheet_error the cell F3 holds a spreadsheet error, #N/A, its formula failed:"
                                + " the row is not read without it; correct it in the workbook and save it again",
                        "4 cell_formula_uncached the cell G4 holds a formula whose result the workbook does not keep:"
                                + " the row is not read without it; open the workbook in Excel or LibreOffice and save"
                                + " it again");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("cells merged over rows (B2:B4) were read as holding their value on each row of the"
                                + " range, as the spreadsheet shows them"))
                .anyMatch(i -> i.message()
                        .startsWith("cells holding a spreadsheet error, their formulas failed: 1 (F3 #N/A); they were"
                                + " read as empty"))
                .anyMatch(i -> i.message()
                        .startsWith("cells holding a formula whose result the workbook does not keep, as programs"
                                + " that write workbooks leave them: 1 (G4)"))
                .anyMatch(i -> i.message()
                        .equals("numbers read as their cells' number format shows them (5085099011 as"
                                + " 05-085-099-011): 3"))
                .anyMatch(i -> i.message().startsWith("the workbook counts its dates from 1904"));

        // LibreOffice: the status spanned over two rows, a lookup's error shown #N/A over the 0 it stores
        String cell = "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>";
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""
                + " office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Лист1\">"
                + "<table:table-column table:number-columns-repeated=\"5\"/><table:table-row>"
                + cell.formatted("kad_nomer") + cell.formatted("status") + cell.formatted("kategor")
                + cell.formatted("adres") + cell.formatted("WKT") + "</table:table-row><table:table-row>"
                + cell.formatted("05-085-099-021")
                + "<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"2\"><text:p>бос"
                + "</text:p></table:table-cell>" + cell.formatted("нп")
                + "<table:table-cell table:formula=\"of:=VLOOKUP([.A2];$Адреса.A:B;2;0)\" office:value-type=\"float\""
                + " office:value=\"0\" calcext:value-type=\"error\"><text:p>#N/A</text:p></table:table-cell>"
                + cell.formatted(outline(82.603)) + "</table:table-row><table:table-row>"
                + cell.formatted("05-085-099-022") + "<table:covered-table-cell/>" + cell.formatted("нп")
                + cell.formatted("ул. Абая 22") + cell.formatted(outline(82.604))
                + "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
        Map<String, byte[]> parts = new java.util.LinkedHashMap<>();
        parts.put("mimetype", "application/vnd.oasis.opendocument.spreadsheet".getBytes(StandardCharsets.US_ASCII));
        parts.put(
                "META-INF/manifest.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
                                + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
                                + " manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\""
                                + " manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
                                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                                + "</manifest:manifest>")
                        .getBytes(StandardCharsets.UTF_8));
        parts.put("content.xml", content.getBytes(StandardCharsets.UTF_8));
        LayerImporter.Draft ods = drafted(TestFiles.zipEntries(dir.resolve("shown.ods"), parts), null, null);
        assertThat(ods.accepted()).as(ods.issues().toString()).isEqualTo(1);
        assertThat(ofSnapshot(
                        ods,
                        "string_agg(cadastral_number || ' ' || status || ' ' || coalesce(address, '-'), ', '"
                                + " ORDER BY cadastral_number) FILTER (WHERE cadastral_number LIKE '05-085-099-%')"))
                .isEqualTo("05-085-099-022 free ул. Абая 22");
        assertThat(ods.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code())
                .containsExactly("2 cell_spreadsheet_error");
        assertThat(ods.issues())
                .anyMatch(i ->
                        i.message().startsWith("cells holding a spreadsheet error, their formulas failed: 1 (D2 #N/A)"))
                .anyMatch(i -> i.message().startsWith("cells merged over rows (B2:B3)"));
    }

    @Test
    void aNameOverTwoColumnsOfAFormsTwoRowHeaderNamesTheColumnsUnderIt() throws Exception {
        // an akimat's form: «Площадь» merged over the two columns of its units, «га» and «кв.м» on the
        // row below, the other names merged down over both rows. The columns were named «га» and
        // «кв.м», and the declared areas were not read
        Map<String, String> sheets = Map.of(
                "Реестр",
                TestFiles.xlsxRow(1, "№", "Кадастровый номер", "Площадь", null, "Статус", "Категория земель", "WKT")
                        + TestFiles.xlsxRow(2, null, null, "га", "кв.м")
                        + TestFiles.xlsxRow(3, 1, "05-085-102-001", 0.12, 1200, "свободен", "нп", outline(82.6))
                        + TestFiles.xlsxRow(4, 2, "05-085-102-002", 0.2, 2000, "свободен", "нп", outline(82.601))
                        + "<mergeCells count=\"6\"><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"B1:B2\"/>"
                        + "<mergeCell ref=\"C1:D1\"/><mergeCell ref=\"E1:E2\"/><mergeCell ref=\"F1:F2\"/>"
                        + "<mergeCell ref=\"G1:G2\"/></mergeCells>");
        LayerImporter.Draft sheet =
                drafted(TestFiles.xlsx(dir.resolve("two-rows.xlsx"), sheets, List.of(), false), null, null);
        assertAccepted(sheet, 2);
        assertThat(ofSnapshot(sheet, "string_agg(area_declared_ha::text, ',' ORDER BY source_row)"))
                .isEqualTo("0.1200,0.2000");
        assertThat(sheet.issues())
                .noneMatch(i -> i.code().equals("missing_field") && i.message().contains("area_declared_ha"))
                .anyMatch(i -> i.message()
                        .equals("the column names take two rows of the sheet, 1 and 2: a name over several columns,"
                                + " with the unit of each on the row below; they were read as one row of names"
                                + " («Площадь, га», «Площадь, кв.м»)"));
        assertThat(sheet.issues())
                .filteredOn(i -> i.fileRow() != null)
                .allSatisfy(i -> assertThat(i.fileRow()).isBetween(3L, 4L));

        // the same form saved as a CSV file: the merged cells' names on their first row only, the units
        // on the line below
        String rows = "№;Кадастровый номер;Площадь;;Статус;Категория земель;WKT\r\n"
                + ";;га;кв.м;;;\r\n"
                + "1;05-085-102-003;0,12;1200;свободен;нп;" + outline(82.602) + "\r\n"
                + "2;05-085-102-004;0,2;2000;свободен;нп;" + outline(82.603) + "\r\n";
        LayerImporter.Draft csv = drafted(Files.writeString(dir.resolve("two-lines.csv"), rows), null, null);
        assertAccepted(csv, 2);
        assertThat(ofSnapshot(csv, "string_agg(area_declared_ha::text, ',' ORDER BY source_row)"))
                .isEqualTo("0.1200,0.2000");
        assertThat(csv.issues())
                .noneMatch(i -> i.code().equals("missing_field") && i.message().contains("area_declared_ha"))
                .anyMatch(i -> i.message()
                        .equals("the column names take two lines, 1 and 2: a name over several columns, with the"
                                + " unit of each on the line below; they were read as one line of names"
                                + " («Площадь, га», «Площадь, кв.м»)"));
        assertThat(csv.issues())
                .filteredOn(i -> i.fileRow() != null)
                .allSatisfy(i -> assertThat(i.fileRow()).isBetween(3L, 4L));
    }

    @Test
    void spreadsheetErrorsInACsvSavedFromExcelAreReadAsEmptyAndNamedByLineAndColumn() throws Exception {
        // a register whose purpose and address a lookup filled in, saved by a Russian Excel as «CSV
        // (разделители — точки с запятой)»: where the lookup failed Excel writes the error it shows
        String rows = "Кадастровый номер;Площадь;Категория;Статус;Целевое назначение;Адрес;WKT\r\n"
                + "05-085-098-001;0,2515;земли населенных пунктов;свободен;#Н/Д;#ССЫЛКА!;" + outline(82.6) + "\r\n"
                + "05-085-098-002;0,2515;земли населенных пунктов;свободен;для ИЖС;ул. Абая 5;" + outline(82.601)
                + "\r\n"
                + "05-085-098-003;0,2515;земли населенных пунктов;свободен;#N/A; #ЗНАЧ! ;" + outline(82.602) + "\r\n";
        Path csv = Files.write(
                dir.resolve("lookups.csv"), rows.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        LayerImporter.Draft draft = drafted(csv, null, null);
        // the purpose and the address are fields the profile reads: their rows are not read without them
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(cadastral_number || ' ' || coalesce(intended_purpose_ru, '-') || ' '"
                                + " || coalesce(address, '-'), ', ' ORDER BY cadastral_number)"
                                + " FILTER (WHERE cadastral_number LIKE '05-085-098-%')"))
                .isEqualTo("05-085-098-002 для ИЖС ул. Абая 5");
        assertThat(draft.issues())
                .filteredOn(i -> i.severity().equals("rejected"))
                .extracting(i -> i.fileRow() + " " + i.code() + " " + i.detail().get("column") + " "
                        + i.detail().get("value"))
                .containsExactlyInAnyOrder(
                        "2 cell_spreadsheet_error Целевое назначение #Н/Д",
                        "2 cell_spreadsheet_error Адрес #ССЫЛКА!",
                        "4 cell_spreadsheet_error Целевое назначение #N/A",
                        "4 cell_spreadsheet_error Адрес #ЗНАЧ!");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("cells holding a spreadsheet error, their formulas failed in the spreadsheet the file"
                                + " was saved from: 4 («Целевое назначение» on line 2: #Н/Д, «Адрес» on line 2:"
                                + " #ССЫЛКА!, «Целевое назначение» on line 4: #N/A, «Адрес» on line 4: #ЗНАЧ!); they"
                                + " were read as empty (a row that needs the value is not imported): correct them in"
                                + " the spreadsheet and save the file again"));
    }

    @Test
    void aCsvOfExcelForMacInMacCyrillicWithLinesEndedByCrIsRead() throws Exception {
        // Excel for Mac's «CSV (Macintosh)»: x-mac-cyrillic, whose capitals stand where CP1251's signs
        // do («Кадастровый» read in CP1251 is «Љадастровый»), and a CR alone ending each line
        String rows = "Кадастровый номер;Категория;Статус;Адрес;WKT\r"
                + "05-085-097-001;Земли населенных пунктов;Свободен;Өскемен, ул. Абая 1;" + outline(82.6) + "\r"
                + "05-085-097-002;Земли населенных пунктов;Свободен;ЖЕЛЕЗНОДОРОЖНАЯ 2;" + outline(82.601) + "\r";
        Path csv = Files.write(
                dir.resolve("mac.csv"),
                rows.replace("Ө", "О").getBytes(java.nio.charset.Charset.forName("x-MacCyrillic")));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(cadastral_number || ' ' || status || ' ' || land_category || ' ' || address,"
                                + " ', ' ORDER BY cadastral_number)"))
                .isEqualTo("05-085-097-001 free settlement Оскемен, ул. Абая 1,"
                        + " 05-085-097-002 free settlement ЖЕЛЕЗНОДОРОЖНАЯ 2");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the CSV file is not in UTF-8; its text reads as MacCyrillic and was read so; pass"
                                + " the encoding explicitly if that is wrong"));
    }

    /** A plot's outline some 30 by 30 metres from the longitude {@code lon}, as WKT. */
    private static String outline(double lon) {
        return "POLYGON((%1$s 49.95,%2$s 49.95,%2$s 49.95027,%1$s 49.95027,%1$s 49.95))"
                .formatted(
                        lon, new java.math.BigDecimal(Double.toString(lon)).add(new java.math.BigDecimal("0.00042")));
    }

    @Test
    void aGeoJsonPropertyHoldingNumbersAndText() throws Exception {
        // GDAL types such a property as JSON; the text "0,09" must not stop the import
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(3)) {
            f.add(p.with("ploshad", f.isEmpty() ? "0,09" : (Object) 0.09));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("mixed.geojson"), f), null, null);
        assertAccepted(draft, 3);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT area_declared_ha::text, ',')"))
                .isEqualTo("0.0900");
    }

    @Test
    void fieldsWhoseNamesClashInTheDatabase() throws Exception {
        // PostgreSQL cuts names at 63 bytes, some 31 Cyrillic letters: these two become one column
        String ru = "Целевое назначение земельного участка по документам (рус)";
        String kk = "Целевое назначение земельного участка по документам (каз)";
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(3)) {
            f.add(p.with(ru, "для строительства").with(kk, "құрылыс үшін").with("geom", "квартал 12"));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("clash.geojson"), f), null, null);
        assertAccepted(draft, 3);
        assertThat(draft.issues())
                .anyMatch(i -> i.message().startsWith("the field '" + kk + "' is read as"))
                .anyMatch(i -> i.message().contains("the field 'geom' is read as 'geom_2'"))
                // both begin with «целевое», the profile's name of the purpose in Russian: the first is
                // read as it
                .anyMatch(i -> i.code().equals("field_ambiguous")
                        && i.message().startsWith("2 fields could hold intended_purpose_ru")
                        && i.message().contains("they differ in 3 of the 3 features"));
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT intended_purpose_ru, ',')"))
                .isEqualTo("для строительства");
        assertThat(query("SELECT string_agg(DISTINCT (SELECT string_agg(value, '|' ORDER BY value)"
                        + " FROM jsonb_each_text(extra)), ',') FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("квартал 12|құрылыс үшін");
    }

    @Test
    void areasNearlyAllTenThousandTimesDrawnUnderAFieldNamingNoUnitAreReadInSquareMetres() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(4)) {
            // 30 m by 30 m: 0.09 ha, written as 900 (m²)
            f.add(p.with("ploshad", "900"));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("sqm.geojson"), f), null, null);
        assertAccepted(draft, 4);
        assertThat(ofSnapshot(draft, "string_agg(DISTINCT area_declared_ha::text, ',')"))
                .isEqualTo("0.0900");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("area_mismatch"));
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("area_unit"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .isEqualTo("the declared areas of 4 of 4 features are about 10,000 times their drawn areas,"
                                + " and the field 'ploshad' names no unit: they were read as square metres and stored"
                                + " in hectares; name the field «Площадь, кв.м» to say so"));
        // mixed evidence, or too few features, is only said: the areas stay as written
        List<TestFiles.Feature> mixed = new ArrayList<>();
        for (TestFiles.Feature p : plots(5)) {
            mixed.add(p.with("ploshad", mixed.size() < 3 ? "900" : "0,09"));
        }
        List<TestFiles.Feature> two = new ArrayList<>();
        for (TestFiles.Feature p : plots(2)) {
            two.add(p.with("ploshad", "900"));
        }
        for (List<TestFiles.Feature> few : List.of(mixed, two)) {
            LayerImporter.Draft said = drafted(geojson(dir.resolve("sqm-few.geojson"), few), null, null);
            assertThat(ofSnapshot(said, "count(*) FILTER (WHERE area_declared_ha = 900)"))
                    .isEqualTo(few == mixed ? "3" : "2");
            assertThat(said.issues())
                    .filteredOn(i -> i.code().equals("area_unit"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.message())
                            .contains("features are about 10,000 times their drawn areas: the file gives them in"
                                    + " square metres; name the field «Площадь, кв.м»"));
            assertThat(said.issues())
                    .filteredOn(i -> i.code().equals("area_mismatch"))
                    .hasSize(few == mixed ? 3 : 2);
        }
    }

    @Test
    void hostileFieldNamesReadThroughTheRenamingSelect() throws Exception {
        // a field named geom sends the file through OGR SQL, where every other name is quoted
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(2)) {
            f.add(p.with("geom", "g")
                    .with("a\"; DROP TABLE land_plot; --", "evil")
                    .with("back\\slash", "b")
                    .with("it's", "q")
                    // ogrinfo prints this name on two lines
                    .with("line\nbreak", "n"));
        }
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("hostile-names.geojson"), f), null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "extra::text"))
                // under the names the file gives them, each a JSON text
                .contains(
                        "\"geom\": \"g\"",
                        "\"a\\\"; DROP TABLE land_plot; --\": \"evil\"",
                        "\"back\\\\slash\": \"b\"",
                        "\"it's\": \"q\"",
                        "\"line\\nbreak\": \"n\"");
        assertThat(query("SELECT count(*) FROM land_plot")).isNotEqualTo("0");
    }

    @Test
    void aCollectionOfPolygonsIsAPlotOfSeveralParts() throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>(plots(3));
        String first = f.get(0).geometry();
        String second = TestFiles.polygon(82.6002, 49.9504, 82.6004, 49.9506);
        f.set(
                0,
                f.get(0)
                        .withGeometry(
                                "{\"type\":\"GeometryCollection\",\"geometries\":[" + first + "," + second + "]}"));
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"GeometryCollection\",\"geometries\":["
                                + f.get(1).geometry() + ",{\"type\":\"Point\",\"coordinates\":[82.6,49.95]}]}"));
        LayerImporter.Draft draft = drafted(geojson(dir.resolve("collection.geojson"), f), null, null);
        // the second, a polygon with the point its label hangs on (as KML draws plots), is its polygon
        assertAccepted(draft, 3);
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && i.code().equals("parts_left_out")
                        && i.message().startsWith("the points drawn with the plot"));
        assertThat(ofRow(draft, 2, "GeometryType(geom)")).isEqualTo("MULTIPOLYGON");
        // a collection of points and lines only is no plot
        f.set(
                2,
                f.get(2)
                        .withGeometry("{\"type\":\"GeometryCollection\",\"geometries\":["
                                + "{\"type\":\"Point\",\"coordinates\":[82.6,49.95]},"
                                + "{\"type\":\"LineString\",\"coordinates\":[[82.6,49.95],[82.61,49.96]]}]}"));
        LayerImporter.Draft lines = drafted(geojson(dir.resolve("collection-lines.geojson"), f), null, null);
        assertThat(lines.issues())
                .anyMatch(i -> Long.valueOf(3).equals(i.row()) && i.code().equals("not_polygon"));
        assertThat(ofRow(draft, 1, "ST_NumGeometries(geom) || ' ' || GeometryType(geom)"))
                .isEqualTo("2 MULTIPOLYGON");
    }

    @Test
    void arcsInWktAndInAGeoPackageBecomeSegments() throws Exception {
        // a circle, and a plot with one rounded side; GDAL would keep both as curves
        Path csv = Files.createDirectories(dir.resolve("curves")).resolve("arcs.csv");
        Files.writeString(csv, """
                kad_nomer,status,kategor,WKT
                05-085-099-001,бос,нп,"CURVEPOLYGON(CIRCULARSTRING(82.6 49.95,82.6002 49.9502,82.6 49.9504,82.5998 49.9502,82.6 49.95))"
                05-085-099-002,бос,нп,"MULTISURFACE(CURVEPOLYGON(COMPOUNDCURVE((82.601 49.95,82.6014 49.95),CIRCULARSTRING(82.6014 49.95,82.6016 49.9502,82.6014 49.9504),(82.6014 49.9504,82.601 49.9504,82.601 49.95))))"
                05-085-099-003,бос,нп,"POLYGON((82.602 49.95,82.6024 49.95,82.6024 49.9504,82.602 49.9504,82.602 49.95))"
                """);
        Path gpkg = convert(csv, dir.resolve("curves/arcs.gpkg"), "GPKG", "-nln", "plots", "-nlt", "MULTISURFACE");
        for (Path file : List.of(csv, gpkg)) {
            LayerImporter.Draft draft = drafted(file, null, null);
            assertAccepted(draft, 3);
            assertThat(draft.issues())
                    .as(file.getFileName().toString())
                    .anyMatch(i -> i.code().equals("file") && i.message().startsWith("2 features are drawn with arcs"));
            // the circle of radius 0.0002° keeps its area within 0.1 %: segments, not a square or a triangle
            assertThat(Double.parseDouble(ofRow(draft, 1, "ST_Area(geom) / (pi() * 0.0002 ^ 2)")))
                    .isBetween(0.999, 1.0);
            assertThat(ofSnapshot(draft, "string_agg(DISTINCT GeometryType(geom), ',')"))
                    .isEqualTo("MULTIPOLYGON");
        }
    }

    @Test
    void arcsOfAProjectedFileAreDrawnInItsOwnMetres() throws Exception {
        // round plots of radius 30 m in UTM 44N: a circle, a square with a round hole, and a circle
        // written with two points, as ArcGIS and QGIS save them in a GeoPackage, a File Geodatabase or
        // as WKT; made straight in longitude and latitude, they lost 8 % to 13 % of their area, and
        // the two-point circle gained 55 %
        Path csv = Files.createDirectories(dir.resolve("utm-arcs")).resolve("arcs.csv");
        Files.writeString(csv, """
                kad_nomer,status,kategor,WKT
                05-085-098-001,бос,нп,"CURVEPOLYGON(CIRCULARSTRING(610970 5530000,611000 5530030,611030 5530000,611000 5529970,610970 5530000))"
                05-085-098-002,бос,нп,"CURVEPOLYGON((611200 5530000,611280 5530000,611280 5530080,611200 5530080,611200 5530000),CIRCULARSTRING(611220 5530040,611260 5530040,611220 5530040))"
                05-085-098-003,бос,нп,"CURVEPOLYGON(CIRCULARSTRING(611320 5530000,611380 5530000,611320 5530000))"
                """);
        Path gpkg = convert(csv, dir.resolve("utm-arcs/arcs.gpkg"), "GPKG", "-nln", "plots", "-a_srs", "EPSG:32644");
        Path gdb = convert(
                csv,
                dir.resolve("utm-arcs/arcs.gdb"),
                "OpenFileGDB",
                "-nln",
                "plots",
                "-a_srs",
                "EPSG:32644",
                "-nlt",
                "MULTISURFACE");
        Map<Path, String> files = new java.util.LinkedHashMap<>();
        files.put(csv, "EPSG:32644");
        files.put(gpkg, null);
        files.put(gdb, null);
        for (Map.Entry<Path, String> file : files.entrySet()) {
            LayerImporter.Draft draft = drafted(file.getKey(), file.getValue(), null);
            String name = file.getKey().getFileName().toString();
            assertAccepted(draft, 3);
            assertThat(draft.issues())
                    .as(name)
                    .anyMatch(i -> i.code().equals("file") && i.message().startsWith("3 features are drawn with arcs"));
            // on the spheroid, against the plane of the file's zone: within its scale (0.9996 to 1)
            double circle = Math.PI * 30 * 30;
            assertThat(Double.parseDouble(ofRow(draft, 1, "ST_Area(geom::geography)")) / circle)
                    .as(name)
                    .isBetween(0.998, 1.002);
            assertThat(Double.parseDouble(ofRow(draft, 2, "ST_Area(geom::geography)")) / (80 * 80 - 400 * Math.PI))
                    .as(name)
                    .isBetween(0.998, 1.002);
            assertThat(Double.parseDouble(ofRow(draft, 3, "ST_Area(geom::geography)")) / circle)
                    .as(name)
                    .isBetween(0.998, 1.002);
            // 32 segments to a quarter circle, as the report says
            assertThat(Integer.parseInt(ofRow(draft, 1, "ST_NPoints(geom)")))
                    .as(name)
                    .isBetween(128, 132);
        }
    }

    @Test
    void repairsLeaveNoCrumbsAndABowTieOfMetresHasNoArea() throws Exception {
        // UTM 44N metres: 1, a square with a triangular hole whose corner touches the outline mid-edge
        // (valid, until its points become degrees); 2, a hole along the outline; 3, an outline that
        // crosses itself by 1 cm near a corner; 4, a bow tie
        Path csv = Files.createDirectories(dir.resolve("crumbs")).resolve("edges.csv");
        Files.writeString(csv, """
                kad_nomer,status,kategor,WKT
                05-085-097-001,бос,нп,"POLYGON((640000 5530000,640000 5530060,640060 5530060,640060 5530000,640000 5530000),(640000 5530020,640020 5530030,640020 5530010,640000 5530020))"
                05-085-097-002,бос,нп,"POLYGON((640100 5530000,640100 5530060,640160 5530060,640160 5530000,640100 5530000),(640100 5530020,640120 5530020,640120 5530040,640100 5530040,640100 5530020))"
                05-085-097-003,бос,нп,"POLYGON((640200 5530000,640200 5530060,640250 5530060,640250 5530000,640250.01 5530030,640200 5530000))"
                05-085-097-004,бос,нп,"POLYGON((640300 5530000,640300 5530060,640350 5530000,640350 5530060,640300 5530000))"
                """);
        LayerImporter.Draft draft = drafted(csv, "EPSG:32644", null);
        for (long row = 1; row <= 3; row++) {
            assertThat(ofRow(draft, row, "ST_NumGeometries(geom)"))
                    .as("parts of row " + row)
                    .isEqualTo("1");
        }
        assertThat(Double.parseDouble(ofRow(draft, 1, "ST_Area(geom::geography)")))
                .isCloseTo(3400, org.assertj.core.data.Offset.offset(5.0));
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(4).equals(i.row())
                        && i.code().equals("invalid_geometry")
                        && i.message().contains("as drawn it has no area"));
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("tiny_plot"));
    }

    @Test
    void aRingOfNoAreaInTheFilesOwnCoordinatesIsRejectedInEverySystem() throws Exception {
        // the same drawings in UTM 44N and in Pulkovo 1942's Gauss–Krüger zone 14, metres from the
        // point given: 1, a ring out along a 100 m line and back through its middle, which the bend
        // of the line in longitude and latitude makes a valid "plot" of 0.01 m²; 2, the same along
        // 670 m and back through three points; 3, a square of 1 m²; 4, a sliver of 50 m by 1 mm;
        // 5, a plot of two parts, one of them a ring of no area
        String[] drawings = {
            "POLYGON((200 0,300 0,250 0,200 0))",
            "POLYGON((400 0,1000 300,800 200,600 100,400 0))",
            "POLYGON((1100 0,1101 0,1101 1,1100 1,1100 0))",
            "POLYGON((1200 0,1200 0.001,1250 0.001,1250 0,1200 0))",
            "MULTIPOLYGON(((1300 0,1330 0,1330 30,1300 30,1300 0)),((1400 0,1500 0,1450 0,1400 0)))"
        };
        String noArea = "the geometry is invalid (its outline encloses no area: in the file's own coordinates it runs"
                + " out and back along one line); repairing it would change its area by an amount that cannot be"
                + " told, as drawn it has no area, so it was not imported: correct it in the source";
        List<Long> revisions = new ArrayList<>();
        for (String[] system :
                new String[][] {{"EPSG:32644", "616000", "5534000"}, {"EPSG:28414", "14616000", "5536250"}}) {
            double x0 = Double.parseDouble(system[1]);
            double y0 = Double.parseDouble(system[2]);
            StringBuilder csv = new StringBuilder("kad_nomer,status,kategor,WKT\n");
            for (int i = 0; i < drawings.length; i++) {
                // each pair of numbers moved to the point given
                java.util.regex.Matcher pair =
                        java.util.regex.Pattern.compile("([0-9.]+) ([0-9.]+)").matcher(drawings[i]);
                String placed = pair.replaceAll(m -> String.format(
                        Locale.ROOT,
                        "%.3f %.3f",
                        x0 + Double.parseDouble(m.group(1)),
                        y0 + Double.parseDouble(m.group(2))));
                csv.append(String.format(Locale.ROOT, "05-085-101-%03d,бос,нп,\"%s\"\n", i + 1, placed));
            }
            Path file = Files.writeString(
                    Files.createDirectories(dir.resolve("no-area-" + system[0].substring(5)))
                            .resolve("plots.csv"),
                    csv);
            LayerImporter.Draft draft = drafted(file, system[0], null);
            revisions.add(draft.revisionId());
            Map<Long, List<String>> byRow = new LinkedHashMap<>();
            for (LayerImporter.Issue issue : draft.issues()) {
                byRow.computeIfAbsent(issue.row(), r -> new ArrayList<>())
                        .add(issue.severity() + " " + issue.code() + ": " + issue.message());
            }
            assertThat(byRow.get(1L)).as(system[0]).containsExactly("rejected invalid_geometry: " + noArea);
            assertThat(byRow.get(2L))
                    .as(system[0])
                    .singleElement()
                    .asString()
                    .startsWith("rejected invalid_geometry: ")
                    .contains("as drawn it has no area");
            assertThat(byRow.getOrDefault(3L, List.of()))
                    .as(system[0] + ": a square metre is a plot (of 0.9997 m² on the ground in zone 14)")
                    .allMatch(m -> m.startsWith("warning tiny_plot"));
            assertThat(byRow.get(4L))
                    .as(system[0] + ": a sliver of a millimetre has an area")
                    .singleElement()
                    .asString()
                    .startsWith("warning tiny_plot");
            assertThat(byRow.get(5L))
                    .as(system[0])
                    .containsExactly("repaired invalid_geometry: the geometry was invalid (a part of it encloses no"
                            + " area: in the file's own coordinates its outline runs out and back along one line)"
                            + " and was repaired; its area changed by 0.00 %");
            assertThat(ofRow(draft, 5, "ST_NumGeometries(geom) || ' ' || round(ST_Area(geom::geography))"))
                    .isEqualTo("1 900");
            assertAccepted(draft, 3);
        }
        // the same ring in longitude and latitude, which GEOS finds invalid as it is: the same answer
        Path lonLat = Files.writeString(
                Files.createDirectories(dir.resolve("no-area-4326")).resolve("plots.csv"),
                "kad_nomer,status,kategor,WKT\n05-085-101-001,бос,нп,"
                        + "\"POLYGON((82.62 49.947,82.6214 49.947,82.6207 49.947,82.62 49.947))\"\n");
        LayerImporter.Draft draft = drafted(lonLat, null, null);
        revisions.add(draft.revisionId());
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .singleElement()
                .satisfies(i -> assertThat(i.code()).isEqualTo("invalid_geometry"))
                .satisfies(i -> assertThat(i.message()).contains("as drawn it has no area"));
        assertThat(query("SELECT count(*) || ' ' || string_agg(DISTINCT detail ->> 'key', ' ') FROM import_issue"
                        + " WHERE source_row = 1 AND code = 'invalid_geometry' AND layer_revision_id IN ("
                        + revisions.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + ")"))
                .isEqualTo("3 invalid_geometry_no_area");
    }

    @Test
    void aRepairIsMeasuredAgainstThePlotAsDrawnNotItsFirstRing() throws Exception {
        // 1, a 100 m square with a 20 m hole, the hole listed first (GeoJSON, KML with its boundaries
        // swapped, a Shapefile drawn counter-clockwise converted by ogr2ogr): 9,600 m², as the repair
        // makes it. 2, two islands of 20 m and 100 m, the larger listed as a hole of the smaller. 3,
        // two 100 m squares that overlap by half as the parts of one plot: the repair keeps their
        // union, three quarters of what the two parts draw
        Path file = dir.resolve("swapped.geojson");
        List<TestFiles.Feature> f = new ArrayList<>(plots(3, 102));
        f.set(0, f.get(0).withGeometry(rings(ring(82.6030, 49.9510, 20), ring(82.6027, 49.9507, 100))));
        f.set(1, f.get(1).withGeometry(rings(ring(82.6060, 49.9510, 20), ring(82.6070, 49.9507, 100))));
        f.set(
                2,
                f.get(2)
                        .withGeometry("{\"type\":\"MultiPolygon\",\"coordinates\":[[" + ring(82.6100, 49.9507, 100)
                                + "],[" + ring(82.6107, 49.9507, 100) + "]]}"));
        LayerImporter.Draft draft = drafted(geojson(file, f), null, null);
        Map<Long, String> said = new LinkedHashMap<>();
        for (LayerImporter.Issue issue : draft.issues()) {
            if (issue.code().equals("invalid_geometry")) {
                said.put(issue.row(), issue.severity() + " " + issue.message());
            }
        }
        assertThat(said.get(1L))
                .matches("repaired the geometry was invalid \\(a ring listed as a hole encloses the outline \\(the"
                        + " two swapped\\?\\) at [0-9.]+ [0-9.]+\\) and was repaired; its area changed by 0\\.00 %");
        assertThat(said.get(2L))
                .matches("repaired the geometry was invalid \\(a hole lies outside its outline at [0-9.]+ [0-9.]+\\)"
                        + " and was repaired; its area changed by 0\\.00 %");
        assertThat(said.get(3L)).matches("rejected .*; repairing it would change its area by 2[45]\\.\\d %, .*");
        assertThat(ofRow(
                        draft,
                        1,
                        "ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' ' || round(ST_Area(geom::geography)"
                                + " / 100)"))
                .as("the outline with its hole, 9,600 m²")
                .isEqualTo("1 96");
        assertThat(ofRow(draft, 2, "ST_NumGeometries(geom)")).isEqualTo("2");
    }

    /** A square ring of {@code metres} a side with its south-west corner at lon/lat, as GeoJSON positions. */
    private static String ring(double lon, double lat, double metres) {
        double dLat = metres / 111_320.0;
        double dLon = metres / (111_320.0 * Math.cos(Math.toRadians(lat)));
        return String.format(
                Locale.ROOT,
                "[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]",
                lon,
                lat,
                lon + dLon,
                lat,
                lon + dLon,
                lat + dLat,
                lon,
                lat + dLat,
                lon,
                lat);
    }

    /** A GeoJSON polygon of {@code rings} in the order given: the first is its outline, the others its holes. */
    private static String rings(String... rings) {
        return "{\"type\":\"Polygon\",\"coordinates\":[" + String.join(",", rings) + "]}";
    }

    @Test
    void aSpurTheRepairCutsIsSaid() throws Exception {
        // UTM 44N metres: 1, a 60 m square with a 30 m spur drawn out from its east side and back; 2,
        // the same with a second spur of 20 m from its north side
        Path csv = Files.createDirectories(dir.resolve("spurs")).resolve("spurs.csv");
        Files.writeString(csv, """
                kad_nomer,status,kategor,WKT
                05-085-103-001,бос,нп,"POLYGON((640000 5530000,640060 5530000,640060 5530030,640090 5530030,640060 5530030,640060 5530060,640000 5530060,640000 5530000))"
                05-085-103-002,бос,нп,"POLYGON((640100 5530000,640160 5530000,640160 5530030,640190 5530030,640160 5530030,640160 5530060,640130 5530060,640130 5530080,640130 5530060,640100 5530060,640100 5530000))"
                """);
        LayerImporter.Draft draft = drafted(csv, "EPSG:32644", null);
        assertAccepted(draft, 2);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.message())
                .satisfiesExactly(
                        one -> assertThat(one)
                                .matches("1 repaired the geometry was invalid \\(.+\\) and was repaired: the repair cut"
                                        + " from its outline what was drawn out along a line and back, enclosing no"
                                        + " area \\(a spur of about 30\\.0 m\\); its area changed by 0\\.00 %"),
                        two -> assertThat(two)
                                .matches("2 repaired the geometry was invalid \\(.+\\) and was repaired: .*"
                                        + " \\(2 spurs, 50\\.0 m in all\\); its area changed by 0\\.00 %"));
        assertThat(ofRow(draft, 1, "round(ST_Perimeter(geom::geography))")).isEqualTo("240");
    }

    @Test
    void anInvalidPlotFirstInTheFileIsReportedAsInvalidWhereverItComes() throws Exception {
        PgTarget regions = withRegions();
        // 1, a plot of two parts that overlap by half (ArcGIS's non-simple shapes, QGIS's "collect
        // geometries"): first in the file, asked whether it lies in Kazakhstan before PostGIS had
        // prepared the country's outline, GEOS raised and the whole import failed; 2, a plot with a
        // corner notch drawn as a hole sharing two sides with its outline; 3, a plot
        List<TestFiles.Feature> overlapping = new ArrayList<>(plots(3, 104));
        overlapping.set(
                0,
                overlapping
                        .get(0)
                        .withGeometry("{\"type\":\"MultiPolygon\",\"coordinates\":[[" + ring(82.61, 49.949, 100) + "],["
                                + ring(82.6107, 49.949, 100) + "]]}"));
        overlapping.set(1, overlapping.get(1).withGeometry(rings(ring(82.62, 49.949, 100), ring(82.62, 49.949, 20))));
        LayerImporter.Draft first = importer.importFile(
                regions,
                requestTo("invalid-first", geojson(dir.resolve("overlapping-first.geojson"), overlapping), null));
        assertThat(first.issues())
                .filteredOn(i -> i.code().equals("invalid_geometry"))
                .extracting(LayerImporter.Issue::row)
                .containsExactly(1L, 2L);
        assertThat(first.issues()).noneMatch(i -> i.code().equals("outside_kazakhstan"));
        // a ring of two points in Oskemen, first and third: the same answer in either place, not
        // "outside Kazakhstan"
        List<TestFiles.Feature> twoPoints = new ArrayList<>(plots(3, 104));
        String degenerate = "{\"type\":\"Polygon\",\"coordinates\":[[[82.61,49.95],[82.611,49.95],[82.61,49.95],"
                + "[82.61,49.95]]]}";
        twoPoints.set(0, twoPoints.get(0).withGeometry(degenerate));
        twoPoints.set(
                2,
                twoPoints
                        .get(2)
                        .withGeometry(degenerate.replace("82.61", "82.63").replace("82.611", "82.631")));
        LayerImporter.Draft second = importer.importFile(
                regions, requestTo("two-points-first", geojson(dir.resolve("two-points.geojson"), twoPoints), null));
        assertThat(second.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.code())
                .containsExactly("1 invalid_geometry", "3 invalid_geometry");
        IssueDetails.assertWorded(regions);
    }

    @Test
    void aPlotSmallerThanASquareMetreIsWarnedAbout() throws Exception {
        // 1.5 m by 0.5 m, and 50 m by 1 mm, in UTM 44N metres: slivers no land department allots
        Path csv = Files.createDirectories(dir.resolve("slivers")).resolve("slivers.csv");
        Files.writeString(csv, """
                kad_nomer,status,kategor,WKT
                05-085-094-001,бос,нп,"POLYGON((640000 5530000,640000 5530000.5,640001.5 5530000.5,640001.5 5530000,640000 5530000))"
                05-085-094-002,бос,нп,"POLYGON((640100 5530000,640100 5530000.001,640150 5530000.001,640150 5530000,640100 5530000))"
                05-085-094-003,бос,нп,"POLYGON((640200 5530000,640200 5530003,640203 5530003,640203 5530000,640200 5530000))"
                """);
        LayerImporter.Draft draft = drafted(csv, "EPSG:32644", null);
        assertAccepted(draft, 3);
        assertThat(draft.issues().stream()
                        .filter(i -> i.code().equals("tiny_plot"))
                        .map(i -> i.row() + " " + i.message()))
                .containsExactly(
                        "1 the plot is drawn with an area of 0.75 m², too small for a land plot: check its coordinates"
                                + " (a sliver, or a plot drawn in other units than the file's)",
                        "2 the plot is drawn with an area of 0.05 m², too small for a land plot: check its coordinates"
                                + " (a sliver, or a plot drawn in other units than the file's)");
    }

    @Test
    void rowsAndColumnsOfAnOfficeTableThatHoldNoPlotAreLeftOut() throws Exception {
        // as Excel saves a register: a row of column numbers under the header, a totals row, empty
        // lines below the table, and empty columns to the right of it
        Path csv = Files.createDirectories(dir.resolve("register")).resolve("register.csv");
        Files.writeString(csv, """
                kad_nomer;status;kategor;WKT;;;
                1;2;3;4;;;
                05-085-096-001;бос;нп;"POLYGON((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))";;;
                05-085-096-002;бос;нп;"POLYGON((82.601 49.95,82.6014 49.95,82.6014 49.9503,82.601 49.9503,82.601 49.95))";;;
                Итого: 2 участка;;;;;;
                """.concat(";;;;;;\n".repeat(12)).replace("\n", "\r\n"));
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertAccepted(draft, 2);
        assertThat(draft.issues())
                .extracting(LayerImporter.Issue::message)
                // named by their lines, the column names on line 1
                .contains(
                        "the row of column numbers under the column names (line 2) was left out: it holds no feature",
                        "totals rows without a geometry, left out: 1 (line 5)",
                        "empty rows, left out: 12, the first of them line 6",
                        "columns without a name or a value, left out: 3 (field_5, field_6, field_7)");
        assertThat(ofRow(draft, 2, "extra::text")).doesNotContain("field_");
    }

    @Test
    void aRowOfColumnNumbersIsLeftOutWhereverTheGeometryColumnStands() throws Exception {
        // a register whose outlines stand before its address: the row of column numbers under the names
        // was read as a plot numbered 1, of no geometry, status 2 and land category 4, and rejected
        Path csv = Files.createDirectories(dir.resolve("numbered")).resolve("numbered.csv");
        Files.writeString(
                csv,
                "kad_nomer;status;WKT;kategor;adres\r\n1;2;3;4;5\r\n05-085-097-001;бос;\"" + outline(82.6)
                        + "\";нп;ул. Абая 1\r\n");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.rejected()).as(draft.issues().toString()).isZero();
        assertAccepted(draft, 1);
        assertThat(draft.issues())
                .extracting(LayerImporter.Issue::message)
                .contains("the row of column numbers under the column names (line 2) was left out: it holds no"
                        + " feature");
        assertThat(ofSnapshot(draft, "source_row || ' ' || cadastral_number")).isEqualTo("1 05-085-097-001");

        // a workbook's sheet under its title, as a form prints it: the numbers on the sheet's row 3, the
        // plot on row 4
        Map<String, String> sheets = Map.of(
                "Реестр",
                TestFiles.xlsxRow(1, "Реестр свободных земельных участков")
                        + TestFiles.xlsxRow(2, "Кадастровый номер", "Статус", "WKT", "Категория земель", "Адрес")
                        + TestFiles.xlsxRow(3, 1, 2, 3, 4, 5)
                        + TestFiles.xlsxRow(4, "05-085-097-002", "свободен", outline(82.601), "нп", "ул. Абая 2")
                        + "<mergeCells count=\"1\"><mergeCell ref=\"A1:E1\"/></mergeCells>");
        LayerImporter.Draft sheet =
                drafted(TestFiles.xlsx(dir.resolve("numbered/reestr.xlsx"), sheets, List.of(), false), null, null);
        assertThat(sheet.rejected()).as(sheet.issues().toString()).isZero();
        assertAccepted(sheet, 1);
        assertThat(sheet.issues())
                .extracting(LayerImporter.Issue::message)
                .contains("the row of column numbers under the column names (row 3 of the sheet) was left out: it"
                        + " holds no feature");
        assertThat(sheet.issues())
                .filteredOn(i -> i.fileRow() != null)
                .allSatisfy(i -> assertThat(i.fileRow()).isEqualTo(4L));
    }

    @Test
    void ringsThatCrossOneAnotherAreNotCalledAnOutlineCrossingItself() throws Exception {
        // a hole sharing a side with its outline, a hole written twice; and an outline that does
        // cross itself (a bow tie)
        Path holes = Files.createDirectories(dir.resolve("holes")).resolve("holes.geojson");
        Files.writeString(holes, """
                {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"kad_nomer": "05-085-088-003", "status": "бос", "kategor": "нп"},
                 "geometry": {"type": "Polygon", "coordinates": [
                   [[83.304, 49.95], [83.3047, 49.95], [83.3047, 49.9507], [83.304, 49.9507], [83.304, 49.95]],
                   [[83.304, 49.95], [83.304, 49.9502], [83.3042, 49.9502], [83.3042, 49.95], [83.304, 49.95]]]}},
                {"type": "Feature", "properties": {"kad_nomer": "05-085-088-004", "status": "бос", "kategor": "нп"},
                 "geometry": {"type": "Polygon", "coordinates": [
                   [[83.306, 49.95], [83.3067, 49.95], [83.3067, 49.9507], [83.306, 49.9507], [83.306, 49.95]],
                   [[83.3061, 49.9501], [83.3063, 49.9501], [83.3063, 49.9503], [83.3061, 49.9503], [83.3061, 49.9501]],
                   [[83.3061, 49.9501], [83.3063, 49.9501], [83.3063, 49.9503], [83.3061, 49.9503], [83.3061, 49.9501]]]}},
                {"type": "Feature", "properties": {"kad_nomer": "05-085-088-005", "status": "бос", "kategor": "нп"},
                 "geometry": {"type": "Polygon", "coordinates": [
                   [[83.308, 49.95], [83.3087, 49.9507], [83.3087, 49.95], [83.308, 49.9507], [83.308, 49.95]]]}}
                ]}
                """);
        LayerImporter.Draft draft = drafted(holes, null, null);
        Map<Long, String> words = new LinkedHashMap<>();
        for (LayerImporter.Issue issue : draft.issues()) {
            if (issue.code().equals("invalid_geometry")) {
                words.putIfAbsent(issue.row(), issue.message());
            }
        }
        // the corner notch is repaired as a notch, its area kept
        assertThat(words.get(1L))
                .startsWith("the geometry was invalid (two of its rings (its outline and a hole, two holes, or the"
                        + " outlines of two parts) cross or share an edge at ")
                .endsWith("its area changed by 0.00 %");
        assertThat(words.get(2L)).contains("two of its rings").doesNotContain("crosses itself");
        assertThat(words.get(3L)).contains("its outline crosses itself");
    }

    @Test
    void numbersThatDifferOnlyByZerosBeforeThePlotsNumberAreSaid() throws Exception {
        // a plot's number has 3 digits or more: 0003 and 003 may be two plots or one written two ways
        Path csv = csvOfSquares(
                "padded.csv",
                "kad_nomer;status;kategor",
                "05-085-040-0003;бос;нп",
                "05-085-040-003;бос;нп",
                "05-085-040-1003;бос;нп");
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 3);
        // the other number named by its line of the CSV file, as the rest of the report names it
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("padded_cadastral_number"))
                .extracting(i -> i.row() + " " + i.detail().get("key") + " " + i.message())
                .containsExactly(
                        "1 padded_cadastral_number_csv the cadastral number 05-085-040-0003 differs from"
                                + " 05-085-040-003 (line 3) only by zeros before the plot's number: if they are one"
                                + " plot, write its number one way; both were imported",
                        "2 padded_cadastral_number_csv the cadastral number 05-085-040-003 differs from"
                                + " 05-085-040-0003 (line 2) only by zeros before the plot's number: if they are one"
                                + " plot, write its number one way; both were imported");
        // a GIS file's features by their rows
        List<TestFiles.Feature> features = new ArrayList<>(plots(3, 40));
        features.set(0, features.get(0).with("kad_nomer", "05-085-040-0003"));
        features.set(1, features.get(1).with("kad_nomer", "05-085-040-003"));
        features.set(2, features.get(2).with("kad_nomer", "05-085-040-1003"));
        LayerImporter.Draft gis = drafted(geojson(dir.resolve("padded.geojson"), features), null, null);
        assertAccepted(gis, 3);
        assertThat(gis.issues())
                .filteredOn(i -> i.code().equals("padded_cadastral_number"))
                .extracting(i -> i.row() + " " + i.detail().get("key") + " " + i.message())
                .containsExactly(
                        "1 padded_cadastral_number the cadastral number 05-085-040-0003 differs from 05-085-040-003"
                                + " (row 2) only by zeros before the plot's number: if they are one plot, write its"
                                + " number one way; both were imported",
                        "2 padded_cadastral_number the cadastral number 05-085-040-003 differs from 05-085-040-0003"
                                + " (row 1) only by zeros before the plot's number: if they are one plot, write its"
                                + " number one way; both were imported");
    }

    @Test
    void auctionDatesAsARussianSpreadsheetSavesThem() throws Exception {
        // a date-time cell in a Russian locale, and a date cell the sheet kept as its serial number
        Path csv = Files.createDirectories(dir.resolve("sheet-dates")).resolve("dates.csv");
        Files.writeString(csv, """
                kad_nomer;status;kategor;data_auk;WKT
                05-085-095-001;бос;нп;01.02.2025 0:00;"POLYGON((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))"
                05-085-095-002;бос;нп;45689;"POLYGON((82.601 49.95,82.6014 49.95,82.6014 49.9503,82.601 49.9503,82.601 49.95))"
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "auction_date::text")).isEqualTo("2025-02-01");
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(2).equals(i.row())
                        && i.message()
                                .startsWith(
                                        "the auction date '45689' is not a date (2026-12-01 or 01.12.2026): it looks"
                                                + " like the number a spreadsheet keeps a date as"));
    }

    @Test
    void auctionDatesNoAuctionIsHeldOnAreLeftEmptyAndSaid() throws Exception {
        // a workbook's date cells holding 0 (Excel's empty date, 00.01.1900), 2 (01.01.1900) and
        // 2958465 (31.12.9999), and dates typed as text no auction is held on
        Path folder = Files.createDirectories(dir.resolve("far-dates"));
        String square = "\"POLYGON((8%1$s 49.95,8%1$s4 49.95,8%1$s4 49.9503,8%1$s 49.9503,8%1$s 49.95))\"";
        Path plots = Files.writeString(
                folder.resolve("plots.csv"),
                "kad_nomer,status,kategor,data_auk,WKT\n"
                        + "05-085-096-001,бос,нп,1899-12-30," + square.formatted("2.600") + "\n"
                        + "05-085-096-002,бос,нп,1900-01-01," + square.formatted("2.601") + "\n"
                        + "05-085-096-003,бос,нп,9999-12-31," + square.formatted("2.602") + "\n"
                        + "05-085-096-004,бос,нп,2026-02-01," + square.formatted("2.603") + "\n");
        Path workbook = folder.resolve("dates.xlsx");
        TestFiles.ogr2ogr(
                "-f", "XLSX", "-oo", "AUTODETECT_TYPE=YES", "-nln", "Участки", workbook.toString(), plots.toString());
        LayerImporter.Draft cells = drafted(workbook, null, null);
        assertAccepted(cells, 4);
        assertThat(ofSnapshot(cells, "string_agg(coalesce(auction_date::text, '-'), ',' ORDER BY source_row)"))
                .isEqualTo("-,-,-,2026-02-01");
        assertThat(cells.issues())
                .filteredOn(i -> i.code().equals("bad_date"))
                .extracting(i -> i.fileRow() + " " + i.message())
                .containsExactly(
                        "2 the auction date '1899/12/30' is the day a spreadsheet's date cell holding 0 stands for"
                                + " (Excel shows it as 00.01.1900): the cell has no date; it was left empty",
                        "3 the auction date '1900/01/01' is not a date an auction is held on (from 1991 to 2100);"
                                + " it was left empty",
                        "4 the auction date '9999/12/31' is not a date an auction is held on (from 1991 to 2100);"
                                + " it was left empty");
        Path csv = folder.resolve("typed.csv");
        Files.writeString(
                csv,
                "kad_nomer;status;kategor;data_auk;WKT\n"
                        + "05-085-097-001;бос;нп;30.12.1899;" + square.formatted("2.600") + "\n"
                        + "05-085-097-002;бос;нп;01.01.0001;" + square.formatted("2.601") + "\n"
                        + "05-085-097-003;бос;нп;31.12.2100;" + square.formatted("2.602") + "\n"
                        + "05-085-097-004;бос;нп;01.01.1991;" + square.formatted("2.603") + "\n");
        LayerImporter.Draft typed = drafted(csv, null, null);
        assertThat(ofSnapshot(typed, "string_agg(coalesce(auction_date::text, '-'), ',' ORDER BY source_row)"))
                .isEqualTo("-,-,2100-12-31,1991-01-01");
        assertThat(typed.issues())
                .filteredOn(i -> i.code().equals("bad_date"))
                .extracting(i -> i.fileRow() + " " + i.detail().get("key"))
                .containsExactly("2 auction_date_empty_cell", "3 auction_date_out_of_span");
    }

    @Test
    void aShapefilesPartInsideAnotherPartReadAsAHoleIsSaid() throws Exception {
        // a writer that keeps each part of a multi-polygon an outline (clockwise), also one inside
        // another; GDAL's would make it a hole (counter-clockwise), so its ring is turned round here
        List<TestFiles.Feature> f = new ArrayList<>(plots(3));
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"MultiPolygon\",\"coordinates\":["
                                + "[[[82.62,49.9],[82.62,49.901],[82.621,49.901],[82.621,49.9],[82.62,49.9]]],"
                                + "[[[82.6202,49.9002],[82.6202,49.9004],[82.6204,49.9004],[82.6204,49.9002],"
                                + "[82.6202,49.9002]]]]}"));
        Path shp = TestFiles.shapefile(dir.resolve("nested"), "plots", f);
        assertThat(kz.adalmap.importers.source.ShapefileRings.outlinesInsideOutlines(shp))
                .isEmpty();
        turnSecondRingOfRecord(shp, 2);
        assertThat(kz.adalmap.importers.source.ShapefileRings.outlinesInsideOutlines(shp))
                .containsExactly(2L);
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("nested.zip"), TestFiles.shapefileParts(shp)), null, null);
        // on the feature's row, so that the report filtered by it shows it
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("part_read_as_hole"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(2L);
                    assertThat(i.severity()).isEqualTo("warning");
                    assertThat(i.message())
                            .isEqualTo("a part drawn inside another part of the plot, as an outline of its own"
                                    + " (clockwise), was read as a hole in it, as maps draw it; if it is a part of"
                                    + " the plot, draw it apart from the other");
                });
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("inside another part") && i.row() == null);
        // a plot with a hole, drawn as the specification says: nothing to say
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":["
                                + "[[82.62,49.9],[82.621,49.9],[82.621,49.901],[82.62,49.901],[82.62,49.9]],"
                                + "[[82.6202,49.9002],[82.6202,49.9004],[82.6204,49.9004],[82.6204,49.9002],"
                                + "[82.6202,49.9002]]]}"));
        Path holed = TestFiles.shapefile(dir.resolve("holed"), "plots", f);
        assertThat(kz.adalmap.importers.source.ShapefileRings.outlinesInsideOutlines(holed))
                .isEmpty();
        // an island in the hole (outline clockwise, hole counter-clockwise, island clockwise, as the
        // specification draws them): the file is read as it means, nothing to say either
        f.set(
                1,
                f.get(1)
                        .withGeometry("{\"type\":\"MultiPolygon\",\"coordinates\":[["
                                + "[[82.62,49.9],[82.621,49.9],[82.621,49.901],[82.62,49.901],[82.62,49.9]],"
                                + "[[82.6202,49.9002],[82.6202,49.9008],[82.6208,49.9008],[82.6208,49.9002],"
                                + "[82.6202,49.9002]]],"
                                + "[[[82.6204,49.9004],[82.6206,49.9004],[82.6206,49.9006],[82.6204,49.9006],"
                                + "[82.6204,49.9004]]]]}"));
        Path island = TestFiles.shapefile(dir.resolve("island"), "plots", f);
        assertThat(kz.adalmap.importers.source.ShapefileRings.outlinesInsideOutlines(island))
                .isEmpty();
        LayerImporter.Draft islandDraft =
                drafted(TestFiles.zip(dir.resolve("island.zip"), TestFiles.shapefileParts(island)), null, null);
        assertThat(islandDraft.issues()).noneMatch(i -> i.message().contains("was read as a hole"));
    }

    /** Reverses the order of the points of the second ring of a Shapefile's polygon record (from 1). */
    static void turnSecondRingOfRecord(Path shp, int record) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(shp));
        int offset = 100;
        for (int r = 1; r < record; r++) {
            offset += 8 + 2 * b.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(offset + 4);
        }
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int content = offset + 8;
        int parts = b.getInt(content + 36);
        int points = b.getInt(content + 40);
        int from = b.getInt(content + 44 + 4);
        int to = parts > 2 ? b.getInt(content + 44 + 8) : points;
        int xy = content + 44 + 4 * parts;
        for (int i = from, j = to - 1; i < j; i++, j--) {
            for (int k = 0; k < 2; k++) {
                double a = b.getDouble(xy + 16 * i + 8 * k);
                b.putDouble(xy + 16 * i + 8 * k, b.getDouble(xy + 16 * j + 8 * k));
                b.putDouble(xy + 16 * j + 8 * k, a);
            }
        }
        Files.write(shp, b.array());
    }

    @Test
    void aNumberAfterItsSignAndACellSayingThereIsNoneAreReadAsRegistersMeanThem() throws Exception {
        Path csv = Files.createDirectories(dir.resolve("signs")).resolve("register.csv");
        Files.writeString(csv, """
                kad_nomer;status;kategor;WKT
                №05-085-093-001;бос;нп;"POLYGON((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))"
                КН 05-085-093-002;бос;нп;"POLYGON((82.601 49.95,82.6014 49.95,82.6014 49.9503,82.601 49.9503,82.601 49.95))"
                б/н;бос;нп;"POLYGON((82.602 49.95,82.6024 49.95,82.6024 49.9503,82.602 49.9503,82.602 49.95))"
                -;бос;нп;"POLYGON((82.603 49.95,82.6034 49.95,82.6034 49.9503,82.603 49.9503,82.603 49.95))"
                05-085-093;бос;нп;"POLYGON((82.604 49.95,82.6044 49.95,82.6044 49.9503,82.604 49.9503,82.604 49.95))"
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 4);
        assertThat(ofRow(draft, 1, "cadastral_number")).isEqualTo("05-085-093-001");
        assertThat(ofRow(draft, 2, "cadastral_number")).isEqualTo("05-085-093-002");
        assertThat(ofRow(draft, 3, "coalesce(cadastral_number, 'none')")).isEqualTo("none");
        assertThat(ofRow(draft, 4, "coalesce(cadastral_number, 'none')")).isEqualTo("none");
        // a number cut short is still no number
        assertThat(draft.issues())
                .anyMatch(i -> Long.valueOf(5).equals(i.row()) && i.code().equals("bad_cadastral_number"));
    }

    @Test
    void anAreaTheColumnDoesNotTellIsReadAsTheDrawingSays() throws Exception {
        // hectares with three decimals, every one of them: 1,250 is 1.25 ha or 1250 ha by its writing
        // alone, and the plot drawn on 1.27 ha says which
        Path csv = Files.createDirectories(dir.resolve("area-drawn")).resolve("plots.csv");
        Files.writeString(csv, """
                kad_nomer;status;kategor;ploshad;WKT
                05-085-089-001;бос;нп;1,250;"POLYGON((82.6 49.95,82.6016 49.95,82.6016 49.951,82.6 49.951,82.6 49.95))"
                05-085-089-002;бос;нп;1,300;"POLYGON((82.61 49.95,82.6116 49.95,82.6116 49.951,82.61 49.951,82.61 49.95))"
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 2);
        assertThat(ofRow(draft, 1, "area_declared_ha::text")).isEqualTo("1.2500");
        assertThat(ofRow(draft, 2, "area_declared_ha::text")).isEqualTo("1.3000");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("bad_number"));
    }

    @Test
    void aDeclaredAreaTooSmallToKeepIsReportedNotPublishedAsZero() throws Exception {
        // 0.4 m² written in hectares: positive, and 0.0000 in the four decimals the public table keeps
        Path csv = Files.createDirectories(dir.resolve("tiny-area")).resolve("plots.csv");
        Files.writeString(csv, """
                kad_nomer;status;kategor;ploshad;WKT
                05-085-091-001;бос;нп;0,00004;"POLYGON((82.6 49.95,82.6004 49.95,82.6004 49.9503,82.6 49.9503,82.6 49.95))"
                """);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(ofRow(draft, 1, "coalesce(area_declared_ha::text, 'none')")).isEqualTo("none");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the declared area '0,00004' is less than 0.0001 ha (1 m²), the least the layer"
                                + " keeps: check its unit; it was left empty"));
        // the region the file lies in, in English in the English message
        assertThat(draft.issues()).noneMatch(i -> i.message().matches(".*[А-Яа-я]+ \\(East.*"));
    }

    private static void assertAccepted(LayerImporter.Draft draft, long expected) {
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(expected);
    }

    @Test
    void aPrjOfTheNeighbouringZoneIsNoticed() throws Exception {
        // UTM 44N metres of the published plots, with the .prj of zone 43: valid, in Kazakhstan, 430 km west
        Path shp = TestFiles.shapefile(dir.resolve("zone"), "plots", plots(20), "-t_srs", "EPSG:32644");
        String zone43 =
                Files.readString(TestFiles.shapefile(dir.resolve("zone43"), "plots", plots(1), "-t_srs", "EPSG:32643")
                        .resolveSibling("plots.prj"));
        Files.writeString(shp.resolveSibling("plots.prj"), zone43);
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("zone.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.code().equals("placement")
                                && i.message()
                                        .matches(
                                                "(?s).*around longitude 76\\.\\d+, latitude 49\\.9\\d+, 4\\d\\d km from the"
                                                        + " layer's published ones: if the file is this layer's, its coordinate system is wrong.*"));
        // the same plots in their own zone are where they were: nothing to say
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                Files.readString(TestFiles.shapefile(dir.resolve("zone44"), "plots", plots(1), "-t_srs", "EPSG:32644")
                        .resolveSibling("plots.prj")));
        LayerImporter.Draft right =
                drafted(TestFiles.zip(dir.resolve("zone44.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(right.issues()).noneMatch(i -> i.code().equals("placement"));
        // the wrong zone is not published unlooked by import --publish: the draft waits for --confirm
        Path utf8 = TestFiles.shapefile(
                dir.resolve("zone43held"), "plots", plots(20), "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:32644");
        Files.writeString(utf8.resolveSibling("plots.prj"), zone43);
        LayerImporter.Imported held = importer.importAndPublish(
                db,
                request(TestFiles.zip(dir.resolve("zone43held.zip"), TestFiles.shapefileParts(utf8)), null, null),
                "");
        assertThat(held.draft().diff().changed()).isEqualTo(20);
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("placement_far");
        assertThat(importer.warningToConfirm(db, "plots-oskemen", held.draft().revisionNumber()))
                .isNotNull();
        assertThat(published()).isEqualTo(publishedBefore);
    }

    @Test
    void plotsAFileOneZoneOffPutsOutsideAnEditorsRegionPointAtTheCoordinateSystemFirst() throws Exception {
        // Oskemen's plots in 6° zone 14 (EPSG:2504) under ArcGIS's .prj of zone 13N, uploaded by an editor
        // of East Kazakhstan: read so, they lie in Karagandy, and each row sent the clerk to an editor of
        // Karagandy for plots that are the clerk's own
        List<TestFiles.Feature> oskemen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            oskemen.add(TestFiles.plot("05-085-062-00" + (i + 1), 82.58 + i * 0.01, 49.95, 40, "свободен"));
        }
        Path wrong = underAnotherPrj("editor13n", oskemen, "EPSG:2504", "EPSG:2503");
        PgTarget regions = withRegions();
        int east;
        try (Connection c = regions.connect();
                Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id) SELECT 'plots-east-editor',"
                            + " 'plots', 'Өскемен', 'Усть-Каменогорск', 'Oskemen', id FROM region WHERE name_en ="
                            + " 'East Kazakhstan'");
            ResultSet rs = st.executeQuery("SELECT id FROM region WHERE name_en = 'East Kazakhstan'");
            rs.next();
            east = rs.getInt(1);
        }
        LayerImporter.Draft draft = importer.importFile(
                regions,
                new LayerImporter.Request(
                        "plots-east-editor",
                        wrong,
                        profile,
                        null,
                        null,
                        null,
                        "east-editor",
                        java.util.Set.of(east),
                        dir.resolve("work")));
        assertThat(rowsOfAFileInKaragandy(draft, 4, "outside_region_plot_in_wrong_system"))
                .allSatisfy(i -> {
                    assertThat(i.message())
                            .startsWith("the plot lies in Karagandy, outside your region (East Kazakhstan): the file's"
                                    + " coordinate system may be one zone off (see the file's placement warning)")
                            .endsWith(
                                    "if the plot is truly there, an editor of Karagandy or an administrator imports it");
                });
        // a file in its right zone with one plot truly in Karagandy: no warning of the file, and that
        // row is sent to Karagandy's editor as before
        List<TestFiles.Feature> withOne = new ArrayList<>(oskemen);
        withOne.set(3, TestFiles.plot("05-085-062-004", 73.1, 49.8, 40, "свободен"));
        Path rightShp = TestFiles.shapefile(
                dir.resolve("editor14n"), "plots", withOne, "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:2504");
        Path right = TestFiles.zip(dir.resolve("editor14n.zip"), TestFiles.shapefileParts(rightShp));
        LayerImporter.Draft own = importer.importFile(
                regions,
                new LayerImporter.Request(
                        "plots-east-editor",
                        right,
                        profile,
                        null,
                        null,
                        null,
                        "east-editor",
                        java.util.Set.of(east),
                        dir.resolve("work")));
        assertThat(own.accepted()).isEqualTo(3);
        assertThat(own.issues()).noneMatch(i -> i.code().equals("placement"));
        assertThat(own.issues())
                .filteredOn(i -> i.code().equals("outside_region"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .isEqualTo("the plot lies in Karagandy, outside your region (East Kazakhstan): an editor of"
                                + " Karagandy or an administrator imports it"));
    }

    /**
     * The rows outside the editor's region of {@code draft}, a file read as lying in Karagandy and
     * nothing accepted: {@code count} of them, each with the detail {@code key}.
     */
    private static List<LayerImporter.Issue> rowsOfAFileInKaragandy(LayerImporter.Draft draft, int count, String key) {
        assertThat(draft.accepted()).isZero();
        assertThat(draft.issues())
                .anySatisfy(i -> assertThat(i.message()).startsWith("the file's features lie in Karagandy"));
        List<LayerImporter.Issue> rows = draft.issues().stream()
                .filter(i -> i.code().equals("outside_region"))
                .toList();
        assertThat(rows).hasSize(count);
        assertThat(rows).allSatisfy(i -> assertThat(i.detail()).containsEntry("key", key));
        return rows;
    }

    @Test
    void networksAFileOneZoneOffPutsOutsideAnEditorsRegionPointAtTheCoordinateSystemFirst() throws Exception {
        // Oskemen's substations in 6° zone 14 (EPSG:2504) under the .prj of zone 13N, uploaded by an
        // editor of East Kazakhstan into the region's networks layer: read so, they lie in Karagandy, and
        // each row said only that the editor may not import it, not that the file's system looked wrong
        List<TestFiles.Feature> substations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            substations.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("kind", "подстанция", "name", "ПС-" + (i + 1), "voltage_kv", "110")),
                    "{\"type\":\"Point\",\"coordinates\":[%s,49.95]}".formatted(82.58 + i * 0.01)));
        }
        Path wrong = underAnotherPrj("networks13n", substations, "EPSG:2504", "EPSG:2503");
        PgTarget regions = withRegions();
        int east = regionLayer(regions, "networks-east-editor", "networks", "", "");
        MappingProfile networks = MappingProfile.load("networks");
        LayerImporter.Draft draft =
                importer.importFile(regions, editorsRequest("networks-east-editor", wrong, networks, east));
        assertThat(rowsOfAFileInKaragandy(draft, 3, "outside_region_feature_wrong_system"))
                .allSatisfy(i -> {
                    assertThat(i.message())
                            .isEqualTo("the feature lies outside your region (East Kazakhstan): the file's coordinate"
                                    + " system may be one zone off (see the file's placement warning), so check its .prj or"
                                    + " pass the right one; if the feature is truly there, you may not import it");
                });
        // in its right zone, with one substation truly in Karagandy: no warning of the file, and that row
        // is refused as before
        List<TestFiles.Feature> withOne = new ArrayList<>(substations);
        withOne.set(
                2,
                new TestFiles.Feature(
                        new LinkedHashMap<>(Map.of("kind", "подстанция", "name", "ПС-3", "voltage_kv", "110")),
                        "{\"type\":\"Point\",\"coordinates\":[73.1,49.8]}"));
        Path rightShp = TestFiles.shapefile(
                dir.resolve("networks14n"), "plots", withOne, "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:2504");
        LayerImporter.Draft own = importer.importFile(
                regions,
                editorsRequest(
                        "networks-east-editor",
                        TestFiles.zip(dir.resolve("networks14n.zip"), TestFiles.shapefileParts(rightShp)),
                        networks,
                        east));
        assertThat(own.accepted()).isEqualTo(2);
        assertThat(own.issues()).noneMatch(i -> i.code().equals("placement"));
        assertThat(own.issues())
                .filteredOn(i -> i.code().equals("outside_region"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail()).containsEntry("key", "outside_region_feature");
                    assertThat(i.message())
                            .isEqualTo("the feature lies outside your region (East Kazakhstan): you may not import"
                                    + " it");
                });
    }

    @Test
    void definedLayersAFileOneZoneOffOutsideTheLayersRegionPointsAtTheCoordinateSystemFirst() throws Exception {
        // a layer of East Kazakhstan's service offices, defined as data, filled with Oskemen's offices in
        // 6° zone 14 under the .prj of zone 13N: read so, they lie in Karagandy, and each row said only
        // that it lies outside the layer's region; no warning of the file said why
        List<TestFiles.Feature> offices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            offices.add(new TestFiles.Feature(
                    new LinkedHashMap<>(Map.of("name", "ЦОН " + (i + 1))),
                    "{\"type\":\"Point\",\"coordinates\":[%s,49.95]}".formatted(82.58 + i * 0.01)));
        }
        Path wrong = underAnotherPrj("offices13n", offices, "EPSG:2504", "EPSG:2503");
        PgTarget regions = withRegions();
        int east = regionLayer(
                regions,
                "offices-east",
                "custom",
                ", geometry_type, attribute_schema, style",
                ", 'point', '[{\"name\": \"name\", \"type\": \"text\", \"required\": true, \"label_kk\": \"Атауы\","
                        + " \"label_ru\": \"Наименование\", \"label_en\": \"Name\"}]'::jsonb,"
                        + " '{\"colour\": \"#2f6fdf\"}'::jsonb");
        LayerImporter.Draft draft = importer.importFile(regions, editorsRequest("offices-east", wrong, null, east));
        assertThat(draft.accepted()).isZero();
        assertThat(draft.issues()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo("placement");
            assertThat(i.message()).startsWith("the file's features lie in Karagandy");
        });
        List<LayerImporter.Issue> rows = draft.issues().stream()
                .filter(i -> i.code().equals("outside_region"))
                .toList();
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(i -> {
            assertThat(i.detail()).containsEntry("key", "outside_layer_region_wrong_system");
            assertThat(i.message())
                    .isEqualTo("the feature lies outside the layer's region (East Kazakhstan): the file's coordinate"
                            + " system may be one zone off (see the file's placement warning), so check its .prj or"
                            + " pass the right one; if the feature is truly there, it is not this layer's");
        });
        // in its right zone, with one office truly in Karagandy: no warning of the file, and that row is
        // refused as before
        List<TestFiles.Feature> withOne = new ArrayList<>(offices);
        withOne.set(
                2,
                new TestFiles.Feature(
                        new LinkedHashMap<>(Map.of("name", "ЦОН 3")),
                        "{\"type\":\"Point\",\"coordinates\":[73.1,49.8]}"));
        Path rightShp = TestFiles.shapefile(
                dir.resolve("offices14n"), "plots", withOne, "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:2504");
        LayerImporter.Draft own = importer.importFile(
                regions,
                editorsRequest(
                        "offices-east",
                        TestFiles.zip(dir.resolve("offices14n.zip"), TestFiles.shapefileParts(rightShp)),
                        null,
                        east));
        assertThat(own.accepted()).isEqualTo(2);
        assertThat(own.issues()).noneMatch(i -> i.code().equals("placement"));
        assertThat(own.issues())
                .filteredOn(i -> i.code().equals("outside_region"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail()).containsEntry("key", "outside_layer_region");
                    assertThat(i.message()).isEqualTo("the feature lies outside the layer's region (East Kazakhstan)");
                });
    }

    /**
     * Defines layer {@code code} of {@code kind} in {@code target}, of East Kazakhstan, with more {@code
     * columns} and their {@code values} (each list after a comma, or empty); East Kazakhstan's id.
     */
    private static int regionLayer(PgTarget target, String code, String kind, String columns, String values)
            throws SQLException {
        try (Connection c = target.connect();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id" + columns + ") SELECT '"
                    + code + "', '" + kind + "', 'Өскемен', 'Усть-Каменогорск', 'Oskemen', id" + values
                    + " FROM region WHERE name_en = 'East Kazakhstan'");
            ResultSet rs = st.executeQuery("SELECT id FROM region WHERE name_en = 'East Kazakhstan'");
            rs.next();
            return rs.getInt(1);
        }
    }

    /** {@code file} imported into {@code layer} with {@code profile} by an editor of region {@code region}. */
    private static LayerImporter.Request editorsRequest(String layer, Path file, MappingProfile profile, int region) {
        return new LayerImporter.Request(
                layer, file, profile, null, null, null, "east-editor", java.util.Set.of(region), dir.resolve("work"));
    }

    @Test
    void aPrjOfTheNeighbouringZoneHoldsImportAndPublishBack() throws Exception {
        // Oskemen's plots in 6° zone 14 without the zone number (EPSG:2504) under ArcGIS's .prj of zone
        // 13N, the classic wrong-zone export: read so, they lie in Karagandy, 430 km west, in Kazakhstan
        List<TestFiles.Feature> oskemen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            oskemen.add(TestFiles.plot("05-085-061-00" + (i + 1), 82.58 + i * 0.01, 49.95, 40, "свободен"));
        }
        Path shp = TestFiles.shapefile(
                dir.resolve("prj13n"), "plots", oskemen, "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:2504");
        Path right = TestFiles.zip(dir.resolve("prj14n.zip"), TestFiles.shapefileParts(shp));
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                Files.readString(TestFiles.shapefile(dir.resolve("prj13nprj"), "plots", plots(1), "-t_srs", "EPSG:2503")
                        .resolveSibling("plots.prj")));
        Path wrong = TestFiles.zip(dir.resolve("prj13n.zip"), TestFiles.shapefileParts(shp));
        PgTarget regions = withRegions();
        try (Connection c = regions.connect();
                Statement st = c.createStatement()) {
            st.execute(
                    "INSERT INTO layer (code, kind, title_kk, title_ru, title_en, region_id) SELECT 'plots-east-zone',"
                            + " 'plots', 'Өскемен', 'Усть-Каменогорск', 'Oskemen', id FROM region WHERE name_en ="
                            + " 'East Kazakhstan'");
        }
        // a layer of East Kazakhstan: the file's middle lies in another region
        LayerImporter.Imported held = importer.importAndPublish(regions, requestTo("plots-east-zone", wrong, null), "");
        assertAccepted(held.draft(), 4);
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("placement_other_region");
        assertThat(importer.warningToConfirm(
                        regions, "plots-east-zone", held.draft().revisionNumber()))
                .isNotNull()
                .satisfies(w -> assertThat(w.message()).contains("the file's features lie in Karagandy"));
        assertThat(ReportText.draft("plots-east-zone", held.draft()))
                .contains("--confirm (once you have looked: a file warning above asks for it)");
        try (Connection c = regions.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                        + " WHERE l.code = 'plots-east-zone' AND r.state = 'published'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        // in its own zone, the file is published
        LayerImporter.Imported published =
                importer.importAndPublish(regions, requestTo("plots-east-zone", right, null), "");
        assertThat(published.heldBackBy()).isNull();
        assertThat(published.published().added()).isEqualTo(4);
    }

    @Test
    void workTablesOfAnImportThatDiedAreDroppedByTheNextOne() throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            // what a server killed in the middle of reading leaves
            st.execute("CREATE UNLOGGED TABLE staging.import_0123456789abcdef (source_row int)");
        }
        try (Connection other = db.connect();
                Statement st = other.createStatement()) {
            // while some import holds its layer's lock, the table may be that import's own
            st.execute("SELECT pg_advisory_lock(hashtext('adalmap.layer:plots-elsewhere'))");
            drafted(geojson(dir.resolve("while-locked.geojson"), plots(2)), null, null);
            assertThat(query("SELECT to_regclass('staging.import_0123456789abcdef')"))
                    .isNotNull();
        }
        drafted(geojson(dir.resolve("after.geojson"), plots(2)), null, null);
        assertThat(query("SELECT to_regclass('staging.import_0123456789abcdef')"))
                .isNull();
        assertThat(query("SELECT count(*) FROM pg_tables WHERE schemaname = 'staging' AND tablename LIKE 'import%'"))
                .isEqualTo("0");
    }

    // ---------------------------------------------------------------------------------------------
    // code pages

    @Test
    void cpgNamingTheDosCodePageAsOldToolsDo() throws Exception {
        Path shp = shapefileInCodePage("oem866", "CP866", "г. Усть-Каменогорск, ул. Абая");
        Files.writeString(shp.resolveSibling("plots.cpg"), "OEM 866");
        TestFiles.clearLanguageDriver(shp.resolveSibling("plots.dbf"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("oem866.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the .cpg says 'OEM 866'"));
        // «ANSI» alone says only that the computer's code page was used: the text tells which
        Path ansi = shapefileInCodePage("ansi", "CP1251", "г. Усть-Каменогорск, ул. Абая");
        Files.writeString(ansi.resolveSibling("plots.cpg"), "ANSI");
        TestFiles.clearLanguageDriver(ansi.resolveSibling("plots.dbf"));
        LayerImporter.Draft windows =
                drafted(TestFiles.zip(dir.resolve("ansi.zip"), TestFiles.shapefileParts(ansi)), null, null);
        assertThat(addresses(windows)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(windows.issues()).anyMatch(i -> i.message().contains("the .cpg says 'ANSI'"));
    }

    @Test
    void cpgThatNamesNoCodePageIsReadAsNone() throws Exception {
        // a .cpg saved as UTF-16 (or damaged): its bytes are no code page's name
        Path shp = shapefileInCodePage("cpg16", "CP1251", "г. Усть-Каменогорск, ул. Абая");
        Files.write(shp.resolveSibling("plots.cpg"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 'g', 'a', 'r', 'b', 0});
        TestFiles.clearLanguageDriver(shp.resolveSibling("plots.dbf"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("cpg16.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .startsWith("the .cpg says 'ÿþ?garb?', which names no code page; the .dbf's text reads as"
                                + " CP1251 and was read so"));
    }

    @Test
    void aWindowsShapefileSaidToBeUtf8IsToldWhatItReadsAs() throws Exception {
        Path shp = shapefileInCodePage("said8", "CP1251", "г. Усть-Каменогорск, ул. Абая");
        refused(
                TestFiles.zip(dir.resolve("said8.zip"), TestFiles.shapefileParts(shp)),
                null,
                "UTF-8",
                "the encoding given is UTF-8, but the text of plots.dbf is not in UTF-8: it reads as CP1251. Choose"
                        + " CP1251",
                SourceProblem.UNKNOWN_ENCODING);
    }

    @Test
    void dbfInCp866WithoutCpgIsRecognised() throws Exception {
        Path shp = shapefileInCodePage("cp866", "CP866", "г. Усть-Каменогорск, ул. Абая");
        Files.delete(shp.resolveSibling("plots.cpg"));
        TestFiles.clearLanguageDriver(shp.resolveSibling("plots.dbf"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("cp866.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("reads as CP866"));
    }

    @Test
    void aLayerSavedAgainInWindowsCyrillicKeepsItsKazakhTexts() throws Exception {
        List<TestFiles.Feature> v1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            v1.add(TestFiles.plot("05-085-043-00" + (i + 1), 82.68 + i * 0.001, 49.99, 30, "свободен")
                    .with("adres", "Өскемен қ., Қазақстан көшесі, " + (i + 1)));
        }
        PgTarget regions = withRegions();
        LayerImporter.Draft first = importer.importFile(
                regions, requestTo("kazakh-texts", geojson(dir.resolve("kk-v1.geojson"), v1), null));
        importer.publish(regions, "kazakh-texts", first.revisionNumber(), "editor", null);
        // the same layer saved again as a Shapefile in Windows Cyrillic: GDAL writes it without ө, қ
        Path shp = TestFiles.shapefile(dir.resolve("kk-v2"), "plots", v1, "-lco", "ENCODING=CP1251");
        LayerImporter.Draft second = importer.importFile(
                regions,
                requestTo(
                        "kazakh-texts", TestFiles.zip(dir.resolve("kk-v2.zip"), TestFiles.shapefileParts(shp)), null));
        assertThat(second.rejected()).isEqualTo(3);
        assertThat(second.issues())
                .anyMatch(i -> Long.valueOf(1).equals(i.row())
                        && i.code().equals("kazakh_letters_lost")
                        && i.message()
                                .startsWith("the text 'скемен ., азастан кшесі, 1' is the published 'Өскемен қ.,"
                                        + " Қазақстан көшесі, 1' without its Kazakh letters"));
        assertThat(second.diff()).isEqualTo(new LayerImporter.Diff(0, 0, 0, 3));
    }

    @Test
    void kazakhLettersInPt154() throws Exception {
        Path shp = shapefileInCodePage("pt154", "PT154", "Өскемен қ., Қазақстан көшесі");
        Files.delete(shp.resolveSibling("plots.cpg"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("pt154.zip"), TestFiles.shapefileParts(shp)), null, "PT154");
        assertThat(addresses(draft)).containsOnly("Өскемен қ., Қазақстан көшесі");
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("wrong_encoding") || i.code().equals("text_lost"));
    }

    @Test
    void kazakhTextReadWithTheWrongCodePageIsReported() throws Exception {
        Path shp = shapefileInCodePage("pt154w", "PT154", "Өскемен қ., Қазақстан көшесі");
        Files.delete(shp.resolveSibling("plots.cpg"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("pt154w.zip"), TestFiles.shapefileParts(shp)), null, "CP1251");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("wrong_encoding") && i.message().contains("PT154"));
    }

    @Test
    void aWarningOfTextReadInTheWrongCodePageNamesACsvFilesLine() throws Exception {
        // a DOS program's CSV file (CP866) read as Windows Cyrillic: its first address wrapped onto two
        // lines, so the second plot, the first whose address is in Cyrillic, is on line 4
        Path csv = csvOfSquaresIn(
                "IBM866",
                "dos-read-as-windows.csv",
                "kad_nomer;status;adres",
                "05-085-086-001;bos;\"Abay street,\n1\"",
                "05-085-086-002;bos;г. Усть-Каменогорск, ул. Абая, 2",
                "05-085-086-003;bos;г. Усть-Каменогорск, ул. Абая, 3");
        LayerImporter.Draft draft = drafted(csv, null, "CP1251");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("wrong_encoding"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.detail().get("key")).isEqualTo("wrong_encoding_dos_csv");
                    assertThat(i.message()).contains("pass --encoding CP866. 2 features, first line 4: \"");
                    assertThat(i.detail().get("row")).isEqualTo(4L);
                });
    }

    @Test
    void lettersLostBeforeTheImportAreReported() throws Exception {
        // what a CP1251 export makes of Kazakh letters
        Path shp = shapefileInCodePage("lost", "CP1251", "?скемен ?., ?аза?стан к?шесі");
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("lost.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("text_lost") && i.message().contains("PT154"));
    }

    @Test
    void aKazakhLetterLostAtTheEndOfAWordInACp1251FileIsCountedAndHoldsThePublishing() throws Exception {
        // Russian Excel's CSV in CP1251 writes «?» for Қ, Ң…, which Kazakh words often end with:
        // «Бақ» became «Ба?», and every such feature is counted, the one with a lost letter inside too
        String header = "kad_nomer;status;kategor;Нысаналы мақсаты;Адрес";
        String[] rows = {
            "05-085-083-001;бос;нп;Бақ;ул. Абая 1",
            "05-085-083-002;бос;нп;Алаң, саябақ;ул. Абая 2",
            "05-085-083-003;бос;нп;Бау-бақша үшін;ул. Абая 3",
            "05-085-083-004;бос;нп;Сквер;ул. Абая 4"
        };
        Path csv = csvOfSquaresIn("windows-1251", "kk-final-1251.csv", header, rows);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("text_lost"))
                .singleElement()
                .satisfies(i -> assertThat(i.message()).contains(". 3 features, first line 2: \""));
        LayerImporter.Imported held = importer.importAndPublish(db, request(csv, null, null), "");
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo(LayerImporter.TEXT_LOST);
        assertThat(published()).isEqualTo(publishedBefore);
        // a question asked in a UTF-8 file is no lost letter
        Path asked =
                csvOfSquares("asked.csv", "kad_nomer;status;kategor;Адрес", "05-085-083-001;бос;нп;ул. Абая 1 (сдан?)");
        assertThat(drafted(asked, null, null).issues()).noneMatch(i -> i.code().equals("text_lost"));
    }

    @Test
    void theRowAWarningHoldingThePublishingNamesIsTheLineTheReportNames() throws Exception {
        // a Russian Excel's CSV in CP1251: the first address wrapped onto two lines (Alt+Enter), the third
        // plot's «Қазақстан» become «?аза?стан» on line 5. The report said line 5, and the refusal to
        // publish the draft, of the same warning, said row 3: the feature's place among those read
        Path csv = csvOfSquaresIn(
                "windows-1251",
                "lost-on-line-5.csv",
                "kad_nomer;status;kategor;Адрес",
                "05-085-084-001;бос;нп;\"г. Усть-Каменогорск,\nул. Абая, 1\"",
                "05-085-084-002;бос;нп;ул. Абая, 2",
                "05-085-084-003;бос;нп;ул. Қазақстан, 3");
        LayerImporter.Imported held = importer.importAndPublish(db, request(csv, null, null), "");
        assertThat(held.heldBackBy()).isEqualTo(LayerImporter.TEXT_LOST);
        assertThat(held.draft().issues())
                .filteredOn(i -> i.code().equals("text_lost"))
                .singleElement()
                .satisfies(i -> assertThat(i.message()).contains(". 1 feature, first line 5: \""));
        LayerImporter.PlacementWarning refusal =
                importer.warningToConfirm(db, "plots-oskemen", held.draft().revisionNumber());
        assertThat(refusal.message()).contains(". 1 feature, first line 5: \"");
        assertThat(refusal.detail()).containsEntry("row", 5L);
        assertThat(published()).isEqualTo(publishedBefore);
    }

    @Test
    void aKazakhFieldNameWithALetterLostInCp1251IsReadAsItsField() throws Exception {
        // «МӘРТЕБЕСІ» (status) exported in CP1251, which has no Ә: the profile's default would have
        // offered every plot as free
        String[] statuses = {"бос", "берілді", "берілді", "алып ?ойылды", "аукцион та?айындалды", "бос"};
        Path shp = TestFiles.shapefile(
                dir.resolve("lostname"), "plots", statusesUnder("М?РТЕБЕСІ", statuses, 41), "-lco", "ENCODING=CP1251");
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("lostname.zip"), TestFiles.shapefileParts(shp)), null, null);
        // the file's own plots: its rejected rows keep the published plots they are drawn as
        assertThat(
                        ofSnapshot(
                                draft,
                                "string_agg(status, ' ' ORDER BY source_row) FILTER (WHERE cadastral_number LIKE '05-085-041-%')"))
                .isEqualTo("free allocated allocated free");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the field 'М?РТЕБЕСІ' is read as status: its name lost letters in decoding (a"
                                + " question mark stands for each) and is otherwise a name the profile knows for it"))
                .noneMatch(i -> i.code().equals("default_used"));
        // the words whose letters were lost are not taken for any status
        assertThat(draft.issues().stream()
                        .filter(i -> i.code().equals("unknown_status"))
                        .map(i -> i.row())
                        .toList())
                .containsExactly(4L, 5L);
        // «?ойылды» lost its first letter: counted, as a letter lost inside a word is
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("text_lost") && i.message().contains("2 features, first row 4"));
    }

    @Test
    void aFieldOfStatusesIsReadWhenHalfItsWordsAreKnown() throws Exception {
        // a field whose name was garbled by the wrong code page («КЇЙІ» of «КҮЙІ» in KZ-1048), its
        // Kazakh words too: the known ones are read and the rest reported, not every plot made free
        String[] statuses = {"бос", "берілді", "берілді", "алып ќойылды", "аукцион тађайындалды", "бос"};
        LayerImporter.Draft draft =
                drafted(geojson(dir.resolve("halfknown.geojson"), statusesUnder("КЇЙІ", statuses, 42)), null, null);
        assertThat(
                        ofSnapshot(
                                draft,
                                "string_agg(status, ' ' ORDER BY source_row) FILTER (WHERE cadastral_number LIKE '05-085-042-%')"))
                .isEqualTo("free allocated allocated free");
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.code().equals("field_recognised") && i.message().contains("66 %"))
                .noneMatch(i -> i.code().equals("default_used"));
    }

    @Test
    void utf8TextUnderAWindowsCodePagesCpgOrMarkIsReadAsUtf8() throws Exception {
        Path cpg = shapefileInCodePage("cpgutf8", "UTF-8", "г. Усть-Каменогорск, ул. Абая");
        Files.writeString(cpg.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("cpgutf8.zip"), TestFiles.shapefileParts(cpg)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the .cpg says 1251, but the .dbf's text is UTF-8: it was read so; pass the encoding"
                                + " explicitly if that is wrong"));
        // no .cpg, and the language mark of CP1251
        Path marked = shapefileInCodePage("markutf8", "UTF-8", "г. Усть-Каменогорск, ул. Абая");
        Files.delete(marked.resolveSibling("plots.cpg"));
        byte[] dbf = Files.readAllBytes(marked.resolveSibling("plots.dbf"));
        dbf[29] = (byte) 0xC9;
        Files.write(marked.resolveSibling("plots.dbf"), dbf);
        LayerImporter.Draft read =
                drafted(TestFiles.zip(dir.resolve("markutf8.zip"), TestFiles.shapefileParts(marked)), null, null);
        assertThat(addresses(read)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(read.issues())
                .anyMatch(i -> i.message()
                        .startsWith("the .dbf's language mark (0xC9) says CP1251, but the .dbf's" + " text is UTF-8"));
    }

    @Test
    void aCpgWithAByteOrderMarkOrBlankIsReadForWhatItSays() throws Exception {
        // Notepad saves a .cpg typed by hand with a byte order mark before «1251»
        Path bom = shapefileInCodePage("cpgbom", "CP1251", "г. Усть-Каменогорск, ул. Абая");
        Files.write(
                bom.resolveSibling("plots.cpg"),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', '2', '5', '1'});
        TestFiles.clearLanguageDriver(bom.resolveSibling("plots.dbf"));
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("cpgbom.zip"), TestFiles.shapefileParts(bom)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        // a blank .cpg says nothing: the text tells, as without one
        for (String blank : List.of("", " \r\n")) {
            Path empty = shapefileInCodePage("cpgblank" + blank.length(), "CP866", "г. Усть-Каменогорск, ул. Абая");
            Files.writeString(empty.resolveSibling("plots.cpg"), blank);
            TestFiles.clearLanguageDriver(empty.resolveSibling("plots.dbf"));
            LayerImporter.Draft read = drafted(
                    TestFiles.zip(dir.resolve("cpgblank" + blank.length() + ".zip"), TestFiles.shapefileParts(empty)),
                    null,
                    null);
            assertThat(addresses(read)).as("a .cpg of '%s'", blank).containsOnly("г. Усть-Каменогорск, ул. Абая");
        }
    }

    @Test
    void latinTextWithoutACpgIsReadInTheWesternCodePage() throws Exception {
        // a register of Latin names saved by a Windows set up for Western Europe: no .cpg, mark «ANSI»
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3, 44)) {
            features.add(plot.with("status", "free")
                    .with("kategor", "settlement")
                    .with("adres", "Alto da Nação, Atlântico"));
        }
        Path shp = TestFiles.shapefile(dir.resolve("latin"), "plots", features, "-lco", "ENCODING=CP1252");
        Files.delete(shp.resolveSibling("plots.cpg"));
        byte[] dbf = Files.readAllBytes(shp.resolveSibling("plots.dbf"));
        dbf[29] = 0x57;
        Files.write(shp.resolveSibling("plots.dbf"), dbf);
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("latin.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(addresses(draft)).containsOnly("Alto da Nação, Atlântico");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("its text reads as CP1252"));
        // and named, under its usual names
        LayerImporter.Draft named =
                drafted(TestFiles.zip(dir.resolve("latin1.zip"), TestFiles.shapefileParts(shp)), null, "latin1");
        assertThat(addresses(named)).containsOnly("Alto da Nação, Atlântico");
    }

    @Test
    void cpgSayingUtf8BesideADbfInCp1251() throws Exception {
        // ArcGIS writes such pairs: a .cpg of "UTF-8" and the DBF in the Windows code page
        Path shp = shapefileInCodePage("cpglie", "CP1251", "г. Усть-Каменогорск, ул. Абая");
        Files.writeString(shp.resolveSibling("plots.cpg"), "UTF-8");
        LayerImporter.Draft draft =
                drafted(TestFiles.zip(dir.resolve("cpglie.zip"), TestFiles.shapefileParts(shp)), null, null);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues())
                .anyMatch(i -> i.message().contains("the .cpg says UTF-8")
                        && i.message().contains("CP1251"));
    }

    @Test
    void csvInCp1251FromExcelIsRecognisedAndTheFileLeftAsItWas() throws Exception {
        // as Excel saves "CSV (semicolon-separated)" on a Russian Windows
        String text = "KAD_NOMER;STATUS;KATEGOR;ADRES;PLOSHAD;WKT\r\n"
                + "05-085-012-001;свободен;нп;г. Усть-Каменогорск, ул. Абая;0,09;"
                + "POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\r\n";
        Path csv =
                Files.write(dir.resolve("excel.csv"), text.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        byte[] before = Files.readAllBytes(csv);
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск, ул. Абая");
        assertThat(draft.issues())
                .anyMatch(i -> i.message().contains("CSV file is not in UTF-8")
                        && i.message().contains("CP1251"));
        assertThat(ofSnapshot(draft, "area_declared_ha")).isEqualTo("0.0900");
        assertThat(Files.readAllBytes(csv)).as("the user's file").isEqualTo(before);
    }

    @Test
    void unicodeTextFromExcel() throws Exception {
        // Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated
        String text = "KAD_NOMER\tSTATUS\tKATEGOR\tADRES\tWKT\r\n"
                + "05-085-012-001\tбос\tнп\tӨскемен қ.\t"
                + "POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\r\n";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        bytes.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        Path csv = Files.write(dir.resolve("unicode.csv"), bytes.toByteArray());
        LayerImporter.Draft draft = drafted(csv, null, null);
        assertAccepted(draft, 1);
        assertThat(addresses(draft)).containsOnly("Өскемен қ.");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("reads as UTF-16"));
    }

    @Test
    void kmlInTheWindowsCodePageItDeclares() throws Exception {
        String kml = """
                <?xml version="1.0" encoding="windows-1251"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Участки</name>
                <Placemark><name>05-085-012-001</name><ExtendedData>
                <Data name="kad_nomer"><value>05-085-012-001</value></Data><Data name="status"><value>свободен</value></Data>
                <Data name="kategor"><value>нп</value></Data><Data name="adres"><value>г. Усть-Каменогорск</value></Data>
                </ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>
                82.6,49.95 82.60042,49.95 82.60042,49.95027 82.6,49.95027 82.6,49.95
                </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Folder></Document></kml>
                """;
        Path file = Files.write(
                dir.resolve("old-tool.kml"), kml.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        byte[] before = Files.readAllBytes(file);
        LayerImporter.Draft draft = drafted(file, null, null);
        assertAccepted(draft, 1);
        assertThat(addresses(draft)).containsOnly("г. Усть-Каменогорск");
        assertThat(Files.readAllBytes(file)).as("the user's file").isEqualTo(before);
        // the same, packed as a KMZ
        Path kmz = TestFiles.zipEntries(dir.resolve("old-tool.kmz"), Map.of("doc.kml", before));
        LayerImporter.Draft packed = drafted(kmz, null, null);
        assertAccepted(packed, 1);
        assertThat(addresses(packed)).containsOnly("г. Усть-Каменогорск");
    }

    @Test
    void kmlWhoseDataNoSchemaDeclares() throws Exception {
        // SimpleData naming a schema the file never writes: GDAL would read the outlines without
        // their numbers, statuses or categories; and an empty folder before the plots
        String kml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Легенда</name></Folder>
                <Folder><name>Участки</name>
                <Placemark><ExtendedData><SchemaData schemaUrl="#uchastki">
                <SimpleData name="kad_nomer">05-085-012-001</SimpleData><SimpleData name="status">аукцион</SimpleData>
                <SimpleData name="kategor">нп</SimpleData><SimpleData name="adres">ул. Абая &amp; Сатпаева</SimpleData>
                </SchemaData></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>
                82.6,49.95 82.60042,49.95 82.60042,49.95027 82.6,49.95027 82.6,49.95
                </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Folder></Document></kml>
                """;
        Path file = Files.writeString(dir.resolve("no-schema.kml"), kml);
        Path kmz = TestFiles.zipEntries(
                dir.resolve("no-schema.kmz"), Map.of("doc.kml", kml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (Path source : List.of(file, kmz)) {
            LayerImporter.Draft draft = drafted(source, null, null);
            assertAccepted(draft, 1);
            assertThat(draft.issues())
                    .as(source.getFileName().toString())
                    .anyMatch(i -> i.message().startsWith("the KML file's placemarks hold 4 fields (SimpleData)"));
            assertThat(ofSnapshot(draft, "cadastral_number || ' ' || status || ' ' || address"))
                    .isEqualTo("05-085-012-001 auction_scheduled ул. Абая & Сатпаева");
        }
        assertThat(Files.readString(file)).as("the user's file").isEqualTo(kml);
    }

    @Test
    void geoJsonSavedInTheWindowsCodePage() throws Exception {
        // Windows Notepad saved "ANSI" until 2019: GeoJSON in CP1251, which GDAL reads in UTF-8 only
        Path utf8 = geojson(dir.resolve("notepad-utf8.geojson"), plots(2, 77));
        String text = Files.readString(utf8);
        Path file = Files.write(
                dir.resolve("notepad.geojson"), text.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        byte[] before = Files.readAllBytes(file);
        LayerImporter.Draft draft = drafted(file, null, null);
        assertAccepted(draft, 2);
        assertThat(addresses(draft)).allMatch(a -> a.startsWith("г. Усть-Каменогорск, ул. Абая"));
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.message().startsWith("the GeoJSON file is not in UTF-8; its" + " text reads as CP1251"));
        assertThat(Files.readAllBytes(file)).as("the user's file").isEqualTo(before);
    }

    @Test
    void csvInPt154NamedByTheEditor() throws Exception {
        String address = "Өскемен қ., Қазақстан көшесі";
        String text = "kad_nomer,status,kategor,adres,wkt\n05-085-012-001,бос,нп,\"" + address
                + "\",\"POLYGON((82.6 49.95,82.60042 49.95,82.60042 49.95027,82.6 49.95027,82.6 49.95))\"\n";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (char c : text.toCharArray()) {
            bytes.write(pt154(c));
        }
        Path csv = Files.write(dir.resolve("pt154.csv"), bytes.toByteArray());
        LayerImporter.Draft draft = drafted(csv, null, "PT154");
        assertThat(addresses(draft)).containsOnly(address);
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("wrong_encoding") || i.code().equals("text_lost"));
    }

    /** The byte of {@code c} in the Kazakh code page PT154. */
    private static byte pt154(char c) {
        String high = "ҖҒӮғ„…ҶҮҲүҠӢҢҚҺҸҗ‘’“”•–—ҳҷҡӣңқһҹ ЎўЈӨҘҰ§Ё©Ә«¬ӯ®Ҝ°ұІіҙө¶·ё№ә»јҪҫҝ";
        if (c < 0x80) {
            return (byte) c;
        }
        int at = high.indexOf(c);
        if (at >= 0) {
            return (byte) (0x80 + at);
        }
        return new String(new char[] {c}).getBytes(java.nio.charset.Charset.forName("windows-1251"))[0];
    }

    /** {@code features} as a zipped Shapefile {@code <name>.zip} whose DBF is in {@code encoding}. */
    private static Path zippedShapefile(String name, List<TestFiles.Feature> features, String encoding)
            throws Exception {
        Path shp = convert(
                geojson(dir.resolve(name + "/src.geojson"), features),
                dir.resolve(name + "/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=" + encoding);
        return TestFiles.zip(dir.resolve(name + ".zip"), TestFiles.shapefileParts(shp));
    }

    private Path shapefileInCodePage(String name, String encoding, String address) throws Exception {
        List<TestFiles.Feature> f = new ArrayList<>();
        for (TestFiles.Feature p : plots(3)) {
            f.add(p.with("adres", address));
        }
        return convert(
                geojson(dir.resolve(name + "/src.geojson"), f),
                dir.resolve(name + "/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=" + encoding);
    }

    /** Plots of accounting quarter {@code quarter} with {@code statuses} in the field {@code field}, none in «status». */
    private static List<TestFiles.Feature> statusesUnder(String field, String[] statuses, int quarter) {
        List<TestFiles.Feature> features = new ArrayList<>();
        List<TestFiles.Feature> plots = plots(statuses.length, quarter);
        for (int i = 0; i < plots.size(); i++) {
            Map<String, Object> p = new java.util.LinkedHashMap<>(plots.get(i).properties());
            p.remove("status");
            p.put(field, statuses[i]);
            features.add(new TestFiles.Feature(p, plots.get(i).geometry()));
        }
        return features;
    }

    private List<String> addresses(LayerImporter.Draft draft) throws SQLException {
        return List.of(query("SELECT string_agg(DISTINCT address, '|') FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId())
                .split("\\|"));
    }

    // ---------------------------------------------------------------------------------------------

    /** Everything an import could change, as text. */
    private static String state() throws SQLException {
        return query("""
                SELECT (SELECT count(*) FROM layer) || ' layers, '
                    || (SELECT count(*) FROM layer_revision) || ' revisions, '
                    || (SELECT count(*) FROM plot_snapshot) || ' snapshot rows, '
                    || (SELECT count(*) FROM import_issue) || ' issues, '
                    || (SELECT count(*) FROM audit_log) || ' audit entries, '
                    || (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging') || ' staging tables, '
                    || (SELECT count(*) FROM plot_status_change) || ' history rows; '
                """) + published();
    }

    /** The public plots, as text. */
    private static String published() throws SQLException {
        return query("""
                SELECT count(*) || ' plots, ' || md5(string_agg(concat_ws('|', id, cadastral_number, status, ST_AsText(geom),
                       area_declared_ha, land_category, address, retired_revision_id, layer_revision_id), ';' ORDER BY id))
                FROM land_plot
                """);
    }

    private static List<String> snapshotKeys(long revision) throws SQLException {
        return List.of(query("SELECT string_agg(plot_key, ',' ORDER BY plot_key) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + revision)
                .split(","));
    }

    /** {@code select} over the snapshot rows of {@code draft}'s revision, as text. */
    private static String ofSnapshot(LayerImporter.Draft draft, String select) throws SQLException {
        return query("SELECT " + select + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId());
    }

    /** {@code select} over the snapshot row of {@code draft}'s revision read from the file's row {@code row}. */
    private static String ofRow(LayerImporter.Draft draft, long row, String select) throws SQLException {
        return query("SELECT " + select + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()
                + " AND source_row = " + row);
    }

    static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
