package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.convert;
import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shapefiles as offices' programs write them and GDAL alone misreads them: Russian field names in a
 * DBF that does not say its code page, the two Kazakh code pages, a language mark that says
 * «ANSI», numbers with decimal commas or stars, dates the calendar does not have, a table shorter
 * than its shapes, a status field under a longer name. Each file is made here by GDAL's writer and
 * then edited byte by byte as those programs leave it; each import goes into a layer of its own.
 */
class ShapefileImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;

    private static final String ADDRESS = "г. Усть-Каменогорск, ул. Абая";
    private static final String KAZAKH_ADDRESS = "Өскемен қ., Қабанбай батыр көшесі, Ғаламат үй";

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("shapefiles");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Draft imported(String layer, Path file, String encoding) throws Exception {
        LayerImporter.Draft draft = importer.importFile(
                db,
                new LayerImporter.Request(
                        layer,
                        file,
                        MappingProfile.load("cadastre-export"),
                        null,
                        encoding,
                        null,
                        "editor",
                        null,
                        dir.resolve("work")));
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
        return draft;
    }

    /** Three plots with the Russian field names of an ArcGIS export, three of them nine letters long. */
    private static List<TestFiles.Feature> russianFields(String address) {
        return russianFields(address, 3);
    }

    /** {@code count} plots with the Russian field names of an ArcGIS export. */
    private static List<TestFiles.Feature> russianFields(String address, int count) {
        List<TestFiles.Feature> out = new ArrayList<>();
        int n = 1;
        for (TestFiles.Feature plot : plots(count)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("КАД_НОМЕР", plot.properties().get("kad_nomer"));
            p.put("СТАТУС", "свободен");
            p.put("КАТЕГОРИЯ", "Земли населенных пунктов");
            p.put("ПЛОЩАДЬ", plot.properties().get("ploshad"));
            p.put("АДРЕС", address + " " + n++);
            p.put("НАЗНАЧЕНИ", "для строительства");
            out.add(new TestFiles.Feature(p, plot.geometry()));
        }
        return out;
    }

    /** {@code features} as the Shapefile {@code <name>/plots.shp} in {@code encoding}, without .cpg or language mark. */
    private static Path shapefile(String name, List<TestFiles.Feature> features, String encoding) throws Exception {
        Path shp = convert(
                geojson(dir.resolve(name + "/src.geojson"), features),
                dir.resolve(name + "/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=" + encoding);
        Files.deleteIfExists(shp.resolveSibling("plots.cpg"));
        TestFiles.clearLanguageDriver(shp.resolveSibling("plots.dbf"));
        return shp;
    }

    private static Path zipped(Path shp) throws Exception {
        return TestFiles.zip(shp.resolveSibling(shp.getParent().getFileName() + ".zip"), TestFiles.shapefileParts(shp));
    }

    @Test
    void aRingOfNoAreaInTheFilesMetresIsRejectedNotTakenForATinyPlot() throws Exception {
        // a plot of UTM 44N metres whose points all lie on one line, as the .prj says: in longitude
        // and latitude the line bends, and the ring was a valid plot of 0.01 m², published as free
        List<TestFiles.Feature> features = new ArrayList<>(plots(2));
        features.set(
                0,
                features.get(0)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":[[[616200,5534000],[616300,5534000],"
                                + "[616250,5534000],[616200,5534000]]]}"));
        features.set(
                1,
                features.get(1)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":[[[616400,5534000],[616430,5534000],"
                                + "[616430,5534030],[616400,5534030],[616400,5534000]]]}"));
        Path shp = convert(
                geojson(dir.resolve("no-area/src.geojson"), features, "EPSG:32644"),
                dir.resolve("no-area/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft draft = imported("plots-no-area", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.severity() + " " + i.code() + ": " + i.message())
                .containsExactly("1 rejected invalid_geometry: the geometry is invalid (its outline encloses no area:"
                        + " in the file's own coordinates it runs out and back along one line); repairing it would"
                        + " change its area by an amount that cannot be told, as drawn it has no area, so it was not"
                        + " imported: correct it in the source");
    }

    @Test
    void ringsWrittenTheOtherWayRoundAreReadByWhichLiesInsideWhich() throws Exception {
        // a plot with a hole, its outline anticlockwise and its hole clockwise, as GeoJSON has them and
        // as CAD programs and some converters write Shapefiles: the specification wants them reversed
        List<TestFiles.Feature> plots = new java.util.ArrayList<>(TestFiles.plots(2));
        plots.set(
                1,
                plots.get(1)
                        .withGeometry("{\"type\":\"Polygon\",\"coordinates\":["
                                + "[[82.6006,49.95],[82.6010,49.95],[82.6010,49.9503],[82.6006,49.9503],[82.6006,49.95]],"
                                + "[[82.6007,49.9501],[82.6007,49.9502],[82.6009,49.9502],[82.6009,49.9501],"
                                + "[82.6007,49.9501]]]}"));
        Path shp = convert(
                geojson(dir.resolve("wound/src.geojson"), plots),
                dir.resolve("wound/plots.shp"),
                "ESRI Shapefile",
                "--config",
                "SHAPE_REWIND_ON_WRITE",
                "NO",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft draft = imported("plots-wound", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.repaired()).isZero();
        assertThat(of(draft, "string_agg(ST_NumInteriorRings(ST_GeometryN(geom, 1))::text, ' ' ORDER BY source_row)"))
                .as("the second plot's hole inside its outline")
                .isEqualTo("0 1");
    }

    /**
     * A zipped Shapefile {@code name} in {@code crs} whose records hold {@code records}' rings as
     * written, byte by byte, with the attributes of {@link TestFiles#plots(int)}.
     */
    private static Path drawn(String name, String crs, List<double[][][]> records) throws Exception {
        Path shp = convert(
                geojson(dir.resolve(name + "/src.geojson"), plots(records.size()), crs),
                dir.resolve(name + "/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        TestFiles.polygonRecords(shp, records);
        return zipped(shp);
    }

    private static double[][] square(double x, double y, double side, boolean clockwise) {
        return TestFiles.square(x, y, side, clockwise);
    }

    /**
     * The draft's rows as "row severity code: message", file-level ones as row "file"; without the
     * fields the file lacks and the areas the attributes of {@link TestFiles#plots(int)} declare.
     */
    private static List<String> said(LayerImporter.Draft draft) {
        return draft.issues().stream()
                .filter(i -> !i.code().equals("missing_field") && !i.code().equals("area_mismatch"))
                .map(i ->
                        (i.row() == null ? "file" : i.row()) + " " + i.severity() + " " + i.code() + ": " + i.message())
                .toList();
    }

    @Test
    void aPolygonZClosedOnTheMapButNotInHeightIsNotSaidUnclosed() throws Exception {
        // AutoCAD's PolygonZ whose last point is its first on the map but re-shot at another height:
        // GDAL, comparing heights too, says the outline was not closed and closes it, and the report
        // told the clerk of outlines not closed in a file whose outlines all are
        double x = 616000;
        double y = 5534000;
        List<double[][][]> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            double[][] ring = square(x + 100 * i, y, 50, true);
            double[][] withHeights = new double[ring.length][];
            for (int k = 0; k < ring.length; k++) {
                withHeights[k] = new double[] {ring[k][0], ring[k][1], 320.5 + 0.1 * k};
            }
            records.add(new double[][][] {withHeights});
        }
        LayerImporter.Draft closed = imported("plots-z-closed", drawn("z-closed", "EPSG:32644", records), null);
        assertThat(closed.accepted()).as(said(closed).toString()).isEqualTo(2);
        assertThat(closed.issues())
                .anyMatch(i -> "file_heights_left_out".equals(i.detail().get("key")))
                .noneMatch(i -> "gdal_unclosed_ring".equals(i.detail().get("key")));
        assertThat(of(closed, "round(sum(ST_Area(ST_Transform(geom, 32644)))::numeric, 2)"))
                .isEqualTo("5000.00");
        // an outline really open on the map is still said, and closed
        double[][] open = java.util.Arrays.copyOf(records.get(1)[0], 4);
        records.set(1, new double[][][] {open});
        LayerImporter.Draft unclosed = imported("plots-z-open", drawn("z-open", "EPSG:32644", records), null);
        assertThat(unclosed.accepted()).as(said(unclosed).toString()).isEqualTo(2);
        assertThat(unclosed.issues())
                .anyMatch(i -> "gdal_unclosed_ring".equals(i.detail().get("key"))
                        && i.message().startsWith("one or more outlines of the file were not closed"));
    }

    @Test
    void aNotchDrawnAsAHoleOnTheOutlineIsReadAsANotchWhateverTheFilesSystem() throws Exception {
        // CAD's and MapInfo's way to cut a notch: a hole whose side lies on the outline's. In UTM 44N
        // metres: 1, a 10 m notch in the middle of the bottom side; 2, one in the corner, sharing two
        // sides; 3, a triangle on part of the bottom side. Checked only in degrees, where the
        // outline's side bends by nanodegrees away from the hole's, 1 and 3 were valid and published
        // unsaid, invalid in the file's metres and as the API rounds them; 2 was repaired with a spur
        // run out and back along the bottom side
        double x = 615000;
        double y = 5537000;
        LayerImporter.Draft metres = imported(
                "plots-notch-utm",
                drawn(
                        "notch-utm",
                        "EPSG:32644",
                        List.of(
                                new double[][][] {square(x, y, 50, true), square(x + 20, y, 10, false)},
                                new double[][][] {square(x + 100, y, 50, true), square(x + 100, y, 10, false)},
                                new double[][][] {
                                    square(x + 200, y, 50, true),
                                    {{x + 220, y}, {x + 225, y + 10}, {x + 230, y}, {x + 220, y}}
                                })),
                null);
        assertThat(metres.accepted()).as(said(metres).toString()).isEqualTo(3);
        String notch = "repaired invalid_geometry: the geometry was invalid \\(two of its rings \\(its outline and a"
                + " hole, two holes, or the outlines of two parts\\) cross or share an edge at [0-9.]+ [0-9.]+\\) and"
                + " was repaired; its area changed by 0\\.00 %";
        assertThat(said(metres).stream().filter(m -> !m.contains("part_read_as_hole")))
                .satisfiesExactly(
                        one -> assertThat(one).matches("1 " + notch),
                        two -> assertThat(two).matches("2 " + notch),
                        three -> assertThat(three).matches("3 " + notch));
        // the notched outline, one ring, valid in the file's metres and as the API serves it (7 decimals)
        assertThat(of(
                        metres,
                        "string_agg(ST_NumGeometries(geom) || ' ' || ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' '"
                                + " || round(ST_Area(ST_Transform(geom, 32644))::numeric, 2) || ' '"
                                + " || ST_IsValid(ST_Transform(geom, 32644)) || ' '"
                                + " || ST_IsValid(ST_GeomFromGeoJSON(ST_AsGeoJSON(geom, 7))), ', ' ORDER BY"
                                + " cadastral_number)"))
                .isEqualTo("1 0 2400.00 true true, 1 0 2400.00 true true, 1 0 2450.00 true true");
        assertThat(of(
                        metres,
                        "string_agg(ST_NPoints(ST_SnapToGrid(ST_Transform(geom, 32644), 0.001))::text, ' ' ORDER BY"
                                + " cadastral_number)"))
                .as("the corner's L shape has its 6 corners and no spur")
                .isEqualTo("9 7 8");
        // the same notches in degrees, once refused as a 4.2 % change (GEOS's default repair drops the
        // hole): the notched outlines
        double lon = 82.60;
        double lat = 49.98;
        LayerImporter.Draft degrees = imported(
                "plots-notch-wgs",
                drawn(
                        "notch-wgs",
                        null,
                        List.of(
                                new double[][][] {
                                    square(lon, lat, 0.0005, true), square(lon + 0.0002, lat, 0.0001, false)
                                },
                                new double[][][] {
                                    square(lon + 0.002, lat, 0.0005, true), square(lon + 0.002, lat, 0.0001, false)
                                })),
                null);
        assertThat(degrees.accepted()).as(said(degrees).toString()).isEqualTo(2);
        assertThat(said(degrees)).allMatch(m -> m.matches("[12] " + notch));
        assertThat(of(
                        degrees,
                        "string_agg(ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' ' || round((ST_Area(geom)"
                                + " / 0.00000025)::numeric, 4), ', ' ORDER BY cadastral_number)"))
                .isEqualTo("0 0.9600, 0 0.9600");
    }

    @Test
    void aPartRepeatedExactlyIsReadOnceAndSaid() throws Exception {
        // the same clockwise square twice in one record, as a copy and paste in a CAD program leaves
        // it: refused as rings that cross, "repairing it would change its area by 50 %"
        double x = 615000;
        double y = 5534100;
        LayerImporter.Draft draft = imported(
                "plots-repeated-part",
                drawn(
                        "repeated-part",
                        "EPSG:32644",
                        List.of(
                                new double[][][] {square(x, y, 50, true), square(x, y, 50, true)},
                                new double[][][] {square(x + 100, y, 50, true)})),
                null);
        assertThat(said(draft))
                .containsExactly("1 warning repeated_part: part 2 of the plot repeats its part 1 exactly (the same"
                        + " outline drawn twice, as a copy and paste leaves it): it was left out, and the plot is"
                        + " read as drawn once");
        assertThat(of(
                        draft,
                        "string_agg(ST_NumGeometries(geom) || ' ' || round(ST_Area(ST_Transform(geom, 32644))::numeric,"
                                + " 2), ', ' ORDER BY cadastral_number)"))
                .isEqualTo("1 2500.00, 1 2500.00");
    }

    @Test
    void gdalsWordsOnAPartOfThreePointsAreLeftToTheFeaturesOwnLine() throws Exception {
        // a square beside a part of three points out and back (a 40 m line): GDAL says it cannot
        // organise the polygon, naming it by its 0-based fid, one less than the report's row
        double x = 615000;
        double y = 5536000;
        LayerImporter.Draft draft = imported(
                "plots-three-points",
                drawn(
                        "three-points",
                        "EPSG:32644",
                        List.of(new double[][][] {square(x, y, 50, true)}, new double[][][] {
                            square(x + 100, y, 50, true), {{x + 160, y}, {x + 160, y + 40}, {x + 160, y}}
                        })),
                null);
        assertThat(said(draft))
                .singleElement()
                .asString()
                .startsWith("2 repaired invalid_geometry: ")
                .contains("a spur of about 40.0 m");
    }

    @Test
    void aRepairJustUnderTheLimitAndARefusalJustOverItShowDifferentFigures() throws Exception {
        // 100 m squares of Gauss–Krüger zone 14 with a tail crossing the outline at the corner, of
        // 9.97 m and 10 m: repaired at 0.999 % and refused at 1.005 %, which the report said as
        // "changed by 1.00 %" beside "would change by 1.0 %"
        double x = 14615000;
        double y = 5537000;
        List<double[][][]> records = new ArrayList<>();
        for (double tail : new double[] {9.97, 10.0}) {
            double at = x + records.size() * 300;
            records.add(new double[][][] {
                {{at, y}, {at, y + 100}, {at + 100, y + 100}, {at + 100, y - tail}, {at + 100 + tail, y}, {at, y}}
            });
        }
        LayerImporter.Draft draft = imported("plots-at-the-limit", drawn("at-the-limit", "EPSG:28414", records), null);
        assertThat(said(draft))
                .satisfiesExactly(
                        one -> assertThat(one)
                                .matches(
                                        "1 repaired invalid_geometry: .* and was repaired; its area changed by 0\\.99[0-9]"
                                                + " %"),
                        two -> assertThat(two)
                                .matches("2 rejected invalid_geometry: .*; repairing it would change its area by"
                                        + " 1\\.00[1-9] %, so it was not imported: correct it in the source"));
    }

    @Test
    void russianFieldNamesOfEqualLengthInADbfThatDoesNotSayItsCodePage() throws Exception {
        // КАД_НОМЕР, КАТЕГОРИЯ and НАЗНАЧЕНИ: nine letters each, unreadable alike until decoded
        Path shp = shapefile("names1251", russianFields(ADDRESS), "CP1251");
        LayerImporter.Draft draft = imported("plots-names1251", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(
                        draft,
                        "string_agg(cadastral_number || ' ' || land_category || ' ' || address || ' '"
                                + " || intended_purpose_ru, '|' ORDER BY source_row)"))
                .isEqualTo("05-085-012-001 settlement " + ADDRESS + " 1 для строительства|"
                        + "05-085-012-002 settlement " + ADDRESS + " 2 для строительства|"
                        + "05-085-012-003 settlement " + ADDRESS + " 3 для строительства");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("reads as CP1251"));
    }

    @Test
    void russianFieldNamesOverValuesInLatinLetters() throws Exception {
        // only the names tell the code page: every value is a code, a number or Latin letters
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields("Ust-Kamenogorsk")) {
            features.add(
                    f.with("СТАТУС", "free").with("КАТЕГОРИЯ", "settlement").with("НАЗНАЧЕНИ", "IZhS"));
        }
        LayerImporter.Draft draft =
                imported("plots-names-only", zipped(shapefile("namesonly", features, "CP1251")), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        // «НАЗНАЧЕНИ» begins «назначение»: the purpose
        assertThat(of(draft, "string_agg(DISTINCT intended_purpose_ru, '|')")).isEqualTo("IZhS");
    }

    @Test
    void aLanguageMarkThatSaysAnsiIsNoCodePage() throws Exception {
        // ArcGIS marks its DBFs 0x57, «ANSI»: the code page of the computer that wrote the file
        Path shp = shapefile("ldid57", russianFields(ADDRESS), "CP1251");
        setByte(shp.resolveSibling("plots.dbf"), 29, 0x57);
        LayerImporter.Draft draft = imported("plots-ldid57", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("language mark (0x57)"));
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("wrong_encoding"));
    }

    @Test
    void aCpgThatContradictsTheLanguageMarkAndTheText() throws Exception {
        // a DOS table marked as such (0x65), beside a .cpg a later tool wrote for the Windows code page
        Path shp = shapefile("cpg-vs-mark", russianFields(ADDRESS), "CP866");
        setByte(shp.resolveSibling("plots.dbf"), 29, 0x65);
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-cpg-vs-mark", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(draft.issues())
                .anyMatch(i -> i.message().contains("the .cpg says 1251, but the .dbf's language mark says CP866"));
    }

    @Test
    void dosTextMarkedAsTheWindowsCodePageIsReadByItsBytesOrReported() throws Exception {
        // FoxPro and Clipper registers are in CP866; a later tool wrote a .cpg of 1251 beside one
        Path cpg = shapefile("dos-cpg", russianFields(ADDRESS), "CP866");
        Files.writeString(cpg.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft byCpg = imported("plots-dos-cpg", zipped(cpg), null);
        assertThat(byCpg.accepted()).as(byCpg.issues().toString()).isEqualTo(3);
        assertThat(of(byCpg, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(byCpg.issues())
                .anyMatch(i -> i.message().contains("the .cpg says 1251, but the .dbf's text reads as CP866"))
                .noneMatch(i -> i.code().equals("wrong_encoding"));
        // or marked it as the Windows code page (0xC9), with no .cpg
        Path mark = shapefile("dos-mark", russianFields(ADDRESS), "CP866");
        setByte(mark.resolveSibling("plots.dbf"), 29, 0xC9);
        LayerImporter.Draft byMark = imported("plots-dos-mark", zipped(mark), null);
        assertThat(of(byMark, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(byMark.issues())
                .anyMatch(i -> i.message()
                        .contains("the .dbf's language mark (0xC9) says CP1251, but the .dbf's text reads as CP866"));
        // a code page the editor names is read as named, and what it did to the text is reported once
        LayerImporter.Draft named = imported("plots-dos-named", zipped(mark), "CP1251");
        assertThat(named.issues())
                .filteredOn(i -> i.code().equals("wrong_encoding"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .contains("pass --encoding CP866")
                        .contains("first row 1"));
        // and a Windows table marked as such is not taken for a DOS one
        Path windows = shapefile("windows-mark", russianFields(ADDRESS), "CP1251");
        setByte(windows.resolveSibling("plots.dbf"), 29, 0xC9);
        LayerImporter.Draft asMarked = imported("plots-windows-mark", zipped(windows), null);
        assertThat(of(asMarked, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(asMarked.issues())
                .noneMatch(i -> i.code().equals("wrong_encoding") || i.message().contains("reads as"));
    }

    @Test
    void russianTextUnderACpgOfAWesternCodePageIsReadByItsBytes() throws Exception {
        // QGIS on a Windows set up for Western Europe reads a Russian table without a .cpg in its own
        // code page and saves it so: the bytes as they were, beside a .cpg of 1252 (or ISO-8859-1). Read
        // as the .cpg says, «свободен» was «ñâîáîäåí» and every plot was rejected
        for (String cpg : List.of("1252", "CP1252", "ISO-8859-1")) {
            Path shp = shapefile("western-cpg", russianFields(ADDRESS), "CP1251");
            Files.writeString(shp.resolveSibling("plots.cpg"), cpg);
            LayerImporter.Draft draft = imported("plots-western-cpg", zipped(shp), null);
            assertThat(draft.accepted()).as(cpg + ": " + draft.issues()).isEqualTo(3);
            assertThat(of(draft, "min(address)")).as(cpg).isEqualTo(ADDRESS + " 1");
            assertThat(draft.issues())
                    .as(cpg)
                    .anyMatch(
                            i -> i.message().contains("the .cpg says " + cpg + ", but the .dbf's text reads as CP1251"))
                    .noneMatch(i -> i.code().equals("wrong_encoding"));
        }
        // Latin letters with marks under such a .cpg are what it says
        List<TestFiles.Feature> latin = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            latin.add(plot.with("status", "free")
                    .with("kategor", "settlement")
                    .with("adres", "Rua da Conceição " + (latin.size() + 1)));
        }
        Path shp = shapefile("western-latin", latin, "CP1252");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1252");
        LayerImporter.Draft draft = imported("plots-western-latin", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "min(address)")).isEqualTo("Rua da Conceição 1");
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("reads as"));
    }

    @Test
    void bothKazakhCodePagesAreToldApartAndCanBeNamed() throws Exception {
        // KZ-1048 puts Ә Ғ Қ Ң Ө Ұ Ү І where PT154 has other letters: read as PT154, «ң» became «ҫ»
        Path shp = shapefile("kz1048", russianFields(KAZAKH_ADDRESS), "RK1048");
        LayerImporter.Draft guessed = imported("plots-kz1048", zipped(shp), null);
        assertThat(of(guessed, "min(address)")).isEqualTo(KAZAKH_ADDRESS + " 1");
        assertThat(guessed.issues()).anyMatch(i -> i.message().contains("reads as KZ-1048"));
        assertThat(guessed.issues())
                .noneMatch(i -> i.code().equals("wrong_encoding") || i.code().equals("text_lost"));
        for (String name : List.of("KZ-1048", "rk1048", "STRK1048-2002")) {
            LayerImporter.Draft named = imported("plots-kz1048-named", zipped(shp), name);
            assertThat(of(named, "min(address)")).as(name).isEqualTo(KAZAKH_ADDRESS + " 1");
        }
        // the same file read in the other Kazakh code page is reported
        LayerImporter.Draft wrong = imported("plots-kz1048-wrong", zipped(shp), "PT154");
        assertThat(wrong.issues())
                .anyMatch(i -> i.code().equals("wrong_encoding") && i.message().contains("KZ-1048"));
        // and a PT154 file is still guessed as PT154
        LayerImporter.Draft pt154 =
                imported("plots-pt154", zipped(shapefile("pt154", russianFields(KAZAKH_ADDRESS), "PT154")), null);
        assertThat(of(pt154, "min(address)")).isEqualTo(KAZAKH_ADDRESS + " 1");
        assertThat(pt154.issues()).anyMatch(i -> i.message().contains("reads as PT154"));
    }

    /** Three plots whose address is, row by row, one of {@code addresses}. */
    private static List<TestFiles.Feature> addressed(String... addresses) {
        List<TestFiles.Feature> out = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            out.add(plot.with("АДРЕС", addresses[out.size()]));
        }
        return out;
    }

    @Test
    void kazakhTextUnderACpgOfTheWindowsCodePageIsReadByItsBytes() throws Exception {
        // ArcMap on a Kazakh Windows writes KZ-1048 text with a .cpg of 1251 and the mark 0xC9: read in
        // CP1251, «Жаңа өмір» was «Жаѕа ґмір», published without a word, as no sign looked for «ѕ» or «ґ»
        String[] addresses = {"Түркістан облысы, Жаңа өмір көшесі, 5", "Түркістан, Үңгір көшесі 2", "Дүкен салу"};
        List<String> cpgs = List.of("1251", "ANSI 1251", "windows-1251", "cp1251\r\n");
        for (String cpg : cpgs) {
            Path shp = shapefile("kz1048-cpg-" + cpgs.indexOf(cpg), addressed(addresses), "RK1048");
            setByte(shp.resolveSibling("plots.dbf"), 29, 0xC9);
            Files.writeString(shp.resolveSibling("plots.cpg"), cpg);
            LayerImporter.Draft draft = imported("plots-kz1048-cpg", zipped(shp), null);
            assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
            assertThat(query("SELECT string_agg(address, ' | ' ORDER BY source_row) FROM plot_snapshot"
                            + " WHERE layer_revision_id = " + draft.revisionId()))
                    .as(cpg)
                    .isEqualTo(String.join(" | ", addresses));
            assertThat(draft.issues())
                    .as(cpg)
                    .anyMatch(i -> i.message()
                            .contains("the .cpg says " + cpg.strip() + ", but the .dbf's text reads as KZ-1048"))
                    .noneMatch(i -> i.code().equals("wrong_encoding"));
        }
        // and PT154 text so: its «Ә» and «ө» read in CP1251 were «Є» and «µ»
        Path pt154 = shapefile("pt154-cpg", addressed("Әуезов көшесі", "Ақсу, Бірлік", "Өмір"), "PT154");
        Files.writeString(pt154.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft read = imported("plots-pt154-cpg", zipped(pt154), null);
        assertThat(of(read, "string_agg(address, ' | ' ORDER BY source_row)"))
                .isEqualTo("Әуезов көшесі | Ақсу, Бірлік | Өмір");
        assertThat(read.issues()).anyMatch(i -> i.message().contains("reads as PT154"));
    }

    @Test
    void kazakhTextReadAsTheWindowsCodePageIsSaidOfEveryRowItDamagedAndHeldBack() throws Exception {
        // read as named, KZ-1048 turns «Қ» into «Ќ» (row 1), «Ұ» and «Ә» into «Ў» and «Ј» (row 2), «Ө»,
        // «Ң» and «Ү» into «Ґ», «Ѕ» and «Ї» (row 3): the warning said «1 feature», a typo to publish
        Path shp = shapefile(
                "kz1048-named-1251", addressed("Қабанбай батыр көшесі", "Ұлан, Әуезов", "Жаңа өмір, Үйсін"), "RK1048");
        LayerImporter.Draft draft = imported("plots-kz1048-named-1251", zipped(shp), "CP1251");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("wrong_encoding"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .contains("pass --encoding PT154 or KZ-1048")
                        .contains("3 features, first row 1"));
        // the row with only «Ґ», «Ѕ», «Ї» alone is damage enough to be said, and to hold the draft back
        Path only = shapefile("kz1048-only-new", addressed("Жаңа өмір", "Үйсін", "Ғалым"), "RK1048");
        LayerImporter.Imported held = importer.importAndPublish(
                db,
                new LayerImporter.Request(
                        "plots-kz1048-only-new",
                        zipped(only),
                        MappingProfile.load("cadastre-export"),
                        null,
                        "CP1251",
                        null,
                        "editor",
                        null,
                        dir.resolve("work")),
                "");
        assertThat(held.draft().issues())
                .filteredOn(i -> i.code().equals("wrong_encoding"))
                .singleElement()
                .satisfies(i -> assertThat(i.message()).contains("3 features, first row 1"));
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("wrong_encoding");
        // and publishing it asks for a look, on the command line, in the API and on the editor's page
        assertThat(importer.warningToConfirm(
                                db, "plots-kz1048-only-new", held.draft().revisionNumber())
                        .detail()
                        .get("key"))
                .asString()
                .startsWith("wrong_encoding_");
    }

    @Test
    void twoFieldsOfOneNameAreBothReadTheFirstAsTheAreaTheOtherKeptInExtra() throws Exception {
        // PLOSHAD_GA_DOC and PLOSHAD_GA_CALC cut to the 10 letters a .dbf keeps: GDAL, finding a
        // field by its name, read neither, and every plot was published without its area
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("ploshad");
            p.put("PLOSHAD_GA", 0.25);
            p.put("PLOSHAD_GB", 0.24);
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("twin-fields", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        bytes[field(bytes, "PLOSHAD_GB").descriptor() + 9] = 'A';
        Files.write(dbf, bytes);
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-twin-fields", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "count(*) FILTER (WHERE area_declared_ha = 0.25)")).isEqualTo("3");
        assertThat(of(draft, "string_agg(extra ->> 'ploshad_ga_2', ' ' ORDER BY source_row)"))
                .isEqualTo("0.24 0.24 0.24");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the file has two fields named 'PLOSHAD_GA' (longer names cut to the 10 letters a"
                                + " .dbf keeps): the second is read as 'ploshad_ga_2', under that name"))
                .anyMatch(i -> i.code().equals("field_ambiguous")
                        && i.message()
                                .contains(
                                        "'ploshad_ga' (column 5), 'ploshad_ga_2' (column 6); 'ploshad_ga' was read (the"
                                                + " file gives them one name, and it comes first in the file)")
                        && i.message().contains("they differ in 3 of the 3 features"));
    }

    @Test
    void threeOrFourFieldsCutToOneNameAreEachNamedInTheReportWithTheNameTheyAreReadUnder() throws Exception {
        // «Кадастровый_номер_1», «_2», «_3» cut to the 10 letters a .dbf keeps, three «Кадастровы»: the
        // report said the file had two such fields and named the last one renamed only, so a clerk did
        // not learn that the middle one was read under another name too
        for (int count = 3; count <= 4; count++) {
            List<TestFiles.Feature> features = new ArrayList<>();
            for (TestFiles.Feature plot : plots(2)) {
                Map<String, Object> p = new LinkedHashMap<>(plot.properties());
                for (int n = 1; n <= count; n++) {
                    p.put("Кадастров" + n, "номер " + n + "-" + (features.size() + 1));
                }
                features.add(new TestFiles.Feature(p, plot.geometry()));
            }
            Path shp = shapefile("cut-twins-" + count, features, "CP1251");
            Path dbf = shp.resolveSibling("plots.dbf");
            byte[] bytes = Files.readAllBytes(dbf);
            List<Integer> columns = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                Field field = field(bytes, "Кадастров" + n);
                // a field's descriptor is the 32 bytes after its predecessors', past the table's 32
                columns.add(field.descriptor() / 32);
                bytes[field.descriptor() + 9] = "ы".getBytes(Charset.forName("windows-1251"))[0];
            }
            Files.write(dbf, bytes);
            Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
            LayerImporter.Draft draft = imported("plots-cut-twins-" + count, zipped(shp), null);
            assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
            List<String> said = new ArrayList<>();
            for (int n = 2; n <= count; n++) {
                // each field read under a name of its own, with its own values
                assertThat(of(draft, "string_agg(extra ->> 'Кадастровы_" + n + "', ' ' ORDER BY source_row)"))
                        .isEqualTo("номер " + n + "-1 номер " + n + "-2");
                said.add("the file has " + count + " fields named 'Кадастровы' (longer names cut to the 10 letters a"
                        + " .dbf keeps; columns "
                        + String.join(
                                ", ", columns.stream().map(String::valueOf).toList())
                        + "): the one in column " + columns.get(n - 1) + " is read as 'Кадастровы_" + n + "', under"
                        + " that name");
            }
            assertThat(draft.issues())
                    .extracting(LayerImporter.Issue::message)
                    .filteredOn(m -> m.contains(" named 'Кадастровы'"))
                    .as("count " + count)
                    .containsExactlyInAnyOrderElementsOf(said);
        }
    }

    @Test
    void fieldsCutToOneNameThatCouldEachHoldTheNumberAreEachNamedInTheAmbiguityWarningByTheirColumn() throws Exception {
        // «Кадастровый_номер_1», «_2», «_3» cut to three «Кадастровы»: the warning of several fields that
        // could hold the number named 'Кадастровы' once, weighed the first of them only, and a clerk could
        // not tell which column of the three it meant, nor that the other two could hold the number too
        for (boolean alsoKadNomer : new boolean[] {true, false}) {
            List<TestFiles.Feature> features = new ArrayList<>();
            for (TestFiles.Feature plot : plots(2)) {
                Map<String, Object> p = new LinkedHashMap<>(plot.properties());
                Object number = alsoKadNomer ? p.get("kad_nomer") : p.remove("kad_nomer");
                p.put("Кадастров1", number);
                // an old number in the middle one, which the others do not agree with
                p.put("Кадастров2", "05-085-099-00" + (features.size() + 1));
                p.put("Кадастров3", number);
                features.add(new TestFiles.Feature(p, plot.geometry()));
            }
            String name = "cut-twins-ambiguous-" + alsoKadNomer;
            Path shp = shapefile(name, features, "CP1251");
            Path dbf = shp.resolveSibling("plots.dbf");
            byte[] bytes = Files.readAllBytes(dbf);
            List<Integer> columns = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                Field field = field(bytes, "Кадастров" + n);
                // a field's descriptor is the 32 bytes after its predecessors', past the table's 32
                columns.add(field.descriptor() / 32);
                bytes[field.descriptor() + 9] = "ы".getBytes(Charset.forName("windows-1251"))[0];
            }
            Files.write(dbf, bytes);
            Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
            LayerImporter.Draft draft = imported("plots-" + name, zipped(shp), null);
            assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
            assertThat(of(draft, "string_agg(cadastral_number, ' ' ORDER BY source_row)"))
                    .isEqualTo("05-085-012-001 05-085-012-002");
            String read = alsoKadNomer ? "kad_nomer" : "Кадастровы";
            assertThat(draft.issues())
                    .filteredOn(i -> i.code().equals("field_ambiguous"))
                    .extracting(LayerImporter.Issue::message)
                    .as("with kad_nomer " + alsoKadNomer)
                    .containsExactly((alsoKadNomer ? "4" : "3") + " fields could hold cadastral_number: "
                            + (alsoKadNomer ? "'kad_nomer', " : "")
                            + "'Кадастровы' (column " + columns.get(0) + "), 'Кадастровы_2' (column " + columns.get(1)
                            + "), 'Кадастровы_3' (column " + columns.get(2) + "); '" + read + "' was read ("
                            + (alsoKadNomer
                                    ? "it comes first in the profile cadastre-export's order of names"
                                    : "the file gives them one name, and it comes first in the file")
                            + ") and the others are kept in extra; they differ in 2 of the 2 features: name the"
                            + " field to read in a profile of your own if '" + read + "' is not the right one");
        }
    }

    @Test
    void twoFieldsOfOneNameAreListedByTheFilesNameAndTheirColumnNotByTheirStagingNames() throws Exception {
        // the fields a clerk looks for in the file: two PLOSHAD_GA, not ploshad_ga and ploshad_ga_2
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(2)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("ploshad");
            p.put("PLOSHAD_GA", 0.25);
            p.put("PRIM", "нет");
            p.put("PLOSHAD_GB", 0.24);
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("twin-fields-listed", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        bytes[field(bytes, "PLOSHAD_GB").descriptor() + 9] = 'A';
        Files.write(dbf, bytes);
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-twin-fields-listed", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(2);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("missing_field"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .endsWith("its fields are kad_nomer, status, kategor, adres, PLOSHAD_GA (column 5), PRIM,"
                                + " PLOSHAD_GA (column 7)"));
    }

    @Test
    void theCyrillicSpellingsOfTheProfilesLatinNamesAreRead() throws Exception {
        // a cadastre export's ПРАВО and ЦЕЛ_НАЗН, which the profile knew as PRAVO and CEL_NAZN only:
        // the right type and purpose of every plot were left off the public map, kept in extra
        String[] rights = {"аренда", "частная собственность", "право временного возмездного землепользования"};
        String[] purposes = {"для строительства магазина", "ИЖС", "склад"};
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("НАЗНАЧЕНИ");
            p.put("ЦЕЛ_НАЗН", purposes[features.size()]);
            p.put("ПРАВО", rights[features.size()]);
            p.put("ВИД_ИСП", "торговля");
            p.put("ДЕЛИМ", "делимый");
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("cyrillic-names", features, "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-cyrillic-names", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(right_type, ' ' ORDER BY source_row)"))
                .isEqualTo("temporary_paid_use private_ownership temporary_paid_use");
        assertThat(of(draft, "string_agg(intended_purpose_ru, ' | ' ORDER BY source_row)"))
                .isEqualTo(String.join(" | ", purposes));
        assertThat(of(draft, "min(permitted_use) || ' ' || bool_and(divisible)"))
                .isEqualTo("торговля true");
        assertThat(of(draft, "count(*) FILTER (WHERE extra <> '{}')")).isEqualTo("0");
    }

    @Test
    void aRightTypeAndALandCategoryUnderNamesTheProfileDoesNotKnowAreFoundByTheirWords() throws Exception {
        // an export whose right and category fields are «ОСНОВАНИЕ» and «ЗЕМЛИ»: every plot was published
        // without either, though nearly every value is a word the profile knows for them, as a status's is
        String[] rights = {"аренда", "частная собственность", "временное возмездное землепользование"};
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.put("ЗЕМЛИ", p.remove("КАТЕГОРИЯ"));
            p.put("ОСНОВАНИЕ", rights[features.size()]);
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("rights-by-words", features, "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-rights-by-words", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(right_type || ' ' || land_category, ', ' ORDER BY source_row)"))
                .isEqualTo("temporary_paid_use settlement, private_ownership settlement,"
                        + " temporary_paid_use settlement");
        assertThat(of(draft, "count(*) FILTER (WHERE extra <> '{}')")).isEqualTo("0");
        assertThat(draft.issues())
                .filteredOn(i -> "field_recognised_by_values".equals(i.detail().get("key")))
                .extracting(i -> i.detail().get("column") + " " + i.detail().get("share"))
                .containsExactlyInAnyOrder("ЗЕМЛИ 100", "ОСНОВАНИЕ 100");
    }

    @Test
    void aFieldFoundByItsValuesIsNamedAsTheFileNamesIt() throws Exception {
        // ArcGIS writes a .dbf's Latin names in capitals, which staging keeps in small letters: the
        // report named «ZEMLI» and «NOMER_ZU», found by their values, 'zemli' and 'nomer_zu', and
        // «AUCTION_DA», AdalMap's own name cut, 'auction_da'
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.put("ZEMLI", p.remove("КАТЕГОРИЯ"));
            p.put("NOMER_ZU", p.remove("КАД_НОМЕР"));
            p.put("AUCTION_DA", "2026-12-15");
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("latin-by-values", features, "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-latin-by-values", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(draft.issues())
                .filteredOn(i -> String.valueOf(i.detail().get("key")).startsWith("field_recognised_by_"))
                .extracting(i -> i.detail().get("key") + " " + i.detail().get("column"))
                .containsExactlyInAnyOrder("field_recognised_by_values ZEMLI", "field_recognised_by_numbers NOMER_ZU");
        assertThat(draft.issues())
                .anyMatch(i -> i.message().startsWith("the field 'ZEMLI' is read as land_category"))
                .anyMatch(i -> i.message().startsWith("the field 'NOMER_ZU' is read as cadastral_number"))
                .anyMatch(i -> i.message().startsWith("the field 'AUCTION_DA' is read as auction_date"));
    }

    @Test
    void aDefaultOfAProfileWithoutNamesForItsFieldIsSaidAsTheBuiltInOnesAre() throws Exception {
        // the profile MappingProfile documents: a land category by default, and no names for its field;
        // every plot of a file without one was published as a settlement's without a word
        Path own = Files.writeString(dir.resolve("documented.json"), """
                {"name": "cadastre-export", "kind": "plots",
                 "fields": {"cadastral_number": ["KAD_NOMER", "kad_n"], "status": ["STATUS"]},
                 "values": {"status": {"свободен": "free", "бос": "free"}},
                 "defaults": {"land_category": "settlement"},
                 "areaUnit": "ha"}""");
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("KAD_NOMER", plot.properties().get("kad_nomer"));
            p.put("STATUS", "свободен");
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("documented-profile", features, "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = importer.importFile(
                db,
                TestFiles.request("plots-documented-profile", zipped(shp), MappingProfile.load(own.toString()), dir));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(DISTINCT land_category, ',')")).isEqualTo("settlement");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("default_used"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .isEqualTo("the file has no field for land_category under any name the profile"
                                + " cadastre-export knows: every feature gets the profile's default, 'settlement'"));
    }

    @Test
    void aRightTypeOrLandCategoryCutByItsFieldsWidthIsReadAsTheCodeItBeginsAndSaid() throws Exception {
        // fields of 31 letters cut «право временного возмездного землепользования» and «земли особо
        // охраняемых природных территорий» when the file was written: the plots were published without
        // their right type, «not known», and the third refused for its unknown land category
        String cut = "право временного возмездного зе";
        String[] rights = {cut, "частная собственность", cut};
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.put("ПРАВО", rights[features.size()]);
            if (features.size() == 2) {
                p.put("КАТЕГОРИЯ", "Земли особо охраняемых природн");
            }
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = shapefile("rights-cut", features, "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        LayerImporter.Draft draft = imported("plots-rights-cut", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(right_type, ' ' ORDER BY source_row)"))
                .isEqualTo("temporary_paid_use private_ownership temporary_paid_use");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("right_type_cut"))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly(
                        "1 the right type 'право временного возмездного зе' fills its field and is the beginning of"
                                + " «право временного возмездного землепользования»: the field was cut to its width"
                                + " when the file was written, and it was read as that",
                        "3 the right type 'право временного возмездного зе' fills its field and is the beginning of"
                                + " «право временного возмездного землепользования»: the field was cut to its width"
                                + " when the file was written, and it was read as that");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("unknown_right_type"));
        assertThat(of(draft, "string_agg(land_category, ' ' ORDER BY source_row)"))
                .isEqualTo("settlement settlement protected");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("land_category_cut"))
                .extracting(i -> i.row() + " " + i.message())
                .containsExactly("3 the land category 'Земли особо охраняемых природн' fills its field and is the"
                        + " beginning of «земли особо охраняемых природных территорий»: the field was cut to its"
                        + " width when the file was written, and it was read as that");
    }

    @Test
    void aCpgOfOemOrAnsiIsReadInTheCodePageTheLanguageMarkNames() throws Exception {
        // «OEM» beside a DOS table marked 0x26 or 0x65, «ANSI» beside a Windows one marked 0xC9: GDAL,
        // told no code page it reads, wrote the text undecoded, and PostgreSQL refused the whole file
        record Case(String cpg, int mark, String codePage) {}
        for (Case c : List.of(
                new Case("OEM", 0x26, "CP866"), new Case("OEM", 0x65, "CP866"), new Case("ANSI", 0xC9, "CP1251"))) {
            String name = "cpg-" + c.cpg().toLowerCase(java.util.Locale.ROOT) + "-" + c.mark();
            Path shp = shapefile(name, russianFields(ADDRESS), c.codePage());
            setByte(shp.resolveSibling("plots.dbf"), 29, c.mark());
            Files.writeString(shp.resolveSibling("plots.cpg"), c.cpg());
            LayerImporter.Draft draft = imported("plots-" + name, zipped(shp), null);
            assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
            assertThat(of(draft, "min(address) || ' | ' || min(status) || ' | ' || min(cadastral_number)"))
                    .as(name)
                    .isEqualTo(ADDRESS + " 1 | free | 05-085-012-001");
            assertThat(draft.issues())
                    .as(name)
                    .anyMatch(i -> i.message()
                            .startsWith("the .cpg says '" + c.cpg() + "', the code page of the computer that wrote it;"
                                    + " the .dbf's language mark (" + String.format("0x%02X", c.mark()) + ") names "
                                    + c.codePage() + ", and its text was read so"))
                    .noneMatch(i -> i.code().equals("wrong_encoding"));
        }
    }

    @Test
    void aLocalSystemsPrjInTheWindowsCodePageIsQuotedInItsOwnLetters() throws Exception {
        // Panorama writes a city's own system as LOCAL_CS named in CP1251, as its .dbf is: the refusal
        // quoted the name as «������», and the clerk could not tell the surveyors which system it was
        String local = "Местная система координат г. Усть-Каменогорск";
        Path shp = shapefile("local-cp1251", russianFields(ADDRESS), "CP1251");
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        Files.write(
                shp.resolveSibling("plots.prj"),
                ("LOCAL_CS[\"" + local + "\",LOCAL_DATUM[\"Local\",0],UNIT[\"Meter\",1.0],AXIS[\"X\",NORTH],"
                                + "AXIS[\"Y\",EAST]]")
                        .getBytes(Charset.forName("windows-1251")));
        assertThat(refused(SourceProblem.LOCAL_CRS, "plots-local-cp1251", zipped(shp), null))
                .hasMessageStartingWith("the file's coordinate system (" + local + ") is a local plane");
    }

    @Test
    void aCodePageNobodyKnowsIsRefusedBeforeAnythingIsRead() throws Exception {
        Path file = zipped(shapefile("unknownpage", russianFields(ADDRESS), "CP1251"));
        assertThat(refused(SourceProblem.UNKNOWN_ENCODING, "plots-unknown-page", file, "FOO"))
                .hasMessageContaining("unknown code page 'FOO'");
    }

    @Test
    void numbersWithDecimalCommasOrStarsAreReadAsTheyAreMeant() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            // a number in the GeoJSON: a numeric field in the DBF
            features.add(f.with("ПЛОЩАДЬ", 0.09));
        }
        Path shp = shapefile("numbers", features, "CP1251");
        assertThat(fieldType(shp.resolveSibling("plots.dbf"), "ПЛОЩАДЬ")).isEqualTo('N');
        Path dbf = shp.resolveSibling("plots.dbf");
        // as a Russian Windows writes a number, and as a field too narrow for it shows one
        setField(dbf, 0, "ПЛОЩАДЬ", "0,0900");
        setField(dbf, 1, "ПЛОЩАДЬ", "*****");
        LayerImporter.Draft draft = imported("plots-numbers", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(coalesce(round(area_declared_ha, 4)::text, '-'), '|' ORDER BY source_row)"))
                .isEqualTo("0.0900|-|0.0900");
        // stars are how GDAL writes no number: empty, and nothing to say of them
        assertThat(draft.issues())
                .anyMatch(i -> i.row() == null && i.message().contains("number field 'ПЛОЩАДЬ'"))
                .noneMatch(i -> i.message().contains("'*****'"));
    }

    @Test
    void aDateTheCalendarDoesNotHaveStopsNothing() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            features.add(f.with("data_auk", "2026-12-01"));
        }
        Path shp = shapefile("dates", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        assertThat(fieldType(dbf, "data_auk")).as("GDAL writes a date field").isEqualTo('D');
        setField(dbf, 1, "data_auk", "20260230");
        // the zeros some DOS and BDE programs write for no date: no date, and nothing to say of it
        setField(dbf, 2, "data_auk", "00000000");
        LayerImporter.Draft draft = imported("plots-dates", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(coalesce(auction_date::text, '-'), '|' ORDER BY source_row)"))
                .isEqualTo("2026-12-01|-|-");
        assertThat(draft.issues())
                .anyMatch(i -> i.code().equals("bad_date")
                        && i.row() == 2
                        && i.message().contains("'20260230'"))
                .noneMatch(i -> i.message().contains("00000000"));
    }

    @Test
    void aDateOfBlanksIsNoDate() throws Exception {
        // the blanks with a date's two dots that some programs write for no date, which GDAL reads as
        // the day 0000-00-00: alone in the field, and beside a date the calendar lacks (the field then
        // read as text)
        for (boolean withBadDate : new boolean[] {false, true}) {
            List<TestFiles.Feature> features = new ArrayList<>();
            for (TestFiles.Feature f : russianFields(ADDRESS)) {
                features.add(f.with("data_auk", "2026-12-01"));
            }
            Path shp = shapefile("blankdates" + withBadDate, features, "CP1251");
            Path dbf = shp.resolveSibling("plots.dbf");
            assertThat(fieldType(dbf, "data_auk"))
                    .as("GDAL writes a date field")
                    .isEqualTo('D');
            if (withBadDate) {
                setField(dbf, 0, "data_auk", "20260230");
            }
            setField(dbf, 1, "data_auk", "  .  .  ");
            setField(dbf, 2, "data_auk", ". .");
            LayerImporter.Draft draft = imported("plots-blank-dates-" + withBadDate, zipped(shp), null);
            assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
            assertThat(of(draft, "string_agg(coalesce(auction_date::text, '-'), '|' ORDER BY source_row)"))
                    .isEqualTo(withBadDate ? "-|-|-" : "2026-12-01|-|-");
            // no date, and nothing to say of it
            assertThat(draft.issues())
                    .as(draft.issues().toString())
                    .noneMatch(i -> i.message().contains(".  ."))
                    .noneMatch(
                            i -> i.code().equals("bad_date") && !Long.valueOf(1).equals(i.row()));
            if (!withBadDate) {
                assertThat(draft.issues())
                        .noneMatch(
                                i -> i.code().equals("bad_date") || i.message().contains("date field"));
            }
        }
    }

    @Test
    void aHeaderThatSaysAnotherShapeThanItsRecordsIsSaidToBeDamagedNotToBeTurnedIntoPolygons() throws Exception {
        // a faulty exporter's header: lines (or points) declared over polygon records. Told to turn
        // its lines into polygons, the clerk would find polygons already
        for (int type : new int[] {3, 1}) {
            Path shp = shapefile("headertype" + type, russianFields(ADDRESS), "CP1251");
            for (Path part : List.of(shp, shp.resolveSibling("plots.shx"))) {
                byte[] bytes = Files.readAllBytes(part);
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(32, type);
                Files.write(part, bytes);
            }
            Path file = zipped(shp);
            assertThat(refused(SourceProblem.DAMAGED, "plots-header-type", file, null))
                    .hasMessage("the shapefile plots.shp is damaged: its header says it holds "
                            + (type == 3 ? "lines" : "points")
                            + ", but its records hold other shapes (3 of polygons, of 3 records). The file was"
                            + " damaged, or written by a faulty program; export it again from the program it was"
                            + " made in, or send it in another format (a GeoPackage)");
        }
    }

    @Test
    void aTableShorterThanItsShapesIsRefused() throws Exception {
        Path shp = shapefile("shorttable", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = header.getShort(8);
        int recordLength = header.getShort(10);
        // a table of one record beside three shapes, as a copy that stopped short leaves it
        header.putInt(4, 1);
        Files.write(dbf, java.util.Arrays.copyOf(bytes, headerLength + recordLength));
        Path file = zipped(shp);
        assertThat(refused(SourceProblem.DAMAGED, "plots-short-table", file, null))
                .hasMessageContaining("the .shp holds 3 shapes but the .dbf only 1 rows");
    }

    @Test
    void aTableOneRowShorterThanItsShapesSaysTheLastPlotInTheSingular() throws Exception {
        Path shp = shapefile("onerowshort", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(4, 2);
        Files.write(dbf, java.util.Arrays.copyOf(bytes, header.getShort(8) + 2 * header.getShort(10)));
        Path file = zipped(shp);
        assertThatThrownBy(() -> imported("plots-one-row-short", file, null))
                .hasMessageContaining("the .shp holds 3 shapes but the .dbf only 2 rows of attributes: the last plot"
                        + " would come without its number and status");
    }

    /**
     * Imports {@code file} into {@code layer} (with {@code encoding}, null for none), expecting it
     * refused as {@code problem} with the database as it was; gives the refusal for its words.
     */
    private BadSourceException refused(SourceProblem problem, String layer, Path file, String encoding)
            throws Exception {
        String before = state();
        Throwable error = catchThrowable(() -> imported(layer, file, encoding));
        assertThat(error).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(problem);
        assertThat(state()).isEqualTo(before);
        return (BadSourceException) error;
    }

    @Test
    void aNulByteInsideAValueOfTheTableIsRefusedNamingItsRecord() throws Exception {
        // a damaged byte in the middle of a cadastral number: GDAL would read «05-08» and stop there
        Path shp = shapefile("nulvalue", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = header.getShort(8);
        int recordLength = header.getShort(10);
        assertThat(new String(bytes, headerLength + recordLength + 1, 14, StandardCharsets.ISO_8859_1))
                .isEqualTo("05-085-012-002");
        bytes[headerLength + recordLength + 1 + 5] = 0;
        Files.write(dbf, bytes);
        Path file = zipped(shp);
        assertThat(refused(SourceProblem.DAMAGED, "plots-nul-value", file, null))
                .hasMessageContaining("record 2 of plots.dbf holds NUL bytes inside the value of its field 'КАД_НОМЕР'")
                .hasMessageContaining("the file is damaged");
        // NULs to the end of a value are padding, as some programs write it: read as it is
        bytes[headerLength + recordLength + 1 + 5] = '5';
        java.util.Arrays.fill(
                bytes, headerLength + recordLength + 1 + 14, headerLength + recordLength + 1 + 20, (byte) 0);
        // and a live record flagged by a NUL instead of a space, as some programs write it: GDAL reads it so
        bytes[headerLength + 2 * recordLength] = 0;
        Files.write(dbf, bytes);
        Files.delete(file);
        LayerImporter.Draft draft = imported("plots-nul-value", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
    }

    @Test
    void aTableWhoseRecordLengthIsNotThatOfItsFieldsIsRefused() throws Exception {
        // every value after the first would be read shifted into the next field, and every row rejected
        Path shp = shapefile("reclen", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int recordLength = header.getShort(10);
        header.putShort(10, (short) (recordLength - 10));
        Files.write(dbf, bytes);
        Path file = zipped(shp);
        assertThat(refused(SourceProblem.DAMAGED, "plots-record-length", file, null))
                .hasMessageContaining("the .dbf file plots.dbf is damaged: its header gives each record "
                        + (recordLength - 10) + " bytes, but its fields add up to " + recordLength);
    }

    @Test
    void aRowMarkedDeletedBesideItsShapeIsSaidToBeLeftOut() throws Exception {
        Path shp = shapefile("deletedrow", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes[header.getShort(8) + header.getShort(10)] = '*';
        Files.write(dbf, bytes);
        LayerImporter.Draft draft = imported("plots-deleted-row", zipped(shp), null);
        assertThat(draft.features()).isEqualTo(2);
        assertThat(deletedRowsNote(draft))
                .isEqualTo("rows of the .dbf marked deleted, left out with their shapes: 1 (row 2, the plot of the"
                        + " cadastral number 05-085-012-002); if their plots should stay on the map, restore the rows"
                        + " in the GIS program and export the layer again");
    }

    /** {@code rows} (from 1) of the table beside {@code shp} marked deleted, as a GIS program leaves them. */
    private static void markDeleted(Path shp, int... rows) throws Exception {
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int row : rows) {
            bytes[header.getShort(8) + (row - 1) * header.getShort(10)] = '*';
        }
        Files.write(dbf, bytes);
    }

    /** The report's note of the rows marked deleted, in English. */
    private static String deletedRowsNote(LayerImporter.Draft draft) {
        return draft.issues().stream()
                .filter(i -> String.valueOf(i.detail().get("key")).startsWith("file_dbf_deleted_"))
                .map(LayerImporter.Issue::message)
                .reduce((a, b) -> a + " | " + b)
                .orElse(null);
    }

    @Test
    void theRowsMarkedDeletedAreNamedByTheCadastralNumbersTheyHold() throws Exception {
        // a clerk knows the plots by their numbers: «rows 2 and 4» does not say which plots will not be
        // published, or be taken off the map on a re-import; the numbers as the file writes them, in
        // its code page («кад. №» in CP1251), are read as the published ones are
        List<TestFiles.Feature> features = russianFields(ADDRESS, 4);
        features.set(1, features.get(1).with("КАД_НОМЕР", "кад. № 05-085-012-002"));
        features.set(3, features.get(3).with("КАД_НОМЕР", "05 085 012 004"));
        Path shp = shapefile("deleted-numbers", features, "CP1251");
        markDeleted(shp, 2, 4);
        LayerImporter.Draft draft = imported("plots-deleted-numbers", zipped(shp), null);
        assertThat(draft.features()).isEqualTo(2);
        assertThat(deletedRowsNote(draft))
                .isEqualTo("rows of the .dbf marked deleted, left out with their shapes: 2 (rows 2, 4; the plots'"
                        + " cadastral numbers: 05-085-012-002, 05-085-012-004); if their plots should stay on the"
                        + " map, restore the rows in the GIS program and export the layer again");
        assertThat(draft.issues())
                .filteredOn(i -> "file_dbf_deleted_plots".equals(i.detail().get("key")))
                .singleElement()
                .satisfies(i -> assertThat(i.detail())
                        .containsEntry("rows", List.of(2, 4))
                        .containsEntry("numbers", List.of("05-085-012-002", "05-085-012-004")));

        // deleted rows that hold no number (none written, «б/н») are said by their rows alone
        List<TestFiles.Feature> numberless = russianFields(ADDRESS, 4);
        numberless.set(1, numberless.get(1).with("КАД_НОМЕР", "б/н"));
        numberless.set(3, numberless.get(3).with("КАД_НОМЕР", ""));
        Path none = shapefile("deleted-no-numbers", numberless, "CP1251");
        markDeleted(none, 2, 4);
        assertThat(deletedRowsNote(imported("plots-deleted-no-numbers", zipped(none), null)))
                .isEqualTo("rows of the .dbf marked deleted, left out with their shapes: 2 (rows 2, 4); if their"
                        + " plots should stay on the map, restore the rows in the GIS program and export the layer"
                        + " again");

        // and so are those of a file with no field of the cadastral number, whatever its rows hold
        List<TestFiles.Feature> fieldless = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS, 4)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("КАД_НОМЕР");
            fieldless.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path noField = shapefile("deleted-no-field", fieldless, "UTF-8");
        markDeleted(noField, 2, 4);
        assertThat(deletedRowsNote(imported("plots-deleted-no-field", zipped(noField), "UTF-8")))
                .isEqualTo("rows of the .dbf marked deleted, left out with their shapes: 2 (rows 2, 4); if their"
                        + " plots should stay on the map, restore the rows in the GIS program and export the layer"
                        + " again");
    }

    @Test
    void manyRowsMarkedDeletedAreNamedByTheirFirstTwentyAndHowManyMore() throws Exception {
        Path shp = shapefile("deleted-many", russianFields(KAZAKH_ADDRESS, 24), "UTF-8");
        int[] rows = java.util.stream.IntStream.rangeClosed(1, 23).toArray();
        markDeleted(shp, rows);
        LayerImporter.Draft draft = imported("plots-deleted-many", zipped(shp), "UTF-8");
        assertThat(draft.features()).isEqualTo(1);
        String first = java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        String numbers = java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(n -> String.format("05-085-012-%03d", n))
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(deletedRowsNote(draft))
                .isEqualTo("rows of the .dbf marked deleted, left out with their shapes: 23 (rows " + first
                        + " and 3 more; the plots' cadastral numbers: " + numbers + " and 3 more); if their plots"
                        + " should stay on the map, restore the rows in the GIS program and export the layer"
                        + " again");
    }

    @Test
    void aFeatureAfterARowMarkedDeletedIsNumberedByItsRowOfTheDbfAsTheDeletedOnesAre() throws Exception {
        Path shp = shapefile("deleted-first", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes[header.getShort(8)] = '*';
        Files.write(dbf, bytes);
        setField(dbf, 2, "СТАТУС", "непонятно");
        LayerImporter.Draft draft = imported("plots-deleted-first", zipped(shp), null);
        assertThat(draft.features()).isEqualTo(2);
        assertThat(deletedRowsNote(draft))
                .startsWith("rows of the .dbf marked deleted, left out with their shapes: 1 (row 1, the plot of the"
                        + " cadastral number 05-085-012-001)");
        assertThat(draft.issues())
                // the second feature GDAL reads is the .dbf's row 3, where MapInfo, ArcGIS and QGIS
                // (its FID 2) show it, and as the deleted one is numbered
                .anyMatch(i -> "unknown_status".equals(i.code())
                        && Long.valueOf(3).equals(i.fileRow())
                        && "row".equals(i.rowUnit()));
    }

    @Test
    void aTableWhoseRowsAreAllMarkedDeletedIsSaidToHoldNoFeature() throws Exception {
        Path shp = shapefile("all-deleted", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 3; r++) {
            bytes[header.getShort(8) + r * header.getShort(10)] = '*';
        }
        Files.write(dbf, bytes);
        Path file = zipped(shp);
        assertThat(refused(SourceProblem.NO_FEATURES, "plots-all-deleted", file, null))
                .hasMessageStartingWith("no feature to read: all 3 rows of the .dbf are marked deleted (rows 1, 2, 3)")
                .hasMessageNotContaining("rejected");
    }

    @Test
    void aTableLongerThanItsShapesIsRefused() throws Exception {
        Path shp = shapefile("longtable", russianFields(ADDRESS), "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        // a plot added to the table only: a fourth record beside three shapes
        byte[] bytes = Files.readAllBytes(dbf);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = header.getShort(8);
        int recordLength = header.getShort(10);
        byte[] longer = java.util.Arrays.copyOf(bytes, headerLength + 4 * recordLength + 1);
        System.arraycopy(bytes, headerLength + 2 * recordLength, longer, headerLength + 3 * recordLength, recordLength);
        longer[longer.length - 1] = 0x1A;
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 4);
        Files.write(dbf, longer);
        Path file = zipped(shp);
        assertThat(refused(SourceProblem.DAMAGED, "plots-long-table", file, null))
                .hasMessageContaining("the .dbf holds 4 rows of attributes but the .shp only 3 shapes: the last row"
                        + " has no shape and its plot would be left out");
        // a deleted record past the shapes is no plot: nothing is left out
        longer[headerLength + 3 * recordLength] = '*';
        Files.write(dbf, longer);
        Files.delete(file);
        LayerImporter.Draft draft = imported("plots-long-table", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
    }

    @Test
    void anIndexOneEntryShortBesideAWholeShapefileIsNoReasonToRefuseIt() throws Exception {
        Path shp = shapefile("shortindex", russianFields(ADDRESS), "CP1251");
        Path shx = shp.resolveSibling("plots.shx");
        // a stale .shx: its last entry cut, its header's length with it; the .shp and .dbf are whole
        byte[] bytes = Files.readAllBytes(shx);
        byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - 8);
        ByteBuffer.wrap(shorter).order(ByteOrder.BIG_ENDIAN).putInt(24, shorter.length / 2);
        Files.write(shx, shorter);
        LayerImporter.Draft draft = imported("plots-short-index", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
    }

    @Test
    void aMultiPatchOfTrianglesIsSaidToBeNoOutline() throws Exception {
        // GDAL writes a TIN as a MultiPatch of triangles and reads it back as a TIN, as it reads the
        // triangle fans and strips of 3-D programs; the outline of a plot as a MultiPatch ring
        Path csv = dir.resolve("multipatch/src.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(
                csv,
                "WKT,kad_nomer,status,kategor\n"
                        + "\"TIN Z (((82.6 49.95 300,82.6006 49.95 300,82.6006 49.9504 300,82.6 49.95 300)),"
                        + "((82.6 49.95 300,82.6006 49.9504 300,82.6 49.9504 300,82.6 49.95 300)))\","
                        + "05-085-012-001,свободен,земли населенных пунктов\n"
                        + "\"POLYGON Z ((82.602 49.95 300,82.602 49.9504 300,82.6026 49.9504 300,82.6026 49.95 300,"
                        + "82.602 49.95 300))\",05-085-012-002,свободен,земли населенных пунктов\n");
        Path shp = convert(
                csv,
                dir.resolve("multipatch/plots.shp"),
                "ESRI Shapefile",
                "-a_srs",
                "EPSG:4326",
                "-lco",
                "SHPT=MULTIPATCH",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft draft = imported("plots-multipatch", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(1);
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 1
                        && i.code().equals("not_polygon")
                        && i.message().contains("a 3-D surface of triangles"))
                .noneMatch(i -> i.message().contains("a tin"));
    }

    @Test
    void aStatusFieldUnderALongerNameOrUnderAnyNameIsStillTheStatus() throws Exception {
        // «СТАТУС_УЧ»: ArcGIS's cut of «Статус_участка»; without it every plot would be «free»
        List<TestFiles.Feature> longer = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            Map<String, Object> p = new LinkedHashMap<>(f.properties());
            p.remove("СТАТУС");
            p.put("СТАТУС_УЧ", "предоставлен");
            longer.add(new TestFiles.Feature(p, f.geometry()));
        }
        LayerImporter.Draft draft =
                imported("plots-status-longer", zipped(shapefile("longer", longer, "CP1251")), null);
        assertThat(of(draft, "string_agg(DISTINCT status, '|')")).isEqualTo("allocated");
        assertThat(draft.issues())
                .anyMatch(
                        i -> i.code().equals("field_recognised") && i.message().contains("'СТАТУС_УЧ'"))
                .noneMatch(i -> i.code().equals("default_used"));
        // a field of no known name whose values are status words
        List<TestFiles.Feature> unnamed = new ArrayList<>();
        for (TestFiles.Feature f : longer) {
            Map<String, Object> p = new LinkedHashMap<>(f.properties());
            p.remove("СТАТУС_УЧ");
            p.put("pole7", "занят");
            unnamed.add(new TestFiles.Feature(p, f.geometry()));
        }
        LayerImporter.Draft byValues =
                imported("plots-status-values", zipped(shapefile("values", unnamed, "CP1251")), null);
        assertThat(of(byValues, "string_agg(DISTINCT status, '|')")).isEqualTo("allocated");
        assertThat(byValues.issues())
                .anyMatch(
                        i -> i.code().equals("field_recognised") && i.message().contains("100 % of its values"));
        // «Дата аукциона» as an office heads the column: the profile's «дата_аукц» is its beginning
        List<TestFiles.Feature> dated = new ArrayList<>();
        for (TestFiles.Feature f : longer) {
            dated.add(f.with("Дата аукц2", "01.12.2026"));
        }
        LayerImporter.Draft withDate =
                imported("plots-status-dated", zipped(shapefile("dated", dated, "CP1251")), null);
        assertThat(of(withDate, "string_agg(DISTINCT auction_date::text, '|')")).isEqualTo("2026-12-01");
        // a file with no such field at all still gets the profile's default, and says so
        List<TestFiles.Feature> none = new ArrayList<>();
        for (TestFiles.Feature f : unnamed) {
            Map<String, Object> p = new LinkedHashMap<>(f.properties());
            p.remove("pole7");
            none.add(new TestFiles.Feature(p, f.geometry()));
        }
        LayerImporter.Draft defaulted = imported("plots-status-none", zipped(shapefile("none", none, "CP1251")), null);
        assertThat(of(defaulted, "string_agg(DISTINCT status, '|')")).isEqualTo("free");
        assertThat(defaulted.issues()).anyMatch(i -> i.code().equals("default_used"));
    }

    @Test
    void logicalYesAndNoAndMemoFields() throws Exception {
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            features.add(f.with("delim", "Y"));
        }
        features.set(1, features.get(1).with("delim", "N"));
        // a DBF logical field's «not known»: empty, and no warning
        features.add(features.get(2).with("delim", "?").with("КАД_НОМЕР", "05-085-012-004"));
        Path shp = shapefile("logical", features, "CP1251");
        LayerImporter.Draft draft = imported("plots-logical", zipped(shp), null);
        assertThat(of(draft, "string_agg(divisible::text, '|' ORDER BY source_row)"))
                .isEqualTo("true|false|true");
    }

    @Test
    void fieldsNoProfileMapsKeepTheNamesTheFileGivesThem() throws Exception {
        // ArcGIS writes a .dbf's names in capitals; PostgreSQL's columns, as GDAL names them, are in
        // lower case and have '_' for '-': the feature's extra has the file's names
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            int i = features.size();
            features.add(f.with("OLD_NOMER", "05-085-012-10" + i).with("ZONA-2", "Ж-" + i));
        }
        LayerImporter.Draft draft = imported("plots-names", zipped(shapefile("names", features, "CP1251")), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(
                        draft,
                        "string_agg((extra ->> 'OLD_NOMER') || ' ' || (extra ->> 'ZONA-2'), '|' ORDER BY source_row)"))
                .isEqualTo("05-085-012-100 Ж-0|05-085-012-101 Ж-1|05-085-012-102 Ж-2");
        assertThat(of(draft, "count(*) FILTER (WHERE extra ?| array['old_nomer', 'zona_2'])"))
                .isEqualTo("0");
    }

    @Test
    void aMemoFieldIsReadByItsTextsNotItsBlockNumbers() throws Exception {
        // a dBASE III table whose address is a memo field: the .dbf holds the number of the block of
        // the .dbt where each text begins (the first address, of 698 bytes, takes blocks 1 and 2, and is read
        // whole); marked CP1251 by its language mark alone, as FoxPro leaves it
        List<TestFiles.Feature> features = new ArrayList<>();
        String[] addresses = {"1", "", "4"};
        String[] notes = {"3", "9", ""};
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            int i = features.size();
            features.add(f.with("АДРЕС", addresses[i]).with("ПРИМЕЧ", notes[i]));
        }
        Path shp = shapefile("memo", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        setFieldType(dbf, "АДРЕС", 'M');
        setFieldType(dbf, "ПРИМЕЧ", 'M');
        setByte(dbf, 0, 0x83);
        setByte(dbf, 29, 0xC9);
        String longAddress = ADDRESS + ", дом 12, " + "строение 3 ".repeat(60).strip();
        dbt(shp.resolveSibling("plots.dbt"), Charset.forName("windows-1251"), longAddress, "под ИЖС", ADDRESS + " 3");
        LayerImporter.Draft draft = imported("plots-memo", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(
                        draft,
                        "string_agg(coalesce(address, '-') || ' ' || coalesce(extra ->> 'ПРИМЕЧ', '-'), '|'"
                                + " ORDER BY source_row)"))
                .isEqualTo(longAddress + " под ИЖС|- -|" + ADDRESS + " 3 -");
        // block 9 is past the end of the .dbt: nothing from it, and the field named as the file names it
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .contains("does not hold the texts of the field 'ПРИМЕЧ' in 1 rows" + " (the first is row 2)"))
                .noneMatch(i -> i.message().contains("were not imported"));

        // without its .dbt the fields are empty, never the numbers of the blocks
        Files.delete(shp.resolveSibling("plots.dbt"));
        Files.delete(shp.resolveSibling("memo.zip"));
        LayerImporter.Draft lost = imported("plots-memo-lost", zipped(shp), null);
        assertThat(of(
                        lost,
                        "count(*) FILTER (WHERE address IS NOT NULL OR nullif(extra ->> 'ПРИМЕЧ', '') IS NOT NULL)"))
                .isEqualTo("0");
        assertThat(lost.issues())
                .anyMatch(i -> i.message()
                        .contains("the field 'АДРЕС' of the .dbf keeps its texts in a memo file"
                                + " (.dbt), which was not sent"));
    }

    @Test
    void aMemoTextLongerThanATextFieldOfTheDbfIsReadWhole() throws Exception {
        // a UTF-8 table whose address and encumbrances are memo fields of a dBASE III .dbt: texts in
        // Kazakh of 600 bytes and more, which a text field of a .dbf cannot hold (255 bytes at most);
        // the first row is marked deleted, and its texts are no feature's
        StringBuilder address =
                new StringBuilder("Шығыс Қазақстан облысы, Өскемен қаласы, Қабанбай батыр көшесі, 12 үй");
        StringBuilder encumbrances = new StringBuilder("Ауыртпалықтар:");
        for (int i = 1; address.toString().getBytes(StandardCharsets.UTF_8).length < 640; i++) {
            address.append("; ").append(i).append("-құрылыс, ғимараттың іргетасы және қоршауы");
        }
        for (int i = 1; encumbrances.toString().getBytes(StandardCharsets.UTF_8).length < 900; i++) {
            encumbrances.append(" ").append(i).append(") электр желісінің күзет аймағы, өту құқығы;");
        }
        // 300 bytes, whose 255th is the first of a Kazakh letter's two
        String cutInALetter = "ө".repeat(127) + "аҢ" + "ү".repeat(21);
        String deleted = "Жойылған жол: " + "бұл мәтін ешбір учаскеге жатпайды. ".repeat(12);
        String[] texts = {
            deleted,
            deleted,
            address.toString(),
            encumbrances.toString(),
            "Өскемен, Ұлан көшесі, 3",
            cutInALetter,
            "сервитут жоқ"
        };
        assertThat(address.toString().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(600);
        assertThat(cutInALetter.getBytes(StandardCharsets.UTF_8).length).isEqualTo(300);
        int[] blocks = dbt(dir.resolve("memo-kk.dbt"), StandardCharsets.UTF_8, texts);
        List<TestFiles.Feature> four = plots(4);
        String[] addresses = {"" + blocks[0], "" + blocks[2], "" + blocks[4], "" + blocks[5]};
        String[] notes = {"" + blocks[1], "" + blocks[3], "", "" + blocks[6]};
        List<TestFiles.Feature> features = new ArrayList<>();
        for (int i = 0; i < four.size(); i++) {
            features.add(four.get(i).with("adres", addresses[i]).with("obremen", notes[i]));
        }
        Path shp = shapefile("memo-kk", features, "UTF-8");
        Files.writeString(shp.resolveSibling("plots.cpg"), "UTF-8");
        Path dbf = shp.resolveSibling("plots.dbf");
        setFieldType(dbf, "adres", 'M');
        setFieldType(dbf, "obremen", 'M');
        setByte(dbf, 0, 0x83);
        byte[] bytes = Files.readAllBytes(dbf);
        bytes[ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8)] = '*';
        Files.write(dbf, bytes);
        Files.move(dir.resolve("memo-kk.dbt"), shp.resolveSibling("plots.dbt"));
        LayerImporter.Draft draft = imported("plots-memo-kk", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(coalesce(address, '-'), '|' ORDER BY source_row)"))
                .isEqualTo(address + "|Өскемен, Ұлан көшесі, 3|" + cutInALetter);
        assertThat(of(draft, "string_agg(coalesce(extra ->> 'obremen', '-'), '|' ORDER BY source_row)"))
                .isEqualTo(encumbrances + "|-|сервитут жоқ");
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("bytes were imported"));
    }

    @Test
    void aMemoTextPastAMegabyteIsCutThereAndSaid() throws Exception {
        // a memo text of more than a megabyte (a dBASE III text whose end mark is lost runs on through
        // the memo file): read to a megabyte, more than any value of a layer, and the report says so
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            features.add(f.with("АДРЕС", features.isEmpty() ? "1" : ""));
        }
        Path shp = shapefile("memo-megabyte", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        setFieldType(dbf, "АДРЕС", 'M');
        setByte(dbf, 0, 0x83);
        setByte(dbf, 29, 0xC9);
        String endless = "улица Абая, дом 12; ".repeat(60_000);
        dbt(shp.resolveSibling("plots.dbt"), Charset.forName("windows-1251"), endless);
        LayerImporter.Draft draft = imported("plots-memo-megabyte", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(coalesce(address, '-'), '|' ORDER BY source_row)"))
                .isEqualTo(endless.substring(0, 1 << 20).strip() + "|-|-");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the field 'АДРЕС' of the .dbf holds texts longer than 1048576 bytes (row 1, say),"
                                + " more than any value of a layer: only their first 1048576 bytes were imported;"
                                + " the memo file may be damaged"));
    }

    @Test
    void aFoxProMemoFileIsReadToo() throws Exception {
        // FoxPro 2 keeps memo texts in a .fpt: blocks of the size its header gives, each text after
        // its type (1: text) and length, big-endian; FoxPro for Windows wrote it in CP1251
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            features.add(f.with("АДРЕС", String.valueOf(1 + features.size() * 2)));
        }
        Path shp = shapefile("foxpro", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        setFieldType(dbf, "АДРЕС", 'M');
        setByte(dbf, 0, 0xF5);
        Files.writeString(shp.resolveSibling("plots.cpg"), "1251");
        java.io.ByteArrayOutputStream fpt = new java.io.ByteArrayOutputStream();
        fpt.write(ByteBuffer.allocate(64).putInt(0, 7).putShort(6, (short) 64).array());
        for (int i = 1; i <= 3; i++) {
            byte[] text = (ADDRESS + " " + i).getBytes(Charset.forName("windows-1251"));
            // each text over two blocks of 64 bytes
            fpt.write(ByteBuffer.allocate(128)
                    .putInt(1)
                    .putInt(text.length)
                    .put(text)
                    .array());
        }
        Files.write(shp.resolveSibling("plots.FPT"), fpt.toByteArray());
        LayerImporter.Draft draft = imported("plots-foxpro", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "string_agg(address, '|' ORDER BY source_row)"))
                .isEqualTo(ADDRESS + " 1|" + ADDRESS + " 2|" + ADDRESS + " 3");
    }

    @Test
    void aFieldIsNamedInTheCodePageTheLanguageMarkSays() throws Exception {
        // no .cpg, and the language mark 0xC9 (CP1251), by which GDAL reads the values
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature f : russianFields(ADDRESS)) {
            features.add(f.with("ДАТА_АУКЦ", "2026-12-01"));
        }
        Path shp = shapefile("ldidnames", features, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        setByte(dbf, 29, 0xC9);
        setField(dbf, 1, "ДАТА_АУКЦ", "20260230");
        LayerImporter.Draft draft = imported("plots-ldid-names", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(of(draft, "min(address)")).isEqualTo(ADDRESS + " 1");
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("the date field 'ДАТА_АУКЦ' of the .dbf"));
    }

    @Test
    void aCoordinateThatIsNotANumber() throws Exception {
        Path shp = shapefile("nan", russianFields(ADDRESS), "CP1251");
        // the first record's second vertex: header 100, record header 8, type 4, box 32, counts 8, part 4
        byte[] bytes = Files.readAllBytes(shp);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(100 + 8 + 4 + 32 + 8 + 4 + 16, Double.NaN);
        Files.write(shp, bytes);
        LayerImporter.Draft draft = imported("plots-nan", zipped(shp), null);
        assertThat(draft.accepted()).isEqualTo(2);
        assertThat(draft.issues())
                .anyMatch(i -> i.row() != null
                        && i.row() == 1
                        && i.severity().equals("rejected")
                        && i.message().contains("not a number (NaN)"))
                .noneMatch(i -> i.message().contains("NaN %"));
    }

    @Test
    void aQgisQpjStandsInForALostPrj() throws Exception {
        Path shp = russianFieldsIn("qpj", "UTF-8", "EPSG:32644");
        Files.move(shp.resolveSibling("plots.prj"), shp.resolveSibling("plots.qpj"));
        LayerImporter.Draft draft = imported("plots-qpj", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(draft.issues()).anyMatch(i -> i.message().contains("no .prj but a .qpj"));
        // GDAL wrote «КАД_НОМЕР» in UTF-8 as its first 10 bytes: «КАД_Н» and half an «О»
        assertThat(draft.issues())
                .anyMatch(i -> i.message().contains("field name 'КАД_Н' was cut in the middle of a letter"));
        assertThat(of(draft, "min(cadastral_number)")).isEqualTo("05-085-012-001");
        assertThat(of(draft, "round(min(ST_XMin(geom))::numeric, 4)")).isEqualTo("82.6000");
    }

    /** The plots of {@link #russianFields} as {@code folder}/plots.shp in {@code encoding}, projected to {@code srs}. */
    private Path russianFieldsIn(String folder, String encoding, String srs) throws Exception {
        return convert(
                geojson(dir.resolve(folder + "/src.geojson"), russianFields(ADDRESS)),
                dir.resolve(folder + "/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=" + encoding,
                "-t_srs",
                srs);
    }

    @Test
    void aKrassowskyDatumOfNoNameIsReadAsPulkovo1942() throws Exception {
        // ESRI's «D_Krasovsky_1940», GDAL's «Not_specified_based_on_Krassowsky_1940_ellipsoid» (what
        // +ellps=krass alone gives), «unknown»: the Krassowsky ellipsoid, no datum named, no shift. In
        // Kazakhstan that is Pulkovo 1942; the plots were placed without its shift, some 60 m off here,
        // and published
        Path shp = russianFieldsIn("krasovsky", "CP1251", "EPSG:28414");
        // the same plots with the .prj GDAL writes of the EPSG code: where they are
        LayerImporter.Draft epsg = imported("plots-krasovsky-epsg", zipped(shp), null);
        Path degrees = russianFieldsIn("krasovsky-deg", "CP1251", "EPSG:4284");
        LayerImporter.Draft epsgDegrees = imported("plots-krasovsky-epsg-deg", zipped(degrees), null);
        int n = 0;
        for (String datum : List.of(
                "D_Krasovsky_1940",
                "Krassowsky_1940",
                "Not_specified_based_on_Krassowsky_1940_ellipsoid",
                "Unknown_based_on_Krassowsky_1940_ellipsoid",
                "unknown",
                "D_unknown")) {
            n++;
            String geographic = "GEOGCS[\"GCS_Krasovsky_1940\",DATUM[\"" + datum + "\","
                    + "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],"
                    + "UNIT[\"Degree\",0.0174532925199433]]";
            boolean projected = n % 2 == 1;
            Path file = projected ? shp : degrees;
            Files.writeString(file.resolveSibling("plots.prj"), projected ? gaussKrugerZone14(geographic) : geographic);
            LayerImporter.Draft read = imported("plots-krasovsky" + n, zipped(file), null);
            assertThat(read.accepted()).as(datum + read.issues()).isEqualTo(3);
            // every plot where the EPSG code of Pulkovo 1942 puts it, to the millimetre
            assertThat(query("SELECT count(*) || ' plots, ' || round(max(ST_HausdorffDistance("
                            + "ST_Transform(a.geom, 32644), ST_Transform(b.geom, 32644)))::numeric, 3) || ' m'"
                            + " FROM plot_snapshot a JOIN plot_snapshot b USING (cadastral_number)"
                            + " WHERE a.layer_revision_id = " + read.revisionId()
                            + " AND b.layer_revision_id = " + (projected ? epsg : epsgDegrees).revisionId()))
                    .as(datum)
                    .isEqualTo("3 plots, 0.000 m");
            // said, naming the datum as the .prj writes it, with what to do if it is another
            assertThat(read.issues())
                    .as(datum)
                    .noneMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")))
                    .anyMatch(i -> "file_datum_unnamed_read_as_pulkovo_1942"
                                    .equals(i.detail().get("key"))
                            && datum.equals(i.detail().get("datum"))
                            && i.message().contains("(" + datum + ")")
                            && i.message().contains("it was read as Pulkovo 1942")
                            && i.message().contains("--srs"));
        }
        // a datum of its own name on the same ellipsoid is that datum, not Pulkovo 1942: left placed
        // as it was, and warned of
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                gaussKrugerZone14("GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\","
                        + "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],"
                        + "UNIT[\"Degree\",0.0174532925199433]]"));
        LayerImporter.Draft beijing = imported("plots-krasovsky-beijing", zipped(shp), null);
        assertThat(beijing.issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).contains("read_as_pulkovo_1942"))
                .anyMatch(i -> "file_no_datum_shift".equals(i.detail().get("key"))
                        && i.message().contains("for its datum (Beijing 1954)")
                        && i.message().contains("some 40 to 100 m off"));
        assertThat(Double.parseDouble(query("SELECT max(ST_HausdorffDistance(ST_Transform(a.geom, 32644),"
                        + " ST_Transform(b.geom, 32644))) FROM plot_snapshot a JOIN plot_snapshot b"
                        + " USING (cadastral_number) WHERE a.layer_revision_id = " + beijing.revisionId()
                        + " AND b.layer_revision_id = " + epsg.revisionId())))
                .isGreaterThan(40);
        // a shift given, even of zeros, is the file's word: placed without one, and warned of
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                gaussKrugerZone14("GEOGCS[\"unknown\",DATUM[\"unknown\",SPHEROID[\"Krasovsky_1940\",6378245.0,"
                        + "298.3],TOWGS84[0,0,0,0,0,0,0]],PRIMEM[\"Greenwich\",0.0],"
                        + "UNIT[\"Degree\",0.0174532925199433]]"));
        assertThat(imported("plots-krasovsky-zeros", zipped(shp), null).issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).contains("read_as_pulkovo_1942"))
                .anyMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")));
        // and the system given (--srs) is read as given
        Files.writeString(
                shp.resolveSibling("plots.prj"),
                gaussKrugerZone14("GEOGCS[\"GCS_Krasovsky_1940\",DATUM[\"D_Krasovsky_1940\","
                        + "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],"
                        + "UNIT[\"Degree\",0.0174532925199433]]"));
        LayerImporter.Draft named = importedWith("plots-krasovsky-named", zipped(shp), "EPSG:28414");
        assertThat(named.issues())
                .noneMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")))
                .noneMatch(i -> String.valueOf(i.detail().get("key")).contains("read_as_pulkovo_1942"));
        assertThat(of(named, "round(min(ST_XMin(geom))::numeric, 4)")).isEqualTo("82.6000");
    }

    @Test
    void partsWhoseExtensionsAreInMixedCaseAreReadWhole() throws Exception {
        // a part renamed by hand in Explorer, or written by a tool that keeps a name as typed:
        // plots.Prj, plots.Dbf, plots.Shp. GDAL looks for plots.prj or plots.PRJ only: Pulkovo 1942's
        // degrees were read as WGS 84's (the plots some 60 m off, nothing said), the attributes left
        // out, or the .shp not opened at all
        Path degrees = russianFieldsIn("mixed-case-deg", "UTF-8", "EPSG:4284");
        LayerImporter.Draft degreesAsSent = imported("plots-mixed-case-deg", zipped(degrees), null);
        Path metres = russianFieldsIn("mixed-case-utm", "UTF-8", "EPSG:32644");
        LayerImporter.Draft metresAsSent = imported("plots-mixed-case-utm", zipped(metres), null);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("plots-mixed-case-prj", new Object[] {degrees, List.of("prj"), degreesAsSent});
        cases.put("plots-mixed-case-dbf", new Object[] {metres, List.of("dbf"), metresAsSent});
        cases.put("plots-mixed-case-all", new Object[] {metres, List.of("shp", "shx", "dbf", "prj", "cpg"), metresAsSent
        });
        cases.put("plots-mixed-case-shp", new Object[] {degrees, List.of("shp", "cpg"), degreesAsSent});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Path shp = (Path) c.getValue()[0];
            @SuppressWarnings("unchecked")
            List<String> renamed = (List<String>) c.getValue()[1];
            LayerImporter.Draft like = (LayerImporter.Draft) c.getValue()[2];
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (Path part : TestFiles.shapefileParts(shp)) {
                String extension = part.getFileName().toString().replaceFirst(".*\\.", "");
                entries.put(
                        "plots."
                                + (renamed.contains(extension)
                                        ? Character.toUpperCase(extension.charAt(0)) + extension.substring(1)
                                        : extension),
                        Files.readAllBytes(part));
            }
            LayerImporter.Draft read =
                    imported(c.getKey(), TestFiles.zipEntries(dir.resolve(c.getKey() + ".zip"), entries), null);
            assertThat(read.accepted()).as(c.getKey() + read.issues()).isEqualTo(3);
            assertThat(read.read().file())
                    .as(c.getKey())
                    .isEqualTo(renamed.contains("shp") ? "plots.Shp" : "plots.shp");
            // where the same file with its parts named in lower case puts them, to the millimetre, and
            // each with its attributes
            assertThat(query("SELECT count(*) || ' plots, ' || round(max(ST_HausdorffDistance("
                            + "ST_Transform(a.geom, 32644), ST_Transform(b.geom, 32644)))::numeric, 3) || ' m'"
                            + " FROM plot_snapshot a JOIN plot_snapshot b USING (cadastral_number, status,"
                            + " land_category, address, area_declared_ha)"
                            + " WHERE a.layer_revision_id = " + read.revisionId()
                            + " AND b.layer_revision_id = " + like.revisionId()))
                    .as(c.getKey())
                    .isEqualTo("3 plots, 0.000 m");
            assertThat(of(read, "string_agg(address, ' | ' ORDER BY source_row)"))
                    .as(c.getKey())
                    .isEqualTo(ADDRESS + " 1 | " + ADDRESS + " 2 | " + ADDRESS + " 3");
            assertThat(query("SELECT source_crs FROM layer_revision WHERE id = " + read.revisionId()))
                    .as(c.getKey())
                    .isEqualTo(query("SELECT source_crs FROM layer_revision WHERE id = " + like.revisionId()));
        }
    }

    @Test
    void aPrjInUpperCaseIsQuotedAsWrittenAsALowerCaseOneIs() throws Exception {
        // PLOTS.SHP with PLOTS.PRJ, as old Windows tools name them: GDAL reads the .prj, and the report
        // names its datum as the .prj writes it, as it does of plots.prj
        Path degrees = russianFieldsIn("upper-case-prj", "CP1251", "EPSG:4284");
        Files.writeString(
                degrees.resolveSibling("plots.prj"),
                "GEOGCS[\"GCS_Krasovsky_1940\",DATUM[\"D_Krasovsky_1940\",SPHEROID[\"Krasovsky_1940\",6378245.0,"
                        + "298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path part : TestFiles.shapefileParts(degrees)) {
            entries.put(part.getFileName().toString().toUpperCase(java.util.Locale.ROOT), Files.readAllBytes(part));
        }
        LayerImporter.Draft read = imported(
                "plots-upper-case-prj", TestFiles.zipEntries(dir.resolve("upper-case-prj.zip"), entries), null);
        assertThat(read.accepted()).as(read.issues().toString()).isEqualTo(3);
        assertThat(read.issues())
                .anyMatch(i -> "file_datum_unnamed_read_as_pulkovo_1942"
                                .equals(i.detail().get("key"))
                        && "D_Krasovsky_1940".equals(i.detail().get("datum")));
    }

    @Test
    void theOnlyPrjOfAnotherNameIsReadAsTheShapefilesAndSaid() throws Exception {
        // a clerk renamed plots.shp, .shx, .dbf and .cpg to Участки.* and not the .prj: its Pulkovo 1942
        // degrees were read as WGS 84's without a word, every plot some 60 m off
        Path degrees = russianFieldsIn("prj-other-name", "UTF-8", "EPSG:4284");
        LayerImporter.Draft asSent = imported("plots-prj-own-name", zipped(degrees), null);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path part : TestFiles.shapefileParts(degrees)) {
            String name = part.getFileName().toString();
            entries.put(name.endsWith(".prj") ? name : name.replace("plots.", "Участки."), Files.readAllBytes(part));
        }
        LayerImporter.Draft read = imported(
                "plots-prj-other-name", TestFiles.zipEntries(dir.resolve("prj-other-name.zip"), entries), null);
        assertThat(read.accepted()).as(read.issues().toString()).isEqualTo(3);
        assertThat(query("SELECT count(*) || ' plots, ' || round(max(ST_HausdorffDistance("
                        + "ST_Transform(a.geom, 32644), ST_Transform(b.geom, 32644)))::numeric, 3) || ' m'"
                        + " FROM plot_snapshot a JOIN plot_snapshot b USING (cadastral_number)"
                        + " WHERE a.layer_revision_id = " + read.revisionId()
                        + " AND b.layer_revision_id = " + asSent.revisionId()))
                .isEqualTo("3 plots, 0.000 m");
        assertThat(read.issues())
                .anyMatch(i -> "file_prj_other_name".equals(i.detail().get("key"))
                        && i.message()
                                .equals("the shapefile Участки.shp has no .prj of its name: the only .prj beside it,"
                                        + " plots.prj, was read as its coordinate system"))
                .noneMatch(i -> "file_no_prj_read_as_wgs84".equals(i.detail().get("key")));

        // beside two Shapefiles, a .prj of neither's name may be either's: named, not read
        Path points = convert(
                geojson(
                        dir.resolve("prj-other-name-labels/src.geojson"),
                        List.of(new TestFiles.Feature(
                                Map.of("label", "1"), "{\"type\":\"Point\",\"coordinates\":" + "[82.6001,49.9501]}"))),
                dir.resolve("prj-other-name-labels/labels.shp"),
                "ESRI Shapefile");
        Map<String, byte[]> two = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> two.put(name.replace("plots.prj", "Жер.prj"), bytes));
        for (Path part : TestFiles.shapefileParts(points)) {
            if (!part.getFileName().toString().endsWith(".prj")) {
                two.put(part.getFileName().toString(), Files.readAllBytes(part));
            }
        }
        LayerImporter.Draft notPaired =
                imported("plots-prj-unpaired", TestFiles.zipEntries(dir.resolve("prj-unpaired.zip"), two), null);
        assertThat(notPaired.issues())
                .anyMatch(i -> "file_prj_unpaired".equals(i.detail().get("key"))
                        && i.message()
                                .equals("the shapefile Участки.shp has no .prj of its name, and Жер.prj, named after"
                                        + " none of the 2 shapefiles beside it, was not read: if it is this"
                                        + " shapefile's, name it Участки.prj"))
                .anyMatch(i -> "file_no_prj_read_as_wgs84".equals(i.detail().get("key")));
    }

    @Test
    void degreesWithoutAPrjAreReadAsWgs84AndSaid() throws Exception {
        Path degrees = russianFieldsIn("no-prj", "UTF-8", "EPSG:4326");
        Files.delete(degrees.resolveSibling("plots.prj"));
        LayerImporter.Draft read = imported("plots-no-prj", zipped(degrees), null);
        assertThat(read.accepted()).as(read.issues().toString()).isEqualTo(3);
        assertThat(of(read, "round(min(ST_XMin(geom))::numeric, 4)")).isEqualTo("82.6000");
        assertThat(read.issues())
                .anyMatch(i -> "file_no_prj_read_as_wgs84".equals(i.detail().get("key"))
                        && i.message()
                                .equals("the shapefile plots.shp has no .prj: its coordinates, which look like"
                                        + " longitude and latitude, were read as WGS 84; if they are on another datum"
                                        + " (Pulkovo 1942's degrees lie up to 100 m from WGS 84's), pass the file's"
                                        + " coordinate system (--srs) or send its .prj"));
    }

    /** ESRI's Gauss–Krüger zone 14 (zone in front of the easting) on {@code geographic}. */
    private static String gaussKrugerZone14(String geographic) {
        return "PROJCS[\"Gauss-Kruger_Zone_14\"," + geographic + ",PROJECTION[\"Gauss_Kruger\"],"
                + "PARAMETER[\"False_Easting\",14500000.0],PARAMETER[\"False_Northing\",0.0],"
                + "PARAMETER[\"Central_Meridian\",81.0],PARAMETER[\"Scale_Factor\",1.0],"
                + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    }

    @Test
    void autoCadsPulkovo42IsReadAsPulkovo1942() throws Exception {
        // AutoCAD Map 3D (CS-MAP) names Pulkovo 1942 «Pulkovo42», a name PROJ knows no shift for: its
        // plots were placed without the datum's shift, some 64 m from where they are, and published
        String geographic = "GEOGCS[\"LL-Pulkovo42\",DATUM[\"Pulkovo42\",SPHEROID[\"KRASOV\",6378245.000,"
                + "298.30000000]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]]";
        Map<String, String> systems = new LinkedHashMap<>();
        systems.put("EPSG:28414", autoCadGaussKruger("Pulkovo42.GK6d-14", geographic, 14, 81));
        systems.put("EPSG:2544", autoCadGaussKruger("Pulkovo42.GK3d-28", geographic, 28, 84));
        systems.put("EPSG:4284", geographic);
        int n = 0;
        for (Map.Entry<String, String> system : systems.entrySet()) {
            n++;
            Path shp = russianFieldsIn("autocad" + n, "CP1251", system.getKey());
            // the same plots with the .prj GDAL writes of the EPSG code: where they are
            LayerImporter.Draft epsg = imported("plots-autocad-epsg" + n, zipped(shp), null);
            Files.writeString(shp.resolveSibling("plots.prj"), system.getValue());
            LayerImporter.Draft autoCad = imported("plots-autocad" + n, zipped(shp), null);
            assertThat(autoCad.accepted()).as(autoCad.issues().toString()).isEqualTo(3);
            // every plot where the EPSG code puts it, to the millimetre
            assertThat(query("SELECT count(*) || ' plots, ' || round(max(ST_HausdorffDistance("
                            + "ST_Transform(a.geom, 32644), ST_Transform(b.geom, 32644)))::numeric, 3) || ' m'"
                            + " FROM plot_snapshot a JOIN plot_snapshot b USING (cadastral_number)"
                            + " WHERE a.layer_revision_id = " + autoCad.revisionId()
                            + " AND b.layer_revision_id = " + epsg.revisionId()))
                    .as(system.getKey())
                    .isEqualTo("3 plots, 0.000 m");
            assertThat(autoCad.issues())
                    .as(system.getKey())
                    .noneMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")))
                    .anyMatch(i ->
                            "file_datum_read_as_pulkovo_1942".equals(i.detail().get("key"))
                                    && "Pulkovo42".equals(i.detail().get("datum"))
                                    && i.message().contains("it was read as Pulkovo 1942"));
        }
    }

    /** A Gauss–Krüger system of {@code zone} (zone in front of the easting) as AutoCAD Map 3D writes its .prj. */
    private static String autoCadGaussKruger(String name, String geographic, int zone, int meridian) {
        return "PROJCS[\"" + name + "\"," + geographic + ",PROJECTION[\"Transverse_Mercator\"],"
                + "PARAMETER[\"false_easting\"," + zone + "500000.000],PARAMETER[\"false_northing\",0.000],"
                + "PARAMETER[\"central_meridian\"," + meridian + ".00000000000000],PARAMETER[\"scale_factor\",1.0000],"
                + "PARAMETER[\"latitude_of_origin\",0.000],UNIT[\"Meter\",1.00000000000000]]";
    }

    @Test
    void pulkovoOfAnyNameWithoutAShiftIsSaidToMovePlots() throws Exception {
        Path shp = russianFieldsIn("csmap", "CP1251", "EPSG:28414");
        // a city's system given as a PROJ string with the ellipsoid alone, and with its shift
        String city = "+proj=tmerc +lat_0=0 +lon_0=81 +k=1 +x_0=14500000 +y_0=0 +ellps=krass +units=m +no_defs";
        assertThat(importedWith("plots-csmap-srs", zipped(shp), city).issues())
                .anyMatch(i -> "file_no_datum_shift".equals(i.detail().get("key"))
                        && i.message().contains("for its datum (Unknown based on Krassovsky, 1942 ellipsoid)"));
        // 40 to 100 m off, plausibly: import --publish holds it back, as it does degrees past a .prj, and
        // the warning says what shift to add for Pulkovo 1942
        LayerImporter.Imported held = importer.importAndPublish(
                db,
                new LayerImporter.Request(
                        "plots-csmap-held",
                        zipped(shp),
                        MappingProfile.load("cadastre-export"),
                        city,
                        null,
                        null,
                        "editor",
                        null,
                        dir.resolve("work")),
                "");
        assertThat(held.published()).isNull();
        assertThat(held.heldBackBy()).isEqualTo("file_no_datum_shift");
        assertThat(importer.placementWarning(
                        db, "plots-csmap-held", held.draft().revisionNumber()))
                .isNotNull()
                .satisfies(w -> assertThat(w.message())
                        .contains("the definition gives no shift to WGS 84")
                        .contains("add +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22"));
        assertThat(importedWith(
                                "plots-csmap-towgs84",
                                zipped(shp),
                                city.replace(" +units", " +towgs84=15,-130,-84 +units"))
                        .issues())
                .noneMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")));
        // MapInfo's Pulkovo 1942 as a datum of its own (9999) with zero parameters
        LayerImporter.Draft mapInfo = importedWith(
                "plots-mif9999",
                TestFiles.mifOfThreePlots(
                        dir.resolve("mif9999.zip"),
                        "Earth Projection 8, 9999, 3, 0, 0, 0, 0, 0, 0, 0, 0, \"m\", 81, 0, 1, 14500000, 0",
                        14_611_000,
                        5_535_000),
                null);
        assertThat(mapInfo.accepted()).as(mapInfo.issues().toString()).isEqualTo(3);
        assertThat(mapInfo.issues())
                .anyMatch(i -> "file_no_datum_shift".equals(i.detail().get("key")));
    }

    private static LayerImporter.Draft importedWith(String layer, Path file, String srs) throws Exception {
        return importer.importFile(
                db,
                new LayerImporter.Request(
                        layer,
                        file,
                        MappingProfile.load("cadastre-export"),
                        srs,
                        null,
                        null,
                        "editor",
                        null,
                        dir.resolve("work")));
    }

    // ---------------------------------------------------------------------------------------------
    // a DBF edited as programs leave it

    private record Field(int descriptor, int offset, int width, char type) {}

    private static Field field(byte[] dbf, String name) {
        ByteBuffer header = ByteBuffer.wrap(dbf).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = header.getShort(8);
        int offset = 1;
        for (int d = 32; d < headerLength - 1 && dbf[d] != 0x0D; d += 32) {
            int end = d;
            while (end < d + 11 && dbf[end] != 0) {
                end++;
            }
            String fieldName = new String(dbf, d, end - d, Charset.forName("windows-1251"));
            int width = dbf[d + 16] & 0xff;
            if (fieldName.equalsIgnoreCase(name)) {
                return new Field(d, offset, width, (char) dbf[d + 11]);
            }
            offset += width;
        }
        throw new IllegalArgumentException("no field " + name);
    }

    private static char fieldType(Path dbf, String name) throws Exception {
        return field(Files.readAllBytes(dbf), name).type();
    }

    private static void setFieldType(Path dbf, String name, char type) throws Exception {
        byte[] bytes = Files.readAllBytes(dbf);
        bytes[field(bytes, name).descriptor() + 11] = (byte) type;
        Files.write(dbf, bytes);
    }

    /** Writes {@code value}, right-aligned in its width as DBF numbers are, into record {@code record} (from 0). */
    private static void setField(Path dbf, int record, String name, String value) throws Exception {
        byte[] bytes = Files.readAllBytes(dbf);
        Field f = field(bytes, name);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = header.getShort(8) + record * header.getShort(10) + f.offset();
        byte[] text = String.format("%" + f.width() + "s", value).getBytes(Charset.forName("windows-1251"));
        System.arraycopy(text, 0, bytes, at, f.width());
        Files.write(dbf, bytes);
    }

    /**
     * A dBASE III memo file of {@code texts} from block 1, each in as many 512-byte blocks as it needs;
     * returns the block each begins in.
     */
    private static int[] dbt(Path file, Charset charset, String... texts) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[512]);
        int[] blocks = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            blocks[i] = out.size() / 512;
            byte[] bytes = (texts[i] + "\u001a\u001a").getBytes(charset);
            out.write(java.util.Arrays.copyOf(bytes, (bytes.length + 511) / 512 * 512));
        }
        byte[] all = out.toByteArray();
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(0, all.length / 512);
        Files.write(file, all);
        return blocks;
    }

    private static void setByte(Path file, int at, int value) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] = (byte) value;
        Files.write(file, bytes);
    }

    @Test
    void aZeroPriceOfAShapefileIsReadAsNotGiven() throws Exception {
        // ArcGIS writes 0 where a numeric field has no value: no plot is offered for 0 tenge
        List<TestFiles.Feature> plots = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            plots.add(plot.with("cena", plots.size() == 1 ? 0 : 1_500_000));
        }
        Path shp = shapefile("zero-price", plots, "UTF-8");
        LayerImporter.Draft draft = imported("plots-zero-price", shp, null);
        assertThat(draft.rejected()).isZero();
        assertThat(of(draft, "string_agg(coalesce(starting_price_kzt::text, '-'), ',' ORDER BY source_row)"))
                .isEqualTo("1500000.00,-,1500000.00");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the field 'cena' (starting price) is 0 in 1 of the features: a Shapefile's table,"
                                + " as ArcGIS writes it, cannot leave a number empty, so 0 was read as not given"));
    }

    @Test
    void aCadastralNumberKeptInANumericFieldKeepsTheLeadingZeroTheFileHolds() throws Exception {
        // as a table made from a spreadsheet, 1C or FoxPro keeps the column: numeric, 12 digits
        List<TestFiles.Feature> plots = new ArrayList<>();
        for (TestFiles.Feature plot : russianFields(ADDRESS)) {
            plots.add(plot.with("КАД_НОМЕР", 50_859_810_001L + plots.size()));
        }
        Path shp = shapefile("number-field", plots, "CP1251");
        Path dbf = shp.resolveSibling("plots.dbf");
        assertThat(fieldType(dbf, "КАД_НОМЕР")).isEqualTo('N');
        for (int i = 0; i < 3; i++) {
            setField(dbf, i, "КАД_НОМЕР", "05085981000" + (i + 1));
        }
        LayerImporter.Draft draft = imported("plots-number-field", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        // read as a number, the 0 went and 50-859-810-001, another plot's number, was published
        assertThat(of(draft, "string_agg(cadastral_number, ',' ORDER BY source_row)"))
                .isEqualTo("05-085-981-0001,05-085-981-0002,05-085-981-0003");
        assertThat(draft.issues())
                .anyMatch(
                        i -> "file_dbf_numbers_leading_zeros".equals(i.detail().get("key"))
                                && i.message().contains("'КАД_НОМЕР'")
                                && i.message().contains("'050859810001'"));
    }

    @Test
    void aZeroPriceIsNotGivenAlsoInANumberFieldReadAsTextForItsDecimalComma() throws Exception {
        List<TestFiles.Feature> plots = new ArrayList<>();
        for (TestFiles.Feature plot : plots(5, 57)) {
            plots.add(plot.with("cena", 1_500_000.5));
        }
        Path shp = shapefile("zero-price-comma", plots, "UTF-8");
        Path dbf = shp.resolveSibling("plots.dbf");
        assertThat(fieldType(dbf, "cena")).isEqualTo('N');
        // one decimal comma reads the field as text; the zeros ArcGIS wrote for none stay none
        String[] prices = {"1500000,50", "0", "0.00", "-0", "0,00"};
        for (int i = 0; i < prices.length; i++) {
            setField(dbf, i, "cena", prices[i]);
        }
        LayerImporter.Draft draft = imported("plots-zero-price-comma", shp, null);
        assertThat(of(draft, "string_agg(coalesce(starting_price_kzt::text, '-'), ',' ORDER BY source_row)"))
                .isEqualTo("1500000.50,-,-,-,-");
        assertThat(draft.issues())
                .anyMatch(i -> "file_shapefile_zeros_starting_price_kzt"
                                .equals(i.detail().get("key"))
                        && i.message().contains("is 0 in 4 of the features"));
    }

    @Test
    void aCoordinateSystemGivenOverTheFilesOwnIsSaidNamingBoth() throws Exception {
        Path shp = TestFiles.convert(
                geojson(dir.resolve("srs-given/src.geojson"), plots(3, 58)),
                dir.resolve("srs-given/plots.shp"),
                "ESRI Shapefile",
                "-t_srs",
                "EPSG:32644");
        // a --srs left from the previous file: zone 43 for a file in zone 44, some 480 km west
        LayerImporter.Draft moved = importedWith("plots-srs-given", shp, "EPSG:32643");
        assertThat(moved.issues())
                .anyMatch(
                        i -> "file_srs_given_over_file_moved".equals(i.detail().get("key"))
                                && i.message()
                                        .startsWith("the file names its coordinate system (WGS 84 / UTM zone 44N); it"
                                                + " was read in the one given (WGS 84 / UTM zone 43N) instead")
                                && ((Number) i.detail().get("metres")).intValue() > 400_000);
        // the system the file names, given again, is nothing to say
        LayerImporter.Draft same = importedWith("plots-srs-same", shp, "EPSG:32644");
        assertThat(same.issues())
                .noneMatch(i -> String.valueOf(i.detail().get("key")).startsWith("file_srs_given_over_file"));
    }

    @Test
    void anOpenStreetMapLandUseFileIsNotReadAsCategoriesNorPublishedAsFreePlotsUnlooked() throws Exception {
        // Geofabrik's gis_osm_landuse_a_free_1.shp sent as plots: its 'fclass' forest and industrial are
        // English words that happen to be AdalMap's own codes, so it was read as the land category, every
        // plot got the default status free, and import --publish published a factory and a forest as free land
        String[] classes = {"forest", "industrial", "forest", "industrial", "forest"};
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(5)) {
            int i = features.size();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("osm_id", String.valueOf(23456780 + i));
            p.put("code", classes[i].equals("forest") ? 7201 : 7203);
            p.put("fclass", classes[i]);
            p.put("name", i == 1 ? "Өскемен титан-магний комбинаты" : "Қарағай орманы " + i);
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = convert(
                geojson(dir.resolve("osm-landuse/src.geojson"), features),
                dir.resolve("osm-landuse/gis_osm_landuse_a_free_1.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Imported held =
                importer.importAndPublish(db, TestFiles.request("plots-osm-landuse", zipped(shp), cadastre(), dir), "");
        assertThat(held.published()).isNull();
        assertThat(query("SELECT count(*) FROM layer_revision r JOIN layer l ON l.id = r.layer_id"
                        + " WHERE l.code = 'plots-osm-landuse' AND r.state = 'published'"))
                .isEqualTo("0");
        // OpenStreetMap's class words are no land category of a department's: no plot has one
        assertThat(held.draft().accepted()).isZero();
        assertThat(held.draft().issues())
                .filteredOn(i -> i.row() != null)
                .extracting(i -> i.row() + " " + i.code())
                .containsExactly(
                        "1 missing_land_category",
                        "2 missing_land_category",
                        "3 missing_land_category",
                        "4 missing_land_category",
                        "5 missing_land_category");
        assertThat(held.draft().issues()).noneMatch(i -> i.code().equals("field_recognised"));
        assertThat(held.draft().issues())
                .filteredOn(i -> i.code().equals("not_a_cadastre"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .startsWith("the fields 'osm_id', 'fclass' are OpenStreetMap's: the file is a map's land use,"
                                + " buildings or roads, not a land department's plots"));

        // a department's list of plots with neither numbers nor statuses is held back too, said otherwise
        List<TestFiles.Feature> bare = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("kad_nomer");
            p.remove("status");
            bare.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path list = shapefile("no-numbers-no-status", bare, "UTF-8");
        LayerImporter.Imported bareHeld =
                importer.importAndPublish(db, TestFiles.request("plots-bare", zipped(list), cadastre(), dir), "");
        assertThat(bareHeld.published()).isNull();
        assertThat(bareHeld.heldBackBy()).isEqualTo("not_a_cadastre");
        // and the command line's publish, the API and the editor's page ask for a look too
        assertThat(importer.warningToConfirm(db, "plots-bare", bareHeld.draft().revisionNumber())
                        .detail())
                .containsEntry("key", "not_a_cadastre");
        assertThat(bareHeld.draft().issues())
                .filteredOn(i -> i.code().equals("not_a_cadastre"))
                .singleElement()
                .satisfies(i -> assertThat(i.message())
                        .startsWith("the file has neither cadastral numbers nor a field of status: every plot of"
                                + " it would be published as 'free'"));

        // with a status field, a file without numbers is published as before, and so is one with numbers
        // whose status is the profile's default
        List<TestFiles.Feature> statused = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3, 13)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("kad_nomer");
            statused.add(new TestFiles.Feature(p, plot.geometry()));
        }
        assertThat(importer.importAndPublish(
                                db,
                                TestFiles.request(
                                        "plots-statused",
                                        zipped(shapefile("statused", statused, "UTF-8")),
                                        cadastre(),
                                        dir),
                                "")
                        .published())
                .isNotNull();
        List<TestFiles.Feature> numbered = new ArrayList<>();
        for (TestFiles.Feature plot : plots(3, 14)) {
            Map<String, Object> p = new LinkedHashMap<>(plot.properties());
            p.remove("status");
            numbered.add(new TestFiles.Feature(p, plot.geometry()));
        }
        assertThat(importer.importAndPublish(
                                db,
                                TestFiles.request(
                                        "plots-numbered",
                                        zipped(shapefile("numbered", numbered, "UTF-8")),
                                        cadastre(),
                                        dir),
                                "")
                        .published())
                .isNotNull();
    }

    @Test
    void namesQgisCutAlikeInAUtf8ShapefileAreBothSeenAsCandidatesAndSaidAmbiguous() throws Exception {
        // QGIS keeps 10 bytes of a UTF-8 name, 5 Cyrillic letters, and numbers the second of two names so
        // cut alike: «Статус_аукциона» «Стату», «Статус_участка» «Стат_1». The plots were published with the
        // auction's status, without a word of the second column, which the uncut GeoJSON warned of
        List<TestFiles.Feature> features = new ArrayList<>();
        for (TestFiles.Feature plot : plots(4, 51)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Кадастровый_номер", plot.properties().get("kad_nomer"));
            p.put("Кадастровый_номер_старый", "05-085-999-00" + (features.size() + 1));
            p.put("Категория_земель", "Земли населенных пунктов");
            p.put("Статус_аукциона", "Аукцион");
            p.put("Статус_участка", "Свободен");
            p.put("Площадь_по_документам", 0.05);
            p.put("Площадь_фактическая", 0.09);
            features.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path shp = convert(
                geojson(dir.resolve("qgis-cut-alike/src.geojson"), features),
                dir.resolve("qgis-cut-alike/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        LayerImporter.Draft draft = imported("plots-qgis-cut-alike", zipped(shp), null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(4);
        assertThat(of(draft, "string_agg(DISTINCT status, ' ') || ' ' || string_agg(DISTINCT extra ->> 'Стат_1', ' ')"))
                .isEqualTo("auction_scheduled Свободен");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("field_ambiguous"))
                .extracting(i -> i.message())
                .containsExactlyInAnyOrder(
                        "2 fields could hold cadastral_number: 'Кадас', 'Када_1'; 'Кадас' was read (the names are cut"
                                + " alike to the 10 bytes a DBF keeps, and it comes first in the file (GDAL and QGIS"
                                + " number those after it)) and the other is kept in extra; they differ in 4 of the 4"
                                + " features: name the field to read in a profile of your own if 'Кадас' is not the"
                                + " right one",
                        "2 fields could hold area_declared_ha: 'Площа', 'Площ_1'; 'Площа' was read (the names are cut"
                                + " alike to the 10 bytes a DBF keeps, and it comes first in the file (GDAL and QGIS"
                                + " number those after it)) and the other is kept in extra; they differ in 4 of the 4"
                                + " features: name the field to read in a profile of your own if 'Площа' is not the"
                                + " right one",
                        "2 fields could hold status: 'Стату', 'Стат_1'; 'Стату' was read (the names are cut alike to"
                                + " the 10 bytes a DBF keeps, and it comes first in the file (GDAL and QGIS number"
                                + " those after it)) and the other is kept in extra; they differ in 4 of the 4"
                                + " features: name the field to read in a profile of your own if 'Стату' is not the"
                                + " right one");
    }

    private static MappingProfile cadastre() throws Exception {
        return MappingProfile.load("cadastre-export");
    }

    // ---------------------------------------------------------------------------------------------

    private static String of(LayerImporter.Draft draft, String select) throws SQLException {
        return query("SELECT " + select + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId());
    }

    private static String state() throws SQLException {
        return query("SELECT (SELECT count(*) FROM layer) || ' layers, ' || (SELECT count(*) FROM layer_revision)"
                + " || ' revisions, ' || (SELECT count(*) FROM plot_snapshot) || ' snapshot rows, '"
                + " || (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'staging') || ' staging'");
    }

    private static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
