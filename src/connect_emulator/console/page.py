"""What every page handler is given: the services it reads and changes state through, and
the request with what every page shows (the form token, whether there is a session)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connect_emulator.console.access import CSRF_FIELD
from connect_emulator.console.api import Invoke
from connect_emulator.console.overview import Overview
from connect_emulator.console.recent import RecentRequests
from connect_emulator.console.render import Renderer
from connect_emulator.console.web import Fields, Reply, Request, form, html, query, redirect
from connect_emulator.domain.attributes import AttributeService
from connect_emulator.domain.controls import Controls
from connect_emulator.domain.instances import InstanceService
from connect_emulator.resources.engine import ResourceService


@dataclass(frozen=True, slots=True)
class Services:
    overview: Overview
    instances: InstanceService
    attributes: AttributeService
    controls: Controls
    resources: ResourceService
    invoke: Invoke
    recent: RecentRequests
    render: Renderer


@dataclass(slots=True)
class Page:
    request: Request
    services: Services
    csrf: str
    # A new double-submit cookie to set with this reply, if the browser had none.
    csrf_cookie: str | None
    signed_in: bool

    @property
    def form(self) -> Fields:
        return form(self.request)

    @property
    def query(self) -> Fields:
        return query(self.request)

    def render(self, template: str, status: int = 200, **context: Any) -> Reply:
        text = self.services.render(
            template, csrf=self.csrf, csrf_field=CSRF_FIELD, signed_in=self.signed_in, **context
        )
        return html(status, text, self._cookies())

    def redirect(self, location: str) -> Reply:
        return redirect(location, self._cookies())

    def _cookies(self) -> list[tuple[str, str]]:
        return [] if self.csrf_cookie is None else [("set-cookie", self.csrf_cookie)]


# What answers one console route: the page and the path's named groups, to a reply. (Not the
# API's operation handler, provider.registry.Handler.)
PageHandler = Callable[[Page, dict[str, str]], Reply]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: PageHandler


def route(method: str, pattern: str, handler: PageHandler) -> Route:
    return Route(method, re.compile(pattern), handler)


# The parts of a console path, as the API would accept them in a request.
ACCOUNT = r"(?P<account>\d{12})"
REGION = r"(?P<region>[a-z0-9-]{1,32})"
INSTANCE = r"(?P<instance>[A-Za-z0-9-]{1,100})"
