"""The storage contract, transactions: all or nothing, conflicts, tokens and account locks."""

from __future__ import annotations

import threading
import time

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.ports import IdempotencyRecord, JobKind, Store
from tests.contract.conftest import Backend
from tests.contract.helpers import ACCOUNT, OTHER_ACCOUNT, OTHER_REGION, REGION, instance

TOKEN = IdempotencyRecord(ACCOUNT, REGION, "CreateInstance", "token-1", "fp", "id-1", 12.5)


class Refused(Exception):
    pass


def test_a_transaction_that_raises_leaves_nothing_behind(store: Store) -> None:
    def write_then_refuse() -> None:
        with store.transaction() as tx:
            tx.insert_instance(instance(1))
            tx.schedule(JobKind.PROVISION, instance(1).id, 1.0)
            tx.put_setting("k", "v")
            raise Refused

    with pytest.raises(Refused):
        write_then_refuse()
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(1).id) is None
        assert tx.next_due_at() is None
        assert tx.get_setting("k") is None


def test_tokens_are_kept_per_account_region_and_operation(store: Store) -> None:
    with store.transaction() as tx:
        assert tx.get_idempotency(ACCOUNT, REGION, "CreateInstance", "token-1") is None
        tx.put_idempotency(TOKEN)
    with store.transaction(write=False) as tx:
        assert tx.get_idempotency(ACCOUNT, REGION, "CreateInstance", "token-1") == TOKEN
        assert tx.get_idempotency(ACCOUNT, REGION, "DeleteInstance", "token-1") is None
        assert tx.get_idempotency(OTHER_ACCOUNT, REGION, "CreateInstance", "token-1") is None
        assert tx.get_idempotency(ACCOUNT, OTHER_REGION, "CreateInstance", "token-1") is None


def test_a_token_stored_twice_is_a_conflict_and_the_store_goes_on(store: Store) -> None:
    with store.transaction() as tx:
        tx.put_idempotency(TOKEN)

    def create_with_the_same_token() -> None:
        with store.transaction() as tx:
            tx.insert_instance(instance(1))
            tx.put_idempotency(TOKEN)

    with pytest.raises(StoreConflict) as raised:
        create_with_the_same_token()
    assert raised.value.key == "token"
    # The use case retries on a fresh transaction: nothing of the failed one, and it works
    # (PostgreSQL refuses every statement of a transaction after a failed one).
    with store.transaction() as tx:
        assert tx.instance_by_id(instance(1).id) is None
        tx.insert_instance(instance(1))
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(1).id) is not None


def test_a_read_transaction_sees_what_committed_before_it(backend: Backend) -> None:
    writer, reader = backend.open(), backend.open()
    with writer.transaction() as tx:
        tx.put_setting("k", "1")
    with reader.transaction(write=False) as tx:
        assert tx.get_setting("k") == "1"


def test_the_account_lock_holds_off_the_next_writer_until_commit(backend: Backend) -> None:
    first, second = backend.open(), backend.open()
    entered = threading.Event()
    order: list[str] = []

    def other_process() -> None:
        entered.wait(5)
        with second.transaction() as tx:
            tx.lock_account(ACCOUNT, REGION)
            order.append(f"second saw {tx.count_live_instances(ACCOUNT, REGION)}")

    thread = threading.Thread(target=other_process)
    thread.start()
    with first.transaction() as tx:
        tx.lock_account(ACCOUNT, REGION)
        entered.set()
        time.sleep(0.3)
        tx.insert_instance(instance(1))
        order.append("first committed")
    thread.join(10)
    # Whatever the backend, the second counted after the first's insert was committed.
    assert order == ["first committed", "second saw 1"]


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_other_accounts_are_not_held_off(backend: Backend) -> None:
    """Only PostgreSQL lets writers of different accounts run side by side."""
    first, second = backend.open(), backend.open()
    with first.transaction() as tx:
        tx.lock_account(ACCOUNT, REGION)
        started = time.monotonic()
        with second.transaction() as other:
            other.lock_account(OTHER_ACCOUNT, REGION)
            other.lock_account(ACCOUNT, OTHER_REGION)
        assert time.monotonic() - started < 1
