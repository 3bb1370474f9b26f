"""The dispatcher: a batch per turn of the loop, answered in order, acknowledged after commit."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from connect_emulator.gateway.asgi import Handlers
from connect_emulator.gateway.dispatcher import BatchDispatcher
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest, HttpResponse
from connect_emulator.protocol.serializer import serialize_error
from connect_emulator.protocol.spec import load_service_model

MODEL = load_service_model()


class Recorder:
    """Stands in for a connection: keeps what it was answered, and when."""

    def __init__(self, log: list[str]) -> None:
        self.answers: list[HttpResponse] = []
        self._log = log

    def respond(self, response: HttpResponse) -> None:
        self._log.append("answer")
        self.answers.append(response)


def request(path: str) -> HttpRequest:
    return HttpRequest("GET", path, "", {})


def reject(error: ApiError) -> HttpResponse:
    return serialize_error(MODEL, error)


class Batch:
    """A store's open batch. ``writes``: what runs inside leaves a write to commit (SQLite's
    batch after a create); without, the dispatcher answers at the end of the turn."""

    def __init__(self, log: list[str], *, fail_commit: bool, writes: bool) -> None:
        self._log = log
        self._fail = fail_commit
        self.uncommitted = writes

    def commit(self) -> None:
        if self._fail:
            raise OSError("disk full")
        self._log.append("commit")

    def abort(self) -> None:
        self._log.append("abort")


class Batches:
    """A store's ``open_batch``."""

    def __init__(
        self,
        log: list[str],
        *,
        fail_commit: bool = False,
        writes: bool = False,
        fail_open: bool = False,
    ) -> None:
        self._log = log
        self._fail_commit = fail_commit
        self._fail_open = fail_open
        self._writes = writes

    def __call__(self) -> Batch:
        if self._fail_open:
            raise OSError("database is locked")
        self._log.append("begin")
        return Batch(self._log, fail_commit=self._fail_commit, writes=self._writes)


class Fatal(BaseException):
    """Not a request's failure: what ``Handlers.answer`` does not catch."""


def dispatcher(log: list[str], batches: Batches, **limits: Any) -> BatchDispatcher:
    def api(req: HttpRequest) -> HttpResponse:
        log.append(f"api {req.raw_path}")
        if req.raw_path == "/boom":
            raise RuntimeError("a bug outside the pipeline")
        if req.raw_path == "/fatal":
            raise Fatal
        return HttpResponse(200, [], json.dumps({"path": req.raw_path}).encode())

    def emulator(req: HttpRequest) -> HttpResponse:
        log.append(f"emulator {req.raw_path}")
        return HttpResponse(200, [], b"{}")

    return BatchDispatcher(Handlers(api, emulator, reject), batches, max_body_bytes=10, **limits)


def turns(count: int, *steps: Any) -> None:
    """Runs ``steps[i]`` at the start of turn i, then lets ``count`` turns pass in all."""

    async def main() -> None:
        for turn in range(count):
            if turn < len(steps):
                steps[turn]()
            await asyncio.sleep(0)

    asyncio.run(main())


def test_requests_of_one_turn_are_one_batch_answered_after_its_commit() -> None:
    log: list[str] = []
    first, second = Recorder(log), Recorder(log)
    target = dispatcher(log, Batches(log))

    def submit() -> None:
        target.submit(first, request("/instance/a"))  # type: ignore[arg-type]
        target.submit(second, request("/_emulator/health"))  # type: ignore[arg-type]
        target.submit(first, request("/instance/b"))  # type: ignore[arg-type]

    turns(3, submit)
    assert log == [
        "begin",
        "api /instance/a",
        "emulator /_emulator/health",
        "api /instance/b",
        "commit",
        "answer",
        "answer",
        "answer",
    ]
    assert [json.loads(a.body)["path"] for a in first.answers] == ["/instance/a", "/instance/b"]


