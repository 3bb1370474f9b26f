"""Resources inside instances, with three processes on one PostgreSQL: names stay unique, an
in-use resource is never deleted from under what refers to it, and an instance gets its
defaults once, whichever processes the calls, the first touches and the lifecycle run in."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest

from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import Cluster, all_at_once
from tests.scaleout.conftest import INSTANCE_QUOTA

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

pytestmark = pytest.mark.postgres


def _active_instance(cluster: Cluster) -> tuple[list[ConnectClient], str]:
    clients = cluster.clients(f"{secrets.randbelow(10**12):012d}")
    instance_id = create(clients[0])["Id"]
    assert wait_for_status(clients[1], instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return clients, instance_id


def _hours(client: ConnectClient, instance_id: str, name: str) -> dict[str, Any]:
    return dict(
        client.create_hours_of_operation(
            InstanceId=instance_id, Name=name, TimeZone="UTC", Config=[]
        )
    )


def test_one_name_from_every_process_has_one_winner(cluster: Cluster) -> None:
    clients, instance_id = _active_instance(cluster)
    outcomes = all_at_once(partial(_hours, clients[n % 3], instance_id, "Same") for n in range(30))
    assert len(outcomes.values) == 1
    assert outcomes.error_codes == ["DuplicateResourceException"] * 29
    for client in clients:
        listed = client.list_hours_of_operations(InstanceId=instance_id)
        names = sorted(s["Name"] for s in listed["HoursOfOperationSummaryList"])
        assert names == ["Basic Hours", "Same"]


def test_defaults_are_made_once_whichever_process_activates(cluster: Cluster) -> None:
    account = f"{secrets.randbelow(10**12):012d}"
    clients = cluster.clients(account)
    created = all_at_once(partial(create, clients[n % 3]) for n in range(INSTANCE_QUOTA))
    assert created.errors == []
    for reply in created.values:
        wait_for_status(clients[0], reply["Id"], "ACTIVE")
        listed = clients[2].list_hours_of_operations(InstanceId=reply["Id"])
        assert [s["Name"] for s in listed["HoursOfOperationSummaryList"]] == ["Basic Hours"]


def test_first_touches_from_every_process_at_once_write_the_defaults_once(
    cluster: Cluster,
) -> None:
    # ACTIVE, and nothing has looked inside yet: its defaults are still due.
    clients, instance_id = _active_instance(cluster)
    reads: list[Callable[[], object]] = [
        partial(clients[n % 3].list_contact_flows, InstanceId=instance_id) for n in range(9)
    ]
    writes: list[Callable[[], object]] = [
        partial(_hours, clients[n % 3], instance_id, "Raced") for n in range(3)
    ]
    outcomes = all_at_once(reads + writes)
    assert outcomes.error_codes == ["DuplicateResourceException"] * 2
    for client in clients:
        flows = client.list_contact_flows(InstanceId=instance_id, MaxResults=100)
        names = [f["Name"] for f in flows["ContactFlowSummaryList"]]
        assert len(names) == len(set(names)) == 19
        listed = client.list_hours_of_operations(InstanceId=instance_id)
        assert sorted(s["Name"] for s in listed["HoursOfOperationSummaryList"]) == [
            "Basic Hours",
            "Raced",
        ]


def _queue_on(client: ConnectClient, instance_id: str, hours_id: str, name: str) -> str:
    reply = client.create_queue(InstanceId=instance_id, Name=name, HoursOfOperationId=hours_id)
    return str(reply["QueueId"])


def _delete_hours(client: ConnectClient, instance_id: str, hours_id: str) -> None:
    client.delete_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hours_id)


def test_a_resource_in_use_is_never_deleted_from_under_its_user(cluster: Cluster) -> None:
    clients, instance_id = _active_instance(cluster)
    for round_number in range(5):
        hours_id = _hours(clients[0], instance_id, f"Contested {round_number}")[
            "HoursOfOperationId"
        ]
        # Queues on the hours and the hours' delete, raced through all three processes.
        calls: list[Callable[[], object]] = [
            partial(_queue_on, clients[n % 3], instance_id, hours_id, f"Q{round_number}-{n}")
            for n in range(8)
        ]
        calls.insert(4, partial(_delete_hours, clients[1], instance_id, hours_id))
        outcomes = all_at_once(calls)
        queues_made = [value for value in outcomes.values if isinstance(value, str)]
        deleted = len(outcomes.values) - len(queues_made) == 1
        if deleted:
            # The delete won: it came first, so every queue after it found no hours.
            assert queues_made == []
            assert sorted(outcomes.error_codes) == ["ResourceNotFoundException"] * 8
        else:
            # A queue won: the delete was refused, and every queue stands on existing hours.
            assert outcomes.error_codes.count("ResourceInUseException") == 1
            described = clients[2].describe_hours_of_operation(
                InstanceId=instance_id, HoursOfOperationId=hours_id
            )
            assert described["HoursOfOperation"]["HoursOfOperationId"] == hours_id
        for queue_id in queues_made:
            queue = clients[round_number % 3].describe_queue(
                InstanceId=instance_id, QueueId=queue_id
            )
            assert queue["Queue"]["HoursOfOperationId"] == hours_id
