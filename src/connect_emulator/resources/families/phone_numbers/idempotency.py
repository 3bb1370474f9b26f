"""ClientToken on ClaimPhoneNumber, UpdatePhoneNumber, UpdatePhoneNumberMetadata and
ReleasePhoneNumber: an earlier call with the token is answered again, one with other input is
refused (IdempotencyException). Tokens are kept per account, not per instance."""

from __future__ import annotations

from connect_emulator.domain.errors import IdempotencyConflict
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.ports import IdempotencyRecord
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.family import Params


def replayed(account: AccountScope, operation: str, params: Params) -> IdempotencyRecord | None:
    """The earlier call with this ClientToken; IdempotencyException if it had other input."""
    token = params.get("ClientToken")
    if not token:
        return None
    caller = account.caller
    previous = account.tx.get_idempotency(caller.account, caller.region, operation, token)
    if previous is not None and previous.fingerprint != _digest(params):
        raise IdempotencyConflict(
            f"ClientToken {token} was already used with different parameters for {operation}."
        )
    return previous


def remember(account: AccountScope, operation: str, params: Params, number_id: str) -> None:
    if params.get("ClientToken"):
        caller = account.caller
        account.tx.put_idempotency(
            IdempotencyRecord(
                caller.account,
                caller.region,
                operation,
                params["ClientToken"],
                _digest(params),
                number_id,
                account.now,
            )
        )


def _digest(params: Params) -> str:
    return fingerprint({k: v for k, v in params.items() if k != "ClientToken"})
