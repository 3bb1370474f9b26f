"""The in-memory store's own strictness, beyond the storage contract it shares with the real
stores (tests/contract runs it there): where the real stores differ, a domain mistake that one
of them would let through fails here."""

from __future__ import annotations

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.ports import JobKind
from tests.contract.helpers import ACCOUNT, REGION, instance
from tests.support.memory_store import MemoryStore


def test_a_read_transaction_refuses_writes(store: MemoryStore) -> None:
    # PostgreSQL's are READ ONLY; SQLite's would commit the write by itself.
    with store.transaction(write=False) as tx, pytest.raises(RuntimeError, match="read"):
        tx.schedule(JobKind.PROVISION, "i-1", 1.0)


def test_a_transaction_that_hit_a_conflict_refuses_the_rest_and_keeps_nothing(
    store: MemoryStore,
) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))

    def carry_on_after_a_conflict() -> None:
        with store.transaction() as tx:
            tx.insert_instance(instance(2))
            with pytest.raises(StoreConflict):
                tx.insert_instance(instance(3, alias=instance(1).alias))
            with pytest.raises(RuntimeError, match="conflict"):
                tx.instance_by_id(instance(2).id)

    # Swallowing the conflict does not make the transaction commit (PostgreSQL's is aborted).
    with pytest.raises(RuntimeError, match="cannot commit"):
        carry_on_after_a_conflict()
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(2).id) is None


def test_a_write_inside_a_write_is_refused_and_a_read_inside_sees_it(store: MemoryStore) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        with store.transaction(write=False) as inner:
            assert inner.instance_by_id(instance(1).id) is not None
        with pytest.raises(RuntimeError, match="inside another"), store.transaction():
            pass


def test_a_transaction_ends_with_its_block(store: MemoryStore) -> None:
    with store.transaction() as tx:
        pass
    with pytest.raises(RuntimeError, match="ended"):
        tx.get_setting("k")


def test_what_a_reader_gets_is_its_own_copy(store: MemoryStore) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1, tags={"k": "v"}))
    with store.transaction(write=False) as tx:
        found = tx.get_instance(ACCOUNT, REGION, instance(1).id)
        assert found is not None
        found.tags["k"] = "changed"
        again = tx.get_instance(ACCOUNT, REGION, instance(1).id)
        assert again is not None
        assert again.tags == {"k": "v"}
