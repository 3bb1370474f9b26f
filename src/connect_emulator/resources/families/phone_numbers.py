"""Phone numbers: claimed to an instance, yet addressed at the account level.

Their paths name no instance and their ARN is ``arn:aws:connect:{region}:{account}:
phone-number/{id}``; still, each number belongs to the instance it is claimed to (its
``TargetArn``), is kept among that instance's resources and goes with it (DeleteInstance
releases the instance's numbers). The engine's operations work inside one instance named by
the request, so every operation here is a handler of its own, over ``_Numbers``: a transaction
on the account that takes the account's lock first and then the rows of the instances it
touches, the order every writer follows (storage/postgres_queries.py).

    SearchAvailablePhoneNumbers  numbers of the fake inventory (phone_inventory.py) that are
                                 not claimed in the account, at most 10 a page
    ClaimPhoneNumber             IN_PROGRESS; then (a step) CLAIMED, or FAILED with a message:
                                 a failure planned through the control API, or the instance's
                                 quota reached ("You've reached the limit of Phone Numbers")
    UpdatePhoneNumber            to another instance (or the same, to retry a failed claim):
                                 IN_PROGRESS again, then as a claim; its flow stays behind
    UpdatePhoneNumberMetadata    the description, at once
    ReleasePhoneNumber           IN_PROGRESS, then (a removal step) gone: 404, never CLAIMED
    Associate/DisassociatePhoneNumberContactFlow, ListFlowAssociations: one inbound flow
                                 (CONTACT_FLOW) per number, kept as a reference to it
    ListPhoneNumbersV2 (the account, or one instance), ListPhoneNumbers (the legacy form)

Tags are on the account-level ARN (``PhoneNumberTags``, in front of the engine's child ARNs);
the legacy instance-scoped ARN ListPhoneNumbers shows cannot be tagged, as the model says.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from connect_emulator.domain.errors import (
    DomainError,
    IdempotencyConflict,
    InUse,
    InvalidInput,
    InvalidParameter,
    NotFound,
    StoreConflict,
)
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.model import Caller, Instance, InstanceStatus, instance_arn
from connect_emulator.domain.ports import IdempotencyRecord, Transaction
from connect_emulator.domain.references import parse_instance_reference
from connect_emulator.domain.resource_records import Ref, ResourceRecord
from connect_emulator.domain.tagging import MAX_TAGS, ChildTags
from connect_emulator.resources.engine import DEFAULT_PAGE, ResourceService, Scope
from connect_emulator.resources.families import phone_inventory as inventory
from connect_emulator.resources.family import Family, Params, Result

LOG = logging.getLogger(__name__)

KEY = "phone_number"
IN_PROGRESS, CLAIMED, FAILED = "IN_PROGRESS", "CLAIMED", "FAILED"
# The step a number waits for (not shown by any answer): a claim (or a move, which ends as a
# claim does) or its release.
_STEP, _CLAIM, _RELEASE = "Step", "claim", "release"
_DESCRIPTION = "PhoneNumberDescription"
# The role of the reference to the number's flow.
_FLOW = "ContactFlowId"
_VOICE = "VOICE_PHONE_NUMBER"
# ListPhoneNumbers knows only the older types: the others show as these (the model's doc).
_LEGACY_TYPES = {
    "UIFN": "TOLL_FREE",
    "THIRD_PARTY_TF": "TOLL_FREE",
    "SHARED": "DID",
    "THIRD_PARTY_DID": "DID",
}
# How many numbers a search offers beyond those the account holds among them: AWS answers a
# search with a handful, and a paginator must come to an end.
_INVENTORY = 100
_SEARCH_PAGE = 10
_BATCH = 100
_RETRIES = 5
_MESSAGE_MAX = 255
_PREFIX = re.compile(r"\+[0-9]{1,11}")
# ClaimPhoneNumber's ClientToken is documented as a UUID (Terraform makes one for that reason).
_UUID = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}")
_PARTITION = r"arn:aws[a-z-]*:connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
_NUMBER_ARN = re.compile(_PARTITION + r"phone-number/(?P<id>[A-Za-z0-9-]+)")
_LEGACY_ARN = re.compile(_PARTITION + r"instance/[A-Za-z0-9-]+/phone-number/(?P<id>[A-Za-z0-9-]+)")
_INSTANCE_ARN = re.compile(_PARTITION + r"instance/(?P<id>[A-Za-z0-9-]+)")
_GROUP_ARN = re.compile(_PARTITION + r"traffic-distribution-group/[A-Za-z0-9-]+")

_T = TypeVar("_T")


def number_arn(caller: Caller, number_id: str) -> str:
    return f"arn:aws:connect:{caller.region}:{caller.account}:phone-number/{number_id}"


# The account's numbers


class _Numbers:
    """One transaction over the phone numbers of an account in a Region."""

    def __init__(self, engine: ResourceService, tx: Transaction, caller: Caller) -> None:
        self.engine = engine
        self.tx = tx
        self.caller = caller
        self.now = round(engine.clock.now(), 3)
        self.scopes: list[Scope] = []
        self._instances: dict[str, Instance | None] = {}

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

    def target(self, params: Params, missing: Callable[[str], DomainError]) -> Instance:
        """The instance that ``TargetArn`` or ``InstanceId`` names (both: the same one)."""
        named = {
            self._target_id(params["TargetArn"], missing) if params.get("TargetArn") else None,
            self._instance_id(params["InstanceId"]) if params.get("InstanceId") else None,
        } - {None}
        if not named:
            raise InvalidParameter("You must enter InstanceId or TargetArn.")
        if len(named) > 1:
            raise InvalidParameter("InstanceId and TargetArn name different instances.")
        reference = named.pop()
        assert reference is not None
        instance = self.instance(reference)
        if instance is None:
            raise missing(f"Instance {reference} not found, or not ACTIVE.")
        return instance

    def _target_id(self, arn: str, missing: Callable[[str], DomainError]) -> str:
        match = _INSTANCE_ARN.fullmatch(arn)
        if match is None:
            if _GROUP_ARN.fullmatch(arn):
                raise missing(f"Traffic distribution group {arn} not found.")
            raise InvalidParameter(f"TargetArn {arn} is not the ARN of an instance.")
        if (match["account"], match["region"]) != (self.caller.account, self.caller.region):
            raise missing(f"Instance {arn} not found.")
        return match["id"]

    def _instance_id(self, reference: str) -> str:
        try:
            return parse_instance_reference(self.caller, reference)
        except NotFound:
            return ""  # no instance has this id: not found like any unknown one
        except InvalidInput as error:
            raise InvalidParameter(error.message) from None

    def find(self, value: str, *, releasing: bool = False) -> tuple[Scope, ResourceRecord] | None:
        """The number that ``value`` (its id, or either ARN) names, in a live instance."""
        number_id = _number_id(self.caller, value)
        if number_id is None:
            return None
        found = self.tx.find_resource(self.caller.account, self.caller.region, KEY, number_id)
        instance = None if found is None else self.instance(found.instance_id)
        if found is None or instance is None:
            return None
        # Read again now that the instance is locked: the worker may have moved it on since.
        record = self.tx.get_resource(instance.id, KEY, found.id)
        if record is None or (record.body.get(_STEP) == _RELEASE and not releasing):
            return None
        return self.scope(instance), record

    def get(self, value: str, *, releasing: bool = False) -> tuple[Scope, ResourceRecord]:
        found = self.find(value, releasing=releasing)
        if found is None:
            raise NotFound(f"Phone number {value} not found.")
        return found

    def records(
        self, instance_id: str | None = None, after: int = 0, *, releasing: bool = False
    ) -> Iterator[ResourceRecord]:
        """The numbers of live instances (of one instance), after the cursor, in order."""
        while True:
            rows = (
                self.tx.list_account_resources(
                    self.caller.account, self.caller.region, KEY, after, _BATCH
                )
                if instance_id is None
                else self.tx.list_resources(instance_id, KEY, after, _BATCH)
            )
            for row in rows:
                if self.instance(row.instance_id) is not None and (
                    releasing or row.body.get(_STEP) != _RELEASE
                ):
                    yield row
            if len(rows) < _BATCH:
                return
            after = rows[-1].seq

    def held(self) -> set[str]:
        """The account's numbers that are claimed, being claimed or being released."""
        return {
            record.body["PhoneNumber"]
            for record in self.records(releasing=True)
            if record.body["Status"] != FAILED
        }


