package kz.adalmap.importers.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static kz.adalmap.importers.publish.TestFiles.geojson;
import static kz.adalmap.importers.publish.TestFiles.plots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
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
 * Zips as archivers, streaming writers and hostile hands lay them out, written here byte by byte:
 * what is unpacked is what the zip's central directory lists, as every other tool shows it, and a
 * zip whose list cannot be unpacked as it says is refused with the entry named, before anything is
 * written, and leaves the database exactly as it was.
 */
class ZipImportIT {

    @TempDir
    static Path dir;

    private static PgTarget db;
    private static LayerImporter importer;
    private static MappingProfile profile;
    private static byte[] plots;
    private String stateBefore;

    @BeforeAll
    static void publishABaseline() throws Exception {
        db = TestDatabases.fresh("zip_import");
        db.migrate();
        importer = LayerImporter.withGdal(64L * 1024 * 1024);
        profile = MappingProfile.load("cadastre-export");
        Files.createDirectories(dir.resolve("work"));
        Path baseline = geojson(dir.resolve("baseline.geojson"), plots(5));
        LayerImporter.Draft draft = importer.importFile(db, request(baseline, null));
        importer.publish(db, "plots-oskemen", draft.revisionNumber(), "editor", null);
        plots = Files.readAllBytes(geojson(dir.resolve("plots.geojson"), plots(3)));
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

    // ---------------------------------------------------------------------------------------------
    // what is unpacked is what the central directory lists

    @Test
    void aFileHiddenBeforeTheListOfFilesIsNotImported() throws Exception {
        // local headers say hidden.geojson, then readme.txt; the list every tool shows holds the readme
        Path zip = zip(
                "hidden.zip",
                new Entry("hidden.geojson", plots).unlisted(),
                new Entry("readme.txt", "выгрузка участков".getBytes(UTF_8)));
        refused(zip, null, "found no GIS data", SourceProblem.NO_GIS_DATA);
    }

    @Test
    void anEntryWhoseListedSizesAreNotItsOwnIsRefused() throws Exception {
        Path zip = zip("sizes.zip", new Entry("plots.geojson", plots).listedAs(1));
        refused(zip, null, "the zip file is damaged", SourceProblem.DAMAGED);
    }

    @Test
    void anEntryWhosePackedDataDoNotUnpackIsNamedNotDescribedInZlibsWords() throws Exception {
        Path zip = TestFiles.zipEntries(dir.resolve("inflate.zip"), java.util.Map.of("plots.geojson", plots));
        byte[] bytes = Files.readAllBytes(zip);
        // the first block of the deflated data made of a type that does not exist: zlib says «invalid
        // block type», as it says «invalid literal/lengths set» of other damaged bytes
        int name = (bytes[26] & 0xff) | (bytes[27] & 0xff) << 8;
        int extra = (bytes[28] & 0xff) | (bytes[29] & 0xff) << 8;
        bytes[30 + name + extra] = (byte) 0xff;
        Files.write(zip, bytes);
        String message = refused(
                zip,
                null,
                "the file 'plots.geojson' in the zip is damaged: its packed data do not unpack",
                SourceProblem.DAMAGED);
        assertThat(message).doesNotContain("invalid");
    }

    @Test
    void anEntryTheEndRecordDoesNotCountIsUnpackedStill() throws Exception {
        // the end record counts one entry, the list holds two: ZipFile, unzip and Python's zipfile
        // read the list by its size, and so does the check of the names
        Path zip = zip(
                "undercounted.zip",
                new Entry("readme.txt", "выгрузка участков".getBytes(UTF_8)),
                new Entry("plots.geojson", plots));
        byte[] bytes = Files.readAllBytes(zip);
        int end = bytes.length - 22;
        bytes[end + 8] = 1;
        bytes[end + 10] = 1;
        assertThat(drafted(Files.write(zip, bytes), null).accepted()).isEqualTo(3);
    }

    @Test
    void aStoredEntryWithADataDescriptorAsStreamingWritersMakeIt() throws Exception {
        Path zip =
                zip("streamed.zip", new Entry("plots.geojson", plots).stored().withDescriptor());
        assertThat(drafted(zip, null).accepted()).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------
    // lists that no file system unpacks as they say

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path zip = zip(
                "symlink.zip",
                new Entry("data", "/tmp".getBytes(UTF_8)).symlink(),
                new Entry("data/plots.geojson", plots));
        refused(zip, null, "the zip entry 'data' is a symbolic link", SourceProblem.UNSAFE_ZIP);
    }

    @Test
    void aZipOfTooManyFilesSaysHowManyItHoldsAndWhatToZipInstead() throws Exception {
        // a layer's files and a folder of 10,001 others an export left beside them
        Entry[] entries = new Entry[10_002];
        entries[0] = new Entry("plots.geojson", plots);
        for (int i = 1; i < entries.length; i++) {
            entries[i] = new Entry("junk/" + i + ".txt", new byte[] {'x'}).stored();
        }
        refused(
                zip("many.zip", entries),
                null,
                "the zip holds 10,002 files; AdalMap reads at most 10,000: zip only the layer's files (the .shp,"
                        + " .shx, .dbf, .prj and .cpg of one layer, or its one .geojson, .gpkg or .tab and its"
                        + " companions)",
                SourceProblem.UNSAFE_ZIP);
    }

    @Test
    void aFileAndAFolderOfOneNameAreRefused() throws Exception {
        Path fileFirst =
                zip("file-then-folder.zip", new Entry("a", "x".getBytes(UTF_8)), new Entry("a/plots.geojson", plots));
        refused(fileFirst, null, "the zip holds 'a' both as a file and as a folder", SourceProblem.DAMAGED);
        Path folderFirst = zip(
                "folder-then-file.zip", new Entry("plots.geojson/", new byte[0]), new Entry("plots.geojson", plots));
        refused(
                folderFirst,
                null,
                "the zip holds 'plots.geojson' both as a file and as a folder",
                SourceProblem.DAMAGED);
    }

    @Test
    void aNameLongerThanAFileSystemHoldsIsRefused() throws Exception {
        Path zip = zip("long.zip", new Entry("x".repeat(300) + ".geojson", plots));
        refused(zip, null, "has a name of 308 characters", SourceProblem.DAMAGED);
    }

    @Test
    void aNameWithAControlCharacterIsRefusedAndShownPrintable() throws Exception {
        for (String name : List.of("plo\u0000ts.geojson", "plo\nts.geojson")) {
            Path zip = zip("control.zip", new Entry(name, plots));
            String shown = name.replace("\u0000", "\\u0000").replace("\n", "\\n");
            String message =
                    refused(zip, null, "the zip entry '" + shown + "' has a control character", SourceProblem.DAMAGED);
            assertThat(message.chars()).noneMatch(Character::isISOControl);
            // the editor's page keeps the message in PostgreSQL, whose text refuses a zero byte
            assertThat(storedAndReadBack(message)).isEqualTo(message);
        }
    }

    @Test
    void twoEntriesOfOneNameAreRefused() throws Exception {
        byte[] empty = "{\"type\":\"FeatureCollection\",\"features\":[]}".getBytes(UTF_8);
        Path same = zip("duplicate.zip", new Entry("plots.geojson", plots), new Entry("plots.geojson", empty));
        refused(same, null, "the zip holds two files named 'plots.geojson'", SourceProblem.DAMAGED);
        Path inCase = zip("case.zip", new Entry("plots.geojson", plots), new Entry("PLOTS.geojson", empty));
        refused(
                inCase,
                null,
                "the zip holds the files 'plots.geojson' and 'PLOTS.geojson', whose names differ only in case",
                SourceProblem.DAMAGED);
    }

    // ---------------------------------------------------------------------------------------------
    // names

    @Test
    void namesWithoutTheUtf8FlagAreReadInTheCodePageThatGivesNames() throws Exception {
        // Windows archivers write CP866, without the flag; «сад» and «сан» so written are valid UTF-8
        // too, of Mongolian letters
        Charset dos = Charset.forName("IBM866");
        Path windows = zip(
                "windows.zip",
                new Entry("сад.geojson".getBytes(dos), plots),
                new Entry("сан.geojson".getBytes(dos), plots));
        refused(windows, null, "2 .geojson files (сад.geojson, сан.geojson)", SourceProblem.SEVERAL_DATASETS);
        // macOS and Linux archivers write UTF-8, without the flag either
        Path mac = zip(
                "mac.zip",
                new Entry("Өскемен/участки.geojson".getBytes(UTF_8), plots),
                new Entry("Өскемен/сети.geojson".getBytes(UTF_8), plots));
        refused(
                mac,
                null,
                "2 .geojson files (Өскемен/сети.geojson, Өскемен/участки.geojson)",
                SourceProblem.SEVERAL_DATASETS);
        // and the editor can name the one to import
        assertThat(drafted(windows, "сад").accepted()).isEqualTo(3);
    }

    @Test
    void theUnicodeNameAnArchiverKeepsBesideADosNameIsTheNameRead() throws Exception {
        // Info-ZIP's Zip on Windows and archivers set to keep UTF-8 names write the DOS name in the
        // header, for Explorer, and the whole name in the Unicode Path extra field (0x7075): CP866 has
        // no Ә Ғ Қ Ң Ө Ұ Ү Һ І, which are «?» in the header; 7-Zip and unzip show the field's name
        List<Entry> entries = new java.util.ArrayList<>();
        entries.addAll(unicodePathed(shapefileEntries("Өскемен_учаскелер", plots(2, 40))));
        entries.addAll(unicodePathed(shapefileEntries("Өскемен_аймақтар", plots(3, 41))));
        Path two = zip("unicode-path.zip", entries.toArray(Entry[]::new));
        refused(
                two,
                null,
                "2 .shp files (Өскемен_аймақтар.shp, Өскемен_учаскелер.shp)",
                SourceProblem.SEVERAL_DATASETS);
        LayerImporter.Draft draft = drafted(two, "Өскемен_учаскелер.shp");
        assertThat(numbers(draft)).isEqualTo("05-085-040-001 05-085-040-002");
        assertThat(source(draft)).isEqualTo("unicode-path.zip | Өскемен_учаскелер.shp | Өскемен_учаскелер");
        // two names that differ in a letter CP866 lacks are one name in the header, not in the zip
        entries = new java.util.ArrayList<>();
        entries.addAll(unicodePathed(shapefileEntries("Жер_Ө", plots(2, 42))));
        entries.addAll(unicodePathed(shapefileEntries("Жер_Ә", plots(3, 43))));
        Path alike = zip("unicode-alike.zip", entries.toArray(Entry[]::new));
        assertThat(numbers(drafted(alike, "Жер_Ә"))).isEqualTo("05-085-043-001 05-085-043-002 05-085-043-003");
        // a field whose checksum is not of the header's name was left by a tool that renamed the
        // entry without it: the header's name is the entry's, as unzip reads it
        stateBefore = state();
        Entry renamed = new Entry("участки.geojson".getBytes(Charset.forName("IBM866")), plots);
        renamed.extra = unicodePath("старые.geojson", "старые.geojson".getBytes(Charset.forName("IBM866")));
        Path stale =
                zip("unicode-stale.zip", renamed, new Entry("сети.geojson".getBytes(Charset.forName("IBM866")), plots));
        refused(stale, null, "2 .geojson files (сети.geojson, участки.geojson)", SourceProblem.SEVERAL_DATASETS);
    }

    @Test
    void namesInDecomposedUnicodeAsMacOsWritesThemAreReadComposed() throws Exception {
        // macOS Finder and Archive Utility store names as its file system keeps them: «й» is «и»
        // and a combining breve, «Қ» stays whole; the editor types «й», and the revision says «й»
        List<Entry> entries = new java.util.ArrayList<>();
        String plotsName =
                java.text.Normalizer.normalize("Выгрузка/Свободный_участок_Қайнар", java.text.Normalizer.Form.NFD);
        String zonesName = java.text.Normalizer.normalize("Выгрузка/Зоны_йод", java.text.Normalizer.Form.NFD);
        assertThat(plotsName).hasSize("Выгрузка/Свободный_участок_Қайнар".length() + 2);
        for (Entry e : shapefileEntries("nfd", plots(2, 44))) {
            String extension = new String(e.name, UTF_8).substring("nfd".length());
            entries.add(new Entry((plotsName + extension).getBytes(UTF_8), e.data));
        }
        for (Entry e : shapefileEntries("nfdzones", plots(3, 45))) {
            String extension = new String(e.name, UTF_8).substring("nfdzones".length());
            entries.add(new Entry((zonesName + extension).getBytes(UTF_8), e.data));
        }
        Path finder = zip("finder.zip", entries.toArray(Entry[]::new));
        String refusal = refused(finder, null, "2 .shp files (Выгрузка/Зоны_йод.shp, ", SourceProblem.SEVERAL_DATASETS);
        assertThat(refusal).isEqualTo(java.text.Normalizer.normalize(refusal, java.text.Normalizer.Form.NFC));
        LayerImporter.Draft draft = drafted(finder, "Свободный_участок_Қайнар");
        assertThat(numbers(draft)).isEqualTo("05-085-044-001 05-085-044-002");
        assertThat(source(draft))
                .isEqualTo("finder.zip | Выгрузка/Свободный_участок_Қайнар.shp | Свободный_участок_Қайнар");
        // a name typed decomposed (pasted from a macOS file name) picks it too
        assertThat(numbers(drafted(finder, zonesName))).isEqualTo("05-085-045-001 05-085-045-002 05-085-045-003");
    }

    /**
     * {@code entries} as Info-ZIP's Zip on Windows writes them: the name in CP866 in the header, a
     * letter CP866 lacks as «?», and in UTF-8 in a Unicode Path extra field.
     */
    private static List<Entry> unicodePathed(List<Entry> entries) {
        List<Entry> out = new java.util.ArrayList<>();
        for (Entry e : entries) {
            String name = new String(e.name, UTF_8);
            byte[] dos = name.getBytes(Charset.forName("IBM866"));
            Entry entry = new Entry(dos, e.data);
            entry.extra = unicodePath(name, dos);
            out.add(entry);
        }
        return out;
    }

    /** A Unicode Path extra field (0x7075, version 1): the CRC-32 of {@code header}, then {@code name} in UTF-8. */
    private static byte[] unicodePath(String name, byte[] header) {
        byte[] utf8 = name.getBytes(UTF_8);
        CRC32 crc = new CRC32();
        crc.update(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int16(out, 0x7075);
        int16(out, 5 + utf8.length);
        out.write(1);
        int32(out, crc.getValue());
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    @Test
    void namesInTheWindowsCodePageAreReadSoWhenTheDosOneGivesBoxDrawing() throws Exception {
        // PHP or 1C on a Russian Windows server, and packers left at their defaults, write names in
        // the ANSI code page without the flag: read as CP866, «Участки» was «╙ўрёЄъш»
        Charset ansi = Charset.forName("windows-1251");
        Path shp = TestFiles.convert(
                geojson(dir.resolve("ansi/src.geojson"), plots(3)),
                dir.resolve("ansi/plots.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8");
        List<Entry> entries = new java.util.ArrayList<>();
        for (String layer : List.of("Участки", "Здания")) {
            for (Path part : TestFiles.shapefileParts(shp)) {
                String extension = part.getFileName().toString().replaceFirst(".*\\.", ".");
                entries.add(new Entry((layer + extension).getBytes(ansi), Files.readAllBytes(part)));
            }
        }
        Path two = zip("ansi.zip", entries.toArray(Entry[]::new));
        refused(two, null, "2 .shp files (Здания.shp, Участки.shp)", SourceProblem.SEVERAL_DATASETS);
        LayerImporter.Draft draft = drafted(two, "Участки");
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(3);
    }

    @Test
    void namesInTheWindowsCodePageOfSmallLettersAloneAreReadSoThoughTheDosOneGivesLettersToo() throws Exception {
        // CP1251's small letters read in CP866 are letters too, the ones Russian uses least and
        // Ukrainian ones: «участки» was «єўрёЄъш», «кадастр» «ърфрёЄЁ», and neither named the file
        Charset ansi = Charset.forName("windows-1251");
        List<Entry> entries = new java.util.ArrayList<>();
        for (String layer : List.of("участки", "кадастр")) {
            for (Entry e : shapefileEntries(layer.equals("участки") ? "uchastki" : "kadastr", plots(2, 46))) {
                String extension = new String(e.name, UTF_8).replaceFirst(".*\\.", ".");
                entries.add(new Entry((layer + extension).getBytes(ansi), e.data));
            }
        }
        Path two = zip("ansi-small.zip", entries.toArray(Entry[]::new));
        refused(two, null, "2 .shp files (кадастр.shp, участки.shp)", SourceProblem.SEVERAL_DATASETS);
        // the DOS code page's own names of small letters stay its own: «сад», «тут»
        Charset dos = Charset.forName("IBM866");
        Path windows = zip(
                "dos-small.zip",
                new Entry("тут.geojson".getBytes(dos), plots),
                new Entry("сад.geojson".getBytes(dos), plots));
        refused(windows, null, "2 .geojson files (сад.geojson, тут.geojson)", SourceProblem.SEVERAL_DATASETS);
        LayerImporter.Draft draft = drafted(two, "участки");
        assertThat(source(draft)).isEqualTo("ansi-small.zip | участки.shp | участки");
    }

    @Test
    void aShapefileIsNamedByItsPathInTheArchiveAndTheRefusalSuggestsANameThatWorks() throws Exception {
        // a department zips its whole export folder: one plots.shp for each year
        List<Entry> entries = new java.util.ArrayList<>();
        entries.addAll(shapefileEntries("Export/2025/plots", plots(2, 25)));
        entries.addAll(shapefileEntries("Export/2026/plots", plots(3, 26)));
        Path years = zip("years.zip", entries.toArray(Entry[]::new));
        String refusal = refused(
                years,
                null,
                "2 .shp files (Export/2025/plots.shp, Export/2026/plots.shp)",
                SourceProblem.SEVERAL_DATASETS);
        String suggested = refusal.replaceFirst("(?s).*\\(e\\.g\\. ([^)]*)\\).*", "$1");
        assertThat(suggested).isEqualTo("Export/2025/plots.shp");
        refused(years, "plots", "2 of them named 'plots'", SourceProblem.SEVERAL_DATASETS);
        refused(years, "2026/plots", "none of them named '2026/plots'", SourceProblem.SEVERAL_DATASETS);
        assertThat(numbers(drafted(years, suggested))).isEqualTo("05-085-025-001 05-085-025-002");
        for (String name : List.of("Export/2026/plots", "Export/2026/plots.shp", "export\\2026\\PLOTS.SHP")) {
            LayerImporter.Draft draft = drafted(years, name);
            assertThat(numbers(draft)).as(name).isEqualTo("05-085-026-001 05-085-026-002 05-085-026-003");
            // by its path in the archive, whatever name picked it
            assertThat(source(draft)).as(name).isEqualTo("years.zip | Export/2026/plots.shp | plots");
        }
        // of Shapefiles of names of their own, the file's name with its extension names one too
        entries = new java.util.ArrayList<>(shapefileEntries("plots", plots(2, 27)));
        entries.addAll(shapefileEntries("zemli", plots(3, 28)));
        assertThat(numbers(drafted(zip("named.zip", entries.toArray(Entry[]::new)), "plots.shp")))
                .isEqualTo("05-085-027-001 05-085-027-002");
    }

    @Test
    void aZipOfPlotsAndOfTheirLabelsImportsThePlotsAsAGeoPackageWould() throws Exception {
        // AutoCAD Map and ArcMap leave the labels' points beside the plots
        List<TestFiles.Feature> labels = TestFiles.labelsOf(plots(3, 29));
        List<Entry> entries = new java.util.ArrayList<>(shapefileEntries("annotation", labels));
        entries.addAll(shapefileEntries("uchastki", plots(3, 29)));
        LayerImporter.Draft draft = drafted(zip("labelled.zip", entries.toArray(Entry[]::new)), null);
        assertThat(numbers(draft)).isEqualTo("05-085-029-001 05-085-029-002 05-085-029-003");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive holds 2 .shp files (annotation.shp, uchastki.shp); uchastki.shp, the"
                                + " only one of polygons, was imported: name another as the layer in the file to"
                                + " import it"));
        // a zip of points alone is no plots layer, and says so
        stateBefore = state();
        entries = new java.util.ArrayList<>(shapefileEntries("annotation", labels));
        entries.addAll(shapefileEntries("other", labels));
        refused(
                zip("labels.zip", entries.toArray(Entry[]::new)),
                null,
                "the archive holds 2 .shp files (annotation.shp, other.shp), none of polygons; a plots layer needs"
                        + " polygons",
                SourceProblem.WRONG_GEOMETRY_TYPE);
    }

    @Test
    void aZipOfPlotsBesideEmptyShapefilesImportsThePlotsAndNamesTheEmptyOnes() throws Exception {
        // ArcGIS and QGIS export a project's empty layers with the one of features: the plots beside
        // layers of withdrawn and reserved plots there are none of, each of polygons
        List<Entry> entries =
                new java.util.ArrayList<>(shapefileEntries("изъятые", plots(2, 47), "-where", "kad_nomer = 'none'"));
        entries.addAll(shapefileEntries("участки", plots(3, 47)));
        entries.addAll(shapefileEntries("резерв", plots(2, 47), "-where", "kad_nomer = 'none'"));
        Path export = zip("empty-beside.zip", entries.toArray(Entry[]::new));
        LayerImporter.Draft draft = drafted(export, null);
        assertThat(numbers(draft)).isEqualTo("05-085-047-001 05-085-047-002 05-085-047-003");
        assertThat(source(draft)).isEqualTo("empty-beside.zip | участки.shp | участки");
        assertThat(draft.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive holds 3 .shp files (изъятые.shp, резерв.shp, участки.shp); участки.shp,"
                                + " the only one with features, was imported; the others (изъятые.shp, резерв.shp)"
                                + " hold no features and were not read"));
        // named, an empty one is the one read: it has nothing to import
        stateBefore = state();
        refused(export, "изъятые", "has no features: nothing to import", SourceProblem.NO_FEATURES);
        // two with features beside them cannot be told apart, as without the empty ones
        entries.addAll(shapefileEntries("участки_2019", plots(2, 48)));
        refused(
                zip("two-beside-empty.zip", entries.toArray(Entry[]::new)),
                null,
                "the archive holds 4 .shp files (изъятые.shp, резерв.shp, участки.shp, участки_2019.shp); name the"
                        + " one to import",
                SourceProblem.SEVERAL_DATASETS);
        // beside the plots, an empty layer of polygons and the labels' points: the plots are still the
        // only polygons there are
        List<TestFiles.Feature> labels = TestFiles.labelsOf(plots(3, 47));
        entries = new java.util.ArrayList<>(shapefileEntries("изъятые", plots(2, 47), "-where", "kad_nomer = 'none'"));
        entries.addAll(shapefileEntries("участки", plots(3, 47)));
        entries.addAll(shapefileEntries("подписи", labels));
        LayerImporter.Draft labelled = drafted(zip("labelled-beside-empty.zip", entries.toArray(Entry[]::new)), null);
        assertThat(numbers(labelled)).isEqualTo("05-085-047-001 05-085-047-002 05-085-047-003");
        assertThat(labelled.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive holds 3 .shp files (изъятые.shp, подписи.shp, участки.shp); участки.shp,"
                                + " the only one of polygons with features, was imported; the others of polygons"
                                + " (изъятые.shp) hold no features: name another as the layer in the file to import"
                                + " it"));
    }

