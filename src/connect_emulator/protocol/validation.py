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

Values of members marked ``sensitive`` (and everything inside them) are never echoed; see
``violations`` for how one violation is worded.

The checks are compiled once per shape into closures (as the serializer compiles its
converters), so a request costs one pass over its values: no walking of botocore shapes, no
``metadata`` look-ups, and nothing at all for members without constraints.

Patterns are compiled with the ``regex`` module (Connect uses ``\\p{L}``) and applied with
search semantics, because Smithy patterns are not implicitly anchored. A few of the model's
patterns are written in a form no Java or Python engine reads as intended; see
``normalize_pattern``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import regex
from botocore.model import Shape

from connect_emulator.protocol.checks import Check, Compiler
from connect_emulator.protocol.errors import ApiError, invalid_request
from connect_emulator.protocol.violations import MAX_ECHO

__all__ = ["MAX_ECHO", "MAX_LISTED", "compiled_pattern", "normalize_pattern", "validate"]

MAX_LISTED = 10
# A pattern is matched against client input; a pathological one must not stall the server.
PATTERN_TIMEOUT_SECONDS = 0.25
PATTERN_INPUT_LIMIT = 256


def validate(shape: Shape, params: dict[str, Any]) -> None:
    """Raise ApiError("InvalidRequestException") listing every violated constraint."""
    check = _root_check(shape)
    if check is None:
        return
    found: list[str] = []
    check(params, "", "", found)
    if found:
        raise _error(found)


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


@functools.cache
def _root_check(shape: Shape) -> Check | None:
    # Keyed by the Shape object: an operation's input shape is cached on its OperationModel.
    return Compiler(_matcher, PATTERN_INPUT_LIMIT).check(shape, False)


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
