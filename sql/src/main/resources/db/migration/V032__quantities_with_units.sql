-- A utility's numbers as its engineers write them, with the unit or the sign of a diameter:
-- «10 кВ», «0,4кВ», «Ø89», «d=100 мм», «Ду150» (a nominal diameter), «2,5 МВт», «25 м3/ч». The networks importer read them as
-- no number at all and cleared them. try_quantity reads a number with such a unit after it (or a
-- diameter's sign before it) as the number; anything else («2х150», two cables of 150) stays
-- unreadable and is reported. The unit is not converted: a file gives the profile's unit (kV, mm).
CREATE FUNCTION try_quantity(raw text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(
        try_numeric(raw),
        try_numeric((regexp_match(
            trim_blank(raw),
            '^(?:[Øø⌀∅]|(?:[DdДд][УуYy]?|ф)[\s\u00a0]*=?)?[\s\u00a0\u202f]*([-+]?[0-9]+(?:[.,][0-9]+)?)[\s\u00a0\u202f]*(?:[[:alpha:]]+[0-9²³]?(?:/[[:alpha:]]+)?\.?)?$'))[1]))
$$;
