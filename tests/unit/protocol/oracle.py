"""botocore as the oracle for the protocol layer, and sample values generated from the model.

``BotocoreWire`` runs real boto3-style calls through a botocore client and captures the HTTP
request it would have sent (a ``before-send`` hook answers instead of the network), so the
tests see exactly what a real client puts on the wire. ``sample`` builds params or results
for any shape of the model, within the constraints botocore itself checks.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterator
from typing import Any

import botocore.session
from botocore import xform_name
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders
from botocore.config import Config
from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from connect_emulator.protocol.http import HttpRequest, HttpResponse

WHEN = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
INSTANCE_ID = "7f0e9f4c-1111-2222-3333-444455556666"
INSTANCE_ARN = f"arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE_ID}"

# Strings chosen to exercise encoding where each location needs it.
_TEXT_BY_LOCATION = {
    "uri": "v a/l:ü%",
    "querystring": "q a&b=c/ü+",
    "header": "hval",
    None: "välue \u2603",
}
_MAX_DEPTH = 4


class _CannedBody:
    """Stands in for urllib3's raw response: botocore only ever calls ``stream``."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class BotocoreWire:
    """A botocore connect client whose requests are captured and answered with ``reply``."""

    def __init__(self) -> None:
        session = botocore.session.get_session()
        self.client = session.create_client(
            "connect",
            region_name="us-east-1",
            endpoint_url="http://connect.test",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            # One attempt: a canned 429 or 500 must reach the test, not botocore's retries.
            config=Config(retries={"total_max_attempts": 1}),
        )
        self.reply = HttpResponse(200, [("content-type", "application/json")], b"{}")
        self._sent: list[AWSPreparedRequest] = []
        self.client.meta.events.register("before-send", self._capture)

    # Typed Any: botocore's stubs say event handlers return None, but a response returned
    # from before-send is exactly how botocore lets a handler answer instead of the network.
    def _capture(self, request: AWSPreparedRequest, **_: Any) -> Any:
        self._sent.append(request)
        headers = HTTPHeaders()
        for name, value in self.reply.headers:
            headers[name] = value
        return AWSResponse(request.url, self.reply.status, headers, _CannedBody(self.reply.body))

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """What a boto3 caller gets back from ``operation(**params)`` when AWS sends ``reply``."""
        self._sent.clear()
        result: dict[str, Any] = getattr(self.client, xform_name(operation))(**params)
        result.pop("ResponseMetadata", None)
        return result

    def request(self, operation: str, params: dict[str, Any]) -> HttpRequest:
        """The HttpRequest botocore sends for ``operation(**params)``."""
        self.call(operation, params)
        (sent,) = self._sent
        url = urllib.parse.urlsplit(sent.url)
        return HttpRequest(
            method=sent.method,
            raw_path=url.path,
            query_string=url.query,
            headers={name.lower(): _text(value) for name, value in sent.headers.items()},
            body=_bytes(sent.body),
        )


def _text(value: object) -> str:
    # botocore keeps the headers it computed itself as bytes.
    return value.decode() if isinstance(value, bytes) else str(value)


def _bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    assert isinstance(body, bytes | bytearray), type(body)
    return bytes(body)


def sample_input(operation: OperationModel, *, full: bool) -> dict[str, Any]:
    shape = operation.input_shape
    if shape is None:
        return {}
    result: dict[str, Any] = sample(shape, full=full)
    return result


def sample(shape: Shape, *, full: bool, depth: int = 0, location: str | None = None) -> Any:
    """A value for ``shape``: required members always, optional ones too when ``full``."""
    if isinstance(shape, StructureShape):
        return _sample_structure(shape, full=full, depth=depth)
    if isinstance(shape, ListShape):
        count = 2 if location == "querystring" else 1
        count = max(count, shape.metadata.get("min", 0))
        if depth >= _MAX_DEPTH and shape.metadata.get("min", 0) == 0:
            return []
        return [sample(shape.member, full=full, depth=depth + 1, location=location)] * count
    if isinstance(shape, MapShape):
        if depth >= _MAX_DEPTH and shape.metadata.get("min", 0) == 0:
            return {}
        key = sample(shape.key, full=full, depth=depth + 1)
        return {key: sample(shape.value, full=full, depth=depth + 1)}
    return _sample_scalar(shape, location)


def _sample_structure(shape: StructureShape, *, full: bool, depth: int) -> dict[str, Any]:
    if shape.metadata.get("document"):
        return {"any": ["json", 1, True]}
    names = list(shape.members)
    if shape.is_tagged_union:
        names = names[:1]
    elif not full or depth >= _MAX_DEPTH:
        names = [n for n in names if n in shape.required_members]
    out: dict[str, Any] = {}
    for name in names:
        member = shape.members[name]
        location = member.serialization.get("location")
        out[name] = sample(member, full=full, depth=depth + 1, location=location)
    return out


_FIXED_SAMPLES: dict[str, Any] = {
    "boolean": True,
    "timestamp": WHEN,
    "blob": b"\x00blob\xff",
}


def _sample_scalar(shape: Shape, location: str | None) -> Any:
    kind = shape.type_name
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if kind == "string":
        if shape.metadata.get("enum"):
            return shape.metadata["enum"][0]
        text: str = _TEXT_BY_LOCATION.get(location, "value")
        if low is not None and len(text) < low:
            text += "x" * (int(low) - len(text))
        return text[: int(high)] if high is not None else text
    if kind in ("integer", "long"):
        number = max(int(low) if low is not None else 0, 1)
        return min(number, int(high)) if high is not None else number
    if kind in ("double", "float"):
        real = 1.5 if low is None else max(1.5, float(low))
        return real if high is None else min(real, float(high))
    return _FIXED_SAMPLES[kind]
