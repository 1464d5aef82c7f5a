package kz.adalmap.importers.source;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rings of a Shapefile's polygons as the file draws them, for what GDAL's reading does
 * not say. The Shapefile specification draws an outline clockwise and a hole counter-clockwise; GDAL
 * is told to tell them apart by which lies inside which instead (CAD programs write them the other
 * way round), so a ring the file draws clockwise, as a part of its own, inside another clockwise
 * ring of the same plot is read as a hole in it. Whether the file meant a hole or a part cannot be
 * told; the report names such plots.
 */
public final class ShapefileRings {

    private static final int POLYGON = 5;
    private static final int POLYGON_Z = 15;
    private static final int POLYGON_M = 25;

    private ShapefileRings() {}

    /**
     * What is wrong with {@code shp} when the shape type its header declares is not the one its
     * records hold (points declared over polygons), else null. GDAL types the layer by the header and
     * reads each record by its own type: such a file is refused for the geometry it does not hold,
     * and a clerk told to turn lines into polygons would look in vain for lines. Null records are
     * none of the types; a file that cannot be read to its end is left to GDAL to say what is wrong.
     * Reads each record's first 12 bytes and skips the rest.
     */
    public static String headerTypeMismatch(Path shp) throws IOException {
        java.util.Map<Integer, Long> types = new java.util.TreeMap<>();
        int[] declared = new int[1];
        long[] records = new long[1];
        End end;
        try {
            end = walk(
                    shp,
                    type -> {
                        declared[0] = type;
                        return type != 0;
                    },
                    (record, shape, rest, in) -> {
                        in.skipNBytes(rest);
                        records[0] = record;
                        if (shape != 0 && plain(shape) != plain(declared[0])) {
                            types.merge(shape, 1L, Long::sum);
                        }
                    });
        } catch (EOFException damaged) {
            return null;
        }
        if (end != End.WHOLE || types.isEmpty()) {
            return null;
        }
        List<String> held = new ArrayList<>();
        types.forEach((type, count) -> held.add(count + " of " + shapeName(type)));
        return "the shapefile " + shp.getFileName() + " is damaged: its header says it holds "
                + shapeName(declared[0]) + ", but its records hold other shapes (" + String.join(", ", held)
                + ", of " + records[0] + " records). The file was damaged, or written by a faulty program; export"
                + " it again from the program it was made in, or send it in another format (a GeoPackage)";
    }

    /** How a {@link #walk} through a {@code .shp}'s records ended. */
    private enum End {
        /** Every record read, to the end of the file. */
        WHOLE,
        /** The shape type its header declares not one to read. */
        NOT_WALKED,
        /** At a record whose length no record has (a damaged file): the records before it were read. */
        BAD_LENGTH
    }

    /** A record of a {@code .shp}: its number (from 1, in file order) and shape type, then {@code rest} bytes. */
    @FunctionalInterface
    private interface Record {
        /** Reads or skips exactly the {@code rest} bytes of the record after its shape type from {@code in}. */
        void read(long number, int shape, int rest, DataInputStream in) throws IOException;
    }

