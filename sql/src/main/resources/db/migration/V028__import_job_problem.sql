-- What kind of problem stopped a failed import, as a code (SourceProblem in the importers, and
-- restarted, not_allowed, bad_request, server for the job itself): the editor's page says each one
-- in Kazakh, Russian and English above the message, which names the file's own details in English.
ALTER TABLE import_job ADD COLUMN problem varchar(32);
UPDATE import_job SET problem = 'restarted' WHERE state = 'failed' AND message LIKE 'the server restarted%';
