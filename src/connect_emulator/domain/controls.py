"""The test controls AWS cannot offer: reset, time travel, lifecycle pacing, planned failures,
declared directories and injected faults.

Controls live in the shared database (settings and their own tables), so they hold for every
server process on that database; each process keeps a snapshot of the clock offset and the
fault rules, refreshed by ``refresh()`` on every worker step.

Control input is checked here, and only here: ``Controls``' methods check what any caller
gives them (the control API, the console's forms), and the ``*_from_json`` readers below turn
the control API's JSON documents into their arguments (as ``policy_from_json`` and
``limits_from_json`` do for lifecycle and limits documents). The gateway only routes, decodes
the body and answers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from connect_emulator.domain.errors import InvalidInput, NotFound
from connect_emulator.domain.lifecycle import Lifecycle
from connect_emulator.domain.limits import AccountLimits, Limits
from connect_emulator.domain.model import Directory
from connect_emulator.domain.policy import LifecyclePolicy, Policies, policy_from_json
from connect_emulator.domain.ports import FailureRule, Store

_CLOCK_OFFSET = "clock_offset"
_FAULTS = "faults"

# Settings that a control call reads, changes and writes back are changed under a lock, so two
# processes changing the same one at once cannot lose either change. The emulator-wide ones
# (the clock) use this pseudo account; an account's own ones use its id with this region.
_EVERY_ACCOUNT = "*"
_SETTINGS_REGION = "*"

# Errors a fault rule may inject: the two that exercise a client's retry logic.
FAULT_ERRORS = ("ThrottlingException", "InternalServiceException")

# The reasons a failure gets when none is given.
INSTANCE_FAILURE = "Instance creation failed."
STEP_FAILURE = "The step failed."
REQUEST_FAILURE = "The request failed."

# A control document: a JSON object, decoded.
Document = Mapping[str, Any]


class AdjustableClock(Protocol):
    """What the controls need of the clock: to read it and to move it."""

    def now(self) -> float: ...

    @property
    def offset(self) -> float: ...

    def set_offset(self, offset: float) -> None: ...


@dataclass(frozen=True, slots=True)
class FaultRule:
    operations: tuple[str, ...]
    rate: float
    error: str
    account: str | None = None

    def applies(self, operation: str, account: str) -> bool:
        if self.account is not None and self.account != account:
            return False
        return not self.operations or operation in self.operations

    def to_json(self) -> dict[str, Any]:
        return {
            "operations": list(self.operations),
            "rate": self.rate,
            "error": self.error,
            "account": self.account,
        }


class Controls:
    def __init__(
        self,
        store: Store,
        clock: AdjustableClock,
        policies: Policies,
        lifecycle: Lifecycle,
        limits: AccountLimits,
        *,
        wake_worker: Callable[[], None] = lambda: None,
        stepped_families: frozenset[str] = frozenset(),
    ) -> None:
        self._store = store
        self._clock = clock
        self._policies = policies
        self._lifecycle = lifecycle
        self._limits = limits
        self._wake_worker = wake_worker
        # The resource families with asynchronous steps (phone numbers, vocabularies): what
        # failure rules and releases may name besides instances.
        self._stepped_families = stepped_families
        self._faults: tuple[FaultRule, ...] = ()

    def refresh(self) -> None:
        """Adopts what other processes may have changed: clock, faults, account limits."""
        with self._store.transaction(write=False) as tx:
            offset = tx.get_setting(_CLOCK_OFFSET)
            faults = tx.get_setting(_FAULTS)
            self._limits.load_overrides(tx)
        self._clock.set_offset(0.0 if offset is None else float(offset))
        self._faults = _faults_from(faults)

    # Reset

    def reset(self, account: str | None) -> None:
        with self._store.transaction() as tx:
            tx.reset(account)
            self._policies.clear(tx, account)
            self._limits.clear(tx, account)
            if account is None:
                tx.put_setting(_CLOCK_OFFSET, "0")
                tx.put_setting(_FAULTS, "[]")
        self.refresh()

    # Clock

    def clock(self) -> dict[str, float]:
        return {"now": self._clock.now(), "offset": self._clock.offset}

    def travel(
        self,
        *,
        advance: float | None = None,
        to: float | None = None,
        offset: float | None = None,
    ) -> dict[str, float]:
        """Moves the clock: ``advance`` it, set it ``to`` an instant, or set its ``offset``
        from the real clock (what ``clock()`` showed: how a test puts it back)."""
        if [advance, to, offset].count(None) != 2:
            raise InvalidInput(
                "Give exactly one of 'advance' (seconds), 'to' (epoch seconds) or 'offset' "
                "(seconds ahead of the real clock)."
            )
        with self._store.transaction() as tx:
            tx.lock_account(_EVERY_ACCOUNT, _SETTINGS_REGION)
            if advance is not None:
                if advance < 0:
                    raise InvalidInput("The clock only moves forward: 'advance' must be >= 0.")
                stored = tx.get_setting(_CLOCK_OFFSET)
                offset = (0.0 if stored is None else float(stored)) + advance
            elif to is not None:
                offset = to - (self._clock.now() - self._clock.offset)
            assert offset is not None
            tx.put_setting(_CLOCK_OFFSET, repr(offset))
        self._clock.set_offset(offset)
        self._wake_worker()
        return self.clock()

    # Lifecycle pacing

    def lifecycle(self, account: str | None) -> LifecyclePolicy:
        if account is None:
            return self._policies.default
        with self._store.transaction(write=False) as tx:
            return self._policies.for_account(tx, account)

    def set_lifecycle(self, account: str, document: object) -> LifecyclePolicy:
        with self._store.transaction() as tx:
            tx.lock_account(account, _SETTINGS_REGION)
            policy = policy_from_json(document, self._policies.for_account(tx, account))
            self._policies.set_for_account(tx, account, policy)
        return policy

    def release(self, instance_id: str, failure_reason: str | None) -> None:
        self._lifecycle.release(instance_id, failure_reason)

    # Quotas and rates (the emulator's "quota increase")

    def limits(self, account: str | None) -> Limits:
        if account is None:
            return self._limits.default
        with self._store.transaction(write=False) as tx:
            return self._limits.for_account(tx, account)

    def set_limits(self, account: str, document: object) -> Limits:
        with self._store.transaction() as tx:
            tx.lock_account(account, _SETTINGS_REGION)
            limits = self._limits.set_for_account(tx, account, document)
            self._limits.load_overrides(tx)
        return limits

    # Planned failures

    def fail_next(
        self,
        count: int,
        reason: str,
        account: str | None,
        alias_pattern: str | None,
        family: str | None = None,
    ) -> int:
        """The next ``count`` creations (of instances, or the asynchronous steps of a
        ``family``'s resources) whose alias or name matches fail with ``reason``."""
        if count < 1:
            raise InvalidInput("'count' must be 1 or more.")
        if not reason:
            raise InvalidInput("'reason' must not be empty.")
        self._check_family(family)
        with self._store.transaction() as tx:
            return tx.add_failure_rule(count, account, alias_pattern, reason, family)

    def release_step(self, family: str, resource_id: str, failure_reason: str | None) -> None:
        """Ends a resource's waiting (manual) step now: done, or failed with the reason."""
        self._check_family(family)
        with self._store.transaction() as tx:
            if not tx.reschedule_resource(family, resource_id, self._clock.now(), failure_reason):
                raise NotFound(f"No {family} {resource_id} is waiting for a step.")
        self._wake_worker()

    def _check_family(self, family: str | None) -> None:
        if family is not None and family not in self._stepped_families:
            known = ", ".join(sorted(self._stepped_families)) or "none yet"
            raise InvalidInput(f"'family' is one with asynchronous steps: {known}.")

    def failure_rules(self) -> list[FailureRule]:
        with self._store.transaction(write=False) as tx:
            return tx.failure_rules()

    # Directories

    def declare_directory(self, directory: Directory) -> None:
        with self._store.transaction() as tx:
            tx.put_directory(directory)

    def directories(self, account: str | None) -> list[Directory]:
        with self._store.transaction(write=False) as tx:
            return tx.list_directories(account)

    # Faults

    def faults(self) -> tuple[FaultRule, ...]:
        return self._faults

    def set_faults(self, rules: list[FaultRule]) -> None:
        for rule in rules:
            if rule.error not in FAULT_ERRORS:
                raise InvalidInput(f"'error' must be one of {', '.join(FAULT_ERRORS)}.")
            if not 0 <= rule.rate <= 1:
                raise InvalidInput("'rate' must be between 0 and 1.")
        with self._store.transaction() as tx:
            tx.put_setting(_FAULTS, json.dumps([rule.to_json() for rule in rules]))
        self._faults = tuple(rules)


def _faults_from(stored: str | None) -> tuple[FaultRule, ...]:
    if not stored:
        return ()
    return tuple(_fault_from_json(item) for item in json.loads(stored))


# The control API's documents, read: each reader raises InvalidInput naming what is wrong.


def reset_from_json(document: Document) -> str | None:
    """The account to reset; None: everything."""
    return _optional_str(document, "account")


class Travel(NamedTuple):
    """``Controls.travel``'s arguments: exactly one is given."""

    advance: float | None
    to: float | None
    offset: float | None


def travel_from_json(document: Document) -> Travel:
    return Travel(
        advance=_optional_number(document, "advance"),
        to=_optional_number(document, "to"),
        offset=_optional_number(document, "offset"),
    )


def provisioning_from_json(document: Document) -> str | None:
    """How a waiting provisioning ends: None (ACTIVE), or the reason it fails."""
    return _ending(document, done="ACTIVE", failed="CREATION_FAILED", default=INSTANCE_FAILURE)


def step_from_json(document: Document) -> str | None:
    """How a resource's waiting step ends: None (done), or the reason it fails."""
    return _ending(document, done="done", failed="failed", default=STEP_FAILURE)


def _ending(document: Document, *, done: str, failed: str, default: str) -> str | None:
    """None for the ``done`` outcome (the default), or the reason of the ``failed`` one."""
    outcome = document.get("outcome", done)
    reason = _optional_str(document, "reason")
    if outcome == done and reason is None:
        return None
    if outcome == failed:
        return reason or default
    raise InvalidInput(f"'outcome' is {done}, or {failed} with an optional 'reason'.")


class FailurePlan(NamedTuple):
    """``Controls.fail_next``'s arguments (``times``: its ``count``)."""

    times: int
    reason: str
    account: str | None
    pattern: str | None
    family: str | None


def failure_plan_from_json(document: Document) -> FailurePlan:
    count = document.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int):
        raise InvalidInput("'count' must be an integer.")
    family = _optional_str(document, "family")
    reason = _optional_str(document, "reason")
    return FailurePlan(
        count,
        reason or (INSTANCE_FAILURE if family is None else REQUEST_FAILURE),
        _optional_str(document, "account"),
        # For a family's resources the pattern is of their names (a vocabulary's, a number).
        _optional_str(document, "alias_pattern" if family is None else "name_pattern"),
        family,
    )


