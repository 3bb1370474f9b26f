"""A value cut down to what an output shape declares, so a document can be answered as is.

Resources inside instances are stored as documents: what the create request carried, plus
what the emulator adds. The model decides which of those members each answer shows (Describe,
a List summary, an association list): ``project`` keeps the members the shape has, at every
depth, and drops the rest (a user's Password, a security profile's Permissions in Describe).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

_Keep = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _keeper(shape: Shape) -> _Keep:
    if isinstance(shape, StructureShape):
        # Member keepers are looked up when used, not made here: a shape may contain itself.
        members = dict(shape.members)

        def keep_structure(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return {
                name: _keeper(members[name])(item)
                for name, item in value.items()
                if name in members and item is not None
            }

        return keep_structure
    if isinstance(shape, ListShape):
        item = shape.member
        return lambda value: (
            [_keeper(item)(entry) for entry in value] if isinstance(value, list) else value
        )
    if isinstance(shape, MapShape):
        entry = shape.value
        return lambda value: (
            {key: _keeper(entry)(v) for key, v in value.items()}
            if isinstance(value, dict)
            else value
        )
    return _identity


def project_output(operation: OperationModel, result: dict[str, Any] | None) -> Any:
    """``result`` with only the members the operation's output shape declares."""
    shape = operation.output_shape
    if result is None or shape is None:
        return None if shape is None else result
    return _keeper(shape)(result)
