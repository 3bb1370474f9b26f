"""Header pairs from the wire (httptools, ASGI) as the request's headers."""

from __future__ import annotations

from connect_emulator.protocol.http import header_map


def test_names_are_lower_cased_and_repeated_headers_keep_every_value() -> None:
    raw = [
        (b"Content-Type", b"application/json"),
        (b"X-Custom", b"one"),
        (b"x-custom", b"two"),
        (b"Host", b"h\xe9"),
    ]
    assert header_map(raw) == {
        "content-type": "application/json",
        "x-custom": "one,two",
        "host": "hé",
    }
