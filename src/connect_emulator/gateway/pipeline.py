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
from typing import Protocol

from botocore.model import OperationModel, ServiceModel

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


class Principal(Protocol):
    @property
    def account_id(self) -> str: ...

    @property
    def region(self) -> str: ...


class Authenticator(Protocol):
    def authenticate(self, request: HttpRequest) -> Principal: ...


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
    ) -> None:
        self._model = model
        self._router = Router(model)
        self._authenticator = authenticator
        self._handlers = handlers
        self._ids = ids
        self._faults = faults
        self._rate_limiter = rate_limiter

    def reject(self, error: ApiError) -> HttpResponse:
        """Answers ``error`` for a request that never reached the pipeline proper."""
        response = serialize_error(self._model, error)
        response.headers.append(("x-amzn-RequestId", self._ids.uuid()))
        return response

    def handle(self, request: HttpRequest) -> HttpResponse:
        request_id = self._ids.uuid()
        try:
            response = self._handle(request_id, request)
        except ApiError as error:
            response = serialize_error(self._model, error)
        except Exception:
            LOG.exception("request %s failed: %s %s", request_id, request.method, request.raw_path)
            response = serialize_error(self._model, internal_error())
        response.headers.append(("x-amzn-RequestId", request_id))
        return response

    def _handle(self, request_id: str, request: HttpRequest) -> HttpResponse:
        principal = self._authenticator.authenticate(request)
        route = self._router.match(request.method, request.raw_path)
        operation = route.operation
        self._throttle(operation.name, principal)
        self._inject_fault(operation.name, principal.account_id)
        params = parse_request(
            operation, route.labels, request.query_string, request.headers, request.body
        )
        if operation.input_shape is not None:
            validate(operation.input_shape, params)
        context = RequestContext(
            request_id=request_id,
            operation=operation.name,
            account=principal.account_id,
            region=principal.region,
        )
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
                status=501,
            )
        try:
            return handler(context, params)
        except DomainError as error:
            raise to_api_error(error) from error
