"""One storage contract, four backends: SQLite in a file, SQLite in memory, PostgreSQL, and the
in-memory fake the domain's unit tests run on (``tests/support/memory_store.py``), held to the
same contract so that it stays honest.

Each test gets an empty store. ``backend.open()`` gives another store on the same data (a
second connection, as a second server process would have), except in memory (SQLite's and the
fake), where there is only the one.

What only a real database has (schema and migrations, PostgreSQL's locks and connections,
SQLite's batches and checkpoints) is tested apart, on the real backends only: by tests that
open their own store, or that narrow ``backend`` to ``REAL`` (or to one of its entries) with
``@pytest.mark.parametrize("backend", ..., indirect=True)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from connect_emulator.domain.ports import Store
from connect_emulator.storage.postgres import PostgresStore
from connect_emulator.storage.sqlite import SqliteStore
from tests.support.memory_store import MemoryStore
from tests.support.postgres import empty_tables, require_server

# The real stores, which the server runs on.
REAL = [
    "sqlite-file",
    "sqlite-memory",
    pytest.param("postgres", marks=pytest.mark.postgres),
]
BACKENDS = [*REAL, "fake"]


class Backend:
    def __init__(self, kind: str, opener: Callable[[], Store]) -> None:
        self.kind = kind
        self._opener = opener
        self._opened: list[Store] = []

    @property
    def shared(self) -> bool:
        """Whether a second store is a second connection (not the same in-memory one)."""
        return self.kind not in ("sqlite-memory", "fake")

    def open(self) -> Store:
        store = self._opener()
        self._opened.append(store)
        return store

    def close(self) -> None:
        for store in self._opened:
            store.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """This run's own database, migrated once; each test empties it."""
    server = require_server()
    url = server.create_database()
    PostgresStore(url).close()
    yield url
    server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    kind: str = request.param
    if kind == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        empty_tables(url)
        made = Backend(kind, lambda: PostgresStore(url))
    elif kind == "sqlite-file":
        path = tmp_path / "state.sqlite3"
        made = Backend(kind, lambda: SqliteStore(path))
    elif kind == "sqlite-memory":
        memory = SqliteStore(None)
        made = Backend(kind, lambda: memory)
    else:
        fake = MemoryStore()
        made = Backend(kind, lambda: fake)
    yield made
    made.close()


@pytest.fixture
def store(backend: Backend) -> Store:
    return backend.open()
