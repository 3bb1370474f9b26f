"""The resource engine's operations on the wire: every declared family's, by model name.

Handlers answer documents (the stored body with ids, tags and times); each answer is cut to
the operation's output shape here, so the model decides what a caller sees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from botocore.model import ListShape, ServiceModel, Shape

from connect_emulator.protocol.projection import project, project_output
from connect_emulator.protocol.serializer import wire_value
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Handler as WireHandler, Params, Result
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family, Handler
from connect_emulator.resources.operations import family_operations


def resource_table(engine: ResourceService, model: ServiceModel) -> dict[str, WireHandler]:
    table: dict[str, WireHandler] = {}
    for family in engine.families.values():
        for name, handler in family_operations(family).items():
            if name in table:
                raise RuntimeError(f"operation {name} is declared by two families")
            table[name] = _wire(engine, model, name, handler)
    return table


def summary_renderer(model: ServiceModel) -> Callable[[Family, dict[str, Any]], str]:
    """What the engine stores with each resource as its List summary (ResourceService's
    ``render_summary``): the summary cut to the List output's item shape and converted for
    the wire, as JSON, exactly as ``_wire`` and the serializer would answer it."""
    items: dict[str, Shape] = {}

    def render(family: Family, summary: dict[str, Any]) -> str:
        shape = items.get(family.key)
        if shape is None:
            listed = model.operation_model(family.list or "").output_shape
            assert listed is not None
            member = listed.members[family.list_member]
            assert isinstance(member, ListShape)
            shape = items[family.key] = member.member
        return orjson.dumps(wire_value(project(shape, summary), shape)).decode()

    return render


def _wire(engine: ResourceService, model: ServiceModel, name: str, handler: Handler) -> WireHandler:
    operation = model.operation_model(name)

    def handle(ctx: RequestContext, params: Params) -> Result:
        result = project_output(operation, handler(engine, ctx.caller, params))
        return result if isinstance(result, dict) else None

    return handle
