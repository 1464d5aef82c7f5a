-- A failed import's audit row named no client address: the job fails in the background, after the request
-- that sent its file has been answered, and its failure is recorded outside that request. The job now keeps
-- the address of the request that sent it, and the failure's row records it, as the rows of the import's
-- other steps do.
ALTER TABLE import_job ADD COLUMN client_ip inet;

CREATE OR REPLACE FUNCTION import_job_record_failure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (actor, action, entity_type, entity_id, details, client_ip)
    VALUES (NEW.created_by, 'layer.import_failed', 'layer', NEW.layer_code,
            jsonb_build_object('job', NEW.id, 'file', NEW.source_name, 'problem', NEW.problem,
                               'message', NEW.message, 'detail', NEW.detail),
            coalesce(NEW.client_ip, CAST(nullif(current_setting('adalmap.client_ip', true), '') AS inet)));
    RETURN NULL;
END
$$;
