"""The SQLite store: the embedded default, in a file under the data directory or in memory.

Durability: WAL journal with synchronous=NORMAL. A commit is in the WAL file before the
client hears 200, so it survives the server being killed (SIGKILL); only a crash of the whole
operating system can lose the last commits. Writers take the lock up front (BEGIN IMMEDIATE)
so a transaction never fails half-way on an upgrade from reader to writer.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from connect_emulator.storage.checkpointer import WalCheckpointer
from connect_emulator.storage.migrations import load_migrations
from connect_emulator.storage.queries import QUERIES
from connect_emulator.storage.sql_transaction import SqlTransaction

LOG = logging.getLogger(__name__)


class SqliteBatch:
    """A group commit in progress (the gateway's ``WriteBatch``), from ``SqliteStore.open_batch``
    to its ``commit`` or ``abort``: the store's lock is held all that time, so no other thread
    writes into it, and every write transaction opened meanwhile is a savepoint of one database
    transaction."""

    __slots__ = ("_db", "_store")

    def __init__(self, store: SqliteStore, db: sqlite3.Connection) -> None:
        self._store = store
        self._db = db

    @property
    def uncommitted(self) -> bool:
        """Whether a write inside the batch waits for its commit."""
        return self._db.in_transaction

    def commit(self) -> None:
        """Commits every write of the batch at once; if that fails, keeps none of them."""
        self._store._end_batch(self, keep=True)

    def abort(self) -> None:
        """Rolls back every write of the batch."""
        self._store._end_batch(self, keep=False)


class _Locked:
    """A read: the store's lock held while it runs (reentrant, so reads may nest)."""

    __slots__ = ("_lock", "_tx")

    def __init__(self, lock: threading.RLock, tx: SqlTransaction) -> None:
        self._lock = lock
        self._tx = tx

    def __enter__(self) -> SqlTransaction:
        self._lock.acquire()
        return self._tx

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


class SqliteStore:
    def __init__(self, path: Path | None, *, migrate: bool = True) -> None:
        """A store in the file ``path``, or in memory when ``path`` is None."""
        target = ":memory:" if path is None else str(path)
        self._target = "in memory" if path is None else f"at {path}"
        # One connection, used from the event loop's thread; the lock covers the rare
        # caller from another thread (tests, the in-process harness).
        self._db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()
        self._batch: SqliteBatch | None = None  # the one open, from open_batch
        self._tx = SqlTransaction(self._db, QUERIES, sqlite3.IntegrityError)
        self._read = _Locked(self._lock, self._tx)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        # Savepoints (one per request in a batch) keep their undo pages in a statement
        # journal: in memory that costs nothing, in a temporary file a write per page.
        self._db.execute("PRAGMA temp_store=MEMORY")
        self._checkpointer: WalCheckpointer | None = None
        if path is not None:
            self._db.execute("PRAGMA wal_autocheckpoint=0")
        if migrate:
            self.migrate()
        if path is not None:
            self._checkpointer = WalCheckpointer(path)
            self._checkpointer.start()

    def migrate(self) -> list[int]:
        """Applies the migrations this database lacks; returns their versions.

        Safe beside another process migrating the same file (``connect-emulator migrate`` next
        to a starting server): each migration records its version first, inside its own
        write transaction, so the loser of a race fails on that row and skips the migration.
        """
        applied: list[int] = []
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
            )
            for migration in load_migrations("sqlite"):
                if self._applied(migration.version):
                    continue
                # One script so the schema change and its record commit together.
                script = (
                    "BEGIN IMMEDIATE;\nINSERT INTO schema_migrations (version, name) "
                    f"VALUES ({migration.version}, '{migration.name}');\n{migration.sql}\n;COMMIT;"
                )
                try:
                    self._db.executescript(script)
                except sqlite3.IntegrityError:
                    self._rollback()
                    if self._applied(migration.version):
                        continue  # another process applied it meanwhile
                    raise
                except BaseException:
                    self._rollback()
                    raise
                LOG.info("applied migration %s", migration.name)
                applied.append(migration.version)
        return applied

    def _applied(self, version: int) -> bool:
        found = self._db.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,))
        return found.fetchone() is not None

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Nothing to keep out: one server owns a SQLite file (``lockfile.py``)."""
        yield

    def describe(self) -> str:
        return f"SQLite {self._target}"

    def open_batch(self) -> SqliteBatch:
        """Group commit: the write transactions opened until the batch's ``commit`` run as
        savepoints of one database transaction, committed once then. A transaction that fails
        rolls back to its savepoint alone; a failed final commit keeps none of them. Whoever
        batches must not acknowledge any of them before ``commit`` returns
        (gateway/dispatcher.py). One batch at a time: opening a second before the first ended
        is refused (from another thread, it waits for the first to end).
        """
        self._lock.acquire()
        if self._batch is not None:
            self._lock.release()
            raise RuntimeError("a batch is open already: end it before opening another")
        batch = self._batch = SqliteBatch(self, self._db)
        return batch

    def _end_batch(self, batch: SqliteBatch, *, keep: bool) -> None:
        if batch is not self._batch:
            raise RuntimeError("this batch has ended already")
        self._batch = None
        try:
            if not keep:
                self._rollback()
            elif self._db.in_transaction:
                try:
                    self._db.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
        finally:
            self._lock.release()

    def transaction(self, *, write: bool = True) -> AbstractContextManager[SqlTransaction]:
        # No BEGIN/COMMIT round-trips for reads: this process is the only writer to the file
        # (lockfile.py) and holds the only connection under this lock, so nothing can change
        # between the statements of a read. One reusable object, not a generator per read.
        return self._write() if write else self._read

    @contextmanager
    def _write(self) -> Iterator[SqlTransaction]:
        with self._lock:
            if self._batch is not None:
                with self._savepoint():
                    yield self._tx
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._tx
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("SAVEPOINT request")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK TO request")
            self._db.execute("RELEASE request")
            raise
        self._db.execute("RELEASE request")

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        with self._lock:
            self._db.close()
