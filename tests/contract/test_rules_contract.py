"""The domain's rules and their copies in SQL, held equal over every combination of the
rules' inputs (status x deleting x directory x planned failure x age), on every backend.

    the ACTIVE transition  domain/lifecycle.py awaiting_provisioning; in SQL activate_ready
    the instance quota     domain/instances.py counts_toward_quota; in SQL count_live_instances
    visibility             domain/instances.py visible; visible_only over a ListInstances page

The SQL is written from the domain's functions (storage/queries.py); these tests check that
what the statements do is what the rules say, whatever the dialect makes of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, cast

from connect_emulator.domain.clock import FakeClock
from connect_emulator.domain.instances import counts_toward_quota, visible, visible_only
from connect_emulator.domain.lifecycle import Lifecycle, awaiting_provisioning
from connect_emulator.domain.model import Directory, InstanceStatus, alias_claim
from connect_emulator.domain.policy import FAILED_RETENTION_SECONDS
from connect_emulator.domain.ports import JobKind, Store, Transaction
from connect_emulator.storage.opening import ServerStore
from tests.contract.helpers import ACCOUNT, REGION, alias_taken, instance

# An instance's directory, as provisioning sees it.
NO_DIRECTORY = "none"
USABLE = "usable"
UNUSABLE = "unusable"
UNDECLARED = "undeclared"  # open mode for it: only declared directories can fail
DIRECTORIES = (NO_DIRECTORY, USABLE, UNUSABLE, UNDECLARED)
_DIRECTORY_IDS = {
    USABLE: "d-1111111111",
    UNUSABLE: "d-2222222222",
    UNDECLARED: "d-3333333333",
}
PLANNED = (None, "Planned to fail.")


class Case(NamedTuple):
    status: InstanceStatus
    deleting: bool
    directory: str
    planned: str | None

    @property
    def failure(self) -> str | None:
        """What provisioning would fail it with: the planned failure, else its directory's."""
        if self.planned is not None:
            return self.planned
        return "Directory unreachable." if self.directory == UNUSABLE else None


CASES = [
    Case(*combination)
    for combination in itertools.product(InstanceStatus, (False, True), DIRECTORIES, PLANNED)
]


def _insert(tx: Transaction, number: int, case: Case, **changes: Any) -> str:
    directory_id = _DIRECTORY_IDS.get(case.directory)
    row = instance(
        number,
        status=case.status,
        status_reason="failed before" if case.status is InstanceStatus.CREATION_FAILED else None,
        directory_id=directory_id,
        **changes,
    )
    tx.insert_instance(row)
    if case.deleting:
        tx.mark_deleting(row.id)
    return row.id


def _declare_directories(store: ServerStore) -> None:
    with store.transaction() as tx:
        tx.put_directory(Directory(ACCOUNT, _DIRECTORY_IDS[USABLE], True))
        tx.put_directory(
            Directory(ACCOUNT, _DIRECTORY_IDS[UNUSABLE], False, "Directory unreachable.")
        )


# The ACTIVE transition


def test_the_bulk_activation_is_the_rule_for_instances_with_nothing_to_check(
    store: ServerStore,
) -> None:
    _declare_directories(store)
    cases = [case for case in CASES if case.planned is None]
    with store.transaction() as tx:
        ids = {_insert(tx, number, case): case for number, case in enumerate(cases)}
    with store.transaction() as tx:
        activated = set(tx.activate_ready(list(ids)))
    # Exactly the ones the rule makes ACTIVE, of those with no directory to look at; any other
    # is left for the one-by-one way (the next test holds the two ways equal).
    assert activated == {
        instance_id
        for instance_id, case in ids.items()
        if awaiting_provisioning(case.status, case.deleting) and case.directory == NO_DIRECTORY
    }
    with store.transaction(write=False) as tx:
        for instance_id, case in ids.items():
            row = tx.instance_by_id(instance_id)
            assert row is not None
            if instance_id in activated:
                assert (row.status, row.status_reason) == (InstanceStatus.ACTIVE, None)
            else:
                assert row.status is case.status, case


class _Outcome(NamedTuple):
    status: InstanceStatus
    status_reason: str | None
    alias_held: bool
    activated: bool
    removal_due: float | None


