"""A console user over plain HTTP: a cookie jar, and forms posted with the page's token."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

PREFIX = "/_emulator/console"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class ConsoleUser:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.netloc
        self._address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.cookies: dict[str, str] = {}

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self._send("GET", path, b"", headers or {})

    def post(
        self,
        path: str,
        fields: dict[str, str] | list[tuple[str, str]],
        *,
        csrf: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            pairs.append(("csrf", self.csrf()))
        body = urlencode(pairs).encode()
        sent = {"content-type": "application/x-www-form-urlencoded", **(headers or {})}
        return self._send("POST", path, body, sent)

    def csrf(self) -> str:
        """The token the console's forms carry (a page visit sets its cookie)."""
        page = self.get(PREFIX + "/create")
        match = _CSRF.search(page.text)
        assert match is not None, page.text
        return match.group(1)

    def _send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Answer:
        connection = http.client.HTTPConnection(*self._address, timeout=10)
        try:
            sent = dict(headers)
            if self.cookies:
                sent["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("set-cookie") or []:
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
            return Answer(response.status, response.headers, text)
        finally:
            connection.close()
