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

Every wait for the database is bounded, because the store is called on the event loop's
thread: a database that stops answering must cost a request a prompt InternalServiceException,
not freeze every request of the process. The bounds (``TIMEOUT_DEFAULTS``; any libpq parameter
in the database URL wins, ``options=-c statement_timeout=...`` included):
- connecting: ``connect_timeout``;
- a statement: ``statement_timeout``, a lock: ``lock_timeout`` (the server answers an error
  and the connection lives on);
- a server that cannot answer at all (a partition, a frozen host): a watchdog thread cuts the
  connection once a transaction has waited a second longer than ``statement_timeout``; TCP
  keepalives and ``tcp_user_timeout`` notice a dead peer of an idle connection or unsent data.
Once a connection is lost that way, transactions fail at once (``StorageUnavailable``) while a
thread reconnects, so the event loop never waits for a connection either; the first successful
transaction after it ends the outage. An outage is logged once with its traceback, then as a
count at most once a second, then when it is over (``_Outage``); the tracebacks every failed
request would log elsewhere are left out (``_ReportedOutages``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo

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

# Bounds of every database wait, as libpq parameters; the database URL's own win. A request
# touches a handful of rows: seconds are orders of magnitude more than it needs, and short
# enough that a hung database shows as errors rather than as a hung server.
TIMEOUT_DEFAULTS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "1",
    "keepalives_count": "3",
    "tcp_user_timeout": "10000",
}
# Session settings, passed at connection start (no extra round trip); the URL's options come
# after them, and the last -c of a setting wins.
SESSION_DEFAULTS = "-c statement_timeout=5000 -c lock_timeout=5000"
# Beyond the statement timeout, how long the watchdog lets the server take to say so.
_ANSWER_MARGIN = 1.0
# How often the watchdog looks, and the reconnecting thread retries.
_WATCH_PERIOD = 0.1
_RECONNECT_PERIOD = 0.5


def describe_url(url: str) -> str:
    """Where a database URL points, without its password: for logs and messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL (unparsable URL)"
    host = parts.get("host") or "local socket"
    port = parts.get("port") or "5432"
    return f"PostgreSQL {parts.get('dbname') or parts.get('user') or ''} on {host}:{port}"


class DatabaseUnavailable(StorageUnavailable, psycopg.OperationalError):
    """The database did not answer, or not in time: what a transaction raises then. A
    ``StorageUnavailable`` (counted and logged once by the store) that is still the driver's
    ``OperationalError`` to whoever catches that."""


# A connection attempt that took longer than this ran into a timeout, not a refusal: the next
# ones are made on a thread while transactions fail at once.
_SLOW_CONNECT = 1.0


class _Outage:
    """Reports one database outage at a time: its first failure with the traceback, then the
    failures since as one line at most once a second, then how long it lasted once it is
    over. A 5 s outage used to write one traceback per failed request (1,665 of them)."""

    def __init__(self, where: str) -> None:
        self._where = where
        self._lock = threading.Lock()
        self.since: float | None = None
        self._failures = 0
        self._unreported = 0
        self._reported_at = 0.0

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if self.since is None:
                self.since = self._reported_at = now
                self._failures, self._unreported = 1, 0
                LOG.error(
                    "database unavailable (%s): requests fail with InternalServiceException "
                    "until it answers again",
                    self._where,
                    exc_info=error,
                )
                return
            self._failures += 1
            self._unreported += 1
            if now - self._reported_at < 1.0:
                return
            LOG.warning(
                "database still unavailable after %.0f s: %d failures in the last %.1f s (%s)",
                now - self.since,
                self._unreported,
                now - self._reported_at,
                " ".join(str(error).split()) or type(error).__name__,
            )
            self._reported_at = now
            self._unreported = 0

    def recovered(self) -> None:
        with self._lock:
            if self.since is None:
                return
            LOG.warning(
                "database is back (%s) after %.1f s; %d calls failed meanwhile",
                self._where,
                time.monotonic() - self.since,
                self._failures,
            )
            self.since = None


class _ReportedOutages(logging.Filter):
    """Drops records whose exception is a ``StorageUnavailable``: the store reported it (and
    counts it); every request and worker step of an outage logging it again is the flood."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            if isinstance(error, StorageUnavailable):
                return False
            seen.add(id(error))
            error = error.__cause__ or error.__context__
        return True


def _quiet_reported_outages() -> None:
    # On each of the package's loggers but this one: a logger's filters apply only to what
    # is logged on it, not to what its children pass up. They exist by now: modules make
    # them when imported, and everything is imported before a store opens.
    names = [n for n in logging.root.manager.loggerDict if n.startswith("connect_emulator.")]
    for name in names:
        if name == __name__:
            continue
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ReportedOutages) for f in logger.filters):
            logger.addFilter(_ReportedOutages())


