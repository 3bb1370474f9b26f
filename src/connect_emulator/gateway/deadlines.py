"""The deadlines of one connection, kept by one timer: a head within ``head_timeout`` of its
first byte, a body within ``body_timeout`` of the end of its head, and, between requests, the
next one within the keep-alive timeout.

Every byte used to restart a 5 s idle timer, so a client trickling a byte every half second
held its connection forever (issue 14): the deadlines here run from when a head or body began,
whatever the pace of its bytes. While the server owes answers, no deadline runs: the wait is
the server's, not the client's.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from connect_emulator.gateway.framing import Framing

# The shortest wait between two looks: a deadline just missed is not re-armed for nothing.
_MIN_WAIT = 0.05


class Timed(Protocol):
    """What the timer reads of its connection, and how it ends it."""

    framing: Framing
    # Requests handed over and not answered yet; when the connection last read or answered.
    unanswered: int
    last_active: float

    def watched(self) -> bool:
        """Whether the connection is still open and reading."""
        ...

    def timed_out(self, message: str) -> None:
        """A head or body missed its deadline: refuse it (408) and close."""
        ...

    def idle_out(self) -> None:
        """The keep-alive ran out with nothing to answer: close."""
        ...


class Deadlines:
    """One timer per connection, re-armed from the state it finds rather than on every
    request or read: a timer per request would cost more than the request's parsing. It wakes
    at least every ``min(keep_alive, head_timeout, body_timeout)`` seconds, so whichever
    deadline comes first in the connection's current state is met."""

    __slots__ = (
        "_body_timeout",
        "_connection",
        "_handle",
        "_head_timeout",
        "_keep_alive",
        "_loop",
        "_tick",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        connection: Timed,
        *,
        keep_alive: float,
        head_timeout: float,
        body_timeout: float,
    ) -> None:
        self._loop = loop
        self._connection = connection
        self._keep_alive = keep_alive
        self._head_timeout = head_timeout
        self._body_timeout = body_timeout
        self._tick = min(keep_alive, head_timeout, body_timeout)
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self._handle = self._loop.call_later(self._tick, self._check)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _check(self) -> None:
        self._handle = None
        connection = self._connection
        if not connection.watched():
            return
        now = self._loop.time()
        framing = connection.framing
        if not framing.in_head:
            deadline = framing.body_started + self._body_timeout
            if now >= deadline:
                connection.timed_out(
                    f"The request body was not received within {self._body_timeout:g} s."
                )
                return
        elif framing.head_started:
            deadline = framing.head_started + self._head_timeout
            if now >= deadline:
                connection.timed_out(
                    f"The request head was not received within {self._head_timeout:g} s "
                    "of its first byte."
                )
                return
        elif connection.unanswered == 0:
            deadline = connection.last_active + self._keep_alive
            if now >= deadline:
                connection.idle_out()
                return
        else:
            deadline = now + self._tick  # waiting for the server's answers, not the client
        wait = max(min(deadline - now, self._tick), _MIN_WAIT)
        self._handle = self._loop.call_later(wait, self._check)
