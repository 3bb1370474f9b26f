"""The Authenticator in both modes, and a real boto3 client's signatures verified end to end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from connect_emulator.auth import (
    Authenticator,
    Credential,
    Principal,
    StaticCredentials,
)
from connect_emulator.protocol.http import HttpRequest
from tests.unit.auth.expect import MISMATCH, api_error
from tests.unit.auth.oracle import (
    ACCESS_KEY,
    ACCOUNT,
    ENDPOINT,
    INSTANCE_ARN,
    NOW,
    REGION,
    SECRET,
    sign,
    to_http_request,
    with_header,
)

URL = f"{ENDPOINT}/instance?maxResults=5"
STORE = StaticCredentials(
    {
        ACCESS_KEY: Credential(ACCESS_KEY, SECRET, ACCOUNT),
        "AKIDOTHER": Credential("AKIDOTHER", "another secret", "222222222222"),
    }
)
UNRECOGNIZED = "The security token included in the request is invalid."


def _at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _verifying(now: datetime = NOW) -> Authenticator:
    return Authenticator(STORE, _at(now))


def _open(now: datetime = NOW) -> Authenticator:
    return Authenticator(None, _at(now))


def test_a_good_signature_names_the_stores_account_and_the_scopes_region() -> None:
    principal = _verifying().authenticate(sign("GET", URL).request)
    assert principal == Principal(ACCESS_KEY, ACCOUNT, REGION)
    assert not _verifying().open


def test_an_unknown_key_is_unrecognized() -> None:
    request = sign("GET", URL, access_key="AKIDNOBODY").request
    with api_error("UnrecognizedClientException", UNRECOGNIZED):
        _verifying().authenticate(request)


def test_another_known_key_is_a_mismatch() -> None:
    request = sign("GET", URL).request
    swapped = with_header(
        request,
        "authorization",
        request.headers["authorization"].replace(f"={ACCESS_KEY}/", "=AKIDOTHER/"),
    )
    with api_error("InvalidSignatureException", MISMATCH):
        _verifying().authenticate(swapped)


def test_a_wrong_secret_is_a_mismatch() -> None:
    with api_error("InvalidSignatureException", MISMATCH):
        _verifying().authenticate(sign("GET", URL, secret="not it").request)


def test_the_clock_is_checked_before_the_key_as_aws_does() -> None:
    request = sign("GET", URL, access_key="AKIDNOBODY").request
    with api_error("InvalidSignatureException") as info:
        _verifying(NOW + timedelta(minutes=6)).authenticate(request)
    assert info.value.message.startswith("Signature expired:")


def test_the_skew_window_is_the_authenticators() -> None:
    request = sign("GET", URL).request
    lenient = Authenticator(STORE, _at(NOW + timedelta(minutes=30)), max_skew=timedelta(hours=1))
    assert lenient.authenticate(request).account_id == ACCOUNT
    with api_error("InvalidSignatureException"):
        _verifying(NOW + timedelta(minutes=30)).authenticate(request)


def test_open_mode_accepts_any_well_formed_signature() -> None:
    request = sign("GET", URL, access_key="123456789012", secret="whatever").request
    assert _open().authenticate(request) == Principal("123456789012", "123456789012", REGION)
    assert _open().open


def test_open_mode_puts_other_keys_in_the_default_account() -> None:
    request = sign("GET", URL, access_key="test", secret="test", region="us-west-2").request
    assert _open().authenticate(request) == Principal("test", "000000000000", "us-west-2")


def test_open_mode_ignores_the_clock() -> None:
    request = sign("GET", URL).request
    assert _open(NOW + timedelta(days=3)).authenticate(request).account_id == "000000000000"
    presigned = sign("GET", URL, expires=60).request
    assert _open(NOW + timedelta(days=3)).authenticate(presigned).region == REGION


def test_open_mode_still_requires_a_well_formed_connect_signature() -> None:
    with api_error(
        "InvalidSignatureException", "Credential should be scoped to correct service: 'connect'."
    ):
        _open().authenticate(sign("GET", URL, service="lambda").request)
    with api_error(
        "InvalidSignatureException", "Credential should be scoped to a valid region, not 'local'."
    ):
        _open().authenticate(sign("GET", URL, region="local").request)
    with api_error("MissingAuthenticationTokenException"):
        _open().authenticate(HttpRequest("GET", "/instance", "", {"host": "localhost"}))


def test_open_mode_refuses_an_empty_key() -> None:
    with api_error("UnrecognizedClientException", UNRECOGNIZED):
        _open().authenticate(sign("GET", URL, access_key="").request)


class _CannedBody:
    """Stands in for urllib3's response: the body botocore will parse."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b"{}"


def _real_clock() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def client_requests() -> tuple[Any, list[HttpRequest]]:
    """A boto3 Connect client whose requests are captured instead of sent."""
    captured: list[HttpRequest] = []

    # Typed Any: the stubs expect handlers to return None, but before-send may answer.
    def before_send(request: AWSPreparedRequest, **_: Any) -> Any:
        captured.append(to_http_request(request))
        return AWSResponse(request.url, 200, HTTPHeaders(), _CannedBody())

    client = boto3.client(
        "connect",
        region_name="ap-southeast-2",
        endpoint_url="http://127.0.0.1:1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET,
    )
    client.meta.events.register("before-send", before_send)
    return client, captured


def test_a_real_boto3_clients_signatures_verify(
    client_requests: tuple[Any, list[HttpRequest]],
) -> None:
    client, captured = client_requests
    client.list_instances(MaxResults=5)
    client.describe_instance(InstanceId="7f0e9f4c-1111-2222-3333-444455556666")
    client.tag_resource(resourceArn=INSTANCE_ARN, tags={"team": "a b", "x+y": "1/2"})
    client.untag_resource(resourceArn=INSTANCE_ARN, tagKeys=["a", "b c", "d+e", "f/g"])
    client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="my-instance",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
        ClientToken="token with spaces",
    )
    assert [request.method for request in captured] == ["GET", "GET", "POST", "DELETE", "PUT"]
    assert "%3A" in captured[2].raw_path
    authenticator = Authenticator(STORE, _real_clock)
    for request in captured:
        assert authenticator.authenticate(request) == Principal(
            ACCESS_KEY, ACCOUNT, "ap-southeast-2"
        )


def test_a_real_boto3_presigned_url_verifies(
    client_requests: tuple[Any, list[HttpRequest]],
) -> None:
    client, _ = client_requests
    url = client.generate_presigned_url("list_instances", Params={"MaxResults": 7}, ExpiresIn=120)
    parts = urlsplit(url)
    request = HttpRequest("GET", parts.path, parts.query, {"host": "127.0.0.1:1"})
    principal = Authenticator(STORE, _real_clock).authenticate(request)
    assert principal == Principal(ACCESS_KEY, ACCOUNT, "ap-southeast-2")
    tampered = HttpRequest("GET", parts.path, parts.query.replace("=7", "=8"), request.headers)
    with api_error("InvalidSignatureException", MISMATCH):
        Authenticator(STORE, _real_clock).authenticate(tampered)
