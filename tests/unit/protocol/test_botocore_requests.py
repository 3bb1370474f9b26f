"""botocore serializes a request, we route and parse it, and we must get botocore's params back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.model import ServiceModel

from connect_emulator.protocol.http import HttpRequest
from connect_emulator.protocol.parser import parse_request
from connect_emulator.protocol.routing import Router
from connect_emulator.protocol.spec import load_service_model
from tests.unit.protocol.oracle import (
    INSTANCE_ARN,
    INSTANCE_ID,
    WHEN,
    BotocoreWire,
    sample_input,
)

ALL_OPERATIONS = load_service_model().operation_names


def _receive(router: Router, request: HttpRequest) -> tuple[str, dict[str, str], dict[str, Any]]:
    match = router.match(request.method, request.raw_path)
    params = parse_request(
        match.operation, match.labels, request.query_string, request.headers, request.body
    )
    return match.operation.name, match.labels, params


def _round_trip(
    wire: BotocoreWire, router: Router, model: ServiceModel, operation: str, params: dict[str, Any]
) -> dict[str, Any]:
    request = wire.request(operation, params)
    name, _, parsed = _receive(router, request)
    assert name == operation
    expected = dict(params)
    # botocore fills in idempotency tokens the caller left out; they must arrive too.
    for token in model.operation_model(operation).idempotent_members:
        if token not in params:
            assert isinstance(parsed.get(token), str)
            assert parsed[token]
            expected[token] = parsed[token]
    assert parsed == expected
    return parsed


def test_create_instance_with_tags(wire: BotocoreWire, router: Router, model: ServiceModel) -> None:
    params = {
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": "my-alias",
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": False,
        "Tags": {"team": "contact-centre", "cost center": "42"},
    }
    parsed = _round_trip(wire, router, model, "CreateInstance", params)
    assert "ClientToken" in parsed  # auto-filled by botocore, sent in the body


def test_describe_instance_by_id(wire: BotocoreWire, router: Router) -> None:
    request = wire.request("DescribeInstance", {"InstanceId": INSTANCE_ID})
    assert request.raw_path == f"/instance/{INSTANCE_ID}"
    assert _receive(router, request) == (
        "DescribeInstance",
        {"InstanceId": INSTANCE_ID},
        {"InstanceId": INSTANCE_ID},
    )


def test_describe_instance_by_arn_keeps_the_arn_in_one_label(
    wire: BotocoreWire, router: Router
) -> None:
    request = wire.request("DescribeInstance", {"InstanceId": INSTANCE_ARN})
    assert request.raw_path == (
        "/instance/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2F" + INSTANCE_ID
    )
    assert _receive(router, request)[2] == {"InstanceId": INSTANCE_ARN}


def test_list_instances_paging(wire: BotocoreWire, router: Router, model: ServiceModel) -> None:
    params = {"MaxResults": 7, "NextToken": "opaque/token+=="}
    _round_trip(wire, router, model, "ListInstances", params)


def test_delete_instance_sends_client_token_in_the_query(
    wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    request = wire.request("DeleteInstance", {"InstanceId": INSTANCE_ID, "ClientToken": "tok-1"})
    assert request.query_string == "clientToken=tok-1"
    _round_trip(wire, router, model, "DeleteInstance", {"InstanceId": INSTANCE_ID})


def test_tag_and_untag_resource(wire: BotocoreWire, router: Router, model: ServiceModel) -> None:
    _round_trip(
        wire, router, model, "TagResource", {"resourceArn": INSTANCE_ARN, "tags": {"a": "b"}}
    )
    request = wire.request(
        "UntagResource", {"resourceArn": INSTANCE_ARN, "tagKeys": ["a", "with space", "c"]}
    )
    assert request.query_string == "tagKeys=a&tagKeys=with%20space&tagKeys=c"
    assert _receive(router, request)[2] == {
        "resourceArn": INSTANCE_ARN,
        "tagKeys": ["a", "with space", "c"],
    }


def test_list_queues_with_two_queue_types(
    wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    params = {"InstanceId": INSTANCE_ID, "QueueTypes": ["STANDARD", "AGENT"], "MaxResults": 100}
    _round_trip(wire, router, model, "ListQueues", params)


def test_list_agent_statuses_uses_a_capitalised_query_key(
    wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    params = {"InstanceId": INSTANCE_ID, "AgentStatusTypes": ["ROUTABLE", "OFFLINE"]}
    request = wire.request("ListAgentStatuses", params)
    assert "AgentStatusTypes=ROUTABLE&AgentStatusTypes=OFFLINE" in request.query_string
    _round_trip(wire, router, model, "ListAgentStatuses", params)


def test_header_members_and_header_timestamps(
    wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    operation = model.operation_model("UpdateTestCase")
    params = sample_input(operation, full=True)
    params["LastModifiedTime"] = WHEN
    request = wire.request("UpdateTestCase", params)
    assert request.headers["x-amz-last-modified-time"] == "Tue, 02 Jan 2024 03:04:05 GMT"
    parsed = _round_trip(wire, router, model, "UpdateTestCase", params)
    assert parsed["LastModifiedTime"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_integer_labels_are_integers(
    wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    params = {"InstanceId": INSTANCE_ID, "ContactFlowId": "flow", "ContactFlowVersion": 12}
    parsed = _round_trip(wire, router, model, "DeleteContactFlowVersion", params)
    assert type(parsed["ContactFlowVersion"]) is int


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_every_operation_with_required_members_only(
    operation: str, wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    params = sample_input(model.operation_model(operation), full=False)
    _round_trip(wire, router, model, operation, params)


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_every_operation_with_every_member(
    operation: str, wire: BotocoreWire, router: Router, model: ServiceModel
) -> None:
    params = sample_input(model.operation_model(operation), full=True)
    _round_trip(wire, router, model, operation, params)
