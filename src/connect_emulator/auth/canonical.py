"""The SigV4 canonical request, string to sign and signing key, as non-S3 services compute them.

The canonical URI is the path as sent on the wire (already percent-encoded by the client) with
dot segments and empty segments removed, then percent-encoded once more: ``%3A`` in an ARN
becomes ``%253A``. That double encoding is what every SDK does for services other than S3.

The canonical query decodes each name and value and re-encodes it with only ``-_.~`` left bare.
A ``+`` decodes to a space: the Go SDK signs the query as Go's URL parser decodes it, where
``+`` is a space, and botocore's own encoders never put a bare ``+`` on the wire.
Names and values are decoded to bytes, not text, so any octet a client encoded survives intact.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from connect_emulator.auth.errors import format_amz_date
from connect_emulator.auth.signed_request import ALGORITHM, TERMINATOR, SignedRequest
from connect_emulator.protocol.http import HttpRequest

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
# Header values arrive as text; a lone surrogate in one must hash, not raise.
_ERRORS = "surrogatepass"
# What SigV4 leaves unencoded: unreserved characters, and "/" between path segments. A regex
# over bytes does what urllib's quote does, several times faster on ARN-laden paths.
_PATH_UNSAFE = re.compile(rb"[^A-Za-z0-9_.~/-]")
_QUERY_UNSAFE = re.compile(rb"[^A-Za-z0-9_.~-]")


def canonical_request(
    request: HttpRequest,
    signed: SignedRequest,
    *,
    normalize_path: bool = True,
    payload_hash: str | None = None,
) -> str:
    """The canonical request of SigV4.

    ``normalize_path=False`` keeps empty and dot segments, as the Go SDK signs them;
    ``payload_hash`` overrides the hash otherwise taken from the request.
    """
    return "\n".join(
        (
            request.method.upper(),
            canonical_path(request.raw_path, normalize=normalize_path),
            canonical_query(request.query_string, exclude_signature=signed.presigned),
            canonical_headers(request, signed.signed_headers),
            ";".join(signed.signed_headers),
            payload_hash if payload_hash is not None else request_payload_hash(request),
        )
    )


def canonical_path(raw_path: str, *, normalize: bool = True) -> str:
    path = _remove_dot_segments(raw_path) if normalize else raw_path
    return percent_encode((path or "/").encode("utf-8", _ERRORS), path=True)


def has_removable_segments(path: str) -> bool:
    """True when dot-segment removal would change ``path`` (cheaper than comparing forms)."""
    return _remove_dot_segments(path) != path


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 section 5.2.4, plus dropping empty segments as the SDKs do.
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment not in ("", "."):
            kept.append(segment)
    leading = "/" if path.startswith("/") else ""
    trailing = "/" if path.endswith("/") and kept else ""
    return leading + "/".join(kept) + trailing


def canonical_query(query_string: str, *, exclude_signature: bool = False) -> str:
    pairs: list[tuple[str, str]] = []
    for piece in query_string.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        raw_name = _decode(name)
        if exclude_signature and raw_name == b"X-Amz-Signature":
            continue
        pairs.append((percent_encode(raw_name), percent_encode(_decode(value))))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


def percent_encode(data: bytes, *, path: bool = False) -> str:
    """Encode every octet but the unreserved ones (and "/" in a path) as %XX."""
    pattern = _PATH_UNSAFE if path else _QUERY_UNSAFE
    return pattern.sub(_escape, data).decode("ascii")


def _escape(match: re.Match[bytes]) -> bytes:
    return b"%%%02X" % match[0][0]


def _decode(component: str) -> bytes:
    return unquote_to_bytes(component.replace("+", " ").encode("utf-8", _ERRORS))


def canonical_headers(request: HttpRequest, names: tuple[str, ...]) -> str:
    # A signed header the request lacks is signed as empty; the mismatch then shows up as a
    # wrong signature, which is how AWS reports it too.
    lines = (f"{name}:{' '.join(request.headers.get(name, '').split())}\n" for name in names)
    return "".join(lines)


def request_payload_hash(request: HttpRequest) -> str:
    declared = request.headers.get("x-amz-content-sha256")
    if declared is not None:
        return declared
    return body_hash(request)


_EMPTY_BODY_HASH = hashlib.sha256(b"").hexdigest()


def body_hash(request: HttpRequest) -> str:
    # GET and DELETE requests, most of the traffic, have no body.
    return hashlib.sha256(request.body).hexdigest() if request.body else _EMPTY_BODY_HASH


def string_to_sign(signed: SignedRequest, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8", _ERRORS)).hexdigest()
    return "\n".join((ALGORITHM, format_amz_date(signed.amz_date), signed.credential_scope, digest))


@lru_cache(maxsize=256)
def signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    """kSigning; cached because every request of a day derives the same one for a key."""
    key = f"AWS4{secret_access_key}".encode("utf-8", _ERRORS)
    for part in (date, region, service, TERMINATOR):
        key = hmac.digest(key, part.encode("utf-8", _ERRORS), "sha256")
    return key


def sign(key: bytes, text: str) -> str:
    return hmac.digest(key, text.encode("utf-8", _ERRORS), "sha256").hex()