def directory_from_json(account: str, directory_id: str, document: Document) -> Directory:
    usable = document.get("usable", True)
    if not isinstance(usable, bool):
        raise InvalidInput("'usable' must be true or false.")
    return Directory(account, directory_id, usable, _optional_str(document, "reason"))


def faults_from_json(document: Document) -> list[FaultRule]:
    rules = document.get("rules", [])
    if not isinstance(rules, list):
        raise InvalidInput("'rules' must be a list.")
    return [_fault_from_json(item) for item in rules]


def _fault_from_json(item: object) -> FaultRule:
    if not isinstance(item, dict):
        raise InvalidInput("Each fault rule is a JSON object.")
    operations = item.get("operations", [])
    if not isinstance(operations, list) or not all(isinstance(o, str) for o in operations):
        raise InvalidInput("'operations' must be a list of names.")
    return FaultRule(
        operations=tuple(operations),
        rate=1.0 if "rate" not in item else _optional_number(item, "rate") or 0.0,
        error=_optional_str(item, "error") or FAULT_ERRORS[0],
        account=_optional_str(item, "account"),
    )


def _optional_str(document: Document, name: str) -> str | None:
    value = document.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"'{name}' must be a string.")
    return value


def _optional_number(document: Document, name: str) -> float | None:
    value = document.get(name)
    if value is None:
        return None
    # JSON's NaN and Infinity (which Python's decoder accepts) are no amount of anything.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"'{name}' must be a number.")
    return float(value)
