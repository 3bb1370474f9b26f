"""Parsing bad input: every problem is an ApiError with status 400 and a precise message."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.model import OperationModel, ServiceModel
from hypothesis import given, settings, strategies as st

from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.parser import MAX_DEPTH, parse_request
from connect_emulator.protocol.serializer import serialize_error
from connect_emulator.protocol.spec import load_service_model
from connect_emulator.protocol.validation import validate

ALL_OPERATIONS = load_service_model().operation_names
CREATE = {
    "IdentityManagementType": "CONNECT_MANAGED",
    "InboundCallsEnabled": True,
    "OutboundCallsEnabled": True,
}


def _parse(model: ServiceModel, operation: str, body: bytes = b"", query: str = "") -> Any:
    op = model.operation_model(operation)
    labels = {"InstanceId": "abc"} if operation != "CreateInstance" else {}
    return parse_request(op, labels, query, {}, body)


def _rejects(model: ServiceModel, operation: str, body: bytes = b"", query: str = "") -> ApiError:
    with pytest.raises(ApiError) as caught:
        _parse(model, operation, body, query)
    error = caught.value
    # The status the client sees: from the model for InvalidRequestException, else explicit.
    assert serialize_error(model, error).status == 400
    return error


def _body(**members: Any) -> bytes:
    return json.dumps({**CREATE, **members}).encode()


def test_a_valid_body_parses(model: ServiceModel) -> None:
    assert _parse(model, "CreateInstance", _body(Tags={"a": "b"})) == {**CREATE, "Tags": {"a": "b"}}


def test_unknown_keys_are_ignored_and_null_means_unset(model: ServiceModel) -> None:
    parsed = _parse(model, "CreateInstance", _body(Surprise=[1, 2], InstanceAlias=None))
    assert parsed == CREATE


@pytest.mark.parametrize("body", [b"", b"   "])
def test_an_empty_body_is_an_empty_object(model: ServiceModel, body: bytes) -> None:
    assert _parse(model, "CreateInstance", body) == {}


def test_a_body_on_an_operation_without_body_members_is_ignored(model: ServiceModel) -> None:
    assert _parse(model, "DescribeInstance", b"not json") == {"InstanceId": "abc"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"InstanceAlias": ', "Request body is not valid JSON: Expecting value at line 1"),
        (b"[]", "Request body must be a JSON object, not array"),
        (b'"text"', "Request body must be a JSON object, not string"),
        (b"null", "Request body must be a JSON object, not null"),
        (b'{"InstanceAlias": "\xff"}', "Request body is not valid UTF-8 (byte 19"),
        (b'{"InboundCallsEnabled": NaN}', "non-standard JSON constant NaN"),
        (b'{"InboundCallsEnabled": -Infinity}', "non-standard JSON constant -Infinity"),
        (b'{"InboundCallsEnabled": 1e999}', "Number 1e999 in the request body is out of range"),
    ],
)
def test_malformed_bodies_are_serialization_errors(
    model: ServiceModel, body: bytes, message: str
) -> None:
    error = _rejects(model, "CreateInstance", body)
    assert (error.code, error.status) == ("SerializationException", 400)
    assert message in error.message


@pytest.mark.parametrize(
    ("operation", "members", "message"),
    [
        (
            "CreateInstance",
            {"InboundCallsEnabled": "true"},
            "Invalid type for 'InboundCallsEnabled': expected boolean, got string",
        ),
        (
            "CreateInstance",
            {"InstanceAlias": {"nested": 1}},
            "Invalid type for 'InstanceAlias': expected string, got object",
        ),
        (
            "CreateInstance",
            {"Tags": {"team": 7}},
            "Invalid type for 'Tags.value': expected string, got integer 7",
        ),
        ("CreateInstance", {"Tags": ["a"]}, "Invalid type for 'Tags': expected object, got array"),
        (
            "ListPhoneNumbersV2",
            {"MaxResults": True},
            "Invalid type for 'MaxResults': expected integer, got boolean",
        ),
        (
            "ListPhoneNumbersV2",
            {"MaxResults": 1.5},
            "Invalid type for 'MaxResults': expected integer, got number 1.5",
        ),
        (
            "ListPhoneNumbersV2",
            {"MaxResults": 10.0},
            "Invalid type for 'MaxResults': expected integer, got number 10.0",
        ),
        (
            "ListPhoneNumbersV2",
            {"MaxResults": 2**31},
            "expected integer between -2147483648 and 2147483647, got integer 2147483648",
        ),
        (
            "ListPhoneNumbersV2",
            {"PhoneNumberCountryCodes": ["US", 1]},
            "Invalid type for 'PhoneNumberCountryCodes.2.member': expected string, got integer",
        ),
        (
            "ListPhoneNumbersV2",
            {"PhoneNumberCountryCodes": ["US", None]},
            "Value null at 'PhoneNumberCountryCodes.2.member' is not allowed",
        ),
    ],
)
def test_wrong_json_types_name_the_member(
    model: ServiceModel, operation: str, members: dict[str, Any], message: str
) -> None:
    body = _body(**members) if operation == "CreateInstance" else json.dumps(members).encode()
    error = _rejects(model, operation, body)
    assert error.code == "InvalidRequestException"
    assert message in error.message


def test_nested_structures_are_converted_by_shape(model: ServiceModel) -> None:
    body = {
        "ResourceType": "CHAT_TRANSCRIPTS",
        "StorageConfig": {
            "StorageType": "S3",
            "S3Config": {"BucketName": "b", "BucketPrefix": "p", "Unknown": 1},
        },
    }
    parsed = _parse(model, "AssociateInstanceStorageConfig", json.dumps(body).encode())
    assert parsed["StorageConfig"] == {
        "StorageType": "S3",
        "S3Config": {"BucketName": "b", "BucketPrefix": "p"},
    }
    body["StorageConfig"]["S3Config"]["BucketName"] = False  # type: ignore[index]
    error = _rejects(model, "AssociateInstanceStorageConfig", json.dumps(body).encode())
    assert "'StorageConfig.S3Config.BucketName': expected string, got boolean" in error.message


def test_body_timestamps_accept_epoch_numbers_and_iso_strings(model: ServiceModel) -> None:
    op = model.operation_model("GetMetricData")
    base = {"Filters": {"Queues": ["q"]}, "HistoricalMetrics": []}
    for start in (1704164645, 1704164645.0, "2024-01-02T03:04:05Z"):
        parsed = parse_request(
            op,
            {"InstanceId": "abc"},
            "",
            {},
            json.dumps({**base, "StartTime": start, "EndTime": 1704164645.25}).encode(),
        )
        assert parsed["StartTime"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
        assert parsed["EndTime"] == dt.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=dt.UTC)
    error = _rejects(
        model,
        "GetMetricData",
        json.dumps({**base, "StartTime": True}).encode(),
    )
    assert "'StartTime': expected timestamp (epoch seconds), got boolean" in error.message


def test_nesting_deeper_than_the_limit_is_refused(model: ServiceModel) -> None:
    ok = b'{"Surprise": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}"
    assert _parse(model, "CreateInstance", ok) == {}
    for depth in (MAX_DEPTH, 5000, 100_000):
        deep = b'{"Surprise": ' + b"[" * depth + b"]" * depth + b"}"
        error = _rejects(model, "CreateInstance", deep)
        assert (error.code, error.status) == ("SerializationException", 400)
        assert f"nests deeper than {MAX_DEPTH} levels" in error.message


def test_query_integers_are_converted(model: ServiceModel) -> None:
    assert _parse(model, "ListInstances", query="maxResults=5&nextToken=t") == {
        "MaxResults": 5,
        "NextToken": "t",
    }
    assert _parse(model, "ListInstances", query="unknown=1") == {}


@pytest.mark.parametrize("value", ["abc", "1.5", "", "+-1", "1e3", "99999999999"])
def test_query_integer_that_is_not_an_integer(model: ServiceModel, value: str) -> None:
    error = _rejects(model, "ListInstances", query=f"maxResults={value}")
    assert error.code == "InvalidRequestException"
    assert "Invalid type for 'maxResults': expected integer" in error.message


def test_repeated_scalar_query_key(model: ServiceModel) -> None:
    error = _rejects(model, "ListInstances", query="maxResults=1&maxResults=2")
    assert error.code == "InvalidRequestException"
    assert error.message == "Query parameter 'maxResults' must not be repeated"


@pytest.mark.parametrize("query", ["nextToken=%zz", "nextToken=%2", "nextToken=%FF"])
def test_broken_query_encoding(model: ServiceModel, query: str) -> None:
    error = _rejects(model, "ListInstances", query=query)
    assert (error.code, error.status) == ("SerializationException", 400)


def test_path_label_types_are_enforced(model: ServiceModel) -> None:
    op: OperationModel = model.operation_model("DeleteViewVersion")
    labels = {"InstanceId": "i", "ViewId": "v", "ViewVersion": "seven"}
    with pytest.raises(ApiError) as caught:
        parse_request(op, labels, "", {}, b"")
    assert "Invalid type for 'ViewVersion': expected integer, got 'seven'" in caught.value.message
    labels["ViewVersion"] = "7"
    assert parse_request(op, labels, "", {}, b"")["ViewVersion"] == 7


def test_header_members_are_read_from_lower_cased_headers(model: ServiceModel) -> None:
    op = model.operation_model("UpdateUserNotificationStatus")
    labels = {"InstanceId": "i", "UserId": "u", "NotificationId": "n"}
    headers = {
        "x-amz-last-modified-time": "Tue, 02 Jan 2024 03:04:05 GMT",
        "x-amz-last-modified-region": "us-east-1",
    }
    parsed = parse_request(op, labels, "", headers, b'{"Status": "READ"}')
    assert parsed["LastModifiedTime"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert parsed["LastModifiedRegion"] == "us-east-1"
    headers["x-amz-last-modified-time"] = "yesterday"
    with pytest.raises(ApiError) as caught:
        parse_request(op, labels, "", headers, b"{}")
    assert "'x-amz-last-modified-time': expected timestamp" in caught.value.message


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300)
@given(data=st.data())
def test_any_json_for_any_operation_parses_and_validates_or_is_an_api_error(
    model: ServiceModel, data: st.DataObject
) -> None:
    op = model.operation_model(data.draw(st.sampled_from(ALL_OPERATIONS)))
    names = [
        name
        for name, member in (op.input_shape.members.items() if op.input_shape else [])
        if "location" not in member.serialization
    ]
    keys = st.sampled_from(names) if names else st.text()
    body = data.draw(st.dictionaries(keys, _JSON, max_size=4))
    shape = op.input_shape
    assert shape is not None

    def parse_and_validate() -> None:
        validate(shape, parse_request(op, {}, "", {}, json.dumps(body).encode()))

    assert _status(model, parse_and_validate) in (200, 400)


@given(query=st.text(), raw=st.binary(max_size=40))
def test_any_query_or_body_bytes_parse_or_are_an_api_error(
    model: ServiceModel, query: str, raw: bytes
) -> None:
    assert _status(model, lambda: _parse(model, "ListInstances", b"", query)) in (200, 400)
    assert _status(model, lambda: _parse(model, "CreateInstance", raw)) in (200, 400)


def _status(model: ServiceModel, call: Callable[[], object]) -> int:
    """200 if ``call`` returns; the HTTP status of its error if it raises ApiError."""
    try:
        call()
    except ApiError as error:
        return serialize_error(model, error).status
    return 200
