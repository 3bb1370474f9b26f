"""The emulator's own HTTP routes under ``/_emulator/``: health and the control API.

Every route answers JSON; errors use the AWS shape (``x-amzn-ErrorType`` and ``Message``)
so one error parser serves both APIs. The control API is served when the server listens on
loopback, or anywhere when started with a control token; with a token, every control request
must carry it in ``x-emulator-token``. ``/_emulator/health`` is always served.
``POST /moto-api/reset`` is a control request too: moto's reset, answered as moto answers it.
Paths under ``/_emulator/console`` go to the web console (``connect_emulator.console``, wired by
the app), which applies the same exposure rules with a login form instead of the header.
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

from connect_emulator.domain.controls import Controls, FaultRule
from connect_emulator.domain.errors import DomainError, NotFound
from connect_emulator.domain.model import Directory
from connect_emulator.protocol.errors import ApiError, invalid_request
from connect_emulator.protocol.http import HttpRequest, HttpResponse

LOG = logging.getLogger(__name__)

Handler = Callable[[HttpRequest, dict[str, str]], Any]

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
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
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
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match:
                if method == asked:
                    return handler(request, match.groupdict())
                allowed.append(method)
        if allowed:
            raise ApiError("MethodNotAllowedException", f"{path} allows {', '.join(allowed)}.")
        raise ApiError("UnknownOperationException", f"No emulator route {request.method} {path}.")

    # Handlers: each returns the JSON body of a 200.

    def _reset(self, request: HttpRequest, _: dict[str, str]) -> Any:
        account = _optional_str(_body(request), "account")
        self._controls.reset(account)
        return {"reset": account or "all"}

    def _reset_like_moto(self, request: HttpRequest, _: dict[str, str]) -> Any:
        self._controls.reset(None)
        return {"status": "ok"}  # moto's own answer

    def _travel(self, request: HttpRequest, _: dict[str, str]) -> Any:
        body = _body(request)
        return self._controls.travel(
            advance=_optional_number(body, "advance"),
            to=_optional_number(body, "to"),
            offset=_optional_number(body, "offset"),
        )

    def _get_lifecycle(self, request: HttpRequest, _: dict[str, str]) -> Any:
        account = _query(request).get("account")
        return self._controls.lifecycle(account).to_json()

    def _set_lifecycle(self, request: HttpRequest, args: dict[str, str]) -> Any:
        return self._controls.set_lifecycle(args["account"], _body(request)).to_json()

    def _release(self, request: HttpRequest, args: dict[str, str]) -> Any:
        body = _body(request)
        outcome = body.get("outcome", "ACTIVE")
        reason = _optional_str(body, "reason")
        if outcome == "ACTIVE" and reason is None:
            self._controls.release(args["id"], None)
        elif outcome == "CREATION_FAILED":
            self._controls.release(args["id"], reason or "Instance creation failed.")
        else:
            raise ApiError(
                "InvalidRequestException",
                "'outcome' is ACTIVE, or CREATION_FAILED with an optional 'reason'.",
            )
        return {"id": args["id"], "outcome": outcome}

    def _release_step(self, request: HttpRequest, args: dict[str, str]) -> Any:
        body = _body(request)
        outcome = body.get("outcome", "done")
        reason = _optional_str(body, "reason")
        if outcome == "done" and reason is None:
            self._controls.release_step(args["family"], args["id"], None)
        elif outcome == "failed":
            self._controls.release_step(args["family"], args["id"], reason or "The step failed.")
        else:
            raise ApiError(
                "InvalidRequestException",
                "'outcome' is done, or failed with an optional 'reason'.",
            )
        return {"family": args["family"], "id": args["id"], "outcome": outcome}

    def _get_limits(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return self._controls.limits(_query(request).get("account")).to_json()

    def _set_limits(self, request: HttpRequest, args: dict[str, str]) -> Any:
        return self._controls.set_limits(args["account"], _body(request)).to_json()

    def _get_failures(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return {"rules": [asdict(rule) for rule in self._controls.failure_rules()]}

    def _fail_next(self, request: HttpRequest, _: dict[str, str]) -> Any:
        body = _body(request)
        count = body.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int):
            raise ApiError("InvalidRequestException", "'count' must be an integer.")
        family = _optional_str(body, "family")
        rule_id = self._controls.fail_next(
            count,
            _optional_str(body, "reason")
            or ("Instance creation failed." if family is None else "The request failed."),
            _optional_str(body, "account"),
            # For a family's resources the pattern is of their names (a vocabulary's, a number).
            _optional_str(body, "alias_pattern" if family is None else "name_pattern"),
            family,
        )
        return {"id": rule_id}

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
        body = _body(request)
        usable = body.get("usable", True)
        if not isinstance(usable, bool):
            raise ApiError("InvalidRequestException", "'usable' must be true or false.")
        directory = Directory(args["account"], args["id"], usable, _optional_str(body, "reason"))
        self._controls.declare_directory(directory)
        return {
            "account": directory.account,
            "directory_id": directory.directory_id,
            "usable": usable,
            "reason": directory.reason,
        }

    def _get_faults(self, request: HttpRequest, _: dict[str, str]) -> Any:
        return {"rules": [_fault_json(rule) for rule in self._controls.faults()]}

    def _set_faults(self, request: HttpRequest, _: dict[str, str]) -> Any:
        rules = _body(request).get("rules", [])
        if not isinstance(rules, list):
            raise ApiError("InvalidRequestException", "'rules' must be a list.")
        self._controls.set_faults([_fault(item) for item in rules])
        return {"rules": [_fault_json(rule) for rule in self._controls.faults()]}


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


def _optional_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise ApiError("InvalidRequestException", f"'{name}' must be a string.")
    return value


def _optional_number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError("InvalidRequestException", f"'{name}' must be a number.")
    return float(value)


def _fault(item: Any) -> FaultRule:
    if not isinstance(item, dict):
        raise ApiError("InvalidRequestException", "Each fault rule is a JSON object.")
    operations = item.get("operations", [])
    if not isinstance(operations, list) or not all(isinstance(o, str) for o in operations):
        raise ApiError("InvalidRequestException", "'operations' must be a list of names.")
    return FaultRule(
        operations=tuple(operations),
        rate=1.0 if "rate" not in item else _optional_number(item, "rate") or 0.0,
        error=_optional_str(item, "error") or "ThrottlingException",
        account=_optional_str(item, "account"),
    )


def _fault_json(rule: FaultRule) -> dict[str, Any]:
    return {
        "operations": list(rule.operations),
        "rate": rule.rate,
        "error": rule.error,
        "account": rule.account,
    }
