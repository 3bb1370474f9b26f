"""Shared readings of botocore shapes: where a member travels, its wire name, and timestamps.

The parser, validator and serializer all ask the same questions of the model; answering them
here keeps the three in agreement about, for example, which name a member has on the wire.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape, StructureShape

# Locations a member of a top-level input or output structure can have in rest-json.
URI = "uri"
QUERY = "querystring"
HEADER = "header"
HEADERS = "headers"  # a map whose keys are header names after a common prefix
STATUS_CODE = "statusCode"
BODY = "body"  # our name for "no location": the member is a key of the JSON body

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
INTEGER_RANGES = {"integer": INT32, "long": INT64}

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a structure, with the facts every protocol step needs about it."""

    name: str  # the member name the model (and botocore's params dict) uses
    wire: str  # the name on the wire: header, query key, label or JSON key
    location: str
    shape: Shape


def wire_name(name: str, shape: Shape) -> str:
    serialized: str = shape.serialization.get("name", name)
    return serialized


@functools.cache
def members_of(shape: StructureShape) -> tuple[Member, ...]:
    # Keyed by the Shape object: botocore caches a structure's member shapes on the
    # structure itself, so the same objects come back on every request.
    return tuple(
        Member(
            name,
            wire_name(name, member),
            member.serialization.get("location") or BODY,
            member,
        )
        for name, member in shape.members.items()
    )


@functools.cache
def members_by_name(shape: StructureShape) -> dict[str, Member]:
    return {m.name: m for m in members_of(shape)}


@functools.cache
def body_members_by_wire(shape: StructureShape) -> dict[str, Member]:
    return {m.wire: m for m in members_of(shape) if m.location == BODY}


def is_sensitive(shape: Shape) -> bool:
    return bool(shape.metadata.get("sensitive"))


def is_document(shape: Shape) -> bool:
    return shape.type_name == "structure" and bool(shape.metadata.get("document"))


# --- timestamps -----------------------------------------------------------------------


def timestamp_from_epoch(seconds: float) -> dt.datetime:
    """An aware UTC datetime; raises ValueError for values datetime cannot hold."""
    if not math.isfinite(seconds):
        raise ValueError("timestamp is not finite")
    try:
        # timedelta arithmetic, not fromtimestamp: it needs no platform time_t support and
        # keeps microseconds exact for the usual millisecond fractions.
        return _EPOCH + dt.timedelta(seconds=seconds)
    except OverflowError as exc:
        raise ValueError("timestamp out of range") from exc


def parse_timestamp_text(text: str) -> dt.datetime:
    """Epoch seconds, ISO-8601 or RFC-822 text to an aware UTC datetime.

    Accepting all three whatever the declared format costs nothing and matches what
    botocore itself accepts when parsing; raises ValueError when none fits.
    """
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return timestamp_from_epoch(float(text))
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError) as exc:
            raise ValueError(f"not a timestamp: {text!r}") from exc
    if parsed.tzinfo is None:
        # AWS timestamps without an offset are UTC.
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def to_epoch(value: dt.datetime | float) -> float:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return (aware - _EPOCH).total_seconds()
    return float(value)


def format_timestamp(value: dt.datetime | float, fmt: str) -> Any:
    """Render a timestamp in one of the model's timestampFormat values."""
    fmt = fmt.lower()
    seconds = to_epoch(value)
    if fmt == "unixtimestamp":
        # AWS sends whole seconds as integers and keeps at most millisecond precision.
        millis = round(seconds, 3)
        return int(millis) if millis.is_integer() else millis
    moment = timestamp_from_epoch(round(seconds, 3))
    if fmt == "iso8601":
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if moment.microsecond:
            text += f".{moment.microsecond // 1000:03d}"
        return text + "Z"
    if fmt == "rfc822":
        return email.utils.format_datetime(moment.replace(microsecond=0), usegmt=True)
    raise ValueError(f"unknown timestampFormat {fmt!r}")
