"""What the instance's integrations share (storage configs, Lambda functions, approved origins,
Lex bots, security keys): one resource per association, whose unique name is the value that
identifies it (the resource type, the function's ARN, the origin, the bot, the key), so the
database itself refuses a second association of the same value.

The engine's answers are renamed to the errors these operations declare: a taken name is
ResourceConflictException (409), not DuplicateResourceException; the per-instance quota is
ServiceQuotaExceededException (402), not LimitExceededException. An Associate sent again with
the same ClientToken and the same members (an SDK's retry of a call that did associate) gets
the first call's answer, not a conflict.

None of them has an ARN: each family's ``arn_segment`` is its key, which holds an underscore
that no ARN's segment can have, so TagResource never finds one of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from connect_emulator.domain.errors import (
    Conflict,
    Duplicate,
    LimitExceeded,
    NotFound,
    QuotaExceeded,
)
from connect_emulator.domain.fingerprint import fingerprint
from connect_emulator.domain.model import Caller
from connect_emulator.domain.ports import IdempotencyRecord
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family, FamilyOperation, Params, Prepare
from connect_emulator.resources.scope import Scope

HEX = "0123456789abcdef"


def integration_family(
    key: str,
    noun: str,
    name_member: str,
    handlers: Mapping[str, FamilyOperation],
    *,
    prepare: Prepare | None = None,
    subtype: str | None = None,
) -> Family:
    """A family whose operations are all ``handlers`` (the first two stand for Create and
    Describe, which the declaration must name)."""
    create, describe = list(handlers)[:2]
    return Family(
        key=key,
        arn_segment=key,
        noun=noun,
        create=create,
        describe=describe,
        list=None,
        delete=None,
        id_param=name_member,
        wrapper="",
        id_member="Id",
        arn_member="Arn",
        created=("Id", "Arn"),
        list_member="",
        name_member=name_member,
        subtype=subtype,
        last_modified=False,
        prepare=prepare,
        extra=handlers,
    )


@contextmanager
def _answered_as_declared(taken: str) -> Iterator[None]:
    """The engine's Duplicate and LimitExceeded as these operations declare them."""
    try:
        yield
    except Duplicate:
        raise Conflict(taken) from None
    except LimitExceeded as error:
        raise QuotaExceeded(error.message) from None


def associate(
    engine: ResourceService,
    caller: Caller,
    params: Params,
    family: Family,
    *,
    operation: str,
    body: dict[str, Any],
    taken: str,
    resource_id: str | None = None,
) -> ResourceRecord:
    """A new association holding ``body`` (its name member the identifying value); ``taken``
    is the conflict's message."""
    token = params.get("ClientToken")
    digest = fingerprint({k: v for k, v in params.items() if k != "ClientToken"})

    def work(scope: Scope) -> ResourceRecord:
        scoped = f"{operation}/{scope.instance_id}"
        previous = (
            scope.tx.get_idempotency(caller.account, caller.region, scoped, token)
            if token
            else None
        )
        if previous is not None and previous.fingerprint == digest:
            record = scope.find(family, previous.resource_id)
            if record is not None:
                return record
        record = scope.create(family, body, resource_id=resource_id)
        if token and previous is None:
            scope.tx.put_idempotency(
                IdempotencyRecord(
                    caller.account, caller.region, scoped, token, digest, record.id, scope.now
                )
            )
        return record

    with _answered_as_declared(taken):
        return engine.write(caller, params["InstanceId"], work)


def named(scope: Scope, family: Family, value: str, missing: str) -> ResourceRecord:
    """The association identified by ``value``; ``missing`` is the 404's message."""
    found = scope.tx.resource_named(scope.instance_id, family.key, value)
    record = None if found is None else scope.tx.get_resource(scope.instance_id, family.key, found)
    if record is None:
        raise NotFound(missing)
    return record


def disassociate(
    engine: ResourceService,
    caller: Caller,
    params: Params,
    family: Family,
    *,
    value: str,
    missing: str,
) -> None:
    def work(scope: Scope) -> None:
        scope.delete(family, named(scope, family, value, missing))

    engine.write(caller, params["InstanceId"], work)


def page(
    engine: ResourceService,
    caller: Caller,
    params: Params,
    family: Family,
    *,
    operation: str,
    size: int,
    subtype: str | None = None,
) -> tuple[list[ResourceRecord], str | None]:
    """A page of the family's associations (of ``subtype`` only, when given), in the order
    they were made; ``size`` items without MaxResults."""
    with engine.reading(caller, params["InstanceId"]) as scope:
        return scope.page(
            family,
            operation,
            params.get("MaxResults") or size,
            params.get("NextToken"),
            None if subtype is None else [subtype],
        )
