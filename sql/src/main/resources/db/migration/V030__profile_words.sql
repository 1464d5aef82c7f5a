-- A word of a file (a status, a land category, a value of a layer's list) as a value map looks it
-- up: in lower case, ё as е, and every run of spaces and punctuation (commas, dots, brackets,
-- quotes, slashes, dashes) made one space, and trimmed. «Земли населённых пунктов.» and «земли
-- населенных  пунктов» are then the same word, and the long official names of land categories
-- match however an office punctuated them. MappingProfile.word applies the same rule to the maps'
-- own words (MigrationsIT compares the two).
CREATE FUNCTION profile_word(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(translate(lower(raw), 'ё', 'е'),
                                '[\s\u00a0\u2007\u2009\u202f.,;:!?()"''«»“”„/\\\u2010-\u2015\u2212-]+', ' ', 'g'))
$$;
