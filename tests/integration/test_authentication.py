"""SigV4 verified against configured credentials, through boto3 and hand-tampered requests."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient, ControlError
from tests.integration.helpers import create, unique_alias
from tests.support.clients import connect_client
from tests.support.raw import RawResponse, send_prepared
from tests.support.server import EmulatorProcess

ALICE = ("AKIDALICE0000000", "alice-secret", "111111111111")
BOB = ("AKIDBOB000000000", "bob-secret", "222222222222")


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    path = tmp_path_factory.mktemp("auth") / "credentials.json"
    path.write_text(
        json.dumps(
            {
                key: {"secret_access_key": secret, "account_id": account}
                for key, secret, account in (ALICE, BOB)
            }
        )
    )
    with EmulatorProcess("--in-memory", "--credentials", str(path)) as server:
        yield server


def test_known_keys_work_and_act_as_their_account(secured: EmulatorProcess) -> None:
    alice = connect_client(secured.url, access_key=ALICE[0], secret_key=ALICE[1])
    reply = create(alice)
    assert reply["Arn"].split(":")[4] == "111111111111"


def test_a_wrong_secret_is_an_invalid_signature(secured: EmulatorProcess) -> None:
    mallory = connect_client(secured.url, access_key=ALICE[0], secret_key="guess")
    with pytest.raises(ClientError) as raised:
        mallory.list_instances()
    assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_an_unknown_key_is_unrecognized(secured: EmulatorProcess) -> None:
    stranger = connect_client(secured.url, access_key="AKIDNOBODY", secret_key="x")
    with pytest.raises(ClientError) as raised:
        stranger.list_instances()
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_a_rejected_create_creates_nothing(secured: EmulatorProcess) -> None:
    alias = unique_alias()
    mallory = connect_client(secured.url, access_key=ALICE[0], secret_key="guess")
    with pytest.raises(ClientError):
        create(mallory, alias)
    alice = connect_client(secured.url, access_key=ALICE[0], secret_key=ALICE[1])
    assert create(alice, alias)["Id"]


def signed(
    url: str,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    region: str = "us-east-1",
    service: str = "connect",
) -> AWSRequest:
    request = AWSRequest(
        method=method,
        url=url + path,
        data=body,
        headers={"content-type": "application/json"} if body else {},
    )
    SigV4Auth(Credentials(ALICE[0], ALICE[1]), service, region).add_auth(request)
    return request


def create_body() -> bytes:
    return json.dumps(
        {
            "IdentityManagementType": "CONNECT_MANAGED",
            "InstanceAlias": unique_alias(),
            "InboundCallsEnabled": True,
            "OutboundCallsEnabled": False,
        }
    ).encode()


def test_an_untouched_signed_request_passes(secured: EmulatorProcess) -> None:
    request = signed(secured.url, "PUT", "/instance", create_body())
    reply = send_prepared(secured.url, request)
    assert reply.status == 200, reply.body


def tamper(request: AWSRequest, part: str) -> AWSRequest:
    if part == "body":
        request.data = create_body()
    elif part == "path":
        request.url = str(request.url).replace("/instance", "/instance/x")
    elif part == "query":
        request.url = f"{request.url}?maxResults=3"
    elif part == "header":
        request.headers["content-type"] = "application/x-amz-json-1.1"
    elif part == "date":
        request.headers.replace_header("X-Amz-Date", "20200101T000000Z")
    return request


@pytest.mark.parametrize(
    ("part", "code"),
    [
        ("body", "InvalidSignatureException"),
        ("path", "InvalidSignatureException"),
        ("query", "InvalidSignatureException"),
        ("header", "InvalidSignatureException"),
        ("date", "InvalidSignatureException"),
    ],
)
def test_tampered_requests_are_refused(secured: EmulatorProcess, part: str, code: str) -> None:
    reply = send_prepared(
        secured.url, tamper(signed(secured.url, "PUT", "/instance", create_body()), part)
    )
    assert_refused(reply, code)


def test_a_request_signed_for_another_service_is_refused(secured: EmulatorProcess) -> None:
    reply = send_prepared(secured.url, signed(secured.url, "GET", "/instance", service="s3"))
    assert_refused(reply, "InvalidSignatureException")


def test_a_region_outside_the_partition_pattern_is_refused(secured: EmulatorProcess) -> None:
    reply = send_prepared(secured.url, signed(secured.url, "GET", "/instance", region="moon"))
    assert_refused(reply, "InvalidSignatureException")


def test_the_region_is_part_of_the_signature(secured: EmulatorProcess) -> None:
    request = signed(secured.url, "GET", "/instance", region="us-east-1")
    request.headers.replace_header(
        "Authorization", request.headers["Authorization"].replace("us-east-1", "eu-west-1")
    )
    assert_refused(send_prepared(secured.url, request), "InvalidSignatureException")


def test_presigned_urls_work_and_expire_checks_apply(secured: EmulatorProcess) -> None:
    alice = connect_client(secured.url, access_key=ALICE[0], secret_key=ALICE[1])
    instance_id = create(alice)["Id"]
    url = alice.generate_presigned_url(
        "describe_instance", Params={"InstanceId": instance_id}, ExpiresIn=60
    )
    with urllib.request.urlopen(url, timeout=10) as reply:
        assert json.loads(reply.read())["Instance"]["Id"] == instance_id
    forged = url.replace("X-Amz-Expires=60", "X-Amz-Expires=600")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(forged, timeout=10)
    with raised.value as refusal:  # the error holds the response (and its socket) open
        assert refusal.code == 403
        assert refusal.headers["x-amzn-ErrorType"] == "InvalidSignatureException"


def test_accounts_are_isolated_everywhere(secured: EmulatorProcess) -> None:
    alice = connect_client(secured.url, access_key=ALICE[0], secret_key=ALICE[1])
    bob = connect_client(secured.url, access_key=BOB[0], secret_key=BOB[1])
    created = create(alice, Tags={"k": "v"})
    for reference in (created["Id"], created["Arn"]):
        with pytest.raises(bob.exceptions.ResourceNotFoundException):
            bob.describe_instance(InstanceId=reference)
        with pytest.raises(bob.exceptions.ResourceNotFoundException):
            bob.delete_instance(InstanceId=reference)
    with pytest.raises(bob.exceptions.ResourceNotFoundException):
        bob.list_tags_for_resource(resourceArn=created["Arn"])
    with pytest.raises(bob.exceptions.ResourceNotFoundException):
        bob.tag_resource(resourceArn=created["Arn"], tags={"x": "y"})
    assert created["Id"] not in [s["Id"] for s in bob.list_instances()["InstanceSummaryList"]]
    assert alice.describe_instance(InstanceId=created["Id"])["Instance"]["Tags"] == {"k": "v"}


def assert_refused(reply: RawResponse, code: str) -> None:
    assert reply.status == 403, reply.body
    assert reply.error_type == code
    assert reply.json()["Message"]


def test_listening_beyond_loopback_needs_credentials_or_a_loud_flag(tmp_path: Path) -> None:
    refused = EmulatorProcess("--in-memory", "--host", "0.0.0.0", start_timeout=15)
    with pytest.raises(
        RuntimeError, match=r"refusing to listen on 0\.0\.0\.0 without --credentials"
    ):
        refused.start()
    refused.close()


def test_the_loud_flag_opens_the_network_but_not_the_control_api() -> None:
    with EmulatorProcess(
        "--in-memory", "--host", "0.0.0.0", "--allow-unauthenticated-network-access"
    ) as server:
        local = server.url.replace("0.0.0.0", "127.0.0.1")
        assert create(connect_client(local))["Id"]
        with pytest.raises(ControlError) as raised:
            ControlClient(local).clock()
        assert raised.value.status == 403