def test_a_failed_commit_answers_every_request_of_the_batch_500() -> None:
    log: list[str] = []
    connections = [Recorder(log) for _ in range(3)]
    target = dispatcher(log, Batches(log, fail_commit=True, writes=True))

    def submit() -> None:
        for connection in connections:
            target.submit(connection, request("/instance/x"))  # type: ignore[arg-type]

    turns(3, submit)
    statuses = [(a.status, a.header("x-amzn-ErrorType")) for c in connections for a in c.answers]
    assert statuses == [(500, "InternalServiceException")] * 3


def test_a_body_over_the_limit_and_a_failing_handler_are_answered_alone() -> None:
    log: list[str] = []
    connection = Recorder(log)
    target = dispatcher(log, Batches(log))

    def submit() -> None:
        target.submit(connection, None)  # type: ignore[arg-type]
        target.submit(connection, request("/boom"))  # type: ignore[arg-type]
        target.submit(connection, request("/instance/ok"))  # type: ignore[arg-type]

    turns(3, submit)
    assert [(a.status, a.header("x-amzn-ErrorType")) for a in connection.answers] == [
        (413, "RequestEntityTooLargeException"),
        (500, "InternalServiceException"),
        (200, None),
    ]
    assert "commit" in log


def test_a_batch_with_a_write_stays_open_while_requests_keep_arriving() -> None:
    log: list[str] = []
    first, second = Recorder(log), Recorder(log)
    target = dispatcher(log, Batches(log, writes=True))
    turns(
        6,
        lambda: target.submit(first, request("/instance/a")),  # type: ignore[arg-type]
        lambda: target.submit(second, request("/instance/b")),  # type: ignore[arg-type]
    )
    # Both joined one commit; nothing was answered before it.
    assert log == ["begin", "api /instance/a", "api /instance/b", "commit", "answer", "answer"]


def test_a_held_batch_commits_at_its_request_limit() -> None:
    log: list[str] = []
    connection = Recorder(log)
    target = dispatcher(log, Batches(log, writes=True), max_requests=2)

    def two() -> None:
        target.submit(connection, request("/instance/a"))  # type: ignore[arg-type]
        target.submit(connection, request("/instance/b"))  # type: ignore[arg-type]

    turns(6, two, two)
    assert log == [
        *["begin", "api /instance/a", "api /instance/b", "commit", "answer", "answer"],
        *["begin", "api /instance/a", "api /instance/b", "commit", "answer", "answer"],
    ]


def test_a_held_batch_commits_at_its_age_limit() -> None:
    log: list[str] = []
    connection = Recorder(log)
    target = dispatcher(log, Batches(log, writes=True), max_age=0.0)
    turns(
        6,
        lambda: target.submit(connection, request("/instance/a")),  # type: ignore[arg-type]
        lambda: target.submit(connection, request("/instance/b")),  # type: ignore[arg-type]
    )
    assert log == [
        *["begin", "api /instance/a", "commit", "answer"],
        *["begin", "api /instance/b", "commit", "answer"],
    ]


def test_a_batch_that_cannot_begin_answers_its_requests_500() -> None:
    log: list[str] = []
    connection = Recorder(log)
    target = dispatcher(log, Batches(log, fail_open=True))
    turns(3, lambda: target.submit(connection, request("/instance/a")))  # type: ignore[arg-type]
    assert log == ["answer"]  # the request never reached the pipeline
    assert [(a.status, a.header("x-amzn-ErrorType")) for a in connection.answers] == [
        (500, "InternalServiceException")
    ]


def test_a_failure_beyond_the_requests_aborts_the_batch() -> None:
    log: list[str] = []
    connection = Recorder(log)
    target = dispatcher(log, Batches(log, writes=True))

    def submit_fatal() -> None:
        target.submit(connection, request("/instance/a"))  # type: ignore[arg-type]
        target.submit(connection, request("/fatal"))  # type: ignore[arg-type]

    # The loop logs the failure of its callback (a BaseException other than SystemExit and
    # KeyboardInterrupt) and goes on: the next request gets a batch of its own.
    turns(
        6,
        submit_fatal,
        lambda: target.submit(connection, request("/instance/b")),  # type: ignore[arg-type]
    )
    assert log == [
        *["begin", "api /instance/a", "api /fatal", "abort"],
        *["begin", "api /instance/b", "commit", "answer"],
    ]
