package kz.adalmap.importers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import kz.adalmap.importers.boundary.BoundaryLoader;
import kz.adalmap.importers.db.PgTarget;
import kz.adalmap.importers.demo.DemoLoader;
import kz.adalmap.importers.gdal.Ogr2Ogr;
import kz.adalmap.importers.generate.CadastreGenerator;
import kz.adalmap.importers.generate.DemoCity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The importers' command line: {@code java -jar adalmap-importers-*-exec.jar <command>}.
 * The database comes from {@code --db-url}/{@code --db-user} or {@code ADALMAP_DB_URL},
 * {@code ADALMAP_DB_USER}, {@code ADALMAP_DB_PASSWORD} (the password only from the environment).
 */
@Command(
        name = "adalmap-import",
        mixinStandardHelpOptions = true,
        description = "Loads GIS files into the AdalMap database and generates demo data.",
        subcommands = {
            ImporterMain.Migrate.class,
            ImporterMain.Generate.class,
            ImporterMain.Boundaries.class,
            ImporterMain.Demo.class,
            LayerCommands.Import.class,
            LayerCommands.Diff.class,
            LayerCommands.Publish.class,
            LayerCommands.Rollback.class,
            LayerCommands.Report.class,
            LayerCommands.Title.class
        })
public final class ImporterMain {

    public static void main(String[] args) {
        // not logback.xml: this jar is also a library inside geo-api, whose logging is Spring Boot's
        System.setProperty("logback.configurationFile", "logback-importers.xml");
        System.exit(commandLine().execute(args));
    }

    /** The command line, answering an error with its message (and exit code 2), a bug with its stack trace too. */
    static CommandLine commandLine() {
        return new CommandLine(new ImporterMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (!LayerCommands.isUserError(e)) {
                e.printStackTrace(cmd.getErr());
            }
            String message = onTheCommandLine(e.getMessage());
            cmd.getErr().println("error: " + message);
            CommandLine.ParseResult last = parsed;
            while (last.subcommand() != null) {
                last = last.subcommand();
            }
            if (last.hasMatchedOption("--json")) {
                // a script reading the report reads the refusal too, with its kind
                java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
                error.put("problem", LayerCommands.problemOf(e));
                error.put("message", message);
                // what the message says as a sentence's key and values, as the API's import job gives it
                // (null when it has no such wording)
                error.put("detail", kz.adalmap.importers.publish.ImportProblems.detail(e));
                cmd.getOut()
                        .println(tools.jackson.databind.json.JsonMapper.builder()
                                .build()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(java.util.Map.of("error", error)));
                cmd.getOut().flush();
            }
            return 2;
        });
    }

    /**
     * {@code message} as the command line says it: the layer in the file, which the web page's form
     * names so, is chosen here with {@code --source-layer}.
     */
    static String onTheCommandLine(String message) {
        return message == null ? null : message.replace(" as the layer in the file", " with --source-layer");
    }

    /** Database options shared by the commands that write. */
    static final class Database {
        @Option(
                names = "--db-url",
                description = "JDBC URL of the PostGIS database (default: $ADALMAP_DB_URL or the local cluster)")
        String url;

        @Option(names = "--db-user", description = "database user (default: $ADALMAP_DB_USER or adalmap)")
        String user;

        PgTarget target() {
            PgTarget env = PgTarget.fromEnvironment();
            PgTarget target =
                    new PgTarget(url != null ? url : env.jdbcUrl(), user != null ? user : env.user(), env.password());
            // on standard error, beside the progress: a command run without the variables writes to
            // the local cluster's database, and should say so
            System.err.println("database: " + target.jdbcUrl() + " (user " + target.user() + ")");
            return target;
        }
    }

    @Command(name = "migrate", description = "Applies the schema migrations to the database.")
    static final class Migrate implements Callable<Integer> {
        @Mixin
        Database db;

        @Override
        public Integer call() {
            db.target().migrate();
            return 0;
        }
    }

    @Command(
            name = "generate",
            description =
                    "Writes a synthetic cadastre (plots, networks, appeals) as GeoJSON, and GeoPackage with --gpkg.")
    static final class Generate implements Callable<Integer> {
        @Option(
                names = "--cities",
                split = ",",
                defaultValue = "oskemen,semey,kokshetau,astana",
                description = "city codes, comma-separated (default: ${DEFAULT-VALUE})")
        List<String> cities;

        @Option(
                names = "--plots",
                defaultValue = "20000",
                description = "number of plots in all (default: ${DEFAULT-VALUE})")
        int plots;

        @Option(names = "--appeals", defaultValue = "60", description = "number of appeals (default: ${DEFAULT-VALUE})")
        int appeals;

        @Option(
                names = "--seed",
                defaultValue = "2026",
                description = "random seed; the same seed gives the same files")
        long seed;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @Option(names = "--gpkg", description = "also write cadastre.gpkg (needs GDAL)")
        boolean gpkg;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(out);
            var summary = new CadastreGenerator(new CadastreGenerator.Options(
                            cities.stream().map(DemoCity::byCode).toList(), plots, appeals, seed))
                    .generate(out);
            if (gpkg) {
                Path gpkgFile = out.resolve("cadastre.gpkg");
                Files.deleteIfExists(gpkgFile);
                Ogr2Ogr ogr = new Ogr2Ogr();
                for (String layer : Arrays.asList("plots", "networks", "appeals")) {
                    ogr.convert(out.resolve(layer + ".geojson"), gpkgFile, "GPKG", layer);
                }
            }
            System.out.println(summary);
            return 0;
        }
    }

    @Command(
            name = "boundaries",
            description = "Loads regions and districts from the geokz shapefiles (kaz_admbnda_adm1_*, adm2_*).")
    static final class Boundaries implements Callable<Integer> {
        @Mixin
        Database db;

        @Option(names = "--from", required = true, description = "folder with the shapefiles")
        Path folder;

        @Override
        public Integer call() throws Exception {
            PgTarget target = db.target();
            target.migrate();
            System.out.println(new BoundaryLoader(new Ogr2Ogr()).load(target, folder));
            return 0;
        }
    }

    @Command(
            name = "demo",
            description = "Migrates the schema and loads the demo data set; running it again adds nothing.")
    static final class Demo implements Callable<Integer> {
        @Mixin
        Database db;

        @Option(
                names = "--cities",
                split = ",",
                defaultValue = "oskemen,semey,kokshetau,astana",
                description = "city codes, comma-separated (default: ${DEFAULT-VALUE})")
        List<String> cities;

        @Option(
                names = "--plots",
                defaultValue = "20000",
                description = "number of plots in all (default: ${DEFAULT-VALUE})")
        int plots;

        @Option(
                names = "--appeals",
                defaultValue = "1000",
                description = "number of appeals (default: ${DEFAULT-VALUE})")
        int appeals;

        @Option(names = "--seed", defaultValue = "2026", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--work-dir",
                required = true,
                description = "folder for the generated files, reused between runs")
        Path workDir;

        @Option(
                names = "--boundaries",
                description = "folder with the geokz boundary shapefiles, loaded first when given")
        Path boundaries;

        @Override
        public Integer call() throws Exception {
            PgTarget target = db.target();
            target.migrate();
            Ogr2Ogr ogr = new Ogr2Ogr();
            if (boundaries != null) {
                new BoundaryLoader(ogr).load(target, boundaries);
            }
            var result = new DemoLoader(ogr)
                    .load(
                            target,
                            new DemoLoader.Options(
                                    cities.stream().map(DemoCity::byCode).toList(), plots, appeals, seed, workDir));
            System.out.println(result);
            return 0;
        }
    }
}
