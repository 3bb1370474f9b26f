"""Instance operations on the wire: Create, Describe, List and Delete."""

from __future__ import annotations

from typing import Any

from connect_emulator.domain.creation import CreateInstanceCommand
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.model import IdentityManagementType, Instance, InstanceStatus
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Params, Result, operation

# The model's default page size for ListInstances is its maximum.
_LIST_INSTANCES_MAX = 10


class InstanceOperations:
    def __init__(self, instances: InstanceService) -> None:
        self._instances = instances

    @operation("CreateInstance")
    def create_instance(self, ctx: RequestContext, params: Params) -> Result:
        command = CreateInstanceCommand(
            identity_management_type=IdentityManagementType(params["IdentityManagementType"]),
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
        return {"Instance": instance_body(instance)}

    @operation("ListInstances")
    def list_instances(self, ctx: RequestContext, params: Params) -> Result:
        page = self._instances.list(
            ctx.caller, params.get("MaxResults") or _LIST_INSTANCES_MAX, params.get("NextToken")
        )
        result: dict[str, Any] = {"InstanceSummaryList": [summary(i) for i in page.instances]}
        if page.next_token is not None:
            result["NextToken"] = page.next_token
        return result

    @operation("DeleteInstance")
    def delete_instance(self, ctx: RequestContext, params: Params) -> Result:
        self._instances.delete(ctx.caller, params["InstanceId"], params.get("ClientToken"))
        return None


def summary(instance: Instance) -> dict[str, Any]:
    """The model's InstanceSummary: an Instance without StatusReason and Tags."""
    return {
        "Id": instance.id,
        "Arn": instance.arn,
        "IdentityManagementType": instance.identity_management_type.value,
        "InstanceAlias": instance.alias,
        "CreatedTime": instance.created_at,
        "ServiceRole": instance.service_role,
        "InstanceStatus": instance.status.value,
        "InboundCallsEnabled": instance.inbound_calls,
        "OutboundCallsEnabled": instance.outbound_calls,
        "InstanceAccessUrl": instance.access_url,
    }


def instance_body(instance: Instance) -> dict[str, Any]:
    """The model's Instance shape."""
    body = summary(instance)
    body["Tags"] = dict(instance.tags)
    if instance.status is InstanceStatus.CREATION_FAILED and instance.status_reason:
        body["StatusReason"] = {"Message": instance.status_reason}
    return body
