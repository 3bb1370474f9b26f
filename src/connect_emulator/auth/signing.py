"""The SigV4 signing key, and signing with it: HMAC-SHA256, with the keyed states cached.

A signing key is derived from the secret by a chain of four HMACs (date, region, service,
terminator), the same for every request a key signs in one scope on one day, so it is cached,
as the AWS SDKs cache it. Signing with it is HMAC-SHA256 as RFC 2104 defines it,
``H(K ^ opad || H(K ^ ipad || text))``: the two hashes are kept after they have taken in the
padded key, so a signature costs copies of them and no keying. Both caches are keyed by the
secret and the credential scope, never by a request or its signature, and both are bounded.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import TYPE_CHECKING

from connect_emulator.auth.signed_request import TERMINATOR

if TYPE_CHECKING:
    from hashlib import _Hash

# Header values arrive as text; a lone surrogate in one must hash, not raise.
_ERRORS = "surrogatepass"
# Scopes in use at once: keys times regions, and two dates around midnight UTC.
CACHE_SIZE = 256
_BLOCK_SIZE = 64  # SHA-256's
_IPAD = bytes(octet ^ 0x36 for octet in range(256))
_OPAD = bytes(octet ^ 0x5C for octet in range(256))


@lru_cache(maxsize=CACHE_SIZE)
def signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    """kSigning of SigV4."""
    key = f"AWS4{secret_access_key}".encode("utf-8", _ERRORS)
    for part in (date, region, service, TERMINATOR):
        key = hmac.digest(key, part.encode("utf-8", _ERRORS), "sha256")
    return key


def sign(key: bytes, text: str) -> str:
    """The hex HMAC-SHA256 of ``text`` under ``key``, as ``hmac`` computes it."""
    keyed_inner, keyed_outer = keyed_states(key)
    inner = keyed_inner.copy()
    inner.update(text.encode("utf-8", _ERRORS))
    outer = keyed_outer.copy()
    outer.update(inner.digest())
    return outer.hexdigest()


@lru_cache(maxsize=CACHE_SIZE)
def keyed_states(key: bytes) -> tuple[_Hash, _Hash]:
    """SHA-256 after the key XOR ipad, and after the key XOR opad; copy them, never update."""
    if len(key) > _BLOCK_SIZE:  # RFC 2104: a long key is hashed first (kSigning never is)
        key = hashlib.sha256(key).digest()
    block = key.ljust(_BLOCK_SIZE, b"\0")
    return hashlib.sha256(block.translate(_IPAD)), hashlib.sha256(block.translate(_OPAD))
