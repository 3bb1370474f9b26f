"""Turn an operation's result, or an ApiError, into the rest-json HTTP response AWS would send.

Results are plain mappings keyed by the output shape's member names (what a boto3 caller
would get back). Body members become a compact UTF-8 JSON object; timestamps are epoch
seconds unless the shape says otherwise; ``None`` values are left out, and ``JSON_NULL`` is
written as an explicit ``null`` (where AWS itself sends one). A key that is not a member of the
shape is *our* bug, not the client's, and raises TypeError.

Errors carry ``x-amzn-ErrorType: <code>`` (what botocore reads first) and a body
``{"Message": ...}`` plus any modelled fields; the status comes from the model's error shape
when the code is one, else from the ApiError (protocol.errors.UNMODELLED_STATUS), else 400.
The gateway adds x-amzn-RequestId.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from botocore.model import (
    ListShape,
    MapShape,
    NoShapeFoundError,
    OperationModel,
    ServiceModel,
    Shape,
    StructureShape,
)

from connect_emulator.protocol import shapes
from connect_emulator.protocol.errors import DEFAULT_ERROR_STATUS, ApiError
from connect_emulator.protocol.http import HttpResponse
from connect_emulator.protocol.shapes import Member

JSON_CONTENT_TYPE = ("content-type", "application/json")


class _JsonNull(enum.Enum):
    # orjson writes an Enum member as its value, so this one leaves as null with no hook (and
    # no cost) on the path every other value takes.
    NULL = None


# A member AWS sends as an explicit null (a failed instance's DescribeInstance does): clients
# read it as an absent member, but a hand-written parser sees the difference.
JSON_NULL = _JsonNull.NULL


@dataclass(frozen=True, slots=True)
class _OutputPlan:
    """An output shape's members by location, computed once per operation."""

    shape: StructureShape | None
    members: dict[str, Member]
    has_body: bool
    # Body members by name: their wire name and compiled converter, looked up once.
    body: dict[str, tuple[str, Callable[[Any], Any]]]


@functools.cache
def _output_plan(operation: OperationModel) -> _OutputPlan:
    shape = operation.output_shape
    members = shapes.members_by_name(shape) if shape is not None else {}
    return _OutputPlan(
        shape=shape,
        members=members,
        has_body=any(m.location == shapes.BODY for m in members.values()),
        body={
            name: (m.wire, _converter(m.shape))
            for name, m in members.items()
            if m.location == shapes.BODY
        },
    )


def serialize_result(operation: OperationModel, result: Mapping[str, Any] | None) -> HttpResponse:
    plan = _output_plan(operation)
    response = HttpResponse(status=200, headers=[JSON_CONTENT_TYPE])
    body: dict[str, Any] = {}
    for name, value in (result or {}).items():
        in_body = plan.body.get(name)
        if in_body is not None:  # nearly every member of every result
            if value is not None:
                wire, convert = in_body
                # A Fragment is JSON already (a resource's stored Describe or List answers).
                ready = value is JSON_NULL or type(value) is orjson.Fragment
                body[wire] = value if ready else convert(value)
            continue
        member = plan.members.get(name)
        if member is None:
            raise TypeError(f"{operation.name} output has no member {name!r}")
        if value is None:
            continue
        # Body members were all answered above (plan.body): only the other locations are left.
        if member.location == shapes.HEADER:
            response.headers.append((member.wire, _to_header(value, member.shape)))
        elif member.location == shapes.HEADERS:
            response.headers.extend((member.wire + k, str(v)) for k, v in value.items())
        elif member.location == shapes.STATUS_CODE:
            response.status = int(value)
        else:
            raise TypeError(f"{operation.name}.{name}: cannot send location {member.location}")
    if plan.has_body:
        response.body = _dumps(body)
    return response


def serialize_error(model: ServiceModel, error: ApiError) -> HttpResponse:
    shape, status = _error_shape(model, error.code)
    body: dict[str, Any] = {"Message": error.message}
    if shape is not None:
        body.update(wire_value(error.fields, shape))
    else:
        # A code the model does not know (UnknownOperationException, ...): nothing to
        # convert against, so its fields must already be JSON values.
        body.update(error.fields)
    return HttpResponse(
        status=status or error.status or DEFAULT_ERROR_STATUS,
        headers=[JSON_CONTENT_TYPE, ("x-amzn-errortype", error.code)],
        body=_dumps(body),
    )


