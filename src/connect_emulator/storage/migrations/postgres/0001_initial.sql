-- Instances, idempotency tokens, lifecycle jobs and the emulator's own settings.
-- The same tables, columns and indexes as migrations/sqlite/0001_initial.sql, in PostgreSQL's
-- types (tests/contract/test_schema.py holds the two to one expectation).
CREATE TABLE instances (
    -- Insertion order: the stable order of ListInstances and its page cursor. A sequence never
    -- hands out a number twice; creates in one account and Region take an advisory lock
    -- before inserting, so their numbers also follow commit order there.
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    identity_management_type TEXT NOT NULL,
    alias TEXT NOT NULL,
    -- lower(alias) while the instance holds its alias (not failed, not gone), else NULL.
    -- The unique index is what keeps two racing creates from sharing an alias.
    alias_claim TEXT,
    directory_id TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    service_role TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    inbound_calls INTEGER NOT NULL,
    outbound_calls INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '{}',
    -- Set once DeleteInstance is accepted; the row goes when its removal job runs.
    deleting INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX instances_alias_claim ON instances (alias_claim) WHERE alias_claim IS NOT NULL;
CREATE INDEX instances_owner ON instances (account, region, seq);

CREATE TABLE idempotency_tokens (
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    operation TEXT NOT NULL,
    token TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account, region, operation, token)
);

CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    -- 'Infinity' for a job that waits for the control API (manual lifecycle).
    due_at DOUBLE PRECISION NOT NULL,
    -- Set when failure injection decided at creation that provisioning will fail.
    failure_reason TEXT
);
CREATE INDEX jobs_due ON jobs (due_at);
CREATE INDEX jobs_instance ON jobs (instance_id);

-- Small shared settings (JSON values): the clock offset, the page-token key, lifecycle modes.
CREATE TABLE emulator_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Directories declared through configuration or the control API (none: all exist).
CREATE TABLE directories (
    account TEXT NOT NULL,
    directory_id TEXT NOT NULL,
    usable INTEGER NOT NULL,
    reason TEXT,
    PRIMARY KEY (account, directory_id)
);

-- "Fail the next N creations" rules from the control API, used up one creation at a time.
CREATE TABLE failure_rules (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    remaining INTEGER NOT NULL,
    account TEXT,
    alias_pattern TEXT,
    reason TEXT NOT NULL
);
