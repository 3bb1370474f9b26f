"""A ``Scope``: one transaction on one ACTIVE instance, through which every family operation
reads and writes the instance's resources (create, save, delete, references, pages, views and
asynchronous steps). ``ResourceService`` (engine.py) opens it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from connect_emulator.domain.creation import planned_failure
from connect_emulator.domain.errors import (
    Duplicate,
    InUse,
    LimitExceeded,
    NotFound,
)
from connect_emulator.domain.model import Caller, Instance, instance_arn
from connect_emulator.domain.ports import JobKind, Transaction
from connect_emulator.domain.resource_records import Ref, ResourceRecord
from connect_emulator.resources.arns import account_arn, parse_child_arn
from connect_emulator.resources.family import Association, Family, path_values

if TYPE_CHECKING:
    from connect_emulator.resources.engine import ResourceService

_T = TypeVar("_T")

# Members of a create request that are never part of the stored body.
NEVER_STORED = frozenset({"InstanceId", "Tags", "ClientToken"})
# The page size of List operations that are not given MaxResults ("The default MaxResult
# size is 100", AWS's SDK documentation for ListQueues).
DEFAULT_PAGE = 100


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
        return resource_id_in(family, value, self.caller, self.instance.id)

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
        """One more than a page read after the token's position: the page, and a token for
        the next one if there is more."""
        scope = page_scope(operation, self.caller, self.instance.id)
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
        scope = page_scope(operation, self.caller, self.instance.id)
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

    def render(self, family: Family, record: ResourceRecord) -> None:
        """Stores with ``record`` the JSON its List and Describe answers show of it
        (ResourceService.summary_page and describe), where the engine renders them
        (``render``) and the operation is the derived one; ``record`` must be as it is
        written (id, body, tags, time)."""
        render = self.engine.render
        if render is None:
            return
        if family.list is not None and family.list not in family.extra:
            record.summary = render.summary(family, self.summary(family, record))
        if family.describe not in family.extra:
            record.described = render.described(family, self.view(family, record))

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
        self.render(family, record)
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
        self.render(family, record)
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
            values = path_values(body, reference.path)
            fresh = [] if trusted else [value for value in values if value not in held]
            checked = dict(zip(fresh, self.ids_of(target, fresh), strict=True))
            for value in values:
                target_id = checked.get(value) or self.target_id(target, value)
                refs.append(Ref(reference.path, target_id, target.key, target_id, reference.blocks))
        return refs

    def association_refs(self, association: Association, values: list[str]) -> list[Ref]:
        target = self.family(association.target)
        return [
            Ref(association.member, target_id, target.key, target_id, association.blocks)
            for target_id in self.ids_of(target, values)
        ]

    def ids_of(self, family: Family, values: Sequence[str]) -> list[str]:
        """The ids of the family's resources that ``values`` (ids or full ARNs) name in this
        instance, in their order, checked in one read; NotFound naming the first value that
        names none, as ``get`` of each in turn would."""
        if not values:
            return []
        named: list[str | None] = []
        for value in values:
            try:
                named.append(self.target_id(family, value))
            except NotFound:
                named.append(None)
        wanted = [resource_id for resource_id in named if resource_id is not None]
        found = (
            self.tx.existing_resources(self.instance.id, family.key, wanted) if wanted else set()
        )
        ids = []
        for value, resource_id in zip(values, named, strict=True):
            if resource_id is None or resource_id not in found:
                raise NotFound(f"{family.noun} {value} not found.")
            ids.append(resource_id)
        return ids

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
        # Counted only under a quota: a count reads every resource of the family.
        if quota is None:
            return
        if self.tx.count_resources(self.instance.id, family.key, family.quota_subtypes) >= quota:
            raise LimitExceeded(
                f"The allowed limit for the resource has been exceeded: at most {quota} "
                f"{family.noun.lower()} resources per instance."
            )


def kept_page(
    records: Iterable[ResourceRecord], keep: Callable[[ResourceRecord], bool], limit: int
) -> tuple[list[ResourceRecord], bool]:
    """A page of what a filter the store cannot apply keeps (a Search's name prefix and
    states, a phone number's country and type): the first ``limit`` records ``keep`` keeps,
    in order, and whether another follows them (the next page's token then names the last
    one's position). Reads only one record past the page."""
    found: list[ResourceRecord] = []
    for record in records:
        if keep(record):
            found.append(record)
            if len(found) > limit:
                return found[:limit], True
    return found, False


def page_scope(operation: str, caller: Caller, instance_id: str) -> str:
    """What a List's page tokens are bound to: the operation, the caller and the instance (a
    token of one is refused by every other)."""
    return f"{operation}/{caller.account}/{caller.region}/{instance_id}"


def resource_id_in(family: Family, value: str, caller: Caller, instance_id: str) -> str:
    """The id that ``value`` (an id, or the resource's full ARN) names in the caller's
    instance; an ARN of another account, Region, instance or family names nothing."""
    if not value.startswith("arn:"):
        return value
    parsed = parse_child_arn(value)
    if (
        parsed is None
        or parsed.segment != family.arn_segment
        or parsed.account != caller.account
        or parsed.region != caller.region
        or parsed.instance_id != instance_id
    ):
        raise NotFound(f"{family.noun} {value} not found.")
    return parsed.resource_id


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
