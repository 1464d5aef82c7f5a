-- A utility's number read in the unit of the field it goes to. try_quantity (V032) dropped the unit:
-- «380 В» (a 0.38 kV street line, as Russian drawings write it) was published as 380 kV, «Ø 0,5 м»
-- (a 500 mm collector) as a 1 mm pipe, «30 см» as 30 mm. try_quantity(raw, unit) reads the same
-- forms and converts the number to unit: 'kV' (В, V, кВ, kV), 'mm' (мм, см, м), and the capacity
-- units of network_kind: 'kW' (Вт, кВт, МВт), 'm3/h' and 'm3/day' (м3/ч, м3/сут, л/с, the Kazakh
-- сағ and тәул), 'Gcal/h', 'Mbit/s'. A number without a unit is in unit already. A unit the field
-- cannot take («4"» inches, «630 кВА», a voltage's unit in a diameter) gives no number, which the
-- importer reports, rather than a number in the wrong unit. Like the other readers: strict,
-- immutable, safe in parallel plans, and without an exception block.
CREATE FUNCTION try_quantity(raw text, unit text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    plain numeric := try_numeric(raw);
    m text[];
    said text;
    factor numeric;
BEGIN
    IF plain IS NOT NULL THEN
        RETURN plain;
    END IF;
    -- V032's form, with the unit captured: a diameter's sign, the number, one unit word (per another)
    m := regexp_match(trim_blank(raw),
        '^(?:[Øø⌀∅]|(?:[DdДд][УуYy]?|ф)[\s\u00a0]*=?)?[\s\u00a0\u202f]*([-+]?[0-9]+(?:[.,][0-9]+)?)[\s\u00a0\u202f]*([[:alpha:]]+[0-9²³]?(?:/[[:alpha:]]+)?)?\.?$');
    IF m IS NULL THEN
        RETURN NULL;
    END IF;
    IF m[2] IS NULL THEN
        RETURN replace(m[1], ',', '.')::numeric;
    END IF;
    said := translate(lower(m[2]), '³', '3');
    factor := CASE unit
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
    END;
    RETURN replace(m[1], ',', '.')::numeric * factor;
END
$$;
