"""The storage port: what the domain needs from a database, and nothing more.

A Store hands out transactions. Everything a use case reads and writes inside one
``with store.transaction() as tx:`` block commits together or not at all; that is what makes
an acknowledged CreateInstance durable and a rejected one leave nothing behind.
Uniqueness (aliases, idempotency tokens) is enforced by the database: a write that loses a race
raises ``StoreConflict`` and the use case retries its whole transaction. What a use case
counts before it writes (quotas) is made exact by ``lock_account``, taken first.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, Protocol

from connect_emulator.domain.model import (
    Directory,
    Instance,
    InstanceStatus,
)
from connect_emulator.domain.resource_records import Ref, Referrer, ResourceRecord, StoredPage
from connect_emulator.domain.views import InstanceDetails, InstanceSummary

# A job that waits to be told (manual lifecycle) is due at infinity.
NEVER = float("inf")


class JobKind(StrEnum):
    PROVISION = "provision"  # CREATION_IN_PROGRESS -> ACTIVE or CREATION_FAILED
    REMOVE = "remove"  # a deleted or expired instance disappears
    ADVANCE = "advance"  # a resource's asynchronous step (a claim, a vocabulary's creation)


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: JobKind
    instance_id: str
    due_at: float
    # A failure planned when the instance was created (failure injection), if any.
    failure_reason: str | None = None
    # The resource an ADVANCE job moves on (its family and id), inside the job's instance.
    family: str | None = None
    resource_id: str | None = None


class IdempotencyRecord(NamedTuple):
    # A tuple, like CreationFacts: CreateInstance makes one on every call with a ClientToken
    # (every call boto3 makes), and a frozen dataclass costs several times more to make.
    account: str
    region: str
    operation: str
    token: str
    fingerprint: str
    resource_id: str
    created_at: float


class CreationFacts(NamedTuple):
    """What CreateInstance reads before it writes, read together."""

    # The shared settings' version (see settings_cache.py); None before any was written. It
    # changes, in the same transaction, with every write of settings, directories or failure
    # rules: unchanged, what a process read of them before still holds.
    settings_version: str | None
    alias_taken: bool
    # The earlier call with the same ClientToken, if any.
    previous: IdempotencyRecord | None


@dataclass(frozen=True, slots=True)
class FailureRule:
    id: int
    remaining: int
    account: str | None
    # The shell pattern the alias (of an instance) or the name (of a resource) must match.
    alias_pattern: str | None
    reason: str
    # The family whose asynchronous steps the rule fails; None: instances' creations.
    family: str | None = None


class Transaction(Protocol):
    # Locks
    def lock_account(self, account: str, region: str) -> None:
        """Serialises this transaction with every other that locks the same account and Region,
        in any process, until it commits or rolls back. Taken first, before any read, so that
        what the transaction counts and checks cannot change before it commits."""
        ...

    # Instances
    def get_instance(self, account: str, region: str, instance_id: str) -> Instance | None: ...

    def instance_by_id(self, instance_id: str) -> Instance | None:
        """Any account's instance: for jobs, which act on behalf of the service."""
        ...

    def list_instances(
        self, account: str, region: str, after: int, limit: int
    ) -> list[tuple[int, Instance]]:
        """Up to ``limit`` instances with a position greater than ``after``, in order."""
        ...

    def instance_details(
        self, account: str, region: str, instance_id: str
    ) -> InstanceDetails | None:
        """What DescribeInstance shows of the instance, read without the rest of the row."""
        ...

    def list_summaries(
        self, account: str, region: str, after: int, limit: int
    ) -> list[InstanceSummary]:
        """``list_instances`` as ListInstances shows it: only the summary's columns."""
        ...

    def insert_instance(self, instance: Instance) -> None:
        """Raises StoreConflict("alias") when a live instance already holds the alias."""
        ...

    def set_status(
        self, instance_id: str, status: InstanceStatus, reason: str | None, *, keep_alias: bool
    ) -> None: ...

    def set_tags(self, instance_id: str, tags: dict[str, str]) -> None: ...

    def set_attributes(
        self, instance_id: str, attributes: dict[str, str], *, inbound: bool, outbound: bool
    ) -> None:
        """The changed attributes, and the call flags that two of them mirror."""
        ...

    def mark_deleting(self, instance_id: str) -> None: ...

    def remove_instance(self, instance_id: str) -> None:
        """Gone for good: the row, its alias claim, its pending jobs and every resource in it."""
        ...

    def count_live_instances(self, account: str, region: str) -> int:
        """Instances that count toward the quota: all but the failed ones."""
        ...

    def account_regions(self) -> list[tuple[str, str]]:
        """Every (account, Region) that holds an instance, in order: what the console lists."""
        ...

    def record_event(self, account: str, region: str, kind: str, at: float) -> None: ...

    def count_events(self, account: str, region: str, since: float) -> int: ...

    # Idempotency
    def get_idempotency(
        self, account: str, region: str, operation: str, token: str
    ) -> IdempotencyRecord | None: ...

    def put_idempotency(self, record: IdempotencyRecord) -> None:
        """Raises StoreConflict("token") when the same token was stored concurrently."""
        ...

    # Jobs
    def schedule(
        self,
        kind: JobKind,
        instance_id: str,
        due_at: float,
        failure_reason: str | None = None,
        *,
        family: str | None = None,
        resource_id: str | None = None,
    ) -> None:
        """A job for the instance, or (ADVANCE) for one of its resources."""
        ...

    def reschedule_resource(
        self, family: str, resource_id: str, due_at: float, failure_reason: str | None
    ) -> bool:
        """Moves the resource's pending step; False when it has none."""
        ...

    def cancel_resource_jobs(self, family: str, resource_id: str) -> None: ...

    def cancel_jobs(self, instance_id: str, kind: JobKind) -> None: ...

    def claim_due_jobs(self, now: float, limit: int) -> list[Job]:
        """Up to ``limit`` jobs due at ``now``, earliest first, locked for this transaction so
        no other worker takes them; a job another transaction holds is skipped, not waited
        for. The lock is the lease: it ends with the transaction, or its connection."""
        ...

    def finish_jobs(self, job_ids: Sequence[int]) -> None:
        """These jobs are done: gone, in one statement."""
        ...

    def activate_ready(self, instance_ids: Sequence[str]) -> list[str]:
        """Provisioning's common case, for many instances in one statement: each of these
        still CREATION_IN_PROGRESS, not being deleted and with no directory to check becomes
        ACTIVE (keeping its alias). Returns the ids it changed; the others need a closer look."""
        ...

    def set_defaults_due(self, instance_ids: Sequence[str], at: float | None) -> None:
        """Marks these instances' default resources as still to be written, as of ``at`` (when
        they became ACTIVE); None: written."""
        ...

    def next_due_at(self) -> float | None:
        """When the earliest job that waits for a time (not for a person) is due."""
        ...

    # Resources inside instances (every family alike: resources/engine.py)
    def get_resource(
        self, instance_id: str, family: str, resource_id: str
    ) -> ResourceRecord | None: ...

    def instance_resource(
        self, account: str, region: str, instance_id: str, family: str, resource_id: str
    ) -> tuple[Instance | None, ResourceRecord | str | None]:
        """``get_instance`` and ``get_resource`` in one read (a Describe's only statement);
        the resource's stored description (``ResourceRecord.described``) instead of the
        resource where it has one."""
        ...

    def instance_summaries(
        self,
        account: str,
        region: str,
        instance_id: str,
        family: str,
        after: int,
        *,
        limit: int,
        subtypes: Sequence[str] | None = None,
    ) -> tuple[Instance | None, StoredPage | None]:
        """``get_instance`` and the page ``list_resources`` reads, in one read (a List's only
        statement), as the summaries the page's writers stored (``ResourceRecord.summary``);
        no page (None) where one of them stored none, or without the instance."""
        ...

    def existing_resources(
        self, instance_id: str, family: str, resource_ids: Sequence[str]
    ) -> set[str]:
        """Those of ``resource_ids`` that name a resource of the family in the instance."""
        ...

    def resource_named(self, instance_id: str, family: str, name: str) -> str | None:
        """The id of the family's resource called ``name`` in the instance, if any."""
        ...

    def list_resources(
        self,
        instance_id: str,
        family: str,
        after: int,
        limit: int,
        subtypes: Sequence[str] | None = None,
    ) -> list[ResourceRecord]:
        """Up to ``limit`` resources with a position greater than ``after``, in order; only
        those whose subtype is one of ``subtypes`` when it is given."""
        ...

    def count_resources(
        self, instance_id: str, family: str, subtypes: Sequence[str] | None = None
    ) -> int: ...

    def find_resource(
        self, account: str, region: str, family: str, resource_id: str
    ) -> ResourceRecord | None:
        """The family's resource with this id in whichever instance of the account and Region
        holds it (for resources addressed without their instance: a phone number's paths name
        none). Ids are unique in an account; were one not, the first by position."""
        ...

    def list_account_resources(
        self, account: str, region: str, family: str, after: int, limit: int
    ) -> list[ResourceRecord]:
        """``list_resources`` over every instance of the account and Region: up to ``limit``
        of the family's resources with a position greater than ``after``, in order."""
        ...

    def insert_resources(self, records: Sequence[ResourceRecord]) -> None:
        """Raises StoreConflict("name") when the instance has a resource of the family by
        one of their names already (or two of them share one)."""
        ...

    def update_resource(self, record: ResourceRecord) -> None:
        """Name, subtype, body, tags and modification time; StoreConflict("name") as above."""
        ...

    def delete_resource(self, instance_id: str, family: str, resource_id: str) -> None:
        """The resource, its references and every reference to it."""
        ...

    def put_refs(
        self, instance_id: str, family: str, resource_id: str, refs: Sequence[Ref]
    ) -> None:
        """Adds ``refs`` to the resource's, replacing any with the same role and item."""
        ...

    def drop_refs(
        self,
        instance_id: str,
        family: str,
        resource_id: str,
        role: str,
        items: Sequence[str] | None = None,
    ) -> None:
        """The resource's references in ``role`` (only those ``items``, when given)."""
        ...

    def refs_of(
        self, instance_id: str, family: str, resource_id: str, role: str | None = None
    ) -> list[Ref]:
        """The resource's references (in ``role`` only, when given), by role and item."""
        ...

    def referrers(self, instance_id: str, target_family: str, target_id: str) -> list[Referrer]:
        """Every reference to the resource, blocking ones first."""
        ...

    # Emulator settings and test controls
    def creation_facts(
        self, claim: str, account: str, region: str, operation: str, token: str | None
    ) -> CreationFacts:
        """The settings' version, whether a live instance holds the alias ``claim``
        (``model.alias_claim``), and ``get_idempotency`` (None when ``token`` is None), in one
        read."""
        ...

    def has_failure_rules(self) -> bool: ...

    def get_setting(self, key: str) -> str | None: ...

    def put_setting(self, key: str, value: str) -> None: ...

    def delete_settings(self, prefix: str) -> None: ...

    def settings_with_prefix(self, prefix: str) -> list[tuple[str, str]]: ...

    def get_directory(self, account: str, directory_id: str) -> Directory | None: ...

    def has_directories(self, account: str) -> bool: ...

    def put_directory(self, directory: Directory) -> None: ...

    def list_directories(self, account: str | None) -> list[Directory]: ...

    def add_failure_rule(
        self,
        count: int,
        account: str | None,
        alias_pattern: str | None,
        reason: str,
        family: str | None = None,
    ) -> int: ...

    def failure_rules(self) -> list[FailureRule]: ...

    def use_failure_rule(self, rule_id: int) -> None:
        """One creation consumed the rule: one fewer remains (gone at zero)."""
        ...

    def reset(self, account: str | None) -> None:
        """Forgets every instance, resource, token, job and control of ``account`` (all when
        None)."""
        ...


class Store(Protocol):
    def transaction(self, *, write: bool = True) -> AbstractContextManager[Transaction]: ...

    def close(self) -> None: ...
