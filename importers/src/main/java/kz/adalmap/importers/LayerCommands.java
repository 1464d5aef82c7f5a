package kz.adalmap.importers;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.gdal.GdalException;
import kz.adalmap.importers.profile.MappingProfile;
import kz.adalmap.importers.publish.AccessDeniedException;
import kz.adalmap.importers.publish.LayerImporter;
import kz.adalmap.importers.publish.LayerTitles;
import kz.adalmap.importers.publish.RefusedSteps;
import kz.adalmap.importers.publish.ReportText;
import kz.adalmap.importers.source.BadSourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands that import a file into a layer, show a revision's diff and report, publish, roll back
 * and retitle a layer.
 */
final class LayerCommands {

    private LayerCommands() {}

    /** Errors caused by the input or the state of the data, which a message explains without a stack trace. */
    static boolean isUserError(Exception e) {
        return e instanceof BadSourceException
                || e instanceof GdalException
                || e instanceof AccessDeniedException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof java.io.IOException;
    }

    /** The kind of an error, as the API's import jobs name it ({@link ImportProblems}), else another word. */
    static String problemOf(Exception e) {
        String code = kz.adalmap.importers.publish.ImportProblems.code(e);
        return code != null ? code : isUserError(e) ? "unreadable" : "server";
    }

    static LayerImporter importer(long maxBytes) {
        return LayerImporter.withGdal(maxBytes);
    }

    /** The layer and who acts on it. */
    static final class Target {
        @Mixin
        ImporterMain.Database db;

        @Option(
                names = "--layer",
                required = true,
                description = "code of the layer, e.g. plots-oskemen or networks-oskemen")
        String layer;

        @Option(
                names = "--user",
                defaultValue = "${sys:user.name}",
                description = "who does it, for the audit log (default: the system user)")
        String user;

        /**
         * Keeps step {@code step} of the layer, refused, in the audit log as the API keeps its refusals
         * ({@link RefusedSteps#record}); a row that cannot be written is said instead of replacing the
         * refusal.
         */
        void refused(PgTarget target, String step, Integer revision, String code, String message) {
            try {
                RefusedSteps.record(target, user, step, layer, revision, code, message);
            } catch (SQLException | RuntimeException unrecorded) {
                System.err.println(
                        "warning: the refusal could not be kept in the audit log: " + unrecorded.getMessage());
            }
        }

        /**
         * Takes step {@code step} of the layer, {@code revision} of it if it names one: a refusal of it
         * ({@link IllegalStateException}) is kept in the audit log ({@link #refused}) and thrown on.
         */
        <T> T refusedKept(PgTarget target, String step, Integer revision, Step<T> action) throws SQLException {
            try {
                return action.take();
            } catch (IllegalStateException e) {
                refused(target, step, revision, RefusedSteps.code(e), e.getMessage());
                throw e;
            }
        }
    }

    /** A step on a layer that may be refused: publishing, rolling back, retitling. */
    @FunctionalInterface
    interface Step<T> {
        T take() throws SQLException;
    }

    @Command(
            name = "import",
            description =
                    "Reads a plots, networks or custom layer's file (zipped Shapefile, GeoPackage, GeoJSON, KML/KMZ, MapInfo TAB or MIF, CSV)"
                            + " into a layer as a draft revision, validates it and prints the report and the diff against the"
                            + " published layer.")
    static final class Import implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--file", required = true, description = "the file to import")
        Path file;

        @Option(
                names = "--profile",
                description =
                        "attribute mapping: a built-in profile (cadastre-export, demo-plots for plots; networks) or a"
                                + " JSON file (default: cadastre-export; a layer defined as data reads its attributes by name"
                                + " or label, or through a JSON file of kind custom)")
        String profile;

        @Option(
                names = "--srs",
                description = "the file's coordinate system when it has none or a wrong one: EPSG:32643, a WKT or PROJ"
                        + " definition, or a file holding one")
        String srs;

        @Option(
                names = "--encoding",
                description = "code page of a Shapefile DBF, MapInfo, CSV or GeoJSON file when it does not say"
                        + " it or says it wrongly: CP1251, CP866, PT154 or KZ-1048 (the two Kazakh code pages),"
                        + " UTF-8")
        String encoding;

