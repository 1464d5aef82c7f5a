-- Cadastral numbers as land offices type them. Besides dashes or nothing, the four groups may be
-- separated by colons (as in Russian cadastral numbers), dots, slashes, spaces or the dashes a word
-- processor or spreadsheet puts in (hyphen, non-breaking hyphen, figure dash, en and em dash, minus
-- sign); the apostrophe Excel keeps in front of a number typed as text, and blank or no-break space
-- around the number, are dropped. Stored numbers are already in the RR-DDD-QQQ-NNN form and do not
-- change. CadastralNumber.normalize applies the same rule in Java (MigrationsIT compares the two).
CREATE OR REPLACE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '^[0-9]{2}[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[0-9]{3}[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[0-9]{3}[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
          FROM (SELECT regexp_replace(raw, '^[ \t\r\n\u00a0\u2007\u202f'']+|[ \t\r\n\u00a0\u2007\u202f]+$', '', 'g') AS t) b) s
$$;
