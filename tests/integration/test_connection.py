"""The HTTP/1.1 connection (gateway/connection.py) on the wire: keep-alive, pipelining,
``Expect: 100-continue``, HTTP/1.0, idle connections, and creates that arrive together
(one group commit) answered each on its own."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.reliability.wire import AMZ_DATE, AUTHORIZATION
from tests.support.server import EmulatorProcess


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--provisioning-delay", "0", "--log-level", "warning") as running:
        yield running


def connect(server: EmulatorProcess) -> socket.socket:
    target = urlsplit(server.url)
    return socket.create_connection((target.hostname, target.port), timeout=10)


def head(method: str, path: str, *extra: str, version: str = "1.1") -> bytes:
    lines = [
        f"{method} {path} HTTP/{version}",
        "host: 127.0.0.1",
        f"authorization: {AUTHORIZATION}",
        f"x-amz-date: {AMZ_DATE}",
        *extra,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def create(alias: str) -> bytes:
    body = json.dumps(
        {
            "IdentityManagementType": "CONNECT_MANAGED",
            "InstanceAlias": alias,
            "InboundCallsEnabled": True,
            "OutboundCallsEnabled": False,
        }
    ).encode()
    return head("PUT", "/instance", f"content-length: {len(body)}") + body


class Reader:
    """Reads responses one after another from a kept-alive connection."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._data = b""

    def _more(self) -> bool:
        chunk = self._sock.recv(65536)
        self._data += chunk
        return bool(chunk)

    def response(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self._data:
            if not self._more():
                raise ConnectionError("closed before a response")
        raw_head, _, self._data = self._data.partition(b"\r\n\r\n")
        lines = raw_head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self._data) < length:
            if not self._more():
                raise ConnectionError("closed inside a body")
        body, self._data = self._data[:length], self._data[length:]
        return int(lines[0].split(" ")[1]), headers, body

    def closed(self) -> bool:
        return self._data == b"" and not self._more()


def test_pipelined_requests_are_answered_in_order_on_one_connection(
    server: EmulatorProcess,
) -> None:
    with connect(server) as sock:
        sock.sendall(
            head("GET", "/instance/not-an-id")
            + head("GET", "/_emulator/health")
            + head("GET", "/instance")
        )
        reader = Reader(sock)
        first, second, third = reader.response(), reader.response(), reader.response()
        assert first[0] == 404
        assert first[1]["x-amzn-errortype"] == "ResourceNotFoundException"
        assert second[0] == 200
        assert "status" in json.loads(second[2])
        assert third[0] == 200
        assert "InstanceSummaryList" in json.loads(third[2])
        ids = {first[1]["x-amzn-requestid"], third[1]["x-amzn-requestid"]}
        assert len(ids) == 2
        sock.sendall(head("GET", "/instance"))  # still open for more
        assert reader.response()[0] == 200


def test_creates_sent_together_are_each_answered_for_themselves(
    server: EmulatorProcess,
) -> None:
    # One write: they reach the server in one read, so one batch and one commit; the
    # duplicate fails alone and the others are kept.
    aliases = [f"together-{n}-{time.monotonic_ns()}" for n in range(3)]
    with connect(server) as sock:
        sock.sendall(
            create(aliases[0]) + create(aliases[1]) + create(aliases[0]) + create(aliases[2])
        )
        reader = Reader(sock)
        answers = [reader.response() for _ in range(4)]
    assert [status for status, _, _ in answers] == [200, 200, 400, 200]
    assert json.loads(answers[2][2])["Message"] == "Invalid Input. Instance alias is already used."
    created = [json.loads(body)["Id"] for status, _, body in answers if status == 200]
    assert len(set(created)) == 3
    with connect(server) as sock:
        sock.sendall(b"".join(head("GET", f"/instance/{instance_id}") for instance_id in created))
        reader = Reader(sock)
        found = [json.loads(reader.response()[2])["Instance"]["InstanceAlias"] for _ in created]
    assert found == [aliases[0], aliases[1], aliases[2]]


def test_expect_100_continue_is_honoured(server: EmulatorProcess) -> None:
    body = b'{"IdentityManagementType": "CONNECT_MANAGED"}'
    with connect(server) as sock:
        sock.sendall(
            head("PUT", "/instance", f"content-length: {len(body)}", "expect: 100-continue")
        )
        reader = Reader(sock)
        status, _, _ = reader.response()
        assert status == 100
        sock.sendall(body)
        status, headers, _ = reader.response()
        assert status == 400  # the body is missing required members: it was read and parsed
        assert headers["x-amzn-errortype"] == "InvalidRequestException"


def test_http_1_0_and_connection_close_end_the_connection(server: EmulatorProcess) -> None:
    for request in (
        head("GET", "/instance", version="1.0"),
        head("GET", "/instance", "connection: close"),
    ):
        with connect(server) as sock:
            sock.sendall(request)
            reader = Reader(sock)
            status, headers, _ = reader.response()
            assert status == 200
            assert headers["connection"] == "close"
            assert reader.closed()


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(
    server: EmulatorProcess,
) -> None:
    with connect(server) as sock:
        sock.sendall(head("GET", "/instance"))
        reader = Reader(sock)
        assert reader.response()[0] == 200
        started = time.monotonic()
        assert reader.closed()  # blocks until the server closes (uvicorn's 5 s default)
        assert 4 < time.monotonic() - started < 9.5
