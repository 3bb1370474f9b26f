"""The bytes we put on the wire for results and errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botocore.model import ServiceModel

from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.serializer import JSON_NULL, serialize_error, serialize_result
from connect_emulator.protocol.shapes import format_timestamp


def test_result_body_is_compact_utf8_json_without_nulls(model: ServiceModel) -> None:
    op = model.operation_model("ListInstances")
    result = {
        "InstanceSummaryList": [{"Id": "i", "InstanceAlias": "ünï", "ServiceRole": None}],
        "NextToken": None,
    }
    response = serialize_result(op, result)
    assert response.status == 200
    assert response.headers == [("content-type", "application/json")]
    assert response.body == '{"InstanceSummaryList":[{"Id":"i","InstanceAlias":"ünï"}]}'.encode()


def test_json_null_is_an_explicit_null_even_where_a_value_would_be_converted(
    model: ServiceModel,
) -> None:
    # CreatedTime (a timestamp) and Tags (a map) have converters; JSON_NULL skips them.
    op = model.operation_model("DescribeInstance")
    members = ("Id", "CreatedTime", "Tags", "InboundCallsEnabled")
    instance = dict.fromkeys(members, JSON_NULL) | {"Id": "i", "ServiceRole": None}
    body = json.loads(serialize_result(op, {"Instance": instance}).body)
    assert body == {
        "Instance": {"Id": "i", "CreatedTime": None, "Tags": None, "InboundCallsEnabled": None}
    }
    top = serialize_result(model.operation_model("CreateInstance"), {"Id": JSON_NULL})
    assert top.body == b'{"Id":null}'


def test_unknown_result_members_are_our_bug(model: ServiceModel) -> None:
    op = model.operation_model("CreateInstance")
    with pytest.raises(TypeError, match="no member 'Surprise'"):
        serialize_result(op, {"Id": "i", "Surprise": 1})
    describe = model.operation_model("DescribeInstance")
    with pytest.raises(TypeError, match="Instance has no member 'Nope'"):
        serialize_result(describe, {"Instance": {"Nope": 1}})


@pytest.mark.parametrize("operation", ["DeleteInstance", "StopContact"])
def test_no_output_or_empty_output_gives_an_empty_body(model: ServiceModel, operation: str) -> None:
    response = serialize_result(model.operation_model(operation), {})
    assert (response.status, response.body) == (200, b"")
    assert response.header("Content-Type") == "application/json"


def test_output_with_members_but_empty_result_is_an_empty_object(model: ServiceModel) -> None:
    assert serialize_result(model.operation_model("ListInstances"), None).body == b"{}"


@pytest.mark.parametrize(
    ("moment", "fmt", "wire"),
    [
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "unixTimestamp", 1704164645),
        (dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC), "unixTimestamp", 1704164645.123),
        (1704164645.5, "unixTimestamp", 1704164645.5),
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "iso8601", "2024-01-02T03:04:05Z"),
        (dt.datetime(2024, 1, 2, 3, 4, 5, 120000), "iso8601", "2024-01-02T03:04:05.120Z"),
        (
            dt.datetime(2024, 1, 2, 4, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "rfc822",
            "Tue, 02 Jan 2024 03:04:05 GMT",
        ),
    ],
)
def test_timestamp_formats(moment: dt.datetime | float, fmt: str, wire: object) -> None:
    rendered = format_timestamp(moment, fmt)
    assert rendered == wire
    assert type(rendered) is type(wire)


def test_iso8601_shapes_are_strings_in_the_body(model: ServiceModel) -> None:
    op = model.operation_model("ListRealtimeContactAnalysisSegmentsV2")
    at = {"AbsoluteTime": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)}
    segment = {"Event": {"Id": "e", "EventType": "t", "Time": at}}
    body = serialize_result(
        op, {"Channel": "VOICE", "Status": "IN_PROGRESS", "Segments": [segment]}
    ).body
    assert json.loads(body)["Segments"][0]["Event"]["Time"] == {
        "AbsoluteTime": "2024-01-02T03:04:05Z"
    }


def test_error_response_shape(model: ServiceModel) -> None:
    response = serialize_error(model, ApiError("ResourceNotFoundException", "Nope."))
    assert response.status == 404
    assert response.headers == [
        ("content-type", "application/json"),
        ("x-amzn-errortype", "ResourceNotFoundException"),
    ]
    assert json.loads(response.body) == {"Message": "Nope."}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ApiError("SerializationException", "bad", status=400), 400),
        (ApiError("NotImplementedException", "later", status=501), 501),
        (ApiError("SomethingElse", "no status given"), 400),
        # A shape that exists but is not an exception does not lend its status.
        (ApiError("Instance", "not an error shape", status=409), 409),
    ],
)
def test_unmodelled_error_status(model: ServiceModel, error: ApiError, status: int) -> None:
    assert serialize_error(model, error).status == status


def test_error_fields_are_serialized_by_the_error_shape(model: ServiceModel) -> None:
    error = ApiError(
        "ResourceInUseException",
        "In use.",
        fields={"ResourceType": "PHONE_NUMBER", "ResourceId": "p"},
    )
    assert json.loads(serialize_error(model, error).body) == {
        "Message": "In use.",
        "ResourceType": "PHONE_NUMBER",
        "ResourceId": "p",
    }
