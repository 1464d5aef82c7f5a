-- A date written the Russian way with a time after it, as Excel saves a date-time cell in a
-- Russian or Kazakh locale (01.02.2025 0:00, 01.02.2025 14:30:00), is the day written: before, only
-- the bare 01.02.2025 was read, and every auction date of such a sheet was reported as no date.
-- So is a date as ArcGIS's JSON (a REST service's answer saved as a file) writes it, milliseconds
-- since 1970 in UTC (1773514800000): twelve or thirteen digits are that instant's day in Kazakhstan
-- (the years 1973 to 2286); eight are still a date written without separators. Everything else is
-- read as V039 reads it.
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
        -- a well-formed time with an offset: that instant's day in Kazakhstan
        IF t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)? ?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)$' THEN
            RETURN (t::timestamptz AT TIME ZONE 'Asia/Almaty')::date;
        END IF;
        RETURN make_date(y, m, d);
    END IF;
    RETURN NULL;
END
$$;
