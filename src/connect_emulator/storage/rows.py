"""Database rows <-> domain values, shared by every SQL dialect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from connect_emulator.domain.model import (
    Directory,
    IdentityManagementType,
    Instance,
    InstanceStatus,
    alias_claim,
)
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.domain.views import InstanceDetails, InstanceSummary


def instance_from_row(row: Sequence[Any]) -> tuple[int, Instance]:
    """(position, instance) from a row of ``queries.INSTANCE_COLUMNS``."""
    return int(row[0]), Instance(
        id=row[1],
        account=row[2],
        region=row[3],
        identity_management_type=_IDENTITY_TYPES[row[4]],
        alias=row[5],
        directory_id=row[6],
        created_at=float(row[7]),
        service_role=row[8],
        status=_STATUSES[row[9]],
        status_reason=row[10],
        inbound_calls=bool(row[11]),
        outbound_calls=bool(row[12]),
        tags=_json_map(row[13]),
        deleting=bool(row[14]),
        attributes=_json_map(row[15]),
        defaults_due=row[16],
    )


# Column text to the domain's members, by a dict prepared once: the enum's constructor runs
# Python code on every call, and these two views are built on the most frequent calls.
_IDENTITY_TYPES = {member.value: member for member in IdentityManagementType}
_STATUSES = {member.value: member for member in InstanceStatus}

# The views are made with tuple.__new__, as NamedTuple's own __new__ does, without its
# Python-level call on every row.
_new_tuple = tuple.__new__


def details_from_row(row: Sequence[Any]) -> InstanceDetails:
    """From a row of ``queries.DETAILS_COLUMNS``. The call flags are INTEGER columns in both
    dialects (0 or 1): ``!= 0`` is bool() without the call."""
    id_, identity, alias, created_at, role, status, reason, inbound, outbound, tags = row
    return _new_tuple(
        InstanceDetails,
        (
            id_,
            _IDENTITY_TYPES[identity],
            alias,
            created_at,
            role,
            _STATUSES[status],
            reason,
            inbound != 0,
            outbound != 0,
            _json_map(tags),
        ),
    )


def summary_from_row(row: Sequence[Any]) -> InstanceSummary:
    """From a row of ``queries.SUMMARY_COLUMNS``, converted as ``details_from_row`` does."""
    position, id_, identity, alias, created_at, role, status, inbound, outbound = row
    return _new_tuple(
        InstanceSummary,
        (
            position,
            id_,
            _IDENTITY_TYPES[identity],
            alias,
            created_at,
            role,
            _STATUSES[status],
            inbound != 0,
            outbound != 0,
        ),
    )


def _json_map(text: str) -> dict[str, str]:
    # Most instances have no tags and no changed attributes: no decoding for those.
    return {} if text == "{}" else dict(orjson.loads(text))


def instance_to_row(instance: Instance) -> tuple[Any, ...]:
    """Parameters of the ``insert_instance`` query."""
    return (
        instance.id,
        instance.account,
        instance.region,
        instance.identity_management_type.value,
        instance.alias,
        instance.directory_id,
        instance.created_at,
        instance.service_role,
        instance.status.value,
        instance.status_reason,
        int(instance.inbound_calls),
        int(instance.outbound_calls),
        tags_json(instance.tags),
        alias_claim(instance.alias),
    )


def tags_json(tags: dict[str, str]) -> str:
    # orjson writes what json.dumps(separators=(",", ":"), ensure_ascii=False) would.
    return orjson.dumps(tags).decode() if tags else "{}"


def directory_from_row(row: Sequence[Any]) -> Directory:
    return Directory(account=row[0], directory_id=row[1], usable=bool(row[2]), reason=row[3])


def resource_from_row(row: Sequence[Any]) -> ResourceRecord:
    """A resource from a row of ``queries.RESOURCE_COLUMNS``."""
    return ResourceRecord(
        seq=int(row[0]),
        account=row[1],
        region=row[2],
        instance_id=row[3],
        family=row[4],
        id=row[5],
        name=row[6],
        subtype=row[7],
        body=orjson.loads(row[8]),
        tags={} if row[9] == "{}" else orjson.loads(row[9]),
        modified_at=float(row[10]),
    )
