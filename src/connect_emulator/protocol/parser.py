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
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.model import ListShape, MapShape, OperationModel

from connect_emulator.protocol import json_body, shapes, values
from connect_emulator.protocol.errors import invalid_request, serialization_error
from connect_emulator.protocol.json_body import MAX_DEPTH
from connect_emulator.protocol.shapes import Member

__all__ = ["MAX_DEPTH", "parse_request"]

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class _Text:
    """A member read from text (label, query value, header), its reader looked up once."""

    name: str
    wire: str
    is_list: bool  # a list shape: repeated query keys, or comma-separated header values
    read: values.TextReader


def _text(member: Member) -> _Text:
    shape = member.shape
    is_list = isinstance(shape, ListShape)
    kind = shape.member.type_name if isinstance(shape, ListShape) else shape.type_name
    return _Text(member.name, member.wire, is_list, values.text_reader(kind))


@dataclass(frozen=True, slots=True)
class _Plan:
    """An operation's input members grouped by location, compiled once per operation."""

    uri: tuple[_Text, ...]
    query: tuple[_Text, ...]
    query_map: Member | None
    headers: tuple[_Text, ...]
    header_maps: tuple[Member, ...]
    # wire name -> (member name, the Python type kept as it is, converter)
    body: dict[str, tuple[str, type | None, values.JsonReader]]


_AS_IS: dict[str, type] = {"string": str, "boolean": bool}


@functools.cache
def _plan(operation: OperationModel) -> _Plan:
    shape = operation.input_shape
    members = shapes.members_of(shape) if shape is not None else ()

    def at(location: str) -> tuple[Member, ...]:
        return tuple(m for m in members if m.location == location)

    query_maps = [m for m in at(shapes.QUERY) if isinstance(m.shape, MapShape)]
    compiler = json_body.ReaderCompiler()
    return _Plan(
        uri=tuple(_text(m) for m in at(shapes.URI)),
        query=tuple(_text(m) for m in at(shapes.QUERY) if not isinstance(m.shape, MapShape)),
        query_map=query_maps[0] if query_maps else None,
        headers=tuple(_text(m) for m in at(shapes.HEADER)),
        header_maps=at(shapes.HEADERS),
        body={
            m.wire: (m.name, _AS_IS.get(m.shape.type_name), compiler.reader(m.shape))
            for m in at(shapes.BODY)
        },
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
            params[member.name] = member.read(labels[member.wire], member.wire)
    if plan.query or plan.query_map is not None:
        _read_query(plan, query_string, params)
    for member in plan.headers:
        text = headers.get(member.wire.lower())
        if text is not None:
            params[member.name] = _from_header(text, member)
    for map_member in plan.header_maps:
        prefix = map_member.wire.lower()
        found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
        if found:
            params[map_member.name] = found
    if plan.body:
        for key, value in json_body.load_body(body).items():
            entry = plan.body.get(key)
            if entry is not None and value is not None:
                name, as_is, convert = entry
                # A string for a string member, a boolean for a boolean one: most of every
                # body, kept as it is without a call (JSON decodes to exact str and bool).
                params[name] = value if type(value) is as_is else convert(value, "", key)
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
        if member.is_list:
            params[member.name] = [
                member.read(text, f"{member.wire}.{i}.member") for i, text in enumerate(texts, 1)
            ]
        elif len(texts) > 1:
            raise invalid_request(f"Query parameter '{member.wire}' must not be repeated")
        else:
            params[member.name] = member.read(texts[0], member.wire)
    query_map = plan.query_map
    if query_map is not None and pairs and isinstance(query_map.shape, MapShape):
        # A query map collects every key that no named query member claimed.
        if isinstance(query_map.shape.value, ListShape):
            params[query_map.name] = pairs
        else:
            params[query_map.name] = {k: v[0] for k, v in pairs.items()}


def _from_header(text: str, member: _Text) -> Any:
    if member.is_list:
        return [member.read(item.strip(), member.wire) for item in text.split(",")]
    return member.read(text, member.wire)
