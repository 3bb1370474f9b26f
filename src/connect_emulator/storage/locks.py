"""Names of PostgreSQL advisory locks: stable 64-bit keys derived from what they protect.

An advisory lock is named by a number. Every process must derive the same number for the same
thing, so keys come from a cryptographic hash (Python's ``hash()`` differs per process).
"""

from __future__ import annotations

import hashlib

_NAMESPACE = "connect-emulator"


def lock_key(*parts: str) -> int:
    """A signed 64-bit key (PostgreSQL's bigint) for the thing ``parts`` name."""
    digest = hashlib.blake2b("\0".join((_NAMESPACE, *parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def account_key(account: str, region: str) -> int:
    """Serialises the writes that count or claim within one account and Region."""
    return lock_key("account", account, region)


# Held while a migration and its schema_migrations row commit.
MIGRATIONS_KEY = lock_key("migrations")
# Held while a starting process creates shared settings (the page-token key) and loads files.
STARTUP_KEY = lock_key("startup")
