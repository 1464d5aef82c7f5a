package kz.adalmap.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.adalmap.importers.source.SourceFiles;

/**
 * Folders the tests write into (stores, browser profiles), deleted with everything in them when the
 * test JVM ends. Left behind, each run of the suite would leave some hundred megabytes in the
 * system's temporary folder, most of it Chromium's profiles.
 */
public final class TempDirs {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "temp-dirs"));
    }

    private TempDirs() {}

    /** A new empty folder in the system's temporary folder, named after {@code prefix}. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll() {
        for (Path dir : CREATED) {
            try {
                SourceFiles.deleteTree(dir);
            } catch (IOException | UncheckedIOException e) {
                // a browser still writing into its profile; the system cleans its temporary folder
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }
}
