-- The index of plots without a cadastral number (V025) calls plot_key, whose body named PostGIS's
-- functions without their schema. Autovacuum, and pg_restore, run with an empty search_path: every
-- automatic ANALYZE of land_plot failed ("function st_normalize(geometry) does not exist"), so its
-- statistics were left to the importer's own ANALYZE, and a restored dump could not rebuild the
-- index. The body now names the schema PostGIS is installed in (pg_catalog, for coalesce, md5 and ||,
-- is searched whatever the path); the key it computes is unchanged.
DO $migration$
DECLARE
    postgis text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                     WHERE e.extname = 'postgis');
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION plot_key(cadastral_number text, geom geometry) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT coalesce(cadastral_number, 'geom:' || md5(%1$I.ST_AsEWKB(%1$I.ST_Normalize(geom))))
        $body$
    $f$, postgis);
END
$migration$;
