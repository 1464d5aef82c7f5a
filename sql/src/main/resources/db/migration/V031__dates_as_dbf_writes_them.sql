-- Dates as a DBF stores them, eight digits without separators (20261201): a Shapefile's date field
-- holding a day the calendar does not have (20260230) is read as text (a date would stop the whole
-- load), and its valid values must still read as the dates they are. A number of eight digits
-- that is no day of the calendar stays unreadable, and the report names it. Same attributes as
-- before (V012, V029): strict, immutable, safe in parallel plans.
CREATE OR REPLACE FUNCTION try_date(raw text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT try_date_iso_or_dotted(CASE WHEN s ~ '^[0-9]{4}/[0-9]{2}/[0-9]{2}'
                                       THEN translate(substr(s, 1, 10), '/', '-') || substr(s, 11)
                                       WHEN s ~ '^[0-9]{8}$'
                                       THEN substr(s, 1, 4) || '-' || substr(s, 5, 2) || '-' || substr(s, 7, 2)
                                       ELSE s END)
    FROM (SELECT trim_blank(raw) AS s) b
$$;
