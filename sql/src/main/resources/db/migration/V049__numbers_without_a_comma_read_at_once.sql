-- try_numeric(raw, comma) (V046) asked number_comma of every value, four regular expressions, to
-- learn how a comma in it is used, in a function PostgreSQL could not fold into the query (its
-- FROM): mapping 200,000 plots took 6.1 s instead of 2.7. Most values have no comma at all: a value
-- without one is now read as try_numeric(raw) reads it, by a function PostgreSQL folds into the
-- query; only a value with a comma goes through V046's reading, now try_numeric_comma. The numbers
-- it gives are the same.
CREATE FUNCTION try_numeric_comma(raw text, comma text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE number_comma(raw)
               WHEN 'either' THEN CASE comma
                   WHEN 'thousands' THEN replace(t, ',', '')::numeric
                   WHEN 'decimal' THEN replace(t, ',', '.')::numeric
               END
               WHEN 'thousands' THEN replace(t, ',', '')::numeric
               ELSE try_numeric(raw)
           END
    FROM (SELECT regexp_replace(raw, '[\s\u00a0\u2007\u2009\u202f]', '', 'g') AS t) s
$$;

CREATE OR REPLACE FUNCTION try_numeric(raw text, comma text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN strpos(raw, ',') = 0 THEN try_numeric(raw) ELSE try_numeric_comma(raw, comma) END
$$;
