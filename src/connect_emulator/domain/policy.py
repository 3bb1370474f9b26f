"""How fast AWS's asynchronous steps happen, per account: the lifecycle policy.

    Progression
      IMMEDIATE   provisioning and deletion complete on the worker's next step
      DELAY       provisioning takes ``provisioning_delay``, deletion ``deletion_delay``
      MANUAL      provisioning waits until the control API says how it ends;
                  deletion still takes ``deletion_delay``

The server's options give the default; the control API can set one account's own policy,
kept in the shared settings so every server process applies the same one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.ports import NEVER, Transaction

# AWS keeps a failed instance visible for 24 hours after CreateInstance.
FAILED_RETENTION_SECONDS = 24 * 60 * 60

_KEY = "lifecycle/"


class Progression(StrEnum):
    IMMEDIATE = "immediate"
    DELAY = "delay"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class LifecyclePolicy:
    progression: Progression = Progression.DELAY
    provisioning_delay: float = 2.0
    deletion_delay: float = 1.0

    def provisioning_due(self, now: float) -> float:
        if self.progression is Progression.IMMEDIATE:
            return now
        if self.progression is Progression.MANUAL:
            return NEVER
        return now + self.provisioning_delay

    def removal_due(self, now: float) -> float:
        return now if self.progression is Progression.IMMEDIATE else now + self.deletion_delay

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "progression": self.progression.value}


def policy_from_json(document: object, base: LifecyclePolicy) -> LifecyclePolicy:
    """A policy from a control-API document; members it leaves out keep ``base``'s values."""
    if not isinstance(document, dict):
        raise InvalidInput("The lifecycle policy must be a JSON object.")
    unknown = set(document) - {"progression", "provisioning_delay", "deletion_delay"}
    if unknown:
        raise InvalidInput(f"Unknown lifecycle members: {', '.join(sorted(unknown))}.")
    policy = base
    if "progression" in document:
        try:
            policy = replace(policy, progression=Progression(document["progression"]))
        except ValueError:
            raise InvalidInput(
                "progression must be one of: " + ", ".join(p.value for p in Progression)
            ) from None
    if "provisioning_delay" in document:
        policy = replace(policy, provisioning_delay=_seconds(document, "provisioning_delay"))
    if "deletion_delay" in document:
        policy = replace(policy, deletion_delay=_seconds(document, "deletion_delay"))
    return policy


def _seconds(document: dict[str, object], name: str) -> float:
    value = document[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e9:
        raise InvalidInput(f"{name} must be a number of seconds, 0 or more.")
    return float(value)


class Policies:
    """The default policy and the per-account ones stored in the shared settings."""

    def __init__(self, default: LifecyclePolicy) -> None:
        self.default = default

    def for_account(self, tx: Transaction, account: str) -> LifecyclePolicy:
        stored = tx.get_setting(_KEY + account)
        return (
            self.default if stored is None else policy_from_json(json.loads(stored), self.default)
        )

    def set_for_account(self, tx: Transaction, account: str, policy: LifecyclePolicy) -> None:
        tx.put_setting(_KEY + account, json.dumps(policy.to_json()))

    def clear(self, tx: Transaction, account: str | None) -> None:
        tx.delete_settings(_KEY if account is None else _KEY + account)
