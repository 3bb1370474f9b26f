"""Flow modules through boto3: always-published content with capital `Problems`, ClientToken
idempotency, the state filter, and the calls of Terraform's aws_connect_contact_flow_module."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.resources.test_flows import flow
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

SETTINGS = json.dumps({"InputParameters": [], "OutputParameters": [], "Transitions": []})


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Greeting", **extra: Any
) -> dict[str, Any]:
    return dict(
        connect.create_contact_flow_module(
            InstanceId=instance.id, Name=name, Content=extra.pop("Content", flow()), **extra
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, module_id: str) -> dict[str, Any]:
    return dict(
        connect.describe_contact_flow_module(InstanceId=instance.id, ContactFlowModuleId=module_id)[
            "ContactFlowModule"
        ]
    )


def _names(connect: ConnectClient, instance: ActiveInstance, **filters: Any) -> list[str]:
    pages = connect.get_paginator("list_contact_flow_modules").paginate(
        InstanceId=instance.id, **filters
    )
    return [s["Name"] for page in pages for s in page["ContactFlowModulesSummaryList"]]


def test_a_new_instance_has_no_modules(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert _names(own_connect, instance) == []


def test_create_describe_and_delete(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    content = flow()
    created = _create(
        own_connect,
        instance,
        Content=content,
        Description="Says hello",
        Settings=SETTINGS,
        ExternalInvocationConfiguration={"Enabled": False},
        Tags={"t": "1"},
    )
    module_id = created["Id"]
    assert created["Arn"] == f"{instance.arn}/flow-module/{module_id}"
    described = _describe(own_connect, instance, module_id)
    assert (described["Id"], described["Arn"], described["Name"]) == (
        module_id,
        created["Arn"],
        "Greeting",
    )
    assert (described["Status"], described["State"], described["Version"]) == (
        "PUBLISHED",
        "ACTIVE",
        1,
    )
    assert described["Content"] == content
    assert described["FlowModuleContentSha256"] == hashlib.sha256(content.encode()).hexdigest()
    assert (described["Description"], described["Settings"]) == ("Says hello", SETTINGS)
    assert described["ExternalInvocationConfiguration"] == {"Enabled": False}
    assert described["Tags"] == {"t": "1"}
    assert "LastModifiedTime" not in described
    summary = own_connect.list_contact_flow_modules(InstanceId=instance.id)[
        "ContactFlowModulesSummaryList"
    ][0]
    assert summary == {
        "Id": module_id,
        "Arn": created["Arn"],
        "Name": "Greeting",
        "State": "ACTIVE",
    }
    assert _describe(own_connect, instance, created["Arn"])["Id"] == module_id
    own_connect.delete_contact_flow_module(InstanceId=instance.id, ContactFlowModuleId=module_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, module_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_contact_flow_module(
            InstanceId=instance.id, ContactFlowModuleId=module_id
        )


def test_client_token_makes_create_idempotent(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first = _create(own_connect, instance, ClientToken="token-1")
    again = _create(own_connect, instance, ClientToken="token-1")
    assert again["Id"] == first["Id"]
    with pytest.raises(own_connect.exceptions.IdempotencyException) as raised:
        _create(own_connect, instance, "Other", ClientToken="token-1")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert _names(own_connect, instance) == ["Greeting"]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"Content": "{"}, "not valid JSON"),
        ({"Content": flow(start="nowhere")}, "StartAction"),
        ({"Settings": "not json"}, "Settings"),
    ],
)
def test_invalid_content_has_capital_problems_and_writes_nothing(
    own_connect: ConnectClient, instance: ActiveInstance, extra: dict[str, Any], problem: str
) -> None:
    with pytest.raises(own_connect.exceptions.InvalidContactFlowModuleException) as raised:
        _create(own_connect, instance, **extra)
    response: Any = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert any(problem in p["message"] for p in response["Problems"])
    assert "problems" not in response
    assert _names(own_connect, instance) == []


def test_updates_content_and_metadata(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    module_id = _create(own_connect, instance)["Id"]
    _create(own_connect, instance, "Taken")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "Taken")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_contact_flow_module_metadata(
            InstanceId=instance.id, ContactFlowModuleId=module_id, Name="Taken"
        )
    with pytest.raises(own_connect.exceptions.InvalidContactFlowModuleException) as raised:
        own_connect.update_contact_flow_module_content(
            InstanceId=instance.id, ContactFlowModuleId=module_id, Content=flow(version="1")
        )
    assert "Version" in raised.value.response["Problems"][0]["message"]  # type: ignore[typeddict-item]
    new = flow(ids=("a", "b"))
    own_connect.update_contact_flow_module_content(
        InstanceId=instance.id, ContactFlowModuleId=module_id, Content=new, Settings=SETTINGS
    )
    own_connect.update_contact_flow_module_metadata(
        InstanceId=instance.id,
        ContactFlowModuleId=module_id,
        Name="Greeting 2",
        Description="v2",
        State="ARCHIVED",
    )
    described = _describe(own_connect, instance, module_id)
    assert (described["Content"], described["Settings"], described["Version"]) == (
        new,
        SETTINGS,
        2,
    )
    assert described["FlowModuleContentSha256"] == hashlib.sha256(new.encode()).hexdigest()
    assert (described["Name"], described["Description"], described["State"]) == (
        "Greeting 2",
        "v2",
        "ARCHIVED",
    )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_contact_flow_module_content(
            InstanceId=instance.id, ContactFlowModuleId="0" * 36, Content=new
        )


def test_list_filters_by_state_and_pages(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    ids = [_create(own_connect, instance, f"M{index}")["Id"] for index in range(5)]
    own_connect.update_contact_flow_module_metadata(
        InstanceId=instance.id, ContactFlowModuleId=ids[1], State="ARCHIVED"
    )
    assert _names(own_connect, instance, ContactFlowModuleState="ARCHIVED") == ["M1"]
    assert _names(own_connect, instance, ContactFlowModuleState="ACTIVE") == [
        "M0",
        "M2",
        "M3",
        "M4",
    ]
    first = own_connect.list_contact_flow_modules(InstanceId=instance.id, MaxResults=2)
    assert len(first["ContactFlowModulesSummaryList"]) == 2
    assert "NextToken" in first
    assert _names(own_connect, instance, PaginationConfig={"PageSize": 2}) == [
        f"M{index}" for index in range(5)
    ]


def test_tags_on_the_module_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    own_connect.tag_resource(resourceArn=created["Arn"], tags={"b": "2"})
    own_connect.untag_resource(resourceArn=created["Arn"], tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=created["Arn"])["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["Id"])["Tags"] == {"b": "2"}


def test_quota(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"contact_flow_module": 1})
    _create(raw, instance, "Only")
    with pytest.raises(raw.exceptions.LimitExceededException):
        _create(raw, instance, "One too many")
    assert _names(raw, instance) == ["Only"]


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "   ")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Name" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        raw.list_contact_flow_modules(
            InstanceId=instance.id,
            ContactFlowModuleState="GONE",  # type: ignore[arg-type]
        )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "state" in raised.value.response["Error"]["Message"]
    assert _names(raw, instance) == []


def test_terraform_contact_flow_module_resource(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    # botocore fills ClientToken as the Go SDK does
    created = own_connect.create_contact_flow_module(
        InstanceId=instance.id,
        Name="tf-module",
        Description="by terraform",
        Content=flow(),
        Tags={"Name": "tf-module"},
    )
    read = _describe(own_connect, instance, created["Id"])
    assert json.loads(read["Content"]) == json.loads(flow())
    assert read["Tags"] == {"Name": "tf-module"}
    own_connect.update_contact_flow_module_metadata(
        InstanceId=instance.id,
        ContactFlowModuleId=created["Id"],
        Name="tf-module-2",
        Description="renamed",
    )
    own_connect.update_contact_flow_module_content(
        InstanceId=instance.id, ContactFlowModuleId=created["Id"], Content=flow(ids=("a", "b"))
    )
    read = _describe(own_connect, instance, created["Id"])
    assert (read["Name"], read["Description"]) == ("tf-module-2", "renamed")
    assert len(json.loads(read["Content"])["Actions"]) == 2
    own_connect.delete_contact_flow_module(
        InstanceId=instance.id, ContactFlowModuleId=created["Id"]
    )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_contact_flow_module(
            InstanceId=instance.id, ContactFlowModuleId=created["Id"]
        )


def test_terraform_contact_flow_module_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "Wanted")
    _create(own_connect, instance, "wanted")
    pages = own_connect.get_paginator("list_contact_flow_modules").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    matches = [
        s for page in pages for s in page["ContactFlowModulesSummaryList"] if s["Name"] == "Wanted"
    ]
    assert len(matches) == 1
    assert _describe(own_connect, instance, matches[0]["Id"])["Arn"] == matches[0]["Arn"]


def test_a_token_reused_after_the_module_was_deleted_answers_as_the_first_time(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    content = (
        '{"Version": "2019-10-30", "StartAction": "a", "Actions": '
        '[{"Identifier": "a", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}]}'
    )
    params: dict[str, Any] = {
        "InstanceId": instance.id,
        "Name": "Gone module",
        "Content": content,
        "ClientToken": "token-reused-after-delete",
    }
    first = own_connect.create_contact_flow_module(**params)
    own_connect.delete_contact_flow_module(InstanceId=instance.id, ContactFlowModuleId=first["Id"])
    again = own_connect.create_contact_flow_module(**params)
    assert (again["Id"], again["Arn"]) == (first["Id"], first["Arn"])
    listed = own_connect.list_contact_flow_modules(InstanceId=instance.id)
    assert [m["Name"] for m in listed["ContactFlowModulesSummaryList"]] == []
