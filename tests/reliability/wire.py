"""Raw HTTP/1.1 over a socket: the only way to send what no HTTP client library would."""

from __future__ import annotations

import contextlib
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Well-formed for the open (no credentials) mode, which checks shape and scope, not the MAC.
AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/connect/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
)
AMZ_DATE = "20261121T000000Z"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def exchange(url: str, raw: bytes, timeout: float = 10) -> Reply:
    """Sends ``raw`` on a fresh connection and reads one response (the server closes or the
    response's content-length says where it ends)."""
    target = urlsplit(url)
    with socket.create_connection(
        (target.hostname or "127.0.0.1", target.port or 80), timeout
    ) as sock:
        # The server may refuse and close before reading everything.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(raw)
        return _read_reply(sock)


def _read_reply(sock: socket.socket) -> Reply:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock)
        if not chunk:
            raise ConnectionError(f"connection closed before a response head: {data[:200]!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = _recv(sock)
        if not chunk:
            break
        rest += chunk
    return Reply(status, headers, rest[:length])


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def request_bytes(
    method: str,
    path: bytes,
    body: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    signed: bool = True,
) -> bytes:
    lines = [method.encode() + b" " + path + b" HTTP/1.1", b"host: 127.0.0.1", b"connection: close"]
    if signed:
        lines += [b"authorization: " + AUTHORIZATION.encode(), b"x-amz-date: " + AMZ_DATE.encode()]
    lines += [name + b": " + value for name, value in headers or []]
    if body or method in {"PUT", "POST"}:
        lines.append(b"content-length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
