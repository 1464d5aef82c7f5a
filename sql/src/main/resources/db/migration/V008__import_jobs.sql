-- Imports sent through the API run in the background; the editor's page follows them here.
CREATE TABLE import_job (
    id            uuid PRIMARY KEY,
    layer_code    varchar(64) NOT NULL,
    -- the file's name as the user sent it (the bytes are kept only while the job runs)
    source_name   text NOT NULL,
    source_bytes  bigint NOT NULL CHECK (source_bytes >= 0),
    created_by    text NOT NULL,
    state         varchar(16) NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    -- copying, inspecting, waiting, reading, validating, comparing, done
    stage         varchar(32),
    progress      smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    -- for a failed job, what was wrong, in words for the person who sent the file
    message       text,
    revision_id   bigint REFERENCES layer_revision (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE INDEX import_job_layer_idx ON import_job (layer_code, created_at DESC);
