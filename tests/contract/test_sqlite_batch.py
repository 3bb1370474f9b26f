"""SQLite group commit (``SqliteStore.batch``): many transactions, one commit, each on its own.

The gateway answers a batch of requests inside one ``batch()`` and acknowledges none before it
returns; these tests hold the store to what that relies on.
"""

from __future__ import annotations

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


def batch_then_raise(store: SqliteStore, number: int) -> None:
    with store.batch():
        with store.transaction() as tx:
            tx.insert_instance(instance(number))
        raise Refused


def test_a_batch_commits_once_and_nothing_is_visible_outside_before(path: Path) -> None:
    store = SqliteStore(path)
    with store.batch() as state:
        for number in (1, 2, 3):
            with store.transaction() as tx:
                tx.insert_instance(instance(number))
        assert state.uncommitted
        assert ids_in(path) == set()  # not committed yet: no answer may leave before this
    assert ids_in(path) == {instance(n).id for n in (1, 2, 3)}
    store.close()


def test_a_failing_transaction_rolls_back_alone(path: Path) -> None:
    store = SqliteStore(path)
    with store.batch():
        with store.transaction() as tx:
            tx.insert_instance(instance(1))
        with pytest.raises(Refused):
            insert_then_raise(store, 2)
        with pytest.raises(StoreConflict):
            insert_twice(store, 3, 1)  # the same id again: refused by the database
        with store.transaction() as tx:
            tx.insert_instance(instance(4))
    assert ids_in(path) == {instance(1).id, instance(4).id}
    store.close()


def test_a_batch_that_fails_keeps_nothing(path: Path) -> None:
    store = SqliteStore(path)
    with pytest.raises(Refused):
        batch_then_raise(store, 1)
    assert ids_in(path) == set()
    with store.transaction() as tx:  # and the store goes on, outside any batch
        tx.insert_instance(instance(5))
    assert ids_in(path) == {instance(5).id}
    store.close()


def test_a_batch_inside_a_batch_is_part_of_it(path: Path) -> None:
    store = SqliteStore(path)
    with store.batch():
        with store.batch(), store.transaction() as tx:
            tx.insert_instance(instance(1))
        assert ids_in(path) == set()
    assert ids_in(path) == {instance(1).id}
    store.close()


def test_a_read_only_batch_opens_no_transaction() -> None:
    store = SqliteStore(None)
    with store.batch() as state, store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(1).id) is None
        assert not state.uncommitted  # the dispatcher answers such a batch at once
    assert not store._db.in_transaction  # what another reader would wait on
    store.close()
