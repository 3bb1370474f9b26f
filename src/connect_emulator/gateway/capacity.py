"""The cap on a process's open connections: connections past it are answered 503 and let go,
and the log says so, without a flood of its own.

Every connection costs a parser, buffers and a timer; 220 slow clients held as many
connections for as long as they liked (issue 14). Past ``--max-connections`` a new connection
gets 503 ``ServiceUnavailableException`` (which SDKs retry) before its request is read.
"""

from __future__ import annotations

import asyncio
import logging

from connect_emulator.gateway.responses import RequestIds, error_response
from connect_emulator.protocol.http import HttpResponse

LOG = logging.getLogger(__name__)

# How long a turned-away client may keep sending before its connection is dropped.
_DRAIN_GRACE = 1.0


def over_capacity(request_ids: RequestIds) -> HttpResponse:
    return error_response(
        request_ids,
        "ServiceUnavailableException",
        "The server has too many open connections; retry shortly.",
    )


class ConnectionCap:
    """One per server: the limit, and when the refusals were last logged."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._refused = 0
        self._logged_at: float | None = None

    def full(self, open_connections: int) -> bool:
        return open_connections >= self.limit

    def turn_away(
        self,
        loop: asyncio.AbstractEventLoop,
        transport: asyncio.Transport,
        answer: bytes,
        open_connections: int,
    ) -> None:
        """Writes ``answer`` (the encoded 503) and lets the connection go."""
        self._log(loop.time(), open_connections)
        transport.write(answer)
        # Half-closed, not closed: a request the client sent meanwhile would otherwise make
        # the kernel reset the connection, and the client could lose the 503 before reading
        # it. What it sends is read and dropped until it closes, or the grace runs out.
        if transport.can_write_eof():
            transport.write_eof()
            loop.call_later(_DRAIN_GRACE, transport.abort)
        else:
            transport.close()

    def _log(self, now: float, open_connections: int) -> None:
        # The first refusal at once, then a count at most once a second, so that a flood of
        # connections does not flood the log as well.
        self._refused += 1
        if self._logged_at is None:
            LOG.warning(
                "connection limit of %d reached (--max-connections): %d open; refusing new "
                "connections with 503 until some close",
                self.limit,
                open_connections,
            )
            self._logged_at = now
            self._refused = 0
        elif now - self._logged_at >= 1.0:
            LOG.warning(
                "connection limit of %d: refused %d connections in the last %.0f s",
                self.limit,
                self._refused,
                now - self._logged_at,
            )
            self._logged_at = now
            self._refused = 0
