"""The storage contract, instances: rows, aliases, positions, statuses, counts and events."""

from __future__ import annotations

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.model import IdentityManagementType, InstanceStatus
from connect_emulator.domain.ports import NEVER, JobKind, Store
from connect_emulator.domain.views import InstanceDetails, InstanceSummary
from tests.contract.helpers import (
    ACCOUNT,
    OTHER_ACCOUNT,
    OTHER_REGION,
    REGION,
    alias_taken,
    instance,
)


def test_an_instance_reads_back_exactly_as_written(store: Store) -> None:
    written = instance(
        1,
        identity_management_type=IdentityManagementType.EXISTING_DIRECTORY,
        directory_id="d-1234567890",
        tags={"team": "blue", "名前": "ü"},
        outbound_calls=True,
    )
    with store.transaction() as tx:
        tx.insert_instance(written)
    with store.transaction(write=False) as tx:
        assert tx.get_instance(ACCOUNT, REGION, written.id) == written
        assert tx.instance_by_id(written.id) == written


def test_an_instance_is_found_only_in_its_own_account_and_region(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
    with store.transaction(write=False) as tx:
        assert tx.get_instance(OTHER_ACCOUNT, REGION, instance(1).id) is None
        assert tx.get_instance(ACCOUNT, OTHER_REGION, instance(1).id) is None
        assert tx.get_instance(ACCOUNT, REGION, "no-such-id") is None
        assert tx.instance_by_id("no-such-id") is None


def test_a_live_alias_is_held_case_insensitively_across_accounts(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1, alias="Acme"))
        assert alias_taken(tx, "acme")
        assert not alias_taken(tx, "other")
    with pytest.raises(StoreConflict) as raised, store.transaction() as tx:
        tx.insert_instance(instance(2, alias="ACME", account=OTHER_ACCOUNT))
    assert raised.value.key == "alias"
    with store.transaction(write=False) as tx:
        assert tx.instance_by_id(instance(2).id) is None


def test_a_failed_instance_gives_its_alias_back(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1, alias="acme"))
        tx.set_status(instance(1).id, InstanceStatus.CREATION_FAILED, "boom", keep_alias=False)
        assert not alias_taken(tx, "acme")
        tx.insert_instance(instance(2, alias="acme"))
    with store.transaction(write=False) as tx:
        failed = tx.instance_by_id(instance(1).id)
        assert failed is not None
        assert failed.status is InstanceStatus.CREATION_FAILED
        assert failed.status_reason == "boom"
        assert failed.alias == "acme"
        assert alias_taken(tx, "acme")


def test_status_tags_and_deletion_mark_change_one_instance(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2))
        tx.set_status(instance(1).id, InstanceStatus.ACTIVE, None, keep_alias=True)
        tx.set_tags(instance(1).id, {"k": "v"})
        tx.mark_deleting(instance(1).id)
    with store.transaction(write=False) as tx:
        changed = tx.instance_by_id(instance(1).id)
        untouched = tx.instance_by_id(instance(2).id)
        assert changed is not None
        assert untouched == instance(2)
        assert (changed.status, changed.tags, changed.deleting) == (
            InstanceStatus.ACTIVE,
            {"k": "v"},
            True,
        )
        assert alias_taken(tx, instance(1).alias)


def test_attributes_change_with_the_call_flags_they_mirror(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2))
        tx.set_attributes(
            instance(1).id, {"CONTACTFLOW_LOGS": "true"}, inbound=False, outbound=True
        )
    with store.transaction(write=False) as tx:
        changed = tx.instance_by_id(instance(1).id)
        assert changed is not None
        assert (changed.attributes, changed.inbound_calls, changed.outbound_calls) == (
            {"CONTACTFLOW_LOGS": "true"},
            False,
            True,
        )
        assert tx.instance_by_id(instance(2).id) == instance(2)


def test_describe_and_list_read_the_rows_shown_fields(store: Store) -> None:
    shown = instance(1, status=InstanceStatus.CREATION_FAILED, status_reason="no", tags={"k": "v"})
    with store.transaction() as tx:
        tx.insert_instance(shown)
        tx.insert_instance(instance(2))
        tx.insert_instance(instance(3, account=OTHER_ACCOUNT))
    with store.transaction(write=False) as tx:
        details = tx.instance_details(ACCOUNT, REGION, shown.id)
        assert details is not None
        assert tuple(details) == (
            shown.id,
            shown.identity_management_type,
            shown.alias,
            shown.created_at,
            shown.service_role,
            shown.status,
            "no",
            shown.inbound_calls,
            shown.outbound_calls,
            {"k": "v"},
        )
        assert tx.instance_details(OTHER_ACCOUNT, REGION, shown.id) is None
        assert tx.instance_details(ACCOUNT, OTHER_REGION, shown.id) is None
        positions = [position for position, _ in tx.list_instances(ACCOUNT, REGION, 0, 10)]
        summaries = tx.list_summaries(ACCOUNT, REGION, 0, 10)
        assert [(s.position, s.id) for s in summaries] == list(
            zip(positions, [shown.id, instance(2).id], strict=True)
        )
        assert tuple(summaries[0])[2:] == (
            shown.identity_management_type,
            shown.alias,
            shown.created_at,
            shown.service_role,
            shown.status,
            shown.inbound_calls,
            shown.outbound_calls,
        )
        assert tx.list_summaries(ACCOUNT, REGION, positions[0], 10)[0].id == instance(2).id
        assert tx.list_summaries(ACCOUNT, REGION, 0, 1) == summaries[:1]
    # In the domain's types, not the columns' (TEXT, INTEGER 0/1), which compare equal above.
    views: list[InstanceDetails | InstanceSummary] = [details, *summaries]
    for view in views:
        assert type(view.status) is InstanceStatus
        assert type(view.identity_management_type) is IdentityManagementType
        assert type(view.inbound_calls) is bool
        assert type(view.outbound_calls) is bool


