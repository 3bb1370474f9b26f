"""Instance operations on the wire: Create, Describe, List and Delete."""

from __future__ import annotations

from typing import Any

from connect_emulator.domain.creation import CreateInstanceCommand
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.model import (
    IdentityManagementType,
    InstanceStatus,
    access_url,
    instance_arn,
)
from connect_emulator.domain.views import InstanceDetails, InstanceSummary
from connect_emulator.protocol.serializer import JSON_NULL
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Params, Result, operation

# Validation has already refused any other value; a dict finds the member without the Python
# code of Enum's constructor, on every CreateInstance.
_IDENTITY_TYPES = {member.value: member for member in IdentityManagementType}

# A view's status is the member itself (domain/views.py), so an identity test finds it; the
# member is looked up once here, as an enum class's attribute costs a Python-level lookup.
_FAILED = InstanceStatus.CREATION_FAILED

# The model's default page size for ListInstances is its maximum.
_LIST_INSTANCES_MAX = 10


class InstanceOperations:
    def __init__(self, instances: InstanceService) -> None:
        self._instances = instances

    @operation("CreateInstance")
    def create_instance(self, ctx: RequestContext, params: Params) -> Result:
        command = CreateInstanceCommand(
            identity_management_type=_IDENTITY_TYPES[params["IdentityManagementType"]],
            inbound_calls=params["InboundCallsEnabled"],
            outbound_calls=params["OutboundCallsEnabled"],
            alias=params.get("InstanceAlias"),
            directory_id=params.get("DirectoryId"),
            tags=params.get("Tags") or {},
            client_token=params.get("ClientToken"),
        )
        created = self._instances.create(ctx.caller, command)
        return {"Id": created.id, "Arn": created.arn}

    @operation("DescribeInstance")
    def describe_instance(self, ctx: RequestContext, params: Params) -> Result:
        instance = self._instances.describe(ctx.caller, params["InstanceId"])
        return {"Instance": instance_body(instance, arn_prefix(ctx))}

    @operation("ListInstances")
    def list_instances(self, ctx: RequestContext, params: Params) -> Result:
        page = self._instances.list(
            ctx.caller, params.get("MaxResults") or _LIST_INSTANCES_MAX, params.get("NextToken")
        )
        prefix = arn_prefix(ctx)
        result: dict[str, Any] = {
            "InstanceSummaryList": [summary(item, prefix) for item in page.instances]
        }
        if page.next_token is not None:
            result["NextToken"] = page.next_token
        return result

    @operation("DeleteInstance")
    def delete_instance(self, ctx: RequestContext, params: Params) -> Result:
        self._instances.delete(ctx.caller, params["InstanceId"], params.get("ClientToken"))
        return None


def arn_prefix(ctx: RequestContext) -> str:
    """Every instance ARN of the caller's account and Region, less the id that ends it."""
    return instance_arn(ctx.region, ctx.account, "")


# A failed instance as AWS shows it (a DescribeInstance body captured in
# hashicorp/terraform-provider-aws#31684): id, ARN, status and reason, every other member an
# explicit null. The console lists such an instance with an unknown alias, creation date and
# telephony, so its summary says the same. Clients read the nulls as absent members;
# Terraform's provider once crashed on the null CreatedTime, and users should meet such
# crashes here rather than in production.
_FAILED_UNKNOWN: dict[str, Any] = dict.fromkeys(
    ("IdentityManagementType", "InstanceAlias", "InstanceAccessUrl", "CreatedTime", "ServiceRole"),
    JSON_NULL,
)
_FAILED_CALL_FLAGS: dict[str, Any] = dict.fromkeys(
    ("InboundCallsEnabled", "OutboundCallsEnabled"), JSON_NULL
)


def summary(item: InstanceSummary, arn_prefix: str) -> dict[str, Any]:
    """The model's InstanceSummary."""
    if item.status is _FAILED:
        return {
            "Id": item.id,
            "Arn": arn_prefix + item.id,
            **_FAILED_UNKNOWN,
            "InstanceStatus": item.status,
            **_FAILED_CALL_FLAGS,
        }
    return {
        "Id": item.id,
        "Arn": arn_prefix + item.id,
        "IdentityManagementType": item.identity_management_type,
        "InstanceAlias": item.alias,
        "CreatedTime": item.created_at,
        "ServiceRole": item.service_role,
        "InstanceStatus": item.status,
        "InboundCallsEnabled": item.inbound_calls,
        "OutboundCallsEnabled": item.outbound_calls,
        "InstanceAccessUrl": access_url(item.alias),
    }


def instance_body(instance: InstanceDetails, arn_prefix: str) -> dict[str, Any]:
    """The model's Instance shape: the summary's members, then Tags and any StatusReason."""
    if instance.status is _FAILED:
        reason = instance.status_reason
        return {
            "Id": instance.id,
            "Arn": arn_prefix + instance.id,
            **_FAILED_UNKNOWN,
            "InstanceStatus": instance.status,
            "StatusReason": {"Message": reason} if reason else None,
            **_FAILED_CALL_FLAGS,
            # The tag set ListTagsForResource shows, not AWS's odd one (docs/decisions.md).
            "Tags": instance.tags,
        }
    return {
        "Id": instance.id,
        "Arn": arn_prefix + instance.id,
        "IdentityManagementType": instance.identity_management_type,
        "InstanceAlias": instance.alias,
        "CreatedTime": instance.created_at,
        "ServiceRole": instance.service_role,
        "InstanceStatus": instance.status,
        "InboundCallsEnabled": instance.inbound_calls,
        "OutboundCallsEnabled": instance.outbound_calls,
        "InstanceAccessUrl": access_url(instance.alias),
        # A fresh dict, decoded from the row for this call alone: no copy needed.
        "Tags": instance.tags,
    }
