"""The HTTP/1.1 connection protocol: uvicorn's httptools protocol with two changes.

1. The request head (request line and headers) is bounded *before* httptools buffers it: at
   most ``max_head_bytes`` are fed to the parser until the head is complete; a longer head is
   refused with 431. httptools itself buffers heads of any size.
2. Requests the parser cannot read are refused in the AWS error shape (JSON ``Message``,
   ``x-amzn-ErrorType``, ``x-amzn-RequestId``) instead of uvicorn's plain text.

Both answers close the connection: after a broken head the byte stream cannot be trusted.
This subclasses a uvicorn internal, which is why uvicorn is pinned exactly in pyproject.toml.
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar, Protocol

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

LOG = logging.getLogger(__name__)


class RequestIds(Protocol):
    def uuid(self) -> str: ...


_REASONS = {400: b"Bad Request", 431: b"Request Header Fields Too Large"}


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    max_head_bytes: ClassVar[int] = 16 * 1024
    request_ids: ClassVar[RequestIds]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if not self._in_head:
            super().data_received(data)
            return
        room = self.max_head_bytes - self._head_bytes
        if len(data) <= room:
            self._head_bytes += len(data)
            super().data_received(data)
            return
        # Only what still fits in the limit reaches the parser; if the head is not complete
        # by then, it is too large, whatever follows.
        self._head_bytes += room
        super().data_received(data[:room])
        if self.transport.is_closing():
            return
        if self._head_incomplete():
            self._refuse(
                431,
                "RequestHeaderFieldsTooLargeException",
                f"The request line and headers are larger than {self.max_head_bytes} bytes.",
            )
            return
        self.data_received(data[room:])

    def _head_incomplete(self) -> bool:
        # A method, not the attribute: parser callbacks change it during data_received.
        return self._in_head

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "BadRequestException", msg)

    def _refuse(self, status: int, code: str, message: str) -> None:
        body = json.dumps({"Message": message}).encode()
        head = [
            b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status]),
            b"content-type: application/json\r\n",
            b"x-amzn-ErrorType: " + code.encode() + b"\r\n",
            b"x-amzn-RequestId: " + self.request_ids.uuid().encode() + b"\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]
        LOG.info("refused a request at the HTTP level: %d %s", status, message)
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def bounded_protocol(max_head_bytes: int, ids: RequestIds) -> type[BoundedHttpToolsProtocol]:
    """A protocol class with this server's head limit (uvicorn instantiates it per connection)."""
    return type(
        "ConfiguredHttpToolsProtocol",
        (BoundedHttpToolsProtocol,),
        {"max_head_bytes": max_head_bytes, "request_ids": ids},
    )
