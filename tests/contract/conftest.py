"""One storage contract, three backends: SQLite in a file, SQLite in memory, PostgreSQL.

Each test gets an empty store. ``backend.open()`` gives another store on the same data (a
second connection, as a second server process would have), except in memory, where there
is only the one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from connect_emulator.storage.opening import ServerStore
from connect_emulator.storage.postgres import PostgresStore
from connect_emulator.storage.sqlite import SqliteStore
from tests.support.postgres import empty_tables, require_server

DIALECTS = [
    "sqlite-file",
    "sqlite-memory",
    pytest.param("postgres", marks=pytest.mark.postgres),
]


class Backend:
    def __init__(self, kind: str, opener: Callable[[], ServerStore]) -> None:
        self.kind = kind
        self._opener = opener
        self._opened: list[ServerStore] = []

    @property
    def shared(self) -> bool:
        """Whether a second store is a second connection (not the same in-memory one)."""
        return self.kind != "sqlite-memory"

    def open(self) -> ServerStore:
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


@pytest.fixture(params=DIALECTS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    kind: str = request.param
    if kind == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        empty_tables(url)
        made = Backend(kind, lambda: PostgresStore(url))
    elif kind == "sqlite-file":
        path = tmp_path / "state.sqlite3"
        made = Backend(kind, lambda: SqliteStore(path))
    else:
        memory = SqliteStore(None)
        made = Backend(kind, lambda: memory)
    yield made
    made.close()


@pytest.fixture
def store(backend: Backend) -> ServerStore:
    return backend.open()
