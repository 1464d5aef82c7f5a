package kz.adalmap.api.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttachmentSniffTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "ffd8ffe000104a464946, JPEG",
        "ffd8ffe1, JPEG",
        "89504e470d0a1a0a0000000d49484452, PNG",
        "52494646240000005745425056503820, WEBP",
        "0000001c6674797068656963, HEIC",
        "000000186674797069736f6d, MP4",
        "000000206674797070343220, ''",
        "000000206674797069736f6d, MP4",
        "00000020667479704d344120, M4A",
        "4f676753000200000000, OGG",
        "1a45dfa3a34286810142, WEBM",
        "49443304000000000000, MP3",
        "fffb9064, MP3",
        // an executable, HTML, a PDF, a ZIP, an SVG, text and nothing at all
        "4d5a90000300000004000000, ''",
        "3c21444f43545950452068746d6c3e, ''",
        "255044462d312e34, ''",
        "504b0304, ''",
        "3c737667, ''",
        "48656c6c6f, ''",
        "'', ''",
    })
    void recognisesTypesByTheirFirstBytes(String hex, String expected) {
        Optional<AttachmentType> type = AttachmentType.sniff(HexFormat.of().parseHex(hex));
        if (expected.isEmpty()) {
            assertThat(type).isEmpty();
        } else {
            assertThat(type).contains(AttachmentType.valueOf(expected));
        }
    }

    @ParameterizedTest
    @CsvSource({"<html><script>alert(1)</script>", "MZ this program cannot be run in DOS mode", "GIF89a"})
    void aFileNamedPhotoJpgIsJudgedByItsContent(String content) {
        assertThat(AttachmentType.sniff(content.getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }
}
