"""The life of one AWS API request, top to bottom:

    request id -> authenticate (SigV4) -> route (model URI templates) -> throttle
      -> injected faults -> parse + validate (model shapes) -> dispatch to the provider
      -> serialize the result, or the error in AWS's format

Every response, error or not, carries ``x-amzn-RequestId``. Anything unexpected becomes
InternalServiceException (500), logged with the request id: a 500 is always our bug.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from time import perf_counter
from typing import Any

from botocore.model import OperationModel, ServiceModel

from connect_emulator.auth.authenticator import Authenticator, Principal
from connect_emulator.domain.controls import FaultRule
from connect_emulator.domain.errors import DomainError
from connect_emulator.domain.ids import IdSource
from connect_emulator.gateway.throttling import RateLimiter
from connect_emulator.protocol.errors import ApiError, internal_error
from connect_emulator.protocol.http import HttpRequest, HttpResponse
from connect_emulator.protocol.parser import parse_request
from connect_emulator.protocol.routing import Router
from connect_emulator.protocol.serializer import serialize_error, serialize_result
from connect_emulator.protocol.validation import validate
from connect_emulator.provider.context import RequestContext
from connect_emulator.provider.errors import to_api_error
from connect_emulator.provider.registry import Handler, Result

LOG = logging.getLogger(__name__)


# What the console's request log is told of each answer: operation ("" when none was
# routed), account, Region, status, error code, latency in seconds, and "api" or "console".
Record = Callable[[str, str, str, int, str | None, float, str], None]


class _Seen:
    """How far a request got: what the request log names it by."""

    __slots__ = ("account", "operation", "region")

    def __init__(self) -> None:
        self.operation = self.account = self.region = ""


def _routed_method(method: str) -> str:
    """The method a request is routed by: a HEAD is the GET of the same path (RFC 9110: the
    same headers, no body; the connection leaves the body out). Only routed so: the signature
    was made over ``HEAD`` and is verified as it was made."""
    return "GET" if method == "HEAD" else method


class Pipeline:
    def __init__(
        self,
        model: ServiceModel,
        authenticator: Authenticator,
        handlers: dict[str, Handler],
        ids: IdSource,
        *,
        faults: Callable[[], Sequence[FaultRule]] = tuple,
        rate_limiter: RateLimiter | None = None,
        record: Record | None = None,
    ) -> None:
        self._model = model
        self._router = Router(model)
        self._authenticator = authenticator
        self._handlers = handlers
        self._ids = ids
        self._faults = faults
        self._rate_limiter = rate_limiter
        self._record = record

    def reject(self, error: ApiError) -> HttpResponse:
        """Answers ``error`` for a request that never reached the pipeline proper."""
        response = serialize_error(self._model, error)
        response.headers.append(("x-amzn-RequestId", self._ids.uuid()))
        return response

    def handle(self, request: HttpRequest) -> HttpResponse:
        request_id = self._ids.uuid()
        started = perf_counter()
        seen = _Seen()
        try:
            response = self._handle(request_id, request, seen)
        except ApiError as error:
            response = serialize_error(self._model, error)
        except Exception:
            LOG.exception("request %s failed: %s %s", request_id, request.method, request.raw_path)
            response = serialize_error(self._model, internal_error())
        response.headers.append(("x-amzn-RequestId", request_id))
        if self._record is not None:
            self._record(
                seen.operation,
                seen.account,
                seen.region,
                response.status,
                response.header("x-amzn-ErrorType"),
                perf_counter() - started,
                "api",
            )
        return response

    def invoke(
        self, operation_name: str, account: str, region: str, params: dict[str, Any]
    ) -> HttpResponse:
        """One operation called in-process by the console, as if a request of ``account`` and
        ``region`` had been parsed into ``params``: the same validation, provider and answer
        (errors included), without signature, throttling or injected faults, which are for
        testing clients, not for a person at the console."""
        request_id = self._ids.uuid()
        started = perf_counter()
        operation = self._model.operation_model(operation_name)
        try:
            if operation.input_shape is not None:
                validate(operation.input_shape, params)
            context = RequestContext(account, region)
            response = serialize_result(operation, self._dispatch(operation, context, params))
        except ApiError as error:
            response = serialize_error(self._model, error)
        except Exception:
            LOG.exception("console call %s %s failed", request_id, operation_name)
            response = serialize_error(self._model, internal_error())
        response.headers.append(("x-amzn-RequestId", request_id))
        if self._record is not None:
            error_type = response.header("x-amzn-ErrorType")
            latency = perf_counter() - started
            self._record(
                operation_name, account, region, response.status, error_type, latency, "console"
            )
        return response

    def _handle(self, request_id: str, request: HttpRequest, seen: _Seen) -> HttpResponse:
        principal = self._authenticator.authenticate(request)
        seen.account, seen.region = principal.account_id, principal.region
        route = self._router.match(_routed_method(request.method), request.raw_path)
        operation = route.operation
        seen.operation = operation.name
        self._throttle(operation.name, principal)
        self._inject_fault(operation.name, principal.account_id)
        params = parse_request(
            operation, route.labels, request.query_string, request.headers, request.body
        )
        if operation.input_shape is not None:
            validate(operation.input_shape, params)
        context = RequestContext(account=principal.account_id, region=principal.region)
        return serialize_result(operation, self._dispatch(operation, context, params))

    def _throttle(self, operation: str, principal: Principal) -> None:
        limiter = self._rate_limiter
        if limiter is not None and not limiter.allow(
            principal.account_id, principal.region, operation
        ):
            raise ApiError("ThrottlingException", "Rate exceeded")

    def _inject_fault(self, operation: str, account: str) -> None:
        """Fails the request on purpose when a control-API fault rule says so."""
        for rule in self._faults():
            if rule.applies(operation, account) and self._ids.random() < rule.rate:
                message = (
                    "Rate exceeded"
                    if rule.error == "ThrottlingException"
                    else "The service encountered an internal error (injected)."
                )
                raise ApiError(rule.error, message)

    def _dispatch(
        self, operation: OperationModel, context: RequestContext, params: dict[str, object]
    ) -> Result:
        handler = self._handlers.get(operation.name)
        if handler is None:
            raise ApiError(
                "NotImplementedException",
                f"{operation.name} is not implemented by connect-emulator yet.",
            )
        try:
            return handler(context, params)
        except DomainError as error:
            raise to_api_error(error) from error
