"""The HTTP/1.1 connection against clients that push its limits (issue 14): pipelined requests
whose heads together exceed the head limit, a refusal after requests already executed, and
HEAD answers: a GET's, without the body."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.integration.test_connection import Reader, connect, create, head
from tests.support.server import EmulatorProcess

HEAD_LIMIT = 16 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--provisioning-delay", "0", "--log-level", "warning") as running:
        yield running


def test_pipelined_requests_past_the_head_limit_are_all_answered(server: EmulatorProcess) -> None:
    # The limit bounds one request's head, not what arrives in one read.
    requests = [head("GET", "/instance", f"x-n: {n}") for n in range(80)]
    assert len(b"".join(requests)) > HEAD_LIMIT
    with connect(server) as sock:
        sock.sendall(b"".join(requests))
        reader = Reader(sock)
        statuses = [reader.response()[0] for _ in requests]
        assert statuses == [200] * len(requests)
        sock.sendall(head("GET", "/_emulator/health"))  # and the connection is still open
        assert reader.response()[0] == 200


def test_pipelined_creates_past_the_head_limit_are_each_acknowledged(
    server: EmulatorProcess,
) -> None:
    aliases = [f"piped-{n}-{time.monotonic_ns()}" for n in range(40)]
    raw = b"".join(create(alias) for alias in aliases)
    assert len(raw) > HEAD_LIMIT
    with connect(server) as sock:
        sock.sendall(raw)
        reader = Reader(sock)
        answers = [reader.response() for _ in aliases]
    assert [status for status, _, _ in answers] == [200] * len(aliases)
    created = [json.loads(body)["Id"] for _, _, body in answers]
    with connect(server) as sock:
        sock.sendall(b"".join(head("GET", f"/instance/{i}") for i in created))
        reader = Reader(sock)
        found = [json.loads(reader.response()[2])["Instance"]["InstanceAlias"] for _ in created]
    assert found == aliases


def test_a_head_over_the_limit_is_refused_after_the_requests_before_it(
    server: EmulatorProcess,
) -> None:
    alias = f"before-refusal-{time.monotonic_ns()}"
    too_large = head("GET", "/instance", "x-padding: " + "a" * HEAD_LIMIT)
    with connect(server) as sock:
        sock.sendall(create(alias) + head("GET", "/_emulator/health") + too_large)
        reader = Reader(sock)
        first, second, third = reader.response(), reader.response(), reader.response()
        assert first[0] == 200, first
        assert json.loads(first[2])["Id"]
        assert second[0] == 200
        assert third[0] == 431
        assert third[1]["x-amzn-errortype"] == "RequestHeaderFieldsTooLargeException"
        assert third[1]["connection"] == "close"
        assert reader.closed()


def test_an_unreadable_request_is_refused_after_the_requests_before_it(
    server: EmulatorProcess,
) -> None:
    with connect(server) as sock:
        sock.sendall(
            head("GET", "/instance") + head("GET", "/_emulator/health") + b"NOT HTTP AT ALL\r\n\r\n"
        )
        reader = Reader(sock)
        statuses = [reader.response()[0] for _ in range(3)]
        assert statuses == [200, 200, 400]
        assert reader.closed()


def test_a_head_request_is_answered_as_a_get_without_a_body(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        # Each HEAD answer is followed by another answer on the same connection: a body
        # after a HEAD answer would be read as the start of the next one.
        sock.sendall(
            head("HEAD", "/_emulator/health")
            + head("GET", "/_emulator/health")
            + head("HEAD", "/instance")
            + head("GET", "/instance")
        )
        reader = HeadAwareReader(sock)
        answers = [
            reader.response(head_only=True),
            reader.response(),
            reader.response(head_only=True),
            reader.response(),
        ]
    health_head, health, instances_head, instances = answers
    assert json.loads(health[2])["status"] == "ok"
    assert "InstanceSummaryList" in json.loads(instances[2])
    # Each HEAD answer is its GET's: the same status and headers, the length of its body.
    for head_answer, get_answer in ((health_head, health), (instances_head, instances)):
        assert head_answer[0] == get_answer[0] == 200
        assert head_answer[1].keys() == get_answer[1].keys()
        assert int(head_answer[1]["content-length"]) == len(get_answer[2]) > 0
        assert "x-amzn-errortype" not in head_answer[1]


class HeadAwareReader(Reader):
    def response(self, *, head_only: bool = False) -> tuple[int, dict[str, str], bytes]:
        if not head_only:
            return super().response()
        while b"\r\n\r\n" not in self._data:
            if not self._more():
                raise ConnectionError("closed before a response")
        raw_head, _, self._data = self._data.partition(b"\r\n\r\n")
        lines = raw_head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(lines[0].split(" ")[1]), headers, b""
