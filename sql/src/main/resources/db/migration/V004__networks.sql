-- Engineering networks near plots: power, gas, water, sewerage, heating, telecom; lines and points.
CREATE TABLE network_kind (
    code     varchar(16) PRIMARY KEY,
    position smallint NOT NULL UNIQUE,
    name_kk  text NOT NULL,
    name_ru  text NOT NULL,
    name_en  text NOT NULL,
    -- unit of the capacity attributes of this kind
    capacity_unit text NOT NULL
);
INSERT INTO network_kind (code, position, name_kk, name_ru, name_en, capacity_unit) VALUES
 ('power',    1, 'Электрмен жабдықтау', 'Электроснабжение', 'Power', 'kW'),
 ('gas',      2, 'Газбен жабдықтау', 'Газоснабжение', 'Gas', 'm3/h'),
 ('water',    3, 'Сумен жабдықтау', 'Водоснабжение', 'Water', 'm3/day'),
 ('sewerage', 4, 'Су бұру', 'Водоотведение', 'Sewerage', 'm3/day'),
 ('heating',  5, 'Жылумен жабдықтау', 'Теплоснабжение', 'Heating', 'Gcal/h'),
 ('telecom',  6, 'Байланыс', 'Связь', 'Telecom', 'Mbit/s');

CREATE TABLE network (
    id                bigserial PRIMARY KEY,
    kind              varchar(16) NOT NULL REFERENCES network_kind (code),
    -- lines (mains, cables) or points (substations, gas regulators, wells)
    geom              geometry(Geometry, 4326) NOT NULL
                      CHECK (GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING', 'POINT', 'MULTIPOINT')
                             AND ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    name              text,
    operator_name     text,
    -- design capacity and what is still free to connect, in network_kind.capacity_unit
    capacity          numeric(14, 2) CHECK (capacity >= 0),
    free_capacity     numeric(14, 2) CHECK (free_capacity >= 0),
    voltage_kv        numeric(8, 2) CHECK (voltage_kv > 0),
    pressure_class    varchar(16) CHECK (pressure_class IN ('low', 'medium', 'high')),
    diameter_mm       integer CHECK (diameter_mm > 0),
    region_id         integer REFERENCES region (id),
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id),
    extra             jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_geom_idx ON network USING gist (geom);
CREATE INDEX network_kind_idx ON network (kind);
CREATE INDEX network_revision_idx ON network (layer_revision_id);
