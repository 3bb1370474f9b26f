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

_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")


class _MismatchError(Exception):
    """The value does not fit; ``expected`` says what would have."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def type_error(path: str, expected: str, got: str) -> ApiError:
    return invalid_request(f"Invalid type for '{path}': expected {expected}, got {got}")


def from_text(text: str, kind: str, path: str) -> Any:
    """A path label, query value or header value, read as a ``kind`` shape."""
    reader = _TEXT_READERS.get(kind)
    if reader is None:
        raise invalid_request(f"Member '{path}' of type {kind} cannot travel outside the body")
    try:
        return reader(text, kind)
    except _MismatchError as exc:
        raise type_error(path, exc.expected, repr(text[:60])) from None


def from_json(value: Any, kind: str, path: str) -> Any:
    """A JSON scalar, read as a ``kind`` shape."""
    reader = _JSON_READERS.get(kind)
    if reader is None:
        raise invalid_request(f"Member '{path}' has unsupported type {kind}")
    try:
        return reader(value, kind)
    except _MismatchError as exc:
        got = json_type(value)
        if got in ("integer", "number"):
            got += f" {str(value)[:40]}"
        raise type_error(path, exc.expected, got) from None


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
