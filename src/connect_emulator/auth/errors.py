"""The authentication errors, built with the codes and wording AWS answers with.

Every one is a 403 (protocol.errors.UNMODELLED_STATUS): Connect sits behind the same front
door as API Gateway, which rejects a badly signed request before the service sees it,
whatever the fault.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from connect_emulator.protocol.errors import ApiError

MISSING_TOKEN = "MissingAuthenticationTokenException"
INCOMPLETE = "IncompleteSignatureException"
INVALID = "InvalidSignatureException"
UNRECOGNIZED = "UnrecognizedClientException"

SIGNATURE_MISMATCH_MESSAGE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)


def missing_token() -> ApiError:
    return ApiError(MISSING_TOKEN, "Missing Authentication Token")


def incomplete(message: str) -> ApiError:
    return ApiError(INCOMPLETE, message)


def invalid(message: str) -> ApiError:
    return ApiError(INVALID, message)


def unrecognized_client() -> ApiError:
    return ApiError(UNRECOGNIZED, "The security token included in the request is invalid.")


def signature_mismatch() -> ApiError:
    return invalid(SIGNATURE_MISMATCH_MESSAGE)


@lru_cache(maxsize=64)
def format_amz_date(moment: datetime) -> str:
    """The basic ISO-8601 form of X-Amz-Date and the string to sign: 20261121T050000Z."""
    # Formatted by hand: strftime costs several times more, and this runs twice a request.
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"
    )


def _format_window(window: timedelta) -> str:
    seconds = int(window.total_seconds())
    # AWS words its own windows in minutes; a presigned URL's X-Amz-Expires may not divide.
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} sec"


def signature_expired(signed_at: datetime, now: datetime, window: timedelta) -> ApiError:
    return invalid(
        f"Signature expired: {format_amz_date(signed_at)} is now earlier than "
        f"{format_amz_date(now - window)} ({format_amz_date(now)} - {_format_window(window)}.)"
    )


def signature_not_yet_current(signed_at: datetime, now: datetime, window: timedelta) -> ApiError:
    return invalid(
        f"Signature not yet current: {format_amz_date(signed_at)} is still later than "
        f"{format_amz_date(now + window)} ({format_amz_date(now)} + {_format_window(window)}.)"
    )