class _Watchdog:
    """Cuts the connection of a transaction the server has not answered in time.

    libpq waits for an answer as long as the socket stays open, and a partitioned or frozen
    server (or a proxy in front of it) keeps it open: neither statement_timeout (the server
    cannot send it) nor TCP keepalives (the peer's kernel acknowledges) end that wait. Shut
    down from this thread, the socket wakes libpq with an error at once. The watch is two
    attribute writes per transaction; the thread looks ten times a second.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: tuple[float, float, socket.socket] | None = None
        self._stopped = threading.Event()
        self.cut = False
        self._thread = threading.Thread(
            target=self._run, name="connect-emulator-db-watchdog", daemon=True
        )
        self._thread.start()

    def arm(self, sock: socket.socket | None, limit: float) -> None:
        self.cut = False
        if sock is not None and limit > 0:
            self._armed = (time.monotonic() + limit, limit, sock)

    def disarm(self) -> None:
        self._armed = None

    def release(self, sock: socket.socket) -> None:
        """Closes a connection's watched socket; never while the thread is cutting it."""
        with self._lock:
            if self._armed is not None and self._armed[2] is sock:
                self._armed = None
            sock.close()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.wait(_WATCH_PERIOD):
            armed = self._armed
            if armed is None or time.monotonic() < armed[0]:
                continue
            with self._lock:
                if self._armed is armed:  # still the same wait, and its socket still open
                    self.cut = True
                    with suppress(OSError):
                        armed[2].shutdown(socket.SHUT_RDWR)


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
        self._connect_options = _connect_options(url)
        if connect_timeout is not None:
            self._connect_options["connect_timeout"] = str(connect_timeout)
        self._lock = threading.RLock()
        self._db: psycopg.Connection[Any] | None = None
        # A duplicate of the connection's socket, for the watchdog to shut down; and how long
        # a transaction may wait for the server (0: unbounded, statement_timeout is off).
        self._watched: socket.socket | None = None
        self._answer_limit = 0.0
        self._outage = _Outage(describe_url(url))
        self._reconnecting = False
        self._closed = threading.Event()
        _quiet_reported_outages()
        self._watchdog = _Watchdog()
        try:
            self._connection()
            if migrate:
                self.migrate()
        except BaseException:
            self._watchdog.stop()
            raise

    # Connection

    def _conninfo(self) -> str:
        try:
            return make_conninfo(self._url, **self._connect_options)
        except psycopg.ProgrammingError:
            return self._url  # not a valid URL: connecting says what is wrong with it

    def _connect(self) -> tuple[psycopg.Connection[Any], socket.socket, float]:
        try:
            # autocommit only hands BEGIN and COMMIT to this class: every statement still runs
            # inside a transaction it opened explicitly.
            db = psycopg.connect(
                self._conninfo(), autocommit=True, application_name="connect-emulator"
            )
        except psycopg.Error as error:  # unreachable, refused, or not a database URL at all
            raise StorageUnavailable(
                f"cannot connect to {describe_url(self._url)}: {error}".strip()
            ) from error
        try:
            row = db.execute(
                "SELECT set_config('idle_in_transaction_session_timeout', %s, false), "
                "(SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout')",
                (str(self._lease_ms),),
            ).fetchone()
            watched = socket.socket(fileno=os.dup(db.pgconn.socket))
        except (psycopg.Error, OSError) as error:
            with suppress(psycopg.Error):
                db.close()
            raise StorageUnavailable(
                f"cannot set up a session on {describe_url(self._url)}: {error}"
            ) from error
        statement_ms = int(row[1]) if row is not None else 0
        limit = statement_ms / 1000 + _ANSWER_MARGIN if statement_ms > 0 else 0.0
        return db, watched, limit

    def _install(self, db: psycopg.Connection[Any], watched: socket.socket, limit: float) -> None:
        self._discard()
        self._db, self._watched, self._answer_limit = db, watched, limit

    def _connection(self) -> psycopg.Connection[Any]:
        if self._db is None or self._db.closed or self._db.broken:
            self._install(*self._connect())
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

    def _reconnect_in_background(self) -> None:
        """Connects again on a thread of its own: the event loop must not wait for it."""
        if self._reconnecting or self._closed.is_set():
            return
        self._reconnecting = True
        threading.Thread(
            target=self._reconnect, name="connect-emulator-db-reconnect", daemon=True
        ).start()

    def _reconnect(self) -> None:
        try:
            while not self._closed.is_set():
                try:
                    connected = self._connect()
                except StorageUnavailable as error:
                    self._outage.failed(error)
                    self._closed.wait(_RECONNECT_PERIOD)
                    continue
                with self._lock:
                    if self._closed.is_set():
                        with suppress(psycopg.Error):
                            connected[0].close()
                        connected[1].close()
                        return
                    self._install(*connected)
                LOG.info("reconnected to %s", describe_url(self._url))
                return
        finally:
            self._reconnecting = False

    def _unavailable(self, error: BaseException, *, cut: bool = False) -> StorageUnavailable:
        """``error`` as the outage it is: counted, logged by ``_Outage``, and raised.
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
        if self._reconnecting:
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
                self._reconnect_in_background()
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
                    self._reconnect_in_background()
                raise self._unavailable(again, cut=cut) from again
        return db

    def _reconnect_now(self) -> psycopg.Connection[Any]:
        """A new connection, made on the caller's thread: cheap when the server refuses it
        (a restart); one that took long hands the next attempts to a thread."""
        started = time.monotonic()
        try:
            self._install(*self._connect())
        except StorageUnavailable as error:
            if time.monotonic() - started > _SLOW_CONNECT:
                self._reconnect_in_background()
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
                        self._reconnect_in_background()
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
                            self._reconnect_in_background()
                    if self._is_outage(db, error):
                        raise self._unavailable(error, cut=cut) from error
                    raise
            finally:
                self._watchdog.disarm()
        if self._outage.since is not None:
            self._outage.recovered()

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


def _connect_options(url: str) -> dict[str, str]:
    """``TIMEOUT_DEFAULTS`` and ``SESSION_DEFAULTS`` under what the URL says itself."""
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return {}  # connecting says what is wrong with it
    options = {k: v for k, v in TIMEOUT_DEFAULTS.items() if k not in given}
    options["options"] = f"{SESSION_DEFAULTS} {given.get('options') or ''}".strip()
    return options
