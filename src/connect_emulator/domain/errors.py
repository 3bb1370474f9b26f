"""Errors the domain raises; the provider turns each into the AWS error the model names.

DomainError
  InvalidInput        -> InvalidRequestException (400)
    AliasInUse        -> InvalidRequestException "Invalid Input. Instance alias is already used."
    TokenReused       -> InvalidRequestException (ClientToken sent again with other parameters)
  NotFound            -> ResourceNotFoundException (404)
  QuotaExceeded       -> ServiceQuotaExceededException (402)
  LimitExceeded       -> LimitExceededException (429, which SDKs retry)
  Duplicate           -> DuplicateResourceException (409): a name taken in the instance
  InUse               -> ResourceInUseException (409), naming what still refers to it
  Conflict            -> ResourceConflictException (409)
  IdempotencyConflict -> IdempotencyException (409): a ClientToken reused with other input
  InvalidFlow         -> InvalidContactFlowException / InvalidContactFlowModuleException (400)
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


class LimitExceeded(DomainError):
    pass


class Duplicate(DomainError):
    pass


class Conflict(DomainError):
    pass


class IdempotencyConflict(DomainError):
    pass


class InUse(DomainError):
    """``resource_type`` and ``resource_id`` (an ARN) name what still refers to the target."""

    def __init__(self, message: str, resource_type: str, resource_id: str) -> None:
        super().__init__(message)
        self.resource_type = resource_type
        self.resource_id = resource_id


class InvalidFlow(DomainError):
    """Flow (or, with ``module``, flow module) content that does not validate."""

    def __init__(self, problems: list[str], *, module: bool = False) -> None:
        super().__init__(problems[0])
        self.problems = problems
        self.module = module
