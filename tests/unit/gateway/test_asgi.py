"""GatewayApp's ASGI ``http`` path, for ASGI servers other than ours: the same answers."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from connect_emulator.gateway.asgi import GatewayApp, Handlers
from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.http import HttpRequest, HttpResponse


def app(seen: list[HttpRequest]) -> GatewayApp:
    def api(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse(200, [("content-type", "application/json")], b'{"ok":true}')

    def emulator(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse(200, [], b"{}")

    def reject(error: ApiError) -> HttpResponse:
        return HttpResponse(error.status or 500, [("x-amzn-ErrorType", error.code)], b"{}")

    return GatewayApp(Handlers(api, emulator, reject), max_body_bytes=8)


def call(target: GatewayApp, path: str, body: bytes) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    messages = [
        {"type": "http.request", "body": body[:4], "more_body": True},
        {"type": "http.request", "body": body[4:], "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "PUT",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"a=1",
        "headers": [(b"Content-Type", b"application/json"), (b"x-a", b"1"), (b"x-a", b"2")],
    }
    asyncio.run(target(scope, receive, send))
    return sent


def test_a_request_reaches_the_pipeline_as_the_wire_carried_it() -> None:
    seen: list[HttpRequest] = []
    sent = call(app(seen), "/instance", b'{"a":1}')
    assert seen == [
        HttpRequest(
            "PUT",
            "/instance",
            "a=1",
            {"content-type": "application/json", "x-a": "1,2"},
            b'{"a":1}',
        )
    ]
    assert sent[0]["status"] == 200
    assert (b"content-length", b"11") in sent[0]["headers"]
    assert sent[1]["body"] == b'{"ok":true}'


def test_emulator_paths_and_oversized_bodies() -> None:
    seen: list[HttpRequest] = []
    assert call(app(seen), "/_emulator/health", b"{}")[0]["status"] == 200
    assert seen[0].raw_path == "/_emulator/health"
    refused = call(app(seen), "/instance", b'{"too": "long"}')
    assert refused[0]["status"] == 413
    assert (b"x-amzn-ErrorType", b"RequestEntityTooLargeException") in refused[0]["headers"]
    assert len(seen) == 1
