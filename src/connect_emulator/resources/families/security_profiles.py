"""Security profiles: a plain family whose permissions and applications are read through
List operations of their own (DescribeSecurityProfile shows neither; there is no rename)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import (
    Family,
    FamilyOperation,
    Params,
    Reference,
    Result,
    Update,
)
from connect_emulator.resources.scope import Scope

KEY = "security_profile"
HIERARCHY_GROUP = "user_hierarchy_group"

# The defaults' permission lists (docs/decisions.md): Admin holds every permission of the
# admin guide's list that the emulator's resources stand for, Agent what an agent needs.
_AREAS = (
    "RoutingPolicies",
    "TransferDestinations",
    "HoursOfOperation",
    "Queues",
    "TaskTemplates",
    "ContactFlows",
    "ContactFlowModules",
    "Prompts",
    "Users",
    "AgentGrouping",
    "SecurityProfiles",
    "AgentStates",
    "Rules",
)
_ADMIN = (
    "BasicAgentAccess",
    "OutboundCallAccess",
    "AccessMetrics",
    "ContactSearch.View",
    "ListenCallRecordings",
    "DownloadCallRecordings",
    "ManagerListenIn",
    "RedactedData.View",
    "Queues.EnableAndDisable",
    "Users.EditPermission",
    "PhoneNumbers.Claim",
    "PhoneNumbers.Edit",
    "PhoneNumbers.Release",
    "PhoneNumbers.View",
    *(f"{area}.{action}" for area in _AREAS for action in ("Create", "Edit", "View", "Delete")),
)
_DEFAULTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Admin", "Grants administrators permission to perform all actions.", _ADMIN),
    (
        "Agent",
        "Grants agents permission to access the CCP.",
        ("BasicAgentAccess", "OutboundCallAccess"),
    ),
    (
        "CallCenterManager",
        "Grants managers permission to perform actions related to user management, metrics, "
        "and routing.",
        (
            "BasicAgentAccess",
            "OutboundCallAccess",
            "AccessMetrics",
            "ContactSearch.View",
            "ListenCallRecordings",
            "ManagerListenIn",
            "Users.View",
            "Users.Edit",
            "Users.Create",
            "AgentGrouping.View",
            "AgentGrouping.Edit",
            "AgentStates.View",
            "RoutingPolicies.View",
            "RoutingPolicies.Edit",
            "RoutingPolicies.Create",
            "Queues.View",
            "Queues.Edit",
            "HoursOfOperation.View",
            "TransferDestinations.View",
        ),
    ),
    (
        "QualityAnalyst",
        "Grants analysts permission to perform actions related to metrics.",
        ("AccessMetrics", "ContactSearch.View", "ListenCallRecordings", "Queues.View"),
    ),
)


def _defaults(lookup: Callable[[str, str], str]) -> list[Params]:
    return [
        {"SecurityProfileName": name, "Description": text, "Permissions": list(permissions)}
        for name, text, permissions in _DEFAULTS
    ]


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    body["OrganizationResourceId"] = scope.instance_id
    # Every profile made through the API is the customer's, the defaults too (decisions.md).
    body.setdefault("Type", "CUSTOMER_MANAGED")
    if body.get("Permissions") is not None:
        body["Permissions"] = list(dict.fromkeys(body["Permissions"]))
    group = body.get("AllowedAccessControlHierarchyGroupId")
    if group is not None:
        body["AllowedAccessControlHierarchyGroupId"] = scope.get(
            scope.family(HIERARCHY_GROUP), group
        ).id


def _kept_list(operation: str, member: str) -> FamilyOperation:
    """A List operation over one list member of the body, paged by offset."""

    def handle(engine: ResourceService, caller: Caller, params: Params) -> Result:
        with engine.reading(caller, params["InstanceId"]) as scope:
            record = scope.get(SECURITY_PROFILE, params["SecurityProfileId"])
            items, token = scope.offset_page(
                operation,
                list(record.body.get(member) or []),
                params.get("MaxResults"),
                params.get("NextToken"),
            )
            return {
                member: items,
                "NextToken": token,
                "LastModifiedTime": record.modified_at,
                "LastModifiedRegion": caller.region,
            }

    return handle


SECURITY_PROFILE = Family(
    key=KEY,
    arn_segment="security-profile",
    noun="Security profile",
    create="CreateSecurityProfile",
    describe="DescribeSecurityProfile",
    list="ListSecurityProfiles",
    delete="DeleteSecurityProfile",
    id_param="SecurityProfileId",
    wrapper="SecurityProfile",
    id_member="Id",
    arn_member="Arn",
    created=("SecurityProfileId", "SecurityProfileArn"),
    list_member="SecurityProfileSummaryList",
    name_member="SecurityProfileName",
    summary_renames={"Name": "SecurityProfileName"},
    updates=(
        Update(
            "UpdateSecurityProfile",
            (
                "Description",
                "Permissions",
                "AllowedAccessControlTags",
                "TagRestrictedResources",
                "Applications",
                "HierarchyRestrictedResources",
                "AllowedAccessControlHierarchyGroupId",
                "AllowedFlowModules",
                "AllowedAIAgents",
                "GranularAccessControlConfiguration",
            ),
        ),
    ),
    # Checked to exist; the group can still be deleted (decisions.md).
    references=(Reference("AllowedAccessControlHierarchyGroupId", HIERARCHY_GROUP, blocks=False),),
    prepare=_prepare,
    defaults=_defaults,
    extra={
        "ListSecurityProfilePermissions": _kept_list(
            "ListSecurityProfilePermissions", "Permissions"
        ),
        "ListSecurityProfileApplications": _kept_list(
            "ListSecurityProfileApplications", "Applications"
        ),
    },
)
