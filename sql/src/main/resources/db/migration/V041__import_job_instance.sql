-- Which server runs each import job, and which servers are alive: a server that starts (and every
-- server, every few seconds) fails only the jobs of servers that stopped beating, never those another
-- server on the same database is still running.
CREATE TABLE api_instance (
    -- drawn by the server when it starts
    id          uuid PRIMARY KEY,
    -- host and process id, for the person reading this table
    name        text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    -- the server's last heartbeat, by the database's clock (servers' clocks may differ)
    seen_at     timestamptz NOT NULL DEFAULT now()
);

-- the server that runs the job; null for jobs from before, which no live server runs
ALTER TABLE import_job ADD COLUMN instance_id uuid;
CREATE INDEX import_job_unfinished_idx ON import_job (instance_id) WHERE state IN ('queued', 'running');
