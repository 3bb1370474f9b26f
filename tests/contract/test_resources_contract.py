"""The storage contract, resources inside instances: every family in one table, names unique
per instance and family, list order and filters, references and who refers to what, and the
cascade when an instance goes or an account is reset."""

from __future__ import annotations

import json
from typing import Any

import pytest

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.ports import Store
from connect_emulator.domain.resource_records import Ref, Referrer, ResourceRecord
from tests.contract.conftest import Backend
from tests.contract.helpers import ACCOUNT, OTHER_ACCOUNT, REGION, instance

INSTANCE = instance(1).id
OTHER_INSTANCE = instance(2).id


def record(
    resource_id: str,
    family: str = "queue",
    name: str | None = None,
    *,
    instance_id: str = INSTANCE,
    account: str = ACCOUNT,
    **changes: Any,
) -> ResourceRecord:
    values: dict[str, Any] = {
        "account": account,
        "region": REGION,
        "instance_id": instance_id,
        "family": family,
        "id": resource_id,
        "name": name if name is not None else f"name of {resource_id}",
        "subtype": "STANDARD",
        "body": {"Name": name, "Config": [{"Day": "MONDAY", "Ünicode": "ü"}], "Max": 3},
        "tags": {"team": "blue"},
        "modified_at": 1_763_700_000.125,
    }
    values.update(changes)
    return ResourceRecord(**values)


def _without_seq(found: ResourceRecord | None) -> ResourceRecord | None:
    if found is not None:
        assert found.seq > 0
        found.seq = 0
    return found


def test_a_resource_reads_back_exactly_as_written(store: Store) -> None:
    written = record("q1", name="Sales")
    with store.transaction() as tx:
        tx.insert_resources([written])
    with store.transaction(write=False) as tx:
        assert _without_seq(tx.get_resource(INSTANCE, "queue", "q1")) == written
        assert tx.get_resource(INSTANCE, "routing_profile", "q1") is None
        assert tx.get_resource(OTHER_INSTANCE, "queue", "q1") is None
        assert tx.resource_named(INSTANCE, "queue", "Sales") == "q1"
        assert tx.resource_named(INSTANCE, "queue", "sales") is None


