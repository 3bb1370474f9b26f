"""Check parsed params against every constraint the model declares, the way AWS's Coral does.

All violations are collected, then reported in one ``InvalidRequestException``:

    1 validation error detected: Value 'abc' at 'InstanceAlias' failed to satisfy constraint:
    Member must have length less than or equal to 45

Several are joined with "; " after "N validation errors detected: ". At most
``MAX_LISTED`` are spelled out; the rest are counted ("; and 3 more").

Member path convention (the same one the parser uses in its type errors):

* a member is named as on the wire: ``maxResults`` for a query member whose wire name is
  lower-case, ``InstanceId`` for a label, the JSON key for body members;
* nested members are joined with ".": ``StorageConfig.S3Config.BucketName``;
* the i-th list element (1-based, as Coral counts) is ``Foo.i.member``;
* a map's keys are ``Tags.key`` and its values ``Tags.value``; the echoed value tells which
  entry it was, and members inside a map value continue from there: ``Foo.value.Bar``.

Values of members marked ``sensitive`` (and everything inside them) are never echoed:
``Value at 'InstanceAlias' failed to satisfy constraint: ...``. Other values are shown
Java-style (``[a, b]``, ``{k=v}``), cut to ``MAX_ECHO`` characters.

Patterns are compiled with the ``regex`` module (Connect uses ``\\p{L}``) and applied with
search semantics, because Smithy patterns are not implicitly anchored. A few of the model's
patterns are written in a form no Java or Python engine reads as intended; see
``normalize_pattern``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

import regex
from botocore.model import ListShape, MapShape, Shape, StructureShape

from connect_emulator.protocol import shapes
from connect_emulator.protocol.errors import ApiError, invalid_request

MAX_LISTED = 10
MAX_ECHO = 100
# A pattern is matched against client input; a pathological one must not stall the server.
PATTERN_TIMEOUT_SECONDS = 0.25
PATTERN_INPUT_LIMIT = 256


def validate(shape: Shape, params: dict[str, Any]) -> None:
    """Raise ApiError("InvalidRequestException") listing every violated constraint."""
    checker = _Checker()
    checker.check(shape, params, "", False)
    if checker.found:
        raise _error(checker.found)


def normalize_pattern(pattern: str) -> str:
    """Undo two defects in how some of the model's patterns are written.

    * ``/^...$/``: a JavaScript regex literal (``Password``); the slashes are delimiters.
    * ``\\\\d``, ``\\\\+``, ``\\\\p{L}``, ...: escaped twice (``PhoneNumber``, ``Page``,
      ``S3Uri``, ...). Read literally they demand backslashes in the value, so no real phone
      number could pass; AWS obviously accepts them. No Connect pattern means a literal
      backslash, so a doubled backslash is read as a single one.
    """
    if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
        pattern = pattern[1:-1]
    return pattern.replace("\\\\", "\\")


@functools.cache
def compiled_pattern(pattern: str) -> Any:
    return regex.compile(normalize_pattern(pattern))


def _error(found: list[str]) -> ApiError:
    count = len(found)
    noun = "error" if count == 1 else "errors"
    listed = "; ".join(found[:MAX_LISTED])
    if count > MAX_LISTED:
        listed += f"; and {count - MAX_LISTED} more"
    return invalid_request(f"{count} validation {noun} detected: {listed}")


def _violation(value: Any, path: str, hidden: bool, rule: str) -> str:
    if value is None:
        shown = "Value null"
    elif hidden:
        shown = "Value"
    else:
        text = _render(value)
        if len(text) > MAX_ECHO:
            text = text[:MAX_ECHO] + "..."
        shown = f"Value '{text}'"
    return f"{shown} at '{path}' failed to satisfy constraint: {rule}"


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_render(k)}={_render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Checker:
    """Walks params beside their shape and collects one message per violated constraint."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def fail(self, value: Any, path: str, hidden: bool, rule: str) -> None:
        self.found.append(_violation(value, path, hidden, rule))

    def check(self, shape: Shape, value: Any, path: str, hidden: bool) -> None:
        hidden = hidden or shapes.is_sensitive(shape)
        if isinstance(shape, StructureShape):
            if not shapes.is_document(shape):
                self.structure(shape, value, path, hidden)
        elif isinstance(shape, ListShape):
            self.bounds(shape, len(value), value, path, hidden, what="number of entries")
            for index, item in enumerate(value, 1):
                self.item(shape.member, item, f"{path}.{index}.member", hidden)
        elif isinstance(shape, MapShape):
            self.bounds(shape, len(value), value, path, hidden, what="number of entries")
            for key, item in value.items():
                self.check(shape.key, key, f"{path}.key", hidden)
                self.item(shape.value, item, f"{path}.value", hidden)
        elif shape.type_name == "string":
            self.string(shape, value, path, hidden)
        elif shape.type_name in ("integer", "long", "double", "float"):
            self.bounds(shape, value, value, path, hidden, what="value")
        elif shape.type_name == "blob":
            self.bounds(shape, len(value), value, path, hidden, what="length")

    def item(self, shape: Shape, value: Any, path: str, hidden: bool) -> None:
        if value is None:
            self.fail(None, path, hidden, "Member must not be null")
        else:
            self.check(shape, value, path, hidden)

    def structure(
        self, shape: StructureShape, value: Mapping[str, Any], path: str, hidden: bool
    ) -> None:
        members = shapes.members_of(shape)
        required = shape.required_members
        for member in members:
            # Coral names members as they travel: the query key (``maxResults``), the label,
            # the header, or the JSON key for body members.
            member_path = _join(path, member.wire)
            item = value.get(member.name)
            if item is not None:
                self.check(member.shape, item, member_path, hidden)
            elif member.name in required:
                self.fail(None, member_path, hidden, "Member must not be null")
        if shape.is_tagged_union:
            chosen = sum(1 for member in members if value.get(member.name) is not None)
            if chosen != 1:
                rule = f"Member must have exactly one member set, but {chosen} are set"
                self.fail(value, path, hidden, rule)

    def string(self, shape: Shape, value: str, path: str, hidden: bool) -> None:
        self.bounds(shape, len(value), value, path, hidden, what="length")
        pattern = shape.metadata.get("pattern")
        # Some of the model's patterns backtrack polynomially; a value already too long has
        # failed anyway, so a long one is not also run through the pattern.
        limit = max(shape.metadata.get("max", 0), PATTERN_INPUT_LIMIT)
        if pattern is not None and len(value) <= limit and not _matches(pattern, value):
            self.fail(
                value, path, hidden, f"Member must satisfy regular expression pattern: {pattern}"
            )
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            self.fail(
                value, path, hidden, f"Member must satisfy enum value set: [{', '.join(enum)}]"
            )

    def bounds(
        self, shape: Shape, measure: float, value: Any, path: str, hidden: bool, *, what: str
    ) -> None:
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and measure < low:
            self.fail(
                value, path, hidden, f"Member must have {what} greater than or equal to {low}"
            )
        if high is not None and measure > high:
            self.fail(value, path, hidden, f"Member must have {what} less than or equal to {high}")


# Model patterns that backtrack on input that fails them, each with an equivalent that does
# not (the same strings match; tests/unit/protocol/test_linear_patterns.py checks it), matched
# by the standard library without a timeout. DirectoryAlias (InstanceAlias) is in every
# CreateInstance: ~10 us a create with the model's form and the timeout.
LINEAR_EQUIVALENTS = {
    # A letter or digit, then letters, digits and hyphens ending in a letter or digit.
    r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$": r"^(?!d-)[\da-zA-Z](?:[\da-zA-Z-]*[\da-zA-Z])?$",
}


@functools.cache
def _matcher(pattern: str) -> Callable[[str], bool]:
    linear = LINEAR_EQUIVALENTS.get(pattern)
    if linear is not None:
        search = re.compile(linear).search
        return lambda value: search(value) is not None
    compiled = compiled_pattern(pattern)

    def matches(value: str) -> bool:
        try:
            return compiled.search(value, timeout=PATTERN_TIMEOUT_SECONDS) is not None
        except TimeoutError:
            return False

    return matches


def _matches(pattern: str, value: str) -> bool:
    return _matcher(pattern)(value)
