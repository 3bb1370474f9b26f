"""Opens the store a server was configured with: PostgreSQL for a database URL, else SQLite.

Both hand out the domain's transactions; a server also needs to migrate the schema, to set up
shared state at start-up without racing other processes (``exclusive``), and a batch for the
dispatcher's group commit (``open_batch``, the gateway's ``WriteBatch``).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from connect_emulator.domain.ports import Transaction
from connect_emulator.storage.errors import StorageUnavailable
from connect_emulator.storage.postgres import PostgresBatch, PostgresStore
from connect_emulator.storage.sqlite import SqliteBatch, SqliteStore

__all__ = ["ServerStore", "StorageUnavailable", "open_store"]


class ServerStore(Protocol):
    def transaction(self, *, write: bool = True) -> AbstractContextManager[Transaction]: ...

    def close(self) -> None: ...

    def migrate(self) -> list[int]: ...

    def exclusive(self) -> AbstractContextManager[None]:
        """Held by one starting process at a time, across every process on the database."""
        ...

    def describe(self) -> str:
        """Where the state lives, without secrets: for the log."""
        ...

    def open_batch(self) -> SqliteBatch | PostgresBatch:
        """Begins a group commit: SQLite's groups the writes until its ``commit``; PostgreSQL's
        groups nothing (each transaction commits by itself)."""
        ...


def open_store(
    database_url: str | None, sqlite_path: Path | None, *, migrate: bool = True
) -> ServerStore:
    """The PostgreSQL store at ``database_url``, else SQLite in ``sqlite_path`` (None: memory).

    With ``migrate`` (the default) it comes back migrated to the newest schema.
    """
    if database_url is not None:
        return PostgresStore(database_url, migrate=migrate)
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return SqliteStore(sqlite_path, migrate=migrate)
    except sqlite3.DatabaseError as error:
        # A file that is not SQLite's (or is damaged) is the user's to fix: say which one.
        raise StorageUnavailable(f"cannot use {sqlite_path} as the SQLite state: {error}") from None
