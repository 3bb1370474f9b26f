"""Instance attribute operations on the wire (what Terraform's aws_connect_instance calls)."""

from __future__ import annotations

from connect_emulator.domain.attributes import AttributeService
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Params, Result, operation

# The model's maximum (and so the default) page size of ListInstanceAttributes.
_LIST_ATTRIBUTES_MAX = 7


class AttributeOperations:
    def __init__(self, attributes: AttributeService) -> None:
        self._attributes = attributes

    @operation("DescribeInstanceAttribute")
    def describe_instance_attribute(self, ctx: RequestContext, params: Params) -> Result:
        kind = params["AttributeType"]
        value = self._attributes.describe(ctx.caller, params["InstanceId"], kind)
        return {"Attribute": {"AttributeType": kind, "Value": value}}

    @operation("UpdateInstanceAttribute")
    def update_instance_attribute(self, ctx: RequestContext, params: Params) -> Result:
        self._attributes.update(
            ctx.caller, params["InstanceId"], params["AttributeType"], params["Value"]
        )
        return None

    @operation("ListInstanceAttributes")
    def list_instance_attributes(self, ctx: RequestContext, params: Params) -> Result:
        page = self._attributes.list(
            ctx.caller,
            params["InstanceId"],
            params.get("MaxResults") or _LIST_ATTRIBUTES_MAX,
            params.get("NextToken"),
        )
        result: dict[str, object] = {
            "Attributes": [{"AttributeType": k, "Value": v} for k, v in page.attributes]
        }
        if page.next_token is not None:
            result["NextToken"] = page.next_token
        return result
