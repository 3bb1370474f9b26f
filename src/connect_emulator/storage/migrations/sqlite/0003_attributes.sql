-- Instance attributes changed by UpdateInstanceAttribute (JSON object: type -> value); the
-- others have their defaults, and INBOUND_CALLS / OUTBOUND_CALLS live in their own columns.
ALTER TABLE instances ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
