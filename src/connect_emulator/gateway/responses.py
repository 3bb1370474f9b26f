"""An answer as the bytes a connection writes: status line, headers, length and body at once.

Also the answers made at the HTTP level, before any pipeline saw a request (400, 408, 413,
431, 503), in the AWS error shape, so a client's one error parser reads them all.
"""

from __future__ import annotations

from typing import Protocol

import orjson

from connect_emulator.protocol.errors import unmodelled_status
from connect_emulator.protocol.http import HttpResponse

_STATUS_LINES = {
    200: b"HTTP/1.1 200 OK\r\n",
    400: b"HTTP/1.1 400 Bad Request\r\n",
    403: b"HTTP/1.1 403 Forbidden\r\n",
    404: b"HTTP/1.1 404 Not Found\r\n",
    408: b"HTTP/1.1 408 Request Timeout\r\n",
    409: b"HTTP/1.1 409 Conflict\r\n",
    413: b"HTTP/1.1 413 Request Entity Too Large\r\n",
    429: b"HTTP/1.1 429 Too Many Requests\r\n",
    431: b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
    500: b"HTTP/1.1 500 Internal Server Error\r\n",
    501: b"HTTP/1.1 501 Not Implemented\r\n",
    503: b"HTTP/1.1 503 Service Unavailable\r\n",
}


class RequestIds(Protocol):
    def uuid(self) -> str: ...


def encode_response(
    response: HttpResponse,
    extra: list[tuple[bytes, bytes]],
    *,
    close: bool,
    head_only: bool = False,
) -> bytes:
    """The whole response as one buffer: one write, one TCP segment for small answers.

    ``head_only`` (the answer to a HEAD): the headers a GET would get, without the body.
    """
    body = response.body
    parts = [_STATUS_LINES.get(response.status) or b"HTTP/1.1 %d \r\n" % response.status]
    for name, value in response.headers:
        parts.append(f"{name}: {value}\r\n".encode("latin-1"))
    for raw_name, raw_value in extra:
        parts += (raw_name, b": ", raw_value, b"\r\n")
    parts.append(b"content-length: %d\r\n" % len(body))
    if close:
        parts.append(b"connection: close\r\n")
    parts.append(b"\r\n")
    if not head_only:
        parts.append(body)
    return b"".join(parts)


def error_response(request_ids: RequestIds, code: str, message: str) -> HttpResponse:
    """An answer made at the HTTP level, in the AWS error shape (none of its codes is the
    model's: their statuses are protocol.errors.UNMODELLED_STATUS)."""
    return HttpResponse(
        unmodelled_status(code),
        [
            ("content-type", "application/json"),
            ("x-amzn-ErrorType", code),
            ("x-amzn-RequestId", request_ids.uuid()),
        ],
        orjson.dumps({"Message": message}),
    )
