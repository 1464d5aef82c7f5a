-- What a failed import's message says, as the key of a sentence and its values ({"key": "crs_try_code",
-- "code": "EPSG:4326"}): the editor's page words it in Kazakh, Russian and English from them, never from
-- the English message, whose wording may change. Null for a failure without one.
ALTER TABLE import_job ADD COLUMN detail jsonb;
