"""Plain HTTP request and response values exchanged between the ASGI edge and the protocol.

They carry exactly what the wire carried (raw path, raw query string, lower-cased headers,
body bytes) so that parsing and signature checks see the request as the client signed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


# Made for every request: not frozen, since a frozen dataclass's __init__ costs 3-4x
# (object.__setattr__ per field). Treated as immutable all the same.
@dataclass(slots=True)
class HttpRequest:
    method: str
    # Still percent-encoded: labels are split on "/" first and decoded after, because an ARN
    # arrives as one label with its "/" encoded as %2F.
    raw_path: str
    # Still percent-encoded, without the leading "?".
    query_string: str
    # Header names lower-cased; a repeated header keeps its values joined by ",".
    headers: dict[str, str]
    body: bytes = b""


def header_map(pairs: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Headers as the wire carried them, by lower-case name; a repeated header keeps all its
    values, joined by "," as RFC 9110 allows."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in pairs:
        name = raw_name.lower().decode("latin-1")
        value = raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return headers


@dataclass(slots=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None
