"""Values the contract tests store and read back, and what they read through the port."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from connect_emulator.domain.model import IdentityManagementType, Instance, InstanceStatus
from connect_emulator.domain.ports import Transaction

ACCOUNT = "111111111111"
OTHER_ACCOUNT = "222222222222"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"

_BASE = Instance(
    id="00000000-0000-4000-8000-000000000000",
    account=ACCOUNT,
    region=REGION,
    identity_management_type=IdentityManagementType.CONNECT_MANAGED,
    alias="base",
    directory_id=None,
    created_at=1_763_700_000.123,
    service_role="arn:aws:iam::111111111111:role/aws-service-role/connect.amazonaws.com/R",
    status=InstanceStatus.CREATION_IN_PROGRESS,
    status_reason=None,
    inbound_calls=True,
    outbound_calls=False,
)


def instance(number: int, **changes: Any) -> Instance:
    """A distinct instance (its own id and alias) with ``changes`` applied."""
    values: dict[str, Any] = {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "alias": f"alias-{number}",
    }
    values.update(changes)
    return replace(_BASE, **values)


def alias_taken(tx: Transaction, claim: str) -> bool:
    """Whether a live instance holds the alias ``claim``, as CreateInstance asks."""
    return tx.creation_facts(claim, ACCOUNT, REGION, "CreateInstance", None).alias_taken


def settings_version(tx: Transaction) -> str | None:
    """The shared settings' version, as CreateInstance reads it."""
    return tx.creation_facts("", ACCOUNT, REGION, "CreateInstance", None).settings_version
