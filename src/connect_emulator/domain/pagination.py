"""Opaque, tamper-proof page tokens (NextToken).

A token carries the position after which the next page starts, and a MAC over that position
and its scope (operation, account, region) under a key kept in the shared settings. So a token
cannot be forged, edited, or replayed by another account or for another operation, and it
still works after a restart or on another server process.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.ids import IdSource
from connect_emulator.domain.ports import Store

_KEY_SETTING = "page_token_key"
_MAC_BYTES = 16
# Encoded tokens kept for reuse: the same pages are listed over and over (a client polling
# ListInstances), and a token is a pure function of its scope and position.
_CACHED_TOKENS = 4096


class PageTokens:
    def __init__(self, key: bytes) -> None:
        self._key = key
        self._encoded: dict[tuple[str, int], str] = {}

    def encode(self, scope: str, position: int) -> str:
        token = self._encoded.get((scope, position))
        if token is None:
            body = str(position).encode()
            token = _b64(body) + "." + _b64(self._mac(scope, body))
            if len(self._encoded) >= _CACHED_TOKENS:
                self._encoded.clear()
            self._encoded[scope, position] = token
        return token

    def decode(self, scope: str, token: str) -> int:
        invalid = InvalidInput("The NextToken is not valid.")
        body_part, _, mac_part = token.partition(".")
        try:
            body = _unb64(body_part)
            mac = _unb64(mac_part)
        except (binascii.Error, ValueError):
            raise invalid from None
        if not hmac.compare_digest(mac, self._mac(scope, body)):
            raise invalid
        return int(body)

    def _mac(self, scope: str, body: bytes) -> bytes:
        # The one-shot form: no HMAC object per token (ListInstances makes one per page).
        return hmac.digest(self._key, scope.encode() + b"\0" + body, "sha256")[:_MAC_BYTES]


def load_page_tokens(store: Store, ids: IdSource) -> PageTokens:
    """The shared key, made on first use (every process then agrees on it)."""
    with store.transaction() as tx:
        key = tx.get_setting(_KEY_SETTING)
        if key is None:
            key = ids.token(43)
            tx.put_setting(_KEY_SETTING, key)
    return PageTokens(key.encode())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text or len(text) > 200:
        raise ValueError("empty or oversized token part")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
