"""Domain errors -> the AWS errors the model declares for them."""

from __future__ import annotations

from connect_emulator.domain.errors import (
    DomainError,
    InvalidInput,
    InvalidParameter,
    NotFound,
    QuotaExceeded,
)
from connect_emulator.protocol.errors import ApiError, internal_error


def to_api_error(error: DomainError) -> ApiError:
    if isinstance(error, NotFound):
        return ApiError("ResourceNotFoundException", error.message)
    if isinstance(error, QuotaExceeded):
        return ApiError("ServiceQuotaExceededException", error.message)
    if isinstance(error, InvalidParameter):
        return ApiError("InvalidParameterException", error.message)
    if isinstance(error, InvalidInput):
        return ApiError("InvalidRequestException", error.message)
    # Any other domain error escaping to here is our bug, not the caller's.
    return internal_error()
