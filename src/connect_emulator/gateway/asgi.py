"""The ASGI adapter: HTTP bytes in, ``HttpRequest`` to the pipeline, ``HttpResponse`` out.

Bodies are read up to a limit before anything parses them, so an oversized request costs
the server nothing but the bytes it refused. Paths under ``/_emulator/`` (and moto's
``/moto-api/``) belong to the emulator itself: no AWS operation path starts that way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from connect_emulator.protocol.errors import ApiError, body_too_large, internal_error
from connect_emulator.protocol.http import HttpRequest, HttpResponse, header_map

LOG = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

EMULATOR_PREFIX = "/_emulator/"
# Paths the emulator answers itself: its own, and moto's server-mode reset (POST
# /moto-api/reset), which test suites moving from moto call between tests.
EMULATOR_PREFIXES = (EMULATOR_PREFIX, "/moto-api/")


class Handlers:
    """What the emulator serves: the AWS pipeline and the emulator's own routes.

    ``answer`` is the one way a complete request is answered, whichever door it came in by
    (the dispatcher for uvicorn's connections, the ASGI ``http`` path for other servers).
    """

    def __init__(
        self,
        api: Callable[[HttpRequest], HttpResponse],
        emulator: Callable[[HttpRequest], HttpResponse],
        reject: Callable[[ApiError], HttpResponse],
    ) -> None:
        self.api = api
        self.emulator = emulator
        # Answers a request refused before it could be parsed, in the AWS error format.
        self.reject = reject

    def answer(self, request: HttpRequest | None, max_body_bytes: int) -> HttpResponse:
        """The answer to a request, or to one whose body went over ``max_body_bytes`` (None:
        the door counted the body and kept none of it)."""
        if request is None:
            return self.reject(body_too_large(max_body_bytes))
        try:
            if request.raw_path.startswith(EMULATOR_PREFIXES):
                return self.emulator(request)
            return self.api(request)
        except Exception:
            # The pipeline answers its own failures; this is a failure around it.
            LOG.exception("request failed outside the pipeline: %s", request.raw_path)
            return self.reject(internal_error())


class GatewayApp:
    """The emulator as an ASGI application.

    Under ``connect-emulator serve`` and the test harness, uvicorn runs only its lifespan
    (start-up and shutdown); requests are read by ``gateway/connection.py`` and answered by
    ``gateway/dispatcher.py``, which skip the per-request ASGI cycle (``connection_class``).
    The ASGI ``http`` path below answers the same way, for any other ASGI server.
    """

    def __init__(
        self,
        handlers: Handlers,
        *,
        max_body_bytes: int,
        on_startup: Callable[[], Awaitable[None]] | None = None,
        on_shutdown: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._handlers = handlers
        self._max_body = max_body_bytes
        self._on_startup = on_startup
        self._on_shutdown = on_shutdown

    @property
    def handlers(self) -> Handlers:
        return self._handlers

    @property
    def max_body_bytes(self) -> int:
        return self._max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await _read_body(receive, self._max_body)
            request = None if body is None else _request(scope, body)
        except Exception:
            # A failure of the adapter itself, before there was a request to answer.
            LOG.exception("request failed before reaching the pipeline")
            response = self._handlers.reject(internal_error())
        else:
            response = self._handlers.answer(request, self._max_body)
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
        headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        # A HEAD answer is the headers a GET would get: the length of a body it does not carry.
        body = b"" if scope.get("method") == "HEAD" else response.body
        await send({"type": "http.response.body", "body": body})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self._on_startup is not None:
                        await self._on_startup()
                except Exception as error:
                    LOG.exception("start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    await self._on_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _request(scope: Scope, body: bytes) -> HttpRequest:
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    return HttpRequest(
        method=scope["method"],
        raw_path=raw_path.decode("latin-1"),
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=header_map(scope["headers"]),
        body=body,
    )


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None once it exceeds ``limit`` (the rest is drained, not kept)."""
    chunks: list[bytes] = []
    size = 0
    too_large = False
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            too_large = True
            chunks.clear()
        elif not too_large:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return None if too_large else b"".join(chunks)
