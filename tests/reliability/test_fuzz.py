"""Property-based fuzzing at the HTTP level: whatever arrives, the answer is a well-formed
AWS error (or a success, when the fuzz happens to be valid), never a 5xx, and the server goes
on serving."""

from __future__ import annotations

import json
import os
import string
import urllib.request
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.reliability.wire import Reply, exchange, request_bytes
from tests.support.server import EmulatorProcess

FUZZ = settings(
    max_examples=int(os.environ.get("CONNECT_EMULATOR_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

OPERATION_PATHS = [
    b"/instance",
    b"/instance/00000000-0000-4000-8000-000000000000",
    b"/instance/arn%3Aaws%3Aconnect%3Aus-east-1%3A000000000000%3Ainstance%2Fx",
    b"/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A000000000000%3Ainstance%2Fx",
    b"/instance/x/attributes",
]
METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
create_like = st.fixed_dictionaries(
    {},
    optional={
        "IdentityManagementType": json_values
        | st.sampled_from(["SAML", "CONNECT_MANAGED", "EXISTING_DIRECTORY"]),
        "InstanceAlias": json_values | st.text(alphabet=string.ascii_letters + "-_", max_size=60),
        "DirectoryId": json_values,
        "InboundCallsEnabled": json_values,
        "OutboundCallsEnabled": json_values,
        "Tags": json_values
        | st.dictionaries(st.text(max_size=140), st.text(max_size=300), max_size=60),
        "ClientToken": json_values,
    },
)


def encoded(value: Any) -> bytes:
    return json.dumps(value).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    create_like.map(encoded),
    create_like.map(encoded).flatmap(
        lambda b: st.integers(0, max(0, len(b) - 1)).map(lambda n: b[:n])
    ),
    st.binary(max_size=40).map(lambda b: b'{"InstanceAlias": "' + b + b'"}'),
    json_values.map(encoded),
)
paths = st.one_of(
    st.sampled_from(OPERATION_PATHS),
    st.lists(st.text(max_size=12), max_size=5).map(
        lambda parts: ("/" + "/".join(parts)).encode("utf-8")
    ),
    st.binary(min_size=1, max_size=40).map(
        lambda raw: (
            b"/instance/" + raw.replace(b" ", b"%20").replace(b"\r", b"").replace(b"\n", b"")
        )
    ),
    st.sampled_from(OPERATION_PATHS).flatmap(
        lambda p: st.sampled_from(
            [
                b"%",
                b"%zz",
                b"%C3%28",
                b"%00",
                b"%2F%2F",
                b"?maxResults=abc",
                b"?maxResults=1&maxResults=2",
                b"?nextToken=%FF",
            ]
        ).map(lambda s: p + s)
    ),
)
extra_headers = st.lists(
    st.tuples(
        st.sampled_from(
            [
                b"content-type",
                b"x-amz-date",
                b"authorization",
                b"x-amz-content-sha256",
                b"x-foo",
                b"host",
                b"content-encoding",
            ]
        ),
        st.binary(max_size=60).map(lambda v: v.replace(b"\r", b"").replace(b"\n", b"")),
    ),
    max_size=4,
)


def assert_well_formed(reply: Reply, *, head: bool = False) -> None:
    assert reply.status < 500 or (
        reply.status == 501 and reply.headers.get("x-amzn-errortype") == "NotImplementedException"
    ), (reply.status, reply.body[:300])
    assert reply.headers.get("x-amzn-requestid")
    if reply.status >= 300:
        assert reply.headers["content-type"].startswith("application/json")
        assert reply.headers.get("x-amzn-errortype")
        if not head:  # a response to HEAD has no body, by HTTP's rules
            assert isinstance(reply.json()["Message"], str)


def healthy(server: EmulatorProcess) -> bool:
    with urllib.request.urlopen(server.url + "/_emulator/health", timeout=5) as reply:
        return bool(reply.status == 200)


@FUZZ
@given(
    method=st.sampled_from(METHODS),
    path=paths,
    body=bodies,
    headers=extra_headers,
    signed=st.booleans(),
)
def test_any_request_gets_a_well_formed_answer(  # noqa: PLR0917 (one argument per drawn part)
    abused_server: EmulatorProcess,
    method: str,
    path: bytes,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
    signed: bool,
) -> None:
    reply = exchange(abused_server.url, request_bytes(method, path, body, headers, signed=signed))
    if reply.headers.get("x-amzn-errortype") == "BadRequestException":
        assert reply.status == 400  # refused by the HTTP parser itself
    assert_well_formed(reply, head=method == "HEAD")


@FUZZ
@given(body=bodies)
def test_create_instance_bodies(abused_server: EmulatorProcess, body: bytes) -> None:
    reply = exchange(
        abused_server.url,
        request_bytes("PUT", b"/instance", body, [(b"content-type", b"application/json")]),
    )
    assert_well_formed(reply)
    if reply.status == 200:
        created = reply.json()
        assert set(created) == {"Id", "Arn"}


@FUZZ
@given(garbage=st.binary(min_size=1, max_size=400))
def test_garbage_instead_of_http(abused_server: EmulatorProcess, garbage: bytes) -> None:
    try:
        reply = exchange(abused_server.url, garbage + b"\r\n\r\n", timeout=3)
    except (ConnectionError, TimeoutError):
        return  # the parser may wait for more or drop the connection; the server must live on
    assert_well_formed(reply)


def test_huge_heads_bodies_and_duplicates(abused_server: EmulatorProcess) -> None:
    big_header = request_bytes("GET", b"/instance", headers=[(b"x-big", b"a" * 100_000)])
    reply = exchange(abused_server.url, big_header)
    assert reply.status == 431
    assert reply.headers["x-amzn-errortype"] == "RequestHeaderFieldsTooLargeException"
    many_headers = request_bytes(
        "GET", b"/instance", headers=[(b"x-%d" % i, b"v") for i in range(3000)]
    )
    assert exchange(abused_server.url, many_headers).status == 431
    long_path = request_bytes("GET", b"/instance/" + b"a" * 20_000)
    assert exchange(abused_server.url, long_path).status == 431
    huge_body = request_bytes("PUT", b"/instance", b"{" + b" " * (3 * 1024 * 1024) + b"}")
    reply = exchange(abused_server.url, huge_body)
    assert reply.status == 413
    assert reply.json()["Message"]
    duplicated = request_bytes(
        "PUT",
        b"/instance",
        b"{}",
        [(b"content-type", b"application/json"), (b"content-type", b"text/plain")],
    )
    assert_well_formed(exchange(abused_server.url, duplicated))
    missing_date = request_bytes(
        "GET",
        b"/instance",
        signed=False,
        headers=[(b"authorization", b"AWS4-HMAC-SHA256 Credential=a/b")],
    )
    reply = exchange(abused_server.url, missing_date)
    assert reply.status == 403
    assert reply.headers["x-amzn-errortype"] == "IncompleteSignatureException"
    assert healthy(abused_server)


def test_the_server_still_serves_after_the_fuzz(abused_server: EmulatorProcess) -> None:
    assert healthy(abused_server)
    reply = exchange(abused_server.url, request_bytes("GET", b"/instance"))
    assert reply.status == 200
    assert "InstanceSummaryList" in reply.json()
