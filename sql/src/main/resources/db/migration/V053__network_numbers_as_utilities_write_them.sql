-- A utility's numbers as its registers write them. try_quantity (V040) left empty a quantity whose
-- number groups its thousands by spaces before a unit («1 200 м3/ч», «1 000 м3/сут», «1 200 кВт»,
-- with a normal or no-break space) and a pipe written as its outside diameter × its wall
-- («159х4,5», «Ø159х4,5», «ПЭ 110х6,6»), and read a comma before three digits («1,200 кВт») as a
-- decimal mark whatever the field's other values said. try_quantity(raw, unit, comma) reads all of
-- these: a comma as try_numeric(raw, comma) does (V046: the importer tells, per field, how its
-- values use the comma), and a pipe's size as its outside diameter in millimetres. «2х150» (two
-- cables of 150 mm²) is no pipe: a wall is less than a quarter of its pipe's diameter. Like the
-- other readers: immutable, safe in parallel plans, and without an exception block.

-- The factor from the unit a value is written in (lower case, ³ as 3) to unit, V040's table; null
-- when unit cannot be said so.
CREATE FUNCTION quantity_factor(said text, unit text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE unit
        WHEN 'kV' THEN CASE
            WHEN said IN ('кв', 'kv') THEN 1
            WHEN said IN ('в', 'v') THEN 0.001
        END
        WHEN 'mm' THEN CASE
            WHEN said IN ('мм', 'mm') THEN 1
            WHEN said IN ('см', 'cm') THEN 10
            WHEN said IN ('м', 'm') THEN 1000
        END
        WHEN 'kW' THEN CASE
            WHEN said IN ('квт', 'kw') THEN 1
            WHEN said IN ('мвт', 'mw') THEN 1000
            WHEN said IN ('вт', 'w') THEN 0.001
        END
        WHEN 'm3/h' THEN CASE
            WHEN said IN ('м3/ч', 'm3/h', 'м3/час', 'м3/сағ') THEN 1
            WHEN said IN ('м3/сут', 'м3/сутки', 'm3/day', 'm3/d', 'м3/тәул', 'м3/тәулік') THEN 1 / 24.0
        END
        WHEN 'm3/day' THEN CASE
            WHEN said IN ('м3/сут', 'м3/сутки', 'm3/day', 'm3/d', 'м3/тәул', 'м3/тәулік') THEN 1
            WHEN said IN ('м3/ч', 'm3/h', 'м3/час', 'м3/сағ') THEN 24
            -- litres a second, as water mains are sized: 86,400 l a day
            WHEN said IN ('л/с', 'l/s', 'л/сек') THEN 86.4
        END
        WHEN 'Gcal/h' THEN CASE
            WHEN said IN ('гкал/ч', 'gcal/h', 'гкал/час', 'гкал/сағ') THEN 1
        END
        WHEN 'Mbit/s' THEN CASE
            WHEN said IN ('мбит/с', 'mbit/s', 'mbps', 'мбит/сек') THEN 1
            WHEN said IN ('гбит/с', 'gbit/s', 'gbps', 'гбит/сек') THEN 1000
            WHEN said IN ('кбит/с', 'kbit/s', 'kbps') THEN 0.001
        END
    END
$$;

-- The number of a quantity as written, without a diameter's sign before it or a unit after it
-- («1,200» of «1,200 кВт», «1 200» of «1 200 м3/ч»); the text itself when it has neither.
CREATE FUNCTION quantity_number(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(trim_blank(raw),
        '^(?:[Øø⌀∅]|(?:[DdДд][УуYy]?|ф)[\s\u00a0]*=?)?[\s\u00a0\u202f]*|[\s\u00a0\u202f]*[[:alpha:]]+[0-9²³]?(?:/[[:alpha:]]+)?\.?$',
        '', 'g')
$$;

-- How the comma of a quantity's number is used (number_comma, V046): «1,200 кВт» 'either',
-- «2,5 МВт» 'decimal'.
CREATE FUNCTION quantity_comma(raw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT number_comma(quantity_number(raw))
$$;

-- The outside diameter in millimetres of a pipe written as outside diameter × wall, as steel and
-- plastic pipes are («159х4,5», «Ø159х4,5», «ПЭ 110х6,6», «ПЭ100 110x6.6 мм»; х, x, × or *), or
-- null: «2х150» (two cables of 150 mm²) is no pipe, whose wall is less than a quarter of its diameter.
CREATE FUNCTION pipe_diameter(raw text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN replace(m[2], ',', '.')::numeric * 4 <= replace(m[1], ',', '.')::numeric
                THEN replace(m[1], ',', '.')::numeric END
    FROM regexp_match(trim_blank(raw),
        -- its material (ПЭ, ПЭ100, ст.), a diameter's sign, diameter × wall, millimetres
        '^(?:[[:alpha:]]{1,4}\.?(?:[0-9]+[-\s\u00a0]+|[-\s\u00a0]*))?(?:[Øø⌀∅][\s\u00a0]*)?([0-9]+(?:[.,][0-9]+)?)[\s\u00a0]*[xхХX×*][\s\u00a0]*([0-9]+(?:[.,][0-9]+)?)[\s\u00a0]*(?:мм|mm)?\.?$') m
$$;

-- A quantity in unit, its comma read as comma says (try_numeric, V046; null: a comma before three
-- digits reads as no number).
CREATE FUNCTION try_quantity(raw text, unit text, comma text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    t text;
    plain numeric;
    m text[];
    factor numeric;
BEGIN
    IF raw IS NULL OR unit IS NULL THEN
        RETURN NULL;
    END IF;
    plain := try_numeric(raw, comma);
    IF plain IS NOT NULL THEN
        RETURN plain;
    END IF;
    t := trim_blank(raw);
    IF unit = 'mm' THEN
        plain := pipe_diameter(t);
        IF plain IS NOT NULL THEN
            RETURN plain;
        END IF;
    END IF;
    -- V040's form, with thousands grouped by spaces («1 200») and the comma read as comma says
    m := regexp_match(t,
        '^(?:[Øø⌀∅]|(?:[DdДд][УуYy]?|ф)[\s\u00a0]*=?)?[\s\u00a0\u202f]*([-+]?[0-9]{1,3}(?:[\s\u00a0\u2007\u2009\u202f][0-9]{3})+(?:[.,][0-9]+)?|[-+]?[0-9]+(?:[.,][0-9]+)*)[\s\u00a0\u202f]*([[:alpha:]]+[0-9²³]?(?:/[[:alpha:]]+)?)?\.?$');
    IF m IS NULL THEN
        RETURN NULL;
    END IF;
    plain := try_numeric(m[1], comma);
    IF m[2] IS NULL THEN
        RETURN plain;
    END IF;
    factor := quantity_factor(translate(lower(m[2]), '³', '3'), unit);
    RETURN plain * factor;
END
$$;

-- V040's reader, for a field whose comma nothing tells: a comma before three digits is no number
CREATE OR REPLACE FUNCTION try_quantity(raw text, unit text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT try_quantity(raw, unit, NULL)
$$;
