package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KmlSchemasTest {

    private static String placemark(String url, String... names) {
        StringBuilder data = new StringBuilder("<Placemark><ExtendedData><SchemaData schemaUrl=\"" + url + "\">");
        for (String name : names) {
            data.append("<SimpleData name=\"").append(name).append("\">v</SimpleData>");
        }
        return data.append("</SchemaData></ExtendedData></Placemark>").toString();
    }

    @Test
    void aSchemaNeverWrittenIsAddedAfterTheDocumentsOpening() {
        String kml = "<kml><Document id=\"d\">" + placemark("#plots", "kad", "status")
                + placemark("#plots", "kad", "a&amp;b") + "</Document></kml>";
        KmlSchemas.Mended mended = KmlSchemas.mend(kml);
        assertThat(mended.fields()).isEqualTo(3);
        assertThat(mended.text())
                .startsWith("<kml><Document id=\"d\"><Schema name=\"plots\" id=\"plots\">"
                        + "<SimpleField name=\"kad\" type=\"string\"/><SimpleField name=\"status\" type=\"string\"/>"
                        + "<SimpleField name=\"a&amp;b\" type=\"string\"/></Schema><Placemark>");
    }

    @Test
    void aSchemaMissingFieldsGetsThemBeforeItsEnd() {
        String schema = "<Schema name=\"p\" id=\"p\"><SimpleField name=\"kad\" type=\"string\"></SimpleField></Schema>";
        KmlSchemas.Mended mended = KmlSchemas.mend(
                "<kml><Document>" + schema + placemark("doc.kml#p", "kad", "status") + "</Document></kml>");
        assertThat(mended.fields()).isEqualTo(1);
        assertThat(mended.text())
                .contains("<SimpleField name=\"kad\" type=\"string\"></SimpleField>"
                        + "<SimpleField name=\"status\" type=\"string\"/></Schema>");
    }

    @Test
    void declaredFieldsDataNamingNoSchemaAndPlainKmlNeedNothing() {
        String schema = "<Schema id=\"p\"><SimpleField name=\"kad\"/></Schema>";
        assertThat(KmlSchemas.mend("<kml><Document>" + schema + placemark("#p", "kad") + "</Document></kml>"))
                .isNull();
        assertThat(
                        KmlSchemas.mend(
                                "<kml><Document><Placemark><ExtendedData><SchemaData>"
                                        + "<SimpleData name=\"kad\">v</SimpleData></SchemaData></ExtendedData></Placemark></Document></kml>"))
                .isNull();
        assertThat(KmlSchemas.mend("<kml><Document><Placemark><name>1</name></Placemark></Document></kml>"))
                .isNull();
    }
}
