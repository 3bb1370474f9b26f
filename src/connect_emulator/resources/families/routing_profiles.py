"""Routing profiles, with their queue configs.

A queue config is a (queue, channel) pair with a priority and a delay. Each is a reference of
its own beside the body (role ``QueueConfigs`` or ``ManualAssignmentQueueConfigs``, item
``{queueId}/{channel}``, detail ``{Priority, Delay}``) that keeps its queue from being deleted;
so the operations on them are written here, on the store's references.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_emulator.domain.errors import InvalidInput, InvalidParameter
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import Ref, ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.queues import AGENT, BASIC_QUEUE, QUEUE
from connect_emulator.resources.family import (
    Family,
    FamilyOperation,
    Params,
    Reference,
    Result,
    Update,
)
from connect_emulator.resources.scope import Scope

QUEUE_CONFIGS = "QueueConfigs"
MANUAL_CONFIGS = "ManualAssignmentQueueConfigs"
# Each role with the member that names its pairs on DisassociateRoutingProfileQueues.
_ROLES = ((QUEUE_CONFIGS, "QueueReferences"), (MANUAL_CONFIGS, "ManualAssignmentQueueReferences"))
# "More than 10 queue references ... results in an InvalidParameterException" (the model).
_MAX_REFERENCES = 10
# The model's documentation: VOICE exactly 1, CHAT and TASK 1..10 (EMAIL as CHAT and TASK).
_CONCURRENCY = {"VOICE": (1, 1), "CHAT": (1, 10), "TASK": (1, 10), "EMAIL": (1, 10)}
_ONLY_ITS_CHANNEL = {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    if previous is None:
        body.setdefault("IsDefault", False)
        body.setdefault("AgentAvailabilityTimer", "TIME_SINCE_LAST_ACTIVITY")
    seen = set()
    for index, media in enumerate(body["MediaConcurrencies"], 1):
        channel, concurrency = media["Channel"], media.get("Concurrency")
        if channel in seen:
            raise InvalidParameter(f"MediaConcurrencies names channel {channel} twice.")
        seen.add(channel)
        low, high = _CONCURRENCY[channel]
        if concurrency is not None and not low <= concurrency <= high:
            raise InvalidParameter(
                f"MediaConcurrencies.{index}.member.Concurrency: {channel} takes "
                f"{low} to {high}, not {concurrency}."
            )
        media.setdefault("CrossChannelBehavior", dict(_ONLY_ITS_CHANNEL))
    outbound = scope.find(QUEUE, body["DefaultOutboundQueueId"])
    if outbound is not None and outbound.subtype == AGENT:
        raise InvalidParameter("DefaultOutboundQueueId names an agent queue.")


def _queue_refs(scope: Scope, role: str, configs: list[dict[str, Any]]) -> list[Ref]:
    """The references ``configs`` make, their queues checked (404, STANDARD, once each)."""
    refs: dict[str, Ref] = {}
    for config in configs:
        reference = config["QueueReference"]
        queue = scope.get(QUEUE, reference["QueueId"])
        if queue.subtype == AGENT:
            raise InvalidParameter(f"{role}: queue {queue.id} is an agent queue.")
        item = f"{queue.id}/{reference['Channel']}"
        if item in refs:
            raise InvalidParameter(f"{role}: queue {item} is given twice.")
        detail = (
            {"Priority": config["Priority"], "Delay": config["Delay"]}
            if role == QUEUE_CONFIGS
            else {}
        )
        refs[item] = Ref(role, item, QUEUE.key, queue.id, True, detail)
    return list(refs.values())


def _associate(scope: Scope, record: ResourceRecord, request: Params) -> None:
    for role, _ in _ROLES:
        refs = _queue_refs(scope, role, request.get(role) or [])
        held = {ref.item for ref in scope.tx.refs_of(scope.instance_id, _KEY, record.id, role)}
        for ref in refs:
            if ref.item in held:
                # Terraform disassociates before it associates for this reason.
                raise InvalidParameter(
                    f"Queue and channel type combination cannot be duplicated: {ref.item} is "
                    f"already in {role} of routing profile {record.id}."
                )
        scope.tx.put_refs(scope.instance_id, _KEY, record.id, refs)


def _after_create(scope: Scope, record: ResourceRecord, request: Params) -> None:
    # The configs are never in the body (transient): they live as references.
    if any(request.get(role) for role, _ in _ROLES):
        _associate(scope, record, request)


def _writer(work: Callable[[Scope, ResourceRecord, Params], None]) -> FamilyOperation:
    """A handler running ``work`` on the routing profile, then marking it modified."""

    def handle(engine: ResourceService, caller: Caller, params: Params) -> Result:
        def run(scope: Scope) -> None:
            record = scope.get(ROUTING_PROFILE, params["RoutingProfileId"])
            work(scope, record, params)
            scope.save(ROUTING_PROFILE, record, dict(record.body))

        return engine.write(caller, params["InstanceId"], run)

    return handle


def _associate_queues(scope: Scope, record: ResourceRecord, params: Params) -> None:
    if not params.get(QUEUE_CONFIGS) and not params.get(MANUAL_CONFIGS):
        raise InvalidParameter(f"Give {QUEUE_CONFIGS} or {MANUAL_CONFIGS}.")
    _associate(scope, record, params)


def _disassociate_queues(scope: Scope, record: ResourceRecord, params: Params) -> None:
    for role, member in _ROLES:
        references = params.get(member) or []
        if len(references) > _MAX_REFERENCES:
            raise InvalidParameter(f"{member} can have at most {_MAX_REFERENCES} items.")
        items = [
            f"{scope.target_id(QUEUE, reference['QueueId'])}/{reference['Channel']}"
            for reference in references
        ]
        if items:
            # Pairs that are not there are ignored, so a retried call succeeds.
            scope.tx.drop_refs(scope.instance_id, _KEY, record.id, role, items)


def _update_queues(scope: Scope, record: ResourceRecord, params: Params) -> None:
    refs = _queue_refs(scope, QUEUE_CONFIGS, params[QUEUE_CONFIGS])
    held = {ref.item for ref in scope.tx.refs_of(scope.instance_id, _KEY, record.id, QUEUE_CONFIGS)}
    for ref in refs:
        if ref.item not in held:
            raise InvalidInput(
                f"Queue {ref.item} is not in routing profile {record.id}: associate it first "
                "(AssociateRoutingProfileQueues)."
            )
    scope.tx.put_refs(scope.instance_id, _KEY, record.id, refs)


def _describe(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        record = scope.get(ROUTING_PROFILE, params["RoutingProfileId"])
        view = scope.view(ROUTING_PROFILE, record)
        view["InstanceId"] = scope.instance_id
        refs = scope.tx.refs_of(scope.instance_id, _KEY, record.id)
        # Queues, not (queue, channel) pairs: "The number of associated queues".
        for role, member in ((QUEUE_CONFIGS, "Queues"), (MANUAL_CONFIGS, "ManualAssignmentQueues")):
            view[f"NumberOfAssociated{member}"] = len({r.target_id for r in refs if r.role == role})
        users = scope.tx.referrers(scope.instance_id, _KEY, record.id)
        view["NumberOfAssociatedUsers"] = len({r.id for r in users if r.family == "user"})
        return {"RoutingProfile": view}


def _lister(operation: str, role: str, list_member: str) -> FamilyOperation:
    def handle(engine: ResourceService, caller: Caller, params: Params) -> Result:
        with engine.reading(caller, params["InstanceId"]) as scope:
            record = scope.get(ROUTING_PROFILE, params["RoutingProfileId"])
            refs = scope.tx.refs_of(scope.instance_id, _KEY, record.id, role)
            page, token = scope.offset_page(
                operation, refs, params.get("MaxResults"), params.get("NextToken")
            )
            summaries = []
            for ref in page:
                # A queue config blocks its queue's delete, so the queue is there.
                queue = scope.get(QUEUE, ref.target_id)
                summaries.append(
                    {
                        "QueueId": queue.id,
                        "QueueArn": scope.arn(QUEUE, queue),
                        "QueueName": queue.body.get("Name"),
                        "Channel": ref.item.rpartition("/")[2],
                        **ref.detail,
                    }
                )
            return {
                list_member: summaries,
                "NextToken": token,
                "LastModifiedTime": record.modified_at,
                "LastModifiedRegion": caller.region,
            }

    return handle


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    basic_queue = lookup(QUEUE.key, BASIC_QUEUE)
    channels = (("VOICE", 1), ("CHAT", 2), ("TASK", 1))
    return [
        {
            "Name": "Basic Routing Profile",
            "Description": "A simple routing profile.",
            "DefaultOutboundQueueId": basic_queue,
            "MediaConcurrencies": [
                {"Channel": channel, "Concurrency": concurrency}
                for channel, concurrency in channels
            ],
            QUEUE_CONFIGS: [
                {
                    "QueueReference": {"QueueId": basic_queue, "Channel": channel},
                    "Priority": 1,
                    "Delay": 0,
                }
                for channel, _ in channels
            ],
            "AgentAvailabilityTimer": "TIME_SINCE_LAST_ACTIVITY",
            "IsDefault": True,
        }
    ]


_KEY = "routing_profile"
ROUTING_PROFILE = Family(
    key=_KEY,
    arn_segment="routing-profile",
    noun="Routing profile",
    create="CreateRoutingProfile",
    describe="DescribeRoutingProfile",
    list="ListRoutingProfiles",
    delete="DeleteRoutingProfile",
    id_param="RoutingProfileId",
    wrapper="RoutingProfile",
    id_member="RoutingProfileId",
    arn_member="RoutingProfileArn",
    created=("RoutingProfileId", "RoutingProfileArn"),
    list_member="RoutingProfileSummaryList",
    updates=(
        Update("UpdateRoutingProfileName", ("Name", "Description")),
        Update("UpdateRoutingProfileConcurrency", ("MediaConcurrencies",)),
        Update("UpdateRoutingProfileDefaultOutboundQueue", ("DefaultOutboundQueueId",)),
        Update("UpdateRoutingProfileAgentAvailabilityTimer", ("AgentAvailabilityTimer",)),
    ),
    references=(Reference("DefaultOutboundQueueId", QUEUE.key),),
    # Kept as references (with their priority and delay), never in the body.
    transient=(QUEUE_CONFIGS, MANUAL_CONFIGS),
    prepare=_prepare,
    after_create=_after_create,
    defaults=_defaults,
    extra={
        "DescribeRoutingProfile": _describe,
        "AssociateRoutingProfileQueues": _writer(_associate_queues),
        "DisassociateRoutingProfileQueues": _writer(_disassociate_queues),
        "UpdateRoutingProfileQueues": _writer(_update_queues),
        "ListRoutingProfileQueues": _lister(
            "ListRoutingProfileQueues", QUEUE_CONFIGS, "RoutingProfileQueueConfigSummaryList"
        ),
        "ListRoutingProfileManualAssignmentQueues": _lister(
            "ListRoutingProfileManualAssignmentQueues",
            MANUAL_CONFIGS,
            "RoutingProfileManualAssignmentQueueConfigSummaryList",
        ),
    },
)
