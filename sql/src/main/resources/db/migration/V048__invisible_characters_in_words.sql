-- Characters no one sees — zero-width spaces and joiners, direction marks (a text copied from a web
-- page or a messenger), the soft hyphen and a byte-order mark in mid-text — are left out of the
-- words value maps compare and of cadastral numbers. Before, «свобо<U+200B>ден» was an unknown
-- status and «05-085-<U+200B>012-001» a malformed number, and the report quoted a value that
-- looked right. MappingProfile.word and CadastralNumber.normalize apply the same in Java. A number
-- already in the stored form, and a word with neither character, are read as before.
CREATE OR REPLACE FUNCTION profile_word(raw text) RETURNS text
LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(CASE WHEN raw ~ '[A-Za-z]' AND raw ~ '[\u0400-\u04ff]'
                                     THEN cyrillic_look_alikes(translate(lower(raw), E'ё\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff', 'е'))
                                     ELSE translate(lower(raw), E'ё\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff', 'е') END,
                                '[\s\u00a0\u2007\u2009\u202f.,;:!?()"''«»“”„/\\\u2010-\u2015\u2212-]+', ' ', 'g'))
$$;

CREATE OR REPLACE FUNCTION cadastral_normalize(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    -- a number already in the stored form, as most are, is itself: one match instead of three
    SELECT CASE WHEN raw ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$' THEN raw
                WHEN t ~ '^[0-9]{2}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3}[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212:./ ]?[ \u00a0]*[0-9]{3,}$'
                THEN substr(d, 1, 2) || '-' || substr(d, 3, 3) || '-' || substr(d, 6, 3) || '-' || substr(d, 9)
           END
    FROM (SELECT t, regexp_replace(t, '[^0-9]', '', 'g') AS d
          FROM (SELECT regexp_replace(
                           regexp_replace(
                               regexp_replace(raw, '[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]', '', 'g'),
                               '^[ \t\r\n\u00a0\u2007\u202f'']+|[ \t\r\n\u00a0\u2007\u202f.,;]+$', '', 'g'),
                           '^([0-9]{11,})[.,]0+$', '\1') AS t) b) s
$$;
