-- Numbers whose comma may separate thousands. try_numeric (V029) read every comma as a decimal mark:
-- a starting price of 150,000 (as an English-locale Excel or a web page writes it) was published as
-- 150 tenge, and 1,500 as 1.50, without a word. A comma before exactly three digits, with no other
-- mark, may be either; the importer now reads such a value as the other values of its field show
-- the comma is used, and reports it when they do not tell. Like the other readers: immutable, safe
-- in parallel plans, without an exception block.

-- How the comma of a number is used: 'either' (1,500 or 150,000: one comma, three digits after it,
-- no leading 0), 'thousands' (1,234,567 or 12,500.50: commas between groups of three, a point before
-- the decimals), 'decimal' (0,8, 0,797, 1234567,89, 1 234 567,89, 1.234.567,89); null for a number
-- without a comma or text that is no number.
CREATE FUNCTION number_comma(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
               WHEN t ~ '^[-+]?[1-9][0-9]{0,2},[0-9]{3}$' THEN 'either'
               WHEN t ~ '^[-+]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?$' THEN 'thousands'
               WHEN t ~ '^[-+]?([0-9]+|[1-9][0-9]{0,2}(\.[0-9]{3})+)?,[0-9]*$' THEN 'decimal'
           END
    FROM (SELECT regexp_replace(raw, '[\s\u00a0\u2007\u2009\u202f]', '', 'g') AS t) s
$$;

-- A number as try_numeric reads it, with commas between groups of three read as thousands
-- separators (1,234,567.89), and a value whose comma may be either read as comma says: 'thousands'
-- (150,000 is 150000), 'decimal' (0,797 is 0.797; 1,500 is 1.5), or, for null, not at all (null).
CREATE FUNCTION try_numeric(raw text, comma text) RETURNS numeric
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
