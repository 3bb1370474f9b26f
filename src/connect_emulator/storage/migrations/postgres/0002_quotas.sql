-- Creations and deletions, for the "100 per 30 days" churn quota.
CREATE TABLE instance_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX instance_events_window ON instance_events (account, region, at);

-- Live instances per account and region, for the instance quota.
CREATE INDEX instances_live ON instances (account, region, status);