        @Option(
                names = "--source-layer",
                description =
                        "the layer to read in a file that has several (GeoPackage), or the folder of a KML file to read"
                                + " (with the folders in it)")
        String sourceLayer;

        @Option(
                names = "--title",
                description = "the title of a layer the import creates, in Kazakh, Russian and English alike"
                        + " (a language given none shows the layer's kind and code); the command title changes"
                        + " the titles of a layer")
        String title;

        @Option(names = "--title-kk", description = "the title of a layer the import creates, in Kazakh")
        String titleKk;

        @Option(names = "--title-ru", description = "the title of a layer the import creates, in Russian")
        String titleRu;

        @Option(names = "--title-en", description = "the title of a layer the import creates, in English")
        String titleEn;

        @Option(names = "--publish", description = "publish the revision at once when nothing was rejected")
        boolean publish;

        @Option(
                names = "--reason",
                description =
                        "reason recorded in the audit log and in the history of plots whose status changes or that leave"
                                + " the layer or come back (none or blank: the default one)")
        String reason;

        @Option(
                names = "--network-kind",
                description = "for a networks file without a kind field: the kind of all its features (power,"
                        + " gas, water, sewerage, heating, telecom); implies --profile networks when none is given")
        String networkKind;

        @Option(names = "--json", description = "print the report as JSON")
        boolean json;

        @Option(
                names = "--check-all",
                description = "check every feature of a plots file, not only the rows that differ from the"
                        + " published revision's file (same result; for after a change of the code lists)")
        boolean checkAll;

        @Option(
                names = "--max-mb",
                defaultValue = "4096",
                description = "largest file, unpacked, in MB (default: ${DEFAULT-VALUE})")
        long maxMb;

