package kz.adalmap.importers.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kz.adalmap.importers.profile.MappingProfile;

/**
 * Writes the files the import tests read: GeoJSON written here, and from it, through GDAL's own
 * writers, every other format in the form the programs of land departments produce.
 */
public final class TestFiles {

    private TestFiles() {}

    /** A feature: its attributes and its geometry as GeoJSON. */
    record Feature(Map<String, Object> properties, String geometry) {
        Feature with(String key, Object value) {
            Map<String, Object> p = new LinkedHashMap<>(properties);
            p.put(key, value);
            return new Feature(p, geometry);
        }

        Feature withGeometry(String json) {
            return new Feature(properties, json);
        }
    }

    /**
     * A CSV cell of the WKT (quoted) of a plot {@code width} by {@code height} degrees whose south-west
     * corner is at {@code west}, {@code south}.
     */
    static String wktCell(double west, double south, double width, double height) {
        double east = west + width;
        double north = south + height;
        return String.format(
                Locale.ROOT,
                "\"POLYGON((%.5f %.5f,%.5f %.5f,%.5f %.5f,%.5f %.5f,%.5f %.5f))\"",
                west,
                south,
                east,
                south,
                east,
                north,
                west,
                north,
                west,
                south);
    }

    /** A square plot of {@code metres} a side with its south-west corner at lon/lat, and the usual attributes. */
    static Feature plot(String cadastral, double lon, double lat, double metres, String status) {
        double dLat = metres / 111_320.0;
        double dLon = metres / (111_320.0 * Math.cos(Math.toRadians(lat)));
        Map<String, Object> p = new LinkedHashMap<>();
        if (cadastral != null) {
            p.put("kad_nomer", cadastral);
        }
        p.put("status", status);
        p.put("kategor", "Земли населенных пунктов");
        p.put("ploshad", String.format(Locale.ROOT, "%.4f", metres * metres / 10_000.0));
        p.put("adres", "г. Усть-Каменогорск, ул. Абая, " + Math.round(lon * 1000 % 100));
        return new Feature(p, polygon(lon, lat, lon + dLon, lat + dLat));
    }