    @Test
    void aZipOfAShapefileAndOfFilesOfOtherFormatsIsReadAtTheOneNamed() throws Exception {
        // a Shapefile was read, and the GeoJSON and KML beside it passed over without a word
        List<Entry> entries = new java.util.ArrayList<>(shapefileEntries("del", plots(2, 33)));
        entries.add(new Entry(
                "старые.geojson", Files.readAllBytes(geojson(dir.resolve("mixed/старые.geojson"), plots(3, 34)))));
        Path kml = TestFiles.convert(
                geojson(dir.resolve("mixed/src.geojson"), plots(4, 35)), dir.resolve("mixed/участки.kml"), "KML");
        entries.add(new Entry("участки.kml", Files.readAllBytes(kml)));
        Path mixed = zip("mixed.zip", entries.toArray(Entry[]::new));
        refused(
                mixed,
                null,
                "the archive holds 3 files of GIS data (del.shp, старые.geojson, участки.kml); name the one to import"
                        + " as the layer in the file (e.g. del.shp)",
                SourceProblem.SEVERAL_DATASETS);
        // a name no file has may be a folder of the KML
        refused(mixed, "новые", "the KML file has no folder named 'новые'", SourceProblem.NO_LAYER);
        LayerImporter.Draft old = drafted(mixed, "старые");
        assertThat(numbers(old)).isEqualTo("05-085-034-001 05-085-034-002 05-085-034-003");
        assertThat(source(old)).isEqualTo("mixed.zip | старые.geojson | старые");
        assertThat(numbers(drafted(mixed, "старые.geojson"))).startsWith("05-085-034-001");
        LayerImporter.Draft fromKml = drafted(mixed, "участки.kml");
        assertThat(numbers(fromKml)).isEqualTo("05-085-035-001 05-085-035-002 05-085-035-003 05-085-035-004");
        // the revision says which file of the zip it read, and that file's layer: a KML without a name
        // of its own is its file's, not the zip's
        assertThat(fromKml.read()).isEqualTo(new LayerImporter.Source("mixed.zip", "участки.kml", "участки"));
        assertThat(source(fromKml)).isEqualTo("mixed.zip | участки.kml | участки");
        assertThat(numbers(drafted(mixed, "del"))).isEqualTo("05-085-033-001 05-085-033-002");
        // a GeoPackage beside the Shapefile: a layer in it is named by its own name
        Path gpkg = TestFiles.convert(
                geojson(dir.resolve("shpgpkg/src.geojson"), plots(3, 36)),
                dir.resolve("shpgpkg/multi.gpkg"),
                "GPKG",
                "-nln",
                "участки");
        entries = new java.util.ArrayList<>(shapefileEntries("del", plots(2, 33)));
        entries.add(new Entry("multi.gpkg", Files.readAllBytes(gpkg)));
        Path withGpkg = zip("shpgpkg.zip", entries.toArray(Entry[]::new));
        stateBefore = state();
        refused(withGpkg, null, "2 files of GIS data (del.shp, multi.gpkg)", SourceProblem.SEVERAL_DATASETS);
        assertThat(numbers(drafted(withGpkg, "участки"))).isEqualTo("05-085-036-001 05-085-036-002 05-085-036-003");
        // a table of values beside a Shapefile is no second layer, but it is named
        entries = new java.util.ArrayList<>(shapefileEntries("del", plots(2, 33)));
        entries.add(new Entry("реестр.csv", "kad_nomer;status\n05-085-033-001;свободен\n".getBytes(UTF_8)));
        LayerImporter.Draft withTable = drafted(zip("shpcsv.zip", entries.toArray(Entry[]::new)), null);
        assertThat(numbers(withTable)).isEqualTo("05-085-033-001 05-085-033-002");
        assertThat(withTable.issues())
                .anyMatch(i -> i.message()
                        .equals("the archive also holds реестр.csv, left unread: name one as the layer in the file to"
                                + " import it instead"));
    }

