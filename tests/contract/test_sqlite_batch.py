"""SQLite group commit (``SqliteStore.open_batch``): many transactions, one commit, each on
its own.

The gateway answers a batch of requests inside one open batch and acknowledges none before its
``commit`` returns; these tests hold the store to what that relies on (``test_batch_contract.py``
holds every backend to the interface).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.storage.sqlite import SqliteStore
from tests.contract.helpers import instance


class Refused(Exception):
    pass


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state.db"


def ids_in(path: Path) -> set[str]:
    """What another connection (a restarted server) finds in the file."""
    other = SqliteStore(path)
    try:
        with other.transaction(write=False) as tx:
            return {
                found.id
                for number in range(1, 6)
                if (found := tx.instance_by_id(instance(number).id)) is not None
            }
    finally:
        other.close()


def insert_then_raise(store: SqliteStore, number: int) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(number))
        raise Refused


def insert_twice(store: SqliteStore, first: int, second: int) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(first))
        tx.insert_instance(instance(second))


def test_a_batch_commits_once_and_nothing_is_visible_outside_before(path: Path) -> None:
    store = SqliteStore(path)
    batch = store.open_batch()
    for number in (1, 2, 3):
        with store.transaction() as tx:
            tx.insert_instance(instance(number))
    assert batch.uncommitted
    assert ids_in(path) == set()  # not committed yet: no answer may leave before this
    batch.commit()
    assert ids_in(path) == {instance(n).id for n in (1, 2, 3)}
    store.close()


def test_a_failing_transaction_rolls_back_alone(path: Path) -> None:
    store = SqliteStore(path)
    batch = store.open_batch()
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
    with pytest.raises(Refused):
        insert_then_raise(store, 2)
    with pytest.raises(StoreConflict):
        insert_twice(store, 3, 1)  # the same id again: refused by the database
    with store.transaction() as tx:
        tx.insert_instance(instance(4))
    batch.commit()
    assert ids_in(path) == {instance(1).id, instance(4).id}
    store.close()


def test_an_aborted_batch_keeps_nothing(path: Path) -> None:
    store = SqliteStore(path)
    batch = store.open_batch()
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
    batch.abort()
    assert ids_in(path) == set()
    with store.transaction() as tx:  # and the store goes on, outside any batch
        tx.insert_instance(instance(5))
    assert ids_in(path) == {instance(5).id}
    store.close()


def test_a_failed_commit_keeps_nothing_and_ends_the_batch(path: Path) -> None:
    store = SqliteStore(path)
    # A deferred foreign key is checked at COMMIT: a way to make SQLite's commit fail.
    store._db.execute("PRAGMA foreign_keys = ON")
    store._db.execute("CREATE TEMP TABLE parent (id TEXT PRIMARY KEY)")
    store._db.execute(
        "CREATE TEMP TABLE child (id TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
    )
    batch = store.open_batch()
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
    store._db.execute("INSERT INTO child VALUES ('missing')")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        batch.commit()
    assert not store._db.in_transaction
    assert ids_in(path) == set()
    store.open_batch().commit()  # the store's lock went with it: a batch opens again
    store.close()


def test_one_batch_at_a_time(path: Path) -> None:
    store = SqliteStore(path)
    batch = store.open_batch()
    with pytest.raises(RuntimeError, match="open already"):
        store.open_batch()
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
    batch.commit()
    with pytest.raises(RuntimeError, match="ended already"):
        batch.commit()
    assert ids_in(path) == {instance(1).id}
    store.close()


def test_a_batch_keeps_other_threads_out_until_it_ends(path: Path) -> None:
    store = SqliteStore(path)
    batch = store.open_batch()
    written = threading.Event()

    def write() -> None:
        with store.transaction() as tx:  # waits for the store's lock
            tx.insert_instance(instance(2))
        written.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert not written.wait(0.2)  # it would otherwise have joined a batch it cannot see end
    batch.abort()
    writer.join(5)
    assert written.is_set()
    assert ids_in(path) == {instance(2).id}
    store.close()


def test_a_read_only_batch_opens_no_transaction() -> None:
    store = SqliteStore(None)
    batch = store.open_batch()
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(1).id) is None
    assert not batch.uncommitted  # the dispatcher answers such a batch at once
    assert not store._db.in_transaction  # what another reader would wait on
    batch.commit()
    store.close()