def _number_id(caller: Caller, value: str) -> str | None:
    if not value.startswith("arn:"):
        return value
    match = _NUMBER_ARN.fullmatch(value) or _LEGACY_ARN.fullmatch(value)
    if match is None or (match["account"], match["region"]) != (caller.account, caller.region):
        return None
    return match["id"]


def _write(engine: ResourceService, caller: Caller, work: Callable[[_Numbers], _T]) -> _T:
    for attempt in range(_RETRIES):
        try:
            with engine.store.transaction() as tx:
                tx.lock_account(caller.account, caller.region)
                numbers = _Numbers(engine, tx, caller)
                done = work(numbers)
            if any(scope.scheduled for scope in numbers.scopes):
                engine.wake_worker()
            return done
        except StoreConflict as conflict:
            LOG.debug("phone number write raced another (%s), attempt %d", conflict.key, attempt)
    raise StoreConflict("retry")


@contextmanager
def _reading(engine: ResourceService, caller: Caller) -> Iterator[_Numbers]:
    with engine.store.transaction(write=False) as tx:
        yield _Numbers(engine, tx, caller)


# Idempotency (ClientToken on Claim, Update, UpdateMetadata and Release)


def _replayed(numbers: _Numbers, operation: str, params: Params) -> IdempotencyRecord | None:
    """The earlier call with this ClientToken; IdempotencyException if it had other input."""
    token = params.get("ClientToken")
    if not token:
        return None
    caller = numbers.caller
    previous = numbers.tx.get_idempotency(caller.account, caller.region, operation, token)
    if previous is not None and previous.fingerprint != _digest(params):
        raise IdempotencyConflict(
            f"ClientToken {token} was already used with different parameters for {operation}."
        )
    return previous


