package kz.adalmap.importers.publish;

import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.gdal.GdalException;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.source.BadSourceException;
import kz.adalmap.importers.source.SourceProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KML and KMZ files as Google Earth, ArcGIS and older Russian tools write them, each made here and
 * imported into a layer of its own: every placemark of every folder is read, with its data under
 * the names the file gives them, and nothing but the land data lands in the plots.
 */
class KmlImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile profile;

    /** The plots the KML files below hold: 12, in accounting quarter 031. */
    private static final List<TestFiles.Feature> PLOTS = plots(12, 31);

    private static final String HEADER = """
            <?xml version="1.0" encoding="%s"?>
            <kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
            <Document><name>Участки</name>
            <Style id="s1"><LineStyle><color>ff0000ff</color></LineStyle></Style>
            """;

    @BeforeAll
    static void migrate() throws Exception {
        db = TestDatabases.fresh("kml_import");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        profile = MappingProfile.load("cadastre-export");
        Files.createDirectories(dir.resolve("work"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    private static LayerImporter.Request request(String layer, Path file, String sourceLayer) {
        return new LayerImporter.Request(
                layer, file, profile, null, null, sourceLayer, "editor", null, dir.resolve("work"));
    }

    private static LayerImporter.Draft drafted(String layer, Path file) throws Exception {
        return importer.importFile(db, request(layer, file, null));
    }

    /** The KML polygon of a test feature, with the altitude and extrusion Google Earth writes. */
    private static String polygon(TestFiles.Feature feature) {
        return "<Polygon><extrude>1</extrude><altitudeMode>relativeToGround</altitudeMode><outerBoundaryIs>"
                + ring(feature) + "</outerBoundaryIs></Polygon>";
    }

    /** The KML ring of a test feature's outline, at altitude 0. */
    private static String ring(TestFiles.Feature feature) {
        StringBuilder coordinates = new StringBuilder();
        Matcher m = Pattern.compile("\\[([-0-9.]+),([-0-9.]+)]").matcher(feature.geometry());
        while (m.find()) {
            coordinates.append(m.group(1)).append(',').append(m.group(2)).append(",0 ");
        }
        return "<LinearRing><coordinates>" + coordinates.toString().strip() + "</coordinates></LinearRing>";
    }

    /** Google Earth's own form of a placemark's data: {@code <Data name><value>}, under {@code names}. */
    private static String data(TestFiles.Feature feature, Map<String, String> names) {
        StringBuilder data = new StringBuilder("<ExtendedData>");
        names.forEach((field, name) -> data.append("<Data name=\"")
                .append(name)
                .append("\"><value>")
                .append(escaped(String.valueOf(feature.properties().get(field))))
                .append("</value></Data>"));
        return data.append("</ExtendedData>").toString();
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final Map<String, String> LATIN = names("kad_nomer", "status", "kategor", "ploshad", "adres");

    private static final Map<String, String> CYRILLIC = names("кад_номер", "статус", "категория", "площадь", "адрес");

    private static Map<String, String> names(String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> fields = List.of("kad_nomer", "status", "kategor", "ploshad", "adres");
        for (int i = 0; i < names.length; i++) {
            out.put(fields.get(i), names[i]);
        }
        return out;
    }

    /**
     * A Google Earth export: the 12 plots in folder «Өскемен», six in its folder «Квартал 001», six
     * in «Квартал 002», and an empty folder of labels before them.
     */
    private static String googleEarth(String encoding, Map<String, String> names) {
        StringBuilder kml = new StringBuilder(HEADER.formatted(encoding));
        kml.append("<Folder><name>Подписи</name></Folder>\n");
        kml.append("<Folder><name>Өскемен</name><open>1</open><Folder><name>Квартал 001</name>\n");
        for (int i = 0; i < PLOTS.size(); i++) {
            TestFiles.Feature f = PLOTS.get(i);
            kml.append("<Placemark><name>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</name><styleUrl>#s1</styleUrl>")
                    .append(data(f, names))
                    .append(polygon(f))
                    .append("</Placemark>\n");
            if (i == 5) {
                kml.append("</Folder><Folder><name>Квартал 002</name>\n");
            }
        }
        return kml.append("</Folder></Folder></Document></kml>\n").toString();
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    // ---------------------------------------------------------------------------------------------
    // folders

    @Test
    void statusFoldersInsideAFolderGiveEachPlotTheStatusOfItsNearestFolderSoNamed() throws Exception {
        // Google Earth keeps a folder of folders, «Участки / Свободные», «Участки / Выставлены на аукцион»:
        // the paths were no status words, and every plot was published as free, those on auction too
        List<TestFiles.Feature> plots = plots(5, 36);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("kad_nomer", "kategor", "ploshad", "adres")) {
            fields.put(field, field);
        }
        StringBuilder kml = new StringBuilder(HEADER.formatted("UTF-8"));
        kml.append("<Folder><name>Участки</name><open>1</open><Folder><name>Свободные</name>\n");
        for (int i = 0; i < plots.size(); i++) {
            if (i == 3) {
                kml.append("</Folder><Folder><name>Выставлены на аукцион</name>\n");
            }
            if (i == 4) {
                // a folder of the year inside the status's: the nearest folder named by a status is read
                kml.append("<Folder><name>2026</name>\n");
            }
            kml.append("<Placemark><name>")
                    .append(plots.get(i).properties().get("kad_nomer"))
                    .append("</name>")
                    .append(data(plots.get(i), fields))
                    .append(polygon(plots.get(i)))
                    .append("</Placemark>\n");
        }
        kml.append("</Folder></Folder></Folder></Document></kml>\n");
        LayerImporter.Imported imported = importer.importAndPublish(
                db, request("kml-status-folders", write("status-folders.kml", kml.toString()), null), null);
        LayerImporter.Draft draft = imported.draft();
        assertThat(imported.published()).as(draft.issues().toString()).isNotNull();
        assertThat(ofSnapshot(draft, "string_agg(status, ' ' ORDER BY cadastral_number)"))
                .isEqualTo("free free free auction_scheduled auction_scheduled");
        assertThat(draft.issues())
                .noneMatch(i -> i.code().equals("default_used"))
                .filteredOn(i -> i.code().equals("field_recognised"))
                .extracting(LayerImporter.Issue::message)
                .containsExactly("the field 'folder' is read as status: no field has a name the profile"
                        + " cadastre-export knows for it, and 100 % of the placemarks lie in a folder named by a word"
                        + " the profile knows for status; of folders in folders, the nearest so named is read");
    }

    @Test
    void everyFolderIsReadAndPublishingRetiresNoPlotOfAnother() throws Exception {
        // the layer holds the 12 plots, published from a GeoJSON file
        LayerImporter.Draft first =
                importer.importFile(db, request("kml-folders", geojson(dir.resolve("folders.geojson"), PLOTS), null));
        importer.publish(db, "kml-folders", first.revisionNumber(), "editor", null);

        Path kml = write("folders.kml", googleEarth("UTF-8", LATIN));
        LayerImporter.Imported imported = importer.importAndPublish(db, request("kml-folders", kml, null), null);
        LayerImporter.Draft draft = imported.draft();
        assertThat(draft.features()).isEqualTo(12);
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(12);
        assertThat(draft.diff().removed()).isZero();
        assertThat(query("SELECT count(*) || ' current, ' || count(*) FILTER (WHERE retired_revision_id IS NOT NULL)"
                        + " || ' retired, ' || string_agg(cadastral_number, ',' ORDER BY cadastral_number)"
                        + " FILTER (WHERE retired_revision_id IS NULL)"
                        + " FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'kml-folders'"))
                .isEqualTo("12 current, 0 retired, " + numbers(1, 12));
        // each plot keeps the folder it was drawn in; nothing of how Google Earth draws it
        assertThat(ofPlot(draft, "05-085-031-002", "extra::text"))
                .isEqualTo("{\"name\": \"05-085-031-002\", \"folder\": \"Өскемен / Квартал 001\"}");
        assertThat(ofPlot(draft, "05-085-031-011", "extra::text"))
                .isEqualTo("{\"name\": \"05-085-031-011\", \"folder\": \"Өскемен / Квартал 002\"}");
        assertThat(ofPlot(draft, "05-085-031-011", "status || ' ' || land_category || ' ' || area_declared_ha"))
                .isEqualTo("allocated settlement 0.0900");
        assertThat(fileNotes(draft))
                .anyMatch(n -> n.equals("the KML file's placemarks lie in 2 folders (Өскемен / Квартал 001, Өскемен"
                        + " / Квартал 002): all 12 were read, each with its folder in the field 'folder'"));
    }

    @Test
    void aFolderNamedAsTheLayerInTheFileIsReadWithTheFoldersInIt() throws Exception {
        Path kml = write("named-folder.kml", googleEarth("UTF-8", LATIN));
        LayerImporter.Draft second = importer.importFile(db, request("kml-named-folder", kml, "квартал 002"));
        assertThat(second.accepted())
                .as("accepted, with issues " + second.issues())
                .isEqualTo(6);
        assertThat(ofSnapshot(second, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .isEqualTo(numbers(7, 12));
        assertThat(fileNotes(second))
                .contains(
                        "only the placemarks of the folder 'квартал 002' (and of the folders in it) were read: 6 of 12");
        // the folder around both holds all twelve
        LayerImporter.Draft both = importer.importFile(db, request("kml-named-folder-2", kml, "Өскемен"));
        assertThat(both.accepted()).isEqualTo(12);
        assertThat(ofSnapshot(both, "count(DISTINCT extra->>'folder')")).isEqualTo("2");

        Throwable error =
                catchThrowable(() -> importer.importFile(db, request("kml-named-folder-3", kml, "Квартал 003")));
        assertThat(error).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.NO_LAYER);
        assertThat(error.getMessage())
                .isEqualTo("the KML file has no folder named 'Квартал 003'; its folders are Подписи, Өскемен,"
                        + " Өскемен / Квартал 001, Өскемен / Квартал 002: name one of them as the layer in the file,"
                        + " or none to read every placemark");
        assertThat(query("SELECT count(*) FROM layer WHERE code = 'kml-named-folder-3'"))
                .isEqualTo("0");
    }

    @Test
    void numbersRepeatedInFoldersAreSaidToLieInThemWithHowToReadOne() throws Exception {
        // this year's and last year's plots, each year a folder, as a two-layer GeoPackage converts to KML
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (String year : List.of("2025", "2026")) {
            text.append("<Folder><name>").append(year).append("</name>\n");
            for (TestFiles.Feature f : PLOTS.subList(0, 2)) {
                text.append("<Placemark>")
                        .append(data(f, LATIN))
                        .append(polygon(f))
                        .append("</Placemark>\n");
            }
            text.append("</Folder>\n");
        }
        Path kml = write("two-years.kml", text.append("</Document></kml>\n").toString());
        LayerImporter.Draft draft = drafted("kml-two-years", kml);
        assertThat(draft.accepted()).isZero();
        assertThat(draft.issues()).anyMatch(i -> i.code().equals("duplicate_cadastral_number"));
        assertThat(fileNotes(draft))
                .contains("2 cadastral numbers appear in more than one folder of the KML file (2025, 2026), as"
                        + " folders of different years or versions of the same plots hold them: none of those plots"
                        + " was imported. To import one folder's plots, name the folder as the layer in the file"
                        + " (--source-layer, or the field 'Layer in the file' of the import page)");
        // numbers repeated within one folder are no folders' matter
        LayerImporter.Draft one = importer.importFile(db, request("kml-two-years-2026", kml, "2026"));
        assertThat(one.accepted()).as("accepted, with issues " + one.issues()).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------
    // data

    @Test
    void dataNamedInCyrillicIsReadUnderItsNames() throws Exception {
        String text = googleEarth("UTF-8", CYRILLIC)
                .replace(
                        "<Data name=\"адрес\">",
                        "<Data name=\"мақсаты\"><value>Жеке тұрғын үй құрылысы үшін</value></Data>"
                                + "<Data name=\"адрес\">");
        LayerImporter.Draft draft = drafted("kml-cyrillic", write("cyrillic.kml", text));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(12);
        assertThat(ofPlot(
                        draft,
                        "05-085-031-001",
                        "cadastral_number || '|' || status || '|' || land_category || '|' || area_declared_ha || '|'"
                                + " || intended_purpose_kk || '|' || address"))
                .isEqualTo("05-085-031-001|free|settlement|0.0900|Жеке тұрғын үй құрылысы үшін|"
                        + PLOTS.get(0).properties().get("adres"));
        assertThat(fileNotes(draft))
                .contains("the placemarks' data (Data) are named in other than Latin letters (кад_номер, статус,"
                        + " категория, площадь, мақсаты, адрес), which GDAL would lose: they were read under these"
                        + " names");
    }

    @Test
    void dataNamedAlikeButForTheCaseOfLatinLettersKeepTheirNames() throws Exception {
        // a placemark's STATUS from the export and a Status someone added in Google Earth
        String text = googleEarth("UTF-8", LATIN)
                .replace("<Data name=\"status\">", "<Data name=\"STATUS\">")
                .replace(
                        "<Data name=\"adres\">",
                        "<Data name=\"Status\"><value>изъят</value></Data><Data name=\"adres\">");
        LayerImporter.Draft draft = drafted("kml-latin-case", write("latin-case.kml", text));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(12);
        assertThat(ofPlot(draft, "05-085-031-011", "status || ' ' || (extra ->> 'Status')"))
                .isEqualTo("allocated изъят");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .startsWith("2 fields could hold status: 'STATUS', 'Status'; 'STATUS' was read (of names that"
                                + " differ only in the case of their letters"));
        assertThat(draft.issues()).noneMatch(i -> i.message().contains("status_2"));
    }

    @Test
    void everyKmlOfAKmzIsReadLinkedOrNot() throws Exception {
        // two districts' files zipped together, neither linking the other
        String all = googleEarth("UTF-8", CYRILLIC);
        String first = all.replaceAll(
                "(?s)</Folder><Folder><name>Квартал 002</name>.*</Folder></Folder>", "</Folder></Folder>");
        String second = all.replaceAll(
                "(?s)<Folder><name>Квартал 001</name>.*?</Folder><Folder><name>Квартал 002</name>",
                "<Folder><name>Квартал 002</name>");
        Path kmz = TestFiles.zipEntries(
                dir.resolve("districts.kmz"),
                new java.util.LinkedHashMap<>(Map.of(
                        "Квартал_001.kml", first.getBytes(StandardCharsets.UTF_8),
                        "Квартал_002.kml", second.getBytes(StandardCharsets.UTF_8))));
        LayerImporter.Draft draft = drafted("kml-districts", kmz);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(12);
        assertThat(ofSnapshot(draft, "count(DISTINCT cadastral_number)")).isEqualTo("12");
    }

    @Test
    void aKmlOfAKmzThatItsDocumentLinksToNowhereIsLeftUnreadAndSaid() throws Exception {
        // doc.kml with the quarter's first plots, and an old copy of the second part zipped along
        StringBuilder doc = new StringBuilder(HEADER.formatted("UTF-8"));
        StringBuilder old = new StringBuilder(HEADER.formatted("UTF-8"));
        for (int i = 0; i < 4; i++) {
            TestFiles.Feature f = PLOTS.get(i);
            (i < 2 ? doc : old)
                    .append("<Placemark>")
                    .append(data(f, LATIN))
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        Path kmz = TestFiles.zipEntries(
                dir.resolve("unlinked.kmz"),
                new java.util.LinkedHashMap<>(Map.of(
                        "doc.kml",
                        (doc + "</Document></kml>\n").getBytes(StandardCharsets.UTF_8),
                        "Квартал_031_часть2.kml",
                        (old + "</Document></kml>\n").getBytes(StandardCharsets.UTF_8))));
        LayerImporter.Draft draft = drafted("kml-unlinked", kmz);
        assertThat(draft.features()).isEqualTo(2);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .isEqualTo(numbers(1, 2));
        assertThat(fileNotes(draft))
                .contains("the KMZ file also holds Квартал_031_часть2.kml, which its doc.kml links to nowhere: Google"
                        + " Earth does not show it, and it was left unread (an old copy zipped along, as a rule). To"
                        + " import it, take it out of the KMZ and import it as a file of its own");
    }

    @Test
    void dataOfAKmzWithImagesAndOfAKmlInTheWindowsCodePage() throws Exception {
        String text = googleEarth("UTF-8", CYRILLIC);
        Path kmz = TestFiles.zipEntries(
                dir.resolve("images.kmz"),
                Map.of(
                        "doc.kml",
                        text.getBytes(StandardCharsets.UTF_8),
                        "files/icon.png",
                        new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                        "files/photo_участка.jpg",
                        new byte[] {(byte) 0xff, (byte) 0xd8}));
        Path cp1251 = Files.write(
                dir.resolve("cp1251.kml"),
                googleEarth("windows-1251", CYRILLIC).getBytes(Charset.forName("windows-1251")));
        for (Path file : List.of(kmz, cp1251)) {
            String layer = "kml-" + file.getFileName().toString().replace('.', '-');
            LayerImporter.Draft draft = drafted(layer, file);
            assertThat(draft.accepted())
                    .as(file + ", with issues " + draft.issues())
                    .isEqualTo(12);
            assertThat(ofSnapshot(
                            draft,
                            "string_agg(DISTINCT land_category || ' ' || address, ',')"
                                    + " FILTER (WHERE cadastral_number = '05-085-031-012')"))
                    .as(file.toString())
                    .isEqualTo("settlement " + PLOTS.get(11).properties().get("adres"));
            assertThat(ofSnapshot(draft, "count(DISTINCT extra->>'folder')")).isEqualTo("2");
        }
    }

    @Test
    void aKmlInTheWindowsCodePageUnderAUtf8DeclarationOrNoneIsReadByItsBytes() throws Exception {
        // Windows Notepad's "ANSI", older Russian converters: CP1251 bytes, UTF-8 or nothing declared
        Charset cp1251 = Charset.forName("windows-1251");
        Path declared = Files.write(
                dir.resolve("cp1251-declared-utf8.kml"),
                googleEarth("UTF-8", CYRILLIC).getBytes(cp1251));
        Path undeclared = Files.write(
                dir.resolve("cp1251-undeclared.kml"),
                googleEarth("UTF-8", CYRILLIC)
                        .replaceFirst("<\\?xml[^>]*>\n", "")
                        .getBytes(cp1251));
        LayerImporter.Draft draft = drafted("kml-cp1251-declared-utf8", declared);
        LayerImporter.Draft bare = drafted("kml-cp1251-undeclared", undeclared);
        LayerImporter.Draft given = importer.importFile(
                db,
                new LayerImporter.Request(
                        "kml-cp1251-given",
                        declared,
                        profile,
                        null,
                        "CP1251",
                        null,
                        "editor",
                        null,
                        dir.resolve("work")));
        for (LayerImporter.Draft d : List.of(draft, bare, given)) {
            assertThat(d.accepted()).as("accepted, with issues " + d.issues()).isEqualTo(12);
            assertThat(ofPlot(d, "05-085-031-012", "land_category || ' ' || address"))
                    .isEqualTo("settlement " + PLOTS.get(11).properties().get("adres"));
        }
        assertThat(fileNotes(draft))
                .contains("the KML file declares UTF-8, but its text is not in UTF-8: it reads as CP1251 (as Windows"
                        + " Notepad's \"ANSI\" and older converters save it) and was read so; pass the encoding"
                        + " explicitly if that is wrong");
        assertThat(fileNotes(bare))
                .contains("the KML file declares no code page, and so should be in UTF-8, but its text is not: it"
                        + " reads as CP1251 (as Windows Notepad's \"ANSI\" and older converters save it) and was"
                        + " read so; pass the encoding explicitly if that is wrong");
        assertThat(fileNotes(given))
                .contains("the KML file was read in CP1251, the encoding given, not in UTF-8, which it declares");
    }

    @Test
    void aKmlInUtf8UnderAWindowsCodePageDeclarationIsReadAsUtf8AndTheEncodingGivenOverridesIt() throws Exception {
        // an editor saved the file in UTF-8 and kept its declaration
        Path kml = write("utf8-declared-1251.kml", googleEarth("windows-1251", CYRILLIC));
        LayerImporter.Draft draft = drafted("kml-utf8-declared-1251", kml);
        LayerImporter.Draft given = importer.importFile(
                db,
                new LayerImporter.Request(
                        "kml-utf8-given", kml, profile, null, "UTF-8", null, "editor", null, dir.resolve("work")));
        for (LayerImporter.Draft d : List.of(draft, given)) {
            assertThat(d.accepted()).as("accepted, with issues " + d.issues()).isEqualTo(12);
            assertThat(ofPlot(d, "05-085-031-012", "land_category || ' ' || address"))
                    .isEqualTo("settlement " + PLOTS.get(11).properties().get("adres"));
        }
        assertThat(fileNotes(draft))
                .anyMatch(n -> n.startsWith(
                                "the KML file declares the code page windows-1251, but its text is in" + " UTF-8: its ")
                        && n.endsWith("It was read as UTF-8; pass the encoding explicitly if that is wrong"));
        assertThat(fileNotes(given))
                .contains("the KML file was read in UTF-8, the encoding given, not in windows-1251, which it"
                        + " declares");
        // a code page its letters cannot be in: said, not read as signs
        Throwable error = catchThrowable(() -> importer.importFile(
                db,
                new LayerImporter.Request(
                        "kml-pt154-given", kml, profile, null, "PT154", null, "editor", null, dir.resolve("work"))));
        assertThat(error).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.UNKNOWN_ENCODING);
        assertThat(error.getMessage()).startsWith("the encoding given is PT154, but the KML file is in UTF-8");
    }

    @Test
    void fieldsThatOnlySayHowGoogleEarthDrawsAPlotAreLeftOut() throws Exception {
        // the same plots as a GeoJSON file and as a KML with names, descriptions and altitudes
        List<TestFiles.Feature> two = PLOTS.subList(0, 2);
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (TestFiles.Feature f : two) {
            text.append("<Placemark><name>Участок</name><description>угловой</description><visibility>1</visibility>")
                    .append(data(f, LATIN))
                    .append(polygon(f).replace("<extrude>", "<tessellate>1</tessellate><extrude>"))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft kml = drafted("kml-display", write("display.kml", text.toString()));
        LayerImporter.Draft geojson = drafted("kml-display-geojson", geojson(dir.resolve("display.geojson"), two));
        assertThat(ofPlot(kml, "05-085-031-001", "extra::text"))
                .isEqualTo("{\"name\": \"Участок\", \"description\": \"угловой\"}");
        assertThat(ofPlot(geojson, "05-085-031-001", "extra::text")).isEqualTo("{}");
        // a placemark's time is land data of its own, when the file has it
        LayerImporter.Draft timed = drafted(
                "kml-timed",
                write(
                        "timed.kml",
                        text.toString()
                                .replace(
                                        "<visibility>1</visibility>",
                                        "<TimeStamp><when>2026-03-01</when></TimeStamp>")));
        assertThat(ofPlot(timed, "05-085-031-001", "extra ? 'timestamp'")).isEqualTo("t");
        assertThat(ofPlot(timed, "05-085-031-001", "extra ? 'tessellate'")).isEqualTo("f");
    }

    @Test
    void placemarkNamesThatAreCadastralNumbersAreReadAsThem() throws Exception {
        Map<String, String> withoutNumber = names("", "status", "kategor", "ploshad", "adres");
        withoutNumber.remove("kad_nomer");
        LayerImporter.Draft draft = drafted("kml-names", write("names.kml", googleEarth("UTF-8", withoutNumber)));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(12);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .isEqualTo(numbers(1, 12));
        assertThat(ofPlot(draft, "05-085-031-003", "extra::text")).isEqualTo("{\"folder\": \"Өскемен / Квартал 001\"}");
        assertThat(fileNotes(draft))
                .contains("the file has no field of the cadastral number, and the placemarks' names are cadastral"
                        + " numbers (12 of 12): they were read as the plots' numbers");
        // names that are no numbers stay names
        LayerImporter.Draft named = drafted(
                "kml-names-2",
                write(
                        "plain-names.kml",
                        googleEarth("UTF-8", withoutNumber).replaceAll("<name>05-085-031-0", "<name>Участок ")));
        assertThat(ofSnapshot(named, "count(cadastral_number) || ' ' || count(*)"))
                .isEqualTo("0 12");
        assertThat(ofPlot(named, null, "extra->>'name'")).isEqualTo("Участок 01");
        assertThat(fileNotes(named)).noneMatch(n -> n.contains("names are cadastral numbers"));
    }

    @Test
    void namesAreCountedAsNumbersOverThePlacemarksThatCanBePlots() throws Exception {
        // a surveyor's Google Earth folder: two plots named by their numbers, a pin and a track
        Map<String, String> withoutNumber = names("", "status", "kategor", "ploshad", "adres");
        withoutNumber.remove("kad_nomer");
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (TestFiles.Feature f : PLOTS.subList(0, 2)) {
            text.append("<Placemark><name>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</name>")
                    .append(data(f, withoutNumber))
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        text.append("<Placemark><name>Точка съёмки</name><Point><coordinates>82.6,49.95,0</coordinates></Point>")
                .append("</Placemark>\n<Placemark><name>Маршрут</name><LineString><coordinates>82.6,49.95,0")
                .append(" 82.601,49.951,0</coordinates></LineString></Placemark>\n</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-names-pins", write("names-pins.kml", text.toString()));
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .as("issues " + draft.issues())
                .isEqualTo(numbers(1, 2));
        assertThat(fileNotes(draft))
                .contains("the file has no field of the cadastral number, and the names of the placemarks drawn as"
                        + " polygons are cadastral numbers (2 of 2; the 2 placemarks drawn otherwise, as pins or"
                        + " lines, are no plots): they were read as the plots' numbers");
    }

    @Test
    void placemarksOfAKml21CustomTypeAreRead() throws Exception {
        // KML 2.1's typed data: a type of placemark of the file's own, its fields elements of their own
        StringBuilder text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml"
                + " xmlns=\"http://earth.google.com/kml/2.1\"><Document><name>uchastki</name>\n<Schema"
                + " name=\"Uchastok\" parent=\"Placemark\"><SimpleField name=\"kad_nomer\" type=\"string\"/>"
                + "<SimpleField name=\"status\" type=\"string\"/><SimpleField name=\"kategor\""
                + " type=\"string\"/></Schema>\n");
        List<TestFiles.Feature> three = PLOTS.subList(0, 3);
        for (int i = 0; i < three.size(); i++) {
            TestFiles.Feature f = three.get(i);
            if (i < 2) {
                text.append("<Uchastok><name>Участок</name>");
                for (String field : List.of("kad_nomer", "status", "kategor")) {
                    text.append('<')
                            .append(field)
                            .append('>')
                            .append(f.properties().get(field))
                            .append("</")
                            .append(field)
                            .append('>');
                }
                text.append(polygon(f)).append("</Uchastok>\n");
            } else {
                text.append("<Placemark>")
                        .append(data(f, LATIN))
                        .append(polygon(f))
                        .append("</Placemark>\n");
            }
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-custom-type", write("custom-type.kml", text.toString()));
        assertThat(draft.features()).isEqualTo(3);
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(3);
        assertThat(ofSnapshot(
                        draft,
                        "string_agg(cadastral_number || ' ' || status || ' ' || land_category, ','"
                                + " ORDER BY cadastral_number)"))
                .isEqualTo("05-085-031-001 free settlement,05-085-031-002 allocated settlement,"
                        + "05-085-031-003 allocated settlement");
        assertThat(fileNotes(draft))
                .contains("2 placemarks are written as <Uchastok>, a type of placemark the file declares (KML 2.1's"
                        + " Schema with parent=\"Placemark\"): they were read as placemarks, with the fields of its"
                        + " schema");
    }

    @Test
    void anArcGisTableInTheDescriptionIsReadAsTheFields() throws Exception {
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (TestFiles.Feature f : PLOTS.subList(0, 3)) {
            StringBuilder rows = new StringBuilder();
            f.properties()
                    .forEach((k, v) -> rows.append("<tr><td>")
                            .append(k.toUpperCase(Locale.ROOT))
                            .append("</td><td>")
                            .append(v)
                            .append("</td></tr>"));
            text.append("<Placemark><name>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</name><description><![CDATA[<html><body><table border=\"1\">")
                    .append("<tr bgcolor=\"#9CBCE2\"><th>Field Name</th><th>Field Value</th></tr>")
                    .append(rows)
                    .append("<tr><td>OBJECTID</td><td>7</td></tr><tr><td>CENA</td><td>&lt;Null&gt;</td></tr>")
                    .append("</table></body></html>]]></description>")
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-arcgis", write("arcgis.kml", text.toString()));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(3);
        assertThat(ofPlot(draft, "05-085-031-002", "status || '|' || land_category || '|' || address || '|' || extra"))
                .isEqualTo("allocated|settlement|" + PLOTS.get(1).properties().get("adres")
                        + "|{\"name\": \"05-085-031-002\", \"OBJECTID\": \"7\"}");
        assertThat(ofPlot(draft, "05-085-031-002", "starting_price_kzt IS NULL"))
                .isEqualTo("t");
        assertThat(fileNotes(draft))
                .contains("the placemarks hold their data only as a table in their description, as ArcGIS, Google"
                        + " Earth or QGIS writes it: the table's rows were read as the fields KAD_NOMER, STATUS, KATEGOR, PLOSHAD, ADRES,"
                        + " OBJECTID, CENA, and the description left out");
    }

    @Test
    void aLineBreakInsideADescriptionTablesCellIsReadAsALineBreakNotGluingTheWords() throws Exception {
        // as Google Earth Pro and cadastral portals write an address of two lines in one cell
        String[] addresses = {
            "Первая строка<br>вторая строка",
            "ул. Абая, 1<BR />кв. 2",
            "<p>Дом 3</p><p>корпус 4</p>",
            "Сәтбаев<br/>\n   көшесі, 12"
        };
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (int i = 0; i < addresses.length; i++) {
            TestFiles.Feature f = PLOTS.get(i);
            text.append("<Placemark><name>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</name><description><![CDATA[<html><body><table border=\"1\">")
                    .append("<tr><th>Field</th><th>Value</th></tr>")
                    .append("<tr><td>KAD_NOMER</td><td>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</td></tr><tr><td>STATUS</td><td>")
                    .append(f.properties().get("status"))
                    .append("</td></tr><tr><td>KATEGOR</td><td>")
                    .append(f.properties().get("kategor"))
                    .append("</td></tr><tr><td>ADRES</td><td>")
                    .append(addresses[i])
                    .append("</td></tr></table></body></html>]]></description>")
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-line-breaks", write("line-breaks.kml", text.toString()));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(4);
        assertThat(query("SELECT string_agg(address, ' | ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("Первая строка\nвторая строка | ул. Абая, 1\nкв. 2 | Дом 3\nкорпус 4 | Сәтбаев\nкөшесі, 12");
    }

    @Test
    void markupInAPlacemarksNameAndDataIsReadAsTheTextItShows() throws Exception {
        // names in bold and an address with markup, as a web map's export writes them
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (TestFiles.Feature f : PLOTS.subList(0, 5)) {
            text.append("<Placemark><name><![CDATA[<b>")
                    .append(f.properties().get("kad_nomer"))
                    .append("</b>]]></name><ExtendedData>")
                    .append("<Data name=\"STATUS\"><value>")
                    .append(f.properties().get("status"))
                    .append("</value></Data><Data name=\"KATEGOR\"><value>")
                    .append(f.properties().get("kategor"))
                    .append("</value></Data><Data name=\"ADRES\"><value><![CDATA[ул. <b>Абая</b>, 1<br/>кв. 2]]>")
                    .append("</value></Data><Data name=\"PRIMECH\"><value>&lt;Null&gt; S &lt; 500</value></Data>")
                    .append("</ExtendedData>")
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-markup", write("markup.kml", text.toString()));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(5);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number, ',' ORDER BY cadastral_number)"))
                .isEqualTo(numbers(1, 5));
        assertThat(ofPlot(draft, "05-085-031-002", "address || ' | ' || (extra ->> 'PRIMECH')"))
                .isEqualTo("ул. Абая, 1\nкв. 2 | <Null> S < 500");
    }

    @Test
    void aHorizontalTableAndATableBesideDataAreReadAsTheFields() throws Exception {
        // QGIS's HTML description and NextGIS Web: the names in a row of header cells, the values in
        // the row under them
        StringBuilder horizontal = new StringBuilder(HEADER.formatted("UTF-8"));
        // Google Earth Pro: a note as Data, the plot's facts in the description's table
        StringBuilder besideData = new StringBuilder(HEADER.formatted("UTF-8"));
        for (TestFiles.Feature f : PLOTS.subList(0, 3)) {
            StringBuilder names = new StringBuilder();
            StringBuilder values = new StringBuilder();
            StringBuilder rows = new StringBuilder();
            f.properties().forEach((k, v) -> {
                names.append("<th>").append(k.toUpperCase(Locale.ROOT)).append("</th>");
                values.append("<td>").append(v).append("</td>");
                rows.append("<tr><th>").append(k.toUpperCase(Locale.ROOT)).append("</th><td>");
                rows.append(v).append("</td></tr>");
            });
            horizontal
                    .append("<Placemark><name>Участок</name><description><![CDATA[<table><tr>")
                    .append(names)
                    .append("</tr><tr>")
                    .append(values)
                    .append("</tr></table>]]></description>")
                    .append(polygon(f))
                    .append("</Placemark>\n");
            besideData
                    .append("<Placemark><name>Участок</name><description><![CDATA[<table>")
                    .append(rows)
                    .append("<tr><th>Примечание</th><td>из таблицы</td></tr></table>]]></description>")
                    .append("<ExtendedData><Data name=\"Примечание\"><value>проверено</value></Data></ExtendedData>")
                    .append(polygon(f))
                    .append("</Placemark>\n");
        }
        LayerImporter.Draft draft =
                drafted("kml-horizontal", write("horizontal.kml", horizontal + "</Document></kml>\n"));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(3);
        assertThat(ofPlot(draft, "05-085-031-002", "status || '|' || land_category || '|' || address"))
                .isEqualTo("allocated|settlement|" + PLOTS.get(1).properties().get("adres"));
        assertThat(fileNotes(draft))
                .contains("the placemarks hold their data only as a table in their description, as ArcGIS, Google"
                        + " Earth or QGIS writes it: the table's rows were read as the fields KAD_NOMER, STATUS, KATEGOR, PLOSHAD, ADRES,"
                        + " and the description left out");
        draft = drafted("kml-beside-data", write("beside-data.kml", besideData + "</Document></kml>\n"));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(3);
        // the data's name as the placemarks write it: GDAL lowers Latin letters only
        assertThat(ofPlot(draft, "05-085-031-002", "status || '|' || land_category || '|' || extra"))
                .isEqualTo("allocated|settlement|{\"name\": \"Участок\", \"Примечание\": \"проверено\"}");
        assertThat(fileNotes(draft))
                .contains("placemarks hold data (Data) and also a table in their description: the table's rows were"
                        + " read as the fields KAD_NOMER, STATUS, KATEGOR, PLOSHAD, ADRES as well (a field named in"
                        + " both keeps the data's value), and the description left out");
    }

    @Test
    void descriptionLinesOfANameAndItsValueAsYandexsMapConstructorWritesThemAreReadAsTheFields() throws Exception {
        // Yandex's map constructor keeps a plot's facts as «name: value» lines parted by <br/>: the plots had
        // no cadastral number and were all rejected
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        List<TestFiles.Feature> four = PLOTS.subList(0, 4);
        for (int i = 0; i < four.size(); i++) {
            Map<String, Object> p = four.get(i).properties();
            text.append("<Placemark><name>Участок ")
                    .append(i + 1)
                    .append("</name><description><![CDATA[Кадастровый номер: ")
                    .append(p.get("kad_nomer"))
                    .append("<br/>Площадь: ")
                    .append(String.valueOf(p.get("ploshad")).replace('.', ','))
                    .append(" га<br/>Категория: ")
                    .append(p.get("kategor"))
                    .append("<br/>Статус: ")
                    .append(p.get("status"))
                    .append("<br/>Адрес: ")
                    .append(p.get("adres"))
                    .append(i == 1 ? "<br/>Примечание: у реки" : "")
                    .append("]]></description>")
                    .append(polygon(four.get(i)))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-yandex", write("yandex.kml", text.toString()));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(4);
        assertThat(ofSnapshot(draft, "string_agg(cadastral_number || ' ' || status, ',' ORDER BY cadastral_number)"))
                .isEqualTo("05-085-031-001 free,05-085-031-002 allocated,05-085-031-003 allocated,"
                        + "05-085-031-004 allocated");
        assertThat(ofPlot(
                        draft,
                        "05-085-031-002",
                        "land_category || '|' || area_declared_ha || '|' || address || '|' || extra"))
                .isEqualTo("settlement|" + PLOTS.get(1).properties().get("ploshad") + "|"
                        + PLOTS.get(1).properties().get("adres")
                        + "|{\"name\": \"Участок 2\", \"Примечание\": \"у реки\"}");
        assertThat(fileNotes(draft))
                .contains("the placemarks' descriptions are lines of a name and its value (Status: free), as Yandex's"
                        + " map constructor or Google My Maps writes them: the lines were read as the fields"
                        + " Кадастровый номер, Площадь, Категория, Статус, Адрес, Примечание, and the description"
                        + " left out");
    }

    @Test
    void aNoteWithAColonInAPlacemarksDescriptionStaysItsDescription() throws Exception {
        // «Примечание: участок у реки» is what a clerk wrote of one plot, not a field of the layer
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        List<TestFiles.Feature> four = PLOTS.subList(0, 4);
        String[] notes = {"Примечание: участок у реки", "угловой участок", "", "Примечание: у дороги"};
        for (int i = 0; i < four.size(); i++) {
            text.append("<Placemark><name>")
                    .append(four.get(i).properties().get("kad_nomer"))
                    .append("</name>")
                    .append(notes[i].isEmpty() ? "" : "<description>" + notes[i] + "</description>")
                    .append(data(four.get(i), LATIN))
                    .append(polygon(four.get(i)))
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-note", write("note.kml", text.toString()));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(4);
        assertThat(ofPlot(draft, "05-085-031-001", "extra"))
                .isEqualTo("{\"name\": \"05-085-031-001\", \"description\": \"Примечание: участок у реки\"}");
        assertThat(fileNotes(draft)).noneMatch(n -> n.contains("descriptions are lines"));
    }

    // ---------------------------------------------------------------------------------------------
    // geometry

    @Test
    void aPlacemarkDrawnAsARingAloneIsThePlotItOutlines() throws Exception {
        // valid KML, which GDAL reads as a LINEARRING its PostgreSQL writer cannot write: the whole
        // file was refused with a COPY error naming the staging table
        List<TestFiles.Feature> three = PLOTS.subList(0, 3);
        StringBuilder rings = new StringBuilder(HEADER.formatted("UTF-8"));
        StringBuilder polygons = new StringBuilder(HEADER.formatted("UTF-8"));
        for (int i = 0; i < three.size(); i++) {
            TestFiles.Feature f = three.get(i);
            String start = "<Placemark>" + data(f, LATIN);
            String drawn = switch (i) {
                case 0 -> polygon(f);
                case 1 -> ring(f);
                // with the point its label hangs on
                default ->
                    "<MultiGeometry>" + ring(f)
                            + "<Point><coordinates>82.6,49.9,0</coordinates></Point></MultiGeometry>";
            };
            rings.append(start).append(drawn).append("</Placemark>\n");
            polygons.append(start).append(polygon(f)).append("</Placemark>\n");
        }
        rings.append("</Document></kml>\n");
        polygons.append("</Document></kml>\n");
        Path kml = write("rings.kml", rings.toString());
        Path kmz = TestFiles.zipEntries(
                dir.resolve("rings.kmz"), Map.of("doc.kml", rings.toString().getBytes(StandardCharsets.UTF_8)));
        LayerImporter.Draft asPolygons =
                drafted("kml-rings-as-polygons", write("rings-as-polygons.kml", polygons.toString()));
        String plots = "string_agg(cadastral_number || ' ' || GeometryType(geom) || ' '"
                + " || round(ST_Area(geom::geography)), ', ' ORDER BY cadastral_number)";
        for (Path file : List.of(kml, kmz)) {
            LayerImporter.Draft draft =
                    drafted("kml-" + file.getFileName().toString().replace('.', '-'), file);
            assertThat(draft.accepted())
                    .as(file + ", with issues " + draft.issues())
                    .isEqualTo(3);
            assertThat(ofSnapshot(draft, plots)).as(file.toString()).isEqualTo(ofSnapshot(asPolygons, plots));
            assertThat(fileNotes(draft))
                    .as(file.toString())
                    .contains("2 placemarks are drawn as a ring alone (LinearRing), not as a polygon: each was read as"
                            + " the polygon the ring outlines");
            assertThat(draft.issues())
                    .as(file.toString())
                    .anyMatch(i -> Long.valueOf(3).equals(i.row()) && i.code().equals("parts_left_out"));
        }
    }

    @Test
    void everyRingOfOneInnerBoundaryIsAHole() throws Exception {
        // ArcGIS's Layer To KML: a plot's two holes (a neighbour's land, a building's) in one boundary
        TestFiles.Feature f = PLOTS.get(0);
        Matcher m = Pattern.compile("\\[([-0-9.]+),([-0-9.]+)]").matcher(f.geometry());
        double west = Double.MAX_VALUE, south = Double.MAX_VALUE, east = -Double.MAX_VALUE, north = -Double.MAX_VALUE;
        while (m.find()) {
            west = Math.min(west, Double.parseDouble(m.group(1)));
            east = Math.max(east, Double.parseDouble(m.group(1)));
            south = Math.min(south, Double.parseDouble(m.group(2)));
            north = Math.max(north, Double.parseDouble(m.group(2)));
        }
        StringBuilder holes = new StringBuilder("<innerBoundaryIs>");
        for (double from : new double[] {0.1, 0.6}) {
            double w = west + (east - west) * from;
            double e = west + (east - west) * (from + 0.3);
            double s = south + (north - south) * 0.2;
            double n = south + (north - south) * 0.5;
            holes.append(String.format(
                    Locale.ROOT,
                    "<LinearRing><coordinates>%.7f,%.7f,0 %.7f,%.7f,0 %.7f,%.7f,0 %.7f,%.7f,0 %.7f,%.7f,0"
                            + "</coordinates></LinearRing>",
                    w,
                    s,
                    w,
                    n,
                    e,
                    n,
                    e,
                    s,
                    w,
                    s));
        }
        holes.append("</innerBoundaryIs>");
        String text = HEADER.formatted("UTF-8") + "<Placemark>" + data(f, LATIN)
                + polygon(f).replace("</outerBoundaryIs>", "</outerBoundaryIs>" + holes)
                + "</Placemark>\n</Document></kml>\n";
        LayerImporter.Draft draft = drafted("kml-holes", write("holes.kml", text));
        assertThat(draft.accepted())
                .as("accepted, with issues " + draft.issues())
                .isEqualTo(1);
        // 30 m × 30 m less two holes of 9 m × 9 m (739 m² on the ellipsoid)
        assertThat(ofPlot(
                        draft,
                        "05-085-031-001",
                        "ST_NumInteriorRings(ST_GeometryN(geom, 1)) || ' ' || round(ST_Area(geom::geography))"))
                .isEqualTo("2 739");
        assertThat(fileNotes(draft))
                .contains("1 placemarks hold several rings in one inner boundary (innerBoundaryIs), as ArcGIS's"
                        + " Layer To KML writes a polygon's holes: each ring was read as a hole, as Google Earth"
                        + " draws them");
    }

    @Test
    void heightsOfPlacemarksAreSaidLeftOut() throws Exception {
        // Google Earth's polygons at 300 m above the sea, and one on the ground: GDAL types the layer
        // as of any geometry, not as 3-D
        List<TestFiles.Feature> three = PLOTS.subList(0, 3);
        StringBuilder text = new StringBuilder(HEADER.formatted("UTF-8"));
        for (int i = 0; i < three.size(); i++) {
            String drawn = polygon(three.get(i));
            if (i > 0) {
                drawn = drawn.replace("relativeToGround", "absolute").replaceAll(",0(?=[ <])", ",300");
            }
            text.append("<Placemark>")
                    .append(data(three.get(i), LATIN))
                    .append(drawn)
                    .append("</Placemark>\n");
        }
        text.append("</Document></kml>\n");
        LayerImporter.Draft draft = drafted("kml-heights", write("heights.kml", text.toString()));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
        assertThat(fileNotes(draft))
                .contains("2 features of the file carry heights (Z), which were left out: plots and networks are kept"
                        + " on the map in 2-D");
    }

    @Test
    void aKmlThatOnlyLinksToDataOnTheInternetIsToldSoWithHowToSaveIt() throws Exception {
        // Google My Maps' export "kept up to date", Google Earth's refreshing layer: a link, no placemark
        String link = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2">
                <NetworkLink>
                  <name>Участки (обновляемые)</name>
                  <Link><href> https://example.kz/kml/uchastki.kml?a=1&amp;b=2 </href><refreshMode>onInterval</refreshMode></Link>
                </NetworkLink>
                </kml>
                """;
        Path kml = write("networklink.kml", link);
        Path kmz = TestFiles.zipEntries(
                dir.resolve("networklink.kmz"), java.util.Map.of("doc.kml", link.getBytes(StandardCharsets.UTF_8)));
        for (Path file : List.of(kml, kmz)) {
            Throwable error = catchThrowable(() -> drafted("kml-link", file));
            assertThat(error).as(String.valueOf(error)).isInstanceOf(BadSourceException.class);
            assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.NO_FEATURES);
            assertThat(error.getMessage())
                    .startsWith("the KML file " + file.getFileName()
                            + " holds no features: it only links to https://example.kz/kml/uchastki.kml?a=1&b=2"
                            + " («Участки (обновляемые)»), data on the internet that Google Earth loads and the"
                            + " import does not fetch")
                    .contains("Save Place As");
            assertThat(Files.list(dir.resolve("work")).toList())
                    .as("work folder")
                    .isEmpty();
        }
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM layer WHERE code = 'kml-link'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void aKmzOfAScannedPlanLaidOverTheMapIsToldToHoldNoOutlines() throws Exception {
        // Google Earth's Add › Image Overlay, saved as KMZ with its picture: GDAL found "no layer in doc.kml"
        String plan = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
                <Document><name>План участков.kmz</name>
                <Folder><name>Квартал 012</name>
                <GroundOverlay><name>План квартала 012</name><color>9effffff</color>
                  <Icon><href>files/plan.jpg</href><viewBoundScale>0.75</viewBoundScale></Icon>
                  <LatLonBox><north>49.96</north><south>49.95</south><east>82.62</east><west>82.60</west></LatLonBox>
                </GroundOverlay>
                <GroundOverlay><name>План квартала 013</name><Icon><href>files/plan-2.jpg</href></Icon>
                  <LatLonBox><north>49.97</north><south>49.96</south><east>82.62</east><west>82.60</west></LatLonBox>
                </GroundOverlay>
                </Folder></Document></kml>
                """;
        Path kmz = TestFiles.zipEntries(
                dir.resolve("plan.kmz"),
                Map.of(
                        "doc.kml", plan.getBytes(StandardCharsets.UTF_8),
                        "files/plan.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0},
                        "files/plan-2.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}));
        Throwable error = catchThrowable(() -> drafted("kml-plan", kmz));
        assertThat(error).as(String.valueOf(error)).isInstanceOf(BadSourceException.class);
        assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.NO_FEATURES);
        assertThat(error.getMessage())
                .startsWith("the KML file plan.kmz holds no placemarks, only 2 images laid over the map (the first"
                        + " «План квартала 012», files/plan.jpg): a scanned or photographed plan, with no outlines"
                        + " in it to import; the plots must first be drawn over it as polygons");
        // a folder saved before the plots were put in it
        Path empty = write(
                "empty-folder.kml",
                HEADER.formatted("UTF-8") + "<Folder><name>Свободные</name></Folder></Document></kml>");
        error = catchThrowable(() -> drafted("kml-plan", empty));
        assertThat(error).as(String.valueOf(error)).isInstanceOf(BadSourceException.class);
        assertThat(error.getMessage())
                .startsWith("the KML file empty-folder.kml holds no placemarks (no points, lines or polygons), only"
                        + " empty folders: nothing to import")
                .contains("Save Place As");
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM layer WHERE code = 'kml-plan'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void aKmlInGaussKrugerMetresIsRefusedWithItsOwnRangeAndTheZoneItsEastingsBegin() throws Exception {
        // a CAD or GIS export that ignores KML's longitude and latitude: Almaty's plots in Pulkovo 1942
        // zone 13 with the zone in front of the easting (EPSG:28413), easting first. GDAL's KML extent
        // starts from 180 and 180, and the refusal quoted "x from 180", no coordinate of the file, and
        // could not tell the zone
        StringBuilder kml = new StringBuilder(HEADER.formatted("UTF-8"));
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            double x = 13646154.65 + 801.5 * i;
            double y = 4795453.36 + 462.3 * i;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x + 60);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y + 40);
            kml.append("<Placemark><name>20-311-013-00")
                    .append(i + 1)
                    .append("</name><ExtendedData><Data name=\"kategor\"><value>Земли населенных пунктов</value>"
                            + "</Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>");
            for (double[] corner : new double[][] {{0, 0}, {60, 0}, {60, 40}, {0, 40}, {0, 0}}) {
                kml.append(String.format(Locale.ROOT, "%.2f,%.2f,0 ", x + corner[0], y + corner[1]));
            }
            kml.append("</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n");
        }
        String text = kml.append("</Document></kml>\n").toString();
        Path file = write("gk13.kml", text);
        Path kmz =
                TestFiles.zipEntries(dir.resolve("gk13.kmz"), Map.of("doc.kml", text.getBytes(StandardCharsets.UTF_8)));
        String range = String.format(
                Locale.ROOT,
                "x from %.0f to %.0f, y from %.0f to %.0f",
                Math.floor(minX + 0.5),
                Math.floor(maxX + 0.5),
                Math.floor(minY + 0.5),
                Math.floor(maxY + 0.5));
        for (Path source : List.of(file, kmz)) {
            Throwable error = catchThrowable(() -> drafted("kml-gk13", source));
            assertThat(error).as(String.valueOf(error)).isInstanceOf(BadSourceException.class);
            assertThat(((BadSourceException) error).problem()).isEqualTo(SourceProblem.WRONG_CRS);
            assertThat(error.getMessage())
                    .as(source.getFileName().toString())
                    .startsWith("the coordinates do not fit the file's coordinate system (WGS 84): ")
                    .contains(range, "zone 13 in front of the easting", "try --srs EPSG:28413")
                    .doesNotContain("from 180 ");
        }
        // given the code the refusal names, the same file is read, every plot in Almaty
        LayerImporter.Draft draft = importer.importFile(
                db,
                new LayerImporter.Request(
                        "kml-gk13", kmz, profile, "EPSG:28413", null, null, "editor", null, dir.resolve("work")));
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(5);
        assertThat(ofSnapshot(
                        draft,
                        "bool_and(ST_X(ST_Centroid(geom)) BETWEEN 76.8 AND 77.1"
                                + " AND ST_Y(ST_Centroid(geom)) BETWEEN 43.1 AND 43.4)"))
                .isEqualTo("t");
    }

    @Test
    void aKmlThatIsNoXmlIsLeftForGdalToReport() throws Exception {
        Path broken = write("broken.kml", HEADER.formatted("UTF-8") + "<Placemark><name>05-085");
        Throwable error = catchThrowable(() -> drafted("kml-broken", broken));
        assertThat(error).isInstanceOf(GdalException.class);
        // said damaged in plain words, GDAL's line after them
        assertThat(((GdalException) error).problem()).isEqualTo(kz.adalmap.importers.source.SourceProblem.DAMAGED);
        assertThat(error.getMessage())
                .startsWith("broken.kml: the KML file is damaged: it is not whole XML")
                .contains("GDAL's words: ERROR 4: ERROR parsing kml broken.kml :no element found on line 5")
                .doesNotContain("FAILURE");
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    /** The numbers of plots {@code from} to {@code to} of quarter 031, joined by commas. */
    private static String numbers(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= to; i++) {
            out.append(out.isEmpty() ? "" : ",").append(String.format("05-085-031-%03d", i));
        }
        return out.toString();
    }

    private static List<String> fileNotes(LayerImporter.Draft draft) {
        return draft.issues().stream()
                .filter(i -> i.code().equals("file"))
                .map(LayerImporter.Issue::message)
                .toList();
    }

    /** {@code select} over the snapshot rows of {@code draft}'s revision, as text. */
    private static String ofSnapshot(LayerImporter.Draft draft, String select) throws SQLException {
        return query("SELECT " + select + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId());
    }

    /** {@code select} over the snapshot row of the plot numbered {@code number} (null: the first row). */
    private static String ofPlot(LayerImporter.Draft draft, String number, String select) throws SQLException {
        return query("SELECT " + select + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()
                + (number == null ? " AND source_row = 1" : " AND cadastral_number = '" + number + "'"));
    }

    private static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
