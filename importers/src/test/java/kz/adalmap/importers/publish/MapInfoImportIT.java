package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.db.TestDatabases;
import kz.adalmap.importers.profile.MappingProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MapInfo tables as land departments' MapInfo writes them: MIF/MID pairs and TAB tables that say
 * their code page ({@code Charset "WindowsCyrillic"}), say none ({@code "Neutral"}) or say one GDAL
 * does not know ({@code "UTF-8"}), in CP1251, CP866 or the Kazakh PT154, and numbers left empty,
 * which MapInfo stores as 0. Each file is written here, byte by byte or by GDAL, and imported into a
 * layer of its own; the plots stored and the report's notes are compared exactly.
 */
class MapInfoImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;

    /** The Kazakh letters of PT154, which has CP1251's Russian letters. */
    private static final Map<Character, Integer> PT154_KAZAKH = Map.ofEntries(
            Map.entry('Ә', 0xaa),
            Map.entry('ә', 0xba),
            Map.entry('Ғ', 0x81),
            Map.entry('ғ', 0x83),
            Map.entry('Қ', 0x8d),
            Map.entry('қ', 0x9d),
            Map.entry('Ң', 0x8c),
            Map.entry('ң', 0x9c),
            Map.entry('Ө', 0xa4),
            Map.entry('ө', 0xb5),
            Map.entry('Ұ', 0xa6),
            Map.entry('ұ', 0xb1),
            Map.entry('Ү', 0x87),
            Map.entry('ү', 0x89),
            Map.entry('Һ', 0x8e),
            Map.entry('һ', 0x9e),
            Map.entry('І', 0xb2),
            Map.entry('і', 0xb3));

    private static final String KK = "Жеке тұрғын үй құрылысы үшін";
    private static final String RU = "Для индивидуального жилищного строительства";
    private static final List<String> ASCII_NAMES =
            List.of("kad_nomer", "ploshad", "kategor", "naznach", "maksaty", "status", "cena");
    private static final List<String> CYRILLIC_NAMES =
            List.of("кад_номер", "площадь", "категория", "назначение", "мақсаты", "статус", "цена");

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh("mapinfo");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        Files.createDirectories(dir.resolve("work"));
    }

    /** Every problem these imports stored has its detail worded in Kazakh, Russian and English. */
    @org.junit.jupiter.api.AfterAll
    static void everyProblemIsWordedInEachLanguage() throws Exception {
        IssueDetails.assertWorded(db);
    }

    // ---------------------------------------------------------------------------------------------
    // files that say no code page

    @Test
    void readsANeutralMifWithKazakhFieldNamesInTheCodePageItsBytesFit() throws Exception {
        Path zip = mif("neutral-pt154", "Neutral", cyrillicNames("PT154"), "PT154", KK, "1500000.50");
        LayerImporter.Draft draft = draft("neutral-pt154", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MIF file does not say its code page (Charset \"Neutral\"); its text reads as"
                        + " PT154 and was read so; pass the encoding explicitly if that is wrong");
        assertThat(encoding(draft)).isEqualTo("PT154");
    }

    @Test
    void kazakhTextInAFileThatSaysWindowsCyrillicIsNotSaidToBeReadInTheOtherKazakhCodePage() throws Exception {
        Path zip = mif("kazakh-as-windows", "WindowsCyrillic", ASCII_NAMES, "KZ-1048", KK, "1500000.50");
        LayerImporter.Draft draft = draft("kazakh-as-windows", zip, null);
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("wrong_encoding"))
                .singleElement()
                .satisfies(i ->
                        assertThat(i.message()).contains("Kazakh code page").doesNotContain("read in the other"));
    }

    @Test
    void aMifWhoseCharsetGdalDoesNotKnowIsReadInTheCodePageItsBytesFit() throws Exception {
        // a Kazakh tool's, or a hand-edited header's, name for the code page
        Path zip = mif("windows-kazakh", "WindowsKazakh", cyrillicNames("PT154"), "PT154", KK, "1500000.50");
        LayerImporter.Draft draft = draft("windows-kazakh", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MIF file says its text is in WindowsKazakh, a code page name GDAL does not know;"
                        + " its text reads as PT154 and was read so; pass the encoding explicitly if that is wrong");
    }

    @ParameterizedTest
    @CsvSource({"CP1251, CP1251", "CP1251, cp1251", "CP866, CP866", "PT154, PT154", "PT154, pt154"})
    void readsANeutralMifInTheCodePageGiven(String codePage, String given) throws Exception {
        String kk = codePage.equals("PT154") ? KK : "Жеке тургын уй курылысы ушин";
        String layer = "neutral-mif-" + given.toLowerCase(Locale.ROOT);
        Path zip = mif(layer, "Neutral", ASCII_NAMES, codePage, kk, "1500000.50");
        LayerImporter.Draft draft = draft(layer, zip, given);
        assertThat(plots(draft)).containsExactly(expectedPlots(kk, "1500000.50"));
        assertThat(notes(draft)).isEmpty();
    }

    @Test
    void readsAMifInTheCodePageGivenOverTheOneItSays() throws Exception {
        // MapInfo set to WindowsCyrillic on a computer whose code page is the Kazakh one
        Path zip = mif("said-1251", "WindowsCyrillic", cyrillicNames("PT154"), "PT154", KK, "1500000.50");
        LayerImporter.Draft draft = draft("said-1251", zip, "PT154");
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MIF file says its text is in WindowsCyrillic; it was read in PT154, as asked");
    }

    @ParameterizedTest
    @CsvSource({"CP1251, CP1251", "CP1251,", "CP866, CP866", "CP866,", "PT154, PT154", "PT154,"})
    void readsANeutralTabInTheCodePageGivenOrGuessed(String codePage, String given) throws Exception {
        String kk = codePage.equals("PT154") ? KK : "Жеке тургын уй курылысы ушин";
        String layer = "neutral-tab-" + codePage.toLowerCase(Locale.ROOT) + (given == null ? "-guessed" : "");
        Path zip = tab(layer, codePage, kk);
        LayerImporter.Draft draft = draft(layer, zip, given);
        assertThat(plots(draft)).containsExactly(expectedPlots(kk, "1500000.50"));
        List<String> expected = new ArrayList<>();
        if (given == null) {
            expected.add("the MapInfo table does not say its code page (Charset \"Neutral\"); its text reads as "
                    + codePage + " and was read so; pass the encoding explicitly if that is wrong");
        }
        if (!codePage.equals("CP1251")) {
            expected.add("the MapInfo table is in " + codePage + ", a code page a .tab cannot name; it was read"
                    + " through a MIF/MID copy of it in that code page");
        }
        assertThat(notes(draft)).containsExactlyElementsOf(expected);
        assertThat(encoding(draft)).isEqualTo(given == null ? codePage : given);
    }

    @Test
    void aFileTheReportSaysWasReadInAWrongCodePageIsNotPublishedByImportAndPublish() throws Exception {
        // Kazakh text in KZ-1048 under WindowsCyrillic: read as CP1251, the report names the code page,
        // and the garbled purposes must not reach the public map unseen
        Path zip = mif("kazakh-held", "WindowsCyrillic", ASCII_NAMES, "KZ-1048", KK, "1500000.50");
        LayerImporter.Imported imported = importer.importAndPublish(db, request("kazakh-held", zip, null), "");
        assertThat(imported.draft().rejected()).isZero();
        assertThat(imported.draft().issues()).anyMatch(i -> i.code().equals("wrong_encoding"));
        assertThat(imported.heldBackBy()).isEqualTo(LayerImporter.WRONG_ENCODING);
        assertThat(imported.published()).isNull();
        assertThat(query("SELECT count(*) FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'kazakh-held'"))
                .isEqualTo("0");
    }

    // ---------------------------------------------------------------------------------------------
    // files whose header names a code page their bytes plainly are not in

    @Test
    void aMifThatSaysWindowsCyrillicOverUtf8TextIsReadAsUtf8() throws Exception {
        // a MID edited in Notepad++ and saved as UTF-8, its header left as MapInfo wrote it
        Path zip = mif("cyrillic-utf8", "WindowsCyrillic", cyrillicNames("UTF-8"), "UTF-8", KK, "1500000.50");
        LayerImporter.Draft draft = draft("cyrillic-utf8", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MIF file says its text is in WindowsCyrillic, but its text is UTF-8; it was read"
                        + " as UTF-8; pass the encoding explicitly if that is wrong");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("wrong_encoding"));
    }

    @Test
    void aTabThatSaysWindowsCyrillicOverUtf8TextIsReadAsUtf8() throws Exception {
        // written by GDAL from UTF-8 text, then given the header MapInfo writes
        List<String> names = new ArrayList<>();
        for (String cyrillic : cyrillicNames("UTF-8")) {
            names.add(new String(cyrillic.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        Path zip = tab("tab-cyrillic-utf8", "UTF-8", KK, names, "WindowsCyrillic");
        LayerImporter.Draft draft = draft("tab-cyrillic-utf8", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MapInfo table says its text is in WindowsCyrillic, but its text is UTF-8; it was"
                        + " read as UTF-8; pass the encoding explicitly if that is wrong");
    }

    @Test
    void aMifThatSaysWindowsLatin1OverCp1251TextIsReadAsCp1251() throws Exception {
        // a Russian MapInfo set to a Western charset
        Path zip = mif("latin1-1251", "WindowsLatin1", cyrillicNames("CP1251"), "CP1251", RU, "1500000.50");
        LayerImporter.Draft draft = draft("latin1-1251", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(RU, "1500000.50"));
        assertThat(notes(draft))
                .containsExactly("the MIF file says its text is in WindowsLatin1, but its text is Cyrillic and reads"
                        + " as CP1251; it was read so; pass the encoding explicitly if that is wrong");
    }

    @ParameterizedTest
    @CsvSource({"qgis-cut,", "qgis-cut-utf8, UTF-8"})
    void aNeutralTabOfUtf8ValuesWithFieldNamesCutByteByByteIsReadAsUtf8(String layer, String given) throws Exception {
        // GDAL's MapInfo writer (QGIS's «Save as» without an encoding): UTF-8 values, and each
        // Cyrillic letter of a field name cut to its first byte and '_'
        List<String> names = new ArrayList<>(ASCII_NAMES);
        byte[] cut = "мақсаты".getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i < cut.length; i += 2) {
            cut[i] = '_';
        }
        names.set(4, new String(cut, StandardCharsets.ISO_8859_1));
        Path zip = tab(layer, "UTF-8", KK, names, "Neutral");
        LayerImporter.Draft draft = draft(layer, zip, given);
        assertThat(query("SELECT string_agg(cadastral_number || ' | ' || status || ' | ' || intended_purpose_ru"
                        + " || ' | ' || (extra ->> 'field_5'), ', ' ORDER BY source_row) FROM plot_snapshot"
                        + " WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("05-085-012-001 | free | " + RU + " | " + KK + ", 05-085-012-002 | allocated | " + RU + " | "
                        + KK + ", 05-085-012-003 | allocated | " + RU + " | " + KK);
        assertThat(notes(draft))
                .containsExactly("the MapInfo table's text is UTF-8, but the names of 1 of its fields were cut byte"
                        + " by byte by the program that wrote it (each Cyrillic letter's second byte replaced by"
                        + " '_'), and cannot be read: they were read as field_5, which the profile does not know;"
                        + " rename the fields in MapInfo (Table › Maintenance › Table Structure), or save the table"
                        + " again from QGIS with its encoding set to UTF-8, and import it again");
    }

    // ---------------------------------------------------------------------------------------------
    // files that say UTF-8, which GDAL 3.6 does not know by that name

    @Test
    void readsAUtf8MifWithoutAWarningForEveryFeature() throws Exception {
        Path zip = mif("utf8", "UTF-8", cyrillicNames("UTF-8"), "UTF-8", KK, "1500000.50");
        LayerImporter.Draft draft = draft("utf8", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(notes(draft)).containsExactly("the MIF file says its text is UTF-8, and it was read so");
    }

    // ---------------------------------------------------------------------------------------------
    // numbers left empty

    @Test
    void readsZeroAmountsOfAMapInfoTableAsNotGiven() throws Exception {
        // MapInfo writes an empty Decimal as 0: the MID's empty value, or 0.00
        Path zip = mif("zeros", "WindowsCyrillic", cyrillicNames("CP1251"), "CP1251", RU, "");
        LayerImporter.Draft draft = draft("zeros", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(RU, null));
        assertThat(notes(draft))
                .containsExactly("the field 'цена' (starting price) is 0 in 3 of the features: a MapInfo table cannot"
                        + " leave a number empty, so 0 was read as not given");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("bad_number"));
        importer.publish(db, "zeros", draft.revisionNumber(), "editor", null);
        assertThat(query("SELECT string_agg(cadastral_number || ' ' || area_declared_ha || ' '"
                        + " || coalesce(starting_price_kzt::text, 'not given'), ', ' ORDER BY cadastral_number)"
                        + " FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id"
                        + " JOIN layer l ON l.id = r.layer_id WHERE l.code = 'zeros'"))
                .isEqualTo("05-085-012-001 0.0900 not given, 05-085-012-002 0.0900 not given,"
                        + " 05-085-012-003 0.0900 not given");
    }

    @Test
    void readsAZeroDeclaredAreaOfAMapInfoTableAsNotGivenAndKeepsOtherZeros() throws Exception {
        Path zip = mif("zero-area", "WindowsCyrillic", cyrillicNames("CP1251"), "CP1251", RU, "0", "0");
        LayerImporter.Draft draft = draft("zero-area", zip, null);
        assertThat(plots(draft))
                .containsExactly(
                        "05-085-012-001 | null | free | " + RU + " | null",
                        "05-085-012-002 | null | allocated | " + RU + " | null",
                        "05-085-012-003 | null | allocated | " + RU + " | null");
        assertThat(notes(draft))
                .containsExactly(
                        "the field 'площадь' (declared area) is 0 in 3 of the features: a MapInfo table cannot leave"
                                + " a number empty, so 0 was read as not given",
                        "the field 'цена' (starting price) is 0 in 3 of the features: a MapInfo table cannot leave a"
                                + " number empty, so 0 was read as not given");
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("bad_number"));
    }

    @Test
    void readsNumbersOfAMidWrittenWithADecimalComma() throws Exception {
        // a MID written by another program than MapInfo, or edited in a Russian-locale Excel or Notepad
        Path zip = semicolonMif(
                "decimal-comma",
                List.of("ploshad Decimal(12,2)", "cena Decimal(14,2)"),
                List.of("0,76;1500000,50", "0,8;1 500 000,50", "12,9;800000"));
        LayerImporter.Draft draft = draft("decimal-comma", zip, null);
        assertThat(query("SELECT string_agg(cadastral_number || ' ' || area_declared_ha || ' ' || starting_price_kzt,"
                        + " ', ' ORDER BY source_row) FROM plot_snapshot WHERE layer_revision_id = "
                        + draft.revisionId()))
                .isEqualTo("05-085-012-001 0.7600 1500000.50, 05-085-012-002 0.8000 1500000.50,"
                        + " 05-085-012-003 12.9000 800000.00");
        assertThat(notes(draft))
                .containsExactly(
                        "the numbers of the field 'ploshad' are written with a decimal comma or spaces between"
                                + " thousands in 3 of its rows (such as '0,76'), which GDAL cuts at the first of them; they"
                                + " were read as the numbers written",
                        "the numbers of the field 'cena' are written with a decimal comma or spaces between"
                                + " thousands in 2 of its rows (such as '1500000,50'), which GDAL cuts at the first of them;"
                                + " they were read as the numbers written");
    }

    @Test
    void readsDatesOfAMidWrittenOtherwiseThanMapInfoWritesThem() throws Exception {
        Path zip = semicolonMif(
                "mid-dates",
                List.of("data_auk Date"),
                List.of("15.03.2026", "2026-03-15", "3/15/2026", "15/03/2026", "20260315"));
        LayerImporter.Draft draft = draft("mid-dates", zip, null);
        assertThat(query("SELECT string_agg(coalesce(auction_date::text, 'none'), ', ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("2026-03-15, 2026-03-15, 2026-03-15, 2026-03-15, 2026-03-15");
        assertThat(notes(draft))
                .containsExactly("the dates of the field 'data_auk' are written otherwise than MapInfo writes them"
                        + " (YYYYMMDD) in 4 of its rows (such as '15.03.2026'), which GDAL leaves empty; they were read as"
                        + " the days written");
    }

    @Test
    void aMidDateThatNamesNoOneDayIsSaidOnItsRowAndKeptInExtraAsWritten() throws Exception {
        // the 3rd of April to a Russian clerk, the 4th of March to an American Excel
        Path zip = semicolonMif("mid-date-unsure", List.of("data_auk Date"), List.of("15.03.2026", "03/04/2026"));
        LayerImporter.Draft draft = draft("mid-date-unsure", zip, null);
        assertThat(query("SELECT string_agg(coalesce(auction_date::text, 'none') || ' '"
                        + " || coalesce(extra ->> 'auction_date_text', 'none'), ', ' ORDER BY source_row)"
                        + " FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("2026-03-15 none, none 03/04/2026");
        assertThat(draft.issues())
                .filteredOn(i -> i.code().equals("bad_date"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.row()).isEqualTo(2L);
                    assertThat(i.message()).contains("'03/04/2026'");
                });
        assertThat(notes(draft))
                .containsExactly("the dates of the field 'data_auk' are not all written as MapInfo writes them"
                        + " (YYYYMMDD), and 1 of them name no one day (such as '03/04/2026'): the field was read as"
                        + " text, its dates that do name one read as those days, and each row whose date cannot be"
                        + " read is named in the report");
    }

    // ---------------------------------------------------------------------------------------------
    // tables GDAL cannot read

    @Test
    void aTabZippedWithoutItsIdIsRefusedSayingSo() throws Exception {
        tab("no-id", "CP1251", RU);
        Path unzipped = dir.resolve("no-id");
        List<Path> parts;
        try (var files = Files.list(unzipped)) {
            parts = files.filter(f -> !f.getFileName().toString().endsWith(".id"))
                    .sorted()
                    .toList();
        }
        Path withoutId = TestFiles.zip(dir.resolve("no-id-without.zip"), parts);
        assertThatThrownBy(() -> importer.importFile(db, request("no-id", withoutId, null)))
                .isInstanceOfSatisfying(
                        kz.adalmap.importers.source.BadSourceException.class,
                        e -> assertThat(e.problem()).isEqualTo(kz.adalmap.importers.source.SourceProblem.INCOMPLETE))
                .hasMessage("the MapInfo file uchastki.tab comes without its .id file: send all the files of the"
                        + " table together, zipped");
    }

    @Test
    void aRasterTabIsRefusedAsAMapImageWithItsImageNamedInItsCharset() throws Exception {
        // a scanned plan registered in MapInfo: the .tab names the image, in CP1251 as !charset says
        Path folder = Files.createDirectories(dir.resolve("raster"));
        Path tab = folder.resolve("PLAN.TAB");
        Files.write(
                tab,
                encode(
                        "!table\r\n!version 300\r\n!charset WindowsCyrillic\r\n\r\nDefinition Table\r\n"
                                + "  File \"План.jpg\"\r\n  Type \"RASTER\"\r\n"
                                + "  (13658000,4792000) (0,0) Label \"Pt 1\",\r\n"
                                + "  (13659000,4792000) (1000,0) Label \"Pt 2\",\r\n"
                                + "  (13659000,4791000) (1000,1000) Label \"Pt 3\"\r\n"
                                + "  CoordSys Earth Projection 8, 1001, \"m\", 75, 0, 1, 13500000, 0\r\n"
                                + "  Units \"m\"\r\n",
                        "CP1251"));
        Path image = Files.write(folder.resolve("План.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
        Path zip = TestFiles.zip(dir.resolve("raster.zip"), List.of(tab, image));
        assertThatThrownBy(() -> importer.importFile(db, request("raster", zip, null)))
                .isInstanceOfSatisfying(
                        kz.adalmap.importers.source.BadSourceException.class,
                        e -> assertThat(e.problem()).isEqualTo(kz.adalmap.importers.source.SourceProblem.NO_FEATURES))
                .hasMessage("the MapInfo table PLAN.TAB is a map image (raster, Type RASTER) of План.jpg: a scanned or"
                        + " photographed plan, with no outlines in it to import; the plots must first be drawn over"
                        + " it (digitised) as regions in MapInfo or QGIS, and that table imported");
    }

    // ---------------------------------------------------------------------------------------------
    // captions

    @Test
    void aMapInfoViewOfADbaseTableWithItsMapIsRead() throws Exception {
        // MapInfo opened a .dbf and made it mappable: the .tab names the table, the .map holds the
        // outlines, and the attributes stay in the .dbf, in CP1251 as the .tab says
        List<TestFiles.Feature> plots = new ArrayList<>();
        for (TestFiles.Feature plot : TestFiles.plots(3)) {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("kad_nomer", plot.properties().get("kad_nomer"));
            p.put("status", plot.properties().get("status"));
            p.put("kategor", plot.properties().get("kategor"));
            plots.add(new TestFiles.Feature(p, plot.geometry()));
        }
        Path source = TestFiles.geojson(dir.resolve("dbf-view/plots.geojson"), plots);
        Path shp = TestFiles.convert(
                source, dir.resolve("dbf-view/shp/uchastki.shp"), "ESRI Shapefile", "-lco", "ENCODING=CP1251");
        Path native_ = TestFiles.convert(source, dir.resolve("dbf-view/tab/uchastki.tab"), "MapInfo File");
        Path view = Files.writeString(dir.resolve("dbf-view/uchastki.tab"), """
                !table
                !version 300
                !charset WindowsCyrillic

                Definition Table
                  File "uchastki.dbf"
                  Type DBF Charset "WindowsCyrillic"
                  Fields 3
                    kad_nomer Char (80) ;
                    status Char (80) ;
                    kategor Char (80) ;
                """, StandardCharsets.ISO_8859_1);
        Path zip = TestFiles.zip(
                dir.resolve("dbf-view.zip"),
                List.of(
                        view,
                        shp.resolveSibling("uchastki.dbf"),
                        native_.resolveSibling("uchastki.map"),
                        native_.resolveSibling("uchastki.id")));
        LayerImporter.Draft draft = draft("dbf-view", zip, null);
        assertThat(draft.accepted()).isEqualTo(3);
        assertThat(query("SELECT string_agg(cadastral_number || ' ' || status || ' ' || ST_NPoints(geom), ', '"
                        + " ORDER BY source_row) FROM plot_snapshot WHERE layer_revision_id = " + draft.revisionId()))
                .isEqualTo("05-085-012-001 free 5, 05-085-012-002 allocated 5, 05-085-012-003 allocated 5");
    }

    @Test
    void aTextLabelOfAMapInfoTableIsLeftOutAndSaidWithItsText() throws Exception {
        // the number of a quarter written on the map among its plots: MapInfo's Text object
        mif("labelled", "WindowsCyrillic", cyrillicNames("CP1251"), "CP1251", RU, "1500000.50");
        Path folder = dir.resolve("labelled");
        Files.write(
                folder.resolve("участки.mif"),
                encode(
                        new String(Files.readAllBytes(folder.resolve("участки.mif")), "windows-1251")
                                + "Text\r\n    \"Квартал 012\"\r\n    82.6005 49.9505 82.6015 49.9510\r\n"
                                + "    Font (\"Arial CYR\",0,0,0)\r\n",
                        "CP1251"));
        Files.write(
                folder.resolve("участки.mid"),
                encode(
                        new String(Files.readAllBytes(folder.resolve("участки.mid")), "windows-1251")
                                + "\"\",0,\"\",\"\",\"\",\"\",0\r\n",
                        "CP1251"));
        Path zip = TestFiles.zip(
                dir.resolve("labelled-caption.zip"),
                List.of(folder.resolve("участки.mif"), folder.resolve("участки.mid")));
        LayerImporter.Draft draft = draft("labelled", zip, null);
        assertThat(plots(draft)).containsExactly(expectedPlots(RU, "1500000.50"));
        assertThat(draft.issues()).noneMatch(i -> i.code().equals("not_polygon"));
        assertThat(notes(draft))
                .contains("a text label 'Квартал 012' (row 4) was left out: a caption written on the map is no"
                        + " feature");
    }

    @Test
    void aSmoothedPolylineIsSaidToBeStoredAsItsStraightSegments() throws Exception {
        // MapInfo draws a curve through the points of a Pline with Smooth; GDAL reads the points only
        Path zip = semicolonMif("smooth", List.of(), List.of(""));
        Path folder = dir.resolve("smooth");
        Files.write(
                folder.resolve("plots.mif"),
                encode(
                        new String(Files.readAllBytes(folder.resolve("plots.mif")), "windows-1251")
                                + "Pline 4\r\n82.6010 49.9510\r\n82.6015 49.9515\r\n82.6020 49.9510\r\n"
                                + "82.6025 49.9515\r\n    Pen (2,2,0)\r\n    Smooth\r\n",
                        "CP1251"));
        Files.write(
                folder.resolve("plots.mid"),
                encode(
                        new String(Files.readAllBytes(folder.resolve("plots.mid")), "windows-1251")
                                + "\"05-085-012-009\";\"аукцион\";\"Земли населенных пунктов\"\r\n",
                        "CP1251"));
        zip = TestFiles.zip(
                dir.resolve("smooth-line.zip"), List.of(folder.resolve("plots.mif"), folder.resolve("plots.mid")));
        LayerImporter.Draft draft = importer.importFile(db, request("smooth", zip, null));
        assertThat(notes(draft))
                .contains("1 line is drawn smoothed in MapInfo (Smooth): it is stored as the straight segments between"
                        + " its points, not the curve MapInfo shows through them");
    }

    @Test
    void aTableWhosePartsExtensionsAreInMixedCaseIsReadWhole() throws Exception {
        // Uchastki.Tab, .Dat, .Map, .Id, as a tool that keeps a typed-in name writes them: GDAL found the
        // table and no object in its .map, and the whole table was refused as damaged
        Path zip = tab("tab-lower-case", "PT154", KK);
        LayerImporter.Draft lower = draft("tab-lower-case", zip, "PT154");
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var files = Files.list(dir.resolve("tab-lower-case"))) {
            for (Path part : files.sorted().toList()) {
                String name = part.getFileName().toString();
                int dot = name.lastIndexOf('.');
                entries.put(
                        "Uchastki." + Character.toUpperCase(name.charAt(dot + 1)) + name.substring(dot + 2),
                        Files.readAllBytes(part));
            }
        }
        assertThat(entries.keySet()).contains("Uchastki.Tab", "Uchastki.Dat", "Uchastki.Map", "Uchastki.Id");
        LayerImporter.Draft mixed =
                draft("tab-mixed-case", TestFiles.zipEntries(dir.resolve("tab-mixed-case.zip"), entries), "PT154");
        assertThat(plots(mixed)).containsExactly(expectedPlots(KK, "1500000.50"));
        assertThat(mixed.read().file()).isEqualTo("Uchastki.Tab");
        String outlines = "SELECT string_agg(ST_AsText(geom), ' ' ORDER BY source_row) FROM plot_snapshot"
                + " WHERE layer_revision_id = ";
        assertThat(query(outlines + mixed.revisionId())).isEqualTo(query(outlines + lower.revisionId()));
    }

    // ---------------------------------------------------------------------------------------------
    // files

    /** Three 30 m plots near Oskemen, the first free, each with the texts given and its price. */
    private static String[] expectedPlots(String kk, String price) {
        String priceText = price == null || price.isEmpty() ? "null" : price;
        return new String[] {
            "05-085-012-001 | 0.0900 | free | " + kk + " | " + priceText,
            "05-085-012-002 | 0.0900 | allocated | " + kk + " | " + priceText,
            "05-085-012-003 | 0.0900 | allocated | " + kk + " | " + priceText
        };
    }

    /**
     * A zipped MIF/MID pair of three plots in longitude/latitude, its header saying {@code charset},
     * its fields named {@code names} (cadastral number, area, purpose in Russian and Kazakh, status,
     * price), its text in {@code codePage}.
     */
    private static Path mif(String name, String charset, List<String> names, String codePage, String kk, String price)
            throws Exception {
        return mif(name, charset, names, codePage, kk, price, "0.09");
    }

    private static Path mif(
            String name, String charset, List<String> names, String codePage, String kk, String price, String area)
            throws Exception {
        StringBuilder mif = new StringBuilder("Version 300\r\n");
        if (charset != null) {
            mif.append("Charset \"").append(charset).append("\"\r\n");
        }
        mif.append("Delimiter \",\"\r\nCoordSys Earth Projection 1, 104\r\nColumns 7\r\n");
        List<String> types =
                List.of("Char(32)", "Float", "Char(254)", "Char(254)", "Char(254)", "Char(32)", "Decimal(16,2)");
        for (int i = 0; i < names.size(); i++) {
            mif.append("  ")
                    .append(names.get(i))
                    .append(' ')
                    .append(types.get(i))
                    .append("\r\n");
        }
        mif.append("Data\r\n\r\n");
        StringBuilder mid = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            double lon = 82.60 + i * 0.0006;
            double lat = 49.95;
            double dLat = 30 / 111_320.0;
            double dLon = 30 / (111_320.0 * Math.cos(Math.toRadians(lat)));
            mif.append(String.format(
                    Locale.ROOT,
                    "Region 1\r\n  5\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n"
                            + "    Pen (1,2,0)\r\n",
                    lon,
                    lat,
                    lon + dLon,
                    lat,
                    lon + dLon,
                    lat + dLat,
                    lon,
                    lat + dLat,
                    lon,
                    lat));
            mid.append(String.format(
                    "\"05-085-012-%03d\",%s,\"Земли населенных пунктов\",\"%s\",\"%s\",\"%s\",%s\r\n",
                    i + 1, area, RU, kk, i == 0 ? "свободен" : "предоставлен", price.isEmpty() ? "" : price));
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.write(folder.resolve("участки.mif"), encode(mif.toString(), codePage));
        Files.write(folder.resolve("участки.mid"), encode(mid.toString(), codePage));
        return TestFiles.zip(
                dir.resolve(name + ".zip"), List.of(folder.resolve("участки.mif"), folder.resolve("участки.mid")));
    }

    /**
     * A zipped MIF/MID pair (WindowsCyrillic, {@code Delimiter ";"}) of as many auction plots near
     * Oskemen as {@code rows}, each row's values after the cadastral number, status and category
     * those of {@code columns} (MIF column definitions).
     */
    private static Path semicolonMif(String name, List<String> columns, List<String> rows) throws Exception {
        StringBuilder mif = new StringBuilder("Version 300\r\nCharset \"WindowsCyrillic\"\r\nDelimiter \";\"\r\n"
                + "CoordSys Earth Projection 1, 104\r\nColumns " + (3 + columns.size()) + "\r\n"
                + "  kad_nomer Char(32)\r\n  status Char(32)\r\n  kategor Char(254)\r\n");
        for (String column : columns) {
            mif.append("  ").append(column).append("\r\n");
        }
        mif.append("Data\r\n\r\n");
        StringBuilder mid = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            double lon = 82.60 + i * 0.0006;
            double lat = 49.95;
            double d = 0.0003;
            mif.append(String.format(
                    Locale.ROOT,
                    "Region 1\r\n  5\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n%.8f %.8f\r\n",
                    lon,
                    lat,
                    lon + d,
                    lat,
                    lon + d,
                    lat + d,
                    lon,
                    lat + d,
                    lon,
                    lat));
            mid.append(String.format(
                    "\"05-085-012-%03d\";\"аукцион\";\"Земли населенных пунктов\"%s\r\n",
                    i + 1, columns.isEmpty() ? "" : ";" + rows.get(i)));
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.write(folder.resolve("plots.mif"), encode(mif.toString(), "CP1251"));
        Files.write(folder.resolve("plots.mid"), encode(mid.toString(), "CP1251"));
        return TestFiles.zip(
                dir.resolve(name + ".zip"), List.of(folder.resolve("plots.mif"), folder.resolve("plots.mid")));
    }

    /**
     * A zipped TAB of the same three plots that says {@code Neutral}, its text in {@code codePage}:
     * written by GDAL from a MIF in that code page (GDAL's writer passes a Neutral table's bytes
     * through), then its header's field names replaced by Cyrillic ones in that code page, as MapInfo
     * itself writes them (GDAL's writer keeps only Latin letters and some Cyrillic ones).
     */
    private static Path tab(String name, String codePage, String kk) throws Exception {
        List<String> names = new ArrayList<>();
        for (String cyrillic : cyrillicNames(codePage)) {
            names.add(new String(encode(cyrillic, codePage), StandardCharsets.ISO_8859_1));
        }
        return tab(name, codePage, kk, names, "Neutral");
    }

    /**
     * {@link #tab(String, String, String)} with the header's field names {@code names} (as ISO-8859-1
     * of their bytes) and its charset {@code charset}.
     */
    private static Path tab(String name, String codePage, String kk, List<String> names, String charset)
            throws Exception {
        Path mifZip = mif(name + "-src", "Neutral", ASCII_NAMES, codePage, kk, "1500000.50");
        Path source = dir.resolve(name + "-src").resolve("участки.mif");
        Path tab = dir.resolve(name).resolve("uchastki.tab");
        Files.createDirectories(tab.getParent());
        Files.delete(mifZip);
        TestFiles.ogr2ogr("-f", "MapInfo File", tab.toString(), source.toString());
        String header = new String(Files.readAllBytes(tab), StandardCharsets.ISO_8859_1);
        assertThat(header).contains("!charset Neutral");
        for (int i = 0; i < ASCII_NAMES.size(); i++) {
            header = header.replaceFirst(
                    "(?m)^(\\s+)" + ASCII_NAMES.get(i) + " ",
                    "$1" + java.util.regex.Matcher.quoteReplacement(names.get(i)) + " ");
        }
        header = header.replace("!charset Neutral", "!charset " + charset)
                .replace("Charset \"Neutral\"", "Charset \"" + charset + "\"");
        Files.write(tab, header.getBytes(StandardCharsets.ISO_8859_1));
        List<Path> parts;
        try (var files = Files.list(tab.getParent())) {
            parts = files.sorted().toList();
        }
        return TestFiles.zip(dir.resolve(name + ".zip"), parts);
    }

    private static byte[] encode(String text, String codePage) {
        return switch (codePage) {
            case "UTF-8" -> text.getBytes(StandardCharsets.UTF_8);
            case "CP866" -> text.getBytes(Charset.forName("IBM866"));
            case "CP1251" -> text.getBytes(Charset.forName("windows-1251"));
            case "KZ-1048" -> {
                // the Kazakh letters of KZ-1048 (RK1048) where they differ from CP1251
                Map<Character, Integer> kazakh =
                        Map.of('ұ', 0xA2, 'ғ', 0xBA, 'ү', 0xBF, 'қ', 0x9D, 'і', 0xB3, 'ң', 0xBE, 'ә', 0xBC, 'ө', 0xB4);
                byte[] out = new byte[text.length()];
                for (int i = 0; i < text.length(); i++) {
                    Integer letter = kazakh.get(text.charAt(i));
                    out[i] = letter != null
                            ? (byte) letter.intValue()
                            : String.valueOf(text.charAt(i)).getBytes(Charset.forName("windows-1251"))[0];
                }
                yield out;
            }
            case "PT154" -> {
                byte[] out = new byte[text.length()];
                for (int i = 0; i < text.length(); i++) {
                    Integer kazakh = PT154_KAZAKH.get(text.charAt(i));
                    out[i] = kazakh != null
                            ? (byte) kazakh.intValue()
                            : String.valueOf(text.charAt(i)).getBytes(Charset.forName("windows-1251"))[0];
                }
                yield out;
            }
            default -> throw new IllegalArgumentException(codePage);
        };
    }

    /** The Cyrillic names in a code page: «мақсаты» as «максаты» where there is no «қ». */
    private static List<String> cyrillicNames(String codePage) {
        return codePage.equals("PT154") || codePage.equals("UTF-8")
                ? CYRILLIC_NAMES
                : CYRILLIC_NAMES.stream().map(n -> n.replace('қ', 'к')).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // importing and reading back

    private static LayerImporter.Request request(String layer, Path file, String encoding) throws Exception {
        return new LayerImporter.Request(
                layer,
                file,
                MappingProfile.load("cadastre-export"),
                null,
                encoding,
                null,
                "editor",
                null,
                dir.resolve("work"));
    }

    private static LayerImporter.Draft draft(String layer, Path file, String encoding) throws Exception {
        LayerImporter.Draft draft = importer.importFile(db, request(layer, file, encoding));
        assertThat(draft.rejected()).as("rejected: " + draft.issues()).isZero();
        assertThat(draft.issues()).as("GDAL's warnings").noneMatch(i -> i.code().equals("gdal"));
        try (var files = Files.list(dir.resolve("work"))) {
            assertThat(files.toList()).as("work folder").isEmpty();
        }
        return draft;
    }

    /** The draft's plots: cadastral number, declared area, status, purpose in Kazakh, price. */
    private static List<String> plots(LayerImporter.Draft draft) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT cadastral_number, area_declared_ha, status, intended_purpose_kk, starting_price_kzt,
                               intended_purpose_ru, extra
                        FROM plot_snapshot WHERE layer_revision_id = %d ORDER BY source_row
                        """.formatted(draft.revisionId()))) {
            while (rs.next()) {
                assertThat(rs.getString(6)).isEqualTo(RU);
                assertThat(rs.getString(7)).isEqualTo("{}");
                out.add(String.join(
                        " | ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    /** The notes on the whole file that tell how it was read. */
    private static List<String> notes(LayerImporter.Draft draft) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT message FROM import_issue
                        WHERE layer_revision_id = %d AND code = 'file' ORDER BY id
                        """.formatted(draft.revisionId()))) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static String encoding(LayerImporter.Draft draft) throws SQLException {
        return query("SELECT source_encoding FROM layer_revision WHERE id = " + draft.revisionId());
    }

    private static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }
}
