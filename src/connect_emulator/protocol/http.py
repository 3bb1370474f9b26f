"""Plain HTTP request and response values exchanged between the ASGI edge and the protocol.

They carry exactly what the wire carried (raw path, raw query string, lower-cased headers,
body bytes) so that parsing and signature checks see the request as the client signed it.
"""

from __future__ import annotations

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
