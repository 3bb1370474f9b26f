"""The IdSource port: the only place the emulator makes identifiers or random strings.

A seed makes every id reproducible (tests, demos); without one the operating system's
randomness is used.
"""

from __future__ import annotations

import functools
import os
import random
import secrets
import string
import threading
import uuid
from typing import Protocol

ALPHANUMERIC = string.ascii_letters + string.digits
_POOL_BYTES = 4096
_VARIANT_DIGITS = "89ab"


class IdSource(Protocol):
    def uuid(self) -> str:
        """A lower-case random (version 4) UUID."""
        ...

    def token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        """A random string of ``length`` characters drawn from ``alphabet``."""
        ...

    def random(self) -> float:
        """A number in [0, 1): for decisions taken by chance (fault injection)."""
        ...


class RandomIds:
    """Ids from a seeded generator when a seed is given, from the OS otherwise."""

    def __init__(self, seed: int | None = None) -> None:
        self._seeded = seed is not None
        self._rng: random.Random = (
            random.Random(seed) if seed is not None else secrets.SystemRandom()
        )
        # random.Random is not safe to share between threads without a lock; nor is the pool.
        self._lock = threading.Lock()
        self._pool = b""
        self._pool_used = _POOL_BYTES

    def uuid(self) -> str:
        if self._seeded:
            with self._lock:
                bits = self._rng.getrandbits(128)
            return str(uuid.UUID(int=bits, version=4))
        # Every request needs one (x-amzn-RequestId): formatted by hand from 16 random bytes
        # of a pool read from the OS 4 KiB at a time (one system call per 256 ids), with the
        # version (4) and variant (10xx) digits set as uuid.UUID would set them.
        with self._lock:
            start = self._pool_used
            if start >= _POOL_BYTES:
                self._pool = os.urandom(_POOL_BYTES)
                start = 0
            self._pool_used = start + 16
            h = self._pool[start : start + 16].hex()
        variant = _VARIANT_DIGITS[int(h[16], 16) & 3]
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"

    def token(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        if self._seeded:
            with self._lock:
                return "".join(self._rng.choices(alphabet, k=length))
        # One read of the OS's randomness, not one per character (SystemRandom's choice),
        # mapped to characters in C by a translation table. Bytes at or above the largest
        # multiple of len(alphabet) are dropped, so every character stays equally likely.
        table = _table(alphabet)
        text = b""
        while len(text) < length:
            text += os.urandom(length * 2).translate(table).replace(b"\0", b"")
        return text[:length].decode("ascii")

    def random(self) -> float:
        with self._lock:
            return self._rng.random()


@functools.cache
def _table(alphabet: str) -> bytes:
    """Byte -> character of ``alphabet`` (ASCII, without NUL), or NUL for bytes to drop."""
    size = len(alphabet)
    limit = 256 - 256 % size
    return bytes(ord(alphabet[b % size]) if b < limit else 0 for b in range(256))
