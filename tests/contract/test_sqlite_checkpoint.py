"""WAL checkpoints run beside the server's connection, not inside a client's commit."""

from __future__ import annotations

import time
from pathlib import Path

from connect_emulator.storage.sqlite import SqliteStore
from tests.contract.helpers import instance


def test_commits_never_checkpoint_and_the_checkpointer_keeps_the_file_current(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    store = SqliteStore(path)
    try:
        assert store._db.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
        before = path.stat().st_size
        with store.transaction() as tx:
            for number in range(2000):  # well past SQLite's own 1,000-page trigger
                tx.insert_instance(instance(number, tags={"k": "v" * 200}))
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 1_000_000
        deadline = time.monotonic() + 10
        while path.stat().st_size <= before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert path.stat().st_size > before  # the pages reached the database file
    finally:
        store.close()
    reopened = SqliteStore(path)
    try:
        with reopened.transaction(write=False) as tx:
            assert tx.instance_by_id(instance(1999).id) is not None
    finally:
        reopened.close()


def test_closing_the_store_stops_its_checkpointer(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "state.db")
    thread = store._checkpointer._thread if store._checkpointer is not None else None
    assert thread is not None
    assert thread.is_alive()
    store.close()
    assert not thread.is_alive()


def test_a_store_in_memory_has_no_checkpointer() -> None:
    store = SqliteStore(None)
    assert store._checkpointer is None
    store.close()