def _remember(numbers: _Numbers, operation: str, params: Params, number_id: str) -> None:
    if params.get("ClientToken"):
        caller = numbers.caller
        numbers.tx.put_idempotency(
            IdempotencyRecord(
                caller.account,
                caller.region,
                operation,
                params["ClientToken"],
                _digest(params),
                number_id,
                numbers.now,
            )
        )


def _digest(params: Params) -> str:
    return fingerprint({k: v for k, v in params.items() if k != "ClientToken"})


# The asynchronous steps


def _advance(scope: Scope, record: ResourceRecord, failure: str | None) -> None:
    """The step the worker runs once: a claim's (or move's) outcome, or the release."""
    body = dict(record.body)
    step = body.pop(_STEP, None)
    if step == _RELEASE:
        # A release cannot fail: a failure released to it through the control API is ignored.
        scope.tx.delete_resource(scope.instance_id, KEY, record.id)
        LOG.info("phone number %s is released", record.id)
        return
    if step != _CLAIM:
        return
    failure = failure or _over_quota(scope, record)
    if failure is None:
        body["Status"] = CLAIMED
        body.pop("Message", None)
    else:
        body["Status"] = FAILED
        body["Message"] = failure[:_MESSAGE_MAX]
    LOG.info("phone number %s %s", record.id, body["Status"])
    scope.save(scope.family(KEY), record, body)


def _over_quota(scope: Scope, record: ResourceRecord) -> str | None:
    """The failure of a claim onto an instance that has its quota of numbers already."""
    limits = scope.engine.limits.for_account(scope.tx, scope.caller.account)
    quota = limits.resource_quota(KEY)
    if quota is None:
        return None
    claimed, after = 0, 0
    while rows := scope.tx.list_resources(scope.instance_id, KEY, after, _BATCH):
        claimed += sum(
            1 for row in rows if row.id != record.id and row.body.get("Status") == CLAIMED
        )
        after = rows[-1].seq
    if claimed < quota:
        return None
    return (
        f"You've reached the limit of Phone Numbers: instance {scope.instance_id} has "
        f"{claimed} claimed phone numbers, its quota is {quota}."
    )


# Operations


def _ids(caller: Caller, number_id: str) -> Result:
    return {"PhoneNumberId": number_id, "PhoneNumberArn": number_arn(caller, number_id)}


