-- A date and time in UTC, or with another offset than Kazakhstan's, is read as the day it is in
-- Kazakhstan. ArcGIS Online and web services store a date typed as 15.12.2026 in Astana as its
-- midnight in UTC, 2026-12-14T19:00:00Z (GDAL gives 2026/12/14 19:00:00+00), and the day written
-- was a day early. Offsets are read through the time zone database (Asia/Almaty: UTC+5 since
-- 1 March 2024, UTC+6 before). A time without an offset, or one GDAL's form does not fit, is still
-- the day written (V034); so is Kazakhstan's own offset.
CREATE OR REPLACE FUNCTION try_date(raw text) RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    t text := btrim(raw, E' \t\r\n\u00a0\u2007\u2009\u202f');
    y int;
    m int;
    d int;
BEGIN
    IF t ~ '^[0-9]{4}/[0-9]{2}/[0-9]{2}' THEN
        t := translate(substr(t, 1, 10), '/', '-') || substr(t, 11);
    ELSIF t ~ '^[0-9]{8}$' THEN
        t := substr(t, 1, 4) || '-' || substr(t, 5, 2) || '-' || substr(t, 7, 2);
    END IF;
    IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN
        y := substr(t, 1, 4)::int; m := substr(t, 6, 2)::int; d := substr(t, 9, 2)::int;
    ELSIF t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN
        d := split_part(t, '.', 1)::int; m := split_part(t, '.', 2)::int; y := split_part(t, '.', 3)::int;
    ELSE
        RETURN NULL;
    END IF;
    IF y BETWEEN 1 AND 9999 AND m BETWEEN 1 AND 12
       AND d BETWEEN 1 AND extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day') THEN
        -- a well-formed time with an offset: that instant's day in Kazakhstan
        IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)? ?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)$' THEN
            RETURN (t::timestamptz AT TIME ZONE 'Asia/Almaty')::date;
        END IF;
        RETURN make_date(y, m, d);
    END IF;
    RETURN NULL;
END
$$;
