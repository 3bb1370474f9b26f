"""The resource engine: Create, Describe, List, Update, Delete and associations for every
declared family, inside one transaction each, with AWS's rules.

A write runs in a ``Scope``: one write transaction that first locks the instance's row (in
PostgreSQL; SQLite has one writer), checks that the instance is ACTIVE, and then reads and
writes the instance's resources. So every name and reference check of an instance is exact,
across processes too, and the unique name index is a second guard. Reads run in a read
transaction and never change anything.

An account-level family (``Family.account_level``: phone numbers) keeps its resources among
an instance's, yet addresses them under the account: their ARN is ``{segment}/{id}`` with no
instance, their paths name none. Its operations work through an ``AccountScope``
(``write_account``, ``reading_account``): a transaction that takes the account's lock first and
then the rows of the instances it touches, the order every writer follows
(storage/postgres_queries.py), with a ``Scope`` on each instance a resource is in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.creation import planned_failure
from connect_emulator.domain.errors import (
    Duplicate,
    InUse,
    LimitExceeded,
    NotFound,
    StoreConflict,
)
from connect_emulator.domain.ids import IdSource
from connect_emulator.domain.instances import visible
from connect_emulator.domain.limits import AccountLimits
from connect_emulator.domain.model import Caller, Instance, InstanceStatus, instance_arn
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies
from connect_emulator.domain.ports import Job, JobKind, Store, Transaction
from connect_emulator.domain.references import parse_instance_reference
from connect_emulator.domain.resource_records import Ref, ResourceRecord
from connect_emulator.resources.arns import ChildArn, account_arn, parse_child_arn
from connect_emulator.resources.family import Association, Family, path_values

LOG = logging.getLogger(__name__)

_T = TypeVar("_T")
# Members of a create request that are never part of the stored body.
NEVER_STORED = frozenset({"InstanceId", "Tags", "ClientToken"})
# A transaction the database gave up on (deadlock, serialization) runs again from the top.
_RETRIES = 5
# The page size of List operations that are not given MaxResults ("The default MaxResult
# size is 100", AWS's SDK documentation for ListQueues).
DEFAULT_PAGE = 100


class ResourceService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: IdSource,
        page_tokens: PageTokens,
        *,
        limits: AccountLimits,
        families: Sequence[Family],
        policies: Policies | None = None,
        wake_worker: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids
        self.pages = page_tokens
        self.limits = limits
        # Lifecycle pacing (immediate, delay, manual) for resources' asynchronous steps.
        self.policies = policies or Policies(LifecyclePolicy())
        self.wake_worker = wake_worker
        # Per family: the defaults that refer to nothing, prepared once (install_defaults).
        self._prepared_defaults: dict[
            str, list[tuple[dict[str, Any], dict[str, Any], str, str | None, str | None]]
        ] = {}
        self.families = {family.key: family for family in families}
        self._by_segment = {family.arn_segment: family for family in families}

    # Transactions

    def write(self, caller: Caller, instance_ref: str, work: Callable[[Scope], _T]) -> _T:
        """``work`` in a write transaction on the caller's ACTIVE instance."""
        instance_id = parse_instance_reference(caller, instance_ref)

        def run(tx: Transaction) -> tuple[_T, list[Scope]]:
            instance = self._active(tx, caller, instance_id, instance_ref)
            scope = Scope(self, tx, caller, instance, self._now())
            return work(scope), [scope]

        return self._retried(run)

    def write_account(self, caller: Caller, work: Callable[[AccountScope], _T]) -> _T:
        """``work`` in a write transaction on the caller's account in its Region, for the
        account-level families: the account's lock is taken first, then ``work`` locks the
        rows of the instances it touches (``AccountScope.instance``). Retried and waking the
        worker as ``write`` does."""

        def run(tx: Transaction) -> tuple[_T, list[Scope]]:
            tx.lock_account(caller.account, caller.region)
            account = AccountScope(self, tx, caller, self._now())
            return work(account), account.scopes

        return self._retried(run)

    def _retried(self, run: Callable[[Transaction], tuple[_T, list[Scope]]]) -> _T:
        """``run`` in a write transaction, again from the top when the database gave up on
        it; the worker is woken once it commits if one of its scopes scheduled a step."""
        for attempt in range(_RETRIES):
            try:
                with self.store.transaction() as tx:
                    done, scopes = run(tx)
                if any(scope.scheduled for scope in scopes):
                    self.wake_worker()
                return done
            except StoreConflict as conflict:
                if conflict.key == "name":
                    raise Duplicate("A resource with the specified name already exists.") from None
                LOG.debug("resource write raced another (%s), attempt %d", conflict.key, attempt)
        raise StoreConflict("retry")

    @contextmanager
    def reading(self, caller: Caller, instance_ref: str) -> Iterator[Scope]:
        instance_id = parse_instance_reference(caller, instance_ref)
        with self.store.transaction(write=False) as tx:
            instance = self._active(tx, caller, instance_id, instance_ref)
            yield Scope(self, tx, caller, instance, self._now())

    @contextmanager
    def reading_account(self, caller: Caller) -> Iterator[AccountScope]:
        """A read transaction on the caller's account, for the account-level families."""
        with self.store.transaction(write=False) as tx:
            yield AccountScope(self, tx, caller, self._now())

    def install_defaults(self, tx: Transaction, instance: Instance) -> None:
        """What a new instance gets, in the transaction that makes it ACTIVE.

        A new instance holds nothing else, so the names need no check against the database
        and the defaults refer only to each other: each family's are built without a read and
        written in one statement (a CreateInstance's cost, paid by the lifecycle worker).
        """
        scope = Scope(self, tx, Caller(instance.account, instance.region), instance, self._now())
        made: dict[tuple[str, str], str] = {}

        def lookup(family: str, name: str) -> str:
            try:
                return made[family, name]
            except KeyError:
                raise LookupError(
                    f"default {family} {name!r} is declared after its users"
                ) from None

        for family in self.families.values():
            if family.defaults is None:
                continue
            built = self._standalone_defaults(scope, family, lookup)
            for record, _, request in built:
                if family.name_member is not None:
                    made[family.key, request[family.name_member]] = record.id
            tx.insert_resources([record for record, _, _ in built])
            for record, refs, request in built:
                scope.finish(family, record, refs, request)

    def _standalone_defaults(
        self, scope: Scope, family: Family, lookup: Callable[[str, str], str]
    ) -> list[tuple[ResourceRecord, list[Ref], dict[str, Any]]]:
        """The family's defaults for a new instance, built as Scope.build builds them.

        Defaults that refer to nothing are the same in every instance but for their ids and
        times: they are prepared and encoded once per process, and only stamped afterwards.
        """
        defaults = family.defaults
        if defaults is None:
            return []
        standalone = not family.references and not family.associations and not family.after_create
        if not standalone:
            return [
                (*scope.build(family, request, trusted=True), request)
                for request in defaults(lookup)
            ]
        prepared = self._prepared_defaults.get(family.key)
        if prepared is None:
            prepared = []
            for request in defaults(lookup):
                record, _ = scope.build(family, request, trusted=True)
                encoded = orjson.dumps(record.body).decode()
                prepared.append((request, record.body, encoded, record.name, record.subtype))
            self._prepared_defaults[family.key] = prepared
        return [
            (
                ResourceRecord(
                    account=scope.caller.account,
                    region=scope.caller.region,
                    instance_id=scope.instance_id,
                    family=family.key,
                    id=self.ids.uuid(),
                    name=name,
                    subtype=subtype,
                    body=body,
                    tags=dict(request.get("Tags") or {}),
                    modified_at=scope.now,
                    encoded_body=encoded,
                ),
                [],
                request,
            )
            for request, body, encoded, name, subtype in prepared
        ]

    def advance(self, tx: Transaction, job: Job) -> None:
        """A resource's asynchronous step, in the lifecycle worker's transaction."""
        family = self.families.get(job.family or "")
        instance = tx.instance_by_id(job.instance_id)
        if family is None or family.advance is None or instance is None or job.resource_id is None:
            LOG.info("step of %s %s dropped: nothing to advance", job.family, job.resource_id)
            return
        record = tx.get_resource(instance.id, family.key, job.resource_id)
        if record is None:
            LOG.info("step of vanished %s %s dropped", family.key, job.resource_id)
            return
        scope = Scope(self, tx, Caller(instance.account, instance.region), instance, self._now())
        try:
            family.advance(scope, record, job.failure_reason)
        except Exception:
            # A bug of the family's, never the caller's: the step is dropped and logged, so
            # the jobs claimed with it (other instances' provisioning) still commit.
            LOG.exception("step of %s %s failed and was dropped", family.key, record.id)

    # Child ARNs (tags)

    def child(self, caller: Caller, arn: str) -> tuple[Family, ChildArn] | None:
        """The family and parts of a resource's ARN (inside an instance, or under the account
        for an account-level family); None for other ARNs. An account-level family's resource
        has only its account-level ARN: the form inside an instance names nothing (NotFound)."""
        parsed = parse_child_arn(arn)
        if parsed is None:
            return None
        family = self._by_segment.get(parsed.segment)
        if family is None or (parsed.instance_id is None and not family.account_level):
            return None
        if (
            parsed.account != caller.account
            or parsed.region != caller.region
            or (family.account_level and parsed.instance_id is not None)
        ):
            raise NotFound(f"Resource {arn} not found.")
        return family, parsed

    def _active(
        self, tx: Transaction, caller: Caller, instance_id: str, reference: str
    ) -> Instance:
        instance = tx.get_instance(caller.account, caller.region, instance_id)
        if instance is None or not visible(instance, self.clock.now()) or instance.deleting:
            raise NotFound(f"Instance {reference} not found.")
        if instance.status is not InstanceStatus.ACTIVE:
            # Nothing exists inside an instance before it is ACTIVE (docs/decisions.md).
            raise NotFound(f"Instance {reference} is not ACTIVE: it has no resources.")
        return instance

    def _now(self) -> float:
        # Milliseconds, like the service's timestamps.
        return round(self.clock.now(), 3)


