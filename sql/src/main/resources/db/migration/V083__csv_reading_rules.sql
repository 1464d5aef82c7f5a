-- Files are read otherwise from this version on: a starting price whose ₸ a file saved in the Windows
-- Cyrillic code page (CP1251, which has no ₸) holds as «?» («2 500 000,00 ?», as Russian Excel saves a
-- cell of the tenge format) is read as tenge, and said, no longer left empty as no number. In Java,
-- with nothing to change in the database: a cadastral number of 11 digits typed without separators
-- whose region part is no region's (a spreadsheet's General format dropped the 0 of «050859810002») is
-- read with its 0 when the plot lies in the region whose code the 12 digits begin with, and said either
-- way.
-- LayerImporter.READING_RULES names this migration: a draft made before it was read otherwise, and
-- is imported again rather than published; a re-import after it reads every feature again.

-- A price written with its currency (тг, тенге, теңге, ₸, KZT, after the number or ₸ and KZT before
-- it; «?» after it, the ₸ CP1251 cannot hold) and with thousands, millions or billions said in words
-- (тыс., мың, млн, миллион, млрд), as {number, multiplier, currency} (lower case), or null.
CREATE OR REPLACE FUNCTION price_written(raw text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT m FROM regexp_match(lower(trim_blank(raw)),
        '^(?:(?:₸|kzt)[\s\u00a0\u202f]*)?([-+]?[0-9][0-9\s\u00a0\u2007\u2009\u202f.,]*?)[\s\u00a0\u202f]*'
        || '(тыс|тысяч[[:alpha:]]*|мың|млн|миллион[[:alpha:]]*|mln|million|млрд|миллиард[[:alpha:]]*)?\.?'
        || '[\s\u00a0\u202f]*(тг|тенге|теңге|₸|kzt|\?)?\.?$') m
    WHERE m[2] IS NOT NULL OR m[3] IS NOT NULL OR raw ~ '^[\s\u00a0\u202f]*(₸|[kK][zZ][tT])'
$$;

-- A starting price in tenge, with its currency and multiplier; its comma read as comma says.
CREATE OR REPLACE FUNCTION try_price_kzt(raw text, comma text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN raw IS NULL THEN NULL
                WHEN raw !~ '[[:alpha:]₸?]' THEN try_numeric(raw, comma)
                ELSE coalesce(try_numeric((price_written(raw))[1], comma) * price_multiplier((price_written(raw))[2]),
                              try_numeric(raw, comma)) END
$$;
