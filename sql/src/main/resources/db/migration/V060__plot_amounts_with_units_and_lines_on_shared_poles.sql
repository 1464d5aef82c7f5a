-- A plot's declared area and starting price as registers write them, and network features that share
-- their route. try_numeric read «0,25 га», «2 500 м²», «2500 кв.м», «1 500 000 тг», «₸1500000» or
-- «1,5 млн тг» as no number: the plots were published with no area and no price. try_area_ha and
-- try_price_kzt read a number with its unit (the unit written wins over the field's), its comma as
-- try_numeric(raw, comma) does (V046) on the number without its unit. network_feature_key tells apart
-- the features of a networks layer drawn on the same route (a 10 kV and a 0.4 kV line on the same
-- poles), which network_key (V010) took for one. Like the other readers: immutable, safe in parallel
-- plans, and without an exception block.

-- A declared area written with its unit after it, as {number, unit} (lower case), or null:
-- hectares (га, гектар, ha, hectare), square metres (м2, м², кв.м, кв. метров, ш.м, шаршы метр,
-- sq m, sqm) or ares (сотка, соток: a hundredth of a hectare, as dachas are sold).
CREATE FUNCTION area_written(raw text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_match(lower(trim_blank(raw)),
        '^([-+]?[0-9][0-9\s\u00a0\u2007\u2009\u202f.,]*?)[\s\u00a0\u202f]*'
        || '(га|гектар[[:alpha:]]*|ha|hectares?|м2|м²|m2|m²|кв\.?[\s\u00a0]*м(?:етр[[:alpha:]]*)?|sq\.?[\s\u00a0]*m|sqm'
        || '|ш\.?[\s\u00a0]*м|шаршы[\s\u00a0]*метр|сот(?:ок|ки|ка|ых)?)\.?$')
$$;

-- Hectares per unit of area_written.
CREATE FUNCTION area_unit_hectares(unit text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN unit ~ '^(га|гектар|ha|hectare)' THEN 1
                WHEN unit ~ '^сот' THEN 0.01
                ELSE 0.0001 END
$$;

-- The number of a declared area, without the unit written after it (the text itself without one):
-- what number_comma tells the comma of.
CREATE FUNCTION area_number(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce((area_written(raw))[1], raw)
$$;

-- A declared area in hectares: in the unit written after its number, else in factor hectares per
-- unit (the field's unit); its comma read as comma says (try_numeric, V046). A value with no letter
-- in it is read at once, as V049 does.
CREATE FUNCTION try_area_ha(raw text, comma text, factor numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- an empty cell first: it would take the ELSE branch, a call of a function not folded in per row
    SELECT CASE WHEN raw IS NULL THEN NULL
                WHEN raw !~ '[[:alpha:]²]' THEN try_numeric(raw, comma) * factor
                ELSE coalesce(try_numeric((area_written(raw))[1], comma) * area_unit_hectares((area_written(raw))[2]),
                              try_numeric(raw, comma) * factor) END
$$;

-- A price written with its currency (тг, тенге, теңге, ₸, KZT, after the number or ₸ and KZT before
-- it) and with thousands, millions or billions said in words (тыс., мың, млн, миллион, млрд), as
-- {number, multiplier, currency} (lower case), or null.
CREATE FUNCTION price_written(raw text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT m FROM regexp_match(lower(trim_blank(raw)),
        '^(?:(?:₸|kzt)[\s\u00a0\u202f]*)?([-+]?[0-9][0-9\s\u00a0\u2007\u2009\u202f.,]*?)[\s\u00a0\u202f]*'
        || '(тыс|тысяч[[:alpha:]]*|мың|млн|миллион[[:alpha:]]*|mln|million|млрд|миллиард[[:alpha:]]*)?\.?'
        || '[\s\u00a0\u202f]*(тг|тенге|теңге|₸|kzt)?\.?$') m
    WHERE m[2] IS NOT NULL OR m[3] IS NOT NULL OR raw ~ '^[\s\u00a0\u202f]*(₸|[kK][zZ][tT])'
$$;

-- Tenge per unit of a price_written multiplier.
CREATE FUNCTION price_multiplier(word text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN word IS NULL THEN 1
                WHEN word ~ '^(тыс|мың)' THEN 1000
                WHEN word ~ '^(млн|миллион|mln|million)' THEN 1000000
                ELSE 1000000000 END
$$;

-- The number of a price, without its currency and multiplier: what number_comma tells the comma of.
CREATE FUNCTION price_number(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce((price_written(raw))[1], raw)
$$;

-- A starting price in tenge, with its currency and multiplier; its comma read as comma says.
CREATE FUNCTION try_price_kzt(raw text, comma text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN raw IS NULL THEN NULL
                WHEN raw !~ '[[:alpha:]₸]' THEN try_numeric(raw, comma)
                ELSE coalesce(try_numeric((price_written(raw))[1], comma) * price_multiplier((price_written(raw))[2]),
                              try_numeric(raw, comma)) END
$$;

-- The key of a network feature between revisions: network_key (its kind and geometry) when it is
-- the only feature of its set drawn so; with a hash of what tells them apart (name, voltage,
-- pressure class, diameter) when others are drawn on the same route, as lines on the same poles are.
CREATE FUNCTION network_feature_key(kind text, geom geometry, shared boolean, name text, voltage_kv numeric,
                                    pressure_class text, diameter_mm numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT network_key(kind, geom)
           || CASE WHEN shared
                   THEN ':' || md5(row(name, trim_scale(voltage_kv), pressure_class, trim_scale(diameter_mm))::text)
                   ELSE '' END
$$;
