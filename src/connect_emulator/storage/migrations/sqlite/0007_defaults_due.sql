-- An instance's default resources (Basic Hours, BasicQueue, the Default flows, ...) are
-- written when something first works inside it, not in the transaction that makes it ACTIVE
-- (resources/engine.py): an instance nobody looks into costs one row, as before. This is the
-- time it became ACTIVE (the defaults' LastModifiedTime) while they are still to be written;
-- NULL once they are, and for an instance that never became ACTIVE.
ALTER TABLE instances ADD COLUMN defaults_due REAL;
