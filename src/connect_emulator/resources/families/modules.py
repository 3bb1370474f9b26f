"""Flow modules: flow-language content, always published, created idempotently."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from connect_emulator.domain.errors import InvalidFlow
from connect_emulator.resources.families.flows import check_content
from connect_emulator.resources.family import Family, Update

if TYPE_CHECKING:
    from connect_emulator.domain.resource_records import ResourceRecord
    from connect_emulator.resources.scope import Scope


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    if previous is None:
        # CreateContactFlowModule has no Status: a module is published as it is created.
        body["Status"] = "PUBLISHED"
        body.setdefault("State", "ACTIVE")
    check_content(body, previous, publish=True, module=True)
    settings = body.get("Settings")
    if settings is not None and (previous is None or settings != previous.body.get("Settings")):
        try:
            json.loads(settings)
        except ValueError as error:
            raise InvalidFlow([f"Settings is not valid JSON: {error}"[:256]], module=True) from None


MODULES = Family(
    key="contact_flow_module",
    arn_segment="flow-module",
    noun="Flow module",
    create="CreateContactFlowModule",
    describe="DescribeContactFlowModule",
    list="ListContactFlowModules",
    delete="DeleteContactFlowModule",
    id_param="ContactFlowModuleId",
    wrapper="ContactFlowModule",
    id_member="Id",
    arn_member="Arn",
    created=("Id", "Arn"),
    list_member="ContactFlowModulesSummaryList",
    subtype="State",
    list_filter="ContactFlowModuleState",
    updates=(
        Update("UpdateContactFlowModuleContent", ("Content", "Settings")),
        Update("UpdateContactFlowModuleMetadata", ("Name", "Description", "State")),
    ),
    idempotent=True,
    # Neither ContactFlowModule nor its summary has LastModified members.
    last_modified=False,
    prepare=_prepare,
)
