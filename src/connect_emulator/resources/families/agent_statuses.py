"""Agent statuses: Available and Offline in every instance, custom ones created; never
deleted (AWS has no delete: a status is renamed or disabled)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from connect_emulator.resources.family import Family, Params, Update

if TYPE_CHECKING:
    from connect_emulator.domain.resource_records import ResourceRecord
    from connect_emulator.resources.scope import Scope


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    if previous is None:
        # Type is not an input: what callers create is CUSTOM; the defaults bring their own.
        body.setdefault("Type", "CUSTOM")
    # ResetOrderNumber is an instruction, not a member of the status: it drops the display
    # order, unless the same request gives a new one.
    reset = body.pop("ResetOrderNumber", False)
    if (
        reset
        and previous is not None
        and body.get("DisplayOrder") == previous.body.get("DisplayOrder")
    ):
        body.pop("DisplayOrder", None)
    # UpdateAgentStatus allows an empty Description (0..250) to remove it; AgentStatus has 1..250.
    if body.get("Description") == "":
        del body["Description"]


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    return [
        {"Name": "Available", "Type": "ROUTABLE", "State": "ENABLED", "DisplayOrder": 1},
        {"Name": "Offline", "Type": "OFFLINE", "State": "ENABLED", "DisplayOrder": 2},
    ]


AGENT_STATUSES = Family(
    key="agent_status",
    arn_segment="agent-state",
    noun="Agent status",
    create="CreateAgentStatus",
    describe="DescribeAgentStatus",
    list="ListAgentStatuses",
    delete=None,
    id_param="AgentStatusId",
    wrapper="AgentStatus",
    id_member="AgentStatusId",
    arn_member="AgentStatusARN",
    created=("AgentStatusId", "AgentStatusARN"),
    list_member="AgentStatusSummaryList",
    subtype="Type",
    list_filter="AgentStatusTypes",
    updates=(
        Update(
            "UpdateAgentStatus",
            ("Name", "Description", "State", "DisplayOrder", "ResetOrderNumber"),
        ),
    ),
    prepare=_prepare,
    defaults=_defaults,
)
