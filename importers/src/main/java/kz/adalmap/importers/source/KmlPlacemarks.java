package kz.adalmap.importers.source;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import kz.adalmap.importers.report.Detail;

/**
 * The private copy of a KML file rewritten so that GDAL reads every placemark with its data: one
 * document holding the placemarks of all its folders (GDAL's KML reader makes each folder a layer
 * of its own, and an import would read the first only), their data under one schema that declares
 * every field (GDAL drops {@code SimpleData} no schema declares, and loses the names of {@code Data}
 * written in other than Latin letters), and the table in a placemark's description (ArcGIS's "Layer
 * To KML", Google Earth Pro, QGIS's HTML) as its fields, beside its data when it has some, and so the lines
 * of a name and its value a description is made of (Yandex's map constructor, Google My Maps) when the
 * file's descriptions are such lists ({@link Survey#readLines()}). The folder of each
 * placemark is kept in a field of its own when they lie in several. A placemark drawn as a ring
 * alone, which GDAL would read as a type its PostgreSQL writer cannot write, is written as the
 * polygon or the closed line it draws.
 *
 * <p>The file is read twice as a stream (the schema, written first, needs every field), never
 * whole; one placemark at a time is held in memory.
 */
final class KmlPlacemarks {

    /** The fields GDAL's KML reader adds to say how a placemark is drawn: no land data. */
    static final List<String> DRAWING_FIELDS =
            List.of("altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon");

    /** The fields it fills from a placemark's {@code TimeStamp} and {@code TimeSpan}. */
    static final List<String> TIME_FIELDS = List.of("timestamp", "begin", "end");

    /** The fields GDAL's KML reader gives every placemark, of its own ({@link SourceFiles#KML_READER_FIELDS}). */
    static final List<String> GDAL_FIELDS = java.util.stream.Stream.of(
                    List.of("Name", "description"), DRAWING_FIELDS, TIME_FIELDS)
            .flatMap(List::stream)
            .toList();

    private static final String SCHEMA_ID = "placemarks";
    private static final Set<String> TYPES =
            Set.of("string", "int", "uint", "short", "ushort", "float", "double", "bool");
    private static final Set<String> GEOMETRIES =
            Set.of("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Model", "Track", "MultiTrack");
    /** As many folder names as a note or a refusal lists. */
    private static final int LISTED = 12;

    private KmlPlacemarks() {}

    /**
     * What the rewrite did: its notes for the report, and the fields GDAL adds that carry no data
     * of this file (those of drawing, and those of time when no placemark has one), and the fields
     * written under another name than the file's, each with the file's ({@link Writer#written}).
     */
    record Rewritten(
            List<Detail> notes, List<String> fieldsLeftOut, Map<String, String> fieldNames, Set<Path> filesRead) {}

    /**
     * Rewrites {@code kml} (written beside and moved over, since the private name may be a hard link
     * to the user's own file). Returns null, leaving the file as it is for GDAL to say what is wrong,
     * when it is not well-formed XML of a {@code <kml>} element.
     *
     * @param folder the folder the user named as the layer in the file, or null for every
     *     placemark: the placemarks of the folders so named or so placed ({@code Өскемен / Квартал
     *     001}), compared without regard to case, and of the folders in them
     * @param fallbackName the layer's name when the document has none
     * @throws BadSourceException when no folder is named {@code folder}
     */
    static Rewritten rewrite(Path kml, String folder, String fallbackName) throws IOException {
        return rewrite(kml, folder, fallbackName, false);
    }

