-- A cadastral number typed without separators into a spreadsheet is a number to it, and a
-- converter that writes a column of numbers with gaps as floats (pandas, Excel's exports to
-- GeoJSON or CSV) gives 12085601002.0, or 12085601002,00 in a Russian CSV: all the digits are
-- there, with a zero fraction after them. That fraction is now dropped when the rest is digits
-- only; 10 digits with it are still a number whose leading 0 was lost (reported as such). The
-- rest of the rule is V033's; CadastralNumber.normalize applies the same in Java.
CREATE OR REPLACE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    -- a number already in the stored form, as most are, is itself: one match instead of three
    SELECT CASE WHEN raw ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$' THEN raw
                WHEN t ~ '^[0-9]{2}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
          FROM (SELECT regexp_replace(
                           regexp_replace(raw, '^[ \t\r\n\u00a0\u2007\u202f'']+|[ \t\r\n\u00a0\u2007\u202f.,;]+$', '', 'g'),
                           '^([0-9]{11,})[.,]0+$', '\1') AS t) b) s
$$;