@dataclass(slots=True)
class Scope:
    """One transaction on one ACTIVE instance: what every family operation works through."""

    engine: ResourceService
    tx: Transaction
    caller: Caller
    instance: Instance
    now: float
    # Whether a step was scheduled (the worker is woken once the transaction commits).
    scheduled: bool = False

    @property
    def instance_id(self) -> str:
        return self.instance.id

    @property
    def instance_arn(self) -> str:
        return instance_arn(self.caller.region, self.caller.account, self.instance.id)

    def family(self, key: str) -> Family:
        return self.engine.families[key]

    # Identity

    def arn(self, family: Family, record: ResourceRecord) -> str:
        if family.account_level:
            return account_arn(
                self.caller.region, self.caller.account, family.arn_segment, record.id
            )
        tail = (
            family.arn_tail(record)
            if family.arn_tail is not None
            else f"{family.arn_segment}/{record.id}"
        )
        return f"{self.instance_arn}/{tail}"

    def target_id(self, family: Family, value: str) -> str:
        """The id that ``value`` (an id, or the resource's full ARN) names in this instance."""
        if not value.startswith("arn:"):
            return value
        parsed = parse_child_arn(value)
        if (
            parsed is None
            or parsed.segment != family.arn_segment
            or parsed.account != self.caller.account
            or parsed.region != self.caller.region
            or parsed.instance_id != self.instance.id
        ):
            raise NotFound(f"{family.noun} {value} not found.")
        return parsed.resource_id

    # Reads

    def find(self, family: Family, value: str) -> ResourceRecord | None:
        return self.tx.get_resource(self.instance.id, family.key, self.target_id(family, value))

    def get(self, family: Family, value: str) -> ResourceRecord:
        record = self.find(family, value)
        if record is None:
            raise NotFound(f"{family.noun} {value} not found.")
        return record

    def page(
        self,
        family: Family,
        operation: str,
        max_results: int | None,
        token: str | None,
        subtypes: Sequence[str] | None = None,
    ) -> tuple[list[ResourceRecord], str | None]:
        scope = f"{operation}/{self.caller.account}/{self.caller.region}/{self.instance.id}"
        after = 0 if token is None else self.engine.pages.decode(scope, token)
        limit = max_results or DEFAULT_PAGE
        rows = self.tx.list_resources(self.instance.id, family.key, after, limit + 1, subtypes)
        page = rows[:limit]
        more = len(rows) > limit
        return page, self.engine.pages.encode(scope, page[-1].seq) if more else None

    def offset_page(
        self, operation: str, items: list[_T], max_results: int | None, token: str | None
    ) -> tuple[list[_T], str | None]:
        """A page of a list read whole (associations, permissions), by offset."""
        scope = f"{operation}/{self.caller.account}/{self.caller.region}/{self.instance.id}"
        start = 0 if token is None else self.engine.pages.decode(scope, token)
        end = start + (max_results or DEFAULT_PAGE)
        more = end < len(items)
        return items[start:end], self.engine.pages.encode(scope, end) if more else None

    # Views (cut to the model's shapes by the provider)

    def view(self, family: Family, record: ResourceRecord) -> dict[str, Any]:
        """What Describe shows: the body, the ids, tags and modification."""
        view = dict(record.body)
        view[family.id_member] = record.id
        view[family.arn_member] = self.arn(family, record)
        view["Tags"] = record.tags
        self._modified(family, record, view)
        return view

    def summary(self, family: Family, record: ResourceRecord) -> dict[str, Any]:
        """What List shows of one resource."""
        summary = dict(record.body)
        summary["Id"] = record.id
        summary["Arn"] = self.arn(family, record)
        for member, source in family.summary_renames.items():
            summary[member] = record.body.get(source)
        self._modified(family, record, summary)
        return summary

    def _modified(self, family: Family, record: ResourceRecord, into: dict[str, Any]) -> None:
        if family.last_modified:
            into["LastModifiedTime"] = record.modified_at
            into["LastModifiedRegion"] = self.caller.region

    # Writes

    def create(
        self,
        family: Family,
        request: dict[str, Any],
        *,
        check_quota: bool = True,
        resource_id: str | None = None,
    ) -> ResourceRecord:
        record, refs = self.build(family, request, check_quota=check_quota, resource_id=resource_id)
        self.tx.insert_resources([record])
        self.finish(family, record, refs, request)
        return record

    def build(
        self,
        family: Family,
        request: dict[str, Any],
        *,
        check_quota: bool = False,
        resource_id: str | None = None,
        trusted: bool = False,
    ) -> tuple[ResourceRecord, list[Ref]]:
        """A new resource from its create request, checked, and its references; not written.

        ``trusted``: made by the emulator in a new instance (the defaults), so its name and
        references are not looked up in the database.
        """
        associated = {association.member for association in family.associations}
        body = {
            key: value
            for key, value in request.items()
            if key not in NEVER_STORED and key not in family.transient and key not in associated
        }
        if family.prepare is not None:
            family.prepare(self, body, None)
        name = _name(family, body) if trusted else self._unique_name(family, body, None)
        if check_quota:
            self._check_quota(family)
        refs = self.references(family, body, trusted=trusted)
        record = ResourceRecord(
            account=self.caller.account,
            region=self.caller.region,
            instance_id=self.instance.id,
            family=family.key,
            id=resource_id or self.engine.ids.uuid(),
            name=name,
            subtype=_subtype(family, body),
            body=body,
            tags=dict(request.get("Tags") or {}),
            modified_at=self.now,
        )
        return record, refs

    def finish(
        self, family: Family, record: ResourceRecord, refs: list[Ref], request: dict[str, Any]
    ) -> None:
        """What follows a new resource's insert: its references, its associations, its hook."""
        for association in family.associations:
            if request.get(association.member):
                refs = refs + self.association_refs(association, request[association.member])
        self.tx.put_refs(self.instance.id, family.key, record.id, refs)
        if family.after_create is not None:
            family.after_create(self, record, request)

    def save(
        self,
        family: Family,
        record: ResourceRecord,
        body: dict[str, Any],
        tags: dict[str, str] | None = None,
    ) -> None:
        """``record`` with a new body (checked as on create), or new tags."""
        if tags is None:
            if family.prepare is not None:
                family.prepare(self, body, record)
            record.name = self._unique_name(family, body, record)
            refs = self.references(family, body, record)
            for reference in family.references:
                self.tx.drop_refs(self.instance.id, family.key, record.id, reference.path)
            self.tx.put_refs(self.instance.id, family.key, record.id, refs)
            record.body = body
            record.subtype = _subtype(family, body)
        else:
            record.tags = tags
        record.modified_at = self.now
        self.tx.update_resource(record)

    def delete(self, family: Family, record: ResourceRecord) -> None:
        for referrer in self.tx.referrers(self.instance.id, family.key, record.id):
            if not referrer.blocks:
                break  # blocking ones come first
            owner_family = self.family(referrer.family)
            owner = self.tx.get_resource(self.instance.id, owner_family.key, referrer.id)
            owner_arn = referrer.id if owner is None else self.arn(owner_family, owner)
            raise InUse(
                f"{family.noun} {record.id} is in use by {owner_family.noun.lower()} "
                f"{referrer.id} ({referrer.role}): remove that reference first.",
                owner_family.in_use_type,
                owner_arn,
            )
        if family.before_delete is not None:
            family.before_delete(self, record)
        self.tx.delete_resource(self.instance.id, family.key, record.id)

    # Asynchronous steps

    def schedule_step(
        self, family: Family, record: ResourceRecord, *, name: str, removal: bool = False
    ) -> None:
        """The resource's next asynchronous step, paced by the account's lifecycle policy (a
        step is due after the provisioning delay, a removal after the deletion delay; manual:
        when released through the control API). A creation step may be planned to fail by a
        failure rule for the family whose pattern matches ``name``."""
        policy = self.engine.policies.for_account(self.tx, self.caller.account)
        due = policy.removal_due(self.now) if removal else policy.provisioning_due(self.now)
        failure = None if removal else planned_failure(self.tx, self.caller, name, family.key)
        self.tx.cancel_resource_jobs(family.key, record.id)
        self.tx.schedule(
            JobKind.ADVANCE,
            self.instance.id,
            due,
            failure,
            family=family.key,
            resource_id=record.id,
        )
        self.scheduled = True

    # References

    def references(
        self,
        family: Family,
        body: dict[str, Any],
        previous: ResourceRecord | None = None,
        *,
        trusted: bool = False,
    ) -> list[Ref]:
        """The body's references, each new one checked to exist (404 naming it).

        A value the resource already held is not checked again: a non-blocking target may
        have been deleted since, and that must not stop every later update of the resource.
        """
        refs = []
        for reference in family.references:
            target = self.family(reference.target)
            held = set() if previous is None else set(path_values(previous.body, reference.path))
            for value in path_values(body, reference.path):
                target_id = (
                    self.target_id(target, value)
                    if trusted or value in held
                    else self.get(target, value).id
                )
                refs.append(Ref(reference.path, target_id, target.key, target_id, reference.blocks))
        return refs

    def association_refs(self, association: Association, values: list[str]) -> list[Ref]:
        target = self.family(association.target)
        return [
            Ref(association.member, found.id, target.key, found.id, association.blocks)
            for found in (self.get(target, value) for value in values)
        ]

    def _unique_name(
        self, family: Family, body: dict[str, Any], previous: ResourceRecord | None
    ) -> str | None:
        name = _name(family, body)
        if name is None:
            return None
        if previous is not None and previous.name == name:
            return name
        if self.tx.resource_named(self.instance.id, family.key, name) is not None:
            raise Duplicate(f"{family.noun} name {name!r} is already used in this instance.")
        return name

    def _check_quota(self, family: Family) -> None:
        quota = self.engine.limits.for_account(self.tx, self.caller.account).resource_quota(
            family.key
        )
        counted = self.tx.count_resources(self.instance.id, family.key, family.quota_subtypes)
        if quota is not None and counted >= quota:
            raise LimitExceeded(
                f"The allowed limit for the resource has been exceeded: at most {quota} "
                f"{family.noun.lower()} resources per instance."
            )


