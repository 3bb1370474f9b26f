"""The error every layer above the domain raises to answer a request with an AWS error.

    ApiError(code, message)           a modelled or protocol-level error
      status                           from the service model when the code is an error shape
                                       there; otherwise the explicit ``status`` given here
      fields                           extra modelled members (for example ``Reason``)

Codes the model does not know, with their statuses (the serializer needs them explicitly):

    SerializationException        400  body is not JSON, not an object, or not UTF-8
    UnknownOperationException     404  no operation of the model matches method and path
    NotImplementedException       501  the model has the operation, the emulator not yet
    (auth errors)                 403  see connect_emulator.auth
"""

from __future__ import annotations

from typing import Any


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
        self.status = status
        self.fields = fields or {}


def invalid_request(message: str) -> ApiError:
    return ApiError("InvalidRequestException", message)


def serialization_error(message: str) -> ApiError:
    return ApiError("SerializationException", message, status=400)


def internal_error() -> ApiError:
    """What a failure of ours answers: 500, never any detail of the failure."""
    return ApiError("InternalServiceException", "The service encountered an internal error.")


def body_too_large(limit: int) -> ApiError:
    return ApiError(
        "RequestEntityTooLargeException",
        f"Request body is larger than the limit of {limit} bytes.",
        status=413,
    )
