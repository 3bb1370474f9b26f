"""One HTTP/1.1 client connection: bytes in, ``HttpRequest`` to the dispatcher, bytes out.

This replaces uvicorn's ASGI request cycle for API traffic (uvicorn still runs the server:
sockets, signals, lifespan, graceful shutdown; it builds one of these per connection, which is
why the constructor takes its arguments). The ASGI cycle cost about 150 us of the ~330 us a
DescribeInstance took (a task, two queues and two ``send`` messages per request); here a
complete request is handed to the dispatcher from the parser callback and its answer written
with one ``transport.write``. docs/performance.md has the measurements.

Limits are enforced before anything is parsed or kept:
- each request's head (request line and headers) reaches httptools only up to its blank line
  and at most ``max_head_bytes`` of it; a longer head is refused with 431 (httptools itself
  would buffer a head of any size). Pipelined requests each get the whole limit: the bytes of
  one read are split at each head's end and each body's length before they are fed;
- body bytes past ``max_body_bytes`` are counted and dropped, and the request answered 413;
- requests the parser cannot read are answered 400 in the AWS error shape, and the connection
  closed: after a broken head the byte stream cannot be trusted;
- a head must be complete within ``head_timeout`` of its first byte, and a body within
  ``body_timeout`` of the end of its head, however steadily the bytes trickle in: else 408;
- at most ``max_connections`` are open at once; the next ones are answered 503 and closed.
A refusal is written after the answers of every request already handed to the dispatcher, in
order: those requests were executed, and their clients must learn how they went.
Idle connections are closed after uvicorn's ``timeout_keep_alive`` (5 s by default).
HEAD answers carry the headers only (their content-length is the body's that was not sent).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass
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
    408: b"HTTP/1.1 408 Request Timeout\r\n",
    409: b"HTTP/1.1 409 Conflict\r\n",
    413: b"HTTP/1.1 413 Request Entity Too Large\r\n",
    429: b"HTTP/1.1 429 Too Many Requests\r\n",
    431: b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
    500: b"HTTP/1.1 500 Internal Server Error\r\n",
    501: b"HTTP/1.1 501 Not Implemented\r\n",
    503: b"HTTP/1.1 503 Service Unavailable\r\n",
}

# Where a head ends. Searched for by the connection itself, so that the parser never holds
# more than one head, and no more of it than the limit.
_HEAD_END = b"\r\n\r\n"
# A chunked body's end is known only to the parser: it is fed in slices this large, so at most
# one slice of the next pipelined head reaches the parser before that head is measured.
_CHUNKED_SLICE = 1024
# How long a connection being closed may take to hand its last bytes to a client that does
# not read them, before it is dropped.
_CLOSE_GRACE = 5.0


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """What one connection may take of the server; ``serve``'s options set them."""

    max_head_bytes: int = 16 * 1024
    max_body_bytes: int = 1024 * 1024
    head_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections: int = 1000


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
    response: HttpResponse,
    extra: list[tuple[bytes, bytes]],
    *,
    close: bool,
    head_only: bool = False,
) -> bytes:
    """The whole response as one buffer: one write, one TCP segment for small answers.

    ``head_only`` (the answer to a HEAD): the headers a GET would get, without the body.
    """
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
    if not head_only:
        parts.append(body)
    return b"".join(parts)


def error_response(request_ids: RequestIds, status: int, code: str, message: str) -> HttpResponse:
    """An answer made at the HTTP level, in the AWS error shape."""
    return HttpResponse(
        status,
        [
            ("content-type", "application/json"),
            ("x-amzn-ErrorType", code),
            ("x-amzn-RequestId", request_ids.uuid()),
        ],
        orjson.dumps({"Message": message}),
    )


