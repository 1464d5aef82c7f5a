package kz.adalmap.importers.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.adalmap.importers.source.RowNumbers;

/**
 * The other features a problem names (the plot a feature overlaps, the rows that hold the same
 * cadastral number, the rows left out), stored as their positions in the file ({@code row},
 * {@code rows}, {@code first} of its detail, "row N" of its English message, "line N" of a CSV file's) and read as the
 * numbers a person finds them by ({@link RowNumbers}).
 */
final class RowReferences {

    /** The values of a detail that are positions of features. */
    private static final List<String> NAMES = List.of("row", "rows", "first");

    /**
     * Details whose {@code row} or {@code rows} count something else: the rows of a CSV file as
     * written, before a title was left out; the rows of a .dbf marked deleted (and their plots'
     * numbers), by their rows of the .dbf already (no feature's position: GDAL read none of them).
     */
    private static final List<String> OTHER_ROWS =
            List.of("file_cells_cut", "file_dbf_deleted_rows", "file_dbf_deleted_plots");

    /** "row 12", "rows 3, 7, 9" in an English message; "line 12" where it names a CSV file's. */
    private static final Pattern IN_MESSAGE = Pattern.compile("\\b(rows?|lines?) ([0-9]+(?:, [0-9]+)*)\\b");

    private RowReferences() {}

    /** Whether {@code detail} names other features by their positions. */
    static boolean names(Map<String, Object> detail) {
        return !OTHER_ROWS.contains(String.valueOf(detail.get("key")))
                && NAMES.stream()
                        .anyMatch(name -> detail.get(name) instanceof Number || detail.get(name) instanceof List<?>);
    }

    /** {@code detail} with the positions it names as {@code numbers} has them. */
    static Map<String, Object> inDetail(Map<String, Object> detail, RowNumbers numbers) {
        Map<String, Object> out = new LinkedHashMap<>(detail);
        for (String name : NAMES) {
            Object value = detail.get(name);
            if (value instanceof Number n) {
                out.put(name, inDetail(n.longValue(), numbers));
            } else if (value instanceof List<?> list && list.stream().allMatch(Number.class::isInstance)) {
                out.put(
                        name,
                        list.stream()
                                .map(n -> inDetail(((Number) n).longValue(), numbers))
                                .toList());
            }
        }
        return out;
    }

    /** A position as {@code numbers} has it: of several layers read together, with its layer, {@code 2 (wells.shp)}. */
    private static Object inDetail(long position, RowNumbers numbers) {
        String layer = numbers.layerOf(position);
        return layer == null ? numbers.of(position) : numbers.of(position) + " (" + layer + ")";
    }

    /** The English {@code message} with the rows it names as {@code numbers} has them. */
    static String inMessage(String message, RowNumbers numbers) {
        Matcher m = IN_MESSAGE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder rows = new StringBuilder();
            for (String n : m.group(2).split(", ")) {
                long position = Long.parseLong(n);
                rows.append(rows.isEmpty() ? "" : ", ").append(numbers.of(position));
                if (numbers.layerOf(position) != null) {
                    rows.append(" of ").append(numbers.layerOf(position));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + " " + rows));
        }
        m.appendTail(out);
        return out.toString();
    }
}
