"""The console's front door: every request under ``/_emulator/console`` comes here.

Order of checks, for every page and action: static files (public: the pinned script and the
stylesheet) -> is the console on at all -> the session (with a control token) -> for a POST,
that it is the console's own form from this origin -> the page.
"""

from __future__ import annotations

import logging
import re
from importlib import resources

from connect_emulator.console.access import (
    Gate,
    Verdict,
    csrf_token,
    logout_cookie,
    same_site_post,
)
from connect_emulator.console.page import Page, Route, Services
from connect_emulator.console.pages import (
    create,
    instances,
    requests,
    resources as families,
    steering,
)
from connect_emulator.console.render import PREFIX
from connect_emulator.console.web import Reply, Request, form, html, redirect

LOG = logging.getLogger(__name__)

_STATIC = {
    "htmx.min.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
}
# A ``next`` after login may only lead back into the console.
_NEXT = re.compile(re.escape(PREFIX) + r"/[A-Za-z0-9/_.:?=&%-]*")


class Console:
    def __init__(self, services: Services, gate: Gate) -> None:
        self._services = services
        self._gate = gate
        self._routes: list[Route] = [
            *instances.routes(),
            *create.routes(),
            *families.routes(),
            *steering.routes(),
            *requests.routes(),
        ]

    def __call__(self, request: Request) -> Reply:
        path, _, _ = request.raw_path.partition("?")
        if path == PREFIX:
            return redirect(PREFIX + "/")
        sub = path[len(PREFIX) :]
        if sub.startswith("/static/"):
            return _static(sub[len("/static/") :])
        try:
            return self._answer(request, sub)
        except Exception:
            LOG.exception("console page %s failed", path)
            return self._message(request, 500, "Something went wrong; the server log says what.")

    def _answer(self, request: Request, sub: str) -> Reply:
        method = "GET" if request.method == "HEAD" else request.method
        refusal = self._refusal(request, method, sub)
        if refusal is not None:
            return refusal
        if sub == "/login":
            return self._login(request, method)
        if sub == "/logout" and method == "POST":
            return redirect(PREFIX + "/login", [("set-cookie", logout_cookie())])
        allowed = []
        for candidate in self._routes:
            match = candidate.pattern.fullmatch(sub)
            if match is not None:
                if candidate.method == method:
                    return candidate.handler(self._page(request), match.groupdict())
                allowed.append(candidate.method)
        if allowed:
            return Reply(405, [("allow", ", ".join(allowed))])
        return self._message(request, 404, "No console page here.")

    def _refusal(self, request: Request, method: str, sub: str) -> Reply | None:
        """Why this request may not go further, as the page that says so; None if it may."""
        verdict = self._gate.verdict(request)
        if verdict is Verdict.OFF:
            return self._message(
                request,
                403,
                "The console is off: this server listens beyond loopback without "
                "--control-token. Start it with a control token to use the console.",
            )
        if sub == "/login":
            return None  # the login form checks its own POST
        if verdict is Verdict.LOGIN:
            return self._login_form(request, 401, request.raw_path, None)
        if method == "POST" and not same_site_post(request, form(request)):
            return self._message(
                request, 403, "This form was not sent from the console: reload it and try again."
            )
        return None

    def _login(self, request: Request, method: str) -> Reply:
        if not self._gate.needs_login:
            return redirect(PREFIX + "/")
        if method != "POST":
            return self._login_form(request, 200, "", None)
        fields = form(request)
        target = fields.get("next")
        if _NEXT.fullmatch(target) is None:
            target = PREFIX + "/"
        if not same_site_post(request, fields):
            return self._login_form(request, 403, target, "Reload the page and try again.")
        cookie = self._gate.login(fields.get("token"))
        if cookie is None:
            return self._login_form(request, 403, target, "That is not the control token.")
        return redirect(target, [("set-cookie", cookie)])

    def _login_form(self, request: Request, status: int, target: str, error: str | None) -> Reply:
        if _NEXT.fullmatch(target) is None:
            target = PREFIX + "/"
        return self._page(request, signed_in=False).render(
            "login.html", status, next=target, error=error
        )

    def _message(self, request: Request, status: int, message: str) -> Reply:
        page = self._page(request, signed_in=False)
        return page.render("missing.html", status, message=message)

    def _page(self, request: Request, *, signed_in: bool | None = None) -> Page:
        token, cookie = csrf_token(request)
        if signed_in is None:
            signed_in = self._gate.needs_login
        return Page(request, self._services, token, cookie, signed_in)


def _static(name: str) -> Reply:
    content_type = _STATIC.get(name)
    if content_type is None:
        return html(404, "Not found")
    body = resources.files("connect_emulator.console").joinpath("static", name).read_bytes()
    # Pinned files that change only with the package: a browser may keep them an hour.
    return Reply(200, [("content-type", content_type), ("cache-control", "max-age=3600")], body)
