"""Tag operations on the wire: TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

from connect_emulator.domain.tagging import TagService
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Params, Result, operation


class TagOperations:
    def __init__(self, tags: TagService) -> None:
        self._tags = tags

    @operation("TagResource")
    def tag_resource(self, ctx: RequestContext, params: Params) -> Result:
        self._tags.tag(ctx.caller, params["resourceArn"], params["tags"])
        return None

    @operation("UntagResource")
    def untag_resource(self, ctx: RequestContext, params: Params) -> Result:
        self._tags.untag(ctx.caller, params["resourceArn"], params["tagKeys"])
        return None

    @operation("ListTagsForResource")
    def list_tags_for_resource(self, ctx: RequestContext, params: Params) -> Result:
        return {"tags": self._tags.tags_of(ctx.caller, params["resourceArn"])}
