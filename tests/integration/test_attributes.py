"""Instance attributes, driven the way Terraform's aws_connect_instance drives them."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError

from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_connect.literals import InstanceAttributeTypeType

TERRAFORM_ATTRIBUTES: dict[InstanceAttributeTypeType, str] = {
    "AUTO_RESOLVE_BEST_VOICES": "true",
    "CONTACTFLOW_LOGS": "false",
    "CONTACT_LENS": "true",
    "EARLY_MEDIA": "true",
    "INBOUND_CALLS": "true",
    "MULTI_PARTY_CONFERENCE": "false",
    "OUTBOUND_CALLS": "true",
}


def test_defaults_are_what_terraform_records(own_connect: ConnectClient) -> None:
    instance_id = create(own_connect)["Id"]
    for kind, value in TERRAFORM_ATTRIBUTES.items():
        attribute = own_connect.describe_instance_attribute(
            InstanceId=instance_id, AttributeType=kind
        )
        assert attribute["Attribute"] == {"AttributeType": kind, "Value": value}


def test_terraform_apply_then_flip(own_connect: ConnectClient) -> None:
    instance_id = create(own_connect)["Id"]
    assert wait_for_status(own_connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
    flipped = {k: "false" if v == "true" else "true" for k, v in TERRAFORM_ATTRIBUTES.items()}
    for kind, value in flipped.items():
        own_connect.update_instance_attribute(
            InstanceId=instance_id, AttributeType=kind, Value=value
        )
    for kind, value in flipped.items():
        got = own_connect.describe_instance_attribute(InstanceId=instance_id, AttributeType=kind)
        assert got["Attribute"]["Value"] == value
    # The call flags and their attributes are one and the same.
    instance = own_connect.describe_instance(InstanceId=instance_id)["Instance"]
    assert (instance["InboundCallsEnabled"], instance["OutboundCallsEnabled"]) == (False, False)


def test_list_pages_seven_at_a_time(own_connect: ConnectClient) -> None:
    instance_id = create(own_connect)["Arn"]
    pages = own_connect.get_paginator("list_instance_attributes").paginate(InstanceId=instance_id)
    sizes, seen = [], {}
    for page in pages:
        sizes.append(len(page["Attributes"]))
        seen.update({a["AttributeType"]: a["Value"] for a in page["Attributes"]})
    assert sizes == [7, 7]
    assert len(seen) == 14
    assert {k: seen[k] for k in TERRAFORM_ATTRIBUTES} == TERRAFORM_ATTRIBUTES


def test_values_must_be_booleans(own_connect: ConnectClient) -> None:
    instance_id = create(own_connect)["Id"]
    with pytest.raises(ClientError) as raised:
        own_connect.update_instance_attribute(
            InstanceId=instance_id, AttributeType="CONTACT_LENS", Value="maybe"
        )
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    own_connect.update_instance_attribute(
        InstanceId=instance_id, AttributeType="CONTACT_LENS", Value="FALSE"
    )
    got = own_connect.describe_instance_attribute(
        InstanceId=instance_id, AttributeType="CONTACT_LENS"
    )
    assert got["Attribute"]["Value"] == "false"


def test_unknown_types_and_instances(server: EmulatorProcess, account: str) -> None:
    raw = connect_client(server.url, validate=False, access_key=account)
    instance_id = create(raw)["Id"]
    with pytest.raises(ClientError) as raised:
        raw.describe_instance_attribute(InstanceId=instance_id, AttributeType="NOPE")  # type: ignore[arg-type]
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    with pytest.raises(raw.exceptions.ResourceNotFoundException):
        raw.describe_instance_attribute(InstanceId=str(uuid.uuid4()), AttributeType="CONTACT_LENS")
    with pytest.raises(raw.exceptions.ResourceNotFoundException):
        connect_client(server.url).update_instance_attribute(
            InstanceId=instance_id, AttributeType="CONTACT_LENS", Value="true"
        )
