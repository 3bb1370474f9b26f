"""AWS Signature Version 4 for Connect: parse a request's signature, then verify it.

    signed = parse_signature(request)        # shape, algorithm, credential scope
    verify(request, signed, secret, now)     # clock window, payload hash, signature
    # or, when the clock was checked already:
    check_time(signed, now)
    verify_signature(request, signed, secret)

The request time must be within ``max_skew`` (AWS: five minutes) of now either way; a presigned
URL may instead be used until X-Amz-Date + X-Amz-Expires. What Connect answers past that is not
documented anywhere found: S3 says ``AccessDenied`` "Request has expired", but that is S3's own
dialect, while the JSON services report every time failure of SigV4 as ``InvalidSignatureException``
"Signature expired: ...". The emulator answers the latter, with the URL's lifetime as the window.

When the signature does not match, the request is re-canonicalized the ways other SDKs are known
to sign before giving up: with the path's empty and dot segments kept (the Go SDK does not remove
them), and, for a presigned URL without a declared payload hash, with ``UNSIGNED-PAYLOAD``. These
are tried only after the botocore-exact form fails, so a correct request costs one HMAC, keyed
once per credential scope (``signing``).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from connect_emulator.auth.canonical import (
    UNSIGNED_PAYLOAD,
    body_hash,
    canonical_request,
    has_removable_segments,
    string_to_sign,
)
from connect_emulator.auth.errors import (
    invalid,
    signature_expired,
    signature_mismatch,
    signature_not_yet_current,
)
from connect_emulator.auth.signed_request import SignedRequest, parse_signature
from connect_emulator.auth.signing import sign, signing_key
from connect_emulator.protocol.http import HttpRequest

__all__ = [
    "DEFAULT_MAX_SKEW",
    "SignedRequest",
    "canonical_request",
    "check_time",
    "parse_signature",
    "string_to_sign",
    "verify",
    "verify_signature",
]

DEFAULT_MAX_SKEW = timedelta(minutes=5)


def check_time(
    signed: SignedRequest, now: datetime, max_skew: timedelta = DEFAULT_MAX_SKEW
) -> None:
    """Reject a request signed too long ago, or too far ahead of ``now``."""
    if now.tzinfo is not UTC:  # the clock's own time zone, usually
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    amz_date = signed.amz_date
    if amz_date > now + max_skew:
        raise signature_not_yet_current(amz_date, now, max_skew)
    expires = signed.expires
    window = max_skew if expires is None else timedelta(seconds=expires)
    if amz_date < now - window:
        raise signature_expired(amz_date, now, window)


def verify(
    request: HttpRequest,
    signed: SignedRequest,
    secret_access_key: str,
    now: datetime,
    *,
    max_skew: timedelta = DEFAULT_MAX_SKEW,
) -> None:
    """Raise the ApiError AWS would answer unless ``signed`` is a valid signature of ``request``."""
    check_time(signed, now, max_skew)
    verify_signature(request, signed, secret_access_key)


def verify_signature(request: HttpRequest, signed: SignedRequest, secret_access_key: str) -> None:
    """``verify`` without the clock, for a caller that has checked it already."""
    if "x-amz-content-sha256" in request.headers:  # botocore declares none for Connect
        _check_declared_payload_hash(request)
    key = signing_key(secret_access_key, signed.date, signed.region, signed.service)
    # The botocore-exact form first and outside the generator: nearly every request stops here.
    if _signs(key, signed, canonical_request(request, signed)):
        return
    for canonical in _other_canonical_forms(request, signed):
        if _signs(key, signed, canonical):
            return
    raise signature_mismatch()


def _signs(key: bytes, signed: SignedRequest, canonical: str) -> bool:
    provided = signed.signature
    # compare_digest takes text only when it is ASCII; a signature that is not matches no hex.
    return provided.isascii() and hmac.compare_digest(
        sign(key, string_to_sign(signed, canonical)), provided
    )


def _check_declared_payload_hash(request: HttpRequest) -> None:
    # The signature covers the declared hash, not the body; without this check a body could be
    # swapped under a still-valid signature.
    declared = request.headers.get("x-amz-content-sha256")
    if declared is None or declared == UNSIGNED_PAYLOAD or declared.startswith("STREAMING-"):
        return
    if declared.lower() != body_hash(request):
        raise invalid(
            "The provided 'x-amz-content-sha256' header does not match what was computed."
        )


def _other_canonical_forms(request: HttpRequest, signed: SignedRequest) -> Iterator[str]:
    # Only a path with empty or dot segments has a second (Go SDK) form worth trying.
    keep_segments = has_removable_segments(request.raw_path)
    if keep_segments:
        yield canonical_request(request, signed, normalize_path=False)
    if signed.presigned and "x-amz-content-sha256" not in request.headers:
        yield canonical_request(request, signed, payload_hash=UNSIGNED_PAYLOAD)
        if keep_segments:
            yield canonical_request(
                request, signed, normalize_path=False, payload_hash=UNSIGNED_PAYLOAD
            )
