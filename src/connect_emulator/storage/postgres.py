"""The PostgreSQL store: several server processes, on one machine or many, share one database.

One connection per process, used from the event loop's thread like SQLite's; a lock covers the
rare caller from another thread. Every transaction is explicit: BEGIN ... COMMIT, or ROLLBACK
when the block raises (after a failed statement PostgreSQL refuses everything until then), so a
use case that retries starts on a fresh transaction.

Write transactions run at READ COMMITTED: every statement sees what committed before it
started, so a use case that takes its account lock first then counts and checks exactly (see
``postgres_queries.py`` for the lock order). Read transactions are REPEATABLE READ READ ONLY:
one snapshot for all their statements, and no locks.

A connection that breaks (the server restarted, a network blip) is replaced at the next
transaction. The server ends any transaction left idle longer than the lease
(``idle_in_transaction_session_timeout``), so a frozen process cannot hold a job's row lock, or
an account's lock, for longer than that; a process that dies loses its connection and with it
every lock at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.storage.errors import StorageUnavailable
from connect_emulator.storage.locks import STARTUP_KEY
from connect_emulator.storage.postgres_migrations import apply_migrations
from connect_emulator.storage.postgres_queries import READ_QUERIES, WRITE_QUERIES
from connect_emulator.storage.sql_transaction import SqlTransaction

LOG = logging.getLogger(__name__)

# The database broke a cycle of waits, or refused a serialization anomaly: run it again.
RETRYABLE: tuple[type[Exception], ...] = (errors.DeadlockDetected, errors.SerializationFailure)

_BEGIN_WRITE = "BEGIN ISOLATION LEVEL READ COMMITTED"
_BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


def describe_url(url: str) -> str:
    """Where a database URL points, without its password: for logs and messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL (unparsable URL)"
    host = parts.get("host") or "local socket"
    port = parts.get("port") or "5432"
    return f"PostgreSQL {parts.get('dbname') or parts.get('user') or ''} on {host}:{port}"


class PostgresStore:
    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        lease_seconds: float = 10.0,
        connect_timeout: int = 10,
    ) -> None:
        self._url = url
        self._lease_ms = int(lease_seconds * 1000)
        self._connect_timeout = connect_timeout
        self._lock = threading.RLock()
        self._db: psycopg.Connection[Any] | None = None
        self._connection()
        if migrate:
            self.migrate()

    # Connection

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            # autocommit only hands BEGIN and COMMIT to this class: every statement still runs
            # inside a transaction it opened explicitly.
            db = psycopg.connect(
                self._url,
                autocommit=True,
                connect_timeout=self._connect_timeout,
                application_name="connect-emulator",
            )
        except psycopg.Error as error:  # unreachable, refused, or not a database URL at all
            raise StorageUnavailable(
                f"cannot connect to {describe_url(self._url)}: {error}".strip()
            ) from error
        db.execute(f"SET idle_in_transaction_session_timeout = {self._lease_ms}")
        return db

    def _connection(self) -> psycopg.Connection[Any]:
        if self._db is None or self._db.closed or self._db.broken:
            self._discard()
            self._db = self._connect()
        return self._db

    def _discard(self) -> None:
        if self._db is not None:
            with suppress(psycopg.Error):
                self._db.close()
            self._db = None

    def _begin(self, statement: str) -> psycopg.Connection[Any]:
        """A connection inside a fresh transaction; a dead connection is replaced once."""
        db = self._connection()
        try:
            db.execute(statement)
        except psycopg.Error:
            # Only a connection the server ended (restart, lease run out) is worth a retry.
            if not (db.closed or db.broken):
                raise
            LOG.warning("database connection lost; reconnecting")
            self._discard()
            db = self._connection()
            db.execute(statement)
        return db

    # The Store port

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[SqlTransaction]:
        with self._lock:
            db = self._begin(_BEGIN_WRITE if write else _BEGIN_READ)
            queries = WRITE_QUERIES if write else READ_QUERIES
            try:
                yield SqlTransaction(db, queries, errors.UniqueViolation, RETRYABLE, array=list)
            except BaseException:
                self._rollback(db)
                raise
            try:
                db.execute("COMMIT")
            except RETRYABLE as error:
                raise StoreConflict("retry") from error
            except psycopg.Error:
                # Lost with the connection, the outcome is unknown here; the client's retry
                # (with its ClientToken) settles it.
                if db.closed or db.broken:
                    self._discard()
                raise

    def _rollback(self, db: psycopg.Connection[Any]) -> None:
        try:
            db.execute("ROLLBACK")
        except psycopg.Error:
            # A broken connection: the server rolled back when it went; start over next time.
            self._discard()

    def close(self) -> None:
        with self._lock:
            self._discard()

    # Start-up

    def migrate(self) -> list[int]:
        """Applies the migrations this database lacks; returns their versions."""
        with self._lock:
            return apply_migrations(self._connection())

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Keeps every other starting process out while this one sets up shared state."""
        with self._lock:
            db = self._connection()
            db.execute("SELECT pg_advisory_lock(%s::bigint)", (STARTUP_KEY,))
            try:
                yield
            finally:
                # A connection replaced meanwhile took the lock with it: session locks end
                # with their session.
                if self._db is db:
                    try:
                        db.execute("SELECT pg_advisory_unlock(%s::bigint)", (STARTUP_KEY,))
                    except psycopg.Error:
                        self._discard()

    def describe(self) -> str:
        return describe_url(self._url)
