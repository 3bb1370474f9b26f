"""The last few hundred API requests this process answered (``RecentRequests``), newest first,
refreshed every second: what a failing test just saw, at a glance."""

from __future__ import annotations

from connect_emulator.console.page import Page, Route, route
from connect_emulator.console.web import Reply

SHOWN = 300


def routes() -> list[Route]:
    return [
        route("GET", r"/requests", show),
        route("GET", r"/fragments/requests", fragment),
    ]


def show(page: Page, _: dict[str, str]) -> Reply:
    return page.render("requests.html", requests=page.services.recent.newest_first(SHOWN))


def fragment(page: Page, _: dict[str, str]) -> Reply:
    return page.render("_requests.html", requests=page.services.recent.newest_first(SHOWN))
