"""The operations a family declaration implies, as handlers ``(engine, caller, params)``.

    Create       the body from the request; names, references, quota; the create answer
    Describe     {wrapper: view}
    List         {list_member: [summary, ...], NextToken}, filtered by subtype if declared
    Update*      the declared members replace the body's; checked as on create
    Delete       refused while something blocking refers to it
    Associate*, Disassociate*, List* of each association

Special operations come from the declaration's ``extra`` and win over these.
"""

from __future__ import annotations

from typing import Any

from connect_emulator.domain.errors import IdempotencyConflict, LimitExceeded, NotFound
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.model import Caller
from connect_emulator.domain.ports import IdempotencyRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import (
    Association,
    Family,
    FamilyOperation,
    Params,
    Result,
    Update,
)
from connect_emulator.resources.scope import Scope


def family_operations(family: Family) -> dict[str, FamilyOperation]:
    handlers: dict[str, FamilyOperation] = {
        family.create: lambda engine, caller, params: _create(engine, caller, family, params),
        family.describe: lambda engine, caller, params: _describe(engine, caller, family, params),
    }
    if family.list is not None:
        name = family.list
        handlers[name] = lambda engine, caller, params: _list(engine, caller, family, name, params)
    if family.delete is not None:
        handlers[family.delete] = lambda engine, caller, params: _delete(
            engine, caller, family, params
        )
    for update in family.updates:
        handlers[update.operation] = _update_handler(family, update)
    for association in family.associations:
        handlers.update(_association_handlers(family, association))
    handlers.update(family.extra)
    return handlers


def _create(engine: ResourceService, caller: Caller, family: Family, params: Params) -> Result:
    token = params.get("ClientToken") if family.idempotent else None

    def work(scope: Scope) -> Result:
        operation = f"{family.create}/{scope.instance_id}"
        # Only a call with a token is compared with an earlier one.
        digest = (
            fingerprint({k: v for k, v in params.items() if k != "ClientToken"}) if token else ""
        )
        if token:
            previous = scope.tx.get_idempotency(caller.account, caller.region, operation, token)
            if previous is not None:
                if previous.fingerprint != digest:
                    raise IdempotencyConflict(
                        "ClientToken was already used with different parameters."
                    )
                record = scope.find(family, previous.resource_id)
                if record is None:
                    # Deleted since: the same request is answered as it was the first time
                    # ("subsequent requests return the previous response"), nothing is made.
                    id_member, arn_member = family.created
                    arn = f"{scope.instance_arn}/{family.arn_segment}/{previous.resource_id}"
                    return {id_member: previous.resource_id, arn_member: arn}
                return _created(scope, family, record)
        record = scope.create(family, params)
        if token:
            scope.tx.put_idempotency(
                IdempotencyRecord(
                    caller.account, caller.region, operation, token, digest, record.id, scope.now
                )
            )
        return _created(scope, family, record)

    return engine.write(caller, params["InstanceId"], work)


def _created(scope: Scope, family: Family, record: Any) -> Result:
    id_member, arn_member = family.created
    result = {id_member: record.id, arn_member: scope.arn(family, record)}
    for member in family.created_extra:
        result[member] = record.body.get(member)
    return result


def _describe(engine: ResourceService, caller: Caller, family: Family, params: Params) -> Result:
    view = engine.describe(caller, params["InstanceId"], family, params[family.id_param])
    return {family.wrapper: view}


def _list(
    engine: ResourceService, caller: Caller, family: Family, operation: str, params: Params
) -> Result:
    subtypes = params.get(family.list_filter) if family.list_filter else None
    if isinstance(subtypes, str):  # a filter of one value (ListContactFlowModules' state)
        subtypes = [subtypes]
    summaries, token = engine.summary_page(
        caller,
        params["InstanceId"],
        family,
        operation,
        max_results=params.get("MaxResults"),
        token=params.get("NextToken"),
        subtypes=subtypes or None,
    )
    return {family.list_member: summaries, "NextToken": token}


def _delete(engine: ResourceService, caller: Caller, family: Family, params: Params) -> Result:
    def work(scope: Scope) -> None:
        scope.delete(family, scope.get(family, params[family.id_param]))

    return engine.write(caller, params["InstanceId"], work)


def _update_handler(family: Family, update: Update) -> FamilyOperation:
    def handle(engine: ResourceService, caller: Caller, params: Params) -> Result:
        def work(scope: Scope) -> Result:
            record = scope.get(family, params[family.id_param])
            body = dict(record.body)
            for member in update.members:
                if params.get(member) is not None:
                    body[member] = params[member]
                elif update.clear_absent:
                    body.pop(member, None)
            scope.save(family, record, body)
            if update.returns_ids:
                return _created(scope, family, record)
            return None

        return engine.write(caller, params["InstanceId"], work)

    return handle


def _association_handlers(family: Family, association: Association) -> dict[str, FamilyOperation]:
    handlers: dict[str, FamilyOperation] = {}
    member = association.member

    if association.associate is not None:

        def associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
            def work(scope: Scope) -> None:
                record = scope.get(family, params[family.id_param])
                refs = scope.association_refs(association, params[member])
                held = {
                    ref.item
                    for ref in scope.tx.refs_of(scope.instance_id, family.key, record.id, member)
                }
                total = len(held | {ref.item for ref in refs})
                if association.max_items is not None and total > association.max_items:
                    raise LimitExceeded(
                        f"A {family.noun.lower()} can have at most {association.max_items} "
                        f"{member}; this request would give it {total}."
                    )
                scope.tx.put_refs(scope.instance_id, family.key, record.id, refs)
                scope.save(family, record, dict(record.body))

            return engine.write(caller, params["InstanceId"], work)

        handlers[association.associate] = associate

    if association.disassociate is not None:

        def disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
            def work(scope: Scope) -> None:
                record = scope.get(family, params[family.id_param])
                target = scope.family(association.target)
                items = [scope.target_id(target, value) for value in params[member]]
                scope.tx.drop_refs(scope.instance_id, family.key, record.id, member, items)
                scope.save(family, record, dict(record.body))

            return engine.write(caller, params["InstanceId"], work)

        handlers[association.disassociate] = disassociate

    if association.list is not None:
        operation = association.list

        def list_associated(engine: ResourceService, caller: Caller, params: Params) -> Result:
            with engine.reading(caller, params["InstanceId"]) as scope:
                record = scope.get(family, params[family.id_param])
                target = scope.family(association.target)
                refs = scope.tx.refs_of(scope.instance_id, family.key, record.id, member)
                page, token = scope.offset_page(
                    operation, refs, params.get("MaxResults"), params.get("NextToken")
                )
                summaries = []
                for ref in page:
                    found = scope.tx.get_resource(scope.instance_id, target.key, ref.target_id)
                    if found is None:
                        raise NotFound(f"{target.noun} {ref.target_id} not found.")
                    summaries.append(scope.summary(target, found))
                return {
                    association.list_member: summaries,
                    "NextToken": token,
                    "LastModifiedTime": record.modified_at,
                    "LastModifiedRegion": caller.region,
                }

        handlers[operation] = list_associated
    return handlers
