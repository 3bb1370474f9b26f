"""The SigV4 canonical request and string to sign, as non-S3 services compute them.

The canonical URI is the path as sent on the wire (already percent-encoded by the client) with
dot segments and empty segments removed, then percent-encoded once more: ``%3A`` in an ARN
becomes ``%253A``. That double encoding is what every SDK does for services other than S3.

The canonical query decodes each name and value and re-encodes it with only ``-_.~`` left bare.
A ``+`` decodes to a space: the Go SDK signs the query as Go's URL parser decodes it, where
``+`` is a space, and botocore's own encoders never put a bare ``+`` on the wire.
Names and values are decoded to bytes, not text, so any octet a client encoded survives intact.

The signing key and signing itself are ``signing``'s; they are re-exported here.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote_to_bytes

from connect_emulator.auth.errors import format_amz_date
from connect_emulator.auth.signed_request import ALGORITHM, SignedRequest
from connect_emulator.auth.signing import sign, signing_key
from connect_emulator.protocol.http import HttpRequest

__all__ = [
    "UNSIGNED_PAYLOAD",
    "body_hash",
    "canonical_headers",
    "canonical_path",
    "canonical_query",
    "canonical_request",
    "has_removable_segments",
    "percent_encode",
    "request_payload_hash",
    "sign",
    "signing_key",
    "string_to_sign",
]

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
# Header values arrive as text; a lone surrogate in one must hash, not raise.
_ERRORS = "surrogatepass"
# What SigV4 leaves unencoded: unreserved characters, and "/" between path segments. A regex
# over bytes does what urllib's quote does, several times faster on ARN-laden paths.
_PATH_UNSAFE = re.compile(rb"[^A-Za-z0-9_.~/-]")
_QUERY_UNSAFE = re.compile(rb"[^A-Za-z0-9_.~-]")
# A path that is its own canonical form either way: unreserved characters only, no empty
# segment but a trailing one, and no segment starting with "." (so no "." or ".." segment).
_CANONICAL_PATH = re.compile(r"/|(?:/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*+)++/?")


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
    names = signed.signed_headers
    query = request.query_string
    # One f-string: the six lines joined by "\n". An empty query, the usual, costs no call.
    return (
        f"{request.method.upper()}\n"
        f"{canonical_path(request.raw_path, normalize=normalize_path)}\n"
        f"{canonical_query(query, exclude_signature=signed.presigned) if query else ''}\n"
        f"{canonical_headers(request, names)}\n"
        f"{';'.join(names)}\n"
        f"{payload_hash if payload_hash is not None else request_payload_hash(request)}"
    )


def canonical_path(raw_path: str, *, normalize: bool = True) -> str:
    # Most paths are canonical already: nothing to remove, nothing to encode.
    if _CANONICAL_PATH.fullmatch(raw_path):
        return raw_path
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
    if not query_string:
        return ""  # most requests have no query
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
    headers = request.headers
    lines = []  # a loop, not a comprehension: in 3.11 that costs a frame of its own
    for name in names:
        lines.append(f"{name}:{' '.join(headers.get(name, '').split())}\n")
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
    return f"{ALGORITHM}\n{format_amz_date(signed.amz_date)}\n{signed.credential_scope}\n{digest}"
