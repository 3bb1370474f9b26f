"""Domain errors -> the AWS errors the model declares for them."""

from __future__ import annotations

from connect_emulator.domain.errors import (
    Conflict,
    DomainError,
    Duplicate,
    IdempotencyConflict,
    InUse,
    InvalidFlow,
    InvalidInput,
    InvalidParameter,
    LimitExceeded,
    NotFound,
    QuotaExceeded,
)
from connect_emulator.protocol.errors import ApiError, internal_error

# The errors that are a code and a message, most specific first (InvalidParameter is an
# InvalidInput).
_CODES: tuple[tuple[type[DomainError], str], ...] = (
    (NotFound, "ResourceNotFoundException"),
    (QuotaExceeded, "ServiceQuotaExceededException"),
    (LimitExceeded, "LimitExceededException"),
    (Duplicate, "DuplicateResourceException"),
    (Conflict, "ResourceConflictException"),
    (IdempotencyConflict, "IdempotencyException"),
    (InvalidParameter, "InvalidParameterException"),
    (InvalidInput, "InvalidRequestException"),
)


def to_api_error(error: DomainError) -> ApiError:
    if isinstance(error, InUse):
        return ApiError(
            "ResourceInUseException",
            error.message,
            fields={"ResourceType": error.resource_type, "ResourceId": error.resource_id},
        )
    if isinstance(error, InvalidFlow):
        problems = [{"message": problem} for problem in error.problems]
        if error.module:
            return ApiError(
                "InvalidContactFlowModuleException", error.message, fields={"Problems": problems}
            )
        return ApiError("InvalidContactFlowException", error.message, fields={"problems": problems})
    for kind, code in _CODES:
        if isinstance(error, kind):
            return ApiError(code, error.message)
    # Any other domain error escaping to here is our bug, not the caller's.
    return internal_error()
