-- Territory of Kazakhstan: regions (oblasts and cities of republican significance) and districts, with KATO codes.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE region (
    id          serial PRIMARY KEY,
    -- KATO code (classifier of administrative-territorial objects), 9 digits, e.g. 630000000
    kato_code   varchar(9)  NOT NULL UNIQUE CHECK (kato_code ~ '^[0-9]{9}$'),
    iso_code    varchar(6)  UNIQUE CHECK (iso_code ~ '^KZ-[A-Z]{3}$'),
    -- first two digits of the cadastral numbers of plots in the region
    cadastral_code varchar(2) CHECK (cadastral_code ~ '^[0-9]{2}$'),
    name_kk     text NOT NULL,
    name_ru     text NOT NULL,
    name_en     text NOT NULL,
    geom        geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR ST_IsValid(geom))
);
CREATE INDEX region_geom_idx ON region USING gist (geom);

CREATE TABLE district (
    id          serial PRIMARY KEY,
    region_id   integer NOT NULL REFERENCES region (id),
    kato_code   varchar(9) NOT NULL UNIQUE CHECK (kato_code ~ '^[0-9]{9}$'),
    name_kk     text NOT NULL,
    name_ru     text NOT NULL,
    name_en     text NOT NULL,
    geom        geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR ST_IsValid(geom))
);
CREATE INDEX district_geom_idx ON district USING gist (geom);
CREATE INDEX district_region_idx ON district (region_id);

-- State bodies that answer appeals or keep layers: land departments, utilities, akimats.
CREATE TABLE agency (
    id          serial PRIMARY KEY,
    code        varchar(64) NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    region_id   integer REFERENCES region (id),
    name_kk     text NOT NULL,
    name_ru     text NOT NULL,
    name_en     text NOT NULL
);
