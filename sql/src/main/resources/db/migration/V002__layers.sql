-- Published layers and their revisions: every import creates a revision; one revision per layer is public.
CREATE TABLE layer (
    id          serial PRIMARY KEY,
    code        varchar(64) NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    kind        varchar(16) NOT NULL CHECK (kind IN ('plots', 'networks', 'appeals', 'custom')),
    title_kk    text NOT NULL,
    title_ru    text NOT NULL,
    title_en    text NOT NULL,
    -- the region whose land editors may change the layer; null = national layer (admins only)
    region_id   integer REFERENCES region (id),
    owner_agency_id integer REFERENCES agency (id),
    is_public   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE layer_revision (
    id          bigserial PRIMARY KEY,
    layer_id    integer NOT NULL REFERENCES layer (id),
    -- 1, 2, 3 … within the layer
    number      integer NOT NULL CHECK (number > 0),
    state       varchar(16) NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft', 'published', 'superseded', 'rolled_back', 'discarded')),
    source_name text,
    -- SHA-256 of the imported file: re-importing the same file is recognised and changes nothing
    source_sha256 char(64) CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
    feature_count integer CHECK (feature_count >= 0),
    report      jsonb,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    UNIQUE (layer_id, number)
);
-- at most one public revision per layer
CREATE UNIQUE INDEX layer_revision_one_published_idx ON layer_revision (layer_id) WHERE state = 'published';

-- Where importers load a file before set-based SQL moves it into the published tables.
CREATE SCHEMA IF NOT EXISTS staging;
