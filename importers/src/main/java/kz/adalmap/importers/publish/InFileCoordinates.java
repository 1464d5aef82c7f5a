package kz.adalmap.importers.publish;

/**
 * Geometries taken to or from a file's own coordinate system in the database, a few thousand at
 * once. PostGIS (3.3) makes a new transformation for every call of {@code ST_Transform} given a
 * system by its definition, as a file's system is (a WKT, a PROJ string or an EPSG code as text):
 * 12 ms a call for {@code 'EPSG:32642'}, about 70 ms for a {@code .prj}'s WKT. Called per feature,
 * that made a Gauss–Krüger Shapefile of 3,000 plots take more than five minutes to check. Here the
 * features are collected into one geometry per chunk, transformed by one call, and taken apart
 * again: one transformation per chunk, and each point transformed as it was alone.
 */
final class InFileCoordinates {

    /** Features transformed by one call: a chunk of plots is some megabytes. */
    static final int CHUNK = 5_000;

    private InFileCoordinates() {}

    /**
     * SQL of the relation {@code (key, geom)}: each geometry of {@code rows} (SQL of a relation with
     * a unique {@code key} and a {@code geom} in longitude and latitude; a row whose geometry is null
     * is left out) in the file's own coordinate system {@code crs} (a WKT, a PROJ string or an EPSG
     * code). A polygon, line or point comes out as one, a multi-geometry as a multi-geometry of its
     * parts in their order; an empty geometry is left out.
     */
    static String inFile(String rows, String crs) {
        return transformed(rows, FeatureValidation.literal(crs) + "::text", CHUNK);
    }

    /** Like {@link #inFile}, for geometries in the file's system {@code crs}: back in longitude and latitude. */
    static String inDegrees(String rows, String crs) {
        return transformed(rows, FeatureValidation.literal(crs) + "::text, 4326", CHUNK);
    }

    /**
     * {@link #inFile}'s relation for {@code ST_Transform}'s arguments after the geometry (SQL), by
     * chunks of {@code chunk} geometries.
     */
    static String transformed(String rows, String arguments, int chunk) {
        return """
                SELECT c.keys[p.n] AS key, p.geom
                FROM (SELECT array_agg(r.key ORDER BY r.key) AS keys, ST_Collect(r.geom ORDER BY r.key) AS g
                      FROM (SELECT r.key, r.geom, (row_number() OVER (ORDER BY r.key) - 1) / %3$d AS chunk
                            FROM (%1$s) r WHERE r.geom IS NOT NULL) r
                      GROUP BY r.chunk) c
                CROSS JOIN LATERAL (
                    -- the collection's n-th member is the chunk's n-th geometry, its parts path[2]
                    SELECT (d.path)[1] AS n,
                           CASE WHEN max(cardinality(d.path)) = 1 THEN (array_agg(d.geom))[1]
                                ELSE ST_Collect(d.geom ORDER BY d.path) END AS geom
                    FROM ST_Dump(ST_Transform(c.g, %2$s)) d
                    WHERE NOT ST_IsEmpty(d.geom)
                    GROUP BY (d.path)[1]) p
                """.formatted(rows, arguments, chunk);
    }
}
