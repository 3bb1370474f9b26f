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

Every wait for the database is bounded (``postgres_session.py``), and a wait the server never
answers is cut by the watchdog (``watchdog.py``). Once a connection is lost that way,
transactions fail at once (``DatabaseUnavailable``) while a thread reconnects
(``reconnecting.py``), so the event loop never waits for a connection either; the first
successful transaction after it ends the outage. Every failure of an outage goes to its log
(``outage_log.py``).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg import errors

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.storage.errors import StorageUnavailable
from connect_emulator.storage.locks import STARTUP_KEY
from connect_emulator.storage.outage_log import OutageLog, quiet_reported_outages
from connect_emulator.storage.postgres_migrations import apply_migrations
from connect_emulator.storage.postgres_queries import READ_QUERIES, WRITE_QUERIES
from connect_emulator.storage.postgres_session import (
    Session,
    connect_options,
    describe_url,
    open_session,
)
from connect_emulator.storage.reconnecting import Reconnector
from connect_emulator.storage.sql_transaction import SqlTransaction
from connect_emulator.storage.watchdog import Watchdog

LOG = logging.getLogger(__name__)

# The database broke a cycle of waits, or refused a serialization anomaly: run it again.
RETRYABLE: tuple[type[Exception], ...] = (errors.DeadlockDetected, errors.SerializationFailure)

_BEGIN_WRITE = "BEGIN ISOLATION LEVEL READ COMMITTED"
_BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

# A connection attempt that took longer than this ran into a timeout, not a refusal: the next
# ones are made on a thread while transactions fail at once.
_SLOW_CONNECT = 1.0


class DatabaseUnavailable(StorageUnavailable, psycopg.OperationalError):
    """The database did not answer, or not in time: what a transaction raises then. A
    ``StorageUnavailable`` (counted and logged once by the store) that is still the driver's
    ``OperationalError`` to whoever catches that."""


class PostgresBatch:
    """PostgreSQL's batch (the gateway's ``WriteBatch``) groups nothing: each request's
    transaction commits by itself, before its answer is written. One transaction over many
    requests would hold their account locks together, and two processes batching the same
    accounts in another order would deadlock (``postgres_queries.py`` has the lock order)."""

    __slots__ = ()

    @property
    def uncommitted(self) -> bool:
        """Never: every write committed when its transaction ended."""
        return False

    def commit(self) -> None:
        """Nothing waits for it."""

    def abort(self) -> None:
        """Nothing to take back: what committed stays."""


_EACH_COMMITS_ALONE = PostgresBatch()


