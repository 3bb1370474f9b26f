-- The resources inside instances: the same tables, columns and indexes as
-- migrations/sqlite/0005_resources.sql, in PostgreSQL's types.
CREATE TABLE resources (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    family TEXT NOT NULL,
    id TEXT NOT NULL,
    name_key TEXT,
    subtype TEXT,
    body TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '{}',
    modified_at DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX resources_key ON resources (instance_id, family, id);
CREATE UNIQUE INDEX resources_name ON resources (instance_id, family, name_key)
    WHERE name_key IS NOT NULL;
CREATE INDEX resources_list ON resources (instance_id, family, seq);
CREATE INDEX resources_owner ON resources (account, region);

CREATE TABLE resource_refs (
    instance_id TEXT NOT NULL,
    family TEXT NOT NULL,
    id TEXT NOT NULL,
    role TEXT NOT NULL,
    item TEXT NOT NULL,
    target_family TEXT NOT NULL,
    target_id TEXT NOT NULL,
    blocks INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (instance_id, family, id, role, item)
);
CREATE INDEX resource_refs_target ON resource_refs (instance_id, target_family, target_id);
