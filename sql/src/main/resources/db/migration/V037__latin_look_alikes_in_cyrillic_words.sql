-- Latin letters that look like Cyrillic ones inside Cyrillic words, as a value map compares a file's
-- words: «берiлдi» typed with the Latin i (as most Kazakh keyboards leave people to type «і») is the
-- profile's «берілді», and «cвoбoдeн» typed on a Latin layout or pasted from OCR is «свободен».
-- MappingProfile.cyrillicLookAlikes and MappingProfile.latinInCyrillic apply the same rules in Java
-- (MigrationsIT compares them).

-- lowered (in lower case) with the Latin a c e o p x y i of each word that also holds Cyrillic
-- letters, and no other Latin letter, as the Cyrillic а с е о р х у і; a word wholly in Latin
-- letters («free», «bos») is left as it is, and so is one with a Latin letter no Cyrillic one looks
-- like. Most values hold no Latin letter, or no Cyrillic one, and are returned at once.
CREATE FUNCTION cyrillic_look_alikes(lowered text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN lowered !~ '[A-Za-z]' OR lowered !~ '[\u0400-\u04ff]' THEN lowered
        ELSE (SELECT string_agg(CASE WHEN w[1] ~ '[\u0400-\u04ff]' AND w[1] !~ '[A-Zbdfghj-nqr-wz]'
                                     THEN translate(w[1], 'aceopxyi', 'асеорхуі') ELSE w[1] END,
                                '' ORDER BY n)
              FROM regexp_matches(lowered, '[A-Za-z\u0400-\u04ff]+|[^A-Za-z\u0400-\u04ff]+', 'g')
                   WITH ORDINALITY AS t(w, n))
    END
$$;

-- The Latin letters of raw that stand in words with Cyrillic letters, each once, in the order of
-- their code points («стaтуs»: 'a, s'), or null: the report says them beside a word that is not
-- known although it looks like one that is.
CREATE FUNCTION latin_in_cyrillic(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT string_agg(DISTINCT l[1] COLLATE "C", ', ' ORDER BY l[1] COLLATE "C")
    FROM regexp_matches(raw, '[A-Za-z\u0400-\u04ff]+', 'g') AS w(word),
         regexp_matches(w.word[1], '[A-Za-z]', 'g') AS c(l)
    WHERE w.word[1] ~ '[\u0400-\u04ff]'
$$;

-- profile_word (V030) with the look-alikes read as the Cyrillic letters they stand for
CREATE OR REPLACE FUNCTION profile_word(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(cyrillic_look_alikes(translate(lower(raw), 'ё', 'е')),
                                '[\s\u00a0\u2007\u2009\u202f.,;:!?()"''«»“”„/\\\u2010-\u2015\u2212-]+', ' ', 'g'))
$$;
