"""Quick connects: a user, a queue, a phone number or a flow that agents transfer contacts to.

Deleting one removes it from the queues that offer it (the engine drops non-blocking
references to what it deletes).
"""

from __future__ import annotations

from typing import Any

from connect_emulator.domain.errors import InvalidParameter
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.queues import AGENT, QUEUE
from connect_emulator.resources.family import Family, Params, Reference, Result, Update
from connect_emulator.resources.scope import Scope

# Which config each type needs, and the type its flow must have ("The contact flow must be of
# type Transfer to Agent" / "Transfer to Queue", the model's documentation).
_CONFIGS = {
    "USER": ("UserConfig", "AGENT_TRANSFER"),
    "QUEUE": ("QueueConfig", "QUEUE_TRANSFER"),
    "PHONE_NUMBER": ("PhoneConfig", None),
    "FLOW": ("FlowConfig", None),
}
_CONFIG = "QuickConnectConfig"


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    config = body[_CONFIG]
    kind = config["QuickConnectType"]
    wanted, flow_type = _CONFIGS[kind]
    for member, _ in _CONFIGS.values():
        if member == wanted and config.get(member) is None:
            raise InvalidParameter(f"{_CONFIG}.{member} is required for a {kind} quick connect.")
        if member != wanted and config.get(member) is not None:
            raise InvalidParameter(f"{_CONFIG}.{member} does not belong to a {kind} quick connect.")
    # The summary and the List filter read the type at the top of the body.
    body["QuickConnectType"] = kind
    if body.get("Description") == "":
        # UpdateQuickConnectName allows an empty Description: it removes it.
        del body["Description"]
    target = config[wanted]
    if kind == "QUEUE":
        queue = scope.find(QUEUE, target["QueueId"])
        if queue is not None and queue.subtype == AGENT:
            raise InvalidParameter(
                f"{_CONFIG}.QueueConfig.QueueId names an agent queue: use a USER quick connect."
            )
    if flow_type is not None and "contact_flow" in scope.engine.families:
        flow = scope.find(scope.family("contact_flow"), target["ContactFlowId"])
        if flow is not None and flow.subtype != flow_type:
            raise InvalidParameter(
                f"{_CONFIG}.{wanted}.ContactFlowId must name a {flow_type} flow, "
                f"not a {flow.subtype} flow."
            )


def _update_name(engine: ResourceService, caller: Caller, params: Params) -> Result:
    # "At least Name or Description must be provided" (the model's documentation).
    if params.get("Name") is None and params.get("Description") is None:
        raise InvalidParameter("At least Name or Description must be provided.")

    def work(scope: Scope) -> None:
        record = scope.get(QUICK_CONNECT, params["QuickConnectId"])
        body = dict(record.body)
        body.update({k: params[k] for k in ("Name", "Description") if params.get(k) is not None})
        scope.save(QUICK_CONNECT, record, body)

    return engine.write(caller, params["InstanceId"], work)


QUICK_CONNECT = Family(
    key="quick_connect",
    arn_segment="transfer-destination",
    noun="Quick connect",
    create="CreateQuickConnect",
    describe="DescribeQuickConnect",
    list="ListQuickConnects",
    delete="DeleteQuickConnect",
    id_param="QuickConnectId",
    wrapper="QuickConnect",
    id_member="QuickConnectId",
    arn_member="QuickConnectARN",
    created=("QuickConnectId", "QuickConnectARN"),
    list_member="QuickConnectSummaryList",
    # Names are unique as on create, on rename too (docs/decisions.md).
    subtype="QuickConnectType",
    list_filter="QuickConnectTypes",
    updates=(Update("UpdateQuickConnectConfig", (_CONFIG,)),),
    # None blocks a delete: DeleteUser, DeleteQueue and DeleteContactFlow leave quick
    # connects in place (AWS tells callers to delete them after DeleteUser).
    references=(
        Reference(f"{_CONFIG}.UserConfig.UserId", "user", blocks=False),
        Reference(f"{_CONFIG}.UserConfig.ContactFlowId", "contact_flow", blocks=False),
        Reference(f"{_CONFIG}.QueueConfig.QueueId", "queue", blocks=False),
        Reference(f"{_CONFIG}.QueueConfig.ContactFlowId", "contact_flow", blocks=False),
        Reference(f"{_CONFIG}.FlowConfig.ContactFlowId", "contact_flow", blocks=False),
    ),
    prepare=_prepare,
    extra={"UpdateQuickConnectName": _update_name},
)
