"""The Clock port: the only place the emulator reads the time.

Time travel works by an offset on top of the wall clock, so every delay (provisioning,
deletion, the 24-hour expiry of failed instances) follows the emulator's clock, not the host's.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch, as the emulator sees them."""
        ...


class SystemClock:
    """The host's clock plus an adjustable offset (time travel)."""

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = offset

    def now(self) -> float:
        return time.time() + self._offset

    @property
    def offset(self) -> float:
        return self._offset

    def set_offset(self, offset: float) -> None:
        # One assignment, atomic under the GIL: no lock needed.
        self._offset = offset


class FakeClock:
    """A clock that moves only when told to: for unit tests."""

    def __init__(self, start: float = 1_763_700_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds
