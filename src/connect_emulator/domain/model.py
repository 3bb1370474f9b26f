"""Instances as the domain sees them, with the states AWS documents.

InstanceStatus
  CREATION_IN_PROGRESS   accepted by CreateInstance, waiting for the provisioning job
  ACTIVE                 provisioned; usable
  CREATION_FAILED        provisioning failed; visible with its reason for 24 hours
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class InstanceStatus(StrEnum):
    CREATION_IN_PROGRESS = "CREATION_IN_PROGRESS"
    ACTIVE = "ACTIVE"
    CREATION_FAILED = "CREATION_FAILED"


class IdentityManagementType(StrEnum):
    SAML = "SAML"
    CONNECT_MANAGED = "CONNECT_MANAGED"
    EXISTING_DIRECTORY = "EXISTING_DIRECTORY"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: every instance belongs to one account and one region."""

    account: str
    region: str


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    account: str
    region: str
    identity_management_type: IdentityManagementType
    alias: str
    directory_id: str | None
    created_at: float
    service_role: str
    status: InstanceStatus
    status_reason: str | None
    inbound_calls: bool
    outbound_calls: bool
    tags: dict[str, str] = field(default_factory=dict)
    # DeleteInstance was accepted: still visible (as AWS shows it) until the removal job runs.
    deleting: bool = False
    # Attributes set by UpdateInstanceAttribute; see domain/attributes.py for the rest.
    attributes: dict[str, str] = field(default_factory=dict)
    # When it became ACTIVE, while its default resources are still to be written: they are
    # written when something first works inside it (resources/engine.py). None once they are.
    defaults_due: float | None = None


def instance_arn(region: str, account: str, instance_id: str) -> str:
    return f"arn:aws:connect:{region}:{account}:instance/{instance_id}"


def access_url(alias: str) -> str:
    return f"https://{alias}.my.connect.aws/"


@dataclass(frozen=True, slots=True)
class Directory:
    """A directory declared to the emulator; an undeclared one exists only in open mode."""

    account: str
    directory_id: str
    usable: bool
    reason: str | None = None


def alias_claim(alias: str) -> str:
    """The key under which an alias is reserved: DNS labels compare case-insensitively."""
    return alias.lower()
