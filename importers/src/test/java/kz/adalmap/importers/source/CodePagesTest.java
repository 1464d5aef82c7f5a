package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodePagesTest {

    private static final String RUSSIAN =
            "Кадастровый номер;Статус;Адрес\n05-085-012-001;свободен;г. Усть-Каменогорск\n";

    @TempDir
    Path dir;

    @Test
    void aCsvIsTakenForTheCodePageItsBytesReadBestIn() throws Exception {
        assertThat(CodePages.guessText(write("1251.csv", RUSSIAN.getBytes(Charset.forName("windows-1251")))))
                .isEqualTo("CP1251");
        assertThat(CodePages.guessText(write("866.csv", RUSSIAN.getBytes(Charset.forName("IBM866")))))
                .isEqualTo("CP866");
        assertThat(CodePages.guessText(write("utf8.csv", RUSSIAN.getBytes(StandardCharsets.UTF_8))))
                .isNull();
        assertThat(CodePages.guessText(write("ascii.csv", "kad_nomer;status\n".getBytes(StandardCharsets.UTF_8))))
                .isNull();
    }

    @Test
    void aCsvAsciiForItsFirstMegabytesIsTakenForTheCodePageOfTheTextAfterThem() throws Exception {
        // an export whose first rows hold numbers and codes only, its Russian addresses past 4 MB:
        // the guess read the first 4 MB, found ASCII, and the addresses were read as UTF-8, garbled
        StringBuilder text = new StringBuilder("kad_nomer;status;adres;lon;lat\n");
        for (int i = 0; text.length() < 5 * 1024 * 1024; i++) {
            text.append(String.format("05-085-%03d-%03d;free;-;82.6;49.9%n", i / 1000 % 1000, i % 1000));
        }
        text.append("05-085-999-001;свободен;г. Усть-Каменогорск, ул. Абая;82.6;49.9\n");
        Path csv = write("late-1251.csv", text.toString().getBytes(Charset.forName("windows-1251")));
        assertThat(CodePages.guessText(csv)).isEqualTo("CP1251");
        // read once whole as UTF-8, the guess reads only the part where the text leaves ASCII
        CodePages.Utf8Reading reading = CodePages.readUtf8(csv);
        assertThat(reading.firstHigh()).isGreaterThan(4L * 1024 * 1024);
        assertThat(CodePages.guessText(csv, reading.firstHigh())).isEqualTo("CP1251");
        // and the import reads the file in it: its last row's address whole
        SourceFiles.Dataset dataset = new SourceFiles(64L * 1024 * 1024).privateCopy(csv, dir.resolve("work"));
        assertThat(dataset.guessedEncoding()).isEqualTo("CP1251");
        assertThat(Files.readString(dataset.path())).endsWith("г. Усть-Каменогорск, ул. Абая;82.6;49.9\n");
        // all ASCII, the whole file read: still UTF-8's
        Path ascii = write("ascii-long.csv", text.substring(0, 5 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII));
        assertThat(CodePages.guessText(ascii)).isNull();
    }

    @Test
    void latinLettersWithMarksAreTakenForTheWesternCodePage() throws Exception {
        // Portuguese and Kazakh in Latin letters, as a Windows set up for Western Europe saves them:
        // their marked letters read as Cyrillic ones in CP1251 («Naзгo»)
        String latin = "address;name\nAlto da Nação, Atlântico;Ädebi Ülken\nSão Benedito;Sítio Novo\n";
        assertThat(CodePages.guessText(write("1252.csv", latin.getBytes(Charset.forName("windows-1252")))))
                .isEqualTo("CP1252");
        // Russian text with a Latin letter typed into a word stays Russian, and so does Kazakh typed
        // with the Latin i for «і», as a keyboard without Kazakh letters writes it
        String russian = RUSSIAN + "05-085-012-002;cвободен;г. Семей\n";
        assertThat(CodePages.guessText(write("mixed.csv", russian.getBytes(Charset.forName("windows-1251")))))
                .isEqualTo("CP1251");
        String kazakh = "мекенжай;мәртебесi\nБiрлiк көшесi, Өскемен;бос\nТәуелсiздiк даңғылы;берiлдi\n";
        assertThat(CodePages.guessText(write(
                        "kk-i.csv",
                        kazakh.replace('ә', 'а')
                                .replace('ө', 'о')
                                .replace('ң', 'н')
                                .replace('Ө', 'О')
                                .getBytes(Charset.forName("windows-1251")))))
                .isEqualTo("CP1251");
        assertThat(CodePages.canonical("latin1")).isEqualTo("ISO-8859-1");
        assertThat(CodePages.canonical("windows-1252")).isEqualTo("CP1252");
        CodePages.toUtf8(dir.resolve("1252.csv"), dir.resolve("1252-utf8.csv"), "CP1252");
        assertThat(Files.readString(dir.resolve("1252-utf8.csv"))).isEqualTo(latin);
    }

    @Test
    void rewritesEachCodePageInUtf8() throws Exception {
        Path cp866 = write("866.csv", RUSSIAN.getBytes(Charset.forName("IBM866")));
        CodePages.toUtf8(cp866, dir.resolve("866-utf8.csv"), "CP866");
        assertThat(Files.readString(dir.resolve("866-utf8.csv"))).isEqualTo(RUSSIAN);
        // PT154 holds the Kazakh letters at 0x80–0xBF (Ә at 0xAA, қ at 0x9D), and CP1251's above (а at 0xE0)
        byte[] kazakh = {(byte) 0xAA, (byte) 0x9D, (byte) 0xE0};
        Path pt154 = write("kk.csv", kazakh);
        CodePages.toUtf8(pt154, dir.resolve("kk-utf8.csv"), "PT154");
        assertThat(Files.readString(dir.resolve("kk-utf8.csv"))).isEqualTo("Әқа");
        // its 0xA0 is a no-break space, as in every Windows code page
        Path space = write("nbsp.csv", new byte[] {(byte) 0xC6, (byte) 0xA0, (byte) 0xE4});
        CodePages.toUtf8(space, dir.resolve("nbsp-utf8.csv"), "PT154");
        assertThat(Files.readString(dir.resolve("nbsp-utf8.csv"))).isEqualTo("Ж\u00A0д");
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void utf8WithAFewDamagedBytesIsToldFromAnotherCodePage() throws Exception {
        byte[] utf8 = RUSSIAN.getBytes(StandardCharsets.UTF_8);
        // the first byte of the second line's «с» of «свободен» lost
        int at = RUSSIAN.substring(0, RUSSIAN.indexOf("свободен")).getBytes(StandardCharsets.UTF_8).length;
        byte[] damaged = new byte[utf8.length - 1];
        System.arraycopy(utf8, 0, damaged, 0, at);
        System.arraycopy(utf8, at + 1, damaged, at, utf8.length - at - 1);
        CodePages.Utf8Reading reading = CodePages.readUtf8(write("damaged.csv", damaged));
        assertThat(reading.broken()).isEqualTo(1);
        assertThat(reading.firstLine()).isEqualTo(2);
        assertThat(reading.damaged()).isTrue();
        assertThat(CodePages.readUtf8(write("whole.csv", utf8)).damaged()).isFalse();
        // no single-byte code page's Cyrillic text is UTF-8 with a few bytes wrong
        for (String charset : java.util.List.of("windows-1251", "IBM866", "KOI8-R")) {
            assertThat(CodePages.readUtf8(write(charset + ".csv", RUSSIAN.getBytes(Charset.forName(charset))))
                            .damaged())
                    .as(charset)
                    .isFalse();
        }
        CodePages.replaceBroken(dir.resolve("damaged.csv"));
        assertThat(Files.readString(dir.resolve("damaged.csv"))).contains(";\ufffdвободен;");
    }
}
