"""Per-account, per-Region, per-operation token buckets: AWS's API rate limits.

Buckets live in this process's memory: N server processes on one database allow N times the
rate (documented in the README). A bucket refills continuously at ``per_second`` up to
``burst`` tokens; a request takes one token or is throttled.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from connect_emulator.domain.limits import Rate

# Enough for any realistic number of callers; the least recently used bucket is forgotten
# first, which at worst lets a long-idle caller start again with a full bucket.
_MAX_BUCKETS = 100_000


class RateLimiter:
    def __init__(
        self, rate_for: Callable[[str, str], Rate | None], now: Callable[[], float]
    ) -> None:
        """``rate_for(account, operation)`` gives the bucket's rate; ``now`` is monotonic."""
        self._rate_for = rate_for
        self._now = now
        self._buckets: OrderedDict[tuple[str, str, str], tuple[float, float]] = OrderedDict()

    def allow(self, account: str, region: str, operation: str) -> bool:
        rate = self._rate_for(account, operation)
        if rate is None:
            return True
        key = (account, region, operation)
        now = self._now()
        tokens, last = self._buckets.pop(key, (float(rate.burst), now))
        tokens = min(float(rate.burst), tokens + (now - last) * rate.per_second)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > _MAX_BUCKETS:
            self._buckets.popitem(last=False)
        return allowed