class _RefusalLog:
    """Says when the connection cap bites: the first refusal at once, then a count at most
    once a second, so that a flood of connections does not flood the log as well."""

    def __init__(self) -> None:
        self.refused = 0
        self.logged_at: float | None = None

    def refuse(self, now: float, open_connections: int, limit: int) -> None:
        self.refused += 1
        if self.logged_at is None:
            LOG.warning(
                "connection limit of %d reached (--max-connections): %d open; refusing new "
                "connections with 503 until some close",
                limit,
                open_connections,
            )
            self.logged_at = now
            self.refused = 0
        elif now - self.logged_at >= 1.0:
            LOG.warning(
                "connection limit of %d: refused %d connections in the last %.0f s",
                limit,
                self.refused,
                now - self.logged_at,
            )
            self.logged_at = now
            self.refused = 0


class Connection(asyncio.Protocol):
    # Set per server by ``connection_class``; uvicorn instantiates the class per connection.
    dispatcher: ClassVar[Dispatcher]
    request_ids: ClassVar[RequestIds]
    limits: ClassVar[ConnectionLimits]
    refusals: ClassVar[_RefusalLog]
    # The limits' sizes again, for whoever inspects a server's configuration.
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
        limits = self.limits
        self._max_head = limits.max_head_bytes
        self._max_body = limits.max_body_bytes
        self._idle_limit: float = config.timeout_keep_alive
        # The timer wakes at least this often, so that whichever deadline comes first in
        # the connection's current state is met without re-arming it on every request.
        self._tick = min(self._idle_limit, limits.head_timeout, limits.body_timeout)
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last_active = 0.0
        # Requests handed to the dispatcher and not answered yet (pipelined requests queue).
        self._unanswered = 0
        self._close_when_answered = False
        # Refused (or upgraded): nothing more is read; the refusal waits for earlier answers.
        self._stopped = False
        self._refusal: bytes | None = None
        # Requests received and answered so far, and which of them were HEADs (by number).
        self._received = 0
        self._answered = 0
        self._heads: deque[int] = deque()
        # The head being received: when its first byte came, how many of its bytes were fed
        # to the parser, and the last bytes fed (its blank line may straddle two reads).
        self._in_head = True
        self._head_started = 0.0
        self._head_bytes = 0
        self._head_tail = b""
        # The body being received: since when, and how many bytes are still to come (None:
        # chunked, the parser alone knows where it ends).
        self._body_started = 0.0
        self._body_remaining: int | None = 0
        self._url = b""
        self._raw_headers: list[tuple[bytes, bytes]] = []
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._body_bytes = 0

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream server's transport (uvloop's is not an asyncio.Transport subclass).
        self._transport = cast(asyncio.Transport, transport)
        self._last_active = self._loop.time()
        open_connections = len(self._state.connections)
        if open_connections >= self.limits.max_connections:
            self._over_capacity(open_connections)
            return
        self._state.connections.add(self)
        self._timer = self._loop.call_later(self._tick, self._check_deadlines)

    def connection_lost(self, exc: Exception | None) -> None:
        self._state.connections.discard(self)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._transport = None

    def pause_writing(self) -> None:
        # The client is not reading its answers: stop reading its requests until it does.
        if self._transport is not None:
            self._transport.pause_reading()

    def resume_writing(self) -> None:
        if self._transport is not None and not self._stopped:
            self._transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        self._last_active = self._loop.time()
        while data and not self._stopped:
            if self._in_head:
                if not self._head_started:
                    self._head_started = self._last_active
                data = self._receive_head(data)
            elif self._body_remaining is None:
                data = self._receive_chunked(data)
            else:
                # All of it if the parser expects a body it did not announce: never stuck.
                size = min(self._body_remaining, len(data)) or len(data)
                self._body_remaining = max(self._body_remaining - size, 0)
                self._feed(data[:size])
                data = data[size:]

    def _receive_head(self, data: bytes) -> bytes:
        """Feeds ``data`` up to the end of the head being received; returns what follows."""
        room = self._max_head - self._head_bytes
        end = -1
        if self._head_tail:
            joined = self._head_tail + data[:3]
            found = joined.find(_HEAD_END)
            if found >= 0:
                end = found + 4 - len(self._head_tail)
        if end < 0:
            # Never searched past the limit: a huge read costs no more than the limit.
            found = data.find(_HEAD_END, 0, room + 4)
            if found >= 0:
                end = found + 4
        if end < 0 or end > room:
            if end < 0 and len(data) <= room:
                self._head_bytes += len(data)
                self._head_tail = (self._head_tail + data)[-3:]
                self._feed(data)
                return b""
            self.refuse(
                431,
                "RequestHeaderFieldsTooLargeException",
                f"The request line and headers are larger than {self._max_head} bytes.",
            )
            return b""
        self._head_bytes = 0
        self._head_tail = b""
        self._head_started = 0.0
        self._feed(data[:end])
        return data[end:]

    def _receive_chunked(self, data: bytes) -> bytes:
        piece = data[:_CHUNKED_SLICE]
        self._feed(piece)
        if self._in_head and not self._stopped:
            # The body ended inside the slice: what followed it in the slice counts as the
            # next head's (at most a slice more than it really has).
            self._head_started = self._last_active
            self._head_bytes = len(piece)
            self._head_tail = piece[-3:]
        return data[_CHUNKED_SLICE:]

    def _feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # No protocol upgrades here: the request was answered as plain HTTP; what follows
            # it is in another protocol, so the connection ends with the answer.
            self._close_when_answered = True
            self._stopped = True
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
        self._body_started = self._last_active
        raw = self._raw_headers
        headers = {name.lower().decode("latin-1"): value.decode("latin-1") for name, value in raw}
        if len(headers) < len(raw):
            headers = header_map(raw)  # a repeated header: joined
        self._headers = headers
        self._body_remaining = _body_length(headers)
        if headers.get("expect", "").lower() == "100-continue" and self._transport:
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if self._body_bytes <= self._max_body:
            self._body.append(body)
        elif self._body:
            self._body = []  # over the limit: the rest is counted, not kept

    def on_message_complete(self) -> None:
        self._in_head = True
        self._head_started = 0.0
        self._head_bytes = 0
        if not self._parser.should_keep_alive():
            self._close_when_answered = True
        self._unanswered += 1
        self._received += 1
        method = self._parser.get_method()
        if method == b"HEAD":
            self._heads.append(self._received)
        if self._body_bytes > self._max_body:
            self.dispatcher.submit(self, None)
            return
        url = self._url
        if url[:1] != b"/":  # absolute-form ("http://host/path"): only its path counts
            parsed = httptools.parse_url(url)
            url = (parsed.path or b"/") + (b"?" + parsed.query if parsed.query else b"")
        path, _, query = url.partition(b"?")
        request = HttpRequest(
            method=method.decode("ascii"),
            raw_path=path.decode("latin-1"),
            query_string=query.decode("latin-1"),
            headers=self._headers,
            body=b"".join(self._body),
        )
        self.dispatcher.submit(self, request)

    # Answers

    def respond(self, response: HttpResponse) -> None:
        self._unanswered -= 1
        self._answered += 1
        head_only = bool(self._heads) and self._heads[0] == self._answered
        if head_only:
            self._heads.popleft()
        transport = self._transport
        if transport is None or transport.is_closing():
            return  # the client left before its answer
        last = self._unanswered == 0
        if last:
            self._last_active = self._loop.time()  # idle from now, not from the request
        refusal = self._refusal if last else None
        close = self._close_when_answered and last and refusal is None
        answer = encode_response(
            response, self._state.default_headers, close=close, head_only=head_only
        )
        if refusal is not None:
            transport.write(answer + refusal)
            self._close(transport)
            return
        transport.write(answer)
        if close:
            self._close(transport)

    def refuse(self, status: int, code: str, message: str) -> None:
        """Answers at the HTTP level, in the AWS error shape, and closes the connection once
        every request received before has been answered."""
        transport = self._transport
        if transport is None or self._stopped:
            return
        self._stopped = True
        self._head_started = 0.0
        LOG.info("refused a request at the HTTP level: %d %s", status, message)
        response = error_response(self.request_ids, status, code, message)
        encoded = encode_response(response, self._state.default_headers, close=True)
        if self._unanswered:
            self._refusal = encoded
        else:
            transport.write(encoded)
            self._close(transport)

    def shutdown(self) -> None:
        """uvicorn's graceful shutdown: finish what was asked, then close."""
        if self._unanswered == 0:
            if self._transport is not None:
                self._transport.close()
        else:
            self._close_when_answered = True

    def _close(self, transport: asyncio.Transport) -> None:
        transport.close()
        if transport.get_write_buffer_size():
            # A client that never reads its last answer cannot hold the connection open.
            self._loop.call_later(_CLOSE_GRACE, transport.abort)

    def _over_capacity(self, open_connections: int) -> None:
        transport = self._transport
        if transport is None:
            return
        self._stopped = True
        self.refusals.refuse(self._last_active, open_connections, self.limits.max_connections)
        response = error_response(
            self.request_ids,
            503,
            "ServiceUnavailableException",
            "The server has too many open connections; retry shortly.",
        )
        transport.write(encode_response(response, self._state.default_headers, close=True))
        # Half-closed, not closed: a request the client sent meanwhile would otherwise make
        # the kernel reset the connection, and the client could lose the 503 before reading
        # it. What it sends is read and dropped until it closes, or the grace runs out.
        if transport.can_write_eof():
            transport.write_eof()
            self._loop.call_later(1.0, transport.abort)
        else:
            transport.close()

    # Deadlines

    def _check_deadlines(self) -> None:
        # One timer per connection, re-armed from the state it finds rather than on every
        # request or read: a timer per request would cost more than the request's parsing.
        self._timer = None
        transport = self._transport
        if transport is None or self._stopped:
            return
        now = self._loop.time()
        limits = self.limits
        if not self._in_head:
            deadline = self._body_started + limits.body_timeout
            if now >= deadline:
                self._timed_out(
                    f"The request body was not received within {limits.body_timeout:g} s."
                )
                return
        elif self._head_started:
            deadline = self._head_started + limits.head_timeout
            if now >= deadline:
                self._timed_out(
                    f"The request head was not received within {limits.head_timeout:g} s "
                    "of its first byte."
                )
                return
        elif self._unanswered == 0:
            deadline = self._last_active + self._idle_limit
            if now >= deadline:
                transport.close()  # keep-alive ran out: nothing to answer
                return
        else:
            deadline = now + self._tick  # waiting for the server's answers, not the client
        wait = max(min(deadline - now, self._tick), 0.05)
        self._timer = self._loop.call_later(wait, self._check_deadlines)

    def _timed_out(self, message: str) -> None:
        self.refuse(408, "RequestTimeoutException", message)


def _body_length(headers: dict[str, str]) -> int | None:
    """How many body bytes follow the head; None when only the parser can tell (chunked)."""
    if "transfer-encoding" in headers:
        return None
    length = headers.get("content-length")
    if length is None:
        return 0
    try:
        return int(length)
    except ValueError:
        return None  # the parser refuses it; until then, fed as it comes


def connection_class(
    dispatcher: Dispatcher, request_ids: RequestIds, limits: ConnectionLimits
) -> type[Connection]:
    """A connection class bound to one server's dispatcher and limits."""
    return type(
        "ServerConnection",
        (Connection,),
        {
            "dispatcher": dispatcher,
            "request_ids": request_ids,
            "limits": limits,
            "refusals": _RefusalLog(),
            "max_head_bytes": limits.max_head_bytes,
            "max_body_bytes": limits.max_body_bytes,
        },
    )
