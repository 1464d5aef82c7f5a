-- The import report's detail in any language: with each problem its message's key and the values
-- it names, from which a reader words the message in Kazakh, Russian or English. The English
-- message stays as it was; problems stored before this have no detail and are shown in English.
ALTER TABLE import_issue ADD COLUMN detail jsonb;

COMMENT ON COLUMN import_issue.detail IS
    '{"key": <message key>, <parameter>: <value>, ...}: the key of the message''s template (texts issueDetail.<key>) and the values it names; null before V035';
