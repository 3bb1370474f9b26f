"""Custom vocabularies: made and removed asynchronously by the lifecycle worker, and one
default vocabulary per language.

    CreateVocabulary   CREATION_IN_PROGRESS, then (a step) ACTIVE, or CREATION_FAILED with a
                       FailureReason (a failure planned through the control API, or content
                       over the documented 50 KB)
    DeleteVocabulary   DELETE_IN_PROGRESS, then (a removal step) gone: 404

The model declares other errors for CreateVocabulary than the engine's: a taken name, and a
ClientToken sent again with other input, are ResourceConflictException, the per-instance quota
ServiceQuotaExceededException. So CreateVocabulary is a handler of its own; a ClientToken sent
again with the same input answers the first answer again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from connect_emulator.domain.errors import (
    Conflict,
    Duplicate,
    InUse,
    InvalidInput,
    QuotaExceeded,
)
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.model import Caller, instance_arn
from connect_emulator.domain.ports import IdempotencyRecord
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family, Params, Result
from connect_emulator.resources.scope import DEFAULT_PAGE, Scope, kept_page, page_scope

LOG = logging.getLogger(__name__)

KEY = "vocabulary"
CREATING, ACTIVE, FAILED, DELETING = (
    "CREATION_IN_PROGRESS",
    "ACTIVE",
    "CREATION_FAILED",
    "DELETE_IN_PROGRESS",
)
# "The size limit is 50KB" (the model's Content documentation); the shape allows 60000
# characters, so a larger table is accepted and then fails, as a table AWS cannot use would.
MAX_CONTENT_BYTES = 50 * 1024
# Marks the vocabulary its language's default. No output shape has the member, so no answer
# shows it; it lives in the body so that the default changes in the vocabulary's own row.
_DEFAULT = "IsDefault"
# How many rows one read of the store brings when a filter is applied after it.
_BATCH = 100


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    if previous is None:
        # Stored under the model's output name, so Describe and Search show it as Name.
        body["Name"] = body.pop("VocabularyName")
        body["State"] = CREATING


def _after_create(scope: Scope, record: ResourceRecord, request: Params) -> None:
    scope.schedule_step(scope.family(KEY), record, name=record.body["Name"])


def _advance(scope: Scope, record: ResourceRecord, failure: str | None) -> None:
    """The step the worker runs once: the creation's outcome, or the removal."""
    state = record.body.get("State")
    if state == DELETING:
        scope.tx.delete_resource(scope.instance_id, KEY, record.id)
        LOG.info("vocabulary %s is gone", record.id)
        return
    if state != CREATING:  # no step is planned in any other state
        return
    body = dict(record.body)
    failure = failure or _content_problem(body["Content"])
    if failure is None:
        body["State"] = ACTIVE
        LOG.info("vocabulary %s is ACTIVE", record.id)
    else:
        body["State"] = FAILED
        body["FailureReason"] = failure
        LOG.info("vocabulary %s CREATION_FAILED: %s", record.id, failure)
    scope.save(scope.family(KEY), record, body)


def _content_problem(content: str) -> str | None:
    size = len(content.encode())
    if size > MAX_CONTENT_BYTES:
        return f"The vocabulary content is {size} bytes: the size limit is 50 KB."
    return None


# Operations


def _answer(scope: Scope, vocabulary_id: str, state: str) -> Result:
    """What CreateVocabulary and DeleteVocabulary answer."""
    arn = instance_arn(scope.caller.region, scope.caller.account, scope.instance_id)
    return {
        "VocabularyId": vocabulary_id,
        "VocabularyArn": f"{arn}/vocabulary/{vocabulary_id}",
        "State": state,
    }


def _create(engine: ResourceService, caller: Caller, params: Params) -> Result:
    token = params.get("ClientToken")

    def work(scope: Scope) -> Result:
        operation = f"CreateVocabulary/{scope.instance_id}"
        digest = fingerprint({k: v for k, v in params.items() if k != "ClientToken"})
        if token:
            previous = scope.tx.get_idempotency(caller.account, caller.region, operation, token)
            if previous is not None:
                if previous.fingerprint != digest:
                    raise Conflict("ClientToken was already used with different parameters.")
                # "subsequent requests return the previous response" (the model), whatever
                # became of the vocabulary since.
                return _answer(scope, previous.resource_id, CREATING)
        family = scope.family(KEY)
        # The name first, then the quota, as the engine checks every other family's.
        if scope.tx.resource_named(scope.instance_id, KEY, params["VocabularyName"]):
            raise _name_taken(params["VocabularyName"])
        quota = engine.limits.for_account(scope.tx, caller.account).resource_quota(KEY)
        if quota is not None and scope.tx.count_resources(scope.instance_id, KEY) >= quota:
            raise QuotaExceeded(
                f"The instance has {quota} custom vocabularies, the most it may have: "
                "delete one first."
            )
        record = scope.create(family, params, check_quota=False)
        if token:
            scope.tx.put_idempotency(
                IdempotencyRecord(
                    caller.account, caller.region, operation, token, digest, record.id, scope.now
                )
            )
        return _answer(scope, record.id, CREATING)

    try:
        return engine.write(caller, params["InstanceId"], work)
    except Duplicate:  # another request took the name first
        raise _name_taken(params["VocabularyName"]) from None


