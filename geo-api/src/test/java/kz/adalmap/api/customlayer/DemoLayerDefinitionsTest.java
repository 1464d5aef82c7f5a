package kz.adalmap.api.customlayer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import kz.adalmap.importers.generate.PublicControlGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The definitions of the demo's public-control layers, which the demo loader stores without going
 * through the API, are ones the definitions API would accept as they are.
 */
class DemoLayerDefinitionsTest {

    static final java.util.List<String> LAYERS = PublicControlGenerator.LAYERS;

    @ParameterizedTest
    @FieldSource("LAYERS")
    void isAValidLayerDefinition(String code) throws IOException {
        JsonNode body;
        try (InputStream in = getClass().getResourceAsStream("/demo/layers/" + code + ".json")) {
            assertThat(in)
                    .as("the importers' resource demo/layers/" + code + ".json")
                    .isNotNull();
            body = JsonMapper.builder().build().readTree(in);
        }
        LayerDefinition definition = LayerDefinitionValidation.read(body, null);
        assertThat(definition.code()).isEqualTo(code);
        assertThat(definition.region()).isNull();
        assertThat(definition.isPublic()).isTrue();
        assertThat(definition.keyAttribute()).isNotNull();
        assertThat(definition.attributes()).hasSizeGreaterThan(3);
    }
}
