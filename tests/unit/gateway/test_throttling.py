"""Token buckets, driven by a fake monotonic clock."""

from __future__ import annotations

from connect_emulator.domain.limits import Rate
from connect_emulator.gateway.throttling import RateLimiter


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def limiter(rate: Rate | None, ticker: Ticker) -> RateLimiter:
    return RateLimiter(lambda account, operation: rate, ticker)


def test_a_full_bucket_allows_the_burst_then_refuses() -> None:
    ticker = Ticker()
    buckets = limiter(Rate(2.0, 5), ticker)
    assert [buckets.allow("a", "r", "Op") for _ in range(6)] == [True] * 5 + [False]


def test_the_bucket_refills_at_the_rate_up_to_the_burst() -> None:
    ticker = Ticker()
    buckets = limiter(Rate(2.0, 3), ticker)
    for _ in range(3):
        assert buckets.allow("a", "r", "Op")
    ticker.now += 0.49
    assert not buckets.allow("a", "r", "Op")
    ticker.now += 0.02
    assert buckets.allow("a", "r", "Op")
    ticker.now += 3600
    assert [buckets.allow("a", "r", "Op") for _ in range(4)] == [True, True, True, False]


def test_buckets_are_per_account_region_and_operation() -> None:
    ticker = Ticker()
    buckets = limiter(Rate(1.0, 1), ticker)
    assert buckets.allow("a", "r", "Op")
    assert not buckets.allow("a", "r", "Op")
    assert buckets.allow("b", "r", "Op")
    assert buckets.allow("a", "s", "Op")
    assert buckets.allow("a", "r", "Other")


def test_no_rate_means_no_limit() -> None:
    buckets = limiter(None, Ticker())
    assert all(buckets.allow("a", "r", "Op") for _ in range(1000))
