-- Numbers and dates as spreadsheets in Russian and Kazakh locales write them. Excel groups the
-- digits of 1 500 000,50 with no-break spaces (U+00A0, or the narrow U+202F), which the number
-- reader took for text; a value copied from a document may carry such a space, a tab or a line
-- break around it; and GDAL writes a date cell of a workbook as 2026/12/01. Every kind of space is
-- dropped from a number and trimmed around a date, and 2026/12/01 is read like 2026-12-01. Same
-- attributes as before (V012): strict, immutable, safe in parallel plans.
CREATE OR REPLACE FUNCTION try_numeric(raw text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[-+]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][-+]?[0-9]{1,3})?$'
                THEN replace(t, ',', '.')::numeric
           END
    FROM (SELECT regexp_replace(raw, '[\s\u00a0\u2007\u2009\u202f]', '', 'g') AS t) s
$$;

-- A value without the blank around it that spreadsheets and documents leave: spaces of every kind
-- (no-break U+00A0, figure U+2007, thin U+2009, narrow no-break U+202F), tabs and line breaks. The
-- importers trim every value they read with it.
CREATE FUNCTION trim_blank(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(raw, E' \t\r\n\u00a0\u2007\u2009\u202f')
$$;

-- The date reader of V012 keeps its forms under a name of its own; try_date prepares the text for it.
ALTER FUNCTION try_date(text) RENAME TO try_date_iso_or_dotted;

CREATE FUNCTION try_date(raw text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT try_date_iso_or_dotted(CASE WHEN s ~ '^[0-9]{4}/[0-9]{2}/[0-9]{2}'
                                       THEN translate(substr(s, 1, 10), '/', '-') || substr(s, 11)
                                       ELSE s END)
    FROM (SELECT trim_blank(raw) AS s) b
$$;
