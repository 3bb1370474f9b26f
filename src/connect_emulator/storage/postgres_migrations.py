"""Applies the PostgreSQL migrations, safely when any number of processes start at once.

Each migration runs in its own transaction together with its ``schema_migrations`` row, after
taking a transaction-scoped advisory lock: a second process waits for the first, then finds
the version recorded and skips it. PostgreSQL's DDL is transactional, so a migration that
fails leaves nothing behind.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

import psycopg

from connect_emulator.storage.locks import MIGRATIONS_KEY
from connect_emulator.storage.migrations import load_migrations

LOG = logging.getLogger(__name__)

_CREATE_LEDGER = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
)


def apply_migrations(db: psycopg.Connection[Any]) -> list[int]:
    """Applies the migrations the database lacks; returns their versions.

    ``db`` is in autocommit mode and outside any transaction: this function issues its own
    BEGIN and COMMIT, one pair per migration.
    """
    applied: list[int] = []
    for migration in load_migrations("postgres"):
        db.execute("BEGIN")
        try:
            db.execute("SELECT pg_advisory_xact_lock(%s::bigint)", (MIGRATIONS_KEY,))
            db.execute(_CREATE_LEDGER)
            done = db.execute(
                "SELECT 1 FROM schema_migrations WHERE version = %s", (migration.version,)
            ).fetchone()
            if done is None:
                # No parameters: psycopg sends the file as one simple query, all its statements.
                db.execute(migration.sql)
                db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (migration.version, migration.name),
                )
                applied.append(migration.version)
            db.execute("COMMIT")
        except BaseException:
            # On a broken connection there is nothing to roll back: the server already did.
            with suppress(psycopg.Error):
                db.execute("ROLLBACK")
            raise
        if done is None:
            LOG.info("applied migration %s", migration.name)
    return applied
