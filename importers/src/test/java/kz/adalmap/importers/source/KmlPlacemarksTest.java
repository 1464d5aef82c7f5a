package kz.adalmap.importers.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.importers.report.Detail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmlPlacemarksTest {

    @TempDir
    Path dir;

    private static final String KML = "<kml xmlns=\"http://www.opengis.net/kml/2.2\">";

    private static String placemark(String name, String extendedData) {
        return "<Placemark><name>" + name + "</name>" + extendedData
                + "<Point><coordinates>82.6,49.95</coordinates></Point></Placemark>";
    }

    private Path kml(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void dataNoSchemaDeclaresAndDataInOtherLettersAreDeclaredAsText() throws Exception {
        Path file = kml(
                "a.kml",
                KML + "<Document><name>Участки</name>"
                        + "<Schema id=\"p\"><SimpleField name=\"kad\" type=\"int\"><displayName>К</displayName>"
                        + "</SimpleField></Schema>"
                        + placemark(
                                "1",
                                "<ExtendedData><SchemaData schemaUrl=\"#p\"><SimpleData name=\"kad\">5</SimpleData>"
                                        + "<SimpleData name=\"a&amp;b\">x</SimpleData></SchemaData></ExtendedData>")
                        + placemark("2", "<ExtendedData><Data name=\"статус\"><value>бос</value></Data></ExtendedData>")
                        + "</Document></kml>");
        KmlPlacemarks.Rewritten rewritten = KmlPlacemarks.rewrite(file, null, "a");
        assertThat(rewritten.notes())
                .extracting(Detail::message)
                .containsExactly(
                        "the placemarks' data (Data) are named in other than Latin letters (статус), which GDAL would"
                                + " lose: they were read under these names",
                        "the KML file's placemarks hold 1 fields (SimpleData) that no Schema declares, which GDAL"
                                + " would drop; they were declared and read");
        String text = Files.readString(file);
        assertThat(text)
                .contains("<Document><name>Участки</name>\n<Schema name=\"placemarks\" id=\"placemarks\">"
                        + "<SimpleField name=\"kad\" type=\"int\"></SimpleField>"
                        + "<SimpleField name=\"a&amp;b\" type=\"string\"></SimpleField>"
                        + "<SimpleField name=\"статус\" type=\"string\"></SimpleField></Schema>")
                // the data before the geometry, as KML orders a placemark's elements
                .contains("<Placemark><name>2</name><ExtendedData><SchemaData schemaUrl=\"#placemarks\">"
                        + "<SimpleData name=\"статус\">бос</SimpleData></SchemaData></ExtendedData><Point>");
        assertThat(rewritten.fieldsLeftOut())
                .containsExactly(
                        "altitudeMode",
                        "tessellate",
                        "extrude",
                        "visibility",
                        "drawOrder",
                        "icon",
                        "timestamp",
                        "begin",
                        "end");
    }

    @Test
    void placemarksOfSeveralFoldersKeepTheirFolderAndThoseOfOneDoNot() throws Exception {
        String folders = KML + "<Document><Folder><name>A</name>" + placemark("1", "") + "<Folder><name>B</name>"
                + placemark("2", "") + "</Folder></Folder></Document></kml>";
        Path file = kml("b.kml", folders);
        assertThat(KmlPlacemarks.rewrite(file, null, "b").notes())
                .extracting(Detail::message)
                .containsExactly("the KML file's placemarks lie in 2 folders (A, A / B): all 2 were read, each with"
                        + " its folder in the field 'folder'");
        assertThat(Files.readString(file))
                .contains("<name>b</name>")
                .contains("<Placemark><name>2</name><ExtendedData><SchemaData schemaUrl=\"#placemarks\">"
                        + "<SimpleData name=\"folder\">A / B</SimpleData>")
                .doesNotContain("<Folder>");
        Path one = kml("c.kml", folders);
        assertThat(KmlPlacemarks.rewrite(one, "b", "c").notes())
                .extracting(Detail::message)
                .containsExactly("only the placemarks of the folder 'b' (and of the folders in it) were read: 1 of 2");
        assertThat(Files.readString(one)).contains("<name>b</name>").doesNotContain("<name>1</name>", "folder");
        Path none = kml("d.kml", folders);
        assertThatThrownBy(() -> KmlPlacemarks.rewrite(none, "C", "d"))
                .isInstanceOf(BadSourceException.class)
                .hasMessageContaining("has no folder named 'C'; its folders are A, A / B:");
        assertThat(Files.readString(none)).isEqualTo(folders);
    }

    @Test
    @SuppressWarnings("unchecked")
    void placemarksOutsideEveryFolderAndFoldersPastTheListedAreSaidByTheirOwnKeys() throws Exception {
        StringBuilder folders = new StringBuilder(KML + "<Document>" + placemark("0", ""));
        for (int f = 1; f <= 13; f++) {
            folders.append("<Folder><name>F")
                    .append(f)
                    .append("</name>")
                    .append(placemark("" + f, ""))
                    .append("</Folder>");
        }
        Path file = kml("e.kml", folders + "</Document></kml>");
        List<Detail> notes = KmlPlacemarks.rewrite(file, null, "e").notes();
        assertThat(notes)
                .extracting(Detail::message)
                .containsExactly(
                        "the KML file's placemarks lie in 14 folders (none, F1, F2, F3, F4, F5, F6, F7, F8, F9,"
                                + " F10, F11 and 2 more): all 14 were read, each with its folder in the field 'folder'");
        // the reader's language says "none" and "and 2 more"; the folders' names stay as the file has them
        Map<String, Object> listed = (Map<String, Object>) notes.get(0).params().get("folders");
        assertThat(listed).containsEntry("key", "file_names_and_more").containsEntry("more", 2);
        assertThat((List<Object>) listed.get("names"))
                .hasSize(12)
                .startsWith(Map.of("key", "file_kml_no_folder"), "F1")
                .endsWith("F11");
    }

    @Test
    void aLinkedKmlInsideTheFolderIsReadAndOneOutsideItIsNot() throws Exception {
        Files.createDirectories(dir.resolve("kmz/layers"));
        Files.writeString(
                dir.resolve("kmz/layers/plots.kml"),
                KML + "<Document><name>plots</name>" + placemark("1", "") + "</Document></kml>");
        Files.writeString(
                dir.resolve("outside.kml"),
                KML + "<Document><name>outside</name>" + placemark("2", "") + "</Document></kml>");
        Path doc = Files.writeString(
                dir.resolve("kmz/doc.kml"),
                KML + "<Document><NetworkLink><Link><href>layers/plots.kml</href></Link></NetworkLink>"
                        + "<NetworkLink><Link><href>../outside.kml</href></Link></NetworkLink>"
                        + "<NetworkLink><Link><href>http://example.org/x.kml</href></Link></NetworkLink>"
                        + "</Document></kml>");
        assertThat(KmlPlacemarks.rewrite(doc, null, "doc").notes()).isEmpty();
        assertThat(Files.readString(doc)).contains("<name>1</name>").doesNotContain("<name>2</name>", "NetworkLink");
    }

    @Test
    void aFileThatIsNoKmlIsLeftAsItIs() throws Exception {
        for (String text : List.of(KML + "<Document><Placemark>", "<gpx></gpx>", "не XML")) {
            Path file = kml("e.kml", text);
            assertThat(KmlPlacemarks.rewrite(file, null, "e")).as(text).isNull();
            assertThat(Files.readString(file)).isEqualTo(text);
            assertThat(Files.list(dir).toList()).containsExactly(file);
        }
    }

    @Test
    void anArcGisTableIsReadRowByRow() {
        String html = "<html><body><table><tr><td><table border=\"1\">"
                + "<tr bgcolor=\"#9CBCE2\"><th>Field Name</th><th>Field Value</th></tr>"
                + "<tr><td>КАД_НОМЕР</td><td>05-085-012-001</td></tr>"
                + "<tr>\n<TD>ADRES</TD>\n<TD><b>ул. Абая &amp; Сатпаева</b>&#160;</TD></tr>"
                + "<tr><td>CENA</td><td>&lt;Null&gt;</td></tr>"
                + "<tr><td>three</td><td>cells</td><td>no field</td></tr>"
                + "</table></td></tr></table></body></html>";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("КАД_НОМЕР", "05-085-012-001");
        expected.put("ADRES", "ул. Абая & Сатпаева");
        expected.put("CENA", null);
        assertThat(KmlPlacemarks.table(html)).containsExactlyEntriesOf(expected);
        assertThat(KmlPlacemarks.table("угловой участок")).isEmpty();
    }

    @Test
    void aPortalsTableOfNamesInHeaderCellsAndReferencesToNoCharacterAreRead() {
        // names in <th>, as cadastral portals share a plot; references a file may hold that name no
        // character (past U+10FFFF, a surrogate, NUL, too many digits)
        String html = "<table><tr><th>Кадастровый номер</th><td>05-085-012-001</td></tr>"
                + "<tr><th scope=\"row\">Статус</th><td>&#1089;&#1074;&#1086;&#1073;&#1086;&#1076;&#1077;&#1085;</td></tr>"
                + "<tr><td>A</td><td>&#1114112;</td></tr><tr><td>B</td><td>&#xD800;&#0;</td></tr>"
                + "<tr><td>C</td><td>&#99999999999;</td></tr></table>";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Кадастровый номер", "05-085-012-001");
        expected.put("Статус", "свободен");
        expected.put("A", "\uFFFD");
        expected.put("B", "\uFFFD\uFFFD");
        expected.put("C", "\uFFFD");
        assertThat(KmlPlacemarks.table(html)).containsExactlyEntriesOf(expected);
    }

    @Test
    void aTableLaidOutHorizontallyGivesItsHeadersNamesToItsValues() {
        // QGIS's HTML description and NextGIS Web: the names in a row of header cells, the values under them
        String th = "<table><tr><th>Кадастровый номер</th><th>Статус</th><th>Категория</th></tr>"
                + "<tr><td>05-085-222-001</td><td>свободен</td><td>&lt;Null&gt;</td></tr></table>";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Кадастровый номер", "05-085-222-001");
        expected.put("Статус", "свободен");
        expected.put("Категория", null);
        assertThat(KmlPlacemarks.table(th)).containsExactlyEntriesOf(expected);
        // and in data cells
        assertThat(KmlPlacemarks.table(th.replace("th>", "td>"))).containsExactlyEntriesOf(expected);
        // a row of numbers over the values names nothing
        assertThat(KmlPlacemarks.table("<table><tr><td>1</td><td>2</td><td>3</td></tr>"
                        + "<tr><td>a</td><td>b</td><td>c</td></tr></table>"))
                .isEmpty();
        // a text with a small table in it, as Google's samples describe a placemark: a description
        String prose =
                "<p>" + "Placemark descriptions can be enriched by using many standard HTML tags. ".repeat(6) + "</p>";
        assertThat(KmlPlacemarks.table(prose + th)).isEmpty();
        assertThat(KmlPlacemarks.table("<p>Участок у реки</p>" + th)).containsExactlyEntriesOf(expected);
        // a list of several rows under a header is not one placemark's data
        assertThat(KmlPlacemarks.table(
                        th.replace("</table>", "<tr><td>05-085-222-002</td><td>свободен</td><td>нп</td></tr></table>")))
                .isEmpty();
    }

    @Test
    void aDescriptionTableIsReadBesideThePlacemarksData() throws Exception {
        // Google Earth's Data for a note, the plot's facts in the description's table
        String table = "<description><![CDATA[<table><tr><td>Кадастровый номер</td><td>05-085-225-001</td></tr>"
                + "<tr><td>ПРИМЕЧАНИЕ</td><td>из таблицы</td></tr></table>]]></description>";
        Path file = kml(
                "t.kml",
                KML + "<Document>"
                        + placemark(
                                "1",
                                table + "<ExtendedData><Data name=\"Примечание\"><value>проверено</value></Data>"
                                        + "</ExtendedData>")
                        + "</Document></kml>");
        KmlPlacemarks.Rewritten rewritten = KmlPlacemarks.rewrite(file, null, "t");
        assertThat(rewritten.notes())
                .extracting(Detail::message)
                .contains("placemarks hold data (Data) and also a table in their description: the table's rows were"
                        + " read as the fields Кадастровый номер as well (a field named in both keeps the data's"
                        + " value), and the description left out");
        assertThat(Files.readString(file))
                .contains("<SimpleData name=\"Примечание\">проверено</SimpleData>"
                        + "<SimpleData name=\"Кадастровый номер\">05-085-225-001</SimpleData>")
                .doesNotContain("из таблицы", "<description>");
    }

    @Test
    void descriptionsOfNameAndValueLinesAreReadAsFieldsWhenTheirNamesRecur() throws Exception {
        // Yandex's map constructor: «name: value» lines parted by <br/> in CDATA, a note in one of them
        StringBuilder yandex = new StringBuilder(KML + "<Document>");
        for (int i = 1; i <= 3; i++) {
            yandex.append(placemark(
                    "Участок " + i,
                    "<description><![CDATA[Кадастровый номер: 05-085-226-00" + i
                            + "<br/>Площадь: 0,25 га<br>\n<b>Статус:</b> свободен"
                            + (i == 3 ? "<br />Примечание: у реки, 12:30" : "") + "]]></description>"));
        }
        Path file = kml("y.kml", yandex + "</Document></kml>");
        assertThat(KmlPlacemarks.rewrite(file, null, "y").notes())
                .extracting(Detail::message)
                .containsExactly("the placemarks' descriptions are lines of a name and its value (Status: free), as"
                        + " Yandex's map constructor or Google My Maps writes them: the lines were read as the fields"
                        + " Кадастровый номер, Площадь, Статус, Примечание, and the description left out");
        assertThat(Files.readString(file))
                .contains("<SimpleField name=\"Кадастровый номер\" type=\"string\"></SimpleField>")
                .contains("<SimpleData name=\"Кадастровый номер\">05-085-226-001</SimpleData>"
                        + "<SimpleData name=\"Площадь\">0,25 га</SimpleData>"
                        + "<SimpleData name=\"Статус\">свободен</SimpleData>")
                .contains("<SimpleData name=\"Примечание\">у реки, 12:30</SimpleData>")
                .doesNotContain("<description>");
        // Google My Maps: lines parted by the text's own line breaks, a name the data has keeps the data's value
        StringBuilder myMaps = new StringBuilder(KML + "<Document>");
        for (int i = 1; i <= 2; i++) {
            myMaps.append(placemark(
                    "Участок " + i,
                    "<description>Кадастровый номер: 05-085-226-00" + i + "\nСтатус: свободен\n\n</description>"
                            + "<ExtendedData><Data name=\"статус\"><value>предоставлен</value></Data></ExtendedData>"));
        }
        Path beside = kml("m.kml", myMaps + "</Document></kml>");
        assertThat(KmlPlacemarks.rewrite(beside, null, "m").notes())
                .extracting(Detail::message)
                .contains("placemarks hold data (Data) and also lines of a name and its value in their description:"
                        + " the lines were read as the fields Кадастровый номер as well (a field named in both keeps"
                        + " the data's value), and the description left out");
        assertThat(Files.readString(beside))
                .contains("<SimpleData name=\"статус\">предоставлен</SimpleData>"
                        + "<SimpleData name=\"Кадастровый номер\">05-085-226-002</SimpleData>")
                .doesNotContain("<description>", "свободен");
    }

    @Test
    void aNoteWithAColonAndLinesThatNameNoFieldsStayTheDescription() throws Exception {
        String[][] files = {
            // a note of one placemark among texts
            {"Примечание: участок у реки", "Участок у реки, рядом школа", ""},
            // the same one name in every description: notes, not fields
            {"Примечание: участок у реки", "Примечание: угловой", "Примечание: у дороги"},
            // names that recur, but a line of each is no name (an address, a long sentence)
            {
                "Статус: свободен<br/>Площадь: 0,25 га<br/>https://yandex.kz/maps/-/CDabc",
                "Статус: свободен<br/>Площадь: 0,1 га<br/>Участок расположен у реки рядом со школой и дорогой: да",
                "Статус: занят<br/>Площадь: 1 га<br/>Смотри www.gov.kz: раздел земли"
            },
            // one placemark: its names recur in no other
            {"Кадастровый номер: 05-085-226-001<br/>Статус: свободен<br/>Площадь: 0,25 га"}
        };
        for (String[] descriptions : files) {
            StringBuilder text = new StringBuilder(KML + "<Document>");
            for (int i = 0; i < descriptions.length; i++) {
                String d = descriptions[i];
                text.append(placemark("" + i, d.isEmpty() ? "" : "<description><![CDATA[" + d + "]]></description>"));
            }
            Path file = kml("n.kml", text + "</Document></kml>");
            assertThat(KmlPlacemarks.rewrite(file, null, "n").notes())
                    .as(descriptions[0])
                    .isEmpty();
            assertThat(Files.readString(file))
                    .as(descriptions[0])
                    .contains("<description>" + descriptions[0].split("<")[0])
                    .doesNotContain("<Schema");
        }
    }
}
