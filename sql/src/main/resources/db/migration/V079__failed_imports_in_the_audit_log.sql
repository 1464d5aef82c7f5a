-- An import job that fails (a decompression bomb, an unsafe zip, a file GDAL cannot read, a wrong coordinate
-- system, a server restart) is kept in the audit log as 'layer.import_failed': who sent which file into which
-- layer, the job and its problem. The job's own update writes it, in its transaction, so that it is kept
-- exactly when the failure is, whichever server records it. A failed import leaves no layer data behind.
CREATE FUNCTION import_job_record_failure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (actor, action, entity_type, entity_id, details, client_ip)
    VALUES (NEW.created_by, 'layer.import_failed', 'layer', NEW.layer_code,
            jsonb_build_object('job', NEW.id, 'file', NEW.source_name, 'problem', NEW.problem,
                               'message', NEW.message, 'detail', NEW.detail),
            CAST(nullif(current_setting('adalmap.client_ip', true), '') AS inet));
    RETURN NULL;
END
$$;

-- once per failure: a job another server took for lost ('restarted') that then ends with a problem of its
-- own is kept again, with that problem
CREATE TRIGGER import_job_failure_audited
    AFTER UPDATE ON import_job
    FOR EACH ROW
    WHEN (NEW.state = 'failed' AND (OLD.state IS DISTINCT FROM 'failed' OR OLD.problem IS DISTINCT FROM NEW.problem))
    EXECUTE FUNCTION import_job_record_failure();
