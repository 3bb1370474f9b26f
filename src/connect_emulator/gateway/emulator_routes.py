"""The emulator's own HTTP routes under ``/_emulator/``: health and the control API.

Every route answers JSON; errors use the AWS shape (``x-amzn-ErrorType`` and ``Message``)
so one error parser serves both APIs. The control API is served when the server listens on
loopback, or anywhere when started with a control token; with a token, every control request
must carry it in ``x-emulator-token``. ``/_emulator/health`` is always served.
``POST /moto-api/reset`` is a control request too: moto's reset, answered as moto answers it.
Paths under ``/_emulator/console`` go to the web console (``connect_emulator.console``, wired by
the app), which applies the same exposure rules with a login form instead of the header.

A route decodes the request's JSON body and hands it to the domain, which checks it
(``domain/controls.py``): the answers to bad control input are the domain's, wherever it comes
from (this API or the console).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qsl

from connect_emulator.domain.controls import (
    Controls,
    directory_from_json,
    failure_plan_from_json,
    faults_from_json,
    provisioning_from_json,
    reset_from_json,
    step_from_json,
    travel_from_json,
)
from connect_emulator.domain.errors import DomainError, NotFound
from connect_emulator.protocol.errors import ApiError, invalid_request
from connect_emulator.protocol.http import HttpRequest, HttpResponse

LOG = logging.getLogger(__name__)

# What a route does with its request and the path's named parts: the JSON body of its 200.
RouteAction = Callable[[HttpRequest, dict[str, str]], Any]

CONSOLE_PREFIX = "/_emulator/console"


def json_response(
    status: int, body: Any, headers: list[tuple[str, str]] | None = None
) -> HttpResponse:
    return HttpResponse(
        status,
        [("content-type", "application/json"), *(headers or [])],
        json.dumps(body, separators=(",", ":")).encode("utf-8"),
    )


class EmulatorRoutes:
    def __init__(
        self,
        version: str,
        controls: Controls,
        *,
        control_enabled: bool,
        control_token: str | None,
        reject: Callable[[ApiError], HttpResponse],
        console: Callable[[HttpRequest], HttpResponse] | None = None,
    ) -> None:
        self._version = version
        # Errors are answered as the pipeline answers them: the status is the model's for
        # its codes, protocol.errors.UNMODELLED_STATUS's for the others.
        self._reject = reject
        self._console = console
        self._controls = controls
        self._enabled = control_enabled or control_token is not None
        self._token = control_token
        self._routes: list[tuple[str, re.Pattern[str], RouteAction]] = [
            ("POST", re.compile(r"/_emulator/reset"), self._reset),
            # moto's server mode: its test suites reset everything here between tests.
            ("POST", re.compile(r"/moto-api/reset"), self._reset_like_moto),
            ("GET", re.compile(r"/_emulator/clock"), lambda r, a: self._controls.clock()),
            ("POST", re.compile(r"/_emulator/clock"), self._travel),
            ("GET", re.compile(r"/_emulator/lifecycle"), self._get_lifecycle),
            ("PUT", re.compile(r"/_emulator/lifecycle/(?P<account>\d{12})"), self._set_lifecycle),
            (
                "POST",
                re.compile(r"/_emulator/instances/(?P<id>[A-Za-z0-9-]+)/provision"),
                self._release,
            ),
            (
                "POST",
                re.compile(r"/_emulator/resources/(?P<family>[a-z_]+)/(?P<id>[A-Za-z0-9-]+)/step"),
                self._release_step,
            ),
            ("GET", re.compile(r"/_emulator/limits"), self._get_limits),
            ("PUT", re.compile(r"/_emulator/limits/(?P<account>\d{12})"), self._set_limits),
            ("GET", re.compile(r"/_emulator/failures"), self._get_failures),
            ("POST", re.compile(r"/_emulator/failures"), self._fail_next),
            ("GET", re.compile(r"/_emulator/directories"), self._get_directories),
            (
                "PUT",
                re.compile(r"/_emulator/directories/(?P<account>\d{12})/(?P<id>d-[0-9a-f]{10})"),
                self._declare_directory,
            ),
            ("GET", re.compile(r"/_emulator/faults"), self._get_faults),
            ("PUT", re.compile(r"/_emulator/faults"), self._set_faults),
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path, _, _ = request.raw_path.partition("?")
        if self._console is not None and (
            path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")
        ):
            return self._console(request)
        if path == "/_emulator/health" and _routed_method(request.method) == "GET":
            return json_response(200, {"status": "ok", "version": self._version})
        try:
            self._authorize(request)
            return json_response(200, self._dispatch(request, path))
        except ApiError as error:
            return self._reject(error)
        except NotFound as error:
            return self._reject(ApiError("ResourceNotFoundException", error.message))
        except DomainError as error:
            return self._reject(invalid_request(error.message))

    def _authorize(self, request: HttpRequest) -> None:
        if not self._enabled:
            raise ApiError(
                "AccessDeniedException",
                "The control API is off: the server listens beyond loopback without "
                "--control-token.",
            )
        if self._token is not None:
            given = request.headers.get("x-emulator-token", "")
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                raise ApiError("AccessDeniedException", "Missing or wrong x-emulator-token.")

    def _dispatch(self, request: HttpRequest, path: str) -> Any:
        allowed = []
        asked = _routed_method(request.method)
        for method, pattern, action in self._routes:
            match = pattern.fullmatch(path)
            if match:
                if method == asked:
                    return action(request, match.groupdict())
                allowed.append(method)
        if allowed:
            raise ApiError("MethodNotAllowedException", f"{path} allows {', '.join(allowed)}.")
        raise ApiError("UnknownOperationException", f"No emulator route {request.method} {path}.")

    # The routes' actions: each returns the JSON body of a 200.

    def _reset(self, request: HttpRequest, _: dict[str, str]) -> Any:
        account = reset_from_json(_body(request))
        self._controls.reset(account)
        return {"reset": account or "all"}

    def _reset_like_moto(self, request: HttpRequest, _: dict[str, str]) -> Any:
        self._controls.reset(None)
        return {"status": "ok"}  # moto's own answer

    def _travel(self, request: HttpRequest, _: dict[str, str]) -> Any:
        travel = travel_from_json(_body(request))
        return self._controls.travel(advance=travel.advance, to=travel.to, offset=travel.offset)

    def _get_lifecycle(self, request: HttpRequest, _: dict[str, str]) -> Any:
        account = _query(request).get("account")
        return self._controls.lifecycle(account).to_json()

    def _set_lifecycle(self, request: HttpRequest, args: dict[str, str]) -> Any:
        return self._controls.set_lifecycle(args["account"], _body(request)).to_json()

    def _release(self, request: HttpRequest, args: dict[str, str]) -> Any:
        failure = provisioning_from_json(_body(request))
        self._controls.release(args["id"], failure)
        return {"id": args["id"], "outcome": "ACTIVE" if failure is None else "CREATION_FAILED"}

    def _release_step(self, request: HttpRequest, args: dict[str, str]) -> Any:
        failure = step_from_json(_body(request))
        self._controls.release_step(args["family"], args["id"], failure)
        outcome = "done" if failure is None else "failed"
        return {"family": args["family"], "id": args["id"], "outcome": outcome}

    def _get_limits(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return self._controls.limits(_query(request).get("account")).to_json()

    def _set_limits(self, request: HttpRequest, args: dict[str, str]) -> Any:
        return self._controls.set_limits(args["account"], _body(request)).to_json()

    def _get_failures(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return {"rules": [asdict(rule) for rule in self._controls.failure_rules()]}

    def _fail_next(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return {"id": self._controls.fail_next(*failure_plan_from_json(_body(request)))}

    def _get_directories(self, request: HttpRequest, _: dict[str, str]) -> Any:
        account = _query(request).get("account")
        return {
            "directories": [
                {
                    "account": d.account,
                    "directory_id": d.directory_id,
                    "usable": d.usable,
                    "reason": d.reason,
                }
                for d in self._controls.directories(account)
            ]
        }

    def _declare_directory(self, request: HttpRequest, args: dict[str, str]) -> Any:
        directory = directory_from_json(args["account"], args["id"], _body(request))
        self._controls.declare_directory(directory)
        return {
            "account": directory.account,
            "directory_id": directory.directory_id,
            "usable": directory.usable,
            "reason": directory.reason,
        }

    def _get_faults(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return {"rules": [rule.to_json() for rule in self._controls.faults()]}

    def _set_faults(self, request: HttpRequest, _: dict[str, str]) -> Any:
        self._controls.set_faults(faults_from_json(_body(request)))
        return {"rules": [rule.to_json() for rule in self._controls.faults()]}


def _routed_method(method: str) -> str:
    """A HEAD is answered as the GET of the same path (RFC 9110: the same headers; the
    connection leaves the body out)."""
    return "GET" if method == "HEAD" else method


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError("SerializationException", f"The body is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise ApiError("SerializationException", "The body must be a JSON object.")
    return body


def _query(request: HttpRequest) -> dict[str, str]:
    return dict(parse_qsl(request.query_string))
