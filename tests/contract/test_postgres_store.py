"""What only PostgreSQL has to prove: connections that break or die, leases, row locks.

A server process killed mid-transaction looks, to PostgreSQL, like a connection that dropped:
here the test ends the connection itself (``pg_terminate_backend``), which the server treats
the same way, and checks that another process takes over at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.ports import Job, JobKind
from connect_emulator.storage.errors import StorageUnavailable
from connect_emulator.storage.postgres import PostgresStore
from tests.contract.helpers import ACCOUNT, REGION, instance
from tests.support.postgres import empty_tables

pytestmark = pytest.mark.postgres


@pytest.fixture
def stores(postgres_url: str) -> Iterator[list[PostgresStore]]:
    empty_tables(postgres_url)
    opened = [PostgresStore(postgres_url) for _ in range(2)]
    yield opened
    for store in opened:
        store.close()


def _end_sessions_in_transaction(url: str) -> int:
    """Ends every emulator connection caught inside a transaction: a crash, as the DB sees it."""
    with psycopg.connect(url, autocommit=True) as db:
        ended = db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'connect-emulator' "
            "AND state = 'idle in transaction'"
        ).fetchall()
    return len(ended)


def _schedule(store: PostgresStore, *numbers: int) -> None:
    with store.transaction() as tx:
        for number in numbers:
            tx.insert_instance(instance(number))
            tx.schedule(JobKind.PROVISION, instance(number).id, 1.0)


def test_a_dead_connection_is_replaced_at_the_next_transaction(
    stores: list[PostgresStore], postgres_url: str
) -> None:
    store = stores[0]
    _schedule(store, 1)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'connect-emulator'"
        )
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(1).id) is not None


def test_jobs_of_a_connection_that_died_mid_claim_go_to_another_process(
    stores: list[PostgresStore], postgres_url: str
) -> None:
    dying, survivor = stores
    _schedule(dying, 1, 2)
    claimed: list[Job] = []

    def claim_then_die() -> None:
        with dying.transaction() as tx:
            claimed.extend(tx.claim_due_jobs(5.0, 10))
            assert len(claimed) == 2
            with survivor.transaction() as other:
                assert other.claim_due_jobs(5.0, 10) == []  # held, so skipped
            assert _end_sessions_in_transaction(postgres_url) == 1
            tx.finish_jobs([claimed[0].id])  # the "process" is gone: this never reaches the DB

    with pytest.raises(psycopg.OperationalError):
        claim_then_die()
    with survivor.transaction() as other:
        assert [job.id for job in other.claim_due_jobs(5.0, 10)] == [job.id for job in claimed]
    # And the store that lost its connection works again.
    with dying.transaction(write=False) as tx:
        assert tx.next_due_at() == 1.0


def test_a_frozen_process_loses_its_claim_when_the_lease_runs_out(postgres_url: str) -> None:
    frozen = PostgresStore(postgres_url, lease_seconds=0.5)
    other = PostgresStore(postgres_url)
    try:
        with other.transaction() as tx:
            tx.reset(None)
        _schedule(other, 1)

        def claim_then_freeze() -> None:
            with frozen.transaction() as tx:
                assert len(tx.claim_due_jobs(5.0, 10)) == 1
                time.sleep(1.2)  # longer than the lease, without a word to the database
                with other.transaction() as tx2:
                    taken = tx2.claim_due_jobs(5.0, 10)
                    assert [job.instance_id for job in taken] == [instance(1).id]
                tx.claim_due_jobs(5.0, 10)

        # The server ended the session: IdleInTransactionSessionTimeout on the next statement.
        with pytest.raises(psycopg.Error):
            claim_then_freeze()
        with frozen.transaction(write=False) as tx:
            assert tx.next_due_at() == 1.0
    finally:
        frozen.close()
        other.close()


def test_a_worker_skips_a_job_whose_instance_a_client_is_changing(
    stores: list[PostgresStore],
) -> None:
    client, worker = stores
    _schedule(client, 1, 2)
    with client.transaction() as tx:
        assert tx.get_instance(ACCOUNT, REGION, instance(1).id) is not None  # now locked
        started = time.monotonic()
        with worker.transaction() as wtx:
            assert [job.instance_id for job in wtx.claim_due_jobs(5.0, 10)] == [instance(2).id]
        assert time.monotonic() - started < 1
    with worker.transaction() as wtx:
        assert [job.instance_id for job in wtx.claim_due_jobs(5.0, 10)] == [
            instance(1).id,
            instance(2).id,
        ]


def test_a_deadlock_is_a_conflict_the_use_case_retries(stores: list[PostgresStore]) -> None:
    first, second = stores
    _schedule(first, 1, 2)
    both_locked = threading.Barrier(2)
    outcomes: list[str] = []

    def cross(store: PostgresStore, mine: int, theirs: int) -> None:
        try:
            with store.transaction() as tx:
                tx.instance_by_id(instance(mine).id)
                both_locked.wait(5)
                tx.instance_by_id(instance(theirs).id)
            outcomes.append("committed")
        except StoreConflict as conflict:
            outcomes.append(conflict.key)

    threads = [
        threading.Thread(target=cross, args=(first, 1, 2)),
        threading.Thread(target=cross, args=(second, 2, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(outcomes) == ["committed", "retry"]


def test_one_starting_process_at_a_time(stores: list[PostgresStore]) -> None:
    first, second = stores
    order: list[str] = []

    def other_start() -> None:
        with second.exclusive():
            order.append("second")

    with first.exclusive():
        thread = threading.Thread(target=other_start)
        thread.start()
        thread.join(0.3)
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]


def test_an_unreachable_database_is_said_in_one_line() -> None:
    with pytest.raises(
        StorageUnavailable, match=r"cannot connect to PostgreSQL .* on 127\.0\.0\.1:1"
    ):
        PostgresStore("postgresql://nobody@127.0.0.1:1/nothing", connect_timeout=2)
