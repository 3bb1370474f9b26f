"""The storage contract, lifecycle jobs: scheduling, claiming in order, finishing, waiting."""

from __future__ import annotations

import threading

from connect_emulator.domain.model import InstanceStatus
from connect_emulator.domain.ports import NEVER, JobKind, Store
from tests.contract.conftest import Backend
from tests.contract.helpers import alias_taken, instance


def _with_instances(store: Store, *numbers: int) -> None:
    with store.transaction() as tx:
        for number in numbers:
            tx.insert_instance(instance(number))


def test_due_jobs_are_claimed_in_due_order_up_to_the_limit(store: Store) -> None:
    _with_instances(store, 1, 2, 3, 4)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, 30.0)
        tx.schedule(JobKind.PROVISION, instance(2).id, 10.0, "Planned failure")
        tx.schedule(JobKind.REMOVE, instance(3).id, 10.0)
        tx.schedule(JobKind.PROVISION, instance(4).id, 50.0)
    with store.transaction() as tx:
        jobs = tx.claim_due_jobs(40.0, 2)
    assert [(job.instance_id, job.kind, job.due_at) for job in jobs] == [
        (instance(2).id, JobKind.PROVISION, 10.0),
        (instance(3).id, JobKind.REMOVE, 10.0),
    ]
    assert jobs[0].failure_reason == "Planned failure"
    assert jobs[1].failure_reason is None
    # Ties on due_at go in scheduling order.
    assert jobs[0].id < jobs[1].id
    with store.transaction() as tx:
        assert [job.instance_id for job in tx.claim_due_jobs(40.0, 10)] == [
            instance(2).id,
            instance(3).id,
            instance(1).id,
        ]


def test_a_finished_job_is_gone_and_an_unfinished_one_stays_due(store: Store) -> None:
    _with_instances(store, 1, 2)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, 1.0)
        tx.schedule(JobKind.PROVISION, instance(2).id, 1.0)
    with store.transaction() as tx:
        claimed = tx.claim_due_jobs(5.0, 10)
        tx.finish_jobs([claimed[0].id])
    with store.transaction() as tx:
        assert [job.id for job in tx.claim_due_jobs(5.0, 10)] == [claimed[1].id]


def test_a_job_of_a_vanished_instance_is_still_claimed(store: Store) -> None:
    with store.transaction() as tx:
        tx.schedule(JobKind.REMOVE, "vanished", 1.0)
    with store.transaction() as tx:
        jobs = tx.claim_due_jobs(5.0, 10)
    assert [(job.instance_id, job.kind) for job in jobs] == [("vanished", JobKind.REMOVE)]


def test_jobs_waiting_for_a_person_are_never_due(store: Store) -> None:
    _with_instances(store, 1, 2)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, NEVER)
        assert tx.next_due_at() is None
        assert tx.claim_due_jobs(1e300, 10) == []
        tx.schedule(JobKind.PROVISION, instance(2).id, 42.5)
        assert tx.next_due_at() == 42.5
    with store.transaction() as tx:
        assert [job.instance_id for job in tx.claim_due_jobs(42.5, 10)] == [instance(2).id]


def test_manual_jobs_keep_infinity_until_released(store: Store) -> None:
    _with_instances(store, 1, 2)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, NEVER)
        tx.schedule(JobKind.REMOVE, instance(2).id, NEVER)
        claimed = tx.claim_due_jobs(NEVER, 10)
        assert [job.due_at for job in claimed] == [NEVER, NEVER]
    # Released (Lifecycle.release): the waiting job goes, its instance's other kinds stay.
    with store.transaction() as tx:
        tx.cancel_jobs(instance(1).id, JobKind.PROVISION)
        tx.cancel_jobs(instance(2).id, JobKind.PROVISION)
        assert [job.instance_id for job in tx.claim_due_jobs(NEVER, 10)] == [instance(2).id]
        assert tx.next_due_at() is None


def test_cancelling_removes_only_the_jobs_of_that_kind(store: Store) -> None:
    _with_instances(store, 1, 2)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, 1.0)
        tx.schedule(JobKind.REMOVE, instance(1).id, 2.0)
        tx.schedule(JobKind.PROVISION, instance(2).id, 3.0)
        tx.cancel_jobs(instance(1).id, JobKind.PROVISION)
    with store.transaction() as tx:
        jobs = tx.claim_due_jobs(10.0, 10)
    assert [(job.instance_id, job.kind) for job in jobs] == [
        (instance(1).id, JobKind.REMOVE),
        (instance(2).id, JobKind.PROVISION),
    ]


def test_concurrent_workers_never_run_one_job_twice(backend: Backend) -> None:
    """Two workers (processes, on the shared backends) claim at once: each job runs once."""
    first, second = backend.open(), backend.open()
    _with_instances(first, *range(1, 7))
    with first.transaction() as tx:
        for number in range(1, 7):
            tx.schedule(JobKind.PROVISION, instance(number).id, float(number))
    holding = threading.Event()
    second_claimed: list[str] = []

    def other_worker() -> None:
        holding.wait(5)
        with second.transaction() as tx:
            jobs = tx.claim_due_jobs(100.0, 10)
            for job in jobs:
                tx.finish_jobs([job.id])
            second_claimed.extend(job.instance_id for job in jobs)

    thread = threading.Thread(target=other_worker)
    thread.start()
    with first.transaction() as tx:
        jobs = tx.claim_due_jobs(100.0, 3)
        holding.set()
        # PostgreSQL: the other worker skips these three meanwhile. SQLite: it waits.
        thread.join(0.3)
        for job in jobs:
            tx.finish_jobs([job.id])
    thread.join(10)
    mine = [job.instance_id for job in jobs]
    assert mine == [instance(n).id for n in (1, 2, 3)]
    assert sorted(second_claimed) == [instance(n).id for n in (4, 5, 6)]
    with first.transaction() as tx:
        assert tx.claim_due_jobs(100.0, 10) == []


