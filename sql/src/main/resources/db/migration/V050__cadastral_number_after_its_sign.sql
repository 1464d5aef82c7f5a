-- A cadastral number written after its sign, as registers and certificates print it: «№05-085-162-004»,
-- «КН 05-085-162-012», «К/Н …», «кад. № …». Such a number was malformed, and its plot rejected.
-- CadastralNumber.normalize applies the same in Java; the rest of the rule is V048's.
--
-- A number already in the stored form, as most are, is itself, and cadastral_normalize now says so
-- in a function PostgreSQL folds into the calling query (no FROM, not declared STRICT: null still
-- gives null): before, the cleaning of every other form ran for it too, four regular expressions.
-- The others go through cadastral_normalize_written.
CREATE FUNCTION cadastral_normalize_written(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '^[0-9]{2}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
          FROM (SELECT regexp_replace(
                           regexp_replace(
                               regexp_replace(
                                   regexp_replace(raw, '[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]', '', 'g'),
                                   '^[ \t\r\n\u00a0\u2007\u202f'']+|[ \t\r\n\u00a0\u2007\u202f.,;]+$', '', 'g'),
                               '^([Кк]ад(астровый)?\.?[ \u00a0]*)?(№|No\.?|N°?|[Кк][Нн]|[Кк]/[Нн]|[Кк]\.[Нн]\.)[ \u00a0:]*', ''),
                           '^([0-9]{11,})[.,]0+$', '\1') AS t) b) s
$$;

CREATE OR REPLACE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT AS $$
    SELECT CASE WHEN raw ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$' THEN raw ELSE cadastral_normalize_written(raw) END
$$;
