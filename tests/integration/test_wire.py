"""What crosses the wire, checked byte by byte where SDKs would hide it."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.integration.helpers import unique_alias
from tests.support.raw import RawResponse, send


def create_body(**changes: object) -> bytes:
    body: dict[str, object] = {
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": unique_alias(),
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": False,
    }
    body.update(changes)
    return json.dumps(body).encode()


def assert_aws_error(reply: RawResponse, status: int, code: str) -> str:
    assert reply.status == status, reply.body
    assert reply.error_type == code
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.headers["x-amzn-requestid"]
    message = reply.json()["Message"]
    assert isinstance(message, str)
    assert message
    return message


def test_success_carries_a_request_id_and_epoch_created_time(server_url: str) -> None:
    created = send(server_url, "PUT", "/instance", create_body())
    assert created.status == 200
    assert created.headers["x-amzn-requestid"]
    instance_id = created.json()["Id"]
    described = send(server_url, "GET", f"/instance/{instance_id}")
    assert described.status == 200
    created_time = described.json()["Instance"]["CreatedTime"]
    # A JSON number (epoch seconds), as the model says: not an ISO string as moto sends.
    assert isinstance(created_time, int | float)
    assert not isinstance(created_time, bool)
    assert created_time > 1_600_000_000


def test_each_request_gets_its_own_id(server_url: str) -> None:
    ids = {
        send(server_url, "GET", f"/instance/{uuid.uuid4()}").headers["x-amzn-requestid"]
        for _ in range(3)
    }
    assert len(ids) == 3


def test_arn_in_the_path_is_one_percent_encoded_label(server_url: str) -> None:
    created = send(server_url, "PUT", "/instance", create_body()).json()
    encoded = created["Arn"].replace(":", "%3A").replace("/", "%2F")
    described = send(server_url, "GET", f"/instance/{encoded}")
    assert described.status == 200
    assert described.json()["Instance"]["Id"] == created["Id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param(b"{not json", "SerializationException", id="malformed"),
        pytest.param(b"[1, 2]", "SerializationException", id="array"),
        pytest.param(b'"text"', "SerializationException", id="string"),
        pytest.param(b"\xff\xfe{}", "SerializationException", id="not-utf8"),
        pytest.param(
            b'{"IdentityManagementType": "SAML", "InboundCallsEnabled": NaN}',
            "SerializationException",
            id="nan",
        ),
    ],
)
def test_undecodable_bodies_are_4xx(server_url: str, body: bytes, code: str) -> None:
    reply = send(server_url, "PUT", "/instance", body)
    assert_aws_error(reply, 400, code)


@pytest.mark.parametrize(
    ("changes", "member"),
    [
        pytest.param({"InboundCallsEnabled": "yes"}, "InboundCallsEnabled", id="string-for-bool"),
        pytest.param({"InstanceAlias": 42}, "InstanceAlias", id="number-for-string"),
        pytest.param({"Tags": ["a"]}, "Tags", id="list-for-map"),
        pytest.param({"Tags": {"a": 1}}, "Tags", id="number-tag-value"),
        pytest.param(
            {"IdentityManagementType": None}, "IdentityManagementType", id="null-required"
        ),
    ],
)
def test_wrong_json_types_are_invalid_requests(
    server_url: str, changes: dict[str, object], member: str
) -> None:
    reply = send(server_url, "PUT", "/instance", create_body(**changes))
    message = assert_aws_error(reply, 400, "InvalidRequestException")
    assert member in message


def test_unknown_route_is_a_json_404(server_url: str) -> None:
    reply = send(server_url, "GET", "/no/such/thing")
    message = assert_aws_error(reply, 404, "UnknownOperationException")
    assert "/no/such/thing" in message


def test_an_operation_not_implemented_yet_is_named(server_url: str) -> None:
    # Evaluation forms are in none of the families the emulator declares.
    reply = send(server_url, "GET", f"/evaluation-forms/{uuid.uuid4()}")
    message = assert_aws_error(reply, 501, "NotImplementedException")
    assert "ListEvaluationForms" in message


def test_oversized_bodies_are_refused_before_parsing(server_url: str) -> None:
    reply = send(server_url, "PUT", "/instance", b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert_aws_error(reply, 413, "RequestEntityTooLargeException")


def test_unsigned_requests_are_refused(server_url: str) -> None:
    reply = send(server_url, "GET", f"/instance/{uuid.uuid4()}", sign=False)
    assert_aws_error(reply, 403, "MissingAuthenticationTokenException")
