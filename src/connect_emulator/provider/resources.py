"""The resource engine's operations on the wire: every declared family's, by model name.

Handlers answer documents (the stored body with ids, tags and times); each answer is cut to
the operation's output shape here, so the model decides what a caller sees.
"""

from __future__ import annotations

from botocore.model import ServiceModel

from connect_emulator.protocol.projection import project_output
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.registry import Handler as WireHandler, Params, Result
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Handler
from connect_emulator.resources.operations import family_operations


def resource_table(engine: ResourceService, model: ServiceModel) -> dict[str, WireHandler]:
    table: dict[str, WireHandler] = {}
    for family in engine.families.values():
        for name, handler in family_operations(family).items():
            if name in table:
                raise RuntimeError(f"operation {name} is declared by two families")
            table[name] = _wire(engine, model, name, handler)
    return table


def _wire(engine: ResourceService, model: ServiceModel, name: str, handler: Handler) -> WireHandler:
    operation = model.operation_model(name)

    def handle(ctx: RequestContext, params: Params) -> Result:
        result = project_output(operation, handler(engine, ctx.caller, params))
        return result if isinstance(result, dict) else None

    return handle
