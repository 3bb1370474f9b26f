-- The shared settings' version (one row, name 'settings'): a new random value, written in
-- the same transaction as every write of settings, directories or failure rules. While it
-- stands, a process may keep what it read of them (domain/settings_cache.py).
CREATE TABLE settings_version (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
