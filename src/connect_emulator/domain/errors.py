"""Errors the domain raises; the provider turns each into the AWS error the model names.

DomainError
  InvalidInput        -> InvalidRequestException (400)
    AliasInUse        -> InvalidRequestException "Invalid Input. Instance alias is already used."
    TokenReused       -> InvalidRequestException (ClientToken sent again with other parameters)
  NotFound            -> ResourceNotFoundException (404)
  StoreConflict       a unique index refused a write that raced another; the use case retries
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    pass


class InvalidParameter(InvalidInput):
    pass


class AliasInUse(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Invalid Input. Instance alias is already used.")


class TokenReused(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "ClientToken was already used with different parameters: "
            "send a new ClientToken or the same parameters."
        )


class NotFound(DomainError):
    pass


class QuotaExceeded(DomainError):
    pass


class StoreConflict(DomainError):
    """A write lost a race on a unique key; ``key`` names which one (alias, token)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"conflict on {key}")
        self.key = key
