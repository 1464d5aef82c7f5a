package kz.adalmap.importers.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schemas of a KML file's extended data. A placemark's {@code <SimpleData name="status">} is
 * read by GDAL only when a {@code <Schema>} declares the field; some tools write the values without
 * the schema, and GDAL then drops them without a word (its other KML driver drops all extended
 * data). The missing declarations are added to the private copy.
 */
final class KmlSchemas {

    /** Larger KML files are left as they are: they are read whole to be mended. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final Pattern SCHEMA = Pattern.compile("<Schema\\b([^>]*)>(.*?)</Schema>", Pattern.DOTALL);
    private static final Pattern SCHEMA_DATA =
            Pattern.compile("<SchemaData\\b([^>]*)>(.*?)</SchemaData>", Pattern.DOTALL);
    private static final Pattern ID = Pattern.compile("\\bid\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern URL = Pattern.compile("\\bschemaUrl\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern FIELD_NAME =
            Pattern.compile("<Simple(?:Field|Data)\\b[^>]*\\bname\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern DOCUMENT = Pattern.compile("<Document\\b[^>]*>");

    private KmlSchemas() {}

    /** A KML text with the missing declarations added, and how many fields they declare. */
    record Mended(String text, int fields) {}

    /**
     * Declares in {@code kml} (UTF-8) every field its {@code SimpleData} name and no {@code Schema}
     * declares, in the schema of the id the data refer to; written beside and moved over, since the
     * private name may be a hard link to the user's own file. Returns how many fields were declared.
     */
    static int declareMissing(Path kml) throws IOException {
        if (Files.size(kml) > MAX_BYTES) {
            return 0;
        }
        String text = utf8(Files.readAllBytes(kml));
        Mended mended = text == null ? null : mend(text);
        if (mended == null) {
            return 0;
        }
        Path written = kml.resolveSibling(kml.getFileName() + ".schemas");
        Files.writeString(written, mended.text(), StandardCharsets.UTF_8);
        Files.move(written, kml, StandardCopyOption.REPLACE_EXISTING);
        return mended.fields();
    }

    /** Whether the KML that GDAL reads in {@code kmz} has fields to declare ({@link #declareMissing}). */
    static boolean kmzNeedsMending(Path kmz) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(kmz.toFile())) {
            java.util.zip.ZipEntry kml = CodePages.kmzDocument(zip);
            if (kml == null || kml.getSize() < 0 || kml.getSize() > MAX_BYTES) {
                return false;
            }
            try (java.io.InputStream in = zip.getInputStream(kml)) {
                String text = utf8(in.readNBytes((int) kml.getSize()));
                return text != null && mend(text) != null;
            }
        } catch (java.util.zip.ZipException e) {
            // GDAL says what is wrong with it
            return false;
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code text} with the missing declarations added, or null when it needs none. */
    static Mended mend(String text) {
        if (!text.contains("SimpleData")) {
            return null;
        }
        // each schema's fields, and where its closing tag is
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        Map<String, Integer> closing = new LinkedHashMap<>();
        Matcher schema = SCHEMA.matcher(text);
        while (schema.find()) {
            Matcher id = ID.matcher(schema.group(1));
            if (id.find()) {
                declared.computeIfAbsent(id.group(1), k -> new LinkedHashSet<>())
                        .addAll(names(schema.group(2)));
                closing.putIfAbsent(id.group(1), schema.end(2));
            }
        }
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        Matcher data = SCHEMA_DATA.matcher(text);
        while (data.find()) {
            Matcher url = URL.matcher(data.group(1));
            String id = url.find() ? url.group(1).substring(url.group(1).indexOf('#') + 1) : "";
            for (String name : names(data.group(2))) {
                if (!id.isEmpty() && !declared.getOrDefault(id, Set.of()).contains(name)) {
                    missing.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(name);
                }
            }
        }
        Matcher document = DOCUMENT.matcher(text);
        if (missing.isEmpty() || !document.find()) {
            return null;
        }
        // the names come from attributes of the file itself, escaped as XML already
        java.util.TreeMap<Integer, StringBuilder> inserts = new java.util.TreeMap<>();
        int count = 0;
        for (Map.Entry<String, Set<String>> e : missing.entrySet()) {
            StringBuilder fields = new StringBuilder();
            for (String name : e.getValue()) {
                fields.append("<SimpleField name=\"").append(name).append("\" type=\"string\"/>");
                count++;
            }
            Integer end = closing.get(e.getKey());
            if (end != null) {
                inserts.computeIfAbsent(end, k -> new StringBuilder()).append(fields);
            } else {
                inserts.computeIfAbsent(document.end(), k -> new StringBuilder())
                        .append("<Schema name=\"")
                        .append(e.getKey())
                        .append("\" id=\"")
                        .append(e.getKey())
                        .append("\">")
                        .append(fields)
                        .append("</Schema>");
            }
        }
        StringBuilder mended = new StringBuilder(text);
        for (Map.Entry<Integer, StringBuilder> insert : inserts.descendingMap().entrySet()) {
            mended.insert(insert.getKey(), insert.getValue());
        }
        return new Mended(mended.toString(), count);
    }

    private static Set<String> names(String xml) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = FIELD_NAME.matcher(xml);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
