"""Resources inside instances, with three processes on one PostgreSQL: names stay unique, an
in-use resource is never deleted from under what refers to it, and an instance gets its
defaults once, whichever processes the calls and the lifecycle run in."""

from __future__ import annotations

import secrets
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