        @Override
        public Integer call() throws Exception {
            PgTarget db = target.db.target();
            // the schema check (a first connection) and the profile's parser each take a good part of
            // a second in a JVM just started: one on another thread while the other runs here
            java.util.concurrent.CompletableFuture<Void> schema =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        // the logging set-up too, which the importer would otherwise wait for
                        org.slf4j.LoggerFactory.getILoggerFactory();
                        db.migrateIfBehind();
                    });
            MappingProfile mapping = MappingProfile.forImport(profile, networkKind);
            LayerTitles titles = LayerTitles.of(title, titleKk, titleRu, titleEn);
            LayerImporter importer = importer(maxMb * 1024 * 1024);
            try {
                schema.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            Path work = Files.createTempDirectory("adalmap-import");
            // the copies of imports killed outright (kill -9, the machine's power), which removed nothing
            removeAbandonedCopies(work.getParent(), java.time.Duration.ofDays(1));
            // an import stopped with Ctrl-C leaves no copy of its file behind either
            Thread removeWork = new Thread(() -> deleteQuietly(work), "remove-import-copy");
            Runtime.getRuntime().addShutdownHook(removeWork);
            try {
                LayerImporter.Request request = new LayerImporter.Request(
                        target.layer, file, mapping, srs, encoding, sourceLayer, target.user, null, work, titles);
                LayerImporter with = checkAll ? importer.checkingEveryFeature() : importer;
                if (!publish) {
                    print(System.out, with.importFile(db, request), false);
                    return 0;
                }
                // imported and published in one transaction when nothing was rejected
                LayerImporter.Imported imported = with.importAndPublish(db, request, reason);
                LayerImporter.Draft draft = imported.draft();
                print(System.out, draft, imported.published() != null);
                if (imported.heldBackBy() != null) {
                    System.err.println("not published: " + heldBack(imported.heldBackBy()));
                    return 3;
                }
                if (imported.published() == null && draft.rejected() == 0) {
                    // the report said it: the file holds what is already public
                    return 0;
                }
                if (imported.published() == null && draft.diff().isEmpty()) {
                    // the report said it: nothing but the rejected rows differs
                    return 3;
                }
                if (imported.published() == null) {
                    System.err.println("not published: " + draft.rejected() + " features were rejected; correct"
                            + " them, or publish this draft as it is with the publish command");
                    return 3;
                }
                System.out.println(
                        "published revision " + draft.revisionNumber() + ": " + ReportText.diff(imported.published()));
                return 0;
            } finally {
                // with what an import cut off by an error left in it (the importer removes its own folder)
                try {
                    Runtime.getRuntime().removeShutdownHook(removeWork);
                } catch (IllegalStateException stopping) {
                    // the hook is already running
                }
                deleteQuietly(work);
            }
        }

        /**
         * Removes from {@code folder} the copies of the command line's imports ({@code adalmap-import…})
         * untouched for longer than {@code age}: an import killed outright leaves its copy, which no
         * later import would otherwise remove (an unpacked archive may take gigabytes).
         */
        static void removeAbandonedCopies(Path folder, java.time.Duration age) {
            java.time.Instant before = java.time.Instant.now().minus(age);
            try (java.util.stream.Stream<Path> copies = Files.list(folder)) {
                for (Path copy : copies.filter(p -> p.getFileName().toString().startsWith("adalmap-import"))
                        .toList()) {
                    if (Files.isDirectory(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
                        deleteQuietly(copy);
                    }
                }
            } catch (java.io.IOException e) {
                System.err.println("could not look for abandoned import copies in " + folder + ": " + e.getMessage());
            }
        }

        private static void deleteQuietly(Path work) {
            try {
                kz.adalmap.importers.source.SourceFiles.deleteTree(work);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                System.err.println("could not remove the import's copy in " + work + ": " + e.getMessage());
            }
        }

        private void print(PrintStream out, LayerImporter.Draft draft, boolean published) {
            if (json) {
                out.println(JsonMapper.builder()
                        .build()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(draft));
            } else {
                out.print(ReportText.draft(target.layer, draft, published));
            }
        }
    }

    @Command(
            name = "title",
            description = "Changes the titles of a plots or networks layer, in one language or several; a blank title"
                    + " (\"\") gives the language back to none, which the pages show as the layer's kind and code."
                    + " A layer defined as data is titled in its definition.")
    static final class Title implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(
                names = "--title",
                description = "the layer's title in Kazakh, Russian and English alike (\"\": none in the three)")
        String title;

        @Option(names = "--title-kk", description = "the layer's title in Kazakh (\"\": none)")
        String titleKk;

        @Option(names = "--title-ru", description = "the layer's title in Russian (\"\": none)")
        String titleRu;

        @Option(names = "--title-en", description = "the layer's title in English (\"\": none)")
        String titleEn;

        @Override
        public Integer call() throws SQLException {
            // each language's own title over the one for all three; a language not given keeps its title
            java.util.Map<String, String> titles = new java.util.LinkedHashMap<>();
            String[] given = {titleKk, titleRu, titleEn};
            for (int i = 0; i < given.length; i++) {
                String one = given[i] != null ? given[i] : title;
                if (one != null) {
                    titles.put(LayerTitles.LANGUAGES.get(i), one);
                }
            }
            if (titles.isEmpty()) {
                throw new IllegalArgumentException(
                        "give the layer's titles: --title for the three languages, or --title-kk, --title-ru,"
                                + " --title-en (\"\" for none)");
            }
            PgTarget db = target.db.target();
            LayerImporter.Titles now = target.refusedKept(
                    db, "title", null, () -> importer(0).retitle(db, target.layer, titles, target.user, null));
            System.out.println("layer " + now.code() + " (" + now.kind() + ") is titled");
            String[] titled = {now.kk(), now.ru(), now.en()};
            for (int i = 0; i < titled.length; i++) {
                System.out.println("  " + LayerTitles.LANGUAGES.get(i) + ": "
                        + (titled[i] == null ? "none (the pages show its kind and code)" : titled[i]));
            }
            return 0;
        }
    }

    @Command(name = "diff", description = "Lists the plots or network features a revision adds, changes and removes.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--revision", required = true, description = "revision number")
        int revision;

        @Override
        public Integer call() throws SQLException {
            PgTarget db = target.db.target();
            List<String[]> changes = importer(0).changes(db, target.layer, revision, target.user);
            // a draft's changed plot: what publishing changes on it, as the editor's page says it
            java.util.Map<String, LayerImporter.PlotDifference> differences =
                    importer(0).plotDifferences(db, target.layer, revision);
            for (String[] change : changes) {
                // a network feature as a person finds it, then a plot or network feature whose key
                // changed: the key it had
                LayerImporter.PlotDifference d = differences.get(change[1]);
                System.out.println(change[0] + "\t" + change[1] + (change[3] == null ? "" : "\t" + change[3])
                        + (change[2] == null ? "" : "\twas " + change[2])
                        + (d == null ? "" : "\t" + difference(d, change[2] != null)));
            }
            // the tally a clerk compares with the import's summary
            java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
            changes.forEach(change -> kinds.merge(change[0], 1L, Long::sum));
            System.out.println(changes.size()
                    + (changes.size() == 1 ? " change" : " changes")
                    + (changes.isEmpty()
                            ? ""
                            : ": " + kinds.getOrDefault("added", 0L) + " added, " + kinds.getOrDefault("changed", 0L)
                                    + " changed, " + kinds.getOrDefault("removed", 0L) + " removed"));
            return 0;
        }
    }

    /**
     * What publishing changes on a plot: {@code status: in_application → allocated; address: ул. Абая, 1 →
     * ул. Абая, 3; outline redrawn; fields kept: OBJECTID} (each public field that differs, as the API
     * names it, then the outline and the fields kept beside the public ones); {@code nothing but the
     * number} for a plot {@code renumbered} and changed in nothing else.
     */
    static String difference(LayerImporter.PlotDifference d, boolean renumbered) {
        List<String> parts = new java.util.ArrayList<>();
        for (String field : d.after().keySet()) {
            parts.add(field + ": " + d.before().get(field) + " → " + d.after().get(field));
        }
        if (d.geometryChanged()) {
            parts.add("outline redrawn");
        }
        if (!d.keptFields().isEmpty()) {
            parts.add("fields kept: " + String.join(", ", d.keptFields()));
        }
        if (parts.isEmpty()) {
            // every field a plot is compared by is said above, but its number
            return renumbered ? "nothing but the number" : "no field";
        }
        return String.join("; ", parts);
    }

    @Command(name = "report", description = "Prints the problems found in a revision's file, feature by feature.")
    static final class Report implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--revision", required = true, description = "revision number")
        int revision;

        @Override
        public Integer call() throws SQLException {
            System.out.print(ReportText.issues(importer(0).issues(target.db.target(), target.layer, revision)));
            return 0;
        }
    }

    @Command(name = "publish", description = "Makes a draft revision the public layer, in one transaction.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--revision", required = true, description = "the draft's revision number")
        int revision;

        @Option(
                names = "--reason",
                description =
                        "reason recorded in the audit log and in the history of plots whose status changes or that leave"
                                + " the layer or come back (none or blank: the default one)")
        String reason;

        @Option(
                names = {"--confirm", "--confirm-datum"},
                description = "publish a draft whose report warns of what only someone who has looked publishes: its"
                        + " coordinates may lie elsewhere (a datum no map of Kazakhstan uses, degrees read past a .prj"
                        + " GDAL cannot read), it removes a large share of the public plots, moves them together by"
                        + " metres, renumbers them only by zeros, takes a networks layer's other kinds off the map, holds"
                        + " text read in a code page it is not in, or comes from a GeoPackage copied while open without"
                        + " its -wal; the draft was checked")
        boolean confirmDatum;

        @Override
        public Integer call() throws SQLException {
            PgTarget db = target.db.target();
            // a database an earlier version left: its draft is then refused as that version's
            db.migrateIfBehind();
            LayerImporter.PlacementWarning warned =
                    confirmDatum ? null : importer(0).warningToConfirm(db, target.layer, revision);
            if (warned != null) {
                boolean placement = LayerImporter.PLACEMENT_WARNINGS.contains(
                        warned.detail().get("key"));
                String message = "not published: " + warned.message()
                        + (placement
                                ? "; check where its plots lie, and publish it with --confirm-datum if they are right"
                                : "; look at the draft, and publish it with --confirm if it is right");
                target.refused(
                        db, "publish", revision, placement ? "datum_not_confirmed" : "warning_not_confirmed", message);
                System.err.println(message);
                return 3;
            }
            LayerImporter.Diff diff = target.refusedKept(
                    db,
                    "publish",
                    revision,
                    () -> importer(0).publish(db, target.layer, revision, target.user, reason));
            System.out.println("published revision " + revision + " of " + target.layer + ": " + ReportText.diff(diff));
            return 0;
        }
    }

    /**
     * Why {@code import --publish} kept a draft, held back by the report's warning {@code key} ({@link
     * LayerImporter.Imported#heldBackBy}), and what to do: each is published with {@code publish --confirm}.
     */
    static String heldBack(String key) {
        if (key.equals(LayerImporter.KINDS_LEFT_OUT)) {
            return "the file holds no features of kinds the published layer has, and publishing it would take them"
                    + " off the map (the report names them); if the file is the whole layer, publish this draft with"
                    + " the publish command and --confirm";
        }
        if (key.equals(LayerImporter.WRONG_ENCODING)) {
            return "the report warns that the file's text was read in a code page it is not in, and it would be"
                    + " published garbled; import the file again with the --encoding the warning names, or, if its"
                    + " text reads right after all, publish this draft with the publish command and --confirm";
        }
        if (key.equals(LayerImporter.TEXT_LOST)) {
            return "the report warns that letters of the file's text were lost before it was read (a «?» where a"
                    + " Kazakh letter was, as a file saved in Windows Cyrillic, CP1251, holds it), and it would be"
                    + " published with them lost; save the file in UTF-8 («CSV UTF-8») and import it again, or, if"
                    + " its text reads right after all, publish this draft with the publish command and --confirm";
        }
        if (key.equals(LayerImporter.WAL_NOT_SENT)) {
            return "the report warns that the GeoPackage was copied while a program had it open, and the edits saved"
                    + " since may be in its -wal, which was not sent; import the file again once QGIS has closed it,"
                    + " or zipped with its -wal, or, if it holds the last edits after all, publish this draft with"
                    + " the publish command and --confirm";
        }
        if (LayerImporter.WRONG_PLACE.contains(key)) {
            return "the report warns that the file's features lie outside the layer's region or far from its"
                    + " published ones, where a wrong coordinate system (a zone one off) puts them; check the file's"
                    + " .prj, or import it again with the right --srs, or, if they lie right, publish this draft with"
                    + " the publish command and --confirm";
        }
        if (LayerImporter.REVIEW_WARNINGS.contains(key)) {
            // a selection or a cut-off file, plots moved together, numbers padded with zeros
            return "the report warns that this draft would change the public layer in a way a mistake in the file"
                    + " does (" + key + ", its file warning above); look at the draft, and publish it with the"
                    + " publish command and --confirm if it is right, or correct the file and import it again";
        }
        // a datum no map of Kazakhstan uses, degrees read past a .prj GDAL cannot read, X and Y either way
        return "the report warns that the file's coordinates may lie elsewhere than they say (its datum, or its"
                + " .prj); check where its plots lie, and publish this draft with the publish command and"
                + " --confirm-datum if they are right";
    }

    @Command(name = "rollback", description = "Makes the layer public as it was before its current revision.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(
                names = "--reason",
                description =
                        "reason recorded in the audit log and in the history of plots whose status changes or that leave"
                                + " the layer or come back (none or blank: the default one)")
        String reason;

        @Option(
                names = "--revision",
                description = "the number of the published revision to retire: refused if another is published (a"
                        + " rollback run twice retires one revision only)")
        Integer revision;

        @Override
        public Integer call() throws SQLException {
            PgTarget db = target.db.target();
            db.migrateIfBehind();
            LayerImporter.Diff diff = target.refusedKept(
                    db, "rollback", null, () -> importer(0).rollback(db, target.layer, target.user, reason, revision));
            // what the rollback did to the public layer, not the retired revision's own diff
            System.out.println("rolled back " + target.layer + "; on the public map " + diff.added() + " put back, "
                    + diff.changed() + " returned to their earlier version, " + diff.removed() + " taken off, "
                    + diff.unchanged() + " as they were");
            return 0;
        }
    }
}
