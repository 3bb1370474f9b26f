"""Every store's batch (``open_batch``) keeps the gateway's ``WriteBatch`` interface.

What the dispatcher relies on, whichever backend: a write inside the batch is either waiting
for the commit (``uncommitted``, SQLite) or visible to everyone already (PostgreSQL, whose
batch groups nothing); after ``commit`` every write is visible to another connection; after
``abort`` none that waited is kept; a write transaction that fails keeps nothing of its own,
and the batch goes on; the store goes on after the batch, outside any batch.
"""

from __future__ import annotations

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.ports import Store
from connect_emulator.gateway.batching import WriteBatch
from connect_emulator.storage.opening import ServerStore
from connect_emulator.storage.postgres import PostgresStore
from connect_emulator.storage.sqlite import SqliteStore
from tests.contract.conftest import REAL, Backend
from tests.contract.helpers import instance

# Batches are the server's: the real stores have them, the domain's fake does not.
pytestmark = pytest.mark.parametrize("backend", REAL, indirect=True)


class Refused(Exception):
    pass


def ids_seen(store: Store) -> set[str]:
    with store.transaction(write=False) as tx:
        return {
            found.id
            for number in range(1, 6)
            if (found := tx.instance_by_id(instance(number).id)) is not None
        }


def other_store(backend: Backend, store: Store) -> Store:
    """Another connection to the same data (a restarted server), opened before any batch;
    in memory there is only the one."""
    return backend.open() if backend.shared else store


def insert(store: Store, *numbers: int) -> None:
    with store.transaction() as tx:
        for number in numbers:
            tx.insert_instance(instance(number))


def insert_then_raise(store: Store, number: int) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(number))
        raise Refused


def open_batch(store: Store) -> WriteBatch:
    assert isinstance(store, SqliteStore | PostgresStore)
    server_store: ServerStore = store
    # What the server hands the dispatcher; the type checker holds it to the gateway's protocol.
    return server_store.open_batch()


def test_what_a_batch_writes_is_visible_once_committed(backend: Backend, store: Store) -> None:
    other = other_store(backend, store)
    batch = open_batch(store)
    insert(store, 1)
    insert(store, 2)
    # SQLite groups the writes; PostgreSQL groups nothing, for the lock order across processes.
    assert batch.uncommitted == (backend.kind != "postgres")
    if batch.uncommitted:
        if backend.shared:
            assert ids_seen(other) == set()  # no answer may leave before the commit
    else:
        assert ids_seen(other) == {instance(1).id, instance(2).id}  # committed one by one
    batch.commit()
    assert ids_seen(other) == {instance(1).id, instance(2).id}


def test_a_batch_without_writes_has_nothing_uncommitted(store: Store) -> None:
    batch = open_batch(store)
    assert ids_seen(store) == set()
    assert not batch.uncommitted  # the dispatcher answers such a batch at the end of the turn
    batch.commit()


def test_an_aborted_batch_keeps_only_what_had_committed(backend: Backend, store: Store) -> None:
    other = other_store(backend, store)
    batch = open_batch(store)
    insert(store, 1)
    waited = batch.uncommitted
    batch.abort()
    assert ids_seen(other) == (set() if waited else {instance(1).id})


def test_a_failing_transaction_in_a_batch_keeps_nothing_of_its_own(
    backend: Backend, store: Store
) -> None:
    other = other_store(backend, store)
    batch = open_batch(store)
    insert(store, 1)
    with pytest.raises(Refused):
        insert_then_raise(store, 2)
    with pytest.raises(StoreConflict):
        insert(store, 3, 1)  # the same id again: refused by the database
    insert(store, 4)
    batch.commit()
    assert ids_seen(other) == {instance(1).id, instance(4).id}


def test_the_store_goes_on_after_a_batch(backend: Backend, store: Store) -> None:
    other = other_store(backend, store)
    first = open_batch(store)
    insert(store, 1)
    first.commit()
    insert(store, 2)  # outside any batch: commits by itself
    assert ids_seen(other) == {instance(1).id, instance(2).id}
    second = open_batch(store)
    insert(store, 3)
    second.commit()
    assert ids_seen(other) == {instance(n).id for n in (1, 2, 3)}
