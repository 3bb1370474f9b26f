"""PostgreSQL's statements: the shared table (``queries.py``) in "%s" placeholders, plus the
row locks that take the place of SQLite's one database-wide write lock.

Lock order, followed by every write transaction so that none can wait for another in a cycle:

    1. the account's advisory lock (``lock_account``: CreateInstance, DeleteInstance)
    2. instance rows (``FOR UPDATE`` when a write transaction reads an instance); every
       write to the resources inside an instance takes its row first, so those writes are
       serialised per instance and their name and reference checks are exact
    2b. resource and reference rows
    3. job rows
    4. failure rules (``FOR UPDATE`` when a creation reads them), directories
    5. the settings version row (written after 4, before any settings row)
    6. settings rows

The lifecycle worker claims a due job together with its instance row, skipping any either of
which another transaction holds (``SKIP LOCKED``), so it never waits for anyone. Settings are
read without a lock; the control API serialises its read-modify-writes with ``lock_account``.
"""

from __future__ import annotations

from collections.abc import Mapping

from connect_emulator.storage.queries import (
    ACTIVATE,
    ACTIVATES,
    INSTANCE_COLUMNS,
    QUERIES,
    RESOURCE_COLUMNS,
    instance_summaries,
)


def to_postgres(sql: str) -> str:
    """The statement with psycopg's "%s" placeholders in place of SQLite's "?".

    The shared statements contain neither "%" nor a "?" that is not a placeholder (LIKE
    patterns travel as parameters), so a plain replacement is exact; "%" is refused because
    psycopg would read it as the start of a placeholder.
    """
    if "%" in sql:
        raise ValueError(f"a shared statement must not contain '%': {sql}")
    return sql.replace("?", "%s")


_SHARED = {name: to_postgres(sql) for name, sql in QUERIES.items()}

_STRING_AGG = "string_agg(summary, ',' ORDER BY seq)"

_JOB_COLUMNS = "j.id, j.kind, j.instance_id, j.due_at, j.failure_reason, j.family, j.resource_id"

_BOTH: dict[str, str] = {
    # Transaction-scoped: released by COMMIT, ROLLBACK or a dropped connection.
    "lock_account": "SELECT pg_advisory_xact_lock(%s::bigint)",
    # Lists travel as arrays here (SQLite's statements read a JSON array).
    "finish_jobs": "DELETE FROM jobs WHERE id = ANY(%s)",
    "set_defaults_due": "UPDATE instances SET defaults_due = %s WHERE id = ANY(%s)",
    "activate_ready": f"{ACTIVATE} WHERE id = ANY(%s) AND {ACTIVATES} RETURNING id",
    # Ordered inside the aggregate: PostgreSQL does not promise the subquery's order.
    "instance_summaries": to_postgres(instance_summaries(_STRING_AGG, "")),
    "instance_summaries_of": to_postgres(instance_summaries(_STRING_AGG, " AND subtype = ANY(?)")),
    "existing_resources": "SELECT id FROM resources WHERE instance_id = %s AND family = %s "
    "AND id = ANY(%s)",
    "list_resources_of": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    "WHERE instance_id = %s AND family = %s AND seq > %s AND subtype = ANY(%s) "
    "ORDER BY seq LIMIT %s",
    "count_resources_of": "SELECT COUNT(*) FROM resources "
    "WHERE instance_id = %s AND family = %s AND subtype = ANY(%s)",
}

_WRITE_ONLY: dict[str, str] = {
    # A write transaction that reads an instance is about to change it (or its jobs): lock
    # it now, so two processes cannot both act on what they read (tags, DeleteInstance).
    "get_instance": f"SELECT {INSTANCE_COLUMNS} FROM instances "
    "WHERE id = %s AND account = %s AND region = %s FOR UPDATE",
    "instance_by_id": f"SELECT {INSTANCE_COLUMNS} FROM instances WHERE id = %s FOR UPDATE",
    # Two creations must not both use up the last count of a "fail the next N" rule.
    "failure_rules": "SELECT id, remaining, account, alias_pattern, reason, family "
    "FROM failure_rules WHERE remaining > 0 ORDER BY id FOR UPDATE",
    # A job and its instance, locked together or skipped: another process is running it, or
    # a client is changing the instance; either way this worker moves on without waiting.
    "claim_due_jobs": f"SELECT {_JOB_COLUMNS} FROM jobs j JOIN instances i "
    "ON i.id = j.instance_id WHERE j.due_at <= %s ORDER BY j.due_at, j.id LIMIT %s "
    "FOR UPDATE SKIP LOCKED",
    # Jobs whose instance is gone have no row to join; they are claimed (and dropped) apart.
    "claim_orphan_jobs": f"SELECT {_JOB_COLUMNS} FROM jobs j WHERE j.due_at <= %s "
    "AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = j.instance_id) "
    "ORDER BY j.due_at, j.id LIMIT %s FOR UPDATE SKIP LOCKED",
    # Reset takes the instance rows before their jobs, in the order every other writer does.
    "reset_lock_instances_all": "SELECT id FROM instances ORDER BY seq FOR UPDATE",
    "reset_lock_instances": "SELECT id FROM instances WHERE account = %s ORDER BY seq FOR UPDATE",
}

READ_QUERIES: Mapping[str, str] = {**_SHARED, **_BOTH}
WRITE_QUERIES: Mapping[str, str] = {**_SHARED, **_BOTH, **_WRITE_ONLY}
