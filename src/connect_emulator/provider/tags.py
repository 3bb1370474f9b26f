"""Tag operations on the wire: TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connect_emulator.domain.tagging import TagService
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import operation

if TYPE_CHECKING:  # typing only: importing the generated module costs about 90 ms
    from connect_emulator.api.connect import (
        ListTagsForResourceRequest,
        ListTagsForResourceResponse,
        TagResourceRequest,
        TagResourceResponse,
        UntagResourceRequest,
        UntagResourceResponse,
    )


class TagOperations:
    def __init__(self, tags: TagService) -> None:
        self._tags = tags

    @operation("TagResource")
    def tag_resource(self, ctx: RequestContext, params: TagResourceRequest) -> TagResourceResponse:
        self._tags.tag(ctx.caller, params["resourceArn"], params["tags"])

    @operation("UntagResource")
    def untag_resource(
        self, ctx: RequestContext, params: UntagResourceRequest
    ) -> UntagResourceResponse:
        self._tags.untag(ctx.caller, params["resourceArn"], params["tagKeys"])

    @operation("ListTagsForResource")
    def list_tags_for_resource(
        self, ctx: RequestContext, params: ListTagsForResourceRequest
    ) -> ListTagsForResourceResponse:
        return {"tags": self._tags.tags_of(ctx.caller, params["resourceArn"])}
