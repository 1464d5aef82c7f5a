-- Engineering networks go through the same import pipeline as plots: every accepted feature of a
-- revision is kept, so a revision can be published or rolled back to; the public network table
-- then holds exactly one revision of each networks layer.
CREATE TABLE network_snapshot (
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    source_row        bigint NOT NULL,
    -- the same feature between revisions: its kind and the hash of its geometry
    feature_key       text NOT NULL,
    kind              varchar(16) NOT NULL REFERENCES network_kind (code),
    geom              geometry(Geometry, 4326) NOT NULL,
    name              text,
    operator_name     text,
    capacity          numeric(14, 2),
    free_capacity     numeric(14, 2),
    voltage_kv        numeric(8, 2),
    pressure_class    varchar(16),
    diameter_mm       integer,
    extra             jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (layer_revision_id, source_row),
    UNIQUE (layer_revision_id, feature_key)
);

CREATE FUNCTION network_key(kind text, geom geometry) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT kind || ':' || md5(ST_AsEWKB(ST_Normalize(geom)))
$$;
