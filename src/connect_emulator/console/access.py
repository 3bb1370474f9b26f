"""Who may use the console, and which POSTs are the console's own.

The exposure rules are the control API's: on when the server listens on loopback, elsewhere
only with a control token. With a token, the console asks for it once (the login form) and
keeps a session cookie that is an HMAC of the token, never the token itself, so any server
process on the same token accepts it and the cookie reveals nothing.

Cross-site requests: every POST must carry the double-submit token (a random cookie echoed in
a hidden form field, which another site can neither read nor set) and, when the browser says
where it came from (``Origin``, ``Sec-Fetch-Site``), come from this very origin. Without a
control token there is no session to steal, but a page elsewhere could still post a reset to
127.0.0.1; this is what stops it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import Enum

from connect_emulator.console.web import Fields, Request, cookies

SESSION_COOKIE = "connect_emulator_console"
CSRF_COOKIE = "connect_emulator_csrf"
CSRF_FIELD = "csrf"
COOKIE_PATH = "/_emulator/console/"
_SESSION_PURPOSE = b"connect-emulator console session v1"


class Verdict(Enum):
    ALLOWED = "allowed"
    OFF = "off"  # beyond loopback without a control token: nobody may use the console
    LOGIN = "login"  # a token is configured and this browser has not given it


class Gate:
    def __init__(self, *, enabled: bool, token: str | None) -> None:
        self._enabled = enabled or token is not None
        self._token = token

    @property
    def needs_login(self) -> bool:
        return self._token is not None

    def verdict(self, request: Request) -> Verdict:
        if not self._enabled:
            return Verdict.OFF
        if self._token is None:
            return Verdict.ALLOWED
        given = cookies(request).get(SESSION_COOKIE, "")
        return Verdict.ALLOWED if hmac.compare_digest(given, self._session()) else Verdict.LOGIN

    def login(self, given: str) -> str | None:
        """The session cookie's header value for the right token; None for a wrong one."""
        if self._token is None or not hmac.compare_digest(given.encode(), self._token.encode()):
            return None
        return _cookie(SESSION_COOKIE, self._session(), http_only=True)

    def _session(self) -> str:
        assert self._token is not None
        return hmac.new(self._token.encode(), _SESSION_PURPOSE, hashlib.sha256).hexdigest()


def logout_cookie() -> str:
    return _cookie(SESSION_COOKIE, "", http_only=True, max_age=0)


def csrf_token(request: Request) -> tuple[str, str | None]:
    """The browser's double-submit token, and a Set-Cookie value when it needs a new one."""
    current = cookies(request).get(CSRF_COOKIE, "")
    if len(current) >= 32:
        return current, None
    fresh = secrets.token_urlsafe(32)
    return fresh, _cookie(CSRF_COOKIE, fresh, http_only=True)


def same_site_post(request: Request, fields: Fields) -> bool:
    """Whether a POST is one of the console's own forms, sent from this origin."""
    expected = cookies(request).get(CSRF_COOKIE, "")
    given = fields.get(CSRF_FIELD)
    if len(expected) < 32 or not hmac.compare_digest(given.encode(), expected.encode()):
        return False
    if request.headers.get("sec-fetch-site", "same-origin") not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in {f"http://{host}", f"https://{host}"}


def _cookie(name: str, value: str, *, http_only: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", f"Path={COOKIE_PATH}", "SameSite=Strict"]
    if http_only:
        parts.append("HttpOnly")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)
