"""Validation against the real Connect shapes, with Coral's message wording."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from botocore.model import ServiceModel, Shape

from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.validation import (
    MAX_ECHO,
    MAX_LISTED,
    compiled_pattern,
    normalize_pattern,
    validate,
)
from tests.unit.protocol.oracle import INSTANCE_ARN

CREATE: dict[str, Any] = {
    "IdentityManagementType": "CONNECT_MANAGED",
    "InstanceAlias": "my-alias-1",
    "InboundCallsEnabled": True,
    "OutboundCallsEnabled": False,
}
ALIAS_PATTERN = r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$"
TAG_KEY_PATTERN = r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"


def _input(model: ServiceModel, operation: str) -> Shape:
    shape = model.operation_model(operation).input_shape
    assert shape is not None
    return shape


def _message(model: ServiceModel, operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(ApiError) as caught:
        validate(_input(model, operation), params)
    assert caught.value.code == "InvalidRequestException"
    return caught.value.message


def _create(model: ServiceModel, **members: Any) -> str:
    return _message(model, "CreateInstance", {**CREATE, **members})


def test_a_valid_request_passes(model: ServiceModel) -> None:
    validate(_input(model, "CreateInstance"), {**CREATE, "Tags": {"team": "a b"}})
    validate(_input(model, "DescribeInstance"), {"InstanceId": INSTANCE_ARN})


def test_alias_too_long_is_reported_without_echoing_the_sensitive_value(
    model: ServiceModel,
) -> None:
    alias = "a" * 46
    message = _create(model, InstanceAlias=alias)
    assert message == (
        "1 validation error detected: Value at 'InstanceAlias' failed to satisfy constraint: "
        "Member must have length less than or equal to 45"
    )
    assert alias not in message
    validate(_input(model, "CreateInstance"), {**CREATE, "InstanceAlias": "a" * 45})


@pytest.mark.parametrize("alias", ["-abc", "d-abc", "abc-", "a_b", "ab c"])
def test_alias_pattern(model: ServiceModel, alias: str) -> None:
    assert _create(model, InstanceAlias=alias) == (
        "1 validation error detected: Value at 'InstanceAlias' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {ALIAS_PATTERN}"
    )


def test_directory_id_pattern_echoes_the_value(model: ServiceModel) -> None:
    assert _create(model, DirectoryId="d-12345678zz") == (
        "1 validation error detected: Value 'd-12345678zz' at 'DirectoryId' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: ^d-[0-9a-f]{10}$"
    )
    validate(_input(model, "CreateInstance"), {**CREATE, "DirectoryId": "d-0123456789"})


def test_enum(model: ServiceModel) -> None:
    assert _create(model, IdentityManagementType="FOO") == (
        "1 validation error detected: Value 'FOO' at 'IdentityManagementType' failed to satisfy "
        "constraint: Member must satisfy enum value set: "
        "[SAML, CONNECT_MANAGED, EXISTING_DIRECTORY]"
    )


def test_missing_required_member(model: ServiceModel) -> None:
    params = {k: v for k, v in CREATE.items() if k != "InboundCallsEnabled"}
    assert _message(model, "CreateInstance", params) == (
        "1 validation error detected: Value null at 'InboundCallsEnabled' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_tag_keys_must_not_start_with_aws(model: ServiceModel) -> None:
    assert _create(model, Tags={"aws:team": "x"}) == (
        "1 validation error detected: Value 'aws:team' at 'Tags.key' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}"
    )


def test_tag_values_are_checked_too(model: ServiceModel) -> None:
    message = _create(model, Tags={"k": "v" * 257})
    assert "at 'Tags.value' failed to satisfy constraint: Member must have length less than" in (
        message
    )


def test_too_many_tags(model: ServiceModel) -> None:
    message = _create(model, Tags={f"k{i}": "v" for i in range(51)})
    assert message.startswith("1 validation error detected: Value '{k0=v, k1=v, ")
    assert message.endswith(
        "at 'Tags' failed to satisfy constraint: "
        "Member must have number of entries less than or equal to 50"
    )
    validate(_input(model, "CreateInstance"), {**CREATE, "Tags": {f"k{i}": "v" for i in range(50)}})


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (0, "Member must have value greater than or equal to 1"),
        (11, "Member must have value less than or equal to 10"),
    ],
)
def test_max_results_range_uses_the_query_key(model: ServiceModel, value: int, rule: str) -> None:
    assert _message(model, "ListInstances", {"MaxResults": value}) == (
        f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy "
        f"constraint: {rule}"
    )


def test_several_violations_are_counted_and_joined(model: ServiceModel) -> None:
    message = _message(
        model, "CreateInstance", {"IdentityManagementType": "FOO", "DirectoryId": "d-1"}
    )
    assert message.startswith("5 validation errors detected: Value 'FOO' at ")
    parts = message.removeprefix("5 validation errors detected: ").split("; ")
    assert len(parts) == 5
    assert "Value null at 'InboundCallsEnabled' failed to satisfy constraint" in message
    assert "Value 'd-1' at 'DirectoryId' failed to satisfy constraint: Member must have " in message


def test_the_list_of_violations_is_capped(model: ServiceModel) -> None:
    keys = [f"aws:{i}" for i in range(60)]
    message = _message(model, "UntagResource", {"resourceArn": INSTANCE_ARN, "tagKeys": keys})
    assert message.startswith("61 validation errors detected: ")
    assert message.count("failed to satisfy constraint") == MAX_LISTED
    assert message.endswith(f"; and {61 - MAX_LISTED} more")
    assert "at 'tagKeys.1.member' failed" in message


def test_list_members_and_counts(model: ServiceModel) -> None:
    params = {"InstanceId": "i", "QueueTypes": ["STANDARD", "AGENT", "NOPE"]}
    message = _message(model, "ListQueues", params)
    assert message.startswith("2 validation errors detected: ")
    assert (
        "Value '[STANDARD, AGENT, NOPE]' at 'queueTypes' failed to satisfy constraint: "
        "Member must have number of entries less than or equal to 2"
    ) in message
    assert "Value 'NOPE' at 'queueTypes.3.member' failed to satisfy constraint: Member must " in (
        message
    )


def test_long_values_are_cut(model: ServiceModel) -> None:
    message = _create(model, DirectoryId="d" * 150)
    assert f"Value '{'d' * MAX_ECHO}...' at 'DirectoryId'" in message
    assert "d" * (MAX_ECHO + 1) not in message


def test_nested_required_members(model: ServiceModel) -> None:
    params = {
        "InstanceId": "i",
        "ResourceType": "CHAT_TRANSCRIPTS",
        "StorageConfig": {"S3Config": {"BucketPrefix": "p"}},
    }
    message = _message(model, "AssociateInstanceStorageConfig", params)
    assert "Value null at 'StorageConfig.StorageType' failed" in message
    assert "Value null at 'StorageConfig.S3Config.BucketName' failed" in message


def test_unions_need_exactly_one_member(model: ServiceModel) -> None:
    shape = model.shape_for("EvaluationAnswerData")
    validate(shape, {"StringValue": "x"})
    for params in ({}, {"StringValue": "x", "NumericValue": 1.0}):
        with pytest.raises(ApiError) as caught:
            validate(shape, params)
        assert "Member must have exactly one member set" in caught.value.message


def test_null_list_items_are_violations(model: ServiceModel) -> None:
    message = _message(model, "UntagResource", {"resourceArn": "r", "tagKeys": ["a", None]})
    assert "Value null at 'tagKeys.2.member' failed to satisfy constraint" in message


def test_every_model_pattern_compiles(model: ServiceModel) -> None:
    for name in model.shape_names:
        pattern = model.shape_for(name).metadata.get("pattern")
        if pattern is not None:
            assert isinstance(compiled_pattern(pattern), regex.Pattern), name


@pytest.mark.parametrize(
    ("shape_name", "good", "bad"),
    [
        ("PhoneNumber", "+12065550100", "12065550100"),
        ("PhoneNumberPrefix", "+1206", "phone"),
        ("Password", "Passw0rd!", "password"),
        ("Page", "home", ".."),
        ("SensitivePhoneNumber", "+12065550100", "2065550100"),
    ],
)
def test_over_escaped_model_patterns_accept_real_values(
    model: ServiceModel, shape_name: str, good: str, bad: str
) -> None:
    pattern = model.shape_for(shape_name).metadata["pattern"]
    assert compiled_pattern(pattern).search(good) is not None
    assert compiled_pattern(pattern).search(bad) is None


def test_normalize_pattern() -> None:
    assert normalize_pattern(r"\\+[1-9]\\d{1,14}$") == r"\+[1-9]\d{1,14}$"
    assert normalize_pattern("/^a$/") == "^a$"
    assert normalize_pattern(r"^\p{L}$") == r"^\p{L}$"
