"""Queues: STANDARD queues, each user's AGENT queue, and the quick connects a queue offers.

An AGENT queue belongs to its user: it is made and removed by the user family (through
``create_agent_queue`` / ``delete_agent_queue``), has the user's id and no name, and cannot be
changed or deleted by itself. Its ARN is ``.../queue/agent/{id}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_emulator.domain.errors import InUse, InvalidInput, InvalidParameter
from connect_emulator.domain.model import instance_arn
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.families.hours import BASIC_HOURS
from connect_emulator.resources.family import Association, Family, Params, Reference, Update
from connect_emulator.resources.scope import Scope

STANDARD = "STANDARD"
AGENT = "AGENT"
BASIC_QUEUE = "BasicQueue"
# "Agent queues are always limited to 10 contacts" (AWS admin guide, set-maximum-queue-limit).
AGENT_MAX_CONTACTS = 10
# "Quick connects assignable to one queue" (AWS feature limits; not adjustable).
MAX_QUICK_CONNECTS = 700


def create_agent_queue(scope: Scope, user_id: str) -> ResourceRecord:
    """The AGENT queue of a user just created (the user family's after_create)."""
    request = {"QueueType": AGENT, "Status": "ENABLED", "MaxContacts": AGENT_MAX_CONTACTS}
    return scope.create(QUEUE, request, check_quota=False, resource_id=user_id)


def delete_agent_queue(scope: Scope, user_id: str) -> None:
    """The AGENT queue of a user being deleted (the user family's before_delete)."""
    scope.tx.delete_resource(scope.instance_id, QUEUE.key, user_id)


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    if previous is None:
        # Only create_agent_queue sets a type: the wire parser drops members the model lacks.
        body.setdefault("QueueType", STANDARD)
        body.setdefault("Status", "ENABLED")
    elif previous.subtype == AGENT:
        raise InvalidInput(f"Queue {previous.id} is an agent queue: it changes only with its user.")
    for member, value in (body.get("OutboundCallerConfig") or {}).items():
        if value == "":
            raise InvalidParameter(f"OutboundCallerConfig.{member} must not be empty.")


def _keep_agent_queue(scope: Scope, record: ResourceRecord) -> None:
    if record.subtype == AGENT:
        caller = scope.caller
        user_arn = (
            f"{instance_arn(caller.region, caller.account, scope.instance_id)}/agent/{record.id}"
        )
        raise InUse(
            f"Queue {record.id} is the agent queue of user {record.id}: it is deleted with "
            "the user (DeleteUser).",
            "USER",
            user_arn,
        )


def _arn_tail(record: ResourceRecord) -> str:
    return f"queue/agent/{record.id}" if record.subtype == AGENT else f"queue/{record.id}"


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    return [
        {
            "Name": BASIC_QUEUE,
            "Description": "A simple, basic voice queue.",
            "HoursOfOperationId": lookup("hours_of_operation", BASIC_HOURS),
        }
    ]


QUEUE = Family(
    key="queue",
    arn_segment="queue",
    noun="Queue",
    create="CreateQueue",
    describe="DescribeQueue",
    list="ListQueues",
    delete="DeleteQueue",
    id_param="QueueId",
    wrapper="Queue",
    id_member="QueueId",
    arn_member="QueueArn",
    created=("QueueId", "QueueArn"),
    list_member="QueueSummaryList",
    # Kept in the body for the summary; DescribeQueue's Queue has no QueueType.
    subtype="QueueType",
    list_filter="QueueTypes",
    # Users' agent queues come with the users: the quota of queues is of STANDARD ones.
    quota_subtypes=(STANDARD,),
    updates=(
        Update("UpdateQueueName", ("Name", "Description")),
        Update("UpdateQueueHoursOfOperation", ("HoursOfOperationId",)),
        # Without MaxContacts the queue has no maximum again (docs/decisions.md).
        Update("UpdateQueueMaxContacts", ("MaxContacts",), clear_absent=True),
        Update("UpdateQueueOutboundCallerConfig", ("OutboundCallerConfig",)),
        Update("UpdateQueueStatus", ("Status",)),
    ),
    # OutboundCallerIdNumberId names a phone number, not modelled yet: kept, not checked.
    references=(
        Reference("HoursOfOperationId", "hours_of_operation"),
        # DeleteContactFlow declares no ResourceInUseException.
        Reference("OutboundCallerConfig.OutboundFlowId", "contact_flow", blocks=False),
    ),
    associations=(
        Association(
            "QuickConnectIds",
            "quick_connect",
            associate="AssociateQueueQuickConnects",
            disassociate="DisassociateQueueQuickConnects",
            list="ListQueueQuickConnects",
            list_member="QuickConnectSummaryList",
            max_items=MAX_QUICK_CONNECTS,
        ),
    ),
    prepare=_prepare,
    before_delete=_keep_agent_queue,
    arn_tail=_arn_tail,
    defaults=_defaults,
)
