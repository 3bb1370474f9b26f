"""Where each request in a connection's byte stream ends: the bytes of a read, split at each
request's head and body before the parser sees them.

httptools would buffer a head of any size, and a limit applied to each read rather than to
each head refused pipelined requests whose heads together passed it (issue 14). So a head is
fed only up to its blank line, and only while it is within ``max_head_bytes``; a body with a
content-length is fed exactly that many bytes; a chunked body, whose end only the parser
knows, in small slices. The parser's callbacks say when a head and a message are complete
(``head_complete``, ``message_complete``). The times kept here are what the connection's
deadlines (``deadlines.py``) measure from.
"""

from __future__ import annotations

from collections.abc import Callable

# Where a head ends. Searched for here, so that the parser never holds more than one head,
# and no more of it than the limit.
_HEAD_END = b"\r\n\r\n"
# A chunked body's end is known only to the parser: it is fed in slices this large, so at most
# one slice of the next pipelined head reaches the parser before that head is measured.
_CHUNKED_SLICE = 1024


class Framing:
    """Feeds one connection's parser a request at a time.

    ``feed`` hands bytes to the parser (whose callbacks may stop the framing); ``too_large``
    is called, once, when a head passes the limit.
    """

    __slots__ = (
        "_body_remaining",
        "_feed",
        "_head_bytes",
        "_head_tail",
        "_max_head",
        "_too_large",
        "body_started",
        "head_started",
        "in_head",
        "stopped",
    )

    def __init__(
        self, max_head_bytes: int, feed: Callable[[bytes], None], too_large: Callable[[], None]
    ) -> None:
        self._max_head = max_head_bytes
        self._feed = feed
        self._too_large = too_large
        # Refused or upgraded: nothing more is fed.
        self.stopped = False
        # The head being received: when its first byte came (0: none yet), how many of its
        # bytes were fed, and the last bytes fed (its blank line may straddle two reads).
        self.in_head = True
        self.head_started = 0.0
        self._head_bytes = 0
        self._head_tail = b""
        # The body being received: since when, and how many bytes are still to come (None:
        # chunked, the parser alone knows where it ends).
        self.body_started = 0.0
        self._body_remaining: int | None = 0

    def receive(self, data: bytes, now: float) -> None:
        """Feeds what ``data`` holds of each request in turn; ``now``: when it arrived."""
        while data and not self.stopped:
            if self.in_head:
                if not self.head_started:
                    self.head_started = now
                data = self._receive_head(data)
            elif self._body_remaining is None:
                data = self._receive_chunked(data, now)
            else:
                # All of it if the parser expects a body it did not announce: never stuck.
                size = min(self._body_remaining, len(data)) or len(data)
                self._body_remaining = max(self._body_remaining - size, 0)
                self._feed(data[:size])
                data = data[size:]

    def message_begin(self) -> None:
        self.in_head = True

    def head_complete(self, headers: dict[str, str], now: float) -> None:
        self.in_head = False
        self.body_started = now
        self._body_remaining = body_length(headers)

    def message_complete(self) -> None:
        self.in_head = True
        self.head_started = 0.0
        self._head_bytes = 0

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
            self._too_large()
            return b""
        self._head_bytes = 0
        self._head_tail = b""
        self.head_started = 0.0
        self._feed(data[:end])
        return data[end:]

    def _receive_chunked(self, data: bytes, now: float) -> bytes:
        piece = data[:_CHUNKED_SLICE]
        self._feed(piece)
        if self.in_head and not self.stopped:
            # The body ended inside the slice: what followed it in the slice counts as the
            # next head's (at most a slice more than it really has).
            self.head_started = now
            self._head_bytes = len(piece)
            self._head_tail = piece[-3:]
        return data[_CHUNKED_SLICE:]


def body_length(headers: dict[str, str]) -> int | None:
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