    /** The parts of a Shapefile of {@code features} written by GDAL in UTF-8, as zip entries named {@code path}.*. */
    private static List<Entry> shapefileEntries(String path, List<TestFiles.Feature> features, String... options)
            throws Exception {
        String name = path.replace('/', '_');
        List<String> args = new java.util.ArrayList<>(List.of("-lco", "ENCODING=UTF-8"));
        args.addAll(List.of(options));
        Path shp = TestFiles.convert(
                geojson(dir.resolve("shp-" + name + "/source.geojson"), features),
                dir.resolve("shp-" + name + "/out/" + name + ".shp"),
                "ESRI Shapefile",
                args.toArray(String[]::new));
        List<Entry> entries = new java.util.ArrayList<>();
        for (Path part : TestFiles.shapefileParts(shp)) {
            String extension = part.getFileName().toString().replaceFirst(".*\\.", ".");
            entries.add(new Entry(path + extension, Files.readAllBytes(part)));
        }
        return entries;
    }

    /** The cadastral numbers of a draft's plots, in the file's order. */
    /** The file a draft's revision records it read: the file sent, the file in it, the layer. */
    private static String source(LayerImporter.Draft draft) throws SQLException {
        return query("SELECT concat_ws(' | ', source_name, coalesce(source_file, '-'), source_layer) FROM"
                + " layer_revision WHERE id = " + draft.revisionId());
    }