    /**
     * Like {@link #rewrite(Path, String, String)}; a placemark drawn as a ring alone ({@code
     * <LinearRing>} in the placemark or in its {@code MultiGeometry}, valid KML, which GDAL reads as
     * a {@code LINEARRING} that its PostgreSQL writer cannot write, failing the whole file) is
     * written as the polygon it outlines when {@code ringsAsOutlines} (a layer of plots, or of
     * polygons), else as a closed line (a ring main of a network).
     */
    static Rewritten rewrite(Path kml, String folder, String fallbackName, boolean ringsAsOutlines) throws IOException {
        Survey survey = new Survey();
        Links read = new Links(kml);
        try {
            new Walk(kml, false, read, false).run(survey, -1);
        } catch (XMLStreamException | NotKml | java.util.NoSuchElementException e) {
            // not well-formed, or cut short
            return null;
        }
        boolean lines = survey.readLines();
        Selection selection = survey.select(folder);
        Path written = kml.resolveSibling(kml.getFileName() + ".placemarks");
        Map<String, String> fieldNames;
        int rings;
        int holes;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written), 1 << 16)) {
            Writer writer =
                    new Writer(out, survey, selection, layerName(survey, folder, fallbackName), ringsAsOutlines);
            new Walk(kml, true, new Links(kml), lines).run(writer, -1);
            writer.finish();
            rings = writer.rings;
            holes = writer.holes;
            fieldNames = new LinkedHashMap<>();
            writer.names.forEach((name, as) -> {
                if (!as.equals(name)) {
                    fieldNames.put(as, name);
                }
            });
        } catch (XMLStreamException | NotKml | java.util.NoSuchElementException e) {
            // read once already: only a file changed meanwhile gets here
            Files.deleteIfExists(written);
            return null;
        }
        Files.move(written, kml, StandardCopyOption.REPLACE_EXISTING);
        List<Detail> notes = new ArrayList<>(survey.notes(selection, folder));
        if (rings > 0) {
            notes.add(
                    ringsAsOutlines
                            ? Detail.of(
                                    "file_kml_rings_as_outlines",
                                    "{count} placemarks are drawn as a ring alone (LinearRing), not as a polygon: each"
                                            + " was read as the polygon the ring outlines",
                                    "count",
                                    rings)
                            : Detail.of(
                                    "file_kml_rings_as_lines",
                                    "{count} placemarks are drawn as a ring alone (LinearRing): each was read as a"
                                            + " closed line",
                                    "count",
                                    rings));
        }
        if (holes > 0) {
            notes.add(Detail.of(
                    "file_kml_holes_in_one_boundary",
                    "{count} placemarks hold several rings in one inner boundary (innerBoundaryIs), as ArcGIS's"
                            + " Layer To KML writes a polygon's holes: each ring was read as a hole, as Google Earth"
                            + " draws them",
                    "count",
                    holes));
        }
        return new Rewritten(notes, survey.fieldsLeftOut(), fieldNames, Set.copyOf(read.read));
    }

    private static String layerName(Survey survey, String folder, String fallbackName) {
        for (String name : new String[] {folder, survey.documentName, fallbackName}) {
            if (name != null && !name.isBlank() && !name.startsWith("-")) {
                return name.strip();
            }
        }
        return SCHEMA_ID;
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /** Not a KML file: its root is another element. */
    private static final class NotKml extends Exception {
        NotKml() {
            super(null, null, false, false);
        }
    }

    /** A placemark's element other than its data, with its events when they are written. */
    private record Part(String name, List<XMLEvent> events) {}

    /**
     * One placemark as read: the folder it lies in (-1 for none), its elements but its data and
     * styles, and its data by field name; {@code described} when it has a description that is not
     * blank and holds no table of fields, {@code lineKeys} the names of the lines that description is
     * made of, in small letters (none when it is no such list, {@link #lines(String)}), and {@code
     * lineNames} those of them its data does not name, read as its fields when the file's
     * descriptions are read so.
     */
    private record Placemark(
            int folder,
            StartElement start,
            List<Part> parts,
            Map<String, String> data,
            List<String> dataNames,
            List<String> simpleDataNames,
            List<String> tableNames,
            boolean tableBesideData,
            boolean described,
            Set<String> lineKeys,
            List<String> lineNames,
            boolean timed,
            String type) {}

    private interface Reader {
        void folder(int index, int parent);

        void folderName(int index, String name);

        void field(String name, String type);

        void placemark(Placemark placemark) throws XMLStreamException;

        void root(StartElement root) throws XMLStreamException;
    }

    /**
     * The files a pass reads: the KML, and those its network links name inside its folder (GDAL's
     * KMZ holds each layer as such a file), each once, with the number of folders seen so far.
     */
    private static final class Links {
        private static final int MAX_DEPTH = 8;
        final Path root;
        final Set<Path> read = new java.util.HashSet<>();
        int folders;

        Links(Path kml) throws IOException {
            this.root = kml.toAbsolutePath().normalize().getParent();
            read.add(kml.toRealPath());
        }

        /** The local KML file {@code href} names from {@code from}, not read before, else null. */
        Path resolve(Path from, String href, int depth) throws IOException {
            if (href == null || depth >= MAX_DEPTH || href.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*|[/\\\\].*")) {
                // another server's, or an absolute path
                return null;
            }
            Path file;
            try {
                file = from.toAbsolutePath()
                        .normalize()
                        .getParent()
                        .resolve(href.strip())
                        .normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
            if (!file.startsWith(root)
                    || !Files.isRegularFile(file)
                    || !SourceFiles.extension(file).equals("kml")
                    || !file.toRealPath().startsWith(root.toRealPath())
                    || !read.add(file.toRealPath())) {
                return null;
            }
            return file;
        }
    }

    /** One pass over a file, telling a {@link Reader} of its folders, schemas and placemarks. */
    private static final class Walk {
        private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();
        private final Path file;
        private final boolean keep;
        private final Links links;
        private final int depth;
        /** Whether descriptions made of lines of a name and its value are read as fields. */
        private final boolean lines;

        private XMLEventReader in;

        /**
         * The elements of KML 2.1's custom types of placemark ({@code <Schema name="Uchastok"
         * parent="Placemark">}, its features written {@code <Uchastok>}), each with the fields its
         * schema declares, which such a feature writes as elements of their own ({@code <kad>}).
         */
        private final Map<String, Set<String>> customPlacemarks = new HashMap<>();

        Walk(Path file, boolean keep, Links links, boolean lines) {
            this(file, keep, links, lines, 0);
        }

        private Walk(Path file, boolean keep, Links links, boolean lines, int depth) {
            this.file = file;
            this.keep = keep;
            this.links = links;
            this.lines = lines;
            this.depth = depth;
        }

        /**
         * Reads the file; {@code container} is the folder a network link made of it, or -1 for the
         * KML itself, whose root the reader is given.
         */
        void run(Reader reader, int container) throws XMLStreamException, NotKml, IOException {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            // the file is anyone's: no DTD, no entity reaching outside it
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            factory.setProperty(XMLInputFactory.IS_COALESCING, true);
            try (InputStream stream = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                in = factory.createXMLEventReader(stream);
                try {
                    read(reader, container);
                } finally {
                    in.close();
                }
            }
        }

        private void read(Reader reader, int container) throws XMLStreamException, NotKml, IOException {
            StartElement root = null;
            while (in.hasNext() && root == null) {
                XMLEvent e = in.nextEvent();
                if (e.isStartElement()) {
                    root = e.asStartElement();
                }
            }
            if (root == null || !local(root).equals("kml")) {
                throw new NotKml();
            }
            if (container < 0) {
                reader.root(root);
            }
            Deque<Integer> containers = new ArrayDeque<>();
            if (container >= 0) {
                containers.push(container);
            }
            // a linked file's document is a folder of the link's
            boolean document = container >= 0;
            while (in.hasNext()) {
                XMLEvent e = in.nextEvent();
                if (e.isEndElement()) {
                    String name = e.asEndElement().getName().getLocalPart();
                    if ((name.equals("Document") || name.equals("Folder")) && !containers.isEmpty()) {
                        containers.pop();
                    }
                    continue;
                }
                if (!e.isStartElement()) {
                    continue;
                }
                StartElement s = e.asStartElement();
                int here = containers.isEmpty() ? -1 : containers.peek();
                switch (local(s)) {
                    case "Document", "Folder" -> {
                        if (!document && containers.isEmpty() && local(s).equals("Document")) {
                            // the document itself is no folder; one inside it is
                            document = true;
                            containers.push(-1);
                        } else {
                            reader.folder(links.folders, here);
                            containers.push(links.folders++);
                        }
                    }
                    case "name" -> reader.folderName(here, text());
                    case "Schema" -> schema(reader, s);
                    case "Placemark" -> reader.placemark(placemark(s, here, null, Set.of()));
                    case "NetworkLink" -> networkLink(reader, here);
                    default -> {
                        Set<String> fields = customPlacemarks.get(local(s));
                        if (fields != null) {
                            // read as the placemark it is: GDAL reads it so, and the writer writes it so
                            reader.placemark(placemark(
                                    EVENTS.createStartElement(
                                            new QName(s.getName().getNamespaceURI(), "Placemark"),
                                            s.getAttributes(),
                                            s.getNamespaces()),
                                    here,
                                    local(s),
                                    fields));
                        } else {
                            // styles, overlays, views: nothing of the placemarks' data
                            skip();
                        }
                    }
                }
            }
        }

        /**
         * The text of the element's child {@code wanted} (the last, if several), read to the
         * element's end; null when it has none.
         */
        private String childText(String wanted) throws XMLStreamException {
            String found = null;
            while (true) {
                XMLEvent child = in.nextEvent();
                if (child.isEndElement()) {
                    return found;
                }
                if (child.isStartElement()) {
                    if (local(child.asStartElement()).equals(wanted)) {
                        found = text();
                    } else {
                        skip();
                    }
                }
            }
        }

        /** A link to a KML file beside this one: read as a folder, named as the link is. */
        private void networkLink(Reader reader, int here) throws XMLStreamException, NotKml, IOException {
            String name = null;
            String href = null;
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isEndElement()) {
                    break;
                }
                if (!e.isStartElement()) {
                    continue;
                }
                switch (local(e.asStartElement())) {
                    case "name" -> name = text();
                    case "Link", "Url" -> href = childText("href");
                    default -> skip();
                }
            }
            Path linked = links.resolve(file, href, depth);
            if (linked == null) {
                return;
            }
            int folder = links.folders++;
            reader.folder(folder, here);
            if (name != null) {
                reader.folderName(folder, name);
            }
            new Walk(linked, keep, links, lines, depth + 1).run(reader, folder);
        }

        /**
         * A schema's fields; a schema whose {@code parent} is {@code Placemark} (KML 2.1) makes its
         * {@code name} an element of placemarks ({@link #customPlacemarks}).
         */
        private void schema(Reader reader, StartElement schema) throws XMLStreamException {
            String type = attribute(schema, "name");
            String parent = attribute(schema, "parent");
            Set<String> fields = new LinkedHashSet<>();
            if (type != null
                    && !type.isBlank()
                    && parent != null
                    && parent.strip().replaceFirst("^.*:", "").equals("Placemark")) {
                customPlacemarks.put(type.strip().replaceFirst("^.*:", ""), fields);
            }
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isEndElement()) {
                    return;
                }
                if (e.isStartElement()) {
                    StartElement s = e.asStartElement();
                    String name = attribute(s, "name");
                    if (local(s).equals("SimpleField") && name != null) {
                        reader.field(name, attribute(s, "type"));
                        fields.add(name);
                    }
                    skip();
                }
            }
        }

        /**
         * A placemark, read to its end; {@code type}: the KML 2.1 custom type it is written as (null
         * for a {@code <Placemark>}), and {@code fields} the elements that are its data, as such a
         * placemark writes its schema's fields.
         */
        private Placemark placemark(StartElement start, int folder, String type, Set<String> fields)
                throws XMLStreamException {
            List<Part> parts = new ArrayList<>();
            Map<String, String> data = new LinkedHashMap<>();
            List<String> dataNames = new ArrayList<>();
            List<String> simpleDataNames = new ArrayList<>();
            String description = null;
            int descriptionAt = -1;
            boolean timed = false;
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isEndElement()) {
                    break;
                }
                if (!e.isStartElement()) {
                    continue;
                }
                StartElement s = e.asStartElement();
                String name = local(s);
                switch (name) {
                    case "ExtendedData" -> extendedData(data, dataNames, simpleDataNames);
                    case "description" -> {
                        description = text();
                        descriptionAt = parts.size();
                        parts.add(new Part(
                                name,
                                keep
                                        ? List.of(
                                                s,
                                                EVENTS.createCharacters(description),
                                                EVENTS.createEndElement(s.getName(), null))
                                        : List.of()));
                    }
                    case "name" -> {
                        // «<b>05-085-820-001</b>»: a name is shown as the text its markup shows
                        String text = markupAsText(text());
                        parts.add(new Part(
                                name,
                                keep
                                        ? List.of(
                                                s,
                                                EVENTS.createCharacters(text),
                                                EVENTS.createEndElement(s.getName(), null))
                                        : List.of()));
                    }
                    case "Style", "StyleMap", "styleUrl" -> skip();
                    default -> {
                        if (fields.contains(name)) {
                            simpleDataNames.add(name);
                            data.putIfAbsent(name, text());
                            continue;
                        }
                        timed |= name.equals("TimeStamp") || name.equals("TimeSpan");
                        parts.add(new Part(name, keep ? copy(s) : skipped()));
                    }
                }
            }
            List<String> tableNames = new ArrayList<>();
            List<String> lineNames = new ArrayList<>();
            Set<String> lineKeys = new LinkedHashSet<>();
            boolean besideData = !data.isEmpty();
            boolean described = false;
            if (description != null) {
                // a name the placemark's data has, in any case of its letters (the database's columns
                // are in small letters), keeps the data's value
                Set<String> named = new java.util.HashSet<>();
                data.keySet().forEach(name -> named.add(name.toLowerCase(Locale.ROOT)));
                Map<String, String> table = table(description);
                table.forEach((name, value) -> {
                    if (named.add(name.toLowerCase(Locale.ROOT))) {
                        data.put(name, value);
                        tableNames.add(name);
                    }
                });
                described = table.isEmpty() && !description.isBlank();
                Map<String, String> lineFields = table.isEmpty() ? lines(description) : Map.of();
                lineFields.forEach((name, value) -> {
                    lineKeys.add(name.toLowerCase(Locale.ROOT));
                    if (named.add(name.toLowerCase(Locale.ROOT))) {
                        lineNames.add(name);
                        if (lines) {
                            data.put(name, value);
                        }
                    }
                });
                if (!tableNames.isEmpty() || lines && !lineNames.isEmpty()) {
                    // the table, or the lines, were all the description said
                    parts.remove(descriptionAt);
                }
            }
            return new Placemark(
                    folder,
                    start,
                    parts,
                    data,
                    dataNames,
                    simpleDataNames,
                    tableNames,
                    besideData,
                    described,
                    lineKeys,
                    lineNames,
                    timed,
                    type);
        }

        private void extendedData(Map<String, String> data, List<String> dataNames, List<String> simpleDataNames)
                throws XMLStreamException {
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isEndElement()) {
                    return;
                }
                if (!e.isStartElement()) {
                    continue;
                }
                StartElement s = e.asStartElement();
                String name = attribute(s, "name");
                if (local(s).equals("Data")) {
                    String value = childText("value");
                    if (name != null) {
                        dataNames.add(name);
                        if (value != null) {
                            data.putIfAbsent(name, markupAsText(value));
                        }
                    }
                } else if (local(s).equals("SchemaData")) {
                    while (true) {
                        XMLEvent v = in.nextEvent();
                        if (v.isEndElement()) {
                            break;
                        }
                        if (v.isStartElement()) {
                            StartElement simple = v.asStartElement();
                            String field = attribute(simple, "name");
                            if (local(simple).equals("SimpleData") && field != null) {
                                simpleDataNames.add(field);
                                data.putIfAbsent(field, markupAsText(text()));
                            } else {
                                skip();
                            }
                        }
                    }
                } else {
                    skip();
                }
            }
        }

        /** The text of the element just opened, to its end; elements inside it kept as tags. */
        private String text() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int depth = 0;
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isCharacters()) {
                    text.append(e.asCharacters().getData());
                } else if (e.isStartElement()) {
                    // XHTML written into a description without CDATA
                    depth++;
                    text.append('<').append(local(e.asStartElement())).append('>');
                } else if (e.isEndElement()) {
                    if (depth-- == 0) {
                        return text.toString();
                    }
                    text.append("</")
                            .append(e.asEndElement().getName().getLocalPart())
                            .append('>');
                }
            }
        }

        /** The events of the element {@code start} just opened, to its end. */
        private List<XMLEvent> copy(StartElement start) throws XMLStreamException {
            List<XMLEvent> events = new ArrayList<>();
            events.add(start);
            int depth = 0;
            while (true) {
                XMLEvent e = in.nextEvent();
                if (e.isStartElement()) {
                    depth++;
                } else if (e.isEndElement()) {
                    depth--;
                } else if (!e.isCharacters()) {
                    // comments and processing instructions
                    continue;
                }
                events.add(e);
                if (depth < 0) {
                    return events;
                }
            }
        }

        private List<XMLEvent> skipped() throws XMLStreamException {
            skip();
            return List.of();
        }

        /** Reads past the end of the element just opened. */
        private void skip() throws XMLStreamException {
            int depth = 0;
            while (depth >= 0) {
                XMLEvent e = in.nextEvent();
                if (e.isStartElement()) {
                    depth++;
                } else if (e.isEndElement()) {
                    depth--;
                }
            }
        }
    }

    private static String local(StartElement s) {
        return s.getName().getLocalPart();
    }

    private static String attribute(StartElement s, String name) {
        Attribute a = s.getAttributeByName(new QName(name));
        return a == null ? null : a.getValue();
    }

    /** A table holding no other table (the innermost, when ArcGIS nests its table in another's cell). */
    private static final Pattern TABLE = Pattern.compile(
            "<table\\b[^>]*>((?:(?!</?table\\b).)*)</table>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A row, holding no other row. */
    private static final Pattern ROW =
            Pattern.compile("<tr\\b[^>]*>((?:(?!</?tr\\b).)*)</tr>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A cell, holding no other row or cell. */
    private static final Pattern CELL = Pattern.compile(
            "<(t[dh])\\b[^>]*>((?:(?!</?t[dhr]\\b).)*)</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");

    /** A table's cell: a header cell ({@code <th>}) or a data one, and its text. */
    private record Cell(boolean header, String text) {}

    /**
     * The fields a description's tables give, in order (field name, value): each row of two cells
     * of a table (ArcGIS's Layer To KML) is a field, its name in a {@code <td>} or, as Google Earth
     * Pro and cadastral portals write it, in a {@code <th>}, and a header of {@code <th>} cells is no
     * field; a table of two rows of as many cells, at least three, the first all header cells or all
     * data cells (QGIS's HTML description, NextGIS Web), gives the first row's names to the second
     * row's values. ArcGIS's {@code <Null>} is no value (null).
     */
    static Map<String, String> table(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!html.toLowerCase(Locale.ROOT).contains("<td")) {
            return fields;
        }
        Matcher table = TABLE.matcher(html);
        boolean tables = false;
        int inside = 0;
        while (table.find()) {
            tables = true;
            inside += cell(table.group(1)).length();
            fields(rows(table.group(1)), fields);
        }
        if (!tables) {
            // rows without their table's tags
            fields(rows(html), fields);
        }
        // a text with a small table in it (an example, a price list) is a description, not data:
        // its table is no placemark's fields, and the text is kept
        int outside = tables ? cell(TABLE.matcher(html).replaceAll(" ")).length() : 0;
        if (outside > 200 && outside > inside) {
            fields.clear();
        }
        return fields;
    }

    private static List<List<Cell>> rows(String table) {
        List<List<Cell>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            List<Cell> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(new Cell(cell.group(1).equalsIgnoreCase("th"), cell(cell.group(2))));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static void fields(List<List<Cell>> rows, Map<String, String> fields) {
        if (rows.size() == 2
                && rows.get(0).size() >= 3
                && rows.get(1).size() == rows.get(0).size()
                && rows.get(1).stream().noneMatch(Cell::header)
                && (rows.get(0).stream().allMatch(Cell::header)
                        || rows.get(0).stream().noneMatch(Cell::header))
                // a row of numbers is no row of names (1 2 3 over a b c)
                && !rows.get(0).stream().allMatch(c -> c.text().matches("[0-9.,\\s]*"))) {
            // laid out horizontally: the names above their values
            for (int i = 0; i < rows.get(0).size(); i++) {
                field(rows.get(0).get(i).text(), rows.get(1).get(i).text(), fields);
            }
            return;
        }
        for (List<Cell> row : rows) {
            if (row.size() == 2 && !row.get(1).header()) {
                field(row.get(0).text(), row.get(1).text(), fields);
            }
        }
    }

    private static void field(String name, String value, Map<String, String> fields) {
        if (!name.isEmpty()) {
            fields.putIfAbsent(name, value.isEmpty() || value.equalsIgnoreCase("<Null>") ? null : value);
        }
    }

    /** A line of a name, a colon and its value: the name up to the first colon, at most 40 characters. */
    private static final Pattern NAMED_LINE = Pattern.compile("([^:]{1,40}):(.*)");

    /** What names a link, not a field: «http», «https://…» split at its colon, «www.gov.kz». */
    private static final Pattern ADDRESS = Pattern.compile("(?i)https?|www\\.");

    /**
     * The fields of a description made of lines of a name and its value, in order (field name, value),
     * as Yandex's map constructor and a hand-made Google My Maps layer write a placemark's facts
     * («Кадастровый номер: 05-085-012-345», «Статус: свободен»); none unless every line that is not
     * empty is such a line, its name of at most 40 characters with a letter and no address of a link
     * in it. Lines are parted by the description's own line breaks as well as by a {@code <br>} or a
     * paragraph's end; the name and the value are read as a table's cell is ({@link #cell}), the value
     * as its text («0,25 га»), an empty one none (null). Whether a file's such lists are read at all
     * is the file's to say ({@link Survey#readLines()}).
     */
    static Map<String, String> lines(String description) {
        Map<String, String> fields = new LinkedHashMap<>();
        // a plain text's line breaks part its lines as a <br> does: Google My Maps writes no markup
        String text = cell(description.replaceAll("\r\n?|\n", "<br>"));
        for (String line : text.split("\n")) {
            Matcher named = NAMED_LINE.matcher(line);
            if (line.isBlank()) {
                continue;
            }
            if (!named.matches()
                    || !named.group(1).strip().codePoints().anyMatch(Character::isLetter)
                    || ADDRESS.matcher(named.group(1)).find()) {
                return Map.of();
            }
            field(named.group(1).strip(), named.group(2).strip(), fields);
        }
        return fields;
    }

    /**
     * The character a numeric reference ({@code #1047}, {@code #x417}) names; U+FFFD, as XML readers
     * put it, for one that names none (past U+10FFFF, a surrogate, NUL, or digits beyond any number):
     * a file may hold anything, and a description is only read for its table.
     */
    private static String character(String name) {
        try {
            int code = name.startsWith("#x") || name.startsWith("#X")
                    ? Integer.parseInt(name.substring(2), 16)
                    : Integer.parseInt(name.substring(1));
            if (code == 0 || !Character.isValidCodePoint(code) || (code >= 0xD800 && code <= 0xDFFF)) {
                return "\uFFFD";
            }
            return new String(Character.toChars(code));
        } catch (NumberFormatException tooLong) {
            return "\uFFFD";
        }
    }

    /**
     * A line break ({@code <br>}) or the beginning or end of a paragraph, a block or an item of a
     * list, with the spaces and line breaks of the source around it: where a browser showing the
     * description begins a new line.
     */
    private static final Pattern LINE_BREAK =
            Pattern.compile("\\s*(?:<br\\b[^>]*>|</?(?:p|div|li|ul|ol|h[1-6])\\b[^>]*>)\\s*", Pattern.CASE_INSENSITIVE);

    /** A tag of HTML's text markup: bold, a line break, a paragraph, a link, a font, a table's cell… */
    private static final Pattern MARKUP = Pattern.compile(
            "</?(?:b|i|u|s|em|strong|small|big|sup|sub|br|p|div|span|font|a|li|ul|ol|h[1-6]|table|tr|td|th)\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);

    /**
     * A value of a placemark's name or data as the text its HTML markup shows, as a description
     * table's cell is read («ул. <b>Абая</b>, 1<br/>кв. 2» is «ул. Абая, 1» and «кв. 2» on two lines);
     * a value without such markup as it is, «<Null>» and «S < 500» among them.
     */
    static String markupAsText(String value) {
        return value == null || !MARKUP.matcher(value).find() ? value : cell(value);
    }

    private static String cell(String html) {
        // as a browser shows it: the source's line breaks and runs of spaces are one space, and
        // «ул. Абая, 1<br>кв. 2» is two lines, not «ул. Абая, 1кв. 2»
        String text = TAG.matcher(LINE_BREAK
                        .matcher(html.replaceAll("[ \\t\\r\\n]+", " "))
                        .replaceAll("\n"))
                .replaceAll("");
        Matcher entity = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String replacement = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> name.startsWith("#") ? character(name) : entity.group();
            };
            entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(out);
        // the lines of a cell, without the empty ones a paragraph's end and the next one's beginning make
        return out.toString().replace('\u00a0', ' ').strip().replaceAll(" *\n[\n ]*", "\n");
    }

    // ---------------------------------------------------------------------------------------------
    // the first pass: what the file holds

    private static final class Survey implements Reader {
        String documentName;
        final List<String> folderNames = new ArrayList<>();
        final List<Integer> folderParents = new ArrayList<>();
        /** Per folder (-1 for none), how many placemarks lie in it directly. */
        final Map<Integer, Integer> placemarksIn = new HashMap<>();
        /** Every field, in the order first seen, with its type. */
        final Map<String, String> types = new LinkedHashMap<>();

        final Set<String> declared = new LinkedHashSet<>();
        final Set<String> undeclared = new LinkedHashSet<>();
        final Set<String> nonLatinData = new LinkedHashSet<>();
        final Set<String> tableFields = new LinkedHashSet<>();
        /** The fields read from description tables of placemarks that have data too. */
        final Set<String> tableBesideData = new LinkedHashSet<>();

        /** How many placemarks have a description that is not blank and holds no table of fields. */
        int described;
        /** Per name (in small letters), how many descriptions are lists of lines naming it ({@link #lines}). */
        final Map<String, Integer> lineKeys = new HashMap<>();
        /** The fields such lists would give, of placemarks without data and of those with. */
        final Set<String> lineFields = new LinkedHashSet<>();

        final Set<String> lineBesideData = new LinkedHashSet<>();

        boolean timed;
        int placemarks;
        /** How many placemarks were written as each KML 2.1 custom type ({@code <Uchastok>}). */
        final Map<String, Integer> customTypes = new LinkedHashMap<>();

        @Override
        public void root(StartElement root) {}

        @Override
        public void folder(int index, int parent) {
            folderNames.add(null);
            folderParents.add(parent);
        }

        @Override
        public void folderName(int index, String name) {
            if (index < 0) {
                if (documentName == null) {
                    documentName = name.strip();
                }
            } else if (folderNames.get(index) == null) {
                folderNames.set(index, name.strip());
            }
        }

        @Override
        public void field(String name, String type) {
            String t = type == null ? "string" : type.strip().toLowerCase(Locale.ROOT);
            t = TYPES.contains(t) ? t : "string";
            declared.add(name);
            String before = types.putIfAbsent(name, t);
            if (before != null && !before.equals(t)) {
                types.put(name, "string");
            }
        }

        @Override
        public void placemark(Placemark p) {
            placemarks++;
            placemarksIn.merge(p.folder(), 1, Integer::sum);
            if (p.type() != null) {
                customTypes.merge(p.type(), 1, Integer::sum);
            }
            timed |= p.timed();
            for (String name : p.simpleDataNames()) {
                types.putIfAbsent(name, "string");
            }
            for (String name : p.dataNames()) {
                // a value written as Data is text, whatever a schema says of its name
                types.put(name, "string");
                if (!name.chars().allMatch(ch -> ch < 0x80)) {
                    nonLatinData.add(name);
                }
            }
            undeclared.addAll(p.simpleDataNames());
            for (String name : p.tableNames()) {
                types.put(name, "string");
                (p.tableBesideData() ? tableBesideData : tableFields).add(name);
            }
            if (p.described()) {
                described++;
            }
            p.lineKeys().forEach(key -> lineKeys.merge(key, 1, Integer::sum));
            (p.tableBesideData() ? lineBesideData : lineFields).addAll(p.lineNames());
        }

        /**
         * Whether the descriptions made of lines of a name and its value ({@link #lines}) are read as
         * the placemarks' fields, once the whole file is surveyed, its fields declared if so: when at
         * least two names each stand in such lists of two placemarks or more, and of more than half
         * of those with a description (not blank, no table). Then every such list of the file is read,
         * a name only one of them has too. A note that happens to begin with a word and a colon
         * («Примечание: участок у реки»), the same one name in every description, or one placemark's
         * lines, which nothing else repeats, stay descriptions: a layer's texts are no fields.
         */
        boolean readLines() {
            long recurring = lineKeys.values().stream()
                    .filter(n -> n >= 2 && n * 2 > described)
                    .count();
            if (recurring < 2) {
                lineFields.clear();
                lineBesideData.clear();
                return false;
            }
            for (String name : lineFields) {
                types.put(name, "string");
            }
            for (String name : lineBesideData) {
                types.put(name, "string");
            }
            return true;
        }

        /** A folder's names from the outermost down, joined by " / ". */
        String path(int folder) {
            List<String> names = new ArrayList<>();
            for (int f = folder; f >= 0; f = folderParents.get(f)) {
                String name = folderNames.get(f);
                if (name != null && !name.isEmpty()) {
                    names.add(0, name);
                }
            }
            return String.join(" / ", names);
        }

        /** The placemarks read: of every folder, or of those the user named and of the folders in them. */
        Selection select(String wanted) {
            if (wanted == null
                    || wanted.isBlank()
                    || documentName != null && documentName.equalsIgnoreCase(wanted.strip())) {
                return new Selection(null, placemarks);
            }
            Set<Integer> named = new LinkedHashSet<>();
            for (int f = 0; f < folderNames.size(); f++) {
                String name = folderNames.get(f);
                if (wanted.strip().equalsIgnoreCase(name) || wanted.strip().equalsIgnoreCase(path(f))) {
                    named.add(f);
                }
            }
            if (named.isEmpty()) {
                List<String> paths = new ArrayList<>();
                for (int f = 0; f < folderNames.size(); f++) {
                    paths.add(path(f));
                }
                throw new BadSourceException(
                        SourceProblem.NO_LAYER,
                        folderNames.isEmpty()
                                ? "the KML file has no folder named '" + wanted + "', nor any other: import it"
                                        + " without naming a layer in the file"
                                : "the KML file has no folder named '" + wanted + "'; its folders are "
                                        + listed(paths) + ": name one of them as the layer in the file, or none to"
                                        + " read every placemark");
            }
            Set<Integer> chosen = new LinkedHashSet<>();
            for (int f = 0; f < folderNames.size(); f++) {
                for (int up = f; up >= 0; up = folderParents.get(up)) {
                    if (named.contains(up)) {
                        chosen.add(f);
                        break;
                    }
                }
            }
            int count = 0;
            for (int f : chosen) {
                count += placemarksIn.getOrDefault(f, 0);
            }
            return new Selection(chosen, count);
        }

        /** The folders of the placemarks selected, as paths, in file order ("" for none). */
        List<String> paths(Selection selection) {
            Set<String> paths = new LinkedHashSet<>();
            if (placemarksIn.containsKey(-1) && selection.folders() == null) {
                paths.add("");
            }
            for (int f = 0; f < folderNames.size(); f++) {
                if (placemarksIn.containsKey(f) && selection.contains(f)) {
                    paths.add(path(f));
                }
            }
            return new ArrayList<>(paths);
        }

        /** The field the folder is kept in: "folder", unless the file has a field so named. */
        String folderField() {
            boolean taken = types.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("folder"));
            return taken ? "kml_folder" : "folder";
        }

        List<String> fieldsLeftOut() {
            List<String> out = new ArrayList<>(DRAWING_FIELDS);
            if (!timed) {
                out.addAll(TIME_FIELDS);
            }
            // a field of the file's own of the same name stays
            out.removeIf(f -> types.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(f)));
            return out;
        }

        List<Detail> notes(Selection selection, String wanted) {
            List<Detail> notes = new ArrayList<>();
            List<String> paths = paths(selection);
            // placemarks outside every folder are said as such in the reader's language
            List<Object> shown = paths.stream()
                    .map(p -> p.isEmpty() ? (Object) Detail.of("file_kml_no_folder", "none") : p)
                    .toList();
            if (selection.folders() != null) {
                notes.add(Detail.of(
                        "file_kml_folder_read",
                        "only the placemarks of the folder '{folder}' (and of the folders in it) were read: {count}"
                                + " of {total}",
                        "folder",
                        wanted,
                        "count",
                        selection.count(),
                        "total",
                        placemarks));
                if (paths.size() > 1) {
                    notes.add(Detail.of(
                            "file_kml_folder_read_folders",
                            "they lie in {count} folders ({folders}): each keeps its folder in the field '{field}'",
                            "count",
                            paths.size(),
                            "folders",
                            Detail.firstOf(shown, LISTED),
                            "field",
                            folderField()));
                }
            } else if (paths.size() > 1) {
                notes.add(Detail.of(
                        "file_kml_folders",
                        "the KML file's placemarks lie in {count} folders ({folders}): all {total} were read, each"
                                + " with its folder in the field '{field}'",
                        "count",
                        paths.size(),
                        "folders",
                        Detail.firstOf(shown, LISTED),
                        "total",
                        placemarks,
                        "field",
                        folderField()));
            }
            customTypes.forEach((type, count) -> notes.add(Detail.of(
                    "file_kml_custom_placemarks",
                    "{count} placemarks are written as <{type}>, a type of placemark the file declares (KML 2.1's"
                            + " Schema with parent=\"Placemark\"): they were read as placemarks, with the fields of"
                            + " its schema",
                    "count",
                    count,
                    "type",
                    type)));
            if (!nonLatinData.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_data_names",
                        "the placemarks' data (Data) are named in other than Latin letters ({names}), which GDAL"
                                + " would lose: they were read under these names",
                        "names",
                        Detail.firstOf(List.copyOf(nonLatinData), LISTED)));
            }
            Set<String> notDeclared = new LinkedHashSet<>(undeclared);
            notDeclared.removeAll(declared);
            if (!notDeclared.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_undeclared_fields",
                        "the KML file's placemarks hold {count} fields (SimpleData) that no Schema declares, which"
                                + " GDAL would drop; they were declared and read",
                        "count",
                        notDeclared.size()));
            }
            if (!tableFields.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_description_table",
                        "the placemarks hold their data only as a table in their description, as ArcGIS, Google Earth"
                                + " or QGIS writes it: the table's rows were read as the fields {fields}, and the"
                                + " description left out",
                        "fields",
                        List.copyOf(tableFields)));
            }
            if (!tableBesideData.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_description_table_beside_data",
                        "placemarks hold data (Data) and also a table in their description: the table's rows were"
                                + " read as the fields {fields} as well (a field named in both keeps the data's value),"
                                + " and the description left out",
                        "fields",
                        Detail.firstOf(List.copyOf(tableBesideData), LISTED)));
            }
            if (!lineFields.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_description_lines",
                        "the placemarks' descriptions are lines of a name and its value (Status: free), as Yandex's"
                                + " map constructor or Google My Maps writes them: the lines were read as the fields"
                                + " {fields}, and the description left out",
                        "fields",
                        Detail.firstOf(List.copyOf(lineFields), LISTED)));
            }
            if (!lineBesideData.isEmpty()) {
                notes.add(Detail.of(
                        "file_kml_description_lines_beside_data",
                        "placemarks hold data (Data) and also lines of a name and its value in their description:"
                                + " the lines were read as the fields {fields} as well (a field named in both keeps the"
                                + " data's value), and the description left out",
                        "fields",
                        Detail.firstOf(List.copyOf(lineBesideData), LISTED)));
            }
            return notes;
        }
    }

    private static String listed(java.util.Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        return all.size() <= LISTED
                ? String.join(", ", all)
                : String.join(", ", all.subList(0, LISTED)) + " and " + (all.size() - LISTED) + " more";
    }

    /** The folders whose placemarks are read (null: all, and those of no folder), and how many they hold. */
    private record Selection(Set<Integer> folders, int count) {
        boolean contains(int folder) {
            return folders == null || folders.contains(folder);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the second pass: the file written again

    private static final class Writer implements Reader {
        private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();
        private final XMLEventWriter out;
        private final Survey survey;
        private final Selection selection;
        private final String layer;
        private final String folderField;
        private final boolean withFolders;
        /**
         * Each field's name as written: its own, unless an earlier field's name, or one of GDAL's own
         * fields of a placemark ({@code Name}, {@code description}…), differs from it only in the case
         * of Latin letters (GDAL compares names so, and would keep the last value of the two under the
         * first name): then its own with a number, read back under its own ({@code Status} beside
         * {@code STATUS}).
         */
        final Map<String, String> names = new LinkedHashMap<>();

        private String ns = "";

        /** Whether a ring alone is written as the polygon it outlines, else as a closed line. */
        private final boolean ringsAsOutlines;

        /** How many placemarks drawn as a ring alone were written otherwise ({@link #rings(List)}). */
        int rings;

        /** How many placemarks had several rings in one {@code innerBoundaryIs} ({@link #holes(List)}). */
        int holes;

        Writer(OutputStream stream, Survey survey, Selection selection, String layer, boolean ringsAsOutlines)
                throws XMLStreamException {
            this.ringsAsOutlines = ringsAsOutlines;
            XMLOutputFactory factory = XMLOutputFactory.newFactory();
            factory.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
            this.out = factory.createXMLEventWriter(stream, "UTF-8");
            this.survey = survey;
            this.selection = selection;
            this.layer = layer;
            this.folderField = survey.folderField();
            this.withFolders = survey.paths(selection).size() > 1;
            Set<String> taken = new java.util.HashSet<>();
            java.util.function.Function<String, String> lower = n -> n.toLowerCase(Locale.ROOT);
            for (String own : GDAL_FIELDS) {
                taken.add(lower.apply(own));
            }
            List<String> fields = new ArrayList<>();
            if (withFolders) {
                fields.add(folderField);
            }
            fields.addAll(survey.types.keySet());
            fields.forEach(f -> taken.add(lower.apply(f)));
            Set<String> seen = new java.util.HashSet<>();
            GDAL_FIELDS.forEach(f -> seen.add(lower.apply(f)));
            for (String field : fields) {
                String as = field;
                if (!seen.add(lower.apply(field)) && !GDAL_FIELDS.contains(field)) {
                    for (int n = 2; taken.contains(lower.apply(as)); n++) {
                        as = field + "_" + n;
                    }
                    taken.add(lower.apply(as));
                }
                names.put(field, as);
            }
        }

        @Override
        public void root(StartElement root) throws XMLStreamException {
            ns = root.getName().getNamespaceURI();
            out.add(EVENTS.createStartDocument("UTF-8", "1.0"));
            out.add(EVENTS.createCharacters("\n"));
            out.add(root);
            start("Document");
            element("name", layer);
            Map<String, String> fields = new LinkedHashMap<>();
            if (withFolders) {
                fields.put(folderField, "string");
            }
            survey.types.forEach((name, type) -> fields.put(names.get(name), type));
            if (!fields.isEmpty()) {
                out.add(EVENTS.createCharacters("\n"));
                out.add(EVENTS.createStartElement(
                        new QName(ns, "Schema"),
                        List.of(EVENTS.createAttribute("name", SCHEMA_ID), EVENTS.createAttribute("id", SCHEMA_ID))
                                .iterator(),
                        null));
                for (Map.Entry<String, String> f : fields.entrySet()) {
                    out.add(EVENTS.createStartElement(
                            new QName(ns, "SimpleField"),
                            List.of(
                                            EVENTS.createAttribute("name", f.getKey()),
                                            EVENTS.createAttribute("type", f.getValue()))
                                    .iterator(),
                            null));
                    end("SimpleField");
                }
                end("Schema");
            }
        }

        @Override
        public void folder(int index, int parent) {}

        @Override
        public void folderName(int index, String name) {}

        @Override
        public void field(String name, String type) {}

        @Override
        public void placemark(Placemark p) throws XMLStreamException {
            if (p.folder() < 0 ? selection.folders() != null : !selection.contains(p.folder())) {
                return;
            }
            out.add(EVENTS.createCharacters("\n"));
            out.add(p.start());
            boolean written = false;
            boolean ring = false;
            for (Part part : p.parts()) {
                if (!written && GEOMETRIES.contains(part.name())) {
                    data(p);
                    written = true;
                }
                List<XMLEvent> events = part.events();
                if (part.name().equals("Polygon") || part.name().equals("MultiGeometry")) {
                    List<XMLEvent> split = holes(events);
                    if (split != events) {
                        holes++;
                        events = split;
                    }
                }
                if (part.name().equals("LinearRing") || part.name().equals("MultiGeometry")) {
                    List<XMLEvent> drawn = rings(events);
                    ring |= drawn != events;
                    events = drawn;
                }
                for (XMLEvent e : events) {
                    out.add(e);
                }
            }
            if (ring) {
                rings++;
            }
            if (!written) {
                data(p);
            }
            end("Placemark");
        }

        /**
         * The events of a placemark's geometry with each ring of an {@code innerBoundaryIs} after its
         * first in an {@code innerBoundaryIs} of its own; {@code events} itself when none has several.
         * ArcGIS's Layer To KML writes a polygon's holes in one such boundary; Google Earth draws each
         * ring as a hole, and GDAL would keep only the last.
         */
        private List<XMLEvent> holes(List<XMLEvent> events) {
            List<XMLEvent> written = new ArrayList<>(events.size() + 4);
            Deque<String> open = new ArrayDeque<>();
            // per innerBoundaryIs open, whether it has had its ring
            Deque<Boolean> ringed = new ArrayDeque<>();
            boolean any = false;
            for (XMLEvent e : events) {
                if (e.isStartElement()) {
                    StartElement s = e.asStartElement();
                    String parent = open.peek();
                    if (local(s).equals("innerBoundaryIs")) {
                        ringed.push(false);
                    } else if (local(s).equals("LinearRing") && "innerBoundaryIs".equals(parent)) {
                        if (ringed.pop()) {
                            any = true;
                            QName boundary = new QName(s.getName().getNamespaceURI(), "innerBoundaryIs");
                            written.add(EVENTS.createEndElement(boundary, null));
                            written.add(EVENTS.createStartElement(boundary, null, null));
                        }
                        ringed.push(true);
                    }
                    open.push(local(s));
                } else if (e.isEndElement() && !open.isEmpty()) {
                    if (open.pop().equals("innerBoundaryIs")) {
                        ringed.pop();
                    }
                }
                written.add(e);
            }
            return any ? written : events;
        }

        /**
         * The events of a placemark's geometry with each ring that stands alone (in the placemark or
         * in a {@code MultiGeometry}, not as a polygon's boundary) written as the polygon it outlines
         * or as a line ({@link #ringsAsOutlines}); {@code events} itself when it has none.
         */
        private List<XMLEvent> rings(List<XMLEvent> events) {
            List<XMLEvent> written = new ArrayList<>(events.size() + 4);
            // the elements open, by name; a ring written otherwise is marked so
            Deque<String> open = new ArrayDeque<>();
            boolean any = false;
            for (XMLEvent e : events) {
                if (e.isStartElement()) {
                    StartElement s = e.asStartElement();
                    String parent = open.peek();
                    if (local(s).equals("LinearRing") && (parent == null || parent.equals("MultiGeometry"))) {
                        any = true;
                        open.push("");
                        String uri = s.getName().getNamespaceURI();
                        if (ringsAsOutlines) {
                            written.add(EVENTS.createStartElement(new QName(uri, "Polygon"), null, null));
                            written.add(EVENTS.createStartElement(new QName(uri, "outerBoundaryIs"), null, null));
                            written.add(s);
                        } else {
                            written.add(EVENTS.createStartElement(
                                    new QName(uri, "LineString"), s.getAttributes(), s.getNamespaces()));
                        }
                        continue;
                    }
                    open.push(local(s));
                } else if (e.isEndElement() && !open.isEmpty() && open.pop().isEmpty()) {
                    String uri = e.asEndElement().getName().getNamespaceURI();
                    if (ringsAsOutlines) {
                        written.add(e);
                        written.add(EVENTS.createEndElement(new QName(uri, "outerBoundaryIs"), null));
                        written.add(EVENTS.createEndElement(new QName(uri, "Polygon"), null));
                    } else {
                        written.add(EVENTS.createEndElement(new QName(uri, "LineString"), null));
                    }
                    continue;
                }
                written.add(e);
            }
            return any ? written : events;
        }

        private void data(Placemark p) throws XMLStreamException {
            String folder = withFolders ? survey.path(p.folder()) : "";
            if (p.data().isEmpty() && folder.isEmpty()) {
                return;
            }
            start("ExtendedData");
            out.add(EVENTS.createStartElement(
                    new QName(ns, "SchemaData"),
                    List.of(EVENTS.createAttribute("schemaUrl", "#" + SCHEMA_ID))
                            .iterator(),
                    null));
            if (!folder.isEmpty()) {
                simpleData(names.get(folderField), folder);
            }
            for (Map.Entry<String, String> d : p.data().entrySet()) {
                if (d.getValue() != null) {
                    simpleData(names.getOrDefault(d.getKey(), d.getKey()), d.getValue());
                }
            }
            end("SchemaData");
            end("ExtendedData");
        }

        private void simpleData(String name, String value) throws XMLStreamException {
            out.add(EVENTS.createStartElement(
                    new QName(ns, "SimpleData"),
                    List.of(EVENTS.createAttribute("name", name)).iterator(),
                    null));
            out.add(EVENTS.createCharacters(value));
            end("SimpleData");
        }

        void finish() throws XMLStreamException {
            out.add(EVENTS.createCharacters("\n"));
            end("Document");
            out.add(EVENTS.createEndElement(new QName(ns, "kml"), null));
            out.add(EVENTS.createEndDocument());
            out.close();
        }

        private void start(String name) throws XMLStreamException {
            out.add(EVENTS.createStartElement(new QName(ns, name), null, null));
        }

        private void end(String name) throws XMLStreamException {
            out.add(EVENTS.createEndElement(new QName(ns, name), null));
        }

        private void element(String name, String text) throws XMLStreamException {
            start(name);
            out.add(EVENTS.createCharacters(text));
            end(name);
        }
    }
}
