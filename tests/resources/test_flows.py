"""Contact flows through boto3: content checked on publication, FlowContentSha256, the
default and sample flows, and the calls Terraform's aws_connect_contact_flow makes."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.raw import send
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

DEFAULT_TYPES = {
    "Default agent hold": "AGENT_HOLD",
    "Default agent transfer": "AGENT_TRANSFER",
    "Default agent whisper": "AGENT_WHISPER",
    "Default customer hold": "CUSTOMER_HOLD",
    "Default customer queue": "CUSTOMER_QUEUE",
    "Default customer whisper": "CUSTOMER_WHISPER",
    "Default outbound": "OUTBOUND_WHISPER",
    "Default queue transfer": "QUEUE_TRANSFER",
}
DEFAULT_COUNT = 19  # the eight Default flows and eleven Sample flows


def flow(*, start: str = "a", version: str = "2019-10-30", ids: tuple[str, ...] = ("a",)) -> str:
    actions = [
        {"Identifier": i, "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
        for i in ids
    ]
    return json.dumps({"Version": version, "StartAction": start, "Actions": actions}, indent=2)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _create(
    connect: ConnectClient,
    instance: ActiveInstance,
    name: str = "Inbound",
    content: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return dict(
        connect.create_contact_flow(
            InstanceId=instance.id,
            Name=name,
            Type=extra.pop("Type", "CONTACT_FLOW"),
            Content=content or flow(),
            **extra,
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, flow_id: str) -> dict[str, Any]:
    return dict(
        connect.describe_contact_flow(InstanceId=instance.id, ContactFlowId=flow_id)["ContactFlow"]
    )


def _names(connect: ConnectClient, instance: ActiveInstance, **filters: Any) -> list[str]:
    pages = connect.get_paginator("list_contact_flows").paginate(InstanceId=instance.id, **filters)
    return [s["Name"] for page in pages for s in page["ContactFlowSummaryList"]]


def test_an_active_instance_has_the_default_and_sample_flows(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_contact_flows(InstanceId=instance.id, MaxResults=60)[
        "ContactFlowSummaryList"
    ]
    assert len(summaries) == DEFAULT_COUNT
    by_name = {s["Name"]: s for s in summaries}
    for name, kind in DEFAULT_TYPES.items():
        assert by_name[name]["ContactFlowType"] == kind
    samples = [s for s in summaries if s["Name"].startswith("Sample ")]
    assert len(samples) == 11
    assert all(s["ContactFlowStatus"] == "PUBLISHED" for s in summaries)
    assert all(s["ContactFlowState"] == "ACTIVE" for s in summaries)
    assert all("LastModifiedTime" not in s for s in summaries)
    hold = _describe(own_connect, instance, by_name["Default agent hold"]["Id"])
    assert hold["Description"] == "Audio played for the agent when on hold"
    document = json.loads(hold["Content"])
    assert document["Version"] == "2019-10-30"
    assert document["StartAction"] in [a["Identifier"] for a in document["Actions"]]
    assert hold["FlowContentSha256"] == sha(hold["Content"])
    assert len(hold["Content"]) < 200


def test_create_describe_and_delete(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    content = flow()
    created = _create(own_connect, instance, content=content, Description="Main", Tags={"t": "1"})
    flow_id = created["ContactFlowId"]
    assert created["ContactFlowArn"] == f"{instance.arn}/contact-flow/{flow_id}"
    assert created["FlowContentSha256"] == sha(content)
    described = _describe(own_connect, instance, flow_id)
    assert described["Id"] == flow_id
    assert described["Arn"] == created["ContactFlowArn"]
    assert described["Content"] == content  # as sent, whitespace included
    assert (described["Status"], described["State"], described["Type"]) == (
        "PUBLISHED",
        "ACTIVE",
        "CONTACT_FLOW",
    )
    assert described["Version"] == 1
    assert described["Description"] == "Main"
    assert described["Tags"] == {"t": "1"}
    assert described["LastModifiedRegion"] == "us-east-1"
    assert "LastModifiedTime" in described
    own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, flow_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow_id)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        (flow(version="2020-01-01"), "Version"),
        (flow(start="missing"), "StartAction"),
        (flow(ids=("a", "a")), "Duplicate action Identifier"),
        ('["a list"]', "JSON object"),
    ],
)
def test_published_content_is_validated_with_lower_case_problems(
    own_connect: ConnectClient, instance: ActiveInstance, content: str, problem: str
) -> None:
    with pytest.raises(own_connect.exceptions.InvalidContactFlowException) as raised:
        _create(own_connect, instance, "Broken", content=content, Status="PUBLISHED")
    response: Any = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert any(problem in p["message"] for p in response["problems"])
    assert "Broken" not in _names(own_connect, instance)


def test_saved_content_need_only_be_json(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    draft = flow(start="nowhere")
    flow_id = _create(own_connect, instance, "Draft", content=draft, Status="SAVED")[
        "ContactFlowId"
    ]
    described = _describe(own_connect, instance, flow_id)
    assert (described["Status"], described["Content"]) == ("SAVED", draft)
    own_connect.update_contact_flow_content(
        InstanceId=instance.id, ContactFlowId=flow_id, Content='{"Actions": []}'
    )
    with pytest.raises(own_connect.exceptions.InvalidContactFlowException) as raised:
        _create(own_connect, instance, "Draft 2", content="nope", Status="SAVED")
    assert "problems" in raised.value.response


def test_saved_qualifier_on_the_id_and_the_arn(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    created = _create(own_connect, instance, Status="SAVED")
    for flow_id in (
        created["ContactFlowId"] + ":$SAVED",
        created["ContactFlowArn"] + ":$SAVED",
        created["ContactFlowArn"],
    ):
        assert _describe(own_connect, instance, flow_id)["Id"] == created["ContactFlowId"]
    own_connect.update_contact_flow_name(
        InstanceId=instance.arn, ContactFlowId=created["ContactFlowArn"], Name="By ARN"
    )
    assert _describe(own_connect, instance, created["ContactFlowId"])["Name"] == "By ARN"


def test_update_content_checks_a_published_flow_and_records_its_checksum(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow_id = _create(own_connect, instance)["ContactFlowId"]
    with pytest.raises(own_connect.exceptions.InvalidContactFlowException):
        own_connect.update_contact_flow_content(
            InstanceId=instance.id, ContactFlowId=flow_id, Content=flow(start="zzz")
        )
    new = flow(ids=("a", "b"))
    own_connect.update_contact_flow_content(
        InstanceId=instance.id, ContactFlowId=flow_id, Content=new
    )
    described = _describe(own_connect, instance, flow_id)
    assert (described["Content"], described["FlowContentSha256"]) == (new, sha(new))
    assert described["Version"] == 2
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_contact_flow_content(
            InstanceId=instance.id, ContactFlowId="0" * 36, Content=new
        )


def test_name_and_metadata_updates_keep_names_unique(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow_id = _create(own_connect, instance, "One", Description="first")["ContactFlowId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "One")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_contact_flow_name(
            InstanceId=instance.id, ContactFlowId=flow_id, Name="Default agent hold"
        )
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_contact_flow_metadata(
            InstanceId=instance.id, ContactFlowId=flow_id, Name="Sample AB test"
        )
    own_connect.update_contact_flow_name(
        InstanceId=instance.id, ContactFlowId=flow_id, Name="Two", Description="second"
    )
    own_connect.update_contact_flow_metadata(
        InstanceId=instance.id, ContactFlowId=flow_id, ContactFlowState="ARCHIVED"
    )
    described = _describe(own_connect, instance, flow_id)
    assert (described["Name"], described["Description"], described["State"]) == (
        "Two",
        "second",
        "ARCHIVED",
    )
    assert described["Version"] == 1  # the content did not change
    own_connect.update_contact_flow_metadata(
        InstanceId=instance.id, ContactFlowId=flow_id, Name="Three", Description="third"
    )
    summary = next(
        s
        for s in own_connect.list_contact_flows(InstanceId=instance.id)["ContactFlowSummaryList"]
        if s["Id"] == flow_id
    )
    assert (summary["Name"], summary["ContactFlowState"]) == ("Three", "ARCHIVED")
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_contact_flow_metadata(
            InstanceId=instance.id, ContactFlowId="0" * 36, Name="X"
        )


def test_list_filters_by_type_and_pages(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "Campaign", Type="CAMPAIGN")
    assert _names(own_connect, instance, ContactFlowTypes=["CAMPAIGN"]) == ["Campaign"]
    assert sorted(_names(own_connect, instance, ContactFlowTypes=["AGENT_HOLD", "CAMPAIGN"])) == [
        "Campaign",
        "Default agent hold",
    ]
    first = own_connect.list_contact_flows(InstanceId=instance.id, MaxResults=5)
    assert len(first["ContactFlowSummaryList"]) == 5
    second = own_connect.list_contact_flows(
        InstanceId=instance.id, MaxResults=5, NextToken=first["NextToken"]
    )
    assert {s["Id"] for s in first["ContactFlowSummaryList"]}.isdisjoint(
        s["Id"] for s in second["ContactFlowSummaryList"]
    )
    names = _names(own_connect, instance, PaginationConfig={"PageSize": 4})
    assert len(names) == DEFAULT_COUNT + 1
    assert names[-1] == "Campaign"


def test_tags_on_the_flow_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["ContactFlowArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["ContactFlowId"])["Tags"] == {"b": "2"}


def test_quota_counts_the_defaults(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"contact_flow": 20})
    _create(raw, instance, "Twentieth")
    with pytest.raises(raw.exceptions.LimitExceededException) as raised:
        _create(raw, instance, "Twenty-first")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert "Twenty-first" not in _names(raw, instance)


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "Bad", Type="NOT_A_TYPE")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Type" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        raw.update_contact_flow_metadata(
            InstanceId=instance.id,
            ContactFlowId="0" * 36,
            ContactFlowState="GONE",  # type: ignore[arg-type]
        )
    assert "ContactFlowState" in raised.value.response["Error"]["Message"]
    assert "Bad" not in _names(raw, instance)


def test_terraform_contact_flow_resource(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    # Create without Status, then read back and compare the content as normalized JSON.
    content = flow()
    created = own_connect.create_contact_flow(
        InstanceId=instance.id,
        Name="tf-flow",
        Type="CONTACT_FLOW",
        Description="by terraform",
        Content=content,
        Tags={"Name": "tf-flow"},
    )
    flow_id = created["ContactFlowId"]
    read = _describe(own_connect, instance, flow_id)
    assert json.loads(read["Content"]) == json.loads(content)
    assert (read["Name"], read["Type"], read["Status"]) == ("tf-flow", "CONTACT_FLOW", "PUBLISHED")
    assert read["Tags"] == {"Name": "tf-flow"}
    # name and description change together; then the content
    own_connect.update_contact_flow_name(
        InstanceId=instance.id, ContactFlowId=flow_id, Name="tf-flow-2", Description=""
    )
    changed = flow(ids=("a", "b"))
    own_connect.update_contact_flow_content(
        InstanceId=instance.id, ContactFlowId=flow_id, Content=changed
    )
    read = _describe(own_connect, instance, flow_id)
    assert (read["Name"], read["Description"]) == ("tf-flow-2", "")
    assert json.loads(read["Content"]) == json.loads(changed)
    own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow_id)
    # a second destroy is tolerated through its 404
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow_id)


def test_terraform_contact_flow_data_source(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    matches = []
    pages = own_connect.get_paginator("list_contact_flows").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    for page in pages:
        matches += [s for s in page["ContactFlowSummaryList"] if s["Name"] == "Default outbound"]
    assert len(matches) == 1
    described = _describe(own_connect, instance, matches[0]["Id"])
    assert (described["Type"], described["Arn"]) == ("OUTBOUND_WHISPER", matches[0]["Arn"])
    assert described["Content"]


def test_the_problems_on_the_wire(
    server: EmulatorProcess, account: str, instance: ActiveInstance
) -> None:
    body = json.dumps({"Name": "Wire", "Type": "CONTACT_FLOW", "Content": flow(start="x")})
    response = send(
        server.url, "PUT", f"/contact-flows/{instance.id}", body.encode(), access_key=account
    )
    assert (response.status, response.error_type) == (400, "InvalidContactFlowException")
    document = response.json()
    assert document["problems"][0]["message"].startswith("StartAction")
    assert "Problems" not in document


def test_deleting_the_instance_removes_its_flows(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow_id = _create(own_connect, instance)["ContactFlowId"]
    own_connect.delete_instance(InstanceId=instance.id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, flow_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_contact_flows(InstanceId=instance.id)
