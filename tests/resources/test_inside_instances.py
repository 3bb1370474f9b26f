"""What every family's resources share: they exist only inside an ACTIVE instance, come with
the instance's defaults, go with the instance, with a reset, and follow the emulator's clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, unique_alias, wait_for_status, wait_gone
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def hours_names(connect: ConnectClient, instance_id: str) -> list[str]:
    summaries = connect.list_hours_of_operations(InstanceId=instance_id)
    return [s["Name"] for s in summaries["HoursOfOperationSummaryList"]]


def test_an_instance_being_created_has_nothing_inside_yet(
    own_connect: ConnectClient, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_lifecycle(account, "manual")
    created = create(own_connect)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException, match="not ACTIVE"):
        own_connect.list_hours_of_operations(InstanceId=created["Id"])
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.create_hours_of_operation(
            InstanceId=created["Id"], Name="Early", TimeZone="UTC", Config=[]
        )
    ControlClient(server.url).provision(created["Id"])
    # The defaults are there once it is ACTIVE; nothing of the refused create.
    assert hours_names(own_connect, created["Id"]) == ["Basic Hours"]


def test_a_failed_instance_gets_no_defaults(
    own_connect: ConnectClient, server: EmulatorProcess, account: str
) -> None:
    alias = unique_alias("fails")
    ControlClient(server.url).fail_next_creations(reason="No capacity", alias_pattern=alias)
    created = create(own_connect, alias)
    failed = wait_for_status(own_connect, created["Id"], "CREATION_FAILED")
    assert failed["InstanceStatus"] == "CREATION_FAILED"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_hours_of_operations(InstanceId=created["Id"])


def test_deleting_the_instance_takes_everything_inside(
    own_connect: ConnectClient, account: str
) -> None:
    created = create(own_connect)
    wait_for_status(own_connect, created["Id"], "ACTIVE")
    hours = own_connect.create_hours_of_operation(
        InstanceId=created["Id"], Name="Mine", TimeZone="UTC", Config=[], Tags={"a": "b"}
    )
    own_connect.delete_instance(InstanceId=created["Id"])
    # At once: the instance is on its way out, nothing inside answers.
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.describe_hours_of_operation(
            InstanceId=created["Id"], HoursOfOperationId=hours["HoursOfOperationId"]
        )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_tags_for_resource(resourceArn=hours["HoursOfOperationArn"])
    assert wait_gone(own_connect, created["Id"])
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_hours_of_operations(InstanceId=created["Id"])


def test_reset_of_an_account_removes_its_resources(
    controlled_server: EmulatorProcess, control: ControlClient, account: str
) -> None:
    connect = connect_client(controlled_server.url, access_key=account)
    control.set_lifecycle(account, "immediate")
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    connect.create_hours_of_operation(InstanceId=created["Id"], Name="X", TimeZone="UTC", Config=[])
    control.reset(account)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_hours_of_operations(InstanceId=created["Id"])


def test_last_modified_follows_the_emulators_clock(
    controlled_server: EmulatorProcess, control: ControlClient, account: str
) -> None:
    connect = connect_client(controlled_server.url, access_key=account)
    control.set_lifecycle(account, "immediate")
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    hours_id = connect.create_hours_of_operation(
        InstanceId=created["Id"], Name="Clocked", TimeZone="UTC", Config=[]
    )["HoursOfOperationId"]
    before = connect.describe_hours_of_operation(
        InstanceId=created["Id"], HoursOfOperationId=hours_id
    )["HoursOfOperation"]["LastModifiedTime"]
    control.advance_clock(days=3)
    connect.update_hours_of_operation(
        InstanceId=created["Id"], HoursOfOperationId=hours_id, Description="later"
    )
    after = connect.describe_hours_of_operation(
        InstanceId=created["Id"], HoursOfOperationId=hours_id
    )["HoursOfOperation"]["LastModifiedTime"]
    assert (after - before).total_seconds() >= 3 * 24 * 3600


def test_each_instance_has_defaults_of_its_own(
    own_connect: ConnectClient, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_lifecycle(account, "immediate")
    first, second = create(own_connect)["Id"], create(own_connect)["Id"]
    for instance_id in (first, second):
        wait_for_status(own_connect, instance_id, "ACTIVE")

    def basic_hours(instance_id: str) -> dict[str, str]:
        listed = own_connect.list_hours_of_operations(InstanceId=instance_id)
        return {s["Name"]: s["Id"] for s in listed["HoursOfOperationSummaryList"]}

    one, two = basic_hours(first)["Basic Hours"], basic_hours(second)["Basic Hours"]
    assert one != two
    own_connect.update_hours_of_operation(
        InstanceId=first, HoursOfOperationId=one, Description="Only the first's"
    )
    untouched = own_connect.describe_hours_of_operation(InstanceId=second, HoursOfOperationId=two)
    assert untouched["HoursOfOperation"]["Description"] == "Basic Hours"
    flows = [
        {
            f["Name"]: f["Id"]
            for f in own_connect.list_contact_flows(InstanceId=i)["ContactFlowSummaryList"]
        }
        for i in (first, second)
    ]
    assert flows[0].keys() == flows[1].keys()
    assert not set(flows[0].values()) & set(flows[1].values())
