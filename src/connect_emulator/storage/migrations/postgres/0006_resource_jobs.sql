-- Asynchronous steps of resources inside instances (a phone number's claim, a vocabulary's
-- creation or deletion) are lifecycle jobs too: these name the resource a job advances (NULL
-- for an instance's own jobs). A failure rule may be for a family's resources (NULL: for
-- instances), matching their names instead of aliases.
ALTER TABLE jobs ADD COLUMN family TEXT;
ALTER TABLE jobs ADD COLUMN resource_id TEXT;
ALTER TABLE failure_rules ADD COLUMN family TEXT;
