-- The resources inside instances (queues, hours, flows, users, ...): one table for every
-- family, declared in connect_emulator/resources/families/. The body is the resource's
-- members as the family stores them (a JSON object); what the database must enforce (the
-- name unique per instance and family, the list order, the filters) has its own columns.
CREATE TABLE resources (
    -- Insertion order: the stable order of every List operation and its page cursor.
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    family TEXT NOT NULL,
    id TEXT NOT NULL,
    -- The name, for families whose names are unique per instance (else NULL): the unique
    -- index refuses a second one even from another process.
    name_key TEXT,
    -- The member List operations filter on (QueueType, ContactFlowType, ...), if any.
    subtype TEXT,
    body TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '{}',
    modified_at REAL NOT NULL
);
CREATE UNIQUE INDEX resources_key ON resources (instance_id, family, id);
CREATE UNIQUE INDEX resources_name ON resources (instance_id, family, name_key)
    WHERE name_key IS NOT NULL;
CREATE INDEX resources_list ON resources (instance_id, family, seq);
CREATE INDEX resources_owner ON resources (account, region);

-- References between resources of one instance: a queue's hours, a user's security
-- profiles, a routing profile's queue configs. A row per (referrer, role, item); "blocks"
-- says whether it keeps its target from being deleted; "detail" holds what the reference
-- carries (a queue config's priority and delay), as a JSON object.
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
