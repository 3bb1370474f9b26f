"""Slow clients (issue 14): a request head and a body each have a deadline from when they
begin, however steadily their bytes trickle in; a connection past it is answered 408 in the
AWS error shape and closed. The number of open connections is capped, and the log says so
when the cap bites. Clients that are not slow see none of it."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.integration.test_connection import Reader, connect, head
from tests.support.server import EmulatorProcess

# Short deadlines keep the tests quick; every bound checked below is several times larger.
HEAD_TIMEOUT = 1.0
BODY_TIMEOUT = 1.5
MAX_CONNECTIONS = 4


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(
        "--log-level",
        "info",
        "--head-timeout",
        str(HEAD_TIMEOUT),
        "--body-timeout",
        str(BODY_TIMEOUT),
        "--max-connections",
        str(MAX_CONNECTIONS),
    ) as running:
        yield running


def trickle(sock: socket.socket, data: bytes, interval: float, limit: float) -> float:
    """Sends ``data`` a byte at a time until the server answers or closes; returns when."""
    started = time.monotonic()
    sock.settimeout(interval)
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            break
        try:
            if sock.recv(1, socket.MSG_PEEK):
                break
        except TimeoutError:
            pass
        except ConnectionResetError:
            break
        if time.monotonic() - started > limit:
            break
    sock.settimeout(10)
    return time.monotonic() - started


def test_a_head_trickling_in_is_cut_at_its_deadline(server: EmulatorProcess) -> None:
    raw = head("GET", "/instance", *(f"x-slow-{n}: {'v' * 40}" for n in range(40)))
    with connect(server) as sock:
        elapsed = trickle(sock, raw, 0.1, limit=15)
        reader = Reader(sock)
        status, headers, body = reader.response()
        assert status == 408
        assert headers["x-amzn-errortype"] == "RequestTimeoutException"
        assert b"Message" in body
        assert headers["connection"] == "close"
        assert reader.closed()
    assert HEAD_TIMEOUT <= elapsed < 10
    print(f"a head trickling a byte every 0.1 s: 408 after {elapsed:.2f} s (--head-timeout 1)")


def test_a_body_trickling_in_is_cut_at_its_deadline(server: EmulatorProcess) -> None:
    body = b'{"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "slow"}' * 4
    with connect(server) as sock:
        sock.sendall(head("PUT", "/instance", f"content-length: {len(body)}"))
        elapsed = trickle(sock, body, 0.1, limit=15)
        reader = Reader(sock)
        status, headers, _ = reader.response()
        assert status == 408
        assert headers["x-amzn-errortype"] == "RequestTimeoutException"
        assert reader.closed()
    assert BODY_TIMEOUT <= elapsed < 10
    print(f"a body trickling a byte every 0.1 s: 408 after {elapsed:.2f} s (--body-timeout 1.5)")


def test_an_unhurried_client_is_served_as_usual(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        reader = Reader(sock)
        for _ in range(3):
            sock.sendall(head("GET", "/instance"))
            assert reader.response()[0] == 200
            # Longer than both deadlines between requests: an idle keep-alive connection
            # waits for its next request under the keep-alive timeout only.
            time.sleep(BODY_TIMEOUT + 0.2)
        raw = head("GET", "/_emulator/health")
        sock.sendall(raw[:10])
        time.sleep(HEAD_TIMEOUT / 3)
        sock.sendall(raw[10:])
        assert reader.response()[0] == 200


def test_connections_past_the_cap_are_refused_and_logged(server: EmulatorProcess) -> None:
    held = []
    try:
        for _ in range(MAX_CONNECTIONS):
            sock = connect(server)
            held.append(sock)
            sock.sendall(head("GET", "/_emulator/health"))
            assert Reader(sock).response()[0] == 200  # accepted, and counted
        with connect(server) as extra:
            reader = Reader(extra)
            status, headers, _ = reader.response()
            assert status == 503
            assert headers["x-amzn-errortype"] == "ServiceUnavailableException"
            assert reader.closed()
        deadline = time.monotonic() + 5
        while "connection limit" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert f"connection limit of {MAX_CONNECTIONS} reached" in server.log()
        held.pop().close()
        time.sleep(0.2)  # the server notices the close
        with connect(server) as again:
            again.sendall(head("GET", "/_emulator/health"))
            assert Reader(again).response()[0] == 200
    finally:
        for sock in held:
            sock.close()