def test_removing_an_instance_takes_its_jobs_and_alias(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2))
        tx.schedule(JobKind.PROVISION, instance(1).id, 10.0)
        tx.schedule(JobKind.REMOVE, instance(1).id, NEVER)
        tx.schedule(JobKind.PROVISION, instance(2).id, 20.0)
        tx.remove_instance(instance(1).id)
    with store.transaction() as tx:
        assert tx.instance_by_id(instance(1).id) is None
        assert not alias_taken(tx, instance(1).alias)
        assert [job.instance_id for job in tx.claim_due_jobs(100.0, 10)] == [instance(2).id]


def test_instances_are_listed_in_creation_order_page_by_page(store: Store) -> None:
    with store.transaction() as tx:
        for number in range(1, 6):
            tx.insert_instance(instance(number))
        tx.insert_instance(instance(6, account=OTHER_ACCOUNT))
        tx.insert_instance(instance(7, region=OTHER_REGION))
    with store.transaction(write=False) as tx:
        first = tx.list_instances(ACCOUNT, REGION, 0, 3)
        assert [found.id for _, found in first] == [instance(n).id for n in (1, 2, 3)]
        positions = [position for position, _ in first]
        assert positions == sorted(positions)
        assert len(set(positions)) == 3
        rest = tx.list_instances(ACCOUNT, REGION, positions[-1], 3)
        assert [found.id for _, found in rest] == [instance(n).id for n in (4, 5)]
        assert tx.list_instances(ACCOUNT, REGION, rest[-1][0], 3) == []


def test_positions_are_never_handed_out_twice(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2))
        tx.remove_instance(instance(2).id)
    with store.transaction() as tx:
        tx.insert_instance(instance(3))
    with store.transaction(write=False) as tx:
        listed = tx.list_instances(ACCOUNT, REGION, 0, 10)
    # A page cursor past instance 2 must not hide instance 3: it got a newer position.
    assert [found.id for _, found in listed] == [instance(1).id, instance(3).id]
    assert listed[1][0] > listed[0][0] + 1


def test_failed_instances_do_not_count_toward_the_quota(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2, status=InstanceStatus.ACTIVE))
        tx.insert_instance(instance(3))
        tx.set_status(instance(3).id, InstanceStatus.CREATION_FAILED, "x", keep_alias=False)
        tx.insert_instance(instance(4, account=OTHER_ACCOUNT))
        tx.insert_instance(instance(5, region=OTHER_REGION))
        assert tx.count_live_instances(ACCOUNT, REGION) == 2
        assert tx.count_live_instances(OTHER_ACCOUNT, REGION) == 1
        assert tx.count_live_instances(OTHER_ACCOUNT, OTHER_REGION) == 0


def test_account_regions_lists_each_pair_holding_an_instance_once_in_order(
    store: Store,
) -> None:
    with store.transaction(write=False) as tx:
        assert tx.account_regions() == []
    with store.transaction() as tx:
        tx.insert_instance(instance(1, account=OTHER_ACCOUNT))
        tx.insert_instance(instance(2, region=OTHER_REGION))
        tx.insert_instance(instance(3))
        tx.insert_instance(instance(4))
    with store.transaction(write=False) as tx:
        assert tx.account_regions() == [
            (ACCOUNT, OTHER_REGION),
            (ACCOUNT, REGION),
            (OTHER_ACCOUNT, REGION),
        ]
    with store.transaction() as tx:
        tx.remove_instance(instance(1).id)
    with store.transaction(write=False) as tx:
        assert (OTHER_ACCOUNT, REGION) not in tx.account_regions()


def test_events_are_counted_after_a_moment_per_account_and_region(store: Store) -> None:
    with store.transaction() as tx:
        tx.record_event(ACCOUNT, REGION, "create", 100.0)
        tx.record_event(ACCOUNT, REGION, "delete", 200.0)
        tx.record_event(ACCOUNT, REGION, "create", 300.5)
        tx.record_event(ACCOUNT, OTHER_REGION, "create", 300.0)
        tx.record_event(OTHER_ACCOUNT, REGION, "create", 300.0)
    with store.transaction(write=False) as tx:
        assert tx.count_events(ACCOUNT, REGION, 0.0) == 3
        # Strictly after: an event at exactly ``since`` is outside the window.
        assert tx.count_events(ACCOUNT, REGION, 200.0) == 1
        assert tx.count_events(ACCOUNT, REGION, 300.5) == 0
