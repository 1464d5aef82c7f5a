package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kz.adalmap.importers.report.Detail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsriJsonFieldsTest {

    @TempDir
    Path dir;

    private static final String FIELDS = """
            {"geometryType": "esriGeometryPolygon", "spatialReference": {"wkid": 4326},
             "fields": [{"name": "STATUS", "type": "esriFieldTypeSmallInteger", "alias": "Статус",
                         "domain": {"type": "codedValue", "name": "dStatus", "codedValues": [
                           {"name": "свободен", "code": 1}, {"name": "предоставлен", "code": 2}]}},
                        {"name": "PLOSHAD", "type": "esriFieldTypeDouble"}],
            """;

    private static String feature(String status, String area) {
        return "{\"attributes\": {\"STATUS\": " + status + ", \"PLOSHAD\": " + area + "},"
                + " \"geometry\": {\"rings\": [[[82.6, 49.95], [82.6, 49.9503], [82.6004, 49.95], [82.6, 49.95]]]}}";
    }

    @Test
    void aCodedDomainsDescriptionsAreWrittenBesideItsCodes() throws Exception {
        Path json = Files.writeString(
                dir.resolve("a.json"),
                FIELDS + "\"features\": [" + feature("1", "0.30") + ", " + feature("\"предоставлен\"", "null") + ", "
                        + feature("7", "1.25") + ", " + feature("null", "2") + "]}");
        List<Detail> notes = EsriJsonFields.rewrite(json);
        assertThat(notes).isEmpty();
        String written = Files.readString(json);
        assertThat(written)
                .contains("{\"name\":\"STATUS_resolved\",\"type\":\"esriFieldTypeString\",\"alias\":\"Статус\"}")
                .contains("\"STATUS\":1,\"STATUS_resolved\":\"свободен\",\"PLOSHAD\":0.30")
                // a description written in the codes' place: its code
                .contains("\"STATUS\":2,\"STATUS_resolved\":\"предоставлен\",\"PLOSHAD\":null")
                // a code the domain does not describe: as written
                .contains("\"STATUS\":7,\"STATUS_resolved\":\"7\"")
                .contains("\"STATUS\":null,\"STATUS_resolved\":null")
                .contains("\"rings\":[[[82.6,49.95],[82.6,49.9503],[82.6004,49.95],[82.6,49.95]]]");
    }

    @Test
    void aNumberFieldHoldingTextIsDeclaredAsText() throws Exception {
        Path json = Files.writeString(
                dir.resolve("b.json"),
                FIELDS.replaceAll("(?s),\\s*\"domain\": \\{.*?\\]\\}", "") + "\"features\": ["
                        + feature("\"свободен\"", "\"0,5\"") + ", " + feature("2", "1") + "]}");
        List<Detail> notes = EsriJsonFields.rewrite(json);
        assertThat(notes)
                .extracting(Detail::key)
                .containsExactly("file_json_numbers_as_text", "file_json_numbers_as_text");
        assertThat(notes.get(0).message())
                .isEqualTo("the field 'STATUS' is declared as numbers but holds text (such as"
                        + " 'свободен'), as ArcGIS writes a domain's descriptions: it was read as text");
        assertThat(Files.readString(json))
                .contains("{\"name\":\"STATUS\",\"type\":\"esriFieldTypeString\",\"alias\":\"Статус\"}")
                .contains("{\"name\":\"PLOSHAD\",\"type\":\"esriFieldTypeString\"}");
    }

    @Test
    void otherJsonIsLeftAsItIs() throws Exception {
        String geojson = "{\"type\": \"FeatureCollection\", \"features\": []}";
        Path file = Files.writeString(dir.resolve("c.geojson"), geojson);
        assertThat(EsriJsonFields.rewrite(file)).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(geojson);
        for (String cut : List.of("\"features\": [", "\"features\": [" + feature("1", "2"), "\"features\": []")) {
            Path broken = Files.writeString(dir.resolve("d.json"), FIELDS + cut);
            assertThat(EsriJsonFields.rewrite(broken)).isEmpty();
            assertThat(Files.readString(broken)).isEqualTo(FIELDS + cut);
        }
        // whatever else the features hold is written as it was, and every feature after it
        Path odd = Files.writeString(
                dir.resolve("e.json"), FIELDS + "\"features\": [null, 5, " + feature("2", "1") + "], \"x\": 1}");
        EsriJsonFields.rewrite(odd);
        assertThat(Files.readString(odd))
                .contains("\"features\":[null,5,{\"attributes\":{\"STATUS\":2,\"STATUS_resolved\":\"предоставлен\"")
                .endsWith("]}}],\"x\":1}");
    }
}
