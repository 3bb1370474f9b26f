"""HEAD (issue 14): answered with the headers a GET of the same path would get and no body,
for AWS API paths and the emulator's own. With ``--credentials`` the signature is verified over
the method the client sent: a HEAD signed as a HEAD passes, one signed as a GET does not."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.raw import RawResponse, send
from tests.support.server import EmulatorProcess

# raw.send signs with the secret "test".
ACCESS_KEY, SECRET, ACCOUNT = "AKIDHEADTEST0000", "test", "333333333333"
# Headers that differ between any two answers, HEAD or not.
PER_ANSWER = {"x-amzn-requestid", "date"}


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    path = tmp_path_factory.mktemp("head") / "credentials.json"
    path.write_text(json.dumps({ACCESS_KEY: {"secret_access_key": SECRET, "account_id": ACCOUNT}}))
    with EmulatorProcess(
        "--in-memory", "--provisioning-delay", "0", "--credentials", str(path)
    ) as server:
        yield server


def assert_head_of(head: RawResponse, get: RawResponse) -> None:
    assert head.status == get.status
    assert head.body == b""
    assert len(get.body) > 0
    assert int(head.headers["content-length"]) == len(get.body)
    same = {k: v for k, v in head.headers.items() if k not in PER_ANSWER}
    assert same == {k: v for k, v in get.headers.items() if k not in PER_ANSWER}


def test_a_head_of_an_api_path_is_its_get_without_the_body(secured: EmulatorProcess) -> None:
    instance_id = create(connect_client(secured.url, access_key=ACCESS_KEY, secret_key=SECRET))[
        "Id"
    ]
    for path in (f"/instance/{instance_id}", "/instance"):
        get = send(secured.url, "GET", path, access_key=ACCESS_KEY)
        head = send(secured.url, "HEAD", path, access_key=ACCESS_KEY)
        assert get.status == 200, get.body
        assert_head_of(head, get)
    assert json.loads(get.body)["InstanceSummaryList"][0]["Id"] == instance_id


def test_a_head_of_a_missing_resource_is_the_gets_error(secured: EmulatorProcess) -> None:
    path = "/instance/00000000-0000-0000-0000-000000000000"
    get = send(secured.url, "GET", path, access_key=ACCESS_KEY)
    head = send(secured.url, "HEAD", path, access_key=ACCESS_KEY)
    assert get.error_type == "ResourceNotFoundException"
    assert head.error_type == "ResourceNotFoundException"
    assert_head_of(head, get)


def test_a_head_signed_as_a_get_is_refused(secured: EmulatorProcess) -> None:
    path = "/instance"
    request = AWSRequest(method="GET", url=secured.url + path)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET), "connect", "us-east-1").add_auth(request)
    head = send(secured.url, "HEAD", path, headers=dict(request.headers.items()), sign=False)
    assert head.status == 403
    assert head.error_type == "InvalidSignatureException"
    assert head.body == b""


def test_a_head_of_health_and_of_a_control_route_is_their_get(secured: EmulatorProcess) -> None:
    for path in ("/_emulator/health", "/_emulator/faults"):
        get = send(secured.url, "GET", path, sign=False)
        head = send(secured.url, "HEAD", path, sign=False)
        assert get.status == 200, get.body
        assert_head_of(head, get)
    assert json.loads(get.body) == {"rules": []}


def test_a_path_without_a_get_answers_a_head_as_it_answers_a_get(
    secured: EmulatorProcess,
) -> None:
    path = "/_emulator/reset"  # POST only
    get = send(secured.url, "GET", path, sign=False)
    head = send(secured.url, "HEAD", path, sign=False)
    assert get.status == 405
    assert_head_of(head, get)