    private static String numbers(LayerImporter.Draft draft) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT string_agg(cadastral_number, ' ' ORDER BY source_row) FROM"
                        + " plot_snapshot WHERE layer_revision_id = " + draft.revisionId())) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // refusals that say what to send instead

    @Test
    void aZipProtectedByAPasswordIsRefusedAsSuch() throws Exception {
        Path zip = zip("password.zip", new Entry("plots.geojson", plots).encrypted());
        refused(zip, null, "the zip is protected by a password", SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void anEntryCompressedInAWayZipFileDoesNotReadIsRefusedAsSuch() throws Exception {
        Path zip = zip("bzip2.zip", new Entry("plots.geojson", plots).method(12));
        refused(zip, null, "'plots.geojson' is compressed with BZip2", SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void anotherArchiveNamedZipIsNamedByItsBytes() throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(plots);
        }
        byte[] zip = Files.readAllBytes(zip("inner.zip", new Entry("plots.geojson", plots)));
        ByteArrayOutputStream exe = new ByteArrayOutputStream();
        exe.write(new byte[] {'M', 'Z'});
        exe.write(new byte[1000]);
        exe.write(zip);
        record Case(String file, byte[] bytes, String says) {}
        for (Case c : List.of(
                new Case("rar.zip", bytes("Rar!\u001a\u0007\u0001\u0000", 2000), "is a RAR archive"),
                new Case("7z.zip", bytes("7z\u00bc\u00af\u0027\u001c\u0000\u0004", 2000), "is a 7-Zip archive"),
                new Case("targz.zip", gzip.toByteArray(), "is a gzip file (.gz or .tar.gz)"),
                new Case("sfx.zip", exe.toByteArray(), "is a Windows program (.exe)"))) {
            Path file = Files.write(dir.resolve(c.file()), c.bytes());
            String message = refused(file, null, c.says(), SourceProblem.UNSUPPORTED_FORMAT);
            assertThat(message).contains("not a zip archive").contains("send its files in a zip");
        }
    }

    @Test
    void aFileNamedAsAnotherFormatIsReadAsWhatItIs() throws Exception {
        // renamed by hand, or saved by a program under another extension: its first bytes say what it is
        LayerImporter.Draft csv = drafted(Files.write(dir.resolve("gj_as.csv"), plots), null);
        assertThat(csv.accepted()).as(csv.issues().toString()).isEqualTo(3);
        assertThat(csv.issues())
                .anyMatch(i -> i.message()
                        .equals("the file gj_as.csv is a GeoJSON file by its contents, though its name ends in .csv:"
                                + " it was read as such"));
        Path gpkg = TestFiles.convert(
                geojson(dir.resolve("misnamed/src.geojson"), plots(3, 38)), dir.resolve("misnamed/plots.gpkg"), "GPKG");
        Path gpkgAsZip = Files.copy(gpkg, dir.resolve("misnamed/gpkg_as.zip"));
        LayerImporter.Draft fromGpkg = drafted(gpkgAsZip, null);
        assertThat(numbers(fromGpkg)).isEqualTo("05-085-038-001 05-085-038-002 05-085-038-003");
        assertThat(fromGpkg.issues()).anyMatch(i -> i.message().contains("is a GeoPackage by its contents"));
        Path shpAsGeojson = Files.copy(
                zip("shp.zip", shapefileEntries("plots", plots(3, 39)).toArray(Entry[]::new)),
                dir.resolve("misnamed/shp_as.geojson"));
        LayerImporter.Draft fromZip = drafted(shpAsGeojson, null);
        assertThat(numbers(fromZip)).isEqualTo("05-085-039-001 05-085-039-002 05-085-039-003");
        assertThat(fromZip.issues()).anyMatch(i -> i.message().contains("is a zip archive by its contents"));
        // a table of values named .geojson is no format GDAL's words would name
        stateBefore = state();
        Path table = Files.writeString(
                dir.resolve("misnamed/csv_as.geojson"), "kad_nomer;status;wkt\n05-085-012-001;свободен;POINT (1 2)\n");
        refused(
                table,
                null,
                "the file csv_as.geojson is not GeoJSON, though its name ends in .geojson: it begins with"
                        + " «kad_nomer;status;wkt»",
                SourceProblem.UNSUPPORTED_FORMAT);
    }

    @Test
    void aFileWithoutAnExtensionIsToldSo() throws Exception {
        Path file = Files.write(dir.resolve("plots"), plots);
        String message = refused(file, null, "the file plots has no extension", SourceProblem.UNSUPPORTED_FORMAT);
        assertThat(message).contains("GeoJSON").doesNotContain("cannot read .");
    }

    // ---------------------------------------------------------------------------------------------
    // limits kept

    @Test
    void aShapefileOfManyEmptyTextFieldsIsNoBomb() throws Exception {
        // ArcGIS and MapInfo export every text field 254 characters wide, spaces where it is empty: a
        // .dbf of 12 MB in a zip of some 50 KB, which packs it hundreds of times; and of more text
        // fields than PostgreSQL passes to one function
        StringBuilder empty = new StringBuilder("SELECT *");
        for (int i = 1; i <= 200; i++) {
            empty.append(", CAST('' AS character(254)) AS pole_").append(i);
        }
        Path shp = TestFiles.convert(
                geojson(dir.resolve("wide/source.geojson"), plots(250, 37)),
                dir.resolve("wide/out/wide.shp"),
                "ESRI Shapefile",
                "-lco",
                "ENCODING=UTF-8",
                "-dialect",
                "OGRSQL",
                "-sql",
                empty + " FROM source");
        Path zip = TestFiles.zip(dir.resolve("wide.zip"), TestFiles.shapefileParts(shp));
        assertThat(Files.size(shp.resolveSibling("wide.dbf"))).isGreaterThan(12_000_000L);
        assertThat(Files.size(zip) * 200).isLessThan(Files.size(shp.resolveSibling("wide.dbf")));
        LayerImporter.Draft draft = drafted(zip, null);
        assertThat(draft.accepted()).as(draft.issues().toString()).isEqualTo(250);
    }

    @Test
    void aBombThatListsItselfSmallStopsAtWhatItUnpacks() throws Exception {
        Path zip = zip("bomb.zip", new Entry("plots.geojson", new byte[20 * 1024 * 1024]).listedUnpackedAs(1024));
        refused(zip, null, "decompression bomb", SourceProblem.DECOMPRESSION_BOMB);
    }

    // ---------------------------------------------------------------------------------------------

    private static LayerImporter.Request request(Path file, String sourceLayer) {
        return new LayerImporter.Request(
                "plots-oskemen", file, profile, null, null, sourceLayer, "editor", null, dir.resolve("work"));
    }

    /**
     * The import fails with a message containing {@code expected} and of the kind {@code problem}, and
     * nothing changed: not the database, not the work folder.
     */
    private String refused(Path file, String sourceLayer, String expected, SourceProblem problem) throws Exception {
        Throwable error = catchThrowable(() -> importer.importFile(db, request(file, sourceLayer)));
        assertThat(error).isInstanceOfAny(BadSourceException.class, GdalException.class);
        assertThat(error.getMessage()).contains(expected);
        assertThat(error instanceof BadSourceException b ? b.problem() : ((GdalException) error).problem())
                .as(error.getMessage())
                .isEqualTo(problem);
        assertThat(state()).as("database after refusing " + file.getFileName()).isEqualTo(stateBefore);
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
        return error.getMessage();
    }

    private LayerImporter.Draft drafted(Path file, String sourceLayer) throws Exception {
        LayerImporter.Draft draft = importer.importFile(db, request(file, sourceLayer));
        assertThat(Files.list(dir.resolve("work")).toList()).as("work folder").isEmpty();
        return draft;
    }

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
                    || (SELECT count(*) || ' plots, ' || md5(string_agg(concat_ws('|', id, cadastral_number, status,
                        ST_AsText(geom), layer_revision_id, retired_revision_id), ';' ORDER BY id)) FROM land_plot)
                """);
    }

    private static String query(String sql) throws SQLException {
        return TestDatabases.value(db, sql);
    }

    private static String storedAndReadBack(String text) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement("SELECT ?::text")) {
            st.setString(1, text);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The bytes of {@code head} (each character one byte), then {@code length} bytes in all. */
    private static byte[] bytes(String head, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < head.length(); i++) {
            bytes[i] = (byte) head.charAt(i);
        }
        for (int i = head.length(); i < length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------
    // zips written byte by byte (APPNOTE 4.3: local headers and data, central directory, its end)

    /** An entry as a zip lays it out, with what a test changes. */
    private static final class Entry {
        final byte[] name;
        final byte[] data;
        int flags;
        int method = ZipEntry.DEFLATED;
        int madeBy = 0; // MS-DOS, as Windows archivers write
        long external;
        boolean listed = true;
        long listedPacked = -1;
        long listedUnpacked = -1;
        byte[] extra = new byte[0];

        /** A name in UTF-8, flagged as such when it is not ASCII, as Java and 7-Zip write it. */
        Entry(String name, byte[] data) {
            this(name.getBytes(UTF_8), data);
            if (name.chars().anyMatch(c -> c > 127)) {
                flags |= 0x800;
            }
        }

        /** A name of these bytes, not flagged as UTF-8. */
        Entry(byte[] name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        Entry stored() {
            method = ZipEntry.STORED;
            return this;
        }

        Entry method(int method) {
            this.method = method;
            return this;
        }

        /** Sizes and checksum after the data, not in the local header (general purpose bit 3). */
        Entry withDescriptor() {
            flags |= 0x8;
            return this;
        }

        Entry encrypted() {
            flags |= 0x1;
            return this;
        }

        /** A Unix symbolic link whose data is its target. */
        Entry symlink() {
            madeBy = 3;
            external = 0120777L << 16;
            return this;
        }

        /** In the local headers only, not in the central directory. */
        Entry unlisted() {
            listed = false;
            return this;
        }

        /** Listed in the central directory with both sizes {@code size}. */
        Entry listedAs(long size) {
            listedPacked = size;
            listedUnpacked = size;
            return this;
        }

        /** Listed in the central directory as unpacking to {@code size} bytes. */
        Entry listedUnpackedAs(long size) {
            listedUnpacked = size;
            return this;
        }
    }

    private static Path zip(String file, Entry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        int listed = 0;
        for (Entry e : entries) {
            CRC32 crc = new CRC32();
            crc.update(e.data);
            byte[] packed = e.method == ZipEntry.DEFLATED ? deflated(e.data) : e.data;
            boolean descriptor = (e.flags & 0x8) != 0;
            int offset = out.size();
            int32(out, 0x04034b50);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, e.method);
            int16(out, 0); // 00:00
            int16(out, (2024 - 1980) << 9 | 1 << 5 | 1); // 1 January 2024
            int32(out, descriptor ? 0 : crc.getValue());
            int32(out, descriptor ? 0 : packed.length);
            int32(out, descriptor ? 0 : e.data.length);
            int16(out, e.name.length);
            int16(out, e.extra.length);
            out.write(e.name);
            out.write(e.extra);
            out.write(packed);
            if (descriptor) {
                int32(out, 0x08074b50);
                int32(out, crc.getValue());
                int32(out, packed.length);
                int32(out, e.data.length);
            }
            if (!e.listed) {
                continue;
            }
            listed++;
            int32(central, 0x02014b50);
            int16(central, e.madeBy << 8 | 20);
            int16(central, 20);
            int16(central, e.flags);
            int16(central, e.method);
            int16(central, 0);
            int16(central, (2024 - 1980) << 9 | 1 << 5 | 1);
            int32(central, crc.getValue());
            int32(central, e.listedPacked >= 0 ? e.listedPacked : packed.length);
            int32(central, e.listedUnpacked >= 0 ? e.listedUnpacked : e.data.length);
            int16(central, e.name.length);
            int16(central, e.extra.length);
            int16(central, 0); // comment
            int16(central, 0); // disk
            int16(central, 0); // internal attributes
            int32(central, e.external);
            int32(central, offset);
            central.write(e.name);
            central.write(e.extra);
        }
        int directory = out.size();
        central.writeTo(out);
        int32(out, 0x06054b50);
        int16(out, 0);
        int16(out, 0);
        int16(out, listed);
        int16(out, listed);
        int32(out, central.size());
        int32(out, directory);
        int16(out, 0);
        return Files.write(dir.resolve(file), out.toByteArray());
    }

    private static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >> 8) & 0xff);
    }

    private static void int32(ByteArrayOutputStream out, long value) {
        int16(out, (int) (value & 0xffff));
        int16(out, (int) ((value >> 16) & 0xffff));
    }
}