class PostgresStore:
    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        lease_seconds: float = 10.0,
        connect_timeout: int | None = None,
    ) -> None:
        self._url = url
        self._lease_ms = int(lease_seconds * 1000)
        self._connect_options = connect_options(url, connect_timeout)
        self._lock = threading.RLock()
        self._db: psycopg.Connection[Any] | None = None
        # A duplicate of the connection's socket, for the watchdog to shut down; and how long
        # a transaction may wait for the server (0: unbounded, statement_timeout is off).
        self._watched: socket.socket | None = None
        self._answer_limit = 0.0
        self._outage = OutageLog(describe_url(url))
        self._closed = threading.Event()
        self._reconnector = Reconnector(
            self._connect,
            self._install,
            lock=self._lock,
            closed=self._closed,
            outage=self._outage,
            where=describe_url(url),
        )
        quiet_reported_outages()
        self._watchdog = Watchdog()
        try:
            self._connection()
            if migrate:
                self.migrate()
        except BaseException:
            self._watchdog.stop()
            raise

    # Connection

    def _connect(self) -> Session:
        return open_session(self._url, self._connect_options, self._lease_ms)

    def _install(self, session: Session) -> None:
        self._discard()
        self._db, self._watched, self._answer_limit = session

    def _connection(self) -> psycopg.Connection[Any]:
        if self._db is None or self._db.closed or self._db.broken:
            self._install(self._connect())
        assert self._db is not None
        return self._db

    def _discard(self) -> None:
        if self._db is not None:
            with suppress(psycopg.Error):
                self._db.close()
            self._db = None
        if self._watched is not None:
            self._watchdog.release(self._watched)
            self._watched = None

    def _unavailable(self, error: BaseException, *, cut: bool = False) -> StorageUnavailable:
        """``error`` as the outage it is: counted, logged by the outage log, and raised.
        ``cut``: the watchdog ended the wait."""
        if cut:
            message = f"{describe_url(self._url)} did not answer within {self._answer_limit:g} s"
        else:
            message = f"{describe_url(self._url)}: {' '.join(str(error).split())}"
        failure = DatabaseUnavailable(message)
        failure.__cause__ = error
        self._outage.failed(failure)
        return failure

    def _begin(self, statement: str) -> psycopg.Connection[Any]:
        """A connection inside a fresh transaction; a dead connection is replaced once."""
        if self._reconnector.active:
            raise self._unavailable(StorageUnavailable("no connection; reconnecting"))
        db = self._db
        if db is None or db.closed or db.broken:
            db = self._reconnect_now()
        self._watchdog.arm(self._watched, self._answer_limit)
        try:
            db.execute(statement)
        except psycopg.Error as error:
            cut = self._watchdog.cut
            self._watchdog.disarm()
            # Only a connection the server ended (restart, lease run out) is worth a retry,
            # and only one that ended at once: after one that stopped answering, the event
            # loop must not wait for a connection as well.
            if not (db.closed or db.broken):
                raise
            self._discard()
            if cut:
                self._reconnector.start()
                raise self._unavailable(error, cut=True) from error
            LOG.warning("database connection lost; reconnecting")
            db = self._reconnect_now()
            self._watchdog.arm(self._watched, self._answer_limit)
            try:
                db.execute(statement)
            except psycopg.Error as again:
                cut = self._watchdog.cut
                self._watchdog.disarm()
                if db.closed or db.broken:
                    self._discard()
                if cut:
                    self._reconnector.start()
                raise self._unavailable(again, cut=cut) from again
        return db

    def _reconnect_now(self) -> psycopg.Connection[Any]:
        """A new connection, made on the caller's thread: cheap when the server refuses it
        (a restart); one that took long hands the next attempts to a thread."""
        started = time.monotonic()
        try:
            self._install(self._connect())
        except StorageUnavailable as error:
            if time.monotonic() - started > _SLOW_CONNECT:
                self._reconnector.start()
            raise self._unavailable(error) from error
        assert self._db is not None
        return self._db

    # The Store port

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[SqlTransaction]:
        with self._lock:
            db = self._begin(_BEGIN_WRITE if write else _BEGIN_READ)
            queries = WRITE_QUERIES if write else READ_QUERIES
            try:
                try:
                    yield SqlTransaction(db, queries, errors.UniqueViolation, RETRYABLE, array=list)
                except BaseException as error:
                    cut = self._watchdog.cut
                    self._rollback(db)
                    if cut:
                        self._reconnector.start()
                    if self._is_outage(db, error):
                        raise self._unavailable(error, cut=cut) from error
                    raise
                try:
                    db.execute("COMMIT")
                except RETRYABLE as error:
                    raise StoreConflict("retry") from error
                except psycopg.Error as error:
                    # Lost with the connection, the outcome is unknown here; the client's
                    # retry (with its ClientToken) settles it.
                    cut = self._watchdog.cut
                    if db.closed or db.broken:
                        self._discard()
                        if cut:
                            self._reconnector.start()
                    if self._is_outage(db, error):
                        raise self._unavailable(error, cut=cut) from error
                    raise
            finally:
                self._watchdog.disarm()
        if self._outage.since is not None:
            self._outage.recovered()

    def open_batch(self) -> PostgresBatch:
        """A batch that groups nothing (``PostgresBatch``): it holds no lock and no transaction."""
        return _EACH_COMMITS_ALONE

    def _is_outage(self, db: psycopg.Connection[Any], error: BaseException) -> bool:
        """Whether ``error`` says the database is not answering (in time), rather than
        anything about this transaction: a lost connection, a statement or lock timeout."""
        if not isinstance(error, psycopg.Error):
            return False  # the use case's own (or already counted where it was raised)
        if db.closed or db.broken:
            return True
        return isinstance(error, psycopg.OperationalError) and not isinstance(error, RETRYABLE)

    def _rollback(self, db: psycopg.Connection[Any]) -> None:
        try:
            db.execute("ROLLBACK")
        except psycopg.Error:
            # A broken connection: the server rolled back when it went; start over next time.
            self._discard()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            self._discard()
        self._watchdog.stop()

    # Start-up

    def migrate(self) -> list[int]:
        """Applies the migrations this database lacks; returns their versions."""
        with self._lock:
            db = self._connection()
            # A migration may take long, and waits for another process's: not bounded like
            # a request's statements.
            db.execute("SET statement_timeout = 0")
            db.execute("SET lock_timeout = 0")
            try:
                return apply_migrations(db)
            finally:
                if not (db.closed or db.broken):
                    db.execute("RESET statement_timeout")
                    db.execute("RESET lock_timeout")

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
