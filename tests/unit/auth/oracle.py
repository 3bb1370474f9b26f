"""botocore as the oracle: requests signed by botocore's own signers, as the server receives them.

Time is frozen by replacing ``botocore.auth.get_current_datetime``, the one place botocore's
signers read the clock, so every signature here is reproducible.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from unittest import mock
from urllib.parse import quote, urlsplit

from botocore.auth import UNSIGNED_PAYLOAD, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSPreparedRequest, AWSRequest
from botocore.credentials import Credentials

from connect_emulator.protocol.http import HttpRequest

NOW = datetime(2026, 11, 21, 5, 0, 0, tzinfo=UTC)
ACCESS_KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
ACCOUNT = "111111111111"
REGION = "eu-west-2"
ENDPOINT = "https://connect.eu-west-2.amazonaws.com"
INSTANCE_ARN = (
    "arn:aws:connect:eu-west-2:123456789012:instance/7f0e9f4c-1111-2222-3333-444455556666"
)
# The ARN as botocore's rest serializer puts a non-greedy label on the wire.
ENCODED_ARN = (
    "arn%3Aaws%3Aconnect%3Aeu-west-2%3A123456789012%3Ainstance"
    "%2F7f0e9f4c-1111-2222-3333-444455556666"
)


@dataclass(frozen=True)
class Signed:
    """A request as received, with what botocore computed while signing it."""

    request: HttpRequest
    canonical_request: str
    string_to_sign: str


class _Recording:
    """Keeps the canonical request and string to sign botocore computed."""

    canonical: str = ""
    to_sign: str = ""

    def record(self, canonical: str | None = None, to_sign: str | None = None) -> None:
        if canonical is not None:
            self.canonical = canonical
        if to_sign is not None:
            self.to_sign = to_sign


class _HeaderSigner(SigV4Auth):
    def __init__(self, credentials: Credentials, service: str, region: str) -> None:
        super().__init__(credentials, service, region)
        self.seen = _Recording()

    def canonical_request(self, request: AWSRequest) -> str:
        result: str = super().canonical_request(request)
        self.seen.record(canonical=result)
        return result

    def string_to_sign(self, request: AWSRequest, canonical_request: str) -> str:
        result: str = super().string_to_sign(request, canonical_request)
        self.seen.record(to_sign=result)
        return result


class _QuerySigner(SigV4QueryAuth):
    def __init__(self, credentials: Credentials, service: str, region: str, expires: int) -> None:
        super().__init__(credentials, service, region, expires=expires)
        self.seen = _Recording()

    def canonical_request(self, request: AWSRequest) -> str:
        result: str = super().canonical_request(request)
        self.seen.record(canonical=result)
        return result

    def string_to_sign(self, request: AWSRequest, canonical_request: str) -> str:
        result: str = super().string_to_sign(request, canonical_request)
        self.seen.record(to_sign=result)
        return result


class _KeepSegmentsSigner(_HeaderSigner):
    """Signs the path without removing empty or dot segments, as the Go SDK does."""

    def _normalize_url_path(self, path: str) -> str:
        return quote(path, safe="/~")


class _UnsignedPayloadHeaderSigner(_HeaderSigner):
    """Signs UNSIGNED-PAYLOAD without declaring it in X-Amz-Content-SHA256."""

    def payload(self, request: AWSRequest) -> str:
        return UNSIGNED_PAYLOAD


class _UnsignedPayloadQuerySigner(_QuerySigner):
    """Presigns with UNSIGNED-PAYLOAD, as presigners built for S3 do."""

    def payload(self, request: AWSRequest) -> str:
        return UNSIGNED_PAYLOAD


Variant = Literal["botocore", "keep-segments", "unsigned-payload"]


def sign(
    method: str,
    url: str,
    *,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    access_key: str = ACCESS_KEY,
    secret: str = SECRET,
    token: str | None = None,
    region: str = REGION,
    service: str = "connect",
    at: datetime = NOW,
    expires: int | None = None,
    variant: Variant = "botocore",
) -> Signed:
    """Sign with SigV4Auth, or with SigV4QueryAuth (a presigned URL) when ``expires`` is given."""
    request = AWSRequest(method, url, headers=dict(headers or {}), data=body, params=params)
    credentials = Credentials(access_key, secret, token)
    signer: _HeaderSigner | _QuerySigner
    if expires is None:
        header_classes = {
            "botocore": _HeaderSigner,
            "keep-segments": _KeepSegmentsSigner,
            "unsigned-payload": _UnsignedPayloadHeaderSigner,
        }
        signer = header_classes[variant](credentials, service, region)
    else:
        query_class = _UnsignedPayloadQuerySigner if variant == "unsigned-payload" else _QuerySigner
        signer = query_class(credentials, service, region, expires)
    naive = at.astimezone(UTC).replace(tzinfo=None)
    with mock.patch("botocore.auth.get_current_datetime", return_value=naive):
        signer.add_auth(request)
    return Signed(to_http_request(request.prepare()), signer.seen.canonical, signer.seen.to_sign)


def to_http_request(prepared: AWSPreparedRequest) -> HttpRequest:
    """The request as the server's edge hands it over: raw path and query, lower-cased names."""
    parts = urlsplit(prepared.url)
    headers = {name.lower(): _text(value) for name, value in prepared.headers.items()}
    # The HTTP client adds Host on the wire; botocore signs the value it will send.
    headers.setdefault("host", _host(prepared.url))
    return HttpRequest(prepared.method, parts.path, parts.query, headers, _bytes(prepared.body))


def _bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    raise TypeError(f"unexpected request body {body!r}")


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _host(url: str) -> str:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def with_header(request: HttpRequest, name: str, value: str | None) -> HttpRequest:
    headers = dict(request.headers)
    if value is None:
        headers.pop(name, None)
    else:
        headers[name] = value
    return dataclasses.replace(request, headers=headers)


def replace(request: HttpRequest, **changes: Any) -> HttpRequest:
    return dataclasses.replace(request, **changes)
