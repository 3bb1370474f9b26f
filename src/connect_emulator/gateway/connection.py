"""One HTTP/1.1 client connection: bytes in, ``HttpRequest`` to the dispatcher, bytes out.

This replaces uvicorn's ASGI request cycle for API traffic (uvicorn still runs the server:
sockets, signals, lifespan, graceful shutdown; it builds one of these per connection, which is
why the constructor takes its arguments). The ASGI cycle cost about 150 us of the ~330 us a
DescribeInstance took (a task, two queues and two ``send`` messages per request); here a
complete request is handed to the dispatcher from the parser callback and its answer written
with one ``transport.write``. docs/performance.md has the measurements.

This module turns parser callbacks into requests and answers them in order; the rest of a
connection's work is beside it, one job a module:
- ``framing.py`` splits the byte stream at each request's head and body, and bounds each
  head (431 past ``max_head_bytes``, which pipelined requests each get whole);
- ``deadlines.py`` keeps the head, body and keep-alive deadlines (408, or a quiet close);
- ``capacity.py`` turns away connections past ``max_connections`` (503);
- ``responses.py`` encodes answers, and the HTTP-level errors in the AWS shape.
Body bytes past ``max_body_bytes`` are counted and dropped, and the request answered 413.
Requests the parser cannot read are answered 400, and the connection closed: after a broken
head the byte stream cannot be trusted. A refusal is written after the answers of every
request already handed to the dispatcher, in order: those requests were executed, and their
clients must learn how they went. HEAD answers carry the headers only (their content-length is
the body's that was not sent).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, cast

import httptools

from connect_emulator.gateway.capacity import ConnectionCap, over_capacity
from connect_emulator.gateway.deadlines import Deadlines
from connect_emulator.gateway.framing import Framing
from connect_emulator.gateway.responses import RequestIds, encode_response, error_response
from connect_emulator.protocol.http import HttpRequest, HttpResponse, header_map

LOG = logging.getLogger(__name__)

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


class Dispatcher(Protocol):
    def submit(self, connection: Connection, request: HttpRequest | None) -> None:
        """Answers ``request`` (None: its body was over the limit) by ``connection.respond``."""
        ...


class ServerState(Protocol):
    """The part of uvicorn's ServerState a connection uses."""

    connections: set[Any]
    default_headers: list[tuple[bytes, bytes]]