    static String polygon(double x0, double y0, double x1, double y1) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.8f,%.8f],[%.8f,%.8f],[%.8f,%.8f],[%.8f,%.8f],[%.8f,%.8f]]]}",
                x0,
                y0,
                x1,
                y0,
                x1,
                y1,
                x0,
                y1,
                x0,
                y0);
    }

    /**
     * An editor's import of {@code file} into {@code layer} read by {@code profile}, as the file gives its
     * coordinate system, code page and layer, held to no region, working in {@code dir}/work.
     */
    static LayerImporter.Request request(String layer, Path file, MappingProfile profile, Path dir) {
        return new LayerImporter.Request(layer, file, profile, null, null, null, "editor", null, dir.resolve("work"));
    }

    /** {@code count} plots in rows near Oskemen, numbered 05-085-012-001 onwards, every fourth one free. */
    static List<Feature> plots(int count) {
        return plots(count, 12);
    }

    /** Like {@link #plots(int)}, numbered in accounting quarter {@code quarter}: 05-085-{quarter}-001 onwards. */
    static List<Feature> plots(int count, int quarter) {
        List<Feature> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double lon = 82.60 + (i % 20) * 0.0006;
            double lat = 49.95 + (i / 20) * 0.0005;
            out.add(plot(
                    String.format("05-085-%03d-%03d", quarter, i + 1),
                    lon,
                    lat,
                    30,
                    i % 4 == 0 ? "свободен" : "предоставлен"));
        }
        return out;
    }

    /** The labels' points of {@code plots}, as a CAD or GIS program leaves them beside the plots: each plot's fields at a point. */
    static List<Feature> labelsOf(List<Feature> plots) {
        return plots.stream()
                .map(plot -> plot.withGeometry("{\"type\":\"Point\",\"coordinates\":[82.6001,49.9501]}"))
                .toList();
    }

    static Path geojson(Path file, List<Feature> features) throws IOException {
        return geojson(file, features, null);
    }

    /** A GeoJSON file; {@code crs} adds the old-style named CRS member (e.g. {@code EPSG:32644}). */
    static Path geojson(Path file, List<Feature> features, String crs) throws IOException {
        String body = features.stream()
                .map(f -> "{\"type\":\"Feature\",\"properties\":" + json(f.properties()) + ",\"geometry\":"
                        + f.geometry() + "}")
                .collect(Collectors.joining(",\n"));
        String crsMember = crs == null ? "" : "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + crs + "\"}},";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "{\"type\":\"FeatureCollection\"," + crsMember + "\"features\":[\n" + body + "\n]}");
        return file;
    }

    private static String json(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .map(e -> "\"" + e.getKey().replace("\\", "\\\\").replace("\"", "\\\"") + "\":"
                        + (e.getValue() == null
                                ? "null"
                                : e.getValue() instanceof Number
                                        ? e.getValue().toString()
                                        : "\""
                                                + e.getValue()
                                                        .toString()
                                                        .replace("\\", "\\\\")
                                                        .replace("\"", "\\\"") + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Runs ogr2ogr with {@code args}; fails the test with GDAL's output when it fails. */
    public static void ogr2ogr(String... args) throws IOException, InterruptedException {
        gdal("ogr2ogr", args);
    }

    /**
     * Runs GDAL's tool {@code tool} (gdal_create, gdal_translate…) with {@code args}; fails the test when it
     * fails, and returns what it printed.
     */
    static String gdal(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** Converts a GeoJSON file with GDAL's writer for {@code driver}, with extra options. */
    /**
     * {@code features} as the Shapefile {@code folder}/{@code name}.shp, written by ogr2ogr with its
     * layer creation and other {@code options} from the GeoJSON {@code folder}/src.geojson.
     */
    static Path shapefile(Path folder, String name, List<Feature> features, String... options) throws Exception {
        return convert(
                geojson(folder.resolve("src.geojson"), features),
                folder.resolve(name + ".shp"),
                "ESRI Shapefile",
                options);
    }

    static Path convert(Path source, Path target, String driver, String... options) throws Exception {
        Files.createDirectories(target.toAbsolutePath().getParent());
        List<String> args = new ArrayList<>(List.of("-f", driver, target.toString(), source.toString()));
        args.addAll(List.of(options));
        ogr2ogr(args.toArray(String[]::new));
        return target;
    }

    /**
     * A zipped MapInfo MIF/MID pair in CP1251 of three square plots of 100 m a side, 200 m apart, the
     * first with its south-west corner at ({@code x}, {@code y}) in coordinate system {@code coordSys}
     * (MapInfo's CoordSys clause), numbered 05-085-012-001 onwards, free, in settlements.
     */
    static Path mifOfThreePlots(Path zip, String coordSys, long x, long y) throws IOException {
        return mifOfThreePlots(zip, coordSys, x, y, "05-085-012");
    }

    /**
     * {@link #mifOfThreePlots(Path, String, long, long)} numbered in the quarter {@code quarter}
     * ({@code 05-085-077}: {@code 05-085-077-001} onwards), for a test whose database other tests'
     * plots share.
     */
    public static Path mifOfThreePlots(Path zip, String coordSys, long x, long y, String quarter) throws IOException {
        StringBuilder mif = new StringBuilder("""
                Version 300
                Charset "WindowsCyrillic"
                Delimiter ","
                CoordSys %s
                Columns 3
                  kad_nomer Char(20)
                  status Char(20)
                  kategor Char(40)
                Data

                """.formatted(coordSys));
        StringBuilder mid = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            long x0 = x + i * 200L;
            mif.append("Region 1\n  5\n%d %d\n%d %d\n%d %d\n%d %d\n%d %d\n"
                    .formatted(x0, y, x0 + 100, y, x0 + 100, y + 100, x0, y + 100, x0, y));
            mid.append("\"%s-00%d\",\"свободен\",\"нп\"\n".formatted(quarter, i + 1));
        }
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path folder = Files.createDirectories(zip.resolveSibling(name + "-mif"));
        Files.writeString(folder.resolve(name + ".mif"), mif);
        Files.write(
                folder.resolve(name + ".mid"),
                mid.toString().getBytes(java.nio.charset.Charset.forName("windows-1251")));
        return zip(zip, List.of(folder.resolve(name + ".mif"), folder.resolve(name + ".mid")));
    }

    /**
     * Writes {@code shp} and its {@code .shx} anew, byte by byte, with one polygon record per
     * element of {@code records}: its rings as given, each a list of x, y pairs in the order and
     * direction given (GDAL's writer would close, reorder or rewind them as CAD programs do not).
     * Points of three numbers (x, y, height) make the file one of PolygonZ, as AutoCAD writes it,
     * its heights after its points and no measures.
     */
    static void polygonRecords(Path shp, List<double[][][]> records) throws IOException {
        boolean heights = records.stream()
                .flatMap(java.util.Arrays::stream)
                .flatMap(java.util.Arrays::stream)
                .anyMatch(xy -> xy.length > 2);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream index = new java.io.ByteArrayOutputStream();
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        int offset = 100;
        for (int r = 0; r < records.size(); r++) {
            double[][][] rings = records.get(r);
            int points = 0;
            for (double[][] ring : rings) {
                points += ring.length;
            }
            java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(
                            44 + 4 * rings.length + 16 * points + (heights ? 16 + 8 * points : 0))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            double[] own = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (double[][] ring : rings) {
                for (double[] xy : ring) {
                    own[0] = Math.min(own[0], xy[0]);
                    own[1] = Math.min(own[1], xy[1]);
                    own[2] = Math.max(own[2], xy[0]);
                    own[3] = Math.max(own[3], xy[1]);
                }
            }
            content.putInt(heights ? 15 : 5)
                    .putDouble(own[0])
                    .putDouble(own[1])
                    .putDouble(own[2])
                    .putDouble(own[3]);
            content.putInt(rings.length).putInt(points);
            int start = 0;
            for (double[][] ring : rings) {
                content.putInt(start);
                start += ring.length;
            }
            for (double[][] ring : rings) {
                for (double[] xy : ring) {
                    content.putDouble(xy[0]).putDouble(xy[1]);
                }
            }
            if (heights) {
                double[] z = java.util.Arrays.stream(rings)
                        .flatMap(java.util.Arrays::stream)
                        .mapToDouble(xy -> xy.length > 2 ? xy[2] : 0)
                        .toArray();
                content.putDouble(java.util.Arrays.stream(z).min().orElse(0))
                        .putDouble(java.util.Arrays.stream(z).max().orElse(0));
                for (double height : z) {
                    content.putDouble(height);
                }
            }
            for (int k = 0; k < 4; k++) {
                box[k] = k < 2 ? Math.min(box[k], own[k]) : Math.max(box[k], own[k]);
            }
            int words = content.capacity() / 2;
            body.write(
                    java.nio.ByteBuffer.allocate(8).putInt(r + 1).putInt(words).array());
            body.write(content.array());
            index.write(java.nio.ByteBuffer.allocate(8)
                    .putInt(offset / 2)
                    .putInt(words)
                    .array());
            offset += 8 + content.capacity();
        }
        Files.write(shp, withHeader(body.toByteArray(), box, heights ? 15 : 5));
        Files.write(
                shp.resolveSibling(shp.getFileName().toString().replaceFirst("\\.shp$", ".shx")),
                withHeader(index.toByteArray(), box, heights ? 15 : 5));
    }

    /** A Shapefile's (or its index's) 100-byte header of {@code type} (5 polygons, 15 PolygonZ) over {@code records}. */
    private static byte[] withHeader(byte[] records, double[] box, int type) {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(100 + records.length);
        header.putInt(9994).position(24);
        header.putInt((100 + records.length) / 2);
        header.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(type);
        header.putDouble(box[0]).putDouble(box[1]).putDouble(box[2]).putDouble(box[3]);
        header.position(100);
        header.put(records);
        return header.array();
    }

    /** A square ring of {@code side} with its south-west corner at x, y: clockwise (an outline), or not (a hole). */
    static double[][] square(double x, double y, double side, boolean clockwise) {
        double[][] ring = {{x, y}, {x, y + side}, {x + side, y + side}, {x + side, y}, {x, y}};
        if (!clockwise) {
            java.util.Collections.reverse(java.util.Arrays.asList(ring));
        }
        return ring;
    }

    /** The files of a Shapefile next to {@code shp}, by extension. */
    static List<Path> shapefileParts(Path shp) throws IOException {
        String base = shp.getFileName().toString().replaceFirst("\\.shp$", "");
        try (var files = Files.list(shp.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(base + "."))
                    .sorted()
                    .toList();
        }
    }

    public static Path zip(Path zip, List<Path> files) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Path f : files) {
            entries.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return zipEntries(zip, entries);
    }

    static Path zipEntries(Path zip, Map<String, byte[]> entries) throws IOException {
        return zipEntries(zip, entries, StandardCharsets.UTF_8);
    }

    /** A zip whose entry names are written in {@code names} (Windows archivers use the DOS code page). */
    static Path zipEntries(Path zip, Map<String, byte[]> entries, java.nio.charset.Charset names) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip), names)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }

    /**
     * An Excel workbook laid out as Excel writes it: its sheets by name in order, each given as its
     * rows (and merged ranges) in the sheet's XML ({@link #xlsxRow}), those named in {@code hidden}
     * hidden, its dates counted from 1904 when {@code date1904}. Its cell styles: 0 General, 1 a date
     * (numFmt 14), 2 a percentage (numFmt 9), 3 digits and dashes ({@code 00\-000\-000\-000}).
     */
    static Path xlsx(Path file, Map<String, String> sheets, List<String> hidden, boolean date1904) throws IOException {
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        String relations = "http://schemas.openxmlformats.org/package/2006/relationships";
        String office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        StringBuilder types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types"
                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\""
                + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default"
                + " Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\""
                + " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\""
                + " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        StringBuilder book = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + main
                + "\" xmlns:r=\"" + office + "\"><workbookPr" + (date1904 ? " date1904=\"1\"" : "")
                + "/><sheets>");
        StringBuilder rels = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + relations + "\">");
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> sheet : sheets.entrySet()) {
            n++;
            types.append("<Override PartName=\"/xl/worksheets/sheet" + n + ".xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            book.append("<sheet name=\"" + sheet.getKey() + "\" sheetId=\"" + n + "\""
                    + (hidden.contains(sheet.getKey()) ? " state=\"hidden\"" : "") + " r:id=\"rId" + n + "\"/>");
            rels.append("<Relationship Id=\"rId" + n + "\" Type=\"" + office + "/worksheet\" Target=\"worksheets/sheet"
                    + n + ".xml\"/>");
            String body = sheet.getValue();
            int merges = body.indexOf("<mergeCells");
            entries.put(
                    "xl/worksheets/sheet" + n + ".xml",
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + main + "\"><sheetData>"
                                    + (merges < 0 ? body : body.substring(0, merges)) + "</sheetData>"
                                    + (merges < 0 ? "" : body.substring(merges)) + "</worksheet>")
                            .getBytes(StandardCharsets.UTF_8));
        }
        rels.append("<Relationship Id=\"rId" + (n + 1) + "\" Type=\"" + office
                + "/styles\" Target=\"styles.xml\"/></Relationships>");
        entries.put("[Content_Types].xml", (types + "</Types>").getBytes(StandardCharsets.UTF_8));
        entries.put(
                "_rels/.rels",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + relations
                                + "\"><Relationship Id=\"rId1\" Type=\"" + office
                                + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put("xl/workbook.xml", (book + "</sheets></workbook>").getBytes(StandardCharsets.UTF_8));
        entries.put("xl/_rels/workbook.xml.rels", rels.toString().getBytes(StandardCharsets.UTF_8));
        entries.put(
                "xl/styles.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"" + main + "\"><numFmts"
                                + " count=\"1\"><numFmt numFmtId=\"166\" formatCode=\"00\\-000\\-000\\-000\"/></numFmts>"
                                + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                                + "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
                                + "<borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\""
                                + " fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"4\">"
                                + "<xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                                + "<xf numFmtId=\"9\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                                + "<xf numFmtId=\"166\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>")
                        .getBytes(StandardCharsets.UTF_8));
        return zipEntries(file, entries);
    }

    /**
     * A row of an Excel sheet, numbered {@code row}, of {@code cells} from column A: a text (written as
     * an inline string), a number, null for none, or a cell's own XML with {@code {ref}} for its
     * reference ({@code <c r="{ref}" t="e"><v>#N/A</v></c>}).
     */
    static String xlsxRow(int row, Object... cells) {
        StringBuilder xml = new StringBuilder("<row r=\"" + row + "\">");
        for (int i = 0; i < cells.length; i++) {
            String ref = (char) ('A' + i) + Integer.toString(row);
            Object cell = cells[i];
            if (cell == null) {
                continue;
            }
            if (cell instanceof Number number) {
                xml.append("<c r=\"" + ref + "\"><v>" + number + "</v></c>");
            } else if (cell.toString().startsWith("<c ")) {
                xml.append(cell.toString().replace("{ref}", ref));
            } else {
                xml.append("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>"
                        + cell.toString().replace("&", "&amp;").replace("<", "&lt;") + "</t></is></c>");
            }
        }
        return xml.append("</row>").toString();
    }

    /**
     * An Excel workbook of {@code rows} rows, each a point and a shared text of {@code letters}
     * letters: a zip of some ten kilobytes a row-thousand whose sheet, written out, is {@code rows}
     * × {@code letters} bytes.
     */
    static Path workbookBomb(Path xlsx, int rows, int letters) throws IOException {
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        String relations = "http://schemas.openxmlformats.org/package/2006/relationships";
        String office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + main
                + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>");
        for (int r = 2; r <= rows + 1; r++) {
            sheet.append("<row r=\"%d\"><c r=\"A%1$d\" t=\"s\"><v>2</v></c><c r=\"B%1$d\" t=\"s\"><v>3</v></c></row>"
                    .formatted(r));
        }
        sheet.append("</sheetData></worksheet>");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(
                "[Content_Types].xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\""
                                + "http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\""
                                + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default"
                                + " Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\""
                                + " ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                                + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName="
                                + "\"/xl/sharedStrings.xml\" ContentType=\"application/"
                                + "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "_rels/.rels",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + relations
                                + "\"><Relationship Id=\"rId1\" Type=\"" + office
                                + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                                + "</Relationships>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "xl/workbook.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + main
                                + "\" xmlns:r=\"" + office
                                + "\"><sheets><sheet name=\"plots\" sheetId=\"1\" r:id=\"rId1\"/>"
                                + "</sheets></workbook>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "xl/_rels/workbook.xml.rels",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                                + relations + "\"><Relationship Id=\"rId1\" Type=\"" + office + "/worksheet\""
                                + " Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + office
                                + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put(
                "xl/sharedStrings.xml",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + main
                                + "\" count=\"4\" uniqueCount=\"4\"><si><t>wkt</t></si><si><t>kad_nomer</t></si>"
                                + "<si><t>POINT (82.61 49.95)</t></si><si><t>" + "A".repeat(letters)
                                + "</t></si></sst>")
                        .getBytes(StandardCharsets.UTF_8));
        entries.put("xl/worksheets/sheet1.xml", sheet.toString().getBytes(StandardCharsets.UTF_8));
        return zipEntries(xlsx, entries);
    }

    /** A zip of one entry of {@code megabytes} zero bytes: a few hundred kilobytes that unpack to gigabytes. */
    static Path zipBomb(Path zip, int megabytes) throws IOException {
        byte[] zeros = new byte[1024 * 1024];
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(9);
            out.putNextEntry(new ZipEntry("plots.geojson"));
            for (int i = 0; i < megabytes; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        return zip;
    }

    /**
     * Leaves the GeoPackage {@code gpkg} as QGIS leaves it while its project is open after "Save
     * edits": {@code sql} committed, but only in SQLite's write-ahead log ({@code <name>-wal}) beside
     * the file, which itself still holds the data before it. The log is written here as SQLite writes
     * one (its header, then a frame of each page {@code sql} changed, the last marking the commit),
     * from the file and a copy of it {@code sql} was run on; SQLite reads it as part of the file.
     */
    public static Path withWriteAheadLog(Path gpkg, String sql) throws Exception {
        // the file in WAL mode, as QGIS sets it (the header's bytes 18 and 19)
        gdal("ogrinfo", "-q", gpkg.toString(), "-sql", "PRAGMA journal_mode = WAL");
        Path edited = gpkg.resolveSibling("edited-" + gpkg.getFileName());
        Files.copy(gpkg, edited, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        gdal("ogrinfo", "-q", edited.toString(), "-sql", sql);
        byte[] before = Files.readAllBytes(gpkg);
        byte[] after = Files.readAllBytes(edited);
        Files.delete(edited);
        int pageSize = java.nio.ByteBuffer.wrap(before).getShort(16) & 0xffff;
        List<Integer> changed = new ArrayList<>();
        for (int page = 0; page * pageSize < after.length; page++) {
            int from = page * pageSize;
            if (from + pageSize > before.length
                    || !java.util.Arrays.equals(before, from, from + pageSize, after, from, from + pageSize)) {
                changed.add(page + 1);
            }
        }
        java.nio.ByteBuffer log = java.nio.ByteBuffer.allocate(32 + changed.size() * (24 + pageSize));
        // big-endian checksums (magic 0x377f0683), format 3007000, checkpoint 0, two salts
        log.putInt(0x377f0683)
                .putInt(3007000)
                .putInt(pageSize)
                .putInt(0)
                .putInt(0x1234567)
                .putInt(0x7654321);
        int[] sum = walChecksum(log.array(), 0, 24, new int[2]);
        log.putInt(sum[0]).putInt(sum[1]);
        for (int i = 0; i < changed.size(); i++) {
            int at = log.position();
            int page = changed.get(i);
            boolean commit = i == changed.size() - 1;
            log.putInt(page)
                    .putInt(commit ? after.length / pageSize : 0)
                    .putInt(0x1234567)
                    .putInt(0x7654321);
            sum = walChecksum(log.array(), at, 8, sum);
            sum = walChecksum(after, (page - 1) * pageSize, pageSize, sum);
            log.putInt(sum[0]).putInt(sum[1]);
            log.put(after, (page - 1) * pageSize, pageSize);
        }
        return Files.write(gpkg.resolveSibling(gpkg.getFileName() + "-wal"), log.array());
    }

    /** SQLite's WAL checksum of {@code length} bytes from {@code from}, big-endian words, going on from {@code sum}. */
    private static int[] walChecksum(byte[] bytes, int from, int length, int[] sum) {
        java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(bytes, from, length);
        int s0 = sum[0];
        int s1 = sum[1];
        while (words.hasRemaining()) {
            s0 += words.getInt() + s1;
            s1 += words.getInt() + s0;
        }
        return new int[] {s0, s1};
    }

    static void truncate(Path file, long size) throws IOException {
        try (var channel = Files.newByteChannel(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Clears the language driver byte of a DBF, so that it no longer says its code page. */
    static void clearLanguageDriver(Path dbf) throws IOException {
        byte[] bytes = Files.readAllBytes(dbf);
        bytes[29] = 0;
        try (OutputStream out = Files.newOutputStream(dbf)) {
            out.write(bytes);
        }
    }
}
