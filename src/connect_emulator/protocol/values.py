"""Convert one scalar from the wire (text from a path, query or header, or a JSON value) to
the Python value botocore callers use for its shape type.

A value that does not fit raises ``InvalidRequestException`` naming the member path and the
type expected, for example ``Invalid type for 'InboundCallsEnabled': expected boolean, got
string``.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable
from typing import Any

from connect_emulator.protocol import shapes
from connect_emulator.protocol.errors import ApiError, invalid_request
from connect_emulator.protocol.violations import join

_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")


class _MismatchError(Exception):
    """The value does not fit; ``expected`` says what would have."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def type_error(path: str, expected: str, got: str) -> ApiError:
    return invalid_request(f"Invalid type for '{path}': expected {expected}, got {got}")


# A reader is looked up once per member, when its shape is compiled, not once per value.
TextReader = Callable[[str, str], Any]  # (text, member path) -> value
# (value, parent path, own name) -> value; the two are joined only to name a bad value.
JsonReader = Callable[[Any, str, str], Any]


def text_reader(kind: str) -> TextReader:
    """Reads a path label, query value or header value as a ``kind`` shape."""
    reader = _TEXT_READERS.get(kind)
    if reader is None:

        def outside(text: str, path: str) -> Any:
            raise invalid_request(f"Member '{path}' of type {kind} cannot travel outside the body")

        return outside
    if reader is _text_string:
        return _text_as_is

    def read(text: str, path: str) -> Any:
        try:
            return reader(text, kind)
        except _MismatchError as exc:
            raise type_error(path, exc.expected, repr(text[:60])) from None

    return read


def json_reader(kind: str) -> JsonReader:
    """Reads a JSON scalar as a ``kind`` shape."""
    reader = _JSON_READERS.get(kind)
    if reader is None:

        def unsupported(value: Any, parent: str, name: str) -> Any:
            raise invalid_request(f"Member '{join(parent, name)}' has unsupported type {kind}")

        return unsupported
    # Strings and booleans are most of every body: checked inline, without the generic call.
    if reader is _json_string:
        return _json_as_string
    if reader is _json_boolean:
        return _json_as_boolean

    def read(value: Any, parent: str, name: str) -> Any:
        try:
            return reader(value, kind)
        except _MismatchError as exc:
            raise _json_mismatch(value, exc.expected, join(parent, name)) from None

    return read


def _text_as_is(text: str, path: str) -> str:
    return text


def _json_as_string(value: Any, parent: str, name: str) -> str:
    if isinstance(value, str):
        return value
    raise _json_mismatch(value, "string", join(parent, name))


def _json_as_boolean(value: Any, parent: str, name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _json_mismatch(value, "boolean", join(parent, name))


def _json_mismatch(value: Any, expected: str, path: str) -> ApiError:
    got = json_type(value)
    if got in ("integer", "number"):
        got += f" {str(value)[:40]}"
    return type_error(path, expected, got)


def json_type(value: Any) -> str:
    """The JSON name of a decoded JSON value's type, for error messages."""
    # bool before int: True is an int in Python but a boolean in JSON.
    for python_type, name in _JSON_TYPE_NAMES:
        if isinstance(value, python_type):
            return name
    return "null"


_JSON_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _in_range(number: int, kind: str) -> int:
    low, high = shapes.INTEGER_RANGES[kind]
    if not low <= number <= high:
        raise _MismatchError(f"{kind} between {low} and {high}")
    return number


def _base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _MismatchError("base64-encoded blob") from None


def _timestamp_text(text: str) -> Any:
    try:
        return shapes.parse_timestamp_text(text)
    except ValueError:
        raise _MismatchError("timestamp") from None


# --- text readers (path labels, query values, headers) -----------------------------------


def _text_string(text: str, kind: str) -> str:
    return text


def _text_integer(text: str, kind: str) -> int:
    if not _INTEGER_TEXT.fullmatch(text):
        raise _MismatchError(kind)
    return _in_range(int(text), kind)


def _text_boolean(text: str, kind: str) -> bool:
    if text not in ("true", "false"):
        raise _MismatchError("boolean ('true' or 'false')")
    return text == "true"


def _text_float(text: str, kind: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise _MismatchError(kind) from None
    if not math.isfinite(number):
        raise _MismatchError(f"finite {kind}")
    return number


def _text_timestamp(text: str, kind: str) -> Any:
    return _timestamp_text(text)


def _text_blob(text: str, kind: str) -> bytes:
    return _base64(text)


_TEXT_READERS: dict[str, Callable[[str, str], Any]] = {
    "string": _text_string,
    "integer": _text_integer,
    "long": _text_integer,
    "boolean": _text_boolean,
    "double": _text_float,
    "float": _text_float,
    "timestamp": _text_timestamp,
    "blob": _text_blob,
}


# --- JSON readers -------------------------------------------------------------------------


def _json_string(value: Any, kind: str) -> str:
    if not isinstance(value, str):
        raise _MismatchError("string")
    return value


def _json_boolean(value: Any, kind: str) -> bool:
    if not isinstance(value, bool):
        raise _MismatchError("boolean")
    return value


def _json_integer(value: Any, kind: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _MismatchError(kind)
    return _in_range(value, kind)


def _json_float(value: Any, kind: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _MismatchError(kind)
    try:
        return float(value)
    except OverflowError:
        raise _MismatchError(f"{kind} within range") from None


def _json_timestamp(value: Any, kind: str) -> Any:
    # The services send epoch seconds; botocore also accepts ISO-8601 strings, so do we.
    if isinstance(value, str):
        return _timestamp_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _MismatchError("timestamp (epoch seconds)")
    try:
        return shapes.timestamp_from_epoch(value)
    except (ValueError, OverflowError):
        raise _MismatchError("timestamp within range") from None


def _json_blob(value: Any, kind: str) -> bytes:
    if not isinstance(value, str):
        raise _MismatchError("base64-encoded string")
    return _base64(value)


_JSON_READERS: dict[str, Callable[[Any, str], Any]] = {
    "string": _json_string,
    "integer": _json_integer,
    "long": _json_integer,
    "boolean": _json_boolean,
    "double": _json_float,
    "float": _json_float,
    "timestamp": _json_timestamp,
    "blob": _json_blob,
}
