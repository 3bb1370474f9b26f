"""What DescribeInstance and ListInstances show of an instance: read-only views, made straight
from a row.

These two calls run far more often than any other, and need nothing that only writes use
(directory, attributes, the deleting flag). So a view is a tuple of exactly the shown fields, in
the store's column order: no per-field objects, no enum lookups. Status and identity type are
the strings AWS shows (``InstanceStatus`` and ``IdentityManagementType`` values, which compare
equal to them); the call flags are as stored, 0 or 1.
"""

from __future__ import annotations

from typing import NamedTuple

from connect_emulator.domain.model import access_url


class InstanceSummary(NamedTuple):
    """One entry of ListInstances, with its position (the page cursor)."""

    position: int
    id: str
    identity_management_type: str
    alias: str
    created_at: float
    service_role: str
    status: str
    inbound_calls: int
    outbound_calls: int


class InstanceDetails(NamedTuple):
    """DescribeInstance's instance (its account and Region are the caller's)."""

    id: str
    identity_management_type: str
    alias: str
    created_at: float
    service_role: str
    status: str
    status_reason: str | None
    inbound_calls: int
    outbound_calls: int
    tags: dict[str, str]

    @property
    def access_url(self) -> str:
        return access_url(self.alias)
