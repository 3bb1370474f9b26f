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
from dataclasses import replace
from typing import Any, Protocol, TypeVar

import orjson

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.errors import (
    Duplicate,
    InvalidInput,
    NotFound,
    StoreConflict,
)
from connect_emulator.domain.ids import IdSource
from connect_emulator.domain.instances import visible
from connect_emulator.domain.limits import AccountLimits
from connect_emulator.domain.model import Caller, Instance, InstanceStatus
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies
from connect_emulator.domain.ports import Job, Store, Transaction
from connect_emulator.domain.references import parse_instance_reference
from connect_emulator.domain.resource_records import Ref, ResourceRecord
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.arns import ChildArn, parse_child_arn
from connect_emulator.resources.family import Family
from connect_emulator.resources.scope import DEFAULT_PAGE, Scope, page_scope, resource_id_in

LOG = logging.getLogger(__name__)

_T = TypeVar("_T")


class Renderer(Protocol):
    """What a family's List and Describe answers show of a resource, as the wire's JSON (made
    by the provider, which knows the model's shapes)."""

    def summary(self, family: Family, summary: dict[str, Any]) -> str: ...

    def described(self, family: Family, view: dict[str, Any]) -> str: ...


# A transaction the database gave up on (deadlock, serialization) runs again from the top.
_RETRIES = 5


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
        render: Renderer | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids
        self.pages = page_tokens
        self.limits = limits
        # Lifecycle pacing (immediate, delay, manual) for resources' asynchronous steps.
        self.policies = policies or Policies(LifecyclePolicy())
        self.wake_worker = wake_worker
        # List summaries and Describe answers as the wire shows them, stored with each
        # resource (Scope.render); None: built at each List and Describe instead.
        self.render = render
        # Per family: the defaults that refer to nothing, prepared once (_install_defaults).
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
            instance = self.install_due_defaults(
                tx, self._active(tx, caller, instance_id, instance_ref)
            )
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
            account = AccountScope(self, tx, caller, self._now(), writing=True)
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
        while True:
            with self.store.transaction(write=False) as tx:
                instance = self._active(tx, caller, instance_id, instance_ref)
                if instance.defaults_due is None:
                    yield Scope(self, tx, caller, instance, self._now())
                    return
            # The first look inside this instance: its defaults are written (a write
            # transaction of their own), then it is read as usual.
            self._retried(lambda tx: self._install_on(tx, caller, instance_id, instance_ref))

    def _install_on(
        self, tx: Transaction, caller: Caller, instance_id: str, reference: str
    ) -> tuple[None, list[Scope]]:
        self.install_due_defaults(tx, self._active(tx, caller, instance_id, reference))
        return None, []

    def describe(
        self, caller: Caller, instance_ref: str, family: Family, value: str
    ) -> dict[str, Any] | orjson.Fragment:
        """A resource's view (Describe), read with its instance in one statement; the way
        of ``reading`` and ``Scope.get`` while the instance's defaults are still due."""
        instance_id = parse_instance_reference(caller, instance_ref)
        resource_id = resource_id_in(family, value, caller, instance_id)
        with self.store.transaction(write=False) as tx:
            found, stored = tx.instance_resource(
                caller.account, caller.region, instance_id, family.key, resource_id
            )
            instance = self._usable(found, instance_ref)
            if instance.defaults_due is None:
                if stored is None:
                    raise NotFound(f"{family.noun} {value} not found.")
                if isinstance(stored, str):
                    # Already the wire's JSON (Scope.render): answered as it is.
                    return orjson.Fragment(stored)
                return Scope(self, tx, caller, instance, self._now()).view(family, stored)
        with self.reading(caller, instance_ref) as scope:
            return scope.view(family, scope.get(family, value))

    def summary_page(
        self,
        caller: Caller,
        instance_ref: str,
        family: Family,
        operation: str,
        *,
        max_results: int | None,
        token: str | None,
        subtypes: Sequence[str] | None = None,
    ) -> tuple[orjson.Fragment | list[dict[str, Any]], str | None]:
        """A List page's summaries and the next page's token. The page is read with its
        instance in one statement, as the JSON its resources' writers stored (``Scope.render``),
        and answered as it is; the way of ``reading`` and ``Scope.page`` while the
        instance's defaults are due or where a resource on the page has none stored."""
        instance_id = parse_instance_reference(caller, instance_ref)
        bound = page_scope(operation, caller, instance_id)
        try:
            after = 0 if token is None else self.pages.decode(bound, token)
        except InvalidInput:
            with self.reading(caller, instance_ref):
                raise  # a missing instance is named before a bad token, as Scope.page does
        limit = max_results or DEFAULT_PAGE
        with self.store.transaction(write=False) as tx:
            found, stored = tx.instance_summaries(
                caller.account,
                caller.region,
                instance_id,
                family.key,
                after,
                limit=limit,
                subtypes=subtypes,
            )
            instance = self._usable(found, instance_ref)
            if instance.defaults_due is None and stored is not None:
                next_token = self.pages.encode(bound, stored.last) if stored.more else None
                return orjson.Fragment(f"[{stored.joined}]"), next_token
        with self.reading(caller, instance_ref) as scope:
            records, next_token = scope.page(family, operation, max_results, token, subtypes)
            return [scope.summary(family, record) for record in records], next_token

    @contextmanager
    def reading_account(self, caller: Caller) -> Iterator[AccountScope]:
        """A read transaction on the caller's account, for the account-level families."""
        with self.store.transaction(write=False) as tx:
            yield AccountScope(self, tx, caller, self._now())

    def defaults_due(self, tx: Transaction, instance_ids: Sequence[str]) -> None:
        """These instances became ACTIVE in ``tx``: the default resources they now have are
        due, to be written when something first works inside each (``install_due_defaults``).

        Every way into an instance's resources (``write``, ``reading``, an ``AccountScope``'s
        writes) writes them first, so no caller can tell them from defaults written at once;
        an instance nobody looks into (most of those a test suite or a benchmark makes) costs
        one row, not 35 (docs/decisions.md).
        """
        tx.set_defaults_due(instance_ids, self._now())

    def install_due_defaults(self, tx: Transaction, instance: Instance) -> Instance:
        """The instance's default resources, if they are still due, written in ``tx`` (a
        write transaction holding the instance's row, so they are written once), stamped with
        the time the instance became ACTIVE. Returns the instance as it now is."""
        if instance.defaults_due is None:
            return instance
        self._install_defaults(tx, instance, instance.defaults_due)
        tx.set_defaults_due([instance.id], None)
        return replace(instance, defaults_due=None)

    def _install_defaults(self, tx: Transaction, instance: Instance, now: float) -> None:
        """What a new instance gets.

        The instance holds none of its own resources yet (only a phone number may have come
        first), so the names need no check against the database and the defaults refer only
        to each other: each family's are built without a read and written in one statement.
        """
        scope = Scope(self, tx, Caller(instance.account, instance.region), instance, now)
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
            for record, _, _ in built:
                scope.render(family, record)
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
        return self._usable(tx.get_instance(caller.account, caller.region, instance_id), reference)

    def _usable(self, instance: Instance | None, reference: str) -> Instance:
        """The instance, if resources can be worked on inside it; else NotFound."""
        if instance is None or not visible(instance, self.clock.now()) or instance.deleting:
            raise NotFound(f"Instance {reference} not found.")
        if instance.status is not InstanceStatus.ACTIVE:
            # Nothing exists inside an instance before it is ACTIVE (docs/decisions.md).
            raise NotFound(f"Instance {reference} is not ACTIVE: it has no resources.")
        return instance

    def _now(self) -> float:
        # Milliseconds, like the service's timestamps.
        return round(self.clock.now(), 3)
