"""Contact flows: content checked when published, its checksum, and an instance's default
and sample flows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from connect_emulator.domain.errors import InvalidFlow
from connect_emulator.resources.family import Family, Params, Result, Update

if TYPE_CHECKING:
    from connect_emulator.domain.model import Caller
    from connect_emulator.domain.resource_records import ResourceRecord
    from connect_emulator.resources.engine import ResourceService
    from connect_emulator.resources.scope import Scope

FLOW_LANGUAGE_VERSION = "2019-10-30"
# InvalidContactFlowException holds 1..50 problems of 1..256 characters each.
_MAX_PROBLEMS = 50
_MAX_PROBLEM = 256
# DescribeContactFlow's qualifier for the saved content (the ARN form is parsed by the engine).
_SAVED = ":$SAVED"

# One per type, as the admin guide's "Default flows" lists them, with the descriptions a live
# export shows.
DEFAULT_FLOWS = (
    ("Default agent hold", "AGENT_HOLD", "Audio played for the agent when on hold"),
    ("Default agent transfer", "AGENT_TRANSFER", "Default flow to transfer to an agent."),
    ("Default agent whisper", "AGENT_WHISPER", "Default whisper played to the agent."),
    ("Default customer hold", "CUSTOMER_HOLD", "Default audio the customer hears while on hold."),
    (
        "Default customer queue",
        "CUSTOMER_QUEUE",
        "Default audio played when a customer is waiting in queue.",
    ),
    ("Default customer whisper", "CUSTOMER_WHISPER", "Default whisper played to the customer"),
    ("Default outbound", "OUTBOUND_WHISPER", "Default flow for outbound calls."),
    ("Default queue transfer", "QUEUE_TRANSFER", "Default flow used to transfer to a queue."),
)
# The sample flows of a live instance; their types are not published (docs/decisions.md).
SAMPLE_FLOWS = (
    ("Sample AB test", "CONTACT_FLOW"),
    ("Sample disconnect flow", "CONTACT_FLOW"),
    ("Sample inbound flow (first contact experience)", "CONTACT_FLOW"),
    ("Sample interruptible queue flow with callback", "CUSTOMER_QUEUE"),
    ("Sample Lambda integration", "CONTACT_FLOW"),
    ("Sample note for screenpop", "CONTACT_FLOW"),
    ("Sample queue configurations flow", "CONTACT_FLOW"),
    ("Sample queue customer", "CONTACT_FLOW"),
    ("Sample recording behavior", "CONTACT_FLOW"),
    ("Sample secure input with agent", "CONTACT_FLOW"),
    ("Sample secure input with no agent", "CONTACT_FLOW"),
)
# Flows that hand a contact on end it by disconnecting; the others end their own execution.
_DISCONNECTING = frozenset({"CONTACT_FLOW", "CUSTOMER_QUEUE", "AGENT_TRANSFER", "QUEUE_TRANSFER"})


def minimal_flow(action_type: str) -> str:
    """Content of one action that ends the flow: small, because every instance stores it."""
    action = {"Identifier": "end", "Type": action_type, "Parameters": {}, "Transitions": {}}
    document = {"Version": FLOW_LANGUAGE_VERSION, "StartAction": "end", "Actions": [action]}
    return json.dumps(document, separators=(",", ":"))


_DISCONNECT = minimal_flow("DisconnectParticipant")
_END = minimal_flow("EndFlowExecution")


def content_problems(content: str, *, publish: bool) -> list[str]:
    """What keeps ``content`` from being saved (it must be JSON) or, with ``publish``, from
    being published: the checks of the flow language that need no knowledge of actions."""
    try:
        document = json.loads(content)
    except ValueError as error:
        return [f"Content is not valid JSON: {error}"[:_MAX_PROBLEM]]
    if not publish:
        return []
    if not isinstance(document, dict):
        return ["Content must be a JSON object with Version, StartAction and Actions."]
    problems = []
    if document.get("Version") != FLOW_LANGUAGE_VERSION:
        problems.append(f"Invalid Version: the supported version is {FLOW_LANGUAGE_VERSION}.")
    actions = document.get("Actions")
    if not isinstance(actions, list):
        problems.append("Actions must be a list of actions.")
        actions = []
    identifiers: set[str] = set()
    for index, action in enumerate(actions):
        identifier = action.get("Identifier") if isinstance(action, dict) else None
        if not isinstance(identifier, str) or not identifier:
            problems.append(f"Action {index} has no Identifier.")
        elif identifier in identifiers:
            problems.append(f"Duplicate action Identifier: {identifier}"[:_MAX_PROBLEM])
        else:
            identifiers.add(identifier)
    start = document.get("StartAction")
    if not isinstance(start, str) or start not in identifiers:
        problems.append(f"StartAction {start!r} is not the Identifier of an action."[:_MAX_PROBLEM])
    return problems[:_MAX_PROBLEMS]


def check_content(
    body: dict[str, Any], previous: ResourceRecord | None, *, publish: bool, module: bool = False
) -> None:
    """Checks a new content and records its checksum and revision; an unchanged one is left
    alone, so renaming a flow never re-validates it."""
    content = body["Content"]
    if previous is not None and previous.body.get("Content") == content:
        return
    problems = content_problems(content, publish=publish)
    if problems:
        raise InvalidFlow(problems, module=module)
    sha_member = "FlowModuleContentSha256" if module else "FlowContentSha256"
    body[sha_member] = hashlib.sha256(content.encode()).hexdigest()
    body["Version"] = 1 if previous is None else int(previous.body.get("Version", 0)) + 1


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    # UpdateContactFlowMetadata names the state ContactFlowState; the flow itself, State.
    if "ContactFlowState" in body:
        body["State"] = body.pop("ContactFlowState")
    if previous is None:
        # A flow created without Status is published (what Terraform's provider relies on).
        body.setdefault("Status", "PUBLISHED")
        body.setdefault("State", "ACTIVE")
    check_content(body, previous, publish=body["Status"] == "PUBLISHED")


def _describe(engine: ResourceService, caller: Caller, params: Params) -> Result:
    # The emulator keeps one content per flow, so the saved one is the published one.
    flow_id = str(params["ContactFlowId"]).removesuffix(_SAVED)
    with engine.reading(caller, params["InstanceId"]) as scope:
        return {"ContactFlow": scope.view(FLOWS, scope.get(FLOWS, flow_id))}


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    flows = [(name, kind, {"Description": text}) for name, kind, text in DEFAULT_FLOWS]
    flows += [(name, kind, {}) for name, kind in SAMPLE_FLOWS]
    return [
        {"Name": name, "Type": kind, "Content": _DISCONNECT if kind in _DISCONNECTING else _END}
        | extra
        for name, kind, extra in flows
    ]


FLOWS = Family(
    key="contact_flow",
    arn_segment="contact-flow",
    noun="Contact flow",
    create="CreateContactFlow",
    describe="DescribeContactFlow",
    list="ListContactFlows",
    delete="DeleteContactFlow",
    id_param="ContactFlowId",
    wrapper="ContactFlow",
    id_member="Id",
    arn_member="Arn",
    created=("ContactFlowId", "ContactFlowArn"),
    created_extra=("FlowContentSha256",),
    list_member="ContactFlowSummaryList",
    summary_renames={
        "ContactFlowType": "Type",
        "ContactFlowState": "State",
        "ContactFlowStatus": "Status",
    },
    # Type is fixed at creation: no update changes it.
    subtype="Type",
    list_filter="ContactFlowTypes",
    updates=(
        Update("UpdateContactFlowContent", ("Content",)),
        Update("UpdateContactFlowName", ("Name", "Description")),
        Update("UpdateContactFlowMetadata", ("Name", "Description", "ContactFlowState")),
    ),
    prepare=_prepare,
    defaults=_defaults,
    extra={"DescribeContactFlow": _describe},
)
