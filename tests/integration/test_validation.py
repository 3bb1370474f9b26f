"""The server enforces the model's constraints itself: clients skip most of them.

Each case goes through boto3 with its own validation off, so the bad value reaches the wire
exactly as a careless (or Go) client would send it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from tests.integration.helpers import unique_alias

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def valid(**changes: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": unique_alias(),
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": False,
    }
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}


CASES = [
    pytest.param(
        {"InstanceAlias": "a" * 46},
        "'InstanceAlias'",
        "length less than or equal to 45",
        id="alias-46",
    ),
    pytest.param(
        {"InstanceAlias": ""},
        "'InstanceAlias'",
        "length greater than or equal to 1",
        id="alias-empty",
    ),
    pytest.param(
        {"InstanceAlias": "-abc"}, "'InstanceAlias'", "regular expression pattern", id="alias-dash"
    ),
    pytest.param(
        {"InstanceAlias": "d-abc"}, "'InstanceAlias'", "regular expression pattern", id="alias-d-"
    ),
    pytest.param(
        {"InstanceAlias": "ab_c"},
        "'InstanceAlias'",
        "regular expression pattern",
        id="alias-underscore",
    ),
    pytest.param({"DirectoryId": "d-abc"}, "'DirectoryId'", "length", id="directory-short"),
    pytest.param({"DirectoryId": "d-ABCDEF1234"}, "'DirectoryId'", "pattern", id="directory-upper"),
    pytest.param(
        {"IdentityManagementType": "FOO"},
        "'IdentityManagementType'",
        "enum value set",
        id="type-enum",
    ),
    pytest.param(
        {"IdentityManagementType": None},
        "'IdentityManagementType'",
        "must not be null",
        id="type-missing",
    ),
    pytest.param(
        {"InboundCallsEnabled": None},
        "'InboundCallsEnabled'",
        "must not be null",
        id="inbound-missing",
    ),
    pytest.param(
        {"ClientToken": "x" * 501}, "'ClientToken'", "less than or equal to 500", id="token-501"
    ),
    pytest.param({"Tags": {}}, "'Tags'", "greater than or equal to 1", id="tags-empty"),
    pytest.param(
        {"Tags": {f"k{i}": "v" for i in range(51)}},
        "'Tags'",
        "less than or equal to 50",
        id="tags-51",
    ),
    pytest.param(
        {"Tags": {"aws:owner": "me"}}, "Tags", "regular expression pattern", id="tag-aws-prefix"
    ),
    pytest.param(
        {"Tags": {"k" * 129: "v"}}, "Tags", "length less than or equal to 128", id="tag-key-129"
    ),
    pytest.param(
        {"Tags": {"k": "v" * 257}}, "Tags", "length less than or equal to 256", id="tag-value-257"
    ),
]


@pytest.mark.parametrize(("changes", "member", "rule"), CASES)
def test_create_instance_constraint(
    raw_connect: ConnectClient, changes: dict[str, Any], member: str, rule: str
) -> None:
    params = valid(**changes)
    with pytest.raises(ClientError) as raised:
        raw_connect.create_instance(**params)
    error = raised.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "InvalidRequestException"
    assert member in error["Error"]["Message"]
    assert rule in error["Error"]["Message"]
    if changes.get("InstanceAlias"):
        # InstanceAlias is a sensitive member: its value is never echoed.
        assert changes["InstanceAlias"] not in error["Error"]["Message"]


def test_a_rejected_create_leaves_the_alias_free(raw_connect: ConnectClient) -> None:
    alias = unique_alias()
    with pytest.raises(ClientError):
        raw_connect.create_instance(**valid(InstanceAlias=alias, Tags={"aws:x": "y"}))
    assert raw_connect.create_instance(**valid(InstanceAlias=alias))["Id"]


def test_several_violations_are_all_reported(raw_connect: ConnectClient) -> None:
    with pytest.raises(ClientError) as raised:
        raw_connect.create_instance(**valid(InstanceAlias="a" * 46, IdentityManagementType="FOO"))
    message = raised.value.response["Error"]["Message"]
    assert message.startswith("2 validation errors detected")
    assert "'InstanceAlias'" in message
    assert "'IdentityManagementType'" in message


def test_tag_limits_are_the_models(raw_connect: ConnectClient) -> None:
    tags = {f"key-{i}": "v" * 256 for i in range(50)}
    tags["k" * 128] = tags.pop("key-0")
    reply = raw_connect.create_instance(**valid(Tags=tags))
    assert raw_connect.describe_instance(InstanceId=reply["Id"])["Instance"]["Tags"] == tags


def test_alias_of_45_characters_is_accepted(raw_connect: ConnectClient) -> None:
    alias = unique_alias("a") + "b" * 24
    assert len(alias) == 45
    assert raw_connect.create_instance(**valid(InstanceAlias=alias))["Id"]


@pytest.mark.parametrize(
    "instance_id",
    [pytest.param("x" * 101, id="too-long")],
)
def test_describe_instance_id_constraint(raw_connect: ConnectClient, instance_id: str) -> None:
    with pytest.raises(ClientError) as raised:
        raw_connect.describe_instance(InstanceId=instance_id)
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "'InstanceId'" in raised.value.response["Error"]["Message"]
