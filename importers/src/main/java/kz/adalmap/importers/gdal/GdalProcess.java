package kz.adalmap.importers.gdal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kz.adalmap.importers.source.SourceProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a GDAL command-line tool with its arguments as a list (never through a shell) and returns what it printed. */
final class GdalProcess {

    private static final Logger log = LoggerFactory.getLogger(GdalProcess.class);

    /** How long a tool may run: reading a large file into staging may take long, describing one not. */
    static final java.time.Duration READING = java.time.Duration.ofMinutes(60);

    static final java.time.Duration DESCRIBING = java.time.Duration.ofMinutes(10);

    /**
     * util-linux's {@code setpriv}, when the system has it: a tool started through it with {@code
     * --pdeathsig KILL} is killed by the kernel when the server that started it dies, even by {@code
     * kill -9}, instead of writing on into a table nobody will read.
     */
    private static final String SETPRIV =
            java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setpriv")) ? "/usr/bin/setpriv" : null;

    /** The tools running now with the files they write to, stopped and deleted when the JVM shuts down. */
    private static final Map<Process, java.nio.file.Path> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GdalProcess::stopAll, "gdal-stop"));
    }

    /** Set once the JVM shuts down: no tool starts after that. */
    private static boolean stopping;

    private static synchronized void stopAll() {
        stopping = true;
        RUNNING.forEach((process, output) -> {
            process.destroyForcibly();
            try {
                java.nio.file.Files.deleteIfExists(output);
            } catch (IOException e) {
                // the system cleans its temporary folder
            }
        });
    }

    private GdalProcess() {}

    static String run(String executable, List<String> args, Map<String, String> environment) {
        return run(executable, args, environment, READING);
    }

    /**
     * Runs the tool and returns its output (errors included); it is stopped, and {@link
     * SourceProblem#TIMEOUT} thrown, when it has not finished within {@code timeout}. The output goes
     * to a file, not a pipe: a tool that hangs without writing cannot hold the wait.
     */
    static String run(
            String executable, List<String> args, Map<String, String> environment, java.time.Duration timeout) {
        return run(executable, args, environment, timeout, null);
    }

    /** Like {@link #run(String, List, Map, java.time.Duration)}, with {@code input} as the tool's standard input. */
    static String run(
            String executable,
            List<String> args,
            Map<String, String> environment,
            java.time.Duration timeout,
            String input) {
        return run(executable, args, environment, timeout, input, null);
    }

    /**
     * A file a tool writes, {@code file}, that may not grow beyond {@code maxBytes}: the tool is
     * stopped when it does, and {@code problem} thrown with {@code message}.
     */
    record SizeLimit(java.nio.file.Path file, long maxBytes, SourceProblem problem, String message) {}

    /** Like {@link #run(String, List, Map, java.time.Duration, String)}, stopping the tool at {@code limit}. */
    static String run(
            String executable,
            List<String> args,
            Map<String, String> environment,
            java.time.Duration timeout,
            String input,
            SizeLimit limit) {
        List<String> command = new ArrayList<>();
        if (SETPRIV != null) {
            command.addAll(List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
        }
        command.add(executable);
        command.addAll(args);
        String tool = executable.substring(executable.lastIndexOf('/') + 1);
        java.nio.file.Path output = null;
        java.nio.file.Path in = null;
        Process process = null;
        try {
            synchronized (GdalProcess.class) {
                if (stopping) {
                    throw new GdalException(SourceProblem.SERVER, "stopped: the program is shutting down", null);
                }
                output = java.nio.file.Files.createTempFile("adalmap-" + tool, ".txt");
                if (input != null) {
                    in = java.nio.file.Files.writeString(
                            java.nio.file.Files.createTempFile("adalmap-" + tool, ".in"), input);
                }
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(
                                ProcessBuilder.Redirect.from(in == null ? new java.io.File("/dev/null") : in.toFile()));
                builder.environment().putAll(environment);
                log.debug("running {}", command);
                process = builder.start();
                RUNNING.put(process, output);
            }
            if (!finished(process, timeout, limit)) {
                process.destroyForcibly();
                throw new GdalException(
                        SourceProblem.TIMEOUT,
                        tool + " did not finish within " + timeout.toMinutes() + " minutes: the file is too large"
                                + " or holds something that cannot be read to its end (a GeoPackage view that"
                                + " never ends); it was stopped",
                        null);
            }
            // GDAL echoes a file's bytes in its messages, in whatever code page they are
            String text = new String(java.nio.file.Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                SourceProblem problem = problem(text);
                throw new GdalException(
                        problem,
                        // a damaged file is said as such, not as GDAL's failure to read it
                        (problem == SourceProblem.DAMAGED ? "" : "GDAL could not read or write the data: ")
                                + (text.isEmpty() ? tool + " exited with " + process.exitValue() : clean(text)),
                        null);
            }
            return text;
        } catch (IOException e) {
            throw new GdalException(
                    SourceProblem.SERVER,
                    "could not run " + executable + " — is GDAL installed? (Debian: apt-get install gdal-bin): "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GdalException(SourceProblem.SERVER, "interrupted while running " + tool, e);
        } finally {
            if (process != null) {
                // stopped with the job that ran it, when that was interrupted
                process.destroyForcibly();
                RUNNING.remove(process);
            }
            if (in != null) {
                try {
                    java.nio.file.Files.deleteIfExists(in);
                } catch (IOException e) {
                    log.warn("could not delete {}: {}", in, e.getMessage());
                }
            }
            if (output != null) {
                try {
                    java.nio.file.Files.deleteIfExists(output);
                } catch (IOException e) {
                    log.warn("could not delete {}: {}", output, e.getMessage());
                }
            }
        }
    }

    /**
     * Waits for {@code process} at most {@code timeout}; false when it has not finished by then.
     * With a {@code limit}, looks at the size of its file five times a second, and stops the process
     * and throws once it is over.
     */
    private static boolean finished(Process process, java.time.Duration timeout, SizeLimit limit)
            throws InterruptedException {
        if (limit == null) {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!process.waitFor(
                Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
            if (size(limit.file()) > limit.maxBytes()) {
                process.destroyForcibly();
                process.waitFor();
                throw new GdalException(limit.problem(), limit.message(), null);
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
        }
        if (size(limit.file()) > limit.maxBytes()) {
            throw new GdalException(limit.problem(), limit.message(), null);
        }
        return true;
    }

    private static long size(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A failure people meet often: GDAL's words for it, its kind, and what to tell them. */
    private record Known(List<String> markers, SourceProblem problem, String explanation) {}

    private static final List<Known> KNOWN = List.of(
            new Known(
                    List.of("Non UTF-8 content"),
                    SourceProblem.UNKNOWN_ENCODING,
                    "the text in the file is not UTF-8, and the file does not say which code page it is in (or"
                            + " says UTF-8 wrongly): pass the encoding (CP1251, CP866 or PT154 for Kazakh)"),
            new Known(
                    List.of("restore .shx", "Corrupted .shp", "Corrupted .shx"),
                    SourceProblem.DAMAGED,
                    "the shapefile is damaged or truncated: its .shp does not hold the geometries its index and"
                            + " header promise; export it again"),
            new Known(
                    List.of(
                            "database disk image is malformed",
                            "file is not a database",
                            "file is encrypted or is not"),
                    SourceProblem.DAMAGED,
                    "the GeoPackage is damaged: SQLite, the database it is, finds it malformed, as when a part of it"
                            + " was changed or lost in copying; copy it again from where it was made, or save it anew"
                            + " from QGIS (Export › Save Features As)"),
            new Known(
                    List.of("attribute record from MID file", "Error during reading Record"),
                    SourceProblem.DAMAGED,
                    "the MapInfo table's .mid file is damaged: it has fewer rows than the .mif has objects, or a row"
                            + " whose quotation mark is not closed; export the table again from MapInfo (Table ›"
                            + " Export)"),
            new Known(
                    List.of("Failed to parse field definition", "COLUMNS keyword not found"),
                    SourceProblem.DAMAGED,
                    "the header of the MIF file is damaged: its Columns line does not count the column lines under"
                            + " it, or one of them cannot be read; export the table again from MapInfo (Table ›"
                            + " Export), or correct the header"),
            new Known(
                    List.of(
                            "Error during reading Geometry",
                            "GetObjPtr(): Invalid object ID",
                            "ReadFromFile() failed reading",
                            "Attempt to read past end of data block"),
                    SourceProblem.DAMAGED,
                    "the MapInfo table is damaged or cut short: an object of its .mif or .map, or a row of its"
                            + " .dat, cannot be read to its end; open it in MapInfo and save a copy (File › Save"
                            + " Copy As), or export it as MIF/MID (Table › Export), and import that"),
            new Known(
                    List.of("Failed to read GeoJSON data"),
                    SourceProblem.DAMAGED,
                    "the GeoJSON file is damaged: it is not whole JSON, it ends in the middle or a part of it is"
                            + " broken at the line GDAL names below (a copy cut short, or an edit by hand); export or"
                            + " copy it again"),
            new Known(
                    List.of("ERROR parsing kml"),
                    SourceProblem.DAMAGED,
                    "the KML file is damaged: it is not whole XML, a tag is not closed or the file ends in the"
                            + " middle, at the line GDAL names below (a copy cut short, or an edit by hand); export or"
                            + " copy it again"),
            new Known(
                    List.of("Cannot find coordinate operations", "Failed to create coordinate transformation"),
                    SourceProblem.WRONG_CRS,
                    "the file's coordinates cannot be turned into longitude/latitude from the coordinate system"
                            + " given: pass a definition that ties it to the Earth (an EPSG code, or a PROJ string or"
                            + " WKT with a datum)"),
            new Known(
                    // the database went away while GDAL wrote to it: nothing is wrong with the file
                    List.of(
                            "server closed the connection unexpectedly",
                            "terminating connection",
                            "connection to server",
                            "could not connect to server",
                            "no connection to the server",
                            "the database system is shutting down",
                            "could not extend file",
                            "No space left on device"),
                    SourceProblem.SERVER,
                    "the connection to the database was lost while the file was read (the database restarted, or"
                            + " ran out of room): the file is not at fault; send it again, and tell the administrator"
                            + " if it happens again"),
            new Known(
                    List.of("Failed to process SRS definition", "Failed to import spatial reference"),
                    SourceProblem.WRONG_CRS,
                    "the coordinate system given is not one GDAL knows: use an EPSG code (EPSG:32643), a WKT or a"
                            + " PROJ definition"));

    /** The known failure GDAL's output {@code text} tells of, or null. */
    private static Known known(String text) {
        return KNOWN.stream()
                .filter(k -> k.markers().stream().anyMatch(text::contains))
                .findFirst()
                .orElse(null);
    }

    /** The kind of failure GDAL's output {@code text} tells of: a known one's, else a file it cannot read. */
    private static SourceProblem problem(String text) {
        Known known = known(text);
        return known == null ? SourceProblem.UNREADABLE : known.problem();
    }

    /**
     * GDAL's own error lines, without its connection strings (they name the database user) and
     * without the rows of data it echoes, after a plain explanation of the errors people meet most.
     */
    private static String clean(String text) {
        String lines = text.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("Warning") && !line.startsWith("  -> "))
                // the line names the work table and echoes the row's data
                .filter(line -> !line.contains("Non UTF-8 content found when writing"))
                .map(line -> line.replaceAll("PG:[^']*", "PG:…"))
                .map(line -> line.length() > 240 ? line.substring(0, 240) + "…" : line)
                .limit(12)
                .reduce((a, b) -> a + "\n" + b)
                .orElse(text);
        Known known = known(text);
        if (known != null && known.problem() == SourceProblem.DAMAGED) {
            // the explanation says what is wrong; of GDAL's words, those that say where
            String where = text.lines()
                    .filter(line -> line.startsWith("ERROR"))
                    .filter(line -> !line.contains("Terminating translation prematurely")
                            && !line.contains("Unable to open datasource"))
                    // the private copy's folders (kmz/doc.kml): the file by its name alone
                    .map(line -> line.replaceAll("(?<=\\s)[^\\s:]*/([^/\\s:]+)", "$1"))
                    .map(line -> line.length() > 240 ? line.substring(0, 240) + "…" : line)
                    .limit(4)
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse(null);
            return where == null ? known.explanation() : known.explanation() + "\nGDAL's words: " + where;
        }
        return known == null ? lines : known.explanation() + "\n" + lines;
    }
}
