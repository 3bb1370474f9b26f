"""Turn one routed rest-json request into the botocore-style params dict of its operation.

Each input member is read from where the model says it travels (path label, query key,
header, or the JSON body) and converted to the member's type, so the result looks exactly
like the ``params`` a boto3 caller passed: member names from the model, ints, bools, aware
UTC datetimes, bytes for blobs. Constraints (required, lengths, patterns, enums) are not
checked here; that is validation's job. Anything wrong with the *form* of the input is an
ApiError with status 400; no other exception escapes for bad input:

* ``SerializationException``: the body is not UTF-8, not JSON, not an object, uses
  NaN/Infinity, or nests deeper than ``MAX_DEPTH``; a path or query has broken
  percent-encoding.
* ``InvalidRequestException``: a value of the wrong type (a string where a boolean belongs,
  ``maxResults=abc``), a scalar query key sent twice, a null list element. The message names
  the member path (validation's convention: ``Tags.key``, ``Foo.1.member``).

Unknown body keys and query keys are ignored, as AWS ignores them; a JSON null means "not set".
"""

from __future__ import annotations

import functools
import json
import math
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from connect_emulator.protocol import shapes, values
from connect_emulator.protocol.errors import invalid_request, serialization_error
from connect_emulator.protocol.shapes import Member

MAX_DEPTH = 64

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class _NonStandardJsonError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class _Plan:
    """An operation's input members grouped by location, computed once per operation."""

    uri: tuple[Member, ...]
    query: tuple[Member, ...]
    query_map: Member | None
    headers: tuple[Member, ...]
    header_maps: tuple[Member, ...]
    body: dict[str, Member]


@functools.cache
def _plan(operation: OperationModel) -> _Plan:
    shape = operation.input_shape
    members = shapes.members_of(shape) if shape is not None else ()

    def at(location: str) -> tuple[Member, ...]:
        return tuple(m for m in members if m.location == location)

    query_maps = [m for m in at(shapes.QUERY) if isinstance(m.shape, MapShape)]
    return _Plan(
        uri=at(shapes.URI),
        query=tuple(m for m in at(shapes.QUERY) if not isinstance(m.shape, MapShape)),
        query_map=query_maps[0] if query_maps else None,
        headers=at(shapes.HEADER),
        header_maps=at(shapes.HEADERS),
        body={m.wire: m for m in at(shapes.BODY)},
    )


def parse_request(
    operation: OperationModel,
    labels: dict[str, str],
    query_string: str,
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    plan = _plan(operation)
    params: dict[str, Any] = {}
    for member in plan.uri:
        if member.wire in labels:
            params[member.name] = values.from_text(
                labels[member.wire], member.shape.type_name, member.wire
            )
    if plan.query or plan.query_map is not None:
        _read_query(plan, query_string, params)
    for member in plan.headers:
        text = headers.get(member.wire.lower())
        if text is not None:
            params[member.name] = _from_header(text, member.shape, member.wire)
    for member in plan.header_maps:
        prefix = member.wire.lower()
        found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
        if found:
            params[member.name] = found
    if plan.body:
        for key, value in _load_body(body).items():
            body_member = plan.body.get(key)
            if body_member is not None and value is not None:
                params[body_member.name] = _from_json(value, body_member.shape, key)
    return params


# --- query and headers ----------------------------------------------------------------------


def _read_query(plan: _Plan, query_string: str, params: dict[str, Any]) -> None:
    bad = _BAD_PERCENT.search(query_string)
    if bad is not None:
        near = query_string[bad.start() : bad.start() + 3]
        raise serialization_error(f"Invalid percent-encoding in query string near {near!r}")
    try:
        pairs = urllib.parse.parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise serialization_error("Query string is not valid UTF-8") from None
    for member in plan.query:
        texts = pairs.pop(member.wire, None)
        if texts is None:
            continue
        if isinstance(member.shape, ListShape):
            kind = member.shape.member.type_name
            params[member.name] = [
                values.from_text(text, kind, f"{member.wire}.{i}.member")
                for i, text in enumerate(texts, 1)
            ]
        elif len(texts) > 1:
            raise invalid_request(f"Query parameter '{member.wire}' must not be repeated")
        else:
            params[member.name] = values.from_text(texts[0], member.shape.type_name, member.wire)
    query_map = plan.query_map
    if query_map is not None and pairs and isinstance(query_map.shape, MapShape):
        # A query map collects every key that no named query member claimed.
        if isinstance(query_map.shape.value, ListShape):
            params[query_map.name] = pairs
        else:
            params[query_map.name] = {k: v[0] for k, v in pairs.items()}


def _from_header(text: str, shape: Shape, path: str) -> Any:
    if isinstance(shape, ListShape):
        kind = shape.member.type_name
        return [values.from_text(item.strip(), kind, path) for item in text.split(",")]
    return values.from_text(text, shape.type_name, path)


# --- JSON body --------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise _NonStandardJsonError(f"Request body uses the non-standard JSON constant {name}")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NonStandardJsonError(f"Number {text[:40]} in the request body is out of range")
    return number


# Made once: json.loads with hooks builds a new decoder for every body.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def _load_body(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise serialization_error(
            f"Request body is not valid UTF-8 (byte {exc.start}: {exc.reason})"
        ) from None
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
    if not isinstance(document, dict):
        raise serialization_error(
            f"Request body must be a JSON object, not {values.json_type(document)}"
        )
    # Counting brackets is cheap; only a body that could be too deep is measured exactly.
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and _depth(document) > MAX_DEPTH:
        raise serialization_error(f"Request body nests deeper than {MAX_DEPTH} levels")
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


def _from_json(value: Any, shape: Shape, path: str) -> Any:
    if isinstance(shape, StructureShape):
        if shapes.is_document(shape):
            return value
        if not isinstance(value, dict):
            raise values.type_error(path, "object", values.json_type(value))
        by_wire = shapes.body_members_by_wire(shape)
        result: dict[str, Any] = {}
        for key, item in value.items():
            member = by_wire.get(key)
            if member is not None and item is not None:
                result[member.name] = _from_json(item, member.shape, f"{path}.{key}")
        return result
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            raise values.type_error(path, "array", values.json_type(value))
        return [
            _from_json(_not_null(item, f"{path}.{i}.member"), shape.member, f"{path}.{i}.member")
            for i, item in enumerate(value, 1)
        ]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            raise values.type_error(path, "object", values.json_type(value))
        return {
            _from_json(k, shape.key, f"{path}.key"): _from_json(
                _not_null(v, f"{path}.value"), shape.value, f"{path}.value"
            )
            for k, v in value.items()
        }
    return values.from_json(value, shape.type_name, path)


def _not_null(value: Any, path: str) -> Any:
    if value is None:
        raise invalid_request(f"Value null at '{path}' is not allowed")
    return value
