"""The error every layer above the domain raises to answer a request with an AWS error.

ApiError(code, message)           a modelled or protocol-level error
  status                           from the service model when the code is an error shape
                                   there (the serializer reads it); otherwise this
                                   module's UNMODELLED_STATUS
  fields                           extra modelled members (for example ``Reason``)
"""

from __future__ import annotations

from typing import Any

DEFAULT_ERROR_STATUS = 400

# The HTTP status of every error code the emulator answers with that the Connect model does
# not declare: the one place it is decided, for the pipeline, the emulator's own routes and
# the connection's refusals alike. A code the model declares has the model's status
# (serializer.serialize_error); tests/unit/protocol/test_errors.py checks that none of these
# is one.
UNMODELLED_STATUS: dict[str, int] = {
    "SerializationException": 400,  # the body is not JSON, not an object, or not UTF-8
    "BadRequestException": 400,  # bytes that are not an HTTP/1.1 request
    # Every authentication error (connect_emulator.auth): the front door's 403.
    "MissingAuthenticationTokenException": 403,
    "IncompleteSignatureException": 403,
    "InvalidSignatureException": 403,
    "UnrecognizedClientException": 403,
    "UnknownOperationException": 404,  # no operation matches method and path
    "MethodNotAllowedException": 405,  # an emulator route with another method
    "RequestTimeoutException": 408,
    "RequestEntityTooLargeException": 413,
    "RequestHeaderFieldsTooLargeException": 431,
    "NotImplementedException": 501,  # the model has the operation, the emulator not yet
    "ServiceUnavailableException": 503,  # over --max-connections
}


def unmodelled_status(code: str) -> int:
    return UNMODELLED_STATUS.get(code, DEFAULT_ERROR_STATUS)


class ApiError(Exception):
    """An error answered in the AWS rest-json error format."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        # Given only to answer a code outside the table with another status (tests do).
        self.status = UNMODELLED_STATUS.get(code) if status is None else status
        self.fields = fields or {}


def invalid_request(message: str) -> ApiError:
    return ApiError("InvalidRequestException", message)


def serialization_error(message: str) -> ApiError:
    return ApiError("SerializationException", message)


def internal_error() -> ApiError:
    """What a failure of ours answers: 500, never any detail of the failure."""
    return ApiError("InternalServiceException", "The service encountered an internal error.")


def body_too_large(limit: int) -> ApiError:
    return ApiError(
        "RequestEntityTooLargeException",
        f"Request body is larger than the limit of {limit} bytes.",
    )