def test_a_claim_that_is_rolled_back_leaves_the_job_due(store: Store) -> None:
    _with_instances(store, 1)
    with store.transaction() as tx:
        tx.schedule(JobKind.PROVISION, instance(1).id, 1.0)

    class WorkerDied(Exception):
        pass

    try:
        with store.transaction() as tx:
            (job,) = tx.claim_due_jobs(5.0, 10)
            tx.finish_jobs([job.id])
            raise WorkerDied
    except WorkerDied:
        pass
    with store.transaction() as tx:
        assert [found.id for found in tx.claim_due_jobs(5.0, 10)] == [job.id]


def test_jobs_are_finished_many_at_once(store: Store) -> None:
    _with_instances(store, 1, 2, 3)
    with store.transaction() as tx:
        for number in (1, 2, 3):
            tx.schedule(JobKind.PROVISION, instance(number).id, 1.0)
    with store.transaction() as tx:
        claimed = tx.claim_due_jobs(5.0, 10)
        tx.finish_jobs([claimed[0].id, claimed[2].id])
        tx.finish_jobs([])
    with store.transaction() as tx:
        assert [job.id for job in tx.claim_due_jobs(5.0, 10)] == [claimed[1].id]


def test_ready_instances_are_activated_many_at_once_and_only_those(store: Store) -> None:
    ready, with_directory, deleting, active = (
        instance(1),
        instance(2, directory_id="d-1234567890"),
        instance(3),
        instance(4, status=InstanceStatus.ACTIVE),
    )
    failed = instance(5, status=InstanceStatus.CREATION_FAILED, status_reason="no")
    with store.transaction() as tx:
        for item in (ready, with_directory, deleting, active, failed):
            tx.insert_instance(item)
        tx.mark_deleting(deleting.id)
    everyone = [ready.id, with_directory.id, deleting.id, active.id, failed.id, "vanished"]
    with store.transaction() as tx:
        assert tx.activate_ready(everyone) == [ready.id]
        assert tx.activate_ready([]) == []
    with store.transaction(write=False) as tx:
        found = {item.id: tx.instance_by_id(item.id) for item in (ready, with_directory)}
        statuses = {i: (None if row is None else row.status) for i, row in found.items()}
        assert statuses == {
            ready.id: InstanceStatus.ACTIVE,
            with_directory.id: InstanceStatus.CREATION_IN_PROGRESS,
        }
        for item in (deleting, failed):
            row = tx.instance_by_id(item.id)
            assert row is not None
            assert row.status is item.status
        assert alias_taken(tx, ready.alias)  # an ACTIVE instance keeps its alias


def test_a_resource_step_names_its_resource_and_can_be_moved_or_cancelled(
    store: Store,
) -> None:
    _with_instances(store, 1)
    with store.transaction() as tx:
        tx.schedule(
            JobKind.ADVANCE, instance(1).id, NEVER, None, family="vocabulary", resource_id="v1"
        )
        tx.schedule(
            JobKind.ADVANCE, instance(1).id, NEVER, None, family="vocabulary", resource_id="v2"
        )
        assert tx.claim_due_jobs(100.0, 10) == []
        assert tx.reschedule_resource("vocabulary", "v1", 50.0, "No room")
        assert not tx.reschedule_resource("vocabulary", "absent", 50.0, None)
        tx.cancel_resource_jobs("vocabulary", "v2")
    with store.transaction() as tx:
        [job] = tx.claim_due_jobs(100.0, 10)
    assert (job.kind, job.family, job.resource_id, job.due_at) == (
        JobKind.ADVANCE,
        "vocabulary",
        "v1",
        50.0,
    )
    assert job.failure_reason == "No room"
    assert job.instance_id == instance(1).id


def test_failure_rules_name_their_family(store: Store) -> None:
    with store.transaction() as tx:
        tx.add_failure_rule(1, None, "ci-*", "for instances")
        tx.add_failure_rule(2, "111111111111", "+1555*", "for numbers", "phone_number")
    with store.transaction(write=False) as tx:
        rules = tx.failure_rules()
    assert [(r.family, r.alias_pattern, r.remaining) for r in rules] == [
        (None, "ci-*", 1),
        ("phone_number", "+1555*", 2),
    ]


def test_defaults_due_are_marked_many_at_once_and_cleared_one_by_one(store: Store) -> None:
    first, second, other = (instance(n, status=InstanceStatus.ACTIVE) for n in (1, 2, 3))
    with store.transaction() as tx:
        for item in (first, second, other):
            tx.insert_instance(item)
    with store.transaction(write=False) as tx:
        assert [tx.instance_by_id(i.id).defaults_due for i in (first, other)] == [None, None]  # type: ignore[union-attr]
    with store.transaction() as tx:
        tx.set_defaults_due([first.id, second.id], 1234.5)
        tx.set_defaults_due([], 99.0)
    with store.transaction() as tx:
        tx.set_defaults_due([second.id], None)
    with store.transaction(write=False) as tx:
        due = {i.id: tx.get_instance(i.account, i.region, i.id) for i in (first, second, other)}
        assert {i: (None if row is None else row.defaults_due) for i, row in due.items()} == {
            first.id: 1234.5,
            second.id: None,
            other.id: None,
        }
