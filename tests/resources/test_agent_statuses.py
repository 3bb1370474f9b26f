"""Agent statuses through boto3: Available and Offline in every instance, CUSTOM ones
created, the type filter, the update's display order, the quota of 50 and no delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Break", **extra: Any
) -> dict[str, Any]:
    return dict(
        connect.create_agent_status(
            InstanceId=instance.id, Name=name, State=extra.pop("State", "ENABLED"), **extra
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, status_id: str) -> dict[str, Any]:
    return dict(
        connect.describe_agent_status(InstanceId=instance.id, AgentStatusId=status_id)[
            "AgentStatus"
        ]
    )


def _summaries(
    connect: ConnectClient, instance: ActiveInstance, **filters: Any
) -> list[dict[str, Any]]:
    pages = connect.get_paginator("list_agent_statuses").paginate(InstanceId=instance.id, **filters)
    return [dict(s) for page in pages for s in page["AgentStatusSummaryList"]]


def test_an_active_instance_has_available_and_offline(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = _summaries(own_connect, instance)
    assert [(s["Name"], s["Type"]) for s in summaries] == [
        ("Available", "ROUTABLE"),
        ("Offline", "OFFLINE"),
    ]
    described = [_describe(own_connect, instance, s["Id"]) for s in summaries]
    assert [(d["State"], d["DisplayOrder"]) for d in described] == [("ENABLED", 1), ("ENABLED", 2)]
    assert described[0]["AgentStatusARN"] == f"{instance.arn}/agent-state/{summaries[0]['Id']}"


def test_create_describe_update(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Description="Coffee", DisplayOrder=3, Tags={"t": "1"})
    status_id = created["AgentStatusId"]
    assert created["AgentStatusARN"] == f"{instance.arn}/agent-state/{status_id}"
    described = _describe(own_connect, instance, status_id)
    assert described["AgentStatusId"] == status_id
    assert (described["Name"], described["Type"], described["State"]) == (
        "Break",
        "CUSTOM",
        "ENABLED",
    )
    assert (described["Description"], described["DisplayOrder"], described["Tags"]) == (
        "Coffee",
        3,
        {"t": "1"},
    )
    assert described["LastModifiedRegion"] == "us-east-1"
    own_connect.update_agent_status(
        InstanceId=instance.id,
        AgentStatusId=status_id,
        Name="Lunch",
        Description="",
        State="DISABLED",
        DisplayOrder=4,
    )
    updated = _describe(own_connect, instance, status_id)
    assert (updated["Name"], updated["State"], updated["DisplayOrder"]) == ("Lunch", "DISABLED", 4)
    assert "Description" not in updated
    assert updated["LastModifiedTime"] >= described["LastModifiedTime"]
    own_connect.update_agent_status(
        InstanceId=instance.id, AgentStatusId=status_id, ResetOrderNumber=True
    )
    assert "DisplayOrder" not in _describe(own_connect, instance, status_id)
    own_connect.update_agent_status(
        InstanceId=instance.id, AgentStatusId=status_id, ResetOrderNumber=True, DisplayOrder=5
    )
    assert _describe(own_connect, instance, status_id)["DisplayOrder"] == 5
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_agent_status(
            InstanceId=instance.id, AgentStatusId="0" * 36, State="ENABLED"
        )


def test_there_is_no_delete(own_connect: ConnectClient) -> None:
    assert not hasattr(own_connect, "delete_agent_status")


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance)
    described = _describe(own_connect, instance, created["AgentStatusARN"])
    assert described["AgentStatusId"] == created["AgentStatusId"]
    own_connect.update_agent_status(
        InstanceId=instance.arn, AgentStatusId=created["AgentStatusARN"], Name="Renamed"
    )
    assert _describe(own_connect, instance, created["AgentStatusId"])["Name"] == "Renamed"


def test_names_are_unique_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    status_id = _create(own_connect, instance)["AgentStatusId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "Available")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_agent_status(
            InstanceId=instance.id, AgentStatusId=status_id, Name="Offline"
        )
    assert [s["Name"] for s in _summaries(own_connect, instance)] == [
        "Available",
        "Offline",
        "Break",
    ]


def test_list_filters_by_type_and_pages(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(3):
        _create(own_connect, instance, f"S{index}")
    custom = _summaries(own_connect, instance, AgentStatusTypes=["CUSTOM"])
    assert [s["Name"] for s in custom] == ["S0", "S1", "S2"]
    assert all(s["Type"] == "CUSTOM" for s in custom)
    both = _summaries(own_connect, instance, AgentStatusTypes=["ROUTABLE", "OFFLINE"])
    assert [s["Name"] for s in both] == ["Available", "Offline"]
    first = own_connect.list_agent_statuses(InstanceId=instance.id, MaxResults=2)
    assert len(first["AgentStatusSummaryList"]) == 2
    second = own_connect.list_agent_statuses(
        InstanceId=instance.id, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["Name"] for s in second["AgentStatusSummaryList"]] == ["S0", "S1"]
    paged = _summaries(own_connect, instance, PaginationConfig={"PageSize": 2})
    assert [s["Name"] for s in paged] == ["Available", "Offline", "S0", "S1", "S2"]


def test_tags_on_the_status_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["AgentStatusARN"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["AgentStatusId"])["Tags"] == {"b": "2"}


def test_quota_of_fifty_counts_the_defaults(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"agent_status": 50})
    for index in range(48):
        _create(raw, instance, f"Custom {index}")
    with pytest.raises(raw.exceptions.LimitExceededException) as raised:
        _create(raw, instance, "One too many")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    names = [s["Name"] for s in _summaries(raw, instance)]
    assert len(names) == 50
    assert "One too many" not in names


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "Bad", DisplayOrder=51)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "DisplayOrder" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "Bad", State="MAYBE")
    assert "State" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        raw.create_agent_status(InstanceId=instance.id, Name="Bad")  # type: ignore[call-arg]
    assert "State" in raised.value.response["Error"]["Message"]
    assert "Bad" not in [s["Name"] for s in _summaries(raw, instance)]


def test_unknown_ids_are_404(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, "0" * 36)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_agent_statuses(InstanceId="00000000-0000-4000-8000-000000000000")
