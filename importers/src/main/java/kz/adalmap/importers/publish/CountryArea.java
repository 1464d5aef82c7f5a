package kz.adalmap.importers.publish;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import kz.adalmap.importers.validate.CoordinateGuess;

/**
 * Where a feature lies in Kazakhstan: within {@link #TOLERANCE_KM} of a loaded region (table {@code
 * country_area}, migration V064) when the regions draw the whole country, or else (no regions, or
 * only some) inside the country's longitude/latitude box ({@link CoordinateGuess}), which also takes
 * in Xinjiang, Kyrgyzstan, Uzbekistan and southern Russia.
 */
final class CountryArea {

    /** How far outside every region a feature may lie: the boundaries are generalised. */
    static final int TOLERANCE_KM = 5;

    /** The area as SQL, drawn by {@link #draw}: null when the regions do not draw the whole country. */
    static final String AREA = "(SELECT geom FROM country_area)";

    private CountryArea() {}

    /**
     * Draws the area again when the regions changed since it was last drawn, in a transaction of its
     * own (call it outside the import's). Returns whether the regions draw the whole country.
     */
    static boolean draw(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT country_area() IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Whether the area is drawn from the regions' outlines: otherwise the box is the test. */
    static boolean loaded(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT geom IS NOT NULL FROM country_area")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * SQL that is true when geometry {@code g} lies in Kazakhstan: lies in the box and touches the area
     * ({@code loaded}), or lies in the box alone. One test of each feature against one geometry,
     * which PostGIS prepares once: some 0.5 µs a feature.
     *
     * <p>A polygon is tested by its rings, as lines: it touches the area when they do, unless it held
     * a whole piece of the area inside it, which no plot does. The test runs before an invalid
     * geometry is repaired, and GEOS, until it has prepared the area (after a feature or two), raises
     * on an invalid polygon (parts that overlap, a hole sharing sides with its outline) and says a
     * ring of no area touches nothing: the same feature further on in the file was told otherwise.
     * Lines do neither.
     */
    static String holds(boolean loaded, String g) {
        String box = inBox(g);
        // the box first, always: GEOS is not asked about coordinates that are no longitude and latitude
        return loaded
                ? "(CASE WHEN " + box + " THEN ST_Intersects(" + AREA + ", " + tested(g) + ") ELSE false END)"
                : "(" + box + ")";
    }

    /**
     * SQL that is true when geometry {@code g}, of usable longitude and latitude, reaches into
     * Kazakhstan, whether or not it {@link #holds} there: it touches the area ({@code loaded}), or
     * meets the box. A line from Atyrau to Volgograd does, and is not held: it leaves the box.
     */
    static String reaches(boolean loaded, String g) {
        String meets =
                "ST_XMax(%1$s) >= %2$s AND ST_XMin(%1$s) <= %3$s AND ST_YMax(%1$s) >= %4$s AND ST_YMin(%1$s) <= %5$s"
                        .formatted(
                                g,
                                CoordinateGuess.MIN_LON,
                                CoordinateGuess.MAX_LON,
                                CoordinateGuess.MIN_LAT,
                                CoordinateGuess.MAX_LAT);
        String usable =
                "ST_XMin(%1$s) >= -180 AND ST_XMax(%1$s) <= 180 AND ST_YMin(%1$s) >= -90 AND ST_YMax(%1$s) <= 90"
                        .formatted(g);
        return "(CASE WHEN " + usable + " AND " + meets + " THEN "
                + (loaded ? "ST_Intersects(" + AREA + ", " + tested(g) + ")" : "true") + " ELSE false END)";
    }

    /** SQL true when {@code g} lies in the country's longitude/latitude box. */
    private static String inBox(String g) {
        return "ST_XMin(%1$s) >= %2$s AND ST_XMax(%1$s) <= %3$s AND ST_YMin(%1$s) >= %4$s AND ST_YMax(%1$s) <= %5$s"
                .formatted(
                        g,
                        CoordinateGuess.MIN_LON,
                        CoordinateGuess.MAX_LON,
                        CoordinateGuess.MIN_LAT,
                        CoordinateGuess.MAX_LAT);
    }

    /**
     * {@code g} as it is tested against the area: a polygon by its rings; a collection (of a networks
     * or custom file) may hold such a polygon, so by its points.
     */
    private static String tested(String g) {
        return ("CASE GeometryType(%1$s) WHEN 'POLYGON' THEN ST_Boundary(%1$s) WHEN 'MULTIPOLYGON' THEN"
                        + " ST_Boundary(%1$s) WHEN 'GEOMETRYCOLLECTION' THEN ST_Points(%1$s) ELSE %1$s END")
                .formatted(g);
    }
}
