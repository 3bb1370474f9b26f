"""One HTTP/1.1 client connection: bytes in, ``HttpRequest`` to the dispatcher, bytes out.

This replaces uvicorn's ASGI request cycle for API traffic (uvicorn still runs the server:
sockets, signals, lifespan, graceful shutdown; it builds one of these per connection, which is
why the constructor takes its arguments). The ASGI cycle cost about 150 us of the ~330 us a
DescribeInstance took (a task, two queues and two ``send`` messages per request); here a
complete request is handed to the dispatcher from the parser callback and its answer written
with one ``transport.write``. docs/performance.md has the measurements.

Limits are enforced before anything is parsed or kept:
- the request head (request line and headers) is fed to httptools at most ``max_head_bytes``
  at a time until it is complete; a longer head is refused with 431 (httptools itself would
  buffer a head of any size);
- body bytes past ``max_body_bytes`` are counted and dropped, and the request answered 413;
- requests the parser cannot read are answered 400 in the AWS error shape, and the connection
  closed: after a broken head the byte stream cannot be trusted.
Idle connections are closed after uvicorn's ``timeout_keep_alive`` (5 s by default).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, ClassVar, Protocol, cast

import httptools
import orjson

from connect_emulator.protocol.http import HttpRequest, HttpResponse, header_map

LOG = logging.getLogger(__name__)

_STATUS_LINES = {
    200: b"HTTP/1.1 200 OK\r\n",
    400: b"HTTP/1.1 400 Bad Request\r\n",
    403: b"HTTP/1.1 403 Forbidden\r\n",
    404: b"HTTP/1.1 404 Not Found\r\n",
    409: b"HTTP/1.1 409 Conflict\r\n",
    413: b"HTTP/1.1 413 Request Entity Too Large\r\n",
    429: b"HTTP/1.1 429 Too Many Requests\r\n",
    431: b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
    500: b"HTTP/1.1 500 Internal Server Error\r\n",
    501: b"HTTP/1.1 501 Not Implemented\r\n",
    503: b"HTTP/1.1 503 Service Unavailable\r\n",
}


class RequestIds(Protocol):
    def uuid(self) -> str: ...


class Dispatcher(Protocol):
    def submit(self, connection: Connection, request: HttpRequest | None) -> None:
        """Answers ``request`` (None: its body was over the limit) by ``connection.respond``."""
        ...


class ServerState(Protocol):
    """The part of uvicorn's ServerState a connection uses."""

    connections: set[Any]
    default_headers: list[tuple[bytes, bytes]]


def encode_response(
    response: HttpResponse, extra: list[tuple[bytes, bytes]], *, close: bool
) -> bytes:
    """The whole response as one buffer: one write, one TCP segment for small answers."""
    body = response.body
    parts = [_STATUS_LINES.get(response.status) or b"HTTP/1.1 %d \r\n" % response.status]
    for name, value in response.headers:
        parts.append(f"{name}: {value}\r\n".encode("latin-1"))
    for raw_name, raw_value in extra:
        parts += (raw_name, b": ", raw_value, b"\r\n")
    parts.append(b"content-length: %d\r\n" % len(body))
    if close:
        parts.append(b"connection: close\r\n")
    parts.append(b"\r\n")
    parts.append(body)
    return b"".join(parts)