def _name_taken(name: str) -> Conflict:
    return Conflict(f"A vocabulary named {name!r} already exists in this instance.")


def _delete(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(scope: Scope) -> Result:
        family = scope.family(KEY)
        record = scope.get(family, params["VocabularyId"])
        if record.body.get(_DEFAULT):
            raise InUse(
                f"Vocabulary {record.id} is the default for {record.body['LanguageCode']}: "
                "make another vocabulary (or none) the default first.",
                "INSTANCE",
                instance_arn(scope.caller.region, scope.caller.account, scope.instance_id),
            )
        # Deleting again while the removal is pending answers the same, and plans nothing more.
        if record.body["State"] != DELETING:
            scope.save(family, record, {**record.body, "State": DELETING})
            scope.schedule_step(family, record, name=record.body["Name"], removal=True)
        return _answer(scope, record.id, DELETING)

    return engine.write(caller, params["InstanceId"], work)


def _records(scope: Scope, after: int = 0, language: str | None = None) -> Iterator[ResourceRecord]:
    """The instance's vocabularies (of one language) after the cursor ``after``, in order."""
    while True:
        rows = scope.tx.list_resources(
            scope.instance_id, KEY, after, _BATCH, None if language is None else [language]
        )
        yield from rows
        if len(rows) < _BATCH:
            return
        after = rows[-1].seq


def _search(engine: ResourceService, caller: Caller, params: Params) -> Result:
    state, prefix = params.get("State"), params.get("NameStartsWith") or ""
    limit = params.get("MaxResults") or DEFAULT_PAGE
    with engine.reading(caller, params["InstanceId"]) as scope:
        pages = page_scope("SearchVocabularies", caller, scope.instance_id)
        token = params.get("NextToken")
        after = 0 if token is None else engine.pages.decode(pages, token)
        page, more = kept_page(
            _records(scope, after, params.get("LanguageCode")),
            lambda record: (
                (state is None or record.body["State"] == state)
                and record.body["Name"].startswith(prefix)
            ),
            limit,
        )
        family = scope.family(KEY)
        return {
            "VocabularySummaryList": [scope.summary(family, record) for record in page],
            "NextToken": engine.pages.encode(pages, page[-1].seq) if more else None,
        }


def _associate_default(engine: ResourceService, caller: Caller, params: Params) -> Result:
    """Makes the vocabulary its language's default; without VocabularyId, none is."""
    language = params["LanguageCode"]

    def work(scope: Scope) -> None:
        chosen = None
        if params.get("VocabularyId"):
            chosen = scope.get(scope.family(KEY), params["VocabularyId"])
            if chosen.body["LanguageCode"] != language:
                raise InvalidInput(
                    f"Vocabulary {chosen.id} is for {chosen.body['LanguageCode']}, "
                    f"not for {language}."
                )
            if chosen.body["State"] != ACTIVE:
                raise InvalidInput(
                    f"Vocabulary {chosen.id} is {chosen.body['State']}: only an ACTIVE "
                    "vocabulary can be the default."
                )
        # Being the default is not a change to the vocabulary: its LastModifiedTime stays.
        for record in _records(scope, language=language):
            is_chosen = chosen is not None and record.id == chosen.id
            if bool(record.body.get(_DEFAULT)) != is_chosen:
                record.body = {k: v for k, v in record.body.items() if k != _DEFAULT}
                if is_chosen:
                    record.body[_DEFAULT] = True
                scope.tx.update_resource(record)

    engine.write(caller, params["InstanceId"], work)
    return None


def _list_defaults(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        defaults = sorted(
            (
                r
                for r in _records(scope, language=params.get("LanguageCode"))
                if r.body.get(_DEFAULT)
            ),
            key=lambda record: str(record.body["LanguageCode"]),
        )
        page, token = scope.offset_page(
            "ListDefaultVocabularies", defaults, params.get("MaxResults"), params.get("NextToken")
        )
        return {
            "DefaultVocabularyList": [
                {
                    "InstanceId": scope.instance_id,
                    "LanguageCode": record.body["LanguageCode"],
                    "VocabularyId": record.id,
                    "VocabularyName": record.body["Name"],
                }
                for record in page
            ],
            "NextToken": token,
        }


VOCABULARY = Family(
    key=KEY,
    arn_segment="vocabulary",
    noun="Vocabulary",
    create="CreateVocabulary",
    describe="DescribeVocabulary",
    # No List operation (SearchVocabularies filters), and an asynchronous delete: both below.
    list=None,
    delete=None,
    id_param="VocabularyId",
    wrapper="Vocabulary",
    id_member="Id",
    arn_member="Arn",
    created=("VocabularyId", "VocabularyArn"),
    list_member="VocabularySummaryList",
    subtype="LanguageCode",
    prepare=_prepare,
    after_create=_after_create,
    advance=_advance,
    extra={
        "CreateVocabulary": _create,
        "DeleteVocabulary": _delete,
        "SearchVocabularies": _search,
        "AssociateDefaultVocabulary": _associate_default,
        "ListDefaultVocabularies": _list_defaults,
    },
)
