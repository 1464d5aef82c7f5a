-- Cadastral numbers as documents type them: a word processor's « - » between the groups, with
-- spaces on either side of the separator (05 - 085 - 012 - 003), and a full stop or comma after the
-- number that ends a sentence or a list (05.085.012.001.). Both were rejected as malformed. Still
-- one separator between groups (05--085 and 05-:085 are no numbers), and the groups' digits as
-- before. CadastralNumber.normalize applies the same rule in Java (MigrationsIT compares the two).
CREATE OR REPLACE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    -- a number already in the stored form, as most are, is itself: one match instead of three
    SELECT CASE WHEN raw ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$' THEN raw
                WHEN t ~ '^[0-9]{2}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
          FROM (SELECT regexp_replace(raw, '^[ \t\r\n\u00a0\u2007\u202f'']+|[ \t\r\n\u00a0\u2007\u202f.,;]+$', '', 'g') AS t) b) s
$$;
