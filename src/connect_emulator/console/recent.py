"""The last few hundred API requests this process answered, for the console's request log.

Kept in memory per process: it explains what a test just saw, and is not state the emulator
shares or keeps. A bounded deque makes recording one append, cheap enough for every request.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import NamedTuple

CAPACITY = 300


class RecordedRequest(NamedTuple):
    at: float  # wall-clock epoch seconds
    operation: str  # "" when the request never reached an operation (bad path, signature)
    account: str
    region: str
    status: int
    error: str | None  # x-amzn-ErrorType
    latency: float  # seconds
    via: str  # "api", or "console" for the console's own calls of an operation


class RecentRequests:
    def __init__(self, clock: Callable[[], float], capacity: int = CAPACITY) -> None:
        self._clock = clock
        self._entries: deque[RecordedRequest] = deque(maxlen=capacity)

    # Positional: the pipeline calls it so on every request (gateway/pipeline.py's Record).
    def record(  # noqa: PLR0917
        self,
        operation: str,
        account: str,
        region: str,
        status: int,
        error: str | None,
        latency: float,
        via: str = "api",
    ) -> None:
        self._entries.append(
            RecordedRequest(self._clock(), operation, account, region, status, error, latency, via)
        )

    def newest_first(self, limit: int | None = None) -> list[RecordedRequest]:
        entries = list(reversed(self._entries))
        return entries if limit is None else entries[:limit]
