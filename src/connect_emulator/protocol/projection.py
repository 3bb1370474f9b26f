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
        return _structure_keeper(shape)
    if isinstance(shape, ListShape):
        return _list_keeper(shape)
    if isinstance(shape, MapShape):
        entry = shape.value
        return lambda value: (
            {key: _keeper(entry)(v) for key, v in value.items()}
            if isinstance(value, dict)
            else value
        )
    return _identity


def _list_keeper(shape: ListShape) -> _Keep:
    item = shape.member

    def keep_list(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        keep = _keeper(item)
        return value if keep is _identity else [keep(entry) for entry in value]

    return keep_list


def _structure_keeper(shape: StructureShape) -> _Keep:
    members = dict(shape.members)
    # Members that hold no structure are kept as they are; the others are cut in turn, by a
    # keeper found when first used (not here: a shape may contain itself). A List answer runs
    # this for every summary, so the common case is one comprehension.
    plain = frozenset(
        name
        for name, member in members.items()
        if not isinstance(member, (StructureShape, ListShape, MapShape))
    )

    def keep_member(name: str, item: Any) -> Any:
        return _keeper(members[name])(item)

    def keep_structure(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            name: item if name in plain else keep_member(name, item)
            for name, item in value.items()
            if item is not None and name in members
        }

    return keep_structure


def project(shape: Shape, value: Any) -> Any:
    """``value`` with only the members ``shape`` declares, at every depth."""
    return _keeper(shape)(value)


def project_output(operation: OperationModel, result: dict[str, Any] | None) -> Any:
    """``result`` with only the members the operation's output shape declares."""
    shape = operation.output_shape
    if result is None or shape is None:
        return None if shape is None else result
    return _keeper(shape)(result)
