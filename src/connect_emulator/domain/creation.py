"""CreateInstance's synchronous rules, and what is decided about an instance at its birth.

Everything here runs inside the creating transaction, before anything is written, so a
refused call leaves nothing behind.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import NamedTuple

from connect_emulator.domain.errors import InvalidInput, NotFound, QuotaExceeded
from connect_emulator.domain.limits import CHURN_WINDOW_SECONDS, Limits
from connect_emulator.domain.model import Caller, IdentityManagementType
from connect_emulator.domain.ports import Transaction


class CreateInstanceCommand(NamedTuple):
    # Immutable like a frozen dataclass, and several times cheaper to make: one is made on
    # every CreateInstance call.
    identity_management_type: IdentityManagementType
    inbound_calls: bool
    outbound_calls: bool
    alias: str | None = None
    directory_id: str | None = None
    # One empty dict shared by every command without tags: safe, as a command's tags are only
    # read (fingerprinted, stored), never changed.
    tags: dict[str, str] = {}  # noqa: RUF012
    client_token: str | None = None


def effective_alias(command: CreateInstanceCommand) -> str:
    """AWS's rules tying alias, directory and identity type together."""
    kind = command.identity_management_type
    if kind is IdentityManagementType.EXISTING_DIRECTORY:
        if not command.directory_id:
            raise InvalidInput(
                "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY."
            )
        # The directory's own alias becomes the access-URL label when none is given; an
        # unaliased AWS directory's alias is its id, which no InstanceAlias may look like.
        return command.alias or command.directory_id
    if command.directory_id:
        raise InvalidInput(
            "DirectoryId is only valid when IdentityManagementType is EXISTING_DIRECTORY, "
            f"not {kind.value}."
        )
    if not command.alias:
        raise InvalidInput(
            f"InstanceAlias is required when IdentityManagementType is {kind.value}."
        )
    return command.alias


def check_directory(tx: Transaction, caller: Caller, directory_id: str, *, declared: bool) -> None:
    """Until an account declares directories (``declared``) every well-formed id exists; then
    only those."""
    if declared and tx.get_directory(caller.account, directory_id) is None:
        raise NotFound(f"Directory {directory_id} not found.")


def planned_failure(
    tx: Transaction, caller: Caller, alias: str, family: str | None = None
) -> str | None:
    """The reason this creation (of an instance with ``alias``, or of a ``family`` resource
    named ``alias``) will fail, when a failure rule claims it (and uses it up)."""
    for rule in tx.failure_rules():
        if rule.family != family:
            continue
        if rule.account is not None and rule.account != caller.account:
            continue
        if rule.alias_pattern is not None and not fnmatchcase(alias, rule.alias_pattern):
            continue
        tx.use_failure_rule(rule.id)
        return rule.reason
    return None


def check_quotas(tx: Transaction, caller: Caller, limits: Limits, now: float) -> None:
    """The per-account instance quota and the 30-day creation-and-deletion quota."""
    quota = limits.instance_quota
    if quota is not None and tx.count_live_instances(caller.account, caller.region) >= quota:
        raise QuotaExceeded(
            f"Quota limit reached: the account has reached its limit of {quota} instances "
            f"in {caller.region}."
        )
    churn = limits.churn_quota
    since = now - CHURN_WINDOW_SECONDS
    if churn is not None and tx.count_events(caller.account, caller.region, since) >= churn:
        raise QuotaExceeded(
            "Your account has been flagged for an excessive number of creation and deletion "
            f"attempts (limit {churn} in 30 days)."
        )
