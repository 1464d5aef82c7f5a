package kz.adalmap.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copies the command line's imports leave when they are killed outright. */
class AbandonedCopiesTest {

    @TempDir
    Path tmp;

    @Test
    void aCopyUntouchedForADayIsRemovedAndNothingElse() throws Exception {
        Path killed = Files.createDirectories(tmp.resolve("adalmap-import2121742679899211683/import-64bf"));
        Files.writeString(killed.resolve("plots.shp"), "shapes");
        old(killed.getParent());
        Path running = Files.createDirectories(tmp.resolve("adalmap-import4277795397315366120"));
        Path someoneElses = Files.createDirectories(tmp.resolve("tomcat.8080.123"));
        old(someoneElses);
        LayerCommands.Import.removeAbandonedCopies(tmp, Duration.ofDays(1));
        assertThat(killed.getParent()).doesNotExist();
        assertThat(running).exists();
        assertThat(someoneElses).exists();
    }

    private static void old(Path folder) throws Exception {
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    }
}
