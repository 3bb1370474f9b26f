"""The resource engine's operations on the wire: every declared family's, by model name.

Handlers answer documents (the stored body with ids, tags and times); each answer is cut to
the operation's output shape here, so the model decides what a caller sees.
"""

from __future__ import annotations

from typing import Any

import orjson
from botocore.model import ListShape, ServiceModel, Shape

from connect_emulator.protocol.projection import project, project_output
from connect_emulator.protocol.serializer import wire_value
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Handler, Params, Result
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family, FamilyOperation
from connect_emulator.resources.operations import family_operations


def resource_table(engine: ResourceService, model: ServiceModel) -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for family in engine.families.values():
        for name, handler in family_operations(family).items():
            if name in table:
                raise RuntimeError(f"operation {name} is declared by two families")
            table[name] = _wire(engine, model, name, handler)
    return table


class WireRenderer:
    """What the engine stores with each resource (ResourceService's ``render``): its List
    summary and its Describe answer's resource, cut to the model's shapes and converted for
    the wire, as JSON: exactly what ``_wire`` and the serializer would answer."""

    def __init__(self, model: ServiceModel) -> None:
        self._model = model
        self._shapes: dict[tuple[str, str], Shape] = {}

    def summary(self, family: Family, summary: dict[str, Any]) -> str:
        return self._json(family.list or "", family.list_member, summary, item=True)

    def described(self, family: Family, view: dict[str, Any]) -> str:
        return self._json(family.describe, family.wrapper, view, item=False)

    def _json(self, operation: str, member: str, value: dict[str, Any], *, item: bool) -> str:
        shape = self._shapes.get((operation, member))
        if shape is None:
            output = self._model.operation_model(operation).output_shape
            assert output is not None
            shape = output.members[member]
            if item:
                assert isinstance(shape, ListShape)
                shape = shape.member
            self._shapes[operation, member] = shape
        return orjson.dumps(wire_value(project(shape, value), shape)).decode()


def _wire(
    engine: ResourceService, model: ServiceModel, name: str, handler: FamilyOperation
) -> Handler:
    operation = model.operation_model(name)

    def handle(ctx: RequestContext, params: Params) -> Result:
        result = project_output(operation, handler(engine, ctx.caller, params))
        return result if isinstance(result, dict) else None

    return handle