# The rows an account-level scan reads at a time.
_BATCH = 100


@dataclass(slots=True)
class AccountScope:
    """One transaction over an account's resources of the account-level families: each is
    found in whichever instance holds it and worked on through a ``Scope`` on that instance.
    Only ACTIVE instances not being deleted count; in a write each one's row is locked when it
    is first read, after the account's lock."""

    engine: ResourceService
    tx: Transaction
    caller: Caller
    now: float
    # The scopes handed out (the worker is woken if one of them scheduled a step).
    scopes: list[Scope] = field(default_factory=list)
    _instances: dict[str, Instance | None] = field(default_factory=dict)

    def family(self, key: str) -> Family:
        return self.engine.families[key]

    def instance(self, instance_id: str) -> Instance | None:
        """The instance if it is ACTIVE and not being deleted; in a write its row is locked."""
        if instance_id not in self._instances:
            found = self.tx.get_instance(self.caller.account, self.caller.region, instance_id)
            live = (
                found is not None and found.status is InstanceStatus.ACTIVE and not found.deleting
            )
            self._instances[instance_id] = found if live else None
        return self._instances[instance_id]

    def scope(self, instance: Instance) -> Scope:
        scope = Scope(self.engine, self.tx, self.caller, instance, self.now)
        self.scopes.append(scope)
        return scope

    def resource_id(self, family: Family, value: str) -> str | None:
        """The id ``value`` names: an id, the resource's ARN, or its ARN inside any instance
        of the account (an operation may be given that form; tags refuse it)."""
        if not value.startswith("arn:"):
            return value
        parsed = parse_child_arn(value)
        if (
            parsed is None
            or not parsed.plain
            or parsed.segment != family.arn_segment
            or (parsed.account, parsed.region) != (self.caller.account, self.caller.region)
        ):
            return None
        return parsed.resource_id

    def find(
        self, family: Family, value: str, *, leaving: bool = False
    ) -> tuple[Scope, ResourceRecord] | None:
        """The resource ``value`` names in a live instance, and a scope on that instance; one
        on its way out (``Family.leaving``) only when ``leaving``."""
        resource_id = self.resource_id(family, value)
        if resource_id is None:
            return None
        found = self.tx.find_resource(
            self.caller.account, self.caller.region, family.key, resource_id
        )
        instance = None if found is None else self.instance(found.instance_id)
        if found is None or instance is None:
            return None
        # Read again now that the instance is locked: the worker may have moved it on since.
        record = self.tx.get_resource(instance.id, family.key, found.id)
        if record is None or (not leaving and _leaving(family, record)):
            return None
        return self.scope(instance), record

    def get(
        self, family: Family, value: str, *, leaving: bool = False
    ) -> tuple[Scope, ResourceRecord]:
        found = self.find(family, value, leaving=leaving)
        if found is None:
            raise NotFound(f"{family.noun} {value} not found.")
        return found

    def records(
        self,
        family: Family,
        instance_id: str | None = None,
        after: int = 0,
        *,
        leaving: bool = False,
    ) -> Iterator[ResourceRecord]:
        """The family's resources in live instances (in one instance), after the position
        ``after``, in order; those on their way out only when ``leaving``."""
        while True:
            rows = (
                self.tx.list_account_resources(
                    self.caller.account, self.caller.region, family.key, after, _BATCH
                )
                if instance_id is None
                else self.tx.list_resources(instance_id, family.key, after, _BATCH)
            )
            for row in rows:
                if self.instance(row.instance_id) is not None and (
                    leaving or not _leaving(family, row)
                ):
                    yield row
            if len(rows) < _BATCH:
                return
            after = rows[-1].seq


def _leaving(family: Family, record: ResourceRecord) -> bool:
    return family.leaving is not None and family.leaving(record)


def _name(family: Family, body: dict[str, Any]) -> str | None:
    """The name the store keeps unique, if the family has one."""
    if family.name_member is None or not family.unique_name:
        return None
    name = body.get(family.name_member)
    return name if isinstance(name, str) else None


def _subtype(family: Family, body: dict[str, Any]) -> str | None:
    if family.subtype is None:
        return None
    value = body.get(family.subtype)
    return value if isinstance(value, str) else None
