-- The import pipeline: what each revision of a plots layer holds, the problems found in its file,
-- and its difference from the revision that was public when it was made.

-- A plot dropped from its layer by a later revision stays in the table (its status history is
-- permanent) but is no longer shown; a rollback brings it back.
ALTER TABLE land_plot ADD COLUMN retired_revision_id bigint REFERENCES layer_revision (id);
CREATE INDEX land_plot_current_idx ON land_plot (layer_revision_id) WHERE retired_revision_id IS NULL;

-- The key that identifies "the same plot" between two revisions: its cadastral number, or for a
-- plot not yet registered the hash of its geometry.
CREATE FUNCTION plot_key(cadastral_number text, geom geometry) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(cadastral_number, 'geom:' || md5(ST_AsEWKB(ST_Normalize(geom))))
$$;

-- Every accepted feature of every imported revision, as it was mapped and validated: publishing a
-- revision, or rolling back to it, makes the public layer equal to this.
CREATE TABLE plot_snapshot (
    layer_revision_id   bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    source_row          bigint NOT NULL,
    plot_key            text NOT NULL,
    cadastral_number    varchar(32) CHECK (cadastral_number ~ '^[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{3,}$'),
    geom                geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    area_declared_ha    numeric(14, 4),
    land_category       varchar(32) NOT NULL REFERENCES land_category (code),
    intended_purpose_kk text,
    intended_purpose_ru text,
    permitted_use       text,
    right_type          varchar(32) REFERENCES right_type (code),
    divisible           boolean,
    status              varchar(32) NOT NULL REFERENCES plot_status (code),
    address             text,
    auction_date        date,
    starting_price_kzt  numeric(16, 2),
    extra               jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (layer_revision_id, source_row),
    UNIQUE (layer_revision_id, plot_key)
);

-- What the validation found, feature by feature: rejected (not imported), repaired (imported after
-- a fix), warning (imported as it is).
CREATE TABLE import_issue (
    id                bigserial PRIMARY KEY,
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    -- the feature's position in the file, from 1; null for a problem of the whole file
    source_row        bigint,
    severity          varchar(8) NOT NULL CHECK (severity IN ('rejected', 'repaired', 'warning')),
    code              varchar(32) NOT NULL,
    message           text NOT NULL
);
CREATE INDEX import_issue_revision_idx ON import_issue (layer_revision_id, source_row);

-- The plots a revision adds, changes or removes compared with the revision public when it was made.
CREATE TABLE revision_change (
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    plot_key          text NOT NULL,
    change            varchar(8) NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    PRIMARY KEY (layer_revision_id, plot_key)
);

ALTER TABLE layer_revision
    ADD COLUMN based_on_revision_id bigint REFERENCES layer_revision (id),
    ADD COLUMN source_crs text,
    ADD COLUMN source_encoding text,
    ADD COLUMN profile text;

-- Lenient readers of imported text fields: null instead of an error, so that one bad value is
-- reported for its feature instead of failing the whole import. Accept a decimal comma.
CREATE FUNCTION try_numeric(raw text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN replace(replace(btrim(raw), ' ', ''), ',', '.')::numeric;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Dates as ISO (2026-12-01) or as Kazakh and Russian offices write them (01.12.2026).
CREATE FUNCTION try_date(raw text) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF btrim(raw) ~ '^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}$' THEN
        RETURN to_date(btrim(raw), 'DD.MM.YYYY');
    END IF;
    RETURN substr(btrim(raw), 1, 10)::date;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;
