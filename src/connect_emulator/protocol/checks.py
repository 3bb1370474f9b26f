"""Validation's checks, compiled once per shape into closures.

As the serializer compiles its converters, a request then costs one pass over its values:
no walking of botocore shapes, no isinstance dispatch, no ``metadata`` look-ups, and nothing
at all for members without constraints (booleans, timestamps, unconstrained strings). The
checks find exactly what a walk of the shapes would, in the same order: for each structure
its members in model order (then its union rule), for each value its bounds (min, then max),
then its pattern, then its enum.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from connect_emulator.protocol import shapes
from connect_emulator.protocol.violations import NOT_NULL, bounds, join, violation

# How validation matches a model pattern (its timeout and linear equivalents are its policy).
Matcher = Callable[[str], Callable[[str], bool]]

# A compiled check takes the value, its parent's path and its own name on the wire (joined
# only when a violation is reported), and appends one message per violated constraint. A
# shape with nothing to check compiles to None, and its members are not visited at all.
Check = Callable[[Any, str, str, list[str]], None]


class Compiler:
    """Compiles the checks for one input shape and every shape it reaches.

    botocore makes a new Shape object at every reference, so shapes are told apart by name
    and traits. The table is per input shape, not global, so that two models which give one
    name different definitions cannot share a check.
    """

    def __init__(self, matcher: Matcher, pattern_input_limit: int) -> None:
        self._matcher = matcher
        self._pattern_input_limit = pattern_input_limit
        self._done: dict[tuple[str, str, str, bool], Check | None] = {}

    def check(self, shape: Shape, inherited_hidden: bool) -> Check | None:
        hidden = inherited_hidden or shapes.is_sensitive(shape)
        key = (shape.name, shape.type_name, repr(shape.metadata), hidden)
        if key in self._done:
            return self._done[key]
        # A recursive shape meets itself while compiling: it gets a forwarder that calls the
        # finished check once it exists.
        finished: list[Check | None] = []

        def forward(value: Any, parent: str, name: str, found: list[str]) -> None:
            check = finished[0]
            if check is not None:
                check(value, parent, name, found)

        self._done[key] = forward
        compiled = self._compile(shape, hidden)
        finished.append(compiled)
        self._done[key] = compiled
        return compiled

    def _compile(self, shape: Shape, hidden: bool) -> Check | None:  # noqa: PLR0911
        if isinstance(shape, StructureShape):
            return None if shapes.is_document(shape) else self._structure(shape, hidden)
        if isinstance(shape, ListShape):
            return _container(shape, hidden, self.check(shape.member, hidden), None)
        if isinstance(shape, MapShape):
            key_check = self.check(shape.key, hidden)
            return _container(shape, hidden, self.check(shape.value, hidden), key_check)
        if shape.type_name == "string":
            return _string(shape, hidden, self._matcher, self._pattern_input_limit)
        if shape.type_name in ("integer", "long", "double", "float"):
            return _bounded(shape, hidden, "value", measure=None)
        if shape.type_name == "blob":
            return _bounded(shape, hidden, "length", measure=len)
        return None

    def _structure(self, shape: StructureShape, hidden: bool) -> Check | None:
        members = shapes.members_of(shape)
        required = set(shape.required_members)
        # Coral names members as they travel: the query key (``maxResults``), the label, the
        # header, or the JSON key for body members.
        entries = tuple(
            (member.name, member.wire, child, member.name in required)
            for member in members
            if (child := self.check(member.shape, hidden)) is not None or member.name in required
        )
        union = tuple(member.name for member in members) if shape.is_tagged_union else None
        if not entries and union is None:
            return None

        def check(value: Any, parent: str, name: str, found: list[str]) -> None:
            path = join(parent, name)
            get = value.get
            for member_name, wire, child, is_required in entries:
                item = get(member_name)
                if item is not None:
                    if child is not None:
                        child(item, path, wire, found)
                elif is_required:
                    found.append(violation(None, join(path, wire), hidden, NOT_NULL))
            if union is not None:
                chosen = sum(1 for member_name in union if get(member_name) is not None)
                if chosen != 1:
                    rule = f"Member must have exactly one member set, but {chosen} are set"
                    found.append(violation(value, path, hidden, rule))

        return check


def _limits(shape: Shape) -> tuple[tuple[Any, Any], Any, Any]:
    """The model's (min, max), and the same as bounds that always compare (+-infinity)."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    return (
        (low, high),
        -math.inf if low is None else low,
        math.inf if high is None else high,
    )


def _container(
    shape: ListShape | MapShape, hidden: bool, item_check: Check | None, key_check: Check | None
) -> Check:
    limits, least, most = _limits(shape)
    # List elements are ``Foo.1.member``; map entries ``Foo.key`` and ``Foo.value``.
    is_map = isinstance(shape, MapShape)

    def check(value: Any, parent: str, name: str, found: list[str]) -> None:
        path = join(parent, name)
        size = len(value)
        if size < least or size > most:
            bounds(found, size, limits, value, path=path, hidden=hidden, what="number of entries")
        if is_map:
            for key, item in value.items():
                if key_check is not None:
                    key_check(key, path, "key", found)
                _item(item, path, "value", found)
        else:
            for index, item in enumerate(value, 1):
                _item(item, path, f"{index}.member", found)

    def _item(item: Any, path: str, name: str, found: list[str]) -> None:
        if item is None:
            found.append(violation(None, f"{path}.{name}", hidden, NOT_NULL))
        elif item_check is not None:
            item_check(item, path, name, found)

    return check


def _string(shape: Shape, hidden: bool, matcher: Matcher, input_limit: int) -> Check | None:
    limits, least, most = _limits(shape)
    pattern = shape.metadata.get("pattern")
    matches = None if pattern is None else matcher(pattern)
    pattern_rule = f"Member must satisfy regular expression pattern: {pattern}"
    # Some of the model's patterns backtrack polynomially; a value already too long has
    # failed anyway, so a long one is not also run through the pattern.
    limit = max(shape.metadata.get("max", 0), input_limit)
    enum = shape.metadata.get("enum")
    allowed = frozenset(enum) if enum else None
    enum_rule = f"Member must satisfy enum value set: [{', '.join(enum or ())}]"
    if limits == (None, None) and matches is None and allowed is None:
        return None

    def check(value: str, parent: str, name: str, found: list[str]) -> None:
        size = len(value)
        if size < least or size > most:
            bounds(
                found, size, limits, value, path=join(parent, name), hidden=hidden, what="length"
            )
        if matches is not None and size <= limit and not matches(value):
            found.append(violation(value, join(parent, name), hidden, pattern_rule))
        if allowed is not None and value not in allowed:
            found.append(violation(value, join(parent, name), hidden, enum_rule))

    return check


def _bounded(
    shape: Shape, hidden: bool, what: str, measure: Callable[[Any], int] | None
) -> Check | None:
    limits, least, most = _limits(shape)
    if limits == (None, None):
        return None

    def check(value: Any, parent: str, name: str, found: list[str]) -> None:
        size = value if measure is None else measure(value)
        if size < least or size > most:
            bounds(found, size, limits, value, path=join(parent, name), hidden=hidden, what=what)

    return check
