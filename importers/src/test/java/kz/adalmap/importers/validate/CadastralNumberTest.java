package kz.adalmap.importers.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CadastralNumberTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            quoteCharacter = '"',
            value = {
                "05-085-012-345, 05-085-012-345",
                "05085012345, 05-085-012-345",
                "\" 05-085-012-3456 \", 05-085-012-3456",
                "050850123456789, 05-085-012-3456789",
                "05-085012-345, 05-085-012-345",
                "05-085-012-34, null",
                "5-085-012-345, null",
                "05-085-012-34a, null",
                "05--085-012-345, null",
                "\"\", null",
                "05 085 012 345, 05-085-012-345",
                "05:085:012:345, 05-085-012-345",
                "05.085.012.345, 05-085-012-345",
                "05/085/012/345, 05-085-012-345",
                "05\u2013085\u2013012\u2013345, 05-085-012-345",
                "05\u2212085\u2011012\u2010345, 05-085-012-345",
                "\"\u00a005-085-012-345\u00a0\", 05-085-012-345",
                "'05-085-012-345, 05-085-012-345",
                "05  085 012 345, 05-085-012-345",
                "\" 05 - 085 - 012 - 003 \", 05-085-012-003",
                "05.085.012.001., 05-085-012-001",
                "\"05-085-012-001,\", 05-085-012-001",
                "05 -- 085-012-345, null",
                "05-:085-012-345, null",
                "05_085_012_345, null",
                "05-085-012-345', null",
                "\u0665\u0660-085-012-345, null",
            })
    void normalizesAsOfficesTypeThemAndRejectsTheRest(String raw, String expected) {
        assertThat(CadastralNumber.normalize(raw).orElse(null)).isEqualTo(expected);
    }
}
