package kz.adalmap.api.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BboxTest {

    @Test
    void parsesLonLatCornersWithSpaces() {
        assertThat(Bbox.parse("bbox", "82.5, 49.9 ,82.7,50.0")).isEqualTo(new Bbox(82.5, 49.9, 82.7, 50.0));
    }

    @Test
    void acceptsADegeneratePointBox() {
        assertThat(Bbox.parse("bbox", "71,51,71,51")).isEqualTo(new Bbox(71, 51, 71, 51));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "'';                        expected four numbers",
                "1,2,3;                     expected four numbers",
                "1,2,3,4,5;                 expected four numbers",
                "x,2,3,4;                   minLon is not a number: 'x'",
                "1,,3,4;                    minLat is not a number: ''",
                "1,2,Infinity,4;            maxLon is not a number",
                "-181,2,3,4;                minLon -181 is outside -180..180",
                "1,-91,3,4;                 minLat -91 is outside -90..90",
                "80.1,49,76.9,50;           minLon 80.1 is greater than maxLon 76.9",
                "76,50,77,49;               minLat 50 is greater than maxLat 49",
            })
    void rejectsMalformedBoxesSayingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Bbox.parse("bbox", text))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("bbox: ")
                .hasMessageContaining(message);
    }

    @Test
    void doesNotEchoAHugeValueWhole() {
        String huge = "1,".repeat(5000);
        assertThatThrownBy(() -> Bbox.parse("bbox", huge)).message().hasSizeLessThan(200);
    }
}
