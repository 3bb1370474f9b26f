"""An instance's default resources are written when something first works inside it (a
read, a write, or a phone number claimed into it), never twice, and look as if they had been
written when the instance became ACTIVE (resources/engine.py, docs/decisions.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.resources.test_inside_instances import hours_names
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _active(connect: ConnectClient) -> dict[str, str]:
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return created


def test_defaults_first_seen_days_later_are_dated_when_the_instance_became_active(
    controlled_server: EmulatorProcess, control: ControlClient, account: str
) -> None:
    connect = connect_client(controlled_server.url, access_key=account)
    control.set_lifecycle(account, "immediate")
    created = _active(connect)
    became_active = connect.describe_instance(InstanceId=created["Id"])["Instance"]["CreatedTime"]
    control.advance_clock(days=3)
    queues = connect.list_queues(InstanceId=created["Id"], QueueTypes=["STANDARD"])
    (basic,) = queues["QueueSummaryList"]
    assert basic["Name"] == "BasicQueue"
    assert abs((basic["LastModifiedTime"] - became_active).total_seconds()) < 60


def test_a_write_as_the_first_touch_meets_the_defaults(
    own_connect: ConnectClient, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_lifecycle(account, "immediate")
    created = _active(own_connect)
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.create_hours_of_operation(
            InstanceId=created["Id"], Name="Basic Hours", TimeZone="UTC", Config=[]
        )
    own_connect.create_hours_of_operation(
        InstanceId=created["Id"], Name="Night", TimeZone="UTC", Config=[]
    )
    assert hours_names(own_connect, created["Id"]) == ["Basic Hours", "Night"]


def test_a_phone_number_claimed_first_leaves_the_defaults_to_come_once(
    own_connect: ConnectClient, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_lifecycle(account, "immediate")
    created = _active(own_connect)
    number = own_connect.search_available_phone_numbers(
        TargetArn=created["Arn"],
        PhoneNumberCountryCode="US",
        PhoneNumberType="DID",
        MaxResults=1,
    )["AvailableNumbersList"][0]["PhoneNumber"]
    own_connect.claim_phone_number(TargetArn=created["Arn"], PhoneNumber=number)
    assert hours_names(own_connect, created["Id"]) == ["Basic Hours"]
    assert hours_names(own_connect, created["Id"]) == ["Basic Hours"]
    flows = own_connect.list_contact_flows(InstanceId=created["Id"], MaxResults=100)
    names = [f["Name"] for f in flows["ContactFlowSummaryList"]]
    assert len(names) == len(set(names)) == 19