def test_names_are_unique_per_instance_and_family(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_resources([record("q1", name="Sales")])
        # Another family, another instance, or no name at all: no conflict.
        tx.insert_resources([record("h1", "hours_of_operation", "Sales")])
        tx.insert_resources([record("q2", name="Sales", instance_id=OTHER_INSTANCE)])
    with pytest.raises(StoreConflict) as raised, store.transaction() as tx:
        tx.insert_resources([record("q3", name="Sales")])
    assert raised.value.key == "name"
    # Two of one call by one name: the same conflict, and neither is kept.
    with pytest.raises(StoreConflict) as raised, store.transaction() as tx:
        tx.insert_resources([record("q4", name="Dup"), record("q5", name="Dup")])
    assert raised.value.key == "name"
    with store.transaction(write=False) as tx:
        assert tx.get_resource(INSTANCE, "queue", "q3") is None
        assert tx.resource_named(INSTANCE, "queue", "Dup") is None


def test_unnamed_resources_never_conflict(store: Store) -> None:
    with store.transaction() as tx:
        for number in range(3):
            unnamed = record(f"agent-{number}", subtype="AGENT")
            unnamed.name = None
            tx.insert_resources([unnamed])
        assert tx.count_resources(INSTANCE, "queue") == 3


def test_a_rename_onto_a_taken_name_is_refused(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_resources([record("q1", name="Sales")])
        tx.insert_resources([record("q2", name="Support")])
    renamed = record("q2", name="Sales")
    with pytest.raises(StoreConflict), store.transaction() as tx:
        tx.update_resource(renamed)
    changed = record("q2", name="Help", body={"Name": "Help"}, tags={}, modified_at=5.5)
    with store.transaction() as tx:
        tx.update_resource(changed)
    with store.transaction(write=False) as tx:
        assert _without_seq(tx.get_resource(INSTANCE, "queue", "q2")) == changed
        assert tx.resource_named(INSTANCE, "queue", "Support") is None


def test_lists_page_in_insertion_order_and_filter_by_subtype(store: Store) -> None:
    with store.transaction() as tx:
        for number in range(5):
            subtype = "AGENT" if number % 2 else "STANDARD"
            tx.insert_resources([record(f"q{number}", subtype=subtype)])
        tx.insert_resources([record("other", instance_id=OTHER_INSTANCE)])
    with store.transaction(write=False) as tx:
        everything = tx.list_resources(INSTANCE, "queue", 0, 10)
        assert [r.id for r in everything] == ["q0", "q1", "q2", "q3", "q4"]
        second_page = tx.list_resources(INSTANCE, "queue", everything[1].seq, 2)
        assert [r.id for r in second_page] == ["q2", "q3"]
        agents = tx.list_resources(INSTANCE, "queue", 0, 10, ["AGENT"])
        assert [r.id for r in agents] == ["q1", "q3"]
        both = tx.list_resources(INSTANCE, "queue", everything[0].seq, 10, ["AGENT", "STANDARD"])
        assert [r.id for r in both] == ["q1", "q2", "q3", "q4"]
        assert tx.count_resources(INSTANCE, "queue") == 5
        assert tx.count_resources(INSTANCE, "queue", ["STANDARD"]) == 3
        assert tx.list_resources(INSTANCE, "queue", 0, 10, []) == []


def test_references_are_kept_replaced_dropped_and_found_from_their_target(
    store: Store,
) -> None:
    config = Ref("QueueConfigs", "q1/VOICE", "queue", "q1", True, {"Priority": 1, "Delay": 0})
    with store.transaction() as tx:
        tx.put_refs(
            INSTANCE,
            "routing_profile",
            "rp1",
            [config, Ref("QuickConnectIds", "c1", "quick_connect", "c1", False)],
        )
        tx.put_refs(
            INSTANCE, "user", "u1", [Ref("RoutingProfileId", "rp1", "routing_profile", "rp1", True)]
        )
        # The same role and item again replaces the detail.
        changed = Ref("QueueConfigs", "q1/VOICE", "queue", "q1", True, {"Priority": 5, "Delay": 1})
        tx.put_refs(INSTANCE, "routing_profile", "rp1", [changed])
    with store.transaction(write=False) as tx:
        refs = tx.refs_of(INSTANCE, "routing_profile", "rp1")
        assert [(r.role, r.item, r.detail) for r in refs] == [
            ("QueueConfigs", "q1/VOICE", {"Priority": 5, "Delay": 1}),
            ("QuickConnectIds", "c1", {}),
        ]
        assert tx.refs_of(INSTANCE, "routing_profile", "rp1", "QuickConnectIds")[0].blocks is False
        assert tx.referrers(INSTANCE, "queue", "q1") == [
            Referrer("routing_profile", "rp1", "QueueConfigs", True)
        ]
        assert tx.referrers(OTHER_INSTANCE, "queue", "q1") == []
    with store.transaction() as tx:
        tx.drop_refs(INSTANCE, "routing_profile", "rp1", "QueueConfigs", ["q1/VOICE", "absent"])
        assert tx.referrers(INSTANCE, "queue", "q1") == []
        tx.drop_refs(INSTANCE, "routing_profile", "rp1", "QuickConnectIds")
        assert tx.refs_of(INSTANCE, "routing_profile", "rp1") == []


def test_blocking_referrers_come_first(store: Store) -> None:
    with store.transaction() as tx:
        tx.put_refs(INSTANCE, "a_family", "x", [Ref("R", "t", "queue", "t", False)])
        tx.put_refs(INSTANCE, "z_family", "y", [Ref("R", "t", "queue", "t", True)])
    with store.transaction(write=False) as tx:
        assert [r.blocks for r in tx.referrers(INSTANCE, "queue", "t")] == [True, False]


def test_deleting_a_resource_takes_its_references_both_ways(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_resources([record("q1")])
        tx.put_refs(
            INSTANCE,
            "queue",
            "q1",
            [Ref("HoursOfOperationId", "h1", "hours_of_operation", "h1", True)],
        )
        tx.put_refs(
            INSTANCE,
            "routing_profile",
            "rp1",
            [Ref("QueueConfigs", "q1/VOICE", "queue", "q1", True)],
        )
        tx.delete_resource(INSTANCE, "queue", "q1")
    with store.transaction(write=False) as tx:
        assert tx.get_resource(INSTANCE, "queue", "q1") is None
        assert tx.referrers(INSTANCE, "hours_of_operation", "h1") == []
        assert tx.refs_of(INSTANCE, "routing_profile", "rp1") == []


def test_removing_an_instance_removes_everything_in_it(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(instance(2))
        tx.insert_resources([record("q1")])
        tx.insert_resources([record("q1", instance_id=OTHER_INSTANCE)])
        tx.put_refs(
            INSTANCE, "user", "u1", [Ref("RoutingProfileId", "r", "routing_profile", "r", True)]
        )
        tx.remove_instance(INSTANCE)
    with store.transaction(write=False) as tx:
        assert tx.get_resource(INSTANCE, "queue", "q1") is None
        assert tx.refs_of(INSTANCE, "user", "u1") == []
        assert tx.get_resource(OTHER_INSTANCE, "queue", "q1") is not None


def test_reset_of_one_account_leaves_the_others(store: Store) -> None:
    foreign = instance(2, account=OTHER_ACCOUNT)
    with store.transaction() as tx:
        tx.insert_instance(instance(1))
        tx.insert_instance(foreign)
        tx.insert_resources([record("q1")])
        tx.put_refs(INSTANCE, "queue", "q1", [Ref("H", "h", "hours_of_operation", "h", True)])
        tx.insert_resources([record("q2", instance_id=foreign.id, account=OTHER_ACCOUNT)])
        tx.reset(ACCOUNT)
    with store.transaction(write=False) as tx:
        assert tx.get_resource(INSTANCE, "queue", "q1") is None
        assert tx.refs_of(INSTANCE, "queue", "q1") == []
        assert tx.get_resource(foreign.id, "queue", "q2") is not None
    with store.transaction() as tx:
        tx.reset(None)
    with store.transaction(write=False) as tx:
        assert tx.get_resource(foreign.id, "queue", "q2") is None


def test_a_second_connection_sees_committed_resources(backend: Backend, store: Store) -> None:
    with store.transaction() as tx:
        tx.insert_resources([record("q1", name="Sales")])
    # In memory there is only the one connection.
    other = backend.open() if backend.shared else store
    with pytest.raises(StoreConflict), other.transaction() as tx:
        tx.insert_resources([record("q9", name="Sales")])
    with other.transaction(write=False) as tx:
        assert tx.resource_named(INSTANCE, "queue", "Sales") == "q1"


def test_a_resource_is_found_by_id_in_whichever_instance_of_the_account_holds_it(
    store: Store,
) -> None:
    written = record("p1", "phone_number", instance_id=OTHER_INSTANCE)
    with store.transaction() as tx:
        tx.insert_resources([written, record("q1"), record("p2", "phone_number")])
        tx.insert_resources([record("p3", "phone_number", account=OTHER_ACCOUNT)])
    with store.transaction(write=False) as tx:
        assert _without_seq(tx.find_resource(ACCOUNT, REGION, "phone_number", "p1")) == written
        found = tx.find_resource(ACCOUNT, REGION, "phone_number", "p2")
        assert found is not None
        assert found.instance_id == INSTANCE
        # Another family, another account, another Region: not found.
        assert tx.find_resource(ACCOUNT, REGION, "queue", "p1") is None
        assert tx.find_resource(ACCOUNT, REGION, "phone_number", "p3") is None
        assert tx.find_resource(ACCOUNT, "eu-west-2", "phone_number", "p1") is None
    with store.transaction(write=False) as tx:
        assert tx.find_resource(OTHER_ACCOUNT, REGION, "phone_number", "p3") is not None


def test_an_accounts_resources_of_a_family_list_across_its_instances_in_order(
    store: Store,
) -> None:
    with store.transaction() as tx:
        for number in range(5):
            instance_id = INSTANCE if number % 2 else OTHER_INSTANCE
            tx.insert_resources([record(f"p{number}", "phone_number", instance_id=instance_id)])
        tx.insert_resources([record("q1")])
        tx.insert_resources([record("p9", "phone_number", account=OTHER_ACCOUNT)])
    with store.transaction(write=False) as tx:
        first = tx.list_account_resources(ACCOUNT, REGION, "phone_number", 0, 3)
        assert [r.id for r in first] == ["p0", "p1", "p2"]
        assert [r.instance_id for r in first] == [OTHER_INSTANCE, INSTANCE, OTHER_INSTANCE]
        rest = tx.list_account_resources(ACCOUNT, REGION, "phone_number", first[-1].seq, 3)
        assert [r.id for r in rest] == ["p3", "p4"]
        assert tx.list_account_resources(ACCOUNT, REGION, "phone_number", rest[-1].seq, 3) == []
        assert tx.list_account_resources(ACCOUNT, "eu-west-2", "phone_number", 0, 10) == []
        assert [
            r.id for r in tx.list_account_resources(OTHER_ACCOUNT, REGION, "phone_number", 0, 10)
        ] == ["p9"]


def test_stored_answers_are_read_only_by_the_list_and_describe_reads(store: Store) -> None:
    active = instance(1)
    listed, described = '{"Id":"q1","Name":"Sales"}', '{"QueueId":"q1","Name":"Sales"}'
    plain = record("q2", name="Support")
    with store.transaction() as tx:
        tx.insert_instance(active)
        tx.insert_resources([record("q1", name="Sales", summary=listed, described=described)])
        tx.insert_resources([plain])
    with store.transaction(write=False) as tx:
        # q2 stored no summary: no stored page holds it.
        assert tx.instance_summaries(ACCOUNT, REGION, INSTANCE, "queue", 0, limit=10) == (
            active,
            None,
        )
        found, page = tx.instance_summaries(ACCOUNT, REGION, INSTANCE, "queue", 0, limit=1)
        assert found == active
        assert page is not None
        assert (page.joined, page.more) == (listed, True)
        assert tx.instance_summaries(ACCOUNT, REGION, INSTANCE, "queue", page.last, limit=10) == (
            active,
            None,
        )
        # Never read back into a record: a record saved without them stores none.
        first = tx.get_resource(INSTANCE, "queue", "q1")
        assert first is not None
        assert (first.summary, first.described) == (None, None)
        found, stored = tx.instance_resource(ACCOUNT, REGION, INSTANCE, "queue", "q1")
        assert found == active
        assert stored == described
        found, stored = tx.instance_resource(ACCOUNT, REGION, INSTANCE, "queue", "q2")
        assert found == active
        assert isinstance(stored, ResourceRecord)
        assert _without_seq(stored) == plain
        assert tx.instance_resource(ACCOUNT, REGION, INSTANCE, "queue", "none") == (active, None)
        assert tx.instance_resource(OTHER_ACCOUNT, REGION, INSTANCE, "queue", "q1") == (None, None)
        assert tx.instance_resource(ACCOUNT, REGION, OTHER_INSTANCE, "queue", "q1") == (None, None)
    with store.transaction() as tx:
        tx.update_resource(first)
    with store.transaction(write=False) as tx:
        assert tx.instance_summaries(ACCOUNT, REGION, INSTANCE, "queue", 0, limit=1) == (
            active,
            None,
        )
        assert isinstance(
            tx.instance_resource(ACCOUNT, REGION, INSTANCE, "queue", "q1")[1], ResourceRecord
        )


def test_a_page_of_stored_summaries_is_read_with_its_instance_in_list_order(
    store: Store,
) -> None:
    active = instance(1)
    # Ids and names out of order, so only the insertion order gives the one expected.
    names = [f"q{(number * 7) % 12:02d}" for number in range(12)]
    with store.transaction() as tx:
        tx.insert_instance(active)
        for number, name in enumerate(names):
            subtype = "AGENT" if number % 3 == 0 else "STANDARD"
            summary = f'{{"Name":"{name}","Type":"{subtype}"}}'
            tx.insert_resources([record(name, name=name, subtype=subtype, summary=summary)])
        tx.insert_resources([record("f1", "flow", summary='{"Name":"f1"}')])
    with store.transaction(write=False) as tx:

        def read(
            after: int, limit: int, subtypes: list[str] | None = None
        ) -> tuple[list[str], int, bool]:
            found, page = tx.instance_summaries(
                ACCOUNT, REGION, INSTANCE, "queue", after, limit=limit, subtypes=subtypes
            )
            assert found == active
            assert page is not None
            listed = [entry["Name"] for entry in json.loads(f"[{page.joined}]")]
            return listed, page.last, page.more

        first, last, more = read(0, 5)
        assert (first, more) == (names[:5], True)
        second, last, more = read(last, 5)
        assert (second, more) == (names[5:10], True)
        third, last, more = read(last, 5)
        assert (third, more) == (names[10:], False)
        assert read(last, 5) == ([], 0, False)
        assert read(0, 12) == (names, last, False)
        agents = [name for number, name in enumerate(names) if number % 3 == 0]
        assert read(0, 3, ["AGENT"])[0] == agents[:3]
        assert read(0, 3, ["AGENT"])[2] is True
        assert read(0, 4, ["AGENT"])[0::2] == (agents, False)
        assert read(0, 20, ["AGENT", "STANDARD"])[0] == names
        assert read(0, 20, ["NONE"]) == ([], 0, False)
        # Another instance, account or Region: no instance, no page.
        for account, region, instance_id in (
            (ACCOUNT, REGION, OTHER_INSTANCE),
            (OTHER_ACCOUNT, REGION, INSTANCE),
            (ACCOUNT, "eu-west-2", INSTANCE),
        ):
            assert tx.instance_summaries(account, region, instance_id, "queue", 0, limit=5) == (
                None,
                None,
            )


def test_which_of_several_ids_exist_is_one_read_of_the_family_in_the_instance(
    store: Store,
) -> None:
    with store.transaction() as tx:
        tx.insert_resources([record("q1"), record("q2"), record("h1", "hours")])
        tx.insert_resources([record("q3", instance_id=OTHER_INSTANCE)])
    with store.transaction(write=False) as tx:
        assert tx.existing_resources(INSTANCE, "queue", ["q2", "q1", "q3", "h1", "Q1"]) == {
            "q1",
            "q2",
        }
        assert tx.existing_resources(INSTANCE, "queue", ["q1", "q1"]) == {"q1"}
        assert tx.existing_resources(INSTANCE, "hours", ["h1"]) == {"h1"}
        assert tx.existing_resources(OTHER_INSTANCE, "queue", ["q1", "q3"]) == {"q3"}
        assert tx.existing_resources(INSTANCE, "queue", ["none"]) == set()
