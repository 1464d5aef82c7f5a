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

CREATE OR REPLACE FUNCTION try_date(raw text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN y BETWEEN 1 AND 9999 AND m BETWEEN 1 AND 12 THEN
                CASE WHEN d BETWEEN 1 AND extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day')
                     THEN make_date(y, m, d) END
           END
    FROM (SELECT CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 3)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 1, 4)::int END AS y,
                 CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 2)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 6, 2)::int END AS m,
                 CASE WHEN t ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN split_part(t, '.', 1)::int
                      WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$' THEN substr(t, 9, 2)::int END AS d
          FROM (SELECT CASE WHEN s ~ '^[0-9]{4}/[0-9]{2}/[0-9]{2}' THEN translate(substr(s, 1, 10), '/', '-')
                                                                        || substr(s, 11)
                            ELSE s END AS t
                FROM (SELECT btrim(raw, E' \t\r\n\u00a0\u2007\u2009\u202f') AS s) b) r) p
$$;