def _view(caller: Caller, record: ResourceRecord) -> dict[str, Any]:
    """What Describe shows; the List summaries are cut from it by the provider."""
    body = record.body
    return {
        "PhoneNumberId": record.id,
        "PhoneNumberArn": number_arn(caller, record.id),
        "PhoneNumber": body["PhoneNumber"],
        "PhoneNumberCountryCode": body["PhoneNumberCountryCode"],
        "PhoneNumberType": body["PhoneNumberType"],
        _DESCRIPTION: body.get(_DESCRIPTION),
        "TargetArn": instance_arn(caller.region, caller.account, record.instance_id),
        "InstanceId": record.instance_id,
        "Tags": record.tags,
        "PhoneNumberStatus": {"Status": body["Status"], "Message": body.get("Message")},
    }


def _prefix(params: Params) -> str | None:
    prefix = params.get("PhoneNumberPrefix")
    if prefix is not None and not _PREFIX.fullmatch(prefix):
        raise InvalidParameter(
            f"PhoneNumberPrefix {prefix!r} must be + and 1 to 11 digits: it must contain + "
            "as part of the country code."
        )
    return prefix


def _settled(record: ResourceRecord, caller: Caller) -> None:
    if record.body["Status"] == IN_PROGRESS:
        raise InUse(
            f"Phone number {record.id} is IN_PROGRESS: wait until its claim or update is done.",
            "PHONE_NUMBER",
            number_arn(caller, record.id),
        )


def _search(engine: ResourceService, caller: Caller, params: Params) -> Result:
    country, number_type = params["PhoneNumberCountryCode"], params["PhoneNumberType"]
    prefix = _prefix(params)
    limit = params.get("MaxResults") or _SEARCH_PAGE
    with _reading(engine, caller) as numbers:
        numbers.target(params, InvalidParameter)
        offered = inventory.offer(country, number_type, prefix)
        if offered is None:
            return {"AvailableNumbersList": []}
        held = numbers.held()
        window = min(len(offered.values), _INVENTORY + sum(map(offered.holds, held)))
        pages = f"SearchAvailablePhoneNumbers/{caller.account}/{caller.region}/{country}/" + (
            f"{number_type}/{prefix or ''}"
        )
        index = _decode(engine, pages, params.get("NextToken"))
        found: list[str] = []
        while index < window and len(found) <= limit:
            number = offered.number(index)
            if number not in held:
                found.append(number)
            index += 1
        more = len(found) > limit
        return {
            "AvailableNumbersList": [
                {
                    "PhoneNumber": number,
                    "PhoneNumberCountryCode": country,
                    "PhoneNumberType": number_type,
                }
                for number in found[:limit]
            ],
            # The next page starts at the number this one found beyond itself.
            "NextToken": engine.pages.encode(pages, index - 1) if more else None,
        }


def _decode(engine: ResourceService, pages: str, token: str | None) -> int:
    if token is None:
        return 0
    try:
        return engine.pages.decode(pages, token)
    except InvalidInput as error:
        raise InvalidParameter(error.message) from None


def _claim(engine: ResourceService, caller: Caller, params: Params) -> Result:
    number = params["PhoneNumber"]
    token = params.get("ClientToken")
    if token is not None and not _UUID.fullmatch(token):
        raise InvalidParameter(f"ClientToken {token!r} must be a UUID (lower-case hex).")
    described = inventory.describe_number(number)
    if described is None:
        raise InvalidParameter(f"PhoneNumber {number} is not an E.164 number of a known country.")

    def work(numbers: _Numbers) -> Result:
        previous = _replayed(numbers, "ClaimPhoneNumber", params)
        if previous is not None:
            return _ids(caller, previous.resource_id)
        instance = numbers.target(params, NotFound)
        for record in numbers.records(releasing=True):
            if record.body["PhoneNumber"] != number:
                continue
            if record.body["Status"] != FAILED:
                raise InvalidParameter(
                    f"PhoneNumber {number} is not available: this account holds it (claimed, or "
                    "being claimed or released)."
                )
            # A failed claim holds nothing: claiming the number again starts afresh.
            numbers.tx.delete_resource(record.instance_id, KEY, record.id)
        country, number_type = described
        request = {
            "PhoneNumber": number,
            "PhoneNumberCountryCode": country,
            "PhoneNumberType": number_type,
            "Status": IN_PROGRESS,
            _STEP: _CLAIM,
            "Tags": params.get("Tags"),
        }
        if params.get(_DESCRIPTION) is not None:
            request[_DESCRIPTION] = params[_DESCRIPTION]
        scope = numbers.scope(instance)
        record = scope.create(PHONE_NUMBERS, request, check_quota=False)
        scope.schedule_step(PHONE_NUMBERS, record, name=number)
        _remember(numbers, "ClaimPhoneNumber", params, record.id)
        return _ids(caller, record.id)

    return _write(engine, caller, work)


