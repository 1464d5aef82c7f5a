package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NulEscapesTest {

    @TempDir
    Path dir;

    @Test
    void escapedNulsAreLeftOutAndTheRestOfTheTextKept() throws Exception {
        Path file = Files.writeString(
                dir.resolve("a.geojson"),
                "{\"adres\": \"ул. Абая\\u0000 12\", \"b\": \"\\\\u0000 is text\", \"c\": \"\\u00001\\\"\\u0000\"}");
        byte[] before = Files.readAllBytes(file);
        Path link = Files.createLink(dir.resolve("user.geojson"), file);
        assertThat(SourceFiles.withoutNulEscapes(file)).isEqualTo(3);
        assertThat(Files.readString(file))
                .isEqualTo("{\"adres\": \"ул. Абая 12\", \"b\": \"\\\\u0000 is text\", \"c\": \"1\\\"\"}");
        assertThat(Files.readAllBytes(link))
                .as("the file the copy was linked to")
                .isEqualTo(before);
    }

    @Test
    void aFileWithoutThemIsLeftAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("b.geojson"), "{\"a\": \"\\u0041\\\\\"}", StandardCharsets.UTF_8);
        long modified = Files.getLastModifiedTime(file).toMillis();
        assertThat(SourceFiles.withoutNulEscapes(file)).isZero();
        assertThat(Files.readString(file)).isEqualTo("{\"a\": \"\\u0041\\\\\"}");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    }
}
