-- Layers that departments define as data, not code: open-budget objects, accessibility passports,
-- service offices and whatever else a department publishes. A layer of kind 'custom' says what its
-- features are (geometry type, attribute schema), how the map draws them (style) and who keeps it;
-- its features go through the same import pipeline as plots and networks (draft revision, report,
-- diff, atomic publish, rollback).

-- What a custom layer is made of: its geometry type, its attributes (JSON array, see below), its style
-- (JSON object, see below) and an optional description in the three languages.
--
-- attribute_schema: [{"name": "amount_allocated",            -- ^[a-z][a-z0-9_]{0,62}$, unique
--                     "type": "text" | "integer" | "number" | "boolean" | "date" | "enum",
--                     "label_kk": "...", "label_ru": "...", "label_en": "...",
--                     "required": true | false,
--                     "values": [{"value": "planned", "label_kk": ..., "label_ru": ..., "label_en": ...}]
--                                                             -- enum only: the allowed values
--                    }, ...]
-- One attribute may be named by key_attribute: the identifier that tells the same feature apart between
-- two imports (an object's number in the budget programme); without it a feature is known by its geometry.
--
-- style: {"colour": "#2f6fdf"}                                 -- one colour for every feature
--     or {"by": "<attribute>", "colours": {"<value>": "#hex", ...}, "default": "#hex"}
--     with optional "icon": "school" | "office" | ... (a name the map knows; a circle otherwise)
ALTER TABLE layer ADD COLUMN geometry_type varchar(16) CHECK (geometry_type IN ('point', 'line', 'polygon'));
ALTER TABLE layer ADD COLUMN attribute_schema jsonb CHECK (jsonb_typeof(attribute_schema) = 'array');
ALTER TABLE layer ADD COLUMN key_attribute varchar(63);
ALTER TABLE layer ADD COLUMN style jsonb CHECK (jsonb_typeof(style) = 'object');
ALTER TABLE layer ADD COLUMN description_kk text;
ALTER TABLE layer ADD COLUMN description_ru text;
ALTER TABLE layer ADD COLUMN description_en text;
ALTER TABLE layer ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE layer ADD CONSTRAINT layer_custom_is_described CHECK (
    kind <> 'custom' OR (geometry_type IS NOT NULL AND attribute_schema IS NOT NULL AND style IS NOT NULL));

-- The published features of every custom layer: exactly the features of its published revision.
CREATE TABLE layer_feature (
    id                bigserial PRIMARY KEY,
    layer_id          integer NOT NULL REFERENCES layer (id),
    -- the same feature between revisions: the value of the layer's key attribute, else a hash of the geometry
    feature_key       text NOT NULL,
    geom              geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    -- the values of the layer's attribute schema, by attribute name, typed as JSON (dates as ISO text)
    attributes        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    -- source fields the schema does not name: kept, never dropped, not public
    extra             jsonb NOT NULL DEFAULT '{}'::jsonb,
    region_id         integer REFERENCES region (id),
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (layer_id, feature_key)
);
CREATE INDEX layer_feature_geom_idx ON layer_feature USING gist (geom);
CREATE INDEX layer_feature_layer_idx ON layer_feature (layer_id);
CREATE INDEX layer_feature_attributes_idx ON layer_feature USING gin (attributes jsonb_path_ops);

-- Every accepted feature of every revision of a custom layer, so that any revision can be published
-- or rolled back to (like network_snapshot).
CREATE TABLE layer_feature_snapshot (
    layer_revision_id bigint NOT NULL REFERENCES layer_revision (id) ON DELETE CASCADE,
    source_row        bigint NOT NULL,
    feature_key       text NOT NULL,
    geom              geometry(Geometry, 4326) NOT NULL,
    attributes        jsonb NOT NULL,
    extra             jsonb NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (layer_revision_id, source_row),
    UNIQUE (layer_revision_id, feature_key)
);
