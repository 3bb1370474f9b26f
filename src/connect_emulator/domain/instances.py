"""Instance use cases: create, describe, list and delete, with AWS's synchronous rules.

What AWS decides later (provisioning succeeds or fails, a deleted instance disappears) is the
lifecycle's business (``lifecycle.py``); here it is only scheduled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.creation import (
    CreateInstanceCommand,
    check_directory,
    check_quotas,
    effective_alias,
    planned_failure,
)
from connect_emulator.domain.errors import AliasInUse, NotFound, StoreConflict, TokenReused
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.ids import IdSource
from connect_emulator.domain.limits import AccountLimits, Limits
from connect_emulator.domain.model import (
    Caller,
    Instance,
    InstanceStatus,
    alias_claim,
    instance_arn,
)
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.policy import FAILED_RETENTION_SECONDS, Policies
from connect_emulator.domain.ports import IdempotencyRecord, JobKind, Store, Transaction
from connect_emulator.domain.references import parse_instance_reference
from connect_emulator.domain.settings_cache import SettingsCache
from connect_emulator.domain.views import InstanceDetails, InstanceSummary

LOG = logging.getLogger(__name__)

# A write that loses a race on a unique key is retried from the top: the next pass sees the
# winner's row and answers as a sequential call would (the same Id, or the alias error).
_CONFLICT_RETRIES = 5


class Created(NamedTuple):
    # A tuple: CreateInstance makes one on every call, and a tuple is the cheapest to make.
    id: str
    arn: str


@dataclass(frozen=True, slots=True)
class Page:
    instances: list[InstanceSummary]
    next_token: str | None


class _Shown(Protocol):
    """An instance or any view of one: what visibility depends on."""

    @property
    def status(self) -> InstanceStatus: ...

    @property
    def created_at(self) -> float: ...


def visible(instance: _Shown, now: float) -> bool:
    """The rule of visibility: a failed instance is shown for 24 hours after CreateInstance,
    then never again; any other is shown."""
    return (
        instance.status != InstanceStatus.CREATION_FAILED
        or now < instance.created_at + FAILED_RETENTION_SECONDS
    )


def visible_only(page: list[InstanceSummary], now: float) -> list[InstanceSummary]:
    """``visible`` over a page. Only a failed instance can be hidden, so only one of those costs
    a call (a call per row would double the filter's time on a page of 100)."""
    failed = InstanceStatus.CREATION_FAILED
    return [s for s in page if s.status is not failed or visible(s, now)]


def counts_toward_quota(status: InstanceStatus) -> bool:
    """The rule of the instance quota: every instance counts but a failed one (one being
    deleted still counts). Counted in SQL (``Transaction.count_live_instances``), which
    storage/queries.py writes from this function."""
    return status != InstanceStatus.CREATION_FAILED


class InstanceService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: IdSource,
        policies: Policies,
        *,
        page_tokens: PageTokens,
        limits: AccountLimits | None = None,
        wake_worker: Callable[[], None] = lambda: None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._policies = policies
        self._pages = page_tokens
        self._limits = limits or AccountLimits(Limits())
        self._wake_worker = wake_worker
        self._settings = SettingsCache()

    # CreateInstance

    def create(self, caller: Caller, command: CreateInstanceCommand) -> Created:
        alias = effective_alias(command)
        request_fingerprint = fingerprint(
            {
                "type": command.identity_management_type.value,
                "inbound": command.inbound_calls,
                "outbound": command.outbound_calls,
                "alias": command.alias,
                "directory": command.directory_id,
                "tags": command.tags,
            }
        )
        for _ in range(_CONFLICT_RETRIES):
            try:
                with self._store.transaction() as tx:
                    created = self._create_in(tx, caller, command, alias, request_fingerprint)
            except StoreConflict as conflict:
                LOG.debug("create raced another writer on %s; retrying", conflict.key)
                continue
            self._wake_worker()
            return created
        raise AliasInUse()

    def _create_in(
        self,
        tx: Transaction,
        caller: Caller,
        command: CreateInstanceCommand,
        alias: str,
        request_fingerprint: str,
    ) -> Created:
        account = caller.account
        region = caller.region
        # First: the token, quota and churn checks below then see every create and delete of
        # this account and Region that committed before, in whichever process it ran.
        tx.lock_account(account, region)
        token = command.client_token or None
        facts = tx.creation_facts(alias_claim(alias), account, region, "CreateInstance", token)
        previous = facts.previous
        if previous is not None:
            if previous.fingerprint != request_fingerprint:
                raise TokenReused()
            return _created(caller, previous.resource_id)
        # Settings change only by control-API writes: read once per settings version.
        version = facts.settings_version
        settings = self._settings
        directory_id = command.directory_id
        if directory_id is not None:
            declared = settings.get(version, ("directories", account), tx.has_directories, account)
            check_directory(tx, caller, directory_id, declared=declared)
        if facts.alias_taken:
            raise AliasInUse()
        now = self._clock.now()
        # Counted inside the creating transaction: concurrent creates cannot overshoot.
        limits = settings.get(version, ("limits", account), self._limits.for_account, tx, account)
        check_quotas(tx, caller, limits, now)
        tx.record_event(account, region, "create", now)
        instance_id = self._ids.uuid()
        tx.insert_instance(
            Instance(
                id=instance_id,
                account=account,
                region=region,
                identity_management_type=command.identity_management_type,
                alias=alias,
                directory_id=directory_id,
                # Milliseconds, like the service: clients render CreatedTime from it.
                created_at=round(now, 3),
                service_role=_service_role(account, self._ids.token(20)),
                status=InstanceStatus.CREATION_IN_PROGRESS,
                status_reason=None,
                inbound_calls=command.inbound_calls,
                outbound_calls=command.outbound_calls,
                tags=command.tags,
            )
        )
        if token is not None:
            tx.put_idempotency(
                IdempotencyRecord(
                    account,
                    region,
                    "CreateInstance",
                    token,
                    request_fingerprint,
                    instance_id,
                    now,
                )
            )
        policy = settings.get(
            version, ("lifecycle", account), self._policies.for_account, tx, account
        )
        rules = settings.get(version, "failure_rules", tx.has_failure_rules)
        failure = planned_failure(tx, caller, alias) if rules else None
        tx.schedule(JobKind.PROVISION, instance_id, policy.provisioning_due(now), failure)
        return _created(caller, instance_id)

    # DescribeInstance, ListInstances

    def describe(self, caller: Caller, reference: str) -> InstanceDetails:
        instance_id = parse_instance_reference(caller, reference)
        with self._store.transaction(write=False) as tx:
            instance = tx.instance_details(caller.account, caller.region, instance_id)
        if instance is None or not visible(instance, self._clock.now()):
            raise NotFound(f"Instance {reference} not found.")
        return instance

    def list(self, caller: Caller, max_results: int, next_token: str | None) -> Page:
        scope = f"ListInstances/{caller.account}/{caller.region}"
        after = 0 if next_token is None else self._pages.decode(scope, next_token)
        with self._store.transaction(write=False) as tx:
            rows = tx.list_summaries(caller.account, caller.region, after, max_results + 1)
        page = rows[:max_results]
        now = self._clock.now()
        # An expired failed instance whose removal job has not run yet is skipped: the page
        # may come out shorter, which AWS's paginators expect of any page.
        found = visible_only(page, now)
        more = len(rows) > max_results
        return Page(found, self._pages.encode(scope, page[-1].position) if more else None)

    # DeleteInstance

    def delete(self, caller: Caller, reference: str, client_token: str | None) -> None:
        instance_id = parse_instance_reference(caller, reference)
        with self._store.transaction() as tx:
            # Serialised with creates and deletes of the account and Region (see create).
            tx.lock_account(caller.account, caller.region)
            if client_token and self._replayed_delete(tx, caller, client_token, instance_id):
                return
            instance = tx.get_instance(caller.account, caller.region, instance_id)
            now = self._clock.now()
            if instance is None or not visible(instance, now):
                raise NotFound(f"Instance {reference} not found.")
            if client_token:
                tx.put_idempotency(
                    IdempotencyRecord(
                        caller.account,
                        caller.region,
                        "DeleteInstance",
                        client_token,
                        instance_id,
                        instance_id,
                        now,
                    )
                )
            if instance.deleting:
                return
            tx.record_event(caller.account, caller.region, "delete", now)
            if instance.status is not InstanceStatus.ACTIVE:
                # Only an ACTIVE instance is shown while it is deleted: clients wait for ACTIVE
                # or 404 after DeleteInstance (Terraform's waiter fails on any other status),
                # so one still being created, or failed, is gone at once.
                tx.remove_instance(instance_id)
                return
            tx.mark_deleting(instance_id)
            # Provisioning stops and a failed instance's 24-hour expiry is superseded.
            tx.cancel_jobs(instance_id, JobKind.PROVISION)
            tx.cancel_jobs(instance_id, JobKind.REMOVE)
            policy = self._policies.for_account(tx, caller.account)
            tx.schedule(JobKind.REMOVE, instance_id, policy.removal_due(now))
        self._wake_worker()

    def _replayed_delete(
        self, tx: Transaction, caller: Caller, token: str, instance_id: str
    ) -> bool:
        previous = tx.get_idempotency(caller.account, caller.region, "DeleteInstance", token)
        if previous is None:
            return False
        if previous.resource_id != instance_id:
            raise TokenReused()
        return True


def _created(caller: Caller, instance_id: str) -> Created:
    # The token belongs to the caller's account and region, and so does the instance.
    return Created(id=instance_id, arn=instance_arn(caller.region, caller.account, instance_id))


def _service_role(account: str, suffix: str) -> str:
    return (
        f"arn:aws:iam::{account}:role/aws-service-role/connect.amazonaws.com/"
        f"AWSServiceRoleForAmazonConnect_{suffix}"
    )