class Connection(asyncio.Protocol):
    # Set per server by ``connection_class``; uvicorn instantiates the class per connection.
    dispatcher: ClassVar[Dispatcher]
    request_ids: ClassVar[RequestIds]
    max_head_bytes: ClassVar[int]
    max_body_bytes: ClassVar[int]

    def __init__(
        self,
        config: Any,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self._loop = _loop or asyncio.get_event_loop()
        self._state = server_state
        self._idle_limit: float = config.timeout_keep_alive
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._idle_timer: asyncio.TimerHandle | None = None
        self._last_active = 0.0
        # Requests handed to the dispatcher and not answered yet (pipelined requests queue).
        self._unanswered = 0
        self._close_when_answered = False
        # The head being received: how many of its bytes were fed to the parser.
        self._in_head = True
        self._head_bytes = 0
        self._url = b""
        self._raw_headers: list[tuple[bytes, bytes]] = []
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._body_bytes = 0

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream server's transport (uvloop's is not an asyncio.Transport subclass).
        self._transport = cast(asyncio.Transport, transport)
        self._state.connections.add(self)
        self._touch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._state.connections.discard(self)
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        self._transport = None

    def pause_writing(self) -> None:
        # The client is not reading its answers: stop reading its requests until it does.
        if self._transport is not None:
            self._transport.pause_reading()

    def resume_writing(self) -> None:
        if self._transport is not None:
            self._transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        self._last_active = self._loop.time()
        if not self._in_head:
            self._feed(data)
            return
        room = self.max_head_bytes - self._head_bytes
        if len(data) <= room:
            self._head_bytes += len(data)
            self._feed(data)
            return
        # Only what still fits in the limit reaches the parser; if the head is not complete
        # by then, it is too large, whatever follows.
        self._head_bytes += room
        self._feed(data[:room])
        if self._transport is None or self._transport.is_closing():
            return
        if self._head_incomplete():
            self.refuse(
                431,
                "RequestHeaderFieldsTooLargeException",
                f"The request line and headers are larger than {self.max_head_bytes} bytes.",
            )
            return
        self.data_received(data[room:])

    def _head_incomplete(self) -> bool:
        # A method, not the attribute: parser callbacks change it during _feed.
        return self._in_head

    def _feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # No protocol upgrades here: the request was answered as plain HTTP; what follows
            # it is in another protocol, so the connection ends with the answer.
            self._close_when_answered = True
        except httptools.HttpParserError as error:
            self.refuse(400, "BadRequestException", f"Invalid HTTP request received: {error}")

    # httptools callbacks

    def on_message_begin(self) -> None:
        self._in_head = True
        self._url = b""
        self._raw_headers = []
        self._headers = {}
        self._body = []
        self._body_bytes = 0

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        # Kept raw: decoded all at once when the head is complete (one callback per header
        # is the parser's own cost; anything more in it is paid ten times a request).
        self._raw_headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._in_head = False
        raw = self._raw_headers
        headers = {name.lower().decode("latin-1"): value.decode("latin-1") for name, value in raw}
        if len(headers) < len(raw):
            headers = header_map(raw)  # a repeated header: joined
        self._headers = headers
        if headers.get("expect", "").lower() == "100-continue" and self._transport:
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if self._body_bytes <= self.max_body_bytes:
            self._body.append(body)
        elif self._body:
            self._body = []  # over the limit: the rest is counted, not kept

    def on_message_complete(self) -> None:
        self._in_head = True
        self._head_bytes = 0
        if not self._parser.should_keep_alive():
            self._close_when_answered = True
        self._unanswered += 1
        if self._body_bytes > self.max_body_bytes:
            self.dispatcher.submit(self, None)
            return
        url = self._url
        if url[:1] != b"/":  # absolute-form ("http://host/path"): only its path counts
            parsed = httptools.parse_url(url)
            url = (parsed.path or b"/") + (b"?" + parsed.query if parsed.query else b"")
        path, _, query = url.partition(b"?")
        request = HttpRequest(
            method=self._parser.get_method().decode("ascii"),
            raw_path=path.decode("latin-1"),
            query_string=query.decode("latin-1"),
            headers=self._headers,
            body=b"".join(self._body),
        )
        self.dispatcher.submit(self, request)

    # Answers

    def respond(self, response: HttpResponse) -> None:
        self._unanswered -= 1
        transport = self._transport
        if transport is None or transport.is_closing():
            return  # the client left before its answer
        close = self._close_when_answered and self._unanswered == 0
        transport.write(encode_response(response, self._state.default_headers, close=close))
        if close:
            transport.close()

    def refuse(self, status: int, code: str, message: str) -> None:
        """Answers at the HTTP level, in the AWS error shape, and closes the connection."""
        transport = self._transport
        if transport is None:
            return
        LOG.info("refused a request at the HTTP level: %d %s", status, message)
        response = HttpResponse(
            status,
            [
                ("content-type", "application/json"),
                ("x-amzn-ErrorType", code),
                ("x-amzn-RequestId", self.request_ids.uuid()),
            ],
            orjson.dumps({"Message": message}),
        )
        transport.write(encode_response(response, self._state.default_headers, close=True))
        transport.close()

    def shutdown(self) -> None:
        """uvicorn's graceful shutdown: finish what was asked, then close."""
        if self._unanswered == 0:
            if self._transport is not None:
                self._transport.close()
        else:
            self._close_when_answered = True

    # Idle connections

    def _touch(self) -> None:
        self._last_active = self._loop.time()
        self._idle_timer = self._loop.call_later(self._idle_limit, self._check_idle)

    def _check_idle(self) -> None:
        # Re-armed from the last activity rather than on every request: a timer per request
        # would cost more than the request's own parsing.
        self._idle_timer = None
        if self._transport is None:
            return
        idle = self._loop.time() - self._last_active
        if idle >= self._idle_limit and self._unanswered == 0:
            self._transport.close()
            return
        wait = max(self._idle_limit - idle, 0.05)
        self._idle_timer = self._loop.call_later(wait, self._check_idle)


def connection_class(
    dispatcher: Dispatcher, request_ids: RequestIds, *, max_head_bytes: int, max_body_bytes: int
) -> type[Connection]:
    """A connection class bound to one server's dispatcher and limits."""
    return type(
        "ServerConnection",
        (Connection,),
        {
            "dispatcher": dispatcher,
            "request_ids": request_ids,
            "max_head_bytes": max_head_bytes,
            "max_body_bytes": max_body_bytes,
        },
    )
