"""AWS's quotas and API rates, as profiles and per-account overrides.

    Limits
      instance_quota    live instances per account and Region (AWS default 2)
      churn_quota       creations plus deletions per account and Region per 30 days (AWS: 100)
      api_rate          token bucket per account, Region and operation (AWS: 2/s, burst 5)
      operation_rates   buckets that differ by operation (AWS: CreateInstance and
                        DeleteInstance 0.1/s; AWS publishes no burst for them: 2 here)
      resource_quotas   resources of a family per instance, by family key (AWS: 100 queues,
                        500 users, ...; LimitExceededException past them)

A value of None means "no limit". The ``dev`` profile (the default) has no limits at all, so
test suites run freely; ``aws`` has AWS's published defaults. Overrides for one account live in
the shared settings (the emulator's "quota increase"), so every process applies them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.ports import Transaction

CHURN_WINDOW_SECONDS = 30 * 24 * 60 * 60

_KEY = "limits/"


@dataclass(frozen=True, slots=True)
class Rate:
    per_second: float
    burst: int


@dataclass(frozen=True, slots=True)
class Limits:
    instance_quota: int | None = None
    churn_quota: int | None = None
    api_rate: Rate | None = None
    operation_rates: dict[str, Rate] = field(default_factory=dict)
    resource_quotas: dict[str, int] = field(default_factory=dict)

    def rate_for(self, operation: str) -> Rate | None:
        return self.operation_rates.get(operation, self.api_rate)

    def resource_quota(self, family: str) -> int | None:
        return self.resource_quotas.get(family)

    def to_json(self) -> dict[str, Any]:
        return {
            "instance_quota": self.instance_quota,
            "churn_quota": self.churn_quota,
            "api_rate": _rate_json(self.api_rate),
            "operation_rates": {op: _rate_json(r) for op, r in self.operation_rates.items()},
            "resource_quotas": dict(self.resource_quotas),
        }


PROFILES: dict[str, Limits] = {
    "dev": Limits(),
    "aws": Limits(
        instance_quota=2,
        churn_quota=100,
        api_rate=Rate(2.0, 5),
        operation_rates={"CreateInstance": Rate(0.1, 2), "DeleteInstance": Rate(0.1, 2)},
        # AWS's default per-instance quotas (connect-surface.md §0.5), defaults included.
        resource_quotas={
            "hours_of_operation": 100,
            "queue": 100,
            "routing_profile": 500,
            "contact_flow": 100,
            "contact_flow_module": 200,
            "security_profile": 100,
            "user": 500,
            "user_hierarchy_group": 500,
            "quick_connect": 100,
            "prompt": 500,
            "agent_status": 50,
            # Claimed phone numbers: a claim over it ends FAILED (phone_numbers/steps.py).
            "phone_number": 5,
            "lambda_function": 50,
            "approved_origin": 100,
            "lex_bot": 70,
            "lex_v2_bot": 100,
            "security_key": 2,
            # Custom vocabularies: a hard limit (feature limits, conversational analytics).
            "vocabulary": 20,
        },
    ),
}


def limits_from_json(document: object, base: Limits) -> Limits:
    """``base`` with the members ``document`` sets; null removes a limit."""
    if not isinstance(document, dict):
        raise InvalidInput("Limits must be a JSON object.")
    unknown = set(document) - {
        "instance_quota",
        "churn_quota",
        "api_rate",
        "operation_rates",
        "resource_quotas",
    }
    if unknown:
        raise InvalidInput(f"Unknown limit members: {', '.join(sorted(unknown))}.")
    limits = base
    if "instance_quota" in document:
        limits = replace(
            limits, instance_quota=_count(document["instance_quota"], "instance_quota")
        )
    if "churn_quota" in document:
        limits = replace(limits, churn_quota=_count(document["churn_quota"], "churn_quota"))
    if "api_rate" in document:
        limits = replace(limits, api_rate=_rate(document["api_rate"], "api_rate"))
    if "operation_rates" in document:
        rates = document["operation_rates"]
        if not isinstance(rates, dict):
            raise InvalidInput("operation_rates must map operation names to rates.")
        merged = dict(limits.operation_rates)
        for operation, value in rates.items():
            rate = _rate(value, f"operation_rates.{operation}")
            if rate is None:
                merged.pop(operation, None)
            else:
                merged[operation] = rate
        limits = replace(limits, operation_rates=merged)
    if "resource_quotas" in document:
        limits = replace(limits, resource_quotas=_quotas(document["resource_quotas"], limits))
    return limits


def _quotas(quotas: object, base: Limits) -> dict[str, int]:
    if not isinstance(quotas, dict):
        raise InvalidInput("resource_quotas must map resource families to counts.")
    counts = dict(base.resource_quotas)
    for family, value in quotas.items():
        count = _count(value, f"resource_quotas.{family}")
        if count is None:
            counts.pop(family, None)
        else:
            counts[family] = count
    return counts


class AccountLimits:
    """The server's limits, and each account's overrides kept in the shared settings."""

    def __init__(self, default: Limits) -> None:
        self.default = default
        self._overrides: dict[str, Limits] = {}

    def for_account(self, tx: Transaction, account: str) -> Limits:
        stored = tx.get_setting(_KEY + account)
        return (
            self.default if stored is None else limits_from_json(json.loads(stored), self.default)
        )

    def set_for_account(self, tx: Transaction, account: str, document: object) -> Limits:
        current = tx.get_setting(_KEY + account)
        merged = json.loads(current) if current else {}
        limits = limits_from_json(document, self.for_account(tx, account))
        assert isinstance(document, dict)
        merged.update(document)
        tx.put_setting(_KEY + account, json.dumps(merged))
        return limits

    def clear(self, tx: Transaction, account: str | None) -> None:
        tx.delete_settings(_KEY if account is None else _KEY + account)

    def load_overrides(self, tx: Transaction) -> None:
        """Caches every account's limits for the request path (the rate limiter)."""
        self._overrides = {
            key.removeprefix(_KEY): limits_from_json(json.loads(value), self.default)
            for key, value in tx.settings_with_prefix(_KEY)
        }

    def cached(self, account: str) -> Limits:
        return self._overrides.get(account, self.default)


def _count(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{name} must be a whole number, 0 or more, or null.")
    return value


def _rate(value: object, name: str) -> Rate | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"per_second", "burst"}:
        raise InvalidInput(f'{name} must be null or {{"per_second": number, "burst": integer}}.')
    per_second, burst = value["per_second"], value["burst"]
    if isinstance(per_second, bool) or not isinstance(per_second, int | float) or per_second <= 0:
        raise InvalidInput(f"{name}.per_second must be a number above 0.")
    if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
        raise InvalidInput(f"{name}.burst must be a whole number, 1 or more.")
    return Rate(float(per_second), burst)


def _rate_json(rate: Rate | None) -> dict[str, float] | None:
    return None if rate is None else {"per_second": rate.per_second, "burst": rate.burst}
