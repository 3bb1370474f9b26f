"""Hand-made HTTP requests, SigV4-signed by botocore, for what no SDK would send."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error_type(self) -> str | None:
        return self.headers.get("x-amzn-errortype")


def send(
    url: str,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    headers: dict[str, str] | None = None,
    sign: bool = True,
    region: str = "us-east-1",
    access_key: str = "test",
) -> RawResponse:
    """Sends exactly ``path`` (already percent-encoded, query included) and ``body``."""
    target = urlsplit(url)
    all_headers = {"content-type": "application/json"} if body else {}
    all_headers.update(headers or {})
    if sign:
        request = AWSRequest(method=method, url=url + path, data=body, headers=all_headers)
        SigV4Auth(Credentials(access_key, "test"), "connect", region).add_auth(request)
        all_headers = dict(request.headers.items())
    connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=all_headers)
        reply = connection.getresponse()
        return RawResponse(
            reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
        )
    finally:
        connection.close()


def send_prepared(url: str, request: AWSRequest) -> RawResponse:
    """Sends a (possibly tampered) botocore request exactly as it stands."""
    prepared = request.prepare()
    target = urlsplit(prepared.url)
    path = target.path + (f"?{target.query}" if target.query else "")
    raw = prepared.body
    body = raw if isinstance(raw, bytes) else raw.encode() if isinstance(raw, str) else b""
    return send(
        url, prepared.method, path, body, headers=dict(prepared.headers.items()), sign=False
    )