    /**
     * Walks the records of {@code shp} in file order, when {@code declared} takes the shape type its
     * header declares: each record's number, shape type and the rest of its content to {@code record}.
     * Throws {@link EOFException} for a file cut off inside its header or a record.
     */
    private static End walk(Path shp, java.util.function.IntPredicate declared, Record record) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(shp), 1 << 16))) {
            byte[] header = new byte[100];
            in.readFully(header);
            int type = ByteBuffer.wrap(header, 32, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            if (!declared.test(type)) {
                return End.NOT_WALKED;
            }
            for (long number = 1; ; number++) {
                int length;
                try {
                    in.readInt();
                    length = in.readInt() * 2;
                } catch (EOFException end) {
                    return End.WHOLE;
                }
                if (length < 4 || length > 1 << 30) {
                    return End.BAD_LENGTH;
                }
                record.read(number, Integer.reverseBytes(in.readInt()), length - 4, in);
            }
        }
    }

    /** A shape type without Z or M: 1 point, 3 line, 5 polygon, 8 multipoint, 31 multipatch. */
    private static int plain(int type) {
        return type == 31 ? 31 : type % 10;
    }

    /** A shape type as a clerk knows it, plural. */
    private static String shapeName(int type) {
        return switch (plain(type)) {
            case 1 -> "points";
            case 3 -> "lines";
            case 5 -> "polygons";
            case 8 -> "multipoints";
            case 31 -> "multipatches (3D surfaces)";
            default -> "shapes of type " + type;
        };
    }

    /**
     * The records (from 1, in file order) of {@code shp} that hold a clockwise ring inside another
     * clockwise ring; empty for a file of other shapes, or one that cannot be read to its end (GDAL
     * then says what is wrong with it).
     */
    public static List<Long> outlinesInsideOutlines(Path shp) throws IOException {
        List<Long> records = new ArrayList<>();
        try {
            walk(shp, type -> type == POLYGON || type == POLYGON_Z || type == POLYGON_M, (record, shape, rest, in) -> {
                byte[] content = new byte[rest];
                in.readFully(content);
                if ((shape == POLYGON || shape == POLYGON_Z || shape == POLYGON_M)
                        && rest >= 40
                        && nested(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN))) {
                    records.add(record);
                }
            });
        } catch (EOFException | IndexOutOfBoundsException | java.nio.BufferUnderflowException damaged) {
            return List.of();
        }
        // a record of a length no record has ends the walk: those before it are kept
        return records;
    }

    /**
     * Whether every ring of every polygon of {@code shp} ends at its first point on the map (in x and
     * y), whatever its heights: GDAL, comparing the heights of a PolygonZ's first and last points
     * too, says "Non closed ring detected" of a ring AutoCAD re-shot at another height, which is
     * closed on the map, and whose heights are left out anyway. False for a file of other shapes, a
     * folder, or one that cannot be read to its end (GDAL then says what it says).
     */
    public static boolean everyRingClosedOnTheMap(Path shp) throws IOException {
        if (!Files.isRegularFile(shp)) {
            return false;
        }
        boolean[] closed = {true};
        End end;
        try {
            end = walk(
                    shp,
                    type -> type == POLYGON || type == POLYGON_Z || type == POLYGON_M,
                    (record, shape, rest, in) -> {
                        byte[] content = new byte[rest];
                        in.readFully(content);
                        if (closed[0] && (shape == POLYGON || shape == POLYGON_Z || shape == POLYGON_M) && rest >= 40) {
                            closed[0] = closedInXy(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN));
                        }
                    });
        } catch (EOFException | IndexOutOfBoundsException | java.nio.BufferUnderflowException damaged) {
            return false;
        }
        return end == End.WHOLE && closed[0];
    }

    /**
     * The index of each ring's first point in the polygon at {@code b} (its content after its shape
     * type), and after them the number of its points; {@code b} left at its first point. Null when it
     * has fewer than {@code fewest} rings or counts that cannot be.
     */
    private static int[] ringStarts(ByteBuffer b, int fewest) {
        // past its box
        b.position(32);
        int parts = b.getInt();
        int points = b.getInt();
        if (parts < fewest || parts < 0 || points < 0 || parts > points) {
            return null;
        }
        int[] start = new int[parts + 1];
        for (int i = 0; i < parts; i++) {
            start[i] = b.getInt();
        }
        start[parts] = points;
        return start;
    }

    /** Whether each ring of the polygon at {@code b} (its content after its shape type) ends where it begins in x and y. */
    private static boolean closedInXy(ByteBuffer b) {
        int[] start = ringStarts(b, 0);
        if (start == null) {
            return false;
        }
        int parts = start.length - 1;
        int points = start[parts];
        int xy = b.position();
        for (int i = 0; i < parts; i++) {
            if (start[i] < 0 || start[i + 1] > points || start[i + 1] <= start[i]) {
                return false;
            }
            int first = xy + 16 * start[i];
            int last = xy + 16 * (start[i + 1] - 1);
            if (b.getDouble(first) != b.getDouble(last) || b.getDouble(first + 8) != b.getDouble(last + 8)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the polygon at {@code b} (its content after its shape type) has a clockwise ring inside another with
     * no hole between them: an island drawn inside a hole of its plot (outline, hole, island) is
     * read as the file means it, and is not one.
     */
    private static boolean nested(ByteBuffer b) {
        int[] start = ringStarts(b, 2);
        if (start == null) {
            return false;
        }
        int parts = start.length - 1;
        int points = start[parts];
        int xy = b.position();
        // per ring: its box, its index, and whether it is drawn clockwise (1)
        List<double[]> rings = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            if (start[i] < 0 || start[i + 1] > points || start[i + 1] - start[i] < 4) {
                continue;
            }
            double twiceArea = 0;
            double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (int p = start[i]; p < start[i + 1] - 1; p++) {
                double x0 = b.getDouble(xy + 16 * p), y0 = b.getDouble(xy + 16 * p + 8);
                double x1 = b.getDouble(xy + 16 * (p + 1)), y1 = b.getDouble(xy + 16 * (p + 1) + 8);
                twiceArea += x0 * y1 - x1 * y0;
                minX = Math.min(minX, x0);
                minY = Math.min(minY, y0);
                maxX = Math.max(maxX, x0);
                maxY = Math.max(maxY, y0);
            }
            // clockwise: a negative area, y up
            rings.add(new double[] {minX, minY, maxX, maxY, i, twiceArea < 0 ? 1 : 0});
        }
        for (double[] inner : rings) {
            for (double[] outer : rings) {
                // a ring repeated exactly is a part drawn twice, read once (not a hole in itself)
                if (inner != outer
                        && inner[5] == 1
                        && outer[5] == 1
                        && within(b, xy, start, inner, outer)
                        && !same(b, xy, start, inner, outer)) {
                    // the rings between them (a hole, an island in it, a hole in that): an odd number
                    // makes the inner ring an island in a hole, as the file draws it
                    int between = 0;
                    for (double[] ring : rings) {
                        if (ring != inner
                                && ring != outer
                                && within(b, xy, start, inner, ring)
                                && within(b, xy, start, ring, outer)) {
                            between++;
                        }
                    }
                    if (between % 2 == 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether rings {@code one} and {@code other} have the same box and the same points, in any order. */
    private static boolean same(ByteBuffer b, int xy, int[] start, double[] one, double[] other) {
        for (int k = 0; k < 4; k++) {
            if (one[k] != other[k]) {
                return false;
            }
        }
        List<List<double[]>> points = new ArrayList<>();
        for (double[] ring : new double[][] {one, other}) {
            int from = start[(int) ring[4]];
            // the closing point left out: a ring may be listed from another point
            List<double[]> xys = new ArrayList<>();
            for (int p = from; p < start[(int) ring[4] + 1] - 1; p++) {
                xys.add(new double[] {b.getDouble(xy + 16 * p), b.getDouble(xy + 16 * p + 8)});
            }
            xys.sort(java.util.Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]));
            points.add(xys);
        }
        if (points.get(0).size() != points.get(1).size()) {
            return false;
        }
        for (int p = 0; p < points.get(0).size(); p++) {
            if (!java.util.Arrays.equals(points.get(0).get(p), points.get(1).get(p))) {
                return false;
            }
        }
        return true;
    }

    /** Whether ring {@code inner} lies inside ring {@code outer}: in its box, its first point inside it. */
    private static boolean within(ByteBuffer b, int xy, int[] start, double[] inner, double[] outer) {
        if (inner[0] < outer[0] || inner[1] < outer[1] || inner[2] > outer[2] || inner[3] > outer[3]) {
            return false;
        }
        int ring = (int) inner[4];
        double x = b.getDouble(xy + 16 * start[ring]);
        double y = b.getDouble(xy + 16 * start[ring] + 8);
        return inside(b, xy, start[(int) outer[4]], start[(int) outer[4] + 1], x, y);
    }

    /** Whether the point lies inside the ring of points {@code from} to {@code to} (even-odd rule). */
    private static boolean inside(ByteBuffer b, int xy, int from, int to, double x, double y) {
        boolean in = false;
        for (int p = from, q = to - 1; p < to; q = p++) {
            double xp = b.getDouble(xy + 16 * p), yp = b.getDouble(xy + 16 * p + 8);
            double xq = b.getDouble(xy + 16 * q), yq = b.getDouble(xy + 16 * q + 8);
            if ((yp > y) != (yq > y) && x < (xq - xp) * (y - yp) / (yq - yp) + xp) {
                in = !in;
            }
        }
        return in;
    }
}
