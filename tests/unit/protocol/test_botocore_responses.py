"""We serialize results and errors, botocore parses them, and it must read what we meant."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import botocore.parsers
import pytest
from botocore.exceptions import ClientError
from botocore.model import ServiceModel

from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.serializer import serialize_error, serialize_result
from connect_emulator.protocol.spec import load_service_model
from tests.unit.protocol.oracle import INSTANCE_ARN, INSTANCE_ID, BotocoreWire, sample

ALL_OPERATIONS = load_service_model().operation_names


def _botocore_reads(model: ServiceModel, operation: str, result: dict[str, Any]) -> Any:
    op = model.operation_model(operation)
    response = serialize_result(op, result)
    if op.output_shape is None:
        assert response.body == b""
        return {}
    parser = botocore.parsers.create_parser("rest-json")
    parsed = parser.parse(
        {"status_code": response.status, "headers": dict(response.headers), "body": response.body},
        op.output_shape,
    )
    parsed.pop("ResponseMetadata", None)
    return parsed


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_every_operation_result_parses_back(operation: str, model: ServiceModel) -> None:
    output = model.operation_model(operation).output_shape
    result = sample(output, full=True) if output is not None else {}
    assert _botocore_reads(model, operation, result) == result


def test_describe_instance_created_time_is_an_epoch_number(
    model: ServiceModel, wire: BotocoreWire
) -> None:
    created = dt.datetime(2024, 5, 6, 7, 8, 9, 500000, tzinfo=dt.UTC)
    result = {
        "Instance": {
            "Id": INSTANCE_ID,
            "Arn": INSTANCE_ARN,
            "CreatedTime": created,
            "InstanceStatus": "ACTIVE",
            "InboundCallsEnabled": True,
            "Tags": {"k": "v"},
        }
    }
    response = serialize_result(model.operation_model("DescribeInstance"), result)
    assert json.loads(response.body)["Instance"]["CreatedTime"] == 1714979289.5
    wire.reply = response
    got = wire.call("DescribeInstance", {"InstanceId": INSTANCE_ID})
    assert got == result
    assert got["Instance"]["CreatedTime"] == created


def test_operation_without_output_answers_an_empty_body(
    model: ServiceModel, wire: BotocoreWire
) -> None:
    response = serialize_result(model.operation_model("DeleteInstance"), None)
    assert (response.status, response.body) == (200, b"")
    assert response.header("content-type") == "application/json"
    wire.reply = response
    assert wire.call("DeleteInstance", {"InstanceId": INSTANCE_ID}) == {}


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ResourceNotFoundException", 404),
        ("ServiceQuotaExceededException", 402),
        ("ThrottlingException", 429),
        ("InvalidRequestException", 400),
        ("InternalServiceException", 500),
        ("ResourceConflictException", 409),
    ],
)
def test_modelled_errors_reach_the_client(
    code: str, status: int, model: ServiceModel, wire: BotocoreWire
) -> None:
    assert model.shape_for(code).metadata["error"]["httpStatusCode"] == status
    # A wrong status on the ApiError is overridden by the model.
    wire.reply = serialize_error(model, ApiError(code, "Something precise.", status=418))
    assert wire.reply.status == status
    with pytest.raises(ClientError) as caught:
        wire.call("DescribeInstance", {"InstanceId": INSTANCE_ID})
    error = caught.value.response
    assert error["Error"]["Code"] == code
    assert error["Error"]["Message"] == "Something precise."
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status


def test_modelled_error_fields_are_parsed_by_the_client(
    model: ServiceModel, wire: BotocoreWire
) -> None:
    reason = {"AttachedFileInvalidRequestExceptionReason": "INVALID_FILE_NAME"}
    wire.reply = serialize_error(
        model, ApiError("InvalidRequestException", "Bad file.", fields={"Reason": reason})
    )
    with pytest.raises(ClientError) as caught:
        wire.call("DescribeInstance", {"InstanceId": INSTANCE_ID})
    assert caught.value.response.get("Reason") == reason


def test_unmodelled_error_uses_its_own_status(model: ServiceModel, wire: BotocoreWire) -> None:
    wire.reply = serialize_error(
        model, ApiError("UnknownOperationException", "No operation matches X", status=404)
    )
    with pytest.raises(ClientError) as caught:
        wire.call("DescribeInstance", {"InstanceId": INSTANCE_ID})
    assert caught.value.response["Error"]["Code"] == "UnknownOperationException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
