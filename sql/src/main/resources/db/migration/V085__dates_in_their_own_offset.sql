-- A date and time with an offset other than UTC's is the day written, the day it is in that offset:
-- QGIS, GDAL and Kazakh programs write a date saved as a date-time with the offset of the clock that
-- wrote it, 2026-03-15T00:00:00+06:00 (Almaty's offset until March 2024) for 15 March, which V039 read
-- as that instant's day in Kazakhstan now (UTC+5), 14 March. A time in UTC (Z, +00, as ArcGIS Online
-- stores a day typed in Astana: 2026-03-14T19:00:00Z) is still that instant's day in Kazakhstan, and
-- a time without an offset the day written. Everything else is read as V047 reads it.
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
    ELSIF t ~ '^[0-9]{12,13}$' THEN
        -- milliseconds since 1970 in UTC, as ArcGIS's JSON writes a date: that instant's day here
        RETURN (to_timestamp(t::bigint / 1000.0) AT TIME ZONE 'Asia/Almaty')::date;
    ELSIF t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4},? +([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' THEN
        -- a time without an offset: the day written
        t := substring(t FROM '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}');
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
        -- a well-formed time in UTC: that instant's day in Kazakhstan; with another offset, the day
        -- written, which is the day in that offset
        IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)? ?(Z|[+-]00(:?00)?)$' THEN
            RETURN (t::timestamptz AT TIME ZONE 'Asia/Almaty')::date;
        END IF;
        RETURN make_date(y, m, d);
    END IF;
    RETURN NULL;
END
$$;