class Connection(asyncio.Protocol):
    # Set per server by ``connection_class``; uvicorn instantiates the class per connection.
    dispatcher: ClassVar[Dispatcher]
    request_ids: ClassVar[RequestIds]
    limits: ClassVar[ConnectionLimits]
    cap: ClassVar[ConnectionCap]
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
        self._parser = httptools.HttpRequestParser(self)
        self.framing = Framing(limits.max_head_bytes, self._feed, self._head_too_large)
        self._deadlines = Deadlines(
            self._loop,
            self,
            # Idle connections are closed after uvicorn's ``timeout_keep_alive`` (5 s).
            keep_alive=config.timeout_keep_alive,
            head_timeout=limits.head_timeout,
            body_timeout=limits.body_timeout,
        )
        self._transport: asyncio.Transport | None = None
        self.last_active = 0.0
        # Requests handed to the dispatcher and not answered yet (pipelined requests queue).
        self.unanswered = 0
        self._close_when_answered = False
        # A refusal (the framing stopped) waits here for the answers owed before it.
        self._refusal: bytes | None = None
        # Requests received and answered so far, and which of them were HEADs (by number).
        self._received = 0
        self._answered = 0
        self._heads: deque[int] = deque()
        self._url = b""
        self._raw_headers: list[tuple[bytes, bytes]] = []
        self._headers: dict[str, str] = {}
        self._body: list[bytes] = []
        self._body_bytes = 0

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream server's transport (uvloop's is not an asyncio.Transport subclass).
        self._transport = cast(asyncio.Transport, transport)
        self.last_active = self._loop.time()
        open_connections = len(self._state.connections)
        if self.cap.full(open_connections):
            self.framing.stopped = True
            answer = encode_response(
                over_capacity(self.request_ids), self._state.default_headers, close=True
            )
            self.cap.turn_away(self._loop, self._transport, answer, open_connections)
            return
        self._state.connections.add(self)
        self._deadlines.start()

    def connection_lost(self, exc: Exception | None) -> None:
        self._state.connections.discard(self)
        self._deadlines.cancel()
        self._transport = None

    def pause_writing(self) -> None:
        # The client is not reading its answers: stop reading its requests until it does.
        if self._transport is not None:
            self._transport.pause_reading()

    def resume_writing(self) -> None:
        if self._transport is not None and not self.framing.stopped:
            self._transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        self.last_active = self._loop.time()
        self.framing.receive(data, self.last_active)

    def _feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # No protocol upgrades here: the request was answered as plain HTTP; what follows
            # it is in another protocol, so the connection ends with the answer.
            self._close_when_answered = True
            self.framing.stopped = True
        except httptools.HttpParserError as error:
            self.refuse("BadRequestException", f"Invalid HTTP request received: {error}")

    def _head_too_large(self) -> None:
        self.refuse(
            "RequestHeaderFieldsTooLargeException",
            f"The request line and headers are larger than {self._max_head} bytes.",
        )

    # httptools callbacks

    def on_message_begin(self) -> None:
        self.framing.message_begin()
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
        raw = self._raw_headers
        headers = {name.lower().decode("latin-1"): value.decode("latin-1") for name, value in raw}
        if len(headers) < len(raw):
            headers = header_map(raw)  # a repeated header: joined
        self._headers = headers
        self.framing.head_complete(headers, self.last_active)
        if headers.get("expect", "").lower() == "100-continue" and self._transport:
            self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if self._body_bytes <= self._max_body:
            self._body.append(body)
        elif self._body:
            self._body = []  # over the limit: the rest is counted, not kept

    def on_message_complete(self) -> None:
        self.framing.message_complete()
        if not self._parser.should_keep_alive():
            self._close_when_answered = True
        self.unanswered += 1
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
        self.unanswered -= 1
        self._answered += 1
        head_only = bool(self._heads) and self._heads[0] == self._answered
        if head_only:
            self._heads.popleft()
        transport = self._transport
        if transport is None or transport.is_closing():
            return  # the client left before its answer
        last = self.unanswered == 0
        if last:
            self.last_active = self._loop.time()  # idle from now, not from the request
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

    def refuse(self, code: str, message: str) -> None:
        """Answers at the HTTP level, in the AWS error shape, and closes the connection once
        every request received before has been answered."""
        transport = self._transport
        if transport is None or self.framing.stopped:
            return
        self.framing.stopped = True
        response = error_response(self.request_ids, code, message)
        LOG.info("refused a request at the HTTP level: %d %s", response.status, message)
        encoded = encode_response(response, self._state.default_headers, close=True)
        if self.unanswered:
            self._refusal = encoded
        else:
            transport.write(encoded)
            self._close(transport)

    def shutdown(self) -> None:
        """uvicorn's graceful shutdown: finish what was asked, then close."""
        if self.unanswered == 0:
            if self._transport is not None:
                self._transport.close()
        else:
            self._close_when_answered = True

    def _close(self, transport: asyncio.Transport) -> None:
        transport.close()
        if transport.get_write_buffer_size():
            # A client that never reads its last answer cannot hold the connection open.
            self._loop.call_later(_CLOSE_GRACE, transport.abort)

    # What the deadlines (``deadlines.Timed``) see and do

    def watched(self) -> bool:
        return self._transport is not None and not self.framing.stopped

    def timed_out(self, message: str) -> None:
        self.refuse("RequestTimeoutException", message)

    def idle_out(self) -> None:
        if self._transport is not None:
            self._transport.close()  # keep-alive ran out: nothing to answer


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
            "cap": ConnectionCap(limits.max_connections),
            "max_head_bytes": limits.max_head_bytes,
            "max_body_bytes": limits.max_body_bytes,
        },
    )
