"""Quick connects through boto3: the four types and the config each needs, the targets they
name, renames, the type filter, and Terraform's aws_connect_quick_connect."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.resources.test_queues import UNKNOWN, create_queue, flow_id
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

PHONE: Any = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+14255550100"}}


def _create(
    connect: ConnectClient,
    instance: ActiveInstance,
    name: str = "Front desk",
    config: Any = PHONE,
    **extra: Any,
) -> dict[str, Any]:
    return dict(
        connect.create_quick_connect(
            InstanceId=instance.id, Name=name, QuickConnectConfig=config, **extra
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, qc: str) -> dict[str, Any]:
    return dict(
        connect.describe_quick_connect(InstanceId=instance.id, QuickConnectId=qc)["QuickConnect"]
    )


def _user(connect: ConnectClient, instance: ActiveInstance, username: str = "agent1") -> str:
    profiles = connect.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    security = connect.list_security_profiles(InstanceId=instance.id)["SecurityProfileSummaryList"]
    return connect.create_user(
        InstanceId=instance.id,
        Username=username,
        Password="Passw0rd!x",
        IdentityInfo={"FirstName": "A", "LastName": "Gent"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        RoutingProfileId=profiles[0]["Id"],
        SecurityProfileIds=[next(s["Id"] for s in security if s["Name"] == "Agent")],
    )["UserId"]


def test_a_new_instance_has_no_quick_connects(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    listed = own_connect.list_quick_connects(InstanceId=instance.id, MaxResults=60)
    assert listed["QuickConnectSummaryList"] == []


def test_each_type_create_describe_list_and_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    queue = create_queue(own_connect, instance)["QueueId"]
    queue_flow = flow_id(own_connect, instance, "Default queue transfer")
    agent_flow = flow_id(own_connect, instance, "Default agent transfer")
    user = _user(own_connect, instance)
    configs: dict[str, Any] = {
        "PHONE_NUMBER": PHONE,
        "QUEUE": {
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": queue, "ContactFlowId": queue_flow},
        },
        "USER": {
            "QuickConnectType": "USER",
            "UserConfig": {"UserId": user, "ContactFlowId": agent_flow},
        },
        "FLOW": {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": queue_flow}},
    }
    ids = {}
    for kind, config in configs.items():
        created = _create(own_connect, instance, kind.title(), config, Description=kind)
        ids[kind] = created["QuickConnectId"]
        assert created["QuickConnectARN"] == (
            f"{instance.arn}/transfer-destination/{created['QuickConnectId']}"
        )
        described = _describe(own_connect, instance, created["QuickConnectId"])
        assert described["QuickConnectConfig"] == config
        assert (described["Name"], described["Description"]) == (kind.title(), kind)
        assert described["QuickConnectARN"] == created["QuickConnectARN"]
        assert described["LastModifiedRegion"] == "us-east-1"
        assert "QuickConnectType" not in described

    listed = own_connect.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"]
    assert {s["Name"]: s["QuickConnectType"] for s in listed} == {
        "Phone_Number": "PHONE_NUMBER",
        "Queue": "QUEUE",
        "User": "USER",
        "Flow": "FLOW",
    }
    only = own_connect.list_quick_connects(
        InstanceId=instance.id, QuickConnectTypes=["USER", "QUEUE"]
    )["QuickConnectSummaryList"]
    assert sorted(s["QuickConnectType"] for s in only) == ["QUEUE", "USER"]

    # Deleting what a quick connect names leaves the quick connect (AWS: "After calling
    # DeleteUser, call DeleteQuickConnect").
    own_connect.delete_user(InstanceId=instance.id, UserId=user)
    own_connect.delete_queue(InstanceId=instance.id, QueueId=queue)
    assert (
        _describe(own_connect, instance, ids["USER"])["QuickConnectConfig"]["UserConfig"]["UserId"]
        == user
    )

    for quick_connect in ids.values():
        own_connect.delete_quick_connect(InstanceId=instance.id, QuickConnectId=quick_connect)
    assert own_connect.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"] == []
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_quick_connect(InstanceId=instance.id, QuickConnectId=ids["FLOW"])


def test_update_name_and_config(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    quick_connect = _create(own_connect, instance, Description="Reception")["QuickConnectId"]
    before = _describe(own_connect, instance, quick_connect)
    own_connect.update_quick_connect_name(
        InstanceId=instance.id, QuickConnectId=quick_connect, Name="Reception"
    )
    assert _describe(own_connect, instance, quick_connect)["Description"] == "Reception"
    # An empty Description (allowed by the model here only) removes it.
    own_connect.update_quick_connect_name(
        InstanceId=instance.id, QuickConnectId=quick_connect, Description=""
    )
    assert "Description" not in _describe(own_connect, instance, quick_connect)

    queue = create_queue(own_connect, instance)["QueueId"]
    flow = flow_id(own_connect, instance, "Default queue transfer")
    config: Any = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": queue, "ContactFlowId": flow},
    }
    own_connect.update_quick_connect_config(
        InstanceId=instance.id, QuickConnectId=quick_connect, QuickConnectConfig=config
    )
    after = _describe(own_connect, instance, quick_connect)
    assert (after["Name"], after["QuickConnectConfig"]) == ("Reception", config)
    assert after["LastModifiedTime"] >= before["LastModifiedTime"]
    listed = own_connect.list_quick_connects(InstanceId=instance.id, QuickConnectTypes=["QUEUE"])
    assert [s["Id"] for s in listed["QuickConnectSummaryList"]] == [quick_connect]


def test_the_config_must_match_its_type(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow = flow_id(own_connect, instance, "Default queue transfer")
    wrong: list[Any] = [
        {"QuickConnectType": "USER", "PhoneConfig": PHONE["PhoneConfig"]},
        {"QuickConnectType": "QUEUE"},
        {
            "QuickConnectType": "PHONE_NUMBER",
            "PhoneConfig": PHONE["PhoneConfig"],
            "FlowConfig": {"ContactFlowId": flow},
        },
    ]
    for config in wrong:
        with pytest.raises(own_connect.exceptions.InvalidParameterException):
            _create(own_connect, instance, "Wrong", config)
    quick_connect = _create(own_connect, instance)["QuickConnectId"]
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        own_connect.update_quick_connect_config(
            InstanceId=instance.id, QuickConnectId=quick_connect, QuickConnectConfig=wrong[1]
        )
    assert _describe(own_connect, instance, quick_connect)["QuickConnectConfig"] == PHONE
    assert (
        len(own_connect.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"]) == 1
    )


def test_flows_of_the_wrong_type_and_agent_queues_are_refused(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    queue = create_queue(own_connect, instance)["QueueId"]
    agent_flow = flow_id(own_connect, instance, "Default agent transfer")
    queue_flow = flow_id(own_connect, instance, "Default queue transfer")
    with pytest.raises(own_connect.exceptions.InvalidParameterException) as raised:
        _create(
            own_connect,
            instance,
            "Q",
            {
                "QuickConnectType": "QUEUE",
                "QueueConfig": {"QueueId": queue, "ContactFlowId": agent_flow},
            },
        )
    assert "QUEUE_TRANSFER" in raised.value.response["Error"]["Message"]
    user = _user(own_connect, instance)
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        _create(
            own_connect,
            instance,
            "U",
            {
                "QuickConnectType": "USER",
                "UserConfig": {"UserId": user, "ContactFlowId": queue_flow},
            },
        )
    with pytest.raises(own_connect.exceptions.InvalidParameterException) as raised:
        _create(
            own_connect,
            instance,
            "A",
            {
                "QuickConnectType": "QUEUE",
                "QueueConfig": {"QueueId": user, "ContactFlowId": queue_flow},
            },
        )
    assert "agent queue" in raised.value.response["Error"]["Message"]


def test_unknown_targets_are_404_and_write_nothing(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    queue = create_queue(own_connect, instance)["QueueId"]
    queue_flow = flow_id(own_connect, instance, "Default queue transfer")
    unknown: list[Any] = [
        {
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": UNKNOWN, "ContactFlowId": queue_flow},
        },
        {"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": queue, "ContactFlowId": UNKNOWN}},
        {"QuickConnectType": "USER", "UserConfig": {"UserId": UNKNOWN, "ContactFlowId": UNKNOWN}},
        {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": UNKNOWN}},
    ]
    for config in unknown:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            _create(own_connect, instance, "Nowhere", config)
    assert own_connect.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"] == []
    quick_connect = _create(own_connect, instance)["QuickConnectId"]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_quick_connect_config(
            InstanceId=instance.id, QuickConnectId=quick_connect, QuickConnectConfig=unknown[3]
        )
    assert _describe(own_connect, instance, quick_connect)["QuickConnectConfig"] == PHONE
    calls: list[Callable[[], object]] = [
        lambda: own_connect.describe_quick_connect(InstanceId=instance.id, QuickConnectId=UNKNOWN),
        lambda: own_connect.update_quick_connect_name(
            InstanceId=instance.id, QuickConnectId=UNKNOWN, Name="X"
        ),
        lambda: own_connect.delete_quick_connect(InstanceId=instance.id, QuickConnectId=UNKNOWN),
    ]
    for call in calls:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            call()


def test_names_are_unique_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "A")
    second = _create(own_connect, instance, "B")["QuickConnectId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "A")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_quick_connect_name(
            InstanceId=instance.id, QuickConnectId=second, Name="A"
        )
    assert _describe(own_connect, instance, second)["Name"] == "B"


def test_lists_page_and_paginate(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    for index in range(5):
        _create(own_connect, instance, f"Q{index}")
    first = own_connect.list_quick_connects(InstanceId=instance.id, MaxResults=2)
    assert len(first["QuickConnectSummaryList"]) == 2
    assert "NextToken" in first
    names = [
        s["Name"]
        for page in own_connect.get_paginator("list_quick_connects").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 2}
        )
        for s in page["QuickConnectSummaryList"]
    ]
    assert names == ["Q0", "Q1", "Q2", "Q3", "Q4"]


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    queue_arn = create_queue(own_connect, instance)["QueueArn"]
    flow = flow_id(own_connect, instance, "Default queue transfer")
    flow_arn = own_connect.describe_contact_flow(InstanceId=instance.id, ContactFlowId=flow)[
        "ContactFlow"
    ]["Arn"]
    created = _create(
        own_connect,
        instance,
        config={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": queue_arn, "ContactFlowId": flow_arn},
        },
    )
    arn = created["QuickConnectARN"]
    own_connect.update_quick_connect_name(InstanceId=instance.arn, QuickConnectId=arn, Name="Arn")
    assert _describe(own_connect, instance, arn)["Name"] == "Arn"
    own_connect.delete_quick_connect(InstanceId=instance.arn, QuickConnectId=arn)


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["QuickConnectARN"]
    assert _describe(own_connect, instance, created["QuickConnectId"])["Tags"] == {"a": "1"}
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["QuickConnectId"])["Tags"] == {"b": "2"}


def test_the_quota_is_limit_exceeded(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"quick_connect": 1})
    _create(raw, instance, "One")
    with pytest.raises(raw.exceptions.LimitExceededException):
        _create(raw, instance, "Two")
    assert len(raw.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"]) == 1


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    bad: list[tuple[Any, str]] = [
        ({"QuickConnectType": "PIGEON"}, "QuickConnectType"),
        (
            {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "555"}},
            "PhoneNumber",
        ),
        ({"QuickConnectType": "FLOW", "FlowConfig": {}}, "ContactFlowId"),
    ]
    for config, member in bad:
        with pytest.raises(ClientError) as raised:
            _create(raw, instance, "Bad", config)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in raised.value.response["Error"]["Message"]
    quick_connect = _create(raw, instance)["QuickConnectId"]
    with pytest.raises(raw.exceptions.InvalidParameterException) as raised:
        raw.update_quick_connect_name(InstanceId=instance.id, QuickConnectId=quick_connect)
    assert "Name or Description" in raised.value.response["Error"]["Message"]
    names = [
        s["Name"]
        for s in raw.list_quick_connects(InstanceId=instance.id)["QuickConnectSummaryList"]
    ]
    assert names == ["Front desk"]


def test_terraform_aws_connect_quick_connect_sequence(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """Create, read (Describe), UpdateQuickConnectName (Name and Description, "" when unset),
    UpdateQuickConnectConfig, the data source's lookup by name, and delete."""
    quick_connect = own_connect.create_quick_connect(
        InstanceId=instance.id,
        Name="tf-qc",
        Description="Terraform",
        QuickConnectConfig=PHONE,
        Tags={"Name": "tf-qc"},
    )["QuickConnectId"]
    assert _describe(own_connect, instance, quick_connect)["QuickConnectConfig"] == PHONE
    own_connect.update_quick_connect_name(
        InstanceId=instance.id, QuickConnectId=quick_connect, Name="tf-qc-2", Description=""
    )
    user = _user(own_connect, instance)
    config: Any = {
        "QuickConnectType": "USER",
        "UserConfig": {
            "UserId": user,
            "ContactFlowId": flow_id(own_connect, instance, "Default agent transfer"),
        },
    }
    own_connect.update_quick_connect_config(
        InstanceId=instance.id, QuickConnectId=quick_connect, QuickConnectConfig=config
    )
    described = _describe(own_connect, instance, quick_connect)
    assert (described["Name"], described["QuickConnectConfig"]) == ("tf-qc-2", config)
    assert "Description" not in described

    matches = [
        s
        for page in own_connect.get_paginator("list_quick_connects").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 60}
        )
        for s in page["QuickConnectSummaryList"]
        if s["Name"] == "tf-qc-2"
    ]
    assert [m["Id"] for m in matches] == [quick_connect]
    assert _describe(own_connect, instance, matches[0]["Id"])["Tags"] == {"Name": "tf-qc"}

    own_connect.delete_quick_connect(InstanceId=instance.id, QuickConnectId=quick_connect)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, quick_connect)
