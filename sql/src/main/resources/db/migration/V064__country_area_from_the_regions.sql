-- Where Kazakhstan is, as its loaded regions draw it (when they draw all of it): an import rejects a
-- feature that lies wholly outside every region by more than 5 km (the boundaries are generalised, and a plot on the border
-- may cross their line), and refuses a file whose coordinate system puts its middle there. The
-- longitude/latitude box the importers tested before (45–88.5 E, 40–56.5 N) takes in Xinjiang,
-- Kyrgyzstan, Uzbekistan and southern Russia; it stays the test of a database without regions.

-- the union of the regions' outlines widened by 5 km, drawn once and kept until the regions change
CREATE TABLE country_area (
    -- at most one row; none until an import next needs it
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- null when the regions' outlines do not draw the whole country, or there are none
    geom geometry(MultiPolygon, 4326)
);

CREATE FUNCTION country_area_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM country_area;
    RETURN NULL;
END $$;

CREATE TRIGGER region_changes_country_area AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
    FOR EACH STATEMENT EXECUTE FUNCTION country_area_forget();

-- The area, drawn again from the regions when they changed since it was last drawn (half a second
-- for the 20 regions of the shared boundaries). Called outside an import's transaction: two imports
-- drawing it at once insert one row, and neither waits for the other's import to end.
CREATE FUNCTION country_area() RETURNS geometry
LANGUAGE plpgsql AS $$
DECLARE
    area geometry;
BEGIN
    SELECT geom INTO area FROM country_area;
    IF NOT FOUND THEN
        -- a buffer on geography is in metres, in a projection PROJ picks for the extent: within
        -- 60 m of 5 km along Kazakhstan's border. Regions that do not draw the whole country (some
        -- of them loaded, a test's boxes) cannot tell what lies outside it: Kazakhstan is 2.72
        -- million km², the shared boundaries' union 2.73.
        SELECT CASE WHEN ST_Area(u::geography) >= 2.6e12
                    THEN ST_Multi(ST_Buffer(u::geography, 5000)::geometry) END INTO area
        FROM (SELECT ST_Union(geom) AS u FROM region WHERE geom IS NOT NULL) r;
        INSERT INTO country_area (geom) VALUES (area) ON CONFLICT DO NOTHING;
    END IF;
    RETURN area;
END $$;
