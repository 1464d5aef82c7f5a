-- Imports of a million plots: the lenient number reader without a PL/pgSQL exception block (each
-- one opened a subtransaction per value), and no second validity check of geometries that the
-- validation has just checked or repaired (the public land_plot table keeps its check).

CREATE OR REPLACE FUNCTION try_numeric(raw text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][-+]?[0-9]{1,3})?$'
                THEN replace(t, ',', '.')::numeric
           END
    FROM (SELECT replace(btrim(raw), ' ', '') AS t) s
$$;

ALTER TABLE plot_snapshot DROP CONSTRAINT plot_snapshot_geom_check;
