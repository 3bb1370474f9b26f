"""The signing key and HMAC: the same values ``hmac`` gives, from bounded per-scope caches."""

from __future__ import annotations

import hmac

import pytest
from hypothesis import given, settings, strategies as st

from connect_emulator.auth.signing import CACHE_SIZE, keyed_states, sign, signing_key
from tests.unit.auth.oracle import REGION, SECRET

DATE = "20261121"


def _derived(secret: str, date: str, region: str, service: str) -> bytes:
    # SigV4's chain written out, with nothing cached.
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.digest(key, part.encode(), "sha256")
    return key


def test_the_signing_key_is_sigv4s_chain() -> None:
    assert signing_key(SECRET, DATE, REGION, "connect") == _derived(SECRET, DATE, REGION, "connect")


@pytest.mark.parametrize(
    "other",
    [
        ("another-secret", DATE, REGION, "connect"),
        (SECRET, "20261122", REGION, "connect"),
        (SECRET, DATE, "us-east-1", "connect"),
        (SECRET, DATE, REGION, "s3"),
    ],
    ids=["secret", "date", "region", "service"],
)
def test_each_part_of_the_scope_gets_its_own_key(other: tuple[str, str, str, str]) -> None:
    signing_key.cache_clear()
    first = signing_key(SECRET, DATE, REGION, "connect")
    second = signing_key(*other)
    assert second != first
    assert second == _derived(*other)
    assert signing_key(SECRET, DATE, REGION, "connect") == first
    assert signing_key.cache_info().currsize == 2


def test_the_key_cache_is_bounded() -> None:
    signing_key.cache_clear()
    for n in range(CACHE_SIZE + 50):
        signing_key(f"secret-{n}", DATE, REGION, "connect")
    info = signing_key.cache_info()
    assert (info.currsize, info.maxsize) == (CACHE_SIZE, CACHE_SIZE)


def test_the_keyed_state_cache_is_bounded() -> None:
    keyed_states.cache_clear()
    for n in range(CACHE_SIZE + 50):
        sign(n.to_bytes(32, "big"), "text")
    info = keyed_states.cache_info()
    assert (info.currsize, info.maxsize) == (CACHE_SIZE, CACHE_SIZE)


def test_a_cached_state_is_never_updated() -> None:
    key = signing_key(SECRET, DATE, REGION, "connect")
    keyed_states.cache_clear()
    first = sign(key, "one")
    sign(key, "two")
    assert sign(key, "one") == first == hmac.digest(key, b"one", "sha256").hex()
    assert keyed_states.cache_info().misses == 1


@settings(max_examples=200, deadline=None)
@given(
    # Short, exactly one block, and longer than a block (hashed first, per RFC 2104).
    key=st.binary(max_size=100) | st.sampled_from([b"", b"k" * 64, b"k" * 65]),
    text=st.text() | st.just("lone \ud800 surrogate"),
)
def test_sign_is_hmac_sha256(key: bytes, text: str) -> None:
    expected = hmac.digest(key, text.encode("utf-8", "surrogatepass"), "sha256").hex()
    assert sign(key, text) == expected
