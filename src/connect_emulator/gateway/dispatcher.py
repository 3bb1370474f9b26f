"""Answers the requests connections receive, a batch per turn of the event loop.

Every complete request is queued; once per turn of the loop the queue is answered in order
inside one store batch (``SqliteStore.batch``: one commit for all the writes of the batch,
each request's transaction a savepoint within it), and only then are the answers written.
So a CreateInstance is still acknowledged only after it is durable, but 30 creates that
arrive together pay for one commit instead of 30 (group commit; docs/performance.md).
If that commit fails, every request of the batch is answered 500 and nothing is kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from connect_emulator.gateway.asgi import EMULATOR_PREFIX, Handlers
from connect_emulator.gateway.connection import Connection
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest, HttpResponse

LOG = logging.getLogger(__name__)

Batch = Callable[[], AbstractContextManager[object]]


def _internal_error() -> ApiError:
    return ApiError("InternalServiceException", "The service encountered an internal error.")


class BatchDispatcher:
    def __init__(self, handlers: Handlers, batch: Batch, max_body_bytes: int) -> None:
        self._handlers = handlers
        self._batch = batch
        self._max_body = max_body_bytes
        self._queue: list[tuple[Connection, HttpRequest | None]] = []
        self._scheduled = False

    def submit(self, connection: Connection, request: HttpRequest | None) -> None:
        self._queue.append((connection, request))
        if not self._scheduled:
            self._scheduled = True
            # After the callbacks of this turn: requests that arrived together batch together.
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        queue, self._queue = self._queue, []
        try:
            with self._batch():
                answers = [self._answer(request) for _, request in queue]
        except Exception:
            LOG.exception("a batch of %d requests failed to commit", len(queue))
            answers = [self._handlers.reject(_internal_error()) for _ in queue]
        for (connection, _), response in zip(queue, answers, strict=True):
            connection.respond(response)

    def _answer(self, request: HttpRequest | None) -> HttpResponse:
        if request is None:
            return self._handlers.reject(
                ApiError(
                    "RequestEntityTooLargeException",
                    f"Request body is larger than the limit of {self._max_body} bytes.",
                    status=413,
                )
            )
        try:
            if request.raw_path.startswith(EMULATOR_PREFIX):
                return self._handlers.emulator(request)
            return self._handlers.api(request)
        except Exception:
            # The pipeline answers its own failures; this is a failure around it.
            LOG.exception("request failed outside the pipeline: %s", request.raw_path)
            return self._handlers.reject(_internal_error())
