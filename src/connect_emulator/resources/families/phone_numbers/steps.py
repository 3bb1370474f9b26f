"""A phone number's asynchronous step, run once by the lifecycle worker: a claim's (or a
move's) outcome, CLAIMED or FAILED with a message (a failure planned through the control API,
or the instance's quota of numbers reached), or the release, after which the number is gone."""

from __future__ import annotations

import logging

from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.families.phone_numbers.common import (
    BATCH,
    CLAIM,
    CLAIMED,
    FAILED,
    KEY,
    RELEASE,
    STEP,
)
from connect_emulator.resources.scope import Scope

LOG = logging.getLogger(__name__)

_MESSAGE_MAX = 255


def advance(scope: Scope, record: ResourceRecord, failure: str | None) -> None:
    """The step the worker runs once: a claim's (or move's) outcome, or the release."""
    body = dict(record.body)
    step = body.pop(STEP, None)
    if step == RELEASE:
        # A release cannot fail: a failure released to it through the control API is ignored.
        scope.tx.delete_resource(scope.instance_id, KEY, record.id)
        LOG.info("phone number %s is released", record.id)
        return
    if step != CLAIM:
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
    while rows := scope.tx.list_resources(scope.instance_id, KEY, after, BATCH):
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
