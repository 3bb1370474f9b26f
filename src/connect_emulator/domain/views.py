"""What DescribeInstance and ListInstances show of an instance: read-only views.

These two calls run far more often than any other, and need nothing that only writes use
(directory, attributes, the deleting flag). So a view is a tuple of exactly the shown fields,
in the store's column order, and no more. It speaks the domain's types, as ``Instance`` does:
status and identity type are ``InstanceStatus`` and ``IdentityManagementType`` members, the
call flags booleans. Storage converts its columns when it builds a view (storage/rows.py);
nothing past it knows how they are stored.
"""

from __future__ import annotations

from typing import NamedTuple

from connect_emulator.domain.model import IdentityManagementType, InstanceStatus, access_url


class InstanceSummary(NamedTuple):
    """One entry of ListInstances, with its position (the page cursor)."""

    position: int
    id: str
    identity_management_type: IdentityManagementType
    alias: str
    created_at: float
    service_role: str
    status: InstanceStatus
    inbound_calls: bool
    outbound_calls: bool


class InstanceDetails(NamedTuple):
    """DescribeInstance's instance (its account and Region are the caller's)."""

    id: str
    identity_management_type: IdentityManagementType
    alias: str
    created_at: float
    service_role: str
    status: InstanceStatus
    status_reason: str | None
    inbound_calls: bool
    outbound_calls: bool
    tags: dict[str, str]

    @property
    def access_url(self) -> str:
        return access_url(self.alias)
