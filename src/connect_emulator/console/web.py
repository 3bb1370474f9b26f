"""The console's view of HTTP: the request it is given, the reply it returns, and the
parsing of forms, queries and cookies.

The console does not import the protocol package (the layers forbid it): a request is
anything with the gateway's request attributes, and the app turns a ``Reply`` into the
gateway's response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs

HTML = "text/html; charset=utf-8"
# Pages change with every step of the lifecycle: never let a browser or proxy keep one.
_NO_STORE = ("cache-control", "no-store")


class Request(Protocol):
    @property
    def method(self) -> str: ...

    @property
    def raw_path(self) -> str: ...

    @property
    def query_string(self) -> str: ...

    @property
    def headers(self) -> dict[str, str]: ...

    @property
    def body(self) -> bytes: ...


@dataclass(slots=True)
class Reply:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


class Fields:
    """A form's or a query's values by name (the first one, or all of them)."""

    def __init__(self, encoded: str) -> None:
        self._values = parse_qs(encoded, keep_blank_values=True)

    def get(self, name: str, default: str = "") -> str:
        values = self._values.get(name)
        return values[0] if values else default

    def all(self, name: str) -> list[str]:
        return list(self._values.get(name, []))

    def __contains__(self, name: str) -> bool:
        return name in self._values


def form(request: Request) -> Fields:
    return Fields(request.body.decode("utf-8", errors="replace"))


def query(request: Request) -> Fields:
    return Fields(request.query_string)


def cookies(request: Request) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in request.headers.get("cookie", "").replace(",", ";").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            found.setdefault(name, value)
    return found


def html(status: int, text: str, headers: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(
        status, [("content-type", HTML), _NO_STORE, *(headers or [])], text.encode("utf-8")
    )


def redirect(location: str, headers: list[tuple[str, str]] | None = None) -> Reply:
    """303: after a POST, the browser GETs the page (a reload does not repeat the action)."""
    return Reply(303, [("location", location), _NO_STORE, *(headers or [])])