def _describe(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with _reading(engine, caller) as numbers:
        _, record = numbers.get(params["PhoneNumberId"], releasing=True)
        return {"ClaimedPhoneNumberSummary": _view(caller, record)}


def _update(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(numbers: _Numbers) -> Result:
        previous = _replayed(numbers, "UpdatePhoneNumber", params)
        if previous is not None:
            return _ids(caller, previous.resource_id)
        scope, record = numbers.get(params["PhoneNumberId"])
        _settled(record, caller)
        target = numbers.target(params, NotFound)
        body = {**record.body, "Status": IN_PROGRESS, _STEP: _CLAIM}
        body.pop("Message", None)
        if target.id == record.instance_id:
            scope.save(PHONE_NUMBERS, record, body)
        else:
            # Only the number moves: its flow stays behind (the model's UpdatePhoneNumber doc),
            # so its references go with the row it leaves.
            numbers.tx.delete_resource(record.instance_id, KEY, record.id)
            record.instance_id, record.body, record.modified_at = target.id, body, numbers.now
            numbers.tx.insert_resources([record])
            scope = numbers.scope(target)
        scope.schedule_step(PHONE_NUMBERS, record, name=body["PhoneNumber"])
        _remember(numbers, "UpdatePhoneNumber", params, record.id)
        return _ids(caller, record.id)

    return _write(engine, caller, work)


def _update_metadata(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(numbers: _Numbers) -> None:
        if _replayed(numbers, "UpdatePhoneNumberMetadata", params) is not None:
            return
        scope, record = numbers.get(params["PhoneNumberId"])
        _settled(record, caller)
        if params.get(_DESCRIPTION) is not None:
            scope.save(PHONE_NUMBERS, record, {**record.body, _DESCRIPTION: params[_DESCRIPTION]})
        _remember(numbers, "UpdatePhoneNumberMetadata", params, record.id)

    return _write(engine, caller, work)


def _release(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(numbers: _Numbers) -> None:
        if _replayed(numbers, "ReleasePhoneNumber", params) is not None:
            return
        scope, record = numbers.get(params["PhoneNumberId"], releasing=True)
        # Released again while the release is pending: answered the same, nothing more planned.
        if record.body.get(_STEP) != _RELEASE:
            body = {**record.body, "Status": IN_PROGRESS, _STEP: _RELEASE}
            body.pop("Message", None)
            scope.save(PHONE_NUMBERS, record, body)
            numbers.tx.drop_refs(scope.instance_id, KEY, record.id, _FLOW)
            scope.schedule_step(PHONE_NUMBERS, record, name=body["PhoneNumber"], removal=True)
        _remember(numbers, "ReleasePhoneNumber", params, record.id)

    return _write(engine, caller, work)


def _list_v2(engine: ResourceService, caller: Caller, params: Params) -> Result:
    prefix = _prefix(params) or ""
    countries = set(params.get("PhoneNumberCountryCodes") or ())
    types = set(params.get("PhoneNumberTypes") or ())
    limit = params.get("MaxResults") or DEFAULT_PAGE
    with _reading(engine, caller) as numbers:
        named = params.get("TargetArn") or params.get("InstanceId")
        instance_id = numbers.target(params, NotFound).id if named else None
        pages = f"ListPhoneNumbersV2/{caller.account}/{caller.region}/{instance_id or ''}"
        found: list[ResourceRecord] = []
        for record in numbers.records(instance_id, _decode(engine, pages, params.get("NextToken"))):
            body = record.body
            if (
                (not countries or body["PhoneNumberCountryCode"] in countries)
                and (not types or body["PhoneNumberType"] in types)
                and body["PhoneNumber"].startswith(prefix)
            ):
                found.append(record)
                if len(found) > limit:
                    break
        page = found[:limit]
        return {
            "ListPhoneNumbersSummaryList": [_view(caller, record) for record in page],
            "NextToken": engine.pages.encode(pages, page[-1].seq) if len(found) > limit else None,
        }


def _list_v1(engine: ResourceService, caller: Caller, params: Params) -> Result:
    countries = set(params.get("PhoneNumberCountryCodes") or ())
    types = set(params.get("PhoneNumberTypes") or ())
    limit = params.get("MaxResults") or DEFAULT_PAGE
    with engine.reading(caller, params["InstanceId"]) as scope:
        pages = f"ListPhoneNumbers/{caller.account}/{caller.region}/{scope.instance_id}"
        after = _decode(engine, pages, params.get("NextToken"))
        found: list[ResourceRecord] = []
        for record in _Numbers(engine, scope.tx, caller).records(scope.instance_id, after):
            body = record.body
            if (
                body["Status"] != FAILED
                and (not countries or body["PhoneNumberCountryCode"] in countries)
                and (not types or _legacy_type(record) in types)
            ):
                found.append(record)
                if len(found) > limit:
                    break
        page = found[:limit]
        summaries = [
            {
                "Id": record.id,
                # The legacy ARN, inside the instance: the one the engine makes.
                "Arn": scope.arn(PHONE_NUMBERS, record),
                "PhoneNumber": record.body["PhoneNumber"],
                "PhoneNumberType": _legacy_type(record),
                "PhoneNumberCountryCode": record.body["PhoneNumberCountryCode"],
            }
            for record in page
        ]
        return {
            "PhoneNumberSummaryList": summaries,
            "NextToken": engine.pages.encode(pages, page[-1].seq) if len(found) > limit else None,
        }


def _legacy_type(record: ResourceRecord) -> str:
    number_type: str = record.body["PhoneNumberType"]
    return _LEGACY_TYPES.get(number_type, number_type)


def _in_instance(caller: Caller, record: ResourceRecord, reference: str) -> None:
    """The number must be claimed to the instance the request names."""
    try:
        instance_id = parse_instance_reference(caller, reference)
    except InvalidInput as error:
        raise InvalidParameter(error.message) from None
    if instance_id != record.instance_id:
        raise NotFound(f"Phone number {record.id} is not claimed to instance {reference}.")


def _associate_flow(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(numbers: _Numbers) -> None:
        scope, record = numbers.get(params["PhoneNumberId"])
        _in_instance(caller, record, params["InstanceId"])
        if record.body["Status"] != CLAIMED:
            raise InvalidParameter(
                f"Phone number {record.id} is {record.body['Status']}: only a CLAIMED number "
                "takes a flow."
            )
        flow = scope.get(scope.family("contact_flow"), params["ContactFlowId"])
        if flow.body.get("Type") != "CONTACT_FLOW":
            raise InvalidParameter(
                f"Flow {flow.id} is of type {flow.body.get('Type')}: a phone number takes an "
                "inbound flow (CONTACT_FLOW)."
            )
        numbers.tx.drop_refs(scope.instance_id, KEY, record.id, _FLOW)
        numbers.tx.put_refs(
            scope.instance_id, KEY, record.id, [Ref(_FLOW, flow.id, "contact_flow", flow.id, False)]
        )

    return _write(engine, caller, work)


def _disassociate_flow(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(numbers: _Numbers) -> None:
        scope, record = numbers.get(params["PhoneNumberId"])
        _in_instance(caller, record, params["InstanceId"])
        numbers.tx.drop_refs(scope.instance_id, KEY, record.id, _FLOW)

    return _write(engine, caller, work)


def _flow_associations(engine: ResourceService, caller: Caller, params: Params) -> Result:
    resource_type = params.get("ResourceType")
    with engine.reading(caller, params["InstanceId"]) as scope:
        flows = scope.family("contact_flow")
        base = instance_arn(caller.region, caller.account, scope.instance_id)
        associations: list[dict[str, str]] = []
        if resource_type in (None, _VOICE):
            for record in _Numbers(engine, scope.tx, caller).records(scope.instance_id):
                associations.extend(
                    {
                        "ResourceId": number_arn(caller, record.id),
                        "FlowId": f"{base}/{flows.arn_segment}/{ref.target_id}",
                        "ResourceType": _VOICE,
                    }
                    for ref in scope.tx.refs_of(scope.instance_id, KEY, record.id, _FLOW)
                )
        page, token = scope.offset_page(
            "ListFlowAssociations", associations, params.get("MaxResults"), params.get("NextToken")
        )
        return {"FlowAssociationSummaryList": page, "NextToken": token}


# Tags


class PhoneNumberTags:
    """Tags on a number's account-level ARN, in front of the engine's (``ChildTags``), which
    knows only ARNs inside an instance. The legacy instance-scoped ARN is refused
    (ResourceNotFoundException), as the model documents for it."""

    def __init__(self, children: ChildTags, engine: ResourceService) -> None:
        self._children = children
        self._engine = engine

    def owns(self, caller: Caller, arn: str) -> bool:
        return _is_number_arn(arn) or self._children.owns(caller, arn)

    def tags_of(self, caller: Caller, arn: str) -> dict[str, str]:
        if not _is_number_arn(arn):
            return self._children.tags_of(caller, arn)
        with _reading(self._engine, caller) as numbers:
            _, record = _tagged(numbers, arn)
            return dict(record.tags)

    def change(
        self, caller: Caller, arn: str, update: Callable[[dict[str, str]], dict[str, str]]
    ) -> None:
        if not _is_number_arn(arn):
            self._children.change(caller, arn, update)
            return

        def work(numbers: _Numbers) -> None:
            scope, record = _tagged(numbers, arn)
            tags = update(record.tags)
            if len(tags) > MAX_TAGS:
                raise InvalidInput(
                    f"A resource can have at most {MAX_TAGS} tags; this request would give it "
                    f"{len(tags)}."
                )
            scope.save(PHONE_NUMBERS, record, record.body, tags)

        _write(self._engine, caller, work)


def _is_number_arn(arn: str) -> bool:
    return _NUMBER_ARN.fullmatch(arn) is not None or _LEGACY_ARN.fullmatch(arn) is not None


def _tagged(numbers: _Numbers, arn: str) -> tuple[Scope, ResourceRecord]:
    found = numbers.find(arn) if _NUMBER_ARN.fullmatch(arn) else None
    if found is None:
        raise NotFound(f"Resource {arn} not found.")
    return found


PHONE_NUMBERS = Family(
    key=KEY,
    # The engine's ARN for a number is the legacy one (instance/{iid}/phone-number/{id}), what
    # ListPhoneNumbers shows; the number's own ARN is made here (number_arn).
    arn_segment="phone-number",
    noun="Phone number",
    create="ClaimPhoneNumber",
    describe="DescribePhoneNumber",
    list="ListPhoneNumbersV2",
    delete="ReleasePhoneNumber",
    id_param="PhoneNumberId",
    wrapper="ClaimedPhoneNumberSummary",
    id_member="PhoneNumberId",
    arn_member="PhoneNumberArn",
    created=("PhoneNumberId", "PhoneNumberArn"),
    list_member="ListPhoneNumbersSummaryList",
    # The number names it (the console shows it); it is unique in the account, checked here.
    name_member="PhoneNumber",
    unique_name=False,
    subtype="PhoneNumberType",
    resource_type="PHONE_NUMBER",
    last_modified=False,
    advance=_advance,
    extra={
        "SearchAvailablePhoneNumbers": _search,
        "ClaimPhoneNumber": _claim,
        "DescribePhoneNumber": _describe,
        "ListPhoneNumbersV2": _list_v2,
        "ListPhoneNumbers": _list_v1,
        "UpdatePhoneNumber": _update,
        "UpdatePhoneNumberMetadata": _update_metadata,
        "ReleasePhoneNumber": _release,
        "AssociatePhoneNumberContactFlow": _associate_flow,
        "DisassociatePhoneNumberContactFlow": _disassociate_flow,
        "ListFlowAssociations": _flow_associations,
    },
)