@functools.cache
def _error_shape(model: ServiceModel, code: str) -> tuple[StructureShape | None, int | None]:
    try:
        shape = model.shape_for(code)
    except NoShapeFoundError:
        return None, None
    if not isinstance(shape, StructureShape) or not shape.metadata.get("exception"):
        return None, None
    status = shape.metadata.get("error", {}).get("httpStatusCode")
    return shape, status


def _dumps(body: Mapping[str, Any]) -> bytes:
    # orjson: compact UTF-8 JSON like json.dumps(separators=(",", ":"), ensure_ascii=False),
    # several times faster; every response body passes through here.
    return orjson.dumps(body)


def wire_value(value: Any, shape: Shape) -> Any:
    """``value`` (of ``shape``) as its JSON goes on the wire: renamed members, timestamps and
    blobs converted."""
    return _converter(shape)(value)


Converter = Callable[[Any], Any]

# Converters compiled once per shape: a response then costs one pass over its values, with
# no shape walking. botocore makes a new Shape object at every reference, so the key is the
# shape's name with the member-level traits that change how it is written.
_CONVERTERS: dict[tuple[str, str], Converter] = {}


def _converter(shape: Shape) -> Converter:
    key = (shape.name, shape.serialization.get("timestampFormat", ""))
    found = _CONVERTERS.get(key)
    if found is not None:
        return found
    # A recursive shape meets itself while compiling: it gets a forwarder that calls the
    # finished converter once it exists.
    finished: list[Converter] = []

    def forward(value: Any) -> Any:
        return finished[0](value)

    _CONVERTERS[key] = forward
    converter = _compile(shape)
    finished.append(converter)
    _CONVERTERS[key] = converter
    return converter


def _identity(value: Any) -> Any:
    return value


def _compile(shape: Shape) -> Converter:  # noqa: PLR0911 (one return per kind of shape)
    if isinstance(shape, StructureShape):
        return _identity if shapes.is_document(shape) else _structure(shape)
    if isinstance(shape, ListShape):
        item = _converter(shape.member)
        if item is _identity:
            return list
        return lambda value: [item(entry) for entry in value]
    if isinstance(shape, MapShape):
        entry = _converter(shape.value)
        return lambda value: {str(k): entry(v) for k, v in value.items()}
    if shape.type_name == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt.lower() == "unixtimestamp":
            return _unix_timestamp
        return lambda value: shapes.format_timestamp(value, fmt)
    if shape.type_name == "blob":
        return _base64
    return _identity


def _structure(shape: StructureShape) -> Converter:
    members = shapes.members_by_name(shape)
    # Only members that are renamed or need converting are touched one by one; the rest are
    # copied as they are (most members of most shapes are plain strings and booleans).
    special = {
        name: (m.wire, member_converter)
        for name, m in members.items()
        if (member_converter := _converter(m.shape)) is not _identity or m.wire != name
    }

    def convert(value: Mapping[str, Any]) -> dict[str, Any]:
        _check_members(shape, value, members)
        out = {k: v for k, v in value.items() if v is not None}
        for name, (wire, convert_item) in special.items():
            if name in out:
                item = out.pop(name)
                out[wire] = item if item is JSON_NULL else convert_item(item)
        return out

    return convert


def _check_members(
    shape: StructureShape, value: Mapping[str, Any], known: Mapping[str, Any]
) -> None:
    if not known.keys() >= value.keys():
        unknown = sorted(set(value) - set(known))
        raise TypeError(f"{shape.name} has no member {unknown[0]!r}")


def _unix_timestamp(value: Any) -> Any:
    # Every timestamp of the JSON protocol, and most are the store's float seconds: those
    # are rounded here as shapes.format_timestamp would (a List answer has one per summary).
    if type(value) is float:
        millis = round(value, 3)
        return int(millis) if millis.is_integer() else millis
    return shapes.format_timestamp(value, "unixTimestamp")


def _base64(value: bytes | str) -> str:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    return base64.b64encode(raw).decode("ascii")


def _to_header(value: Any, shape: Shape) -> str:
    if shape.type_name == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "rfc822")
        return str(shapes.format_timestamp(value, fmt))
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if isinstance(shape, ListShape):
        return ",".join(_to_header(item, shape.member) for item in value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)
