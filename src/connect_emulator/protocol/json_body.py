"""Read a rest-json request body: decode the JSON, then convert it by the input shape.

Decoding refuses what AWS refuses (not UTF-8, not JSON, NaN/Infinity, nesting deeper than
``MAX_DEPTH``, anything but an object) with a ``SerializationException``. Conversion is
compiled once per shape into closures (as the serializer compiles its converters), so a body
costs one pass over its values with no walking of botocore shapes; it names a value of the
wrong type, or a null list element, in an ``InvalidRequestException`` that gives the member
path (validation's convention: ``Tags.key``, ``Foo.1.member``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from connect_emulator.protocol import shapes, values
from connect_emulator.protocol.errors import invalid_request, serialization_error
from connect_emulator.protocol.values import JsonReader
from connect_emulator.protocol.violations import join

MAX_DEPTH = 64


class _NonStandardJsonError(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonStandardJsonError(f"Request body uses the non-standard JSON constant {name}")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NonStandardJsonError(f"Number {text[:40]} in the request body is out of range")
    return number


# Made once: json.loads with hooks builds a new decoder for every body.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)
_SCAN = _DECODER.scan_once  # type: ignore[attr-defined]  # set in JSONDecoder.__init__


def load_body(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    document = _decode(body)
    if not isinstance(document, dict):
        raise serialization_error(
            f"Request body must be a JSON object, not {values.json_type(document)}"
        )
    # Counting brackets is cheap; only a body that could be too deep is measured exactly.
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and _depth(document) > MAX_DEPTH:
        raise serialization_error(f"Request body nests deeper than {MAX_DEPTH} levels")
    return document


def _decode(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise serialization_error(
            f"Request body is not valid UTF-8 (byte {exc.start}: {exc.reason})"
        ) from None
    if text[:1] == "{":
        # What decode() does for a body with no leading whitespace, minus its two Python
        # frames and two whitespace matches. Anything else, and any failure, goes through
        # decode(), so every error is raised (and worded) exactly as before.
        try:
            document, end = _SCAN(text, 0)
        except Exception:  # decode() below raises it again, as it should
            end = -1
        if end == len(text):
            return document
    try:
        document = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise serialization_error(
            f"Request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except _NonStandardJsonError as exc:
        raise serialization_error(str(exc)) from None
    except RecursionError:
        raise serialization_error(f"Request body nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python will convert
        raise serialization_error(f"Request body is not valid JSON: {exc}") from None
    return document


def _depth(document: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack and deepest <= MAX_DEPTH:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


class ReaderCompiler:
    """Compiles the readers for one operation's body members and every shape they reach: a
    reader takes (value, parent path, own name) and gives the params value; the path is joined
    only for children and for errors.

    botocore makes a new Shape object at every reference, so shapes are told apart by name
    (and type); the table is per operation so that two models giving one name different
    definitions cannot share a reader.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[str, str], JsonReader] = {}

    def reader(self, shape: Shape) -> JsonReader:
        key = (shape.name, shape.type_name)
        found = self._done.get(key)
        if found is not None:
            return found
        # A recursive shape meets itself while compiling: it gets a forwarder that calls the
        # finished reader once it exists.
        finished: list[JsonReader] = []

        def forward(value: Any, parent: str, name: str) -> Any:
            return finished[0](value, parent, name)

        self._done[key] = forward
        compiled = self._compile(shape)
        finished.append(compiled)
        self._done[key] = compiled
        return compiled

    def _compile(self, shape: Shape) -> JsonReader:
        if isinstance(shape, StructureShape):
            return _as_is if shapes.is_document(shape) else self._structure(shape)
        if isinstance(shape, ListShape):
            return _list(self.reader(shape.member))
        if isinstance(shape, MapShape):
            return _map(self.reader(shape.key), self.reader(shape.value))
        return values.json_reader(shape.type_name)

    def _structure(self, shape: StructureShape) -> JsonReader:
        by_wire = {
            wire: (member.name, self.reader(member.shape))
            for wire, member in shapes.body_members_by_wire(shape).items()
        }

        def convert(value: Any, parent: str, name: str) -> Any:
            path = join(parent, name)
            if not isinstance(value, dict):
                raise values.type_error(path, "object", values.json_type(value))
            result: dict[str, Any] = {}
            for key, item in value.items():
                entry = by_wire.get(key)
                if entry is not None and item is not None:
                    result[entry[0]] = entry[1](item, path, key)
            return result

        return convert


def _as_is(value: Any, parent: str, name: str) -> Any:
    return value


def _list(convert_item: JsonReader) -> JsonReader:
    def convert(value: Any, parent: str, name: str) -> Any:
        path = join(parent, name)
        if not isinstance(value, list):
            raise values.type_error(path, "array", values.json_type(value))
        result = []
        for index, item in enumerate(value, 1):
            if item is None:
                raise _null(f"{path}.{index}.member")
            result.append(convert_item(item, path, f"{index}.member"))
        return result

    return convert


def _map(convert_key: JsonReader, convert_value: JsonReader) -> JsonReader:
    def convert(value: Any, parent: str, name: str) -> Any:
        path = join(parent, name)
        if not isinstance(value, dict):
            raise values.type_error(path, "object", values.json_type(value))
        result = {}
        for key, item in value.items():
            # The key first, then the value: the order a bad entry's errors are found in.
            converted = convert_key(key, path, "key")
            if item is None:
                raise _null(f"{path}.value")
            result[converted] = convert_value(item, path, "value")
        return result

    return convert


def _null(path: str) -> Exception:
    return invalid_request(f"Value null at '{path}' is not allowed")