def _provision_every_case(store: Store, first: int) -> dict[Case, _Outcome]:
    """Inserts an instance for every case, with its provisioning job due, runs the due jobs and
    reads what became of each."""
    activated: list[str] = []
    clock = FakeClock()
    lifecycle = Lifecycle(store, clock, on_activated=lambda tx, ids: activated.extend(ids))
    ids: dict[str, Case] = {}
    with store.transaction() as tx:
        for number, case in enumerate(CASES, start=first):
            instance_id = _insert(tx, number, case)
            tx.schedule(JobKind.PROVISION, instance_id, clock.now(), case.planned)
            ids[instance_id] = case
    assert lifecycle.run_due(limit=len(CASES) + 1) == len(CASES)
    outcomes: dict[Case, _Outcome] = {}
    with store.transaction(write=False) as tx:
        for instance_id, case in ids.items():
            row = tx.instance_by_id(instance_id)
            assert row is not None
            outcomes[case] = _Outcome(
                row.status,
                row.status_reason,
                alias_taken(tx, alias_claim(row.alias)),
                instance_id in activated,
                None,
            )
    # A failed instance's removal, 24 hours after its creation: the only job left due.
    clock.advance(FAILED_RETENTION_SECONDS + 3600)
    with store.transaction() as tx:
        for job in tx.claim_due_jobs(clock.now(), 1000):
            if job.kind is JobKind.REMOVE:
                case = ids[job.instance_id]
                outcomes[case] = outcomes[case]._replace(removal_due=job.due_at)
            tx.finish_jobs([job.id])
    return outcomes


class _OneByOne:
    """A store whose bulk activation settles nothing: every job goes the one-by-one way."""

    def __init__(self, store: ServerStore) -> None:
        self._store = store

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Transaction]:
        with self._store.transaction(write=write) as tx:
            yield cast(Transaction, _NoBulk(tx))

    def close(self) -> None:
        pass


class _NoBulk:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)

    def activate_ready(self, instance_ids: Sequence[str]) -> list[str]:
        return []


def test_provisioning_ends_by_the_rule_in_bulk_and_one_by_one(store: ServerStore) -> None:
    _declare_directories(store)
    in_bulk = _provision_every_case(store, first=1)
    one_by_one = _provision_every_case(cast(Store, _OneByOne(store)), first=1001)
    assert in_bulk == one_by_one
    created_at = instance(1).created_at
    for case, outcome in in_bulk.items():
        if not awaiting_provisioning(case.status, case.deleting):
            expected = _Outcome(
                case.status,
                "failed before" if case.status is InstanceStatus.CREATION_FAILED else None,
                True,
                False,
                None,
            )
        elif case.failure is None:
            expected = _Outcome(InstanceStatus.ACTIVE, None, True, True, None)
        else:
            # Failed: the alias is given back, and it is removed 24 hours after its creation.
            expected = _Outcome(
                InstanceStatus.CREATION_FAILED,
                case.failure,
                False,
                False,
                created_at + FAILED_RETENTION_SECONDS,
            )
        assert outcome == expected, case


# The instance quota


def test_the_quota_count_is_the_rule(store: ServerStore) -> None:
    combinations = list(itertools.product(InstanceStatus, (False, True)))
    with store.transaction() as tx:
        for number, (status, deleting) in enumerate(combinations):
            case = Case(status, deleting, NO_DIRECTORY, None)
            _insert(tx, number, case, account=_account(number))
    with store.transaction(write=False) as tx:
        for number, (status, _) in enumerate(combinations):
            counted = tx.count_live_instances(_account(number), REGION)
            assert counted == int(counts_toward_quota(status)), status


def _account(number: int) -> str:
    return f"{900_000_000_000 + number}"


# Visibility


def test_visibility_is_one_rule_for_one_instance_and_for_a_page(store: ServerStore) -> None:
    now = 1_763_800_000.0
    ages = (
        0.0,
        FAILED_RETENTION_SECONDS - 1,
        FAILED_RETENTION_SECONDS,
        FAILED_RETENTION_SECONDS + 1,
    )
    combinations = list(itertools.product(InstanceStatus, (False, True), ages))
    with store.transaction() as tx:
        ids = [
            _insert(tx, number, Case(status, deleting, NO_DIRECTORY, None), created_at=now - age)
            for number, (status, deleting, age) in enumerate(combinations)
        ]
    with store.transaction(write=False) as tx:
        page = tx.list_summaries(ACCOUNT, REGION, 0, len(ids) + 1)
        shown = {summary.id for summary in visible_only(page, now)}
        for instance_id, (status, _, age) in zip(ids, combinations, strict=True):
            row = tx.get_instance(ACCOUNT, REGION, instance_id)
            details = tx.instance_details(ACCOUNT, REGION, instance_id)
            assert row is not None
            assert details is not None
            expected = (
                status is not InstanceStatus.CREATION_FAILED or age < FAILED_RETENTION_SECONDS
            )
            assert visible(row, now) is visible(details, now) is expected, (status, age)
            assert (instance_id in shown) is expected, (status, age)
