"""Who may use the console: the control API's exposure rules, the login form with a control
token, and POSTs refused unless they are the console's own forms from its own origin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.control import ControlClient
from tests.console.conftest import CONTROL_TOKEN
from tests.console.web import PREFIX, ConsoleUser
from tests.support.server import EmulatorProcess

PAGES = ["/", "/create", "/steer", "/requests", "/fragments/instances", "/fragments/requests"]


@pytest.fixture(scope="module")
def network_server() -> Iterator[EmulatorProcess]:
    """Beyond loopback without a control token: the console is off."""
    with EmulatorProcess(
        "--in-memory", "--host", "0.0.0.0", "--allow-unauthenticated-network-access"
    ) as server:
        yield server


def test_with_a_token_every_page_asks_for_it_and_shows_nothing(
    token_server: EmulatorProcess,
) -> None:
    user = ConsoleUser(token_server.url)
    for path in PAGES:
        page = user.get(PREFIX + path)
        assert page.status == 401, path
        assert 'name="token"' in page.text
        assert "Instances</h1>" not in page.text
    assert user.get(PREFIX + "/static/htmx.min.js").status == 200


def test_with_a_token_an_action_without_the_session_changes_nothing(
    token_server: EmulatorProcess,
) -> None:
    user = ConsoleUser(token_server.url)
    refused = user.post(PREFIX + "/steer/fail-next", {"count": "3", "reason": "x"})
    assert refused.status == 401
    control = ControlClient(token_server.url, token=CONTROL_TOKEN)
    assert control.failure_rules() == []


def test_the_right_token_opens_a_session_whose_cookie_is_not_the_token(
    token_server: EmulatorProcess,
) -> None:
    user = ConsoleUser(token_server.url)
    wrong = user.post(PREFIX + "/login", {"token": "guess", "next": PREFIX + "/steer"})
    assert wrong.status == 403
    assert "not the control token" in wrong.text
    right = user.post(PREFIX + "/login", {"token": CONTROL_TOKEN, "next": PREFIX + "/steer"})
    assert right.status == 303
    assert right.header("location") == PREFIX + "/steer"
    assert CONTROL_TOKEN not in (right.header("set-cookie") or "")
    assert "HttpOnly" in (right.header("set-cookie") or "")
    for path in PAGES:
        page = user.get(PREFIX + path)
        assert page.status == 200, path
        assert CONTROL_TOKEN not in page.text
    assert user.post(PREFIX + "/steer/fail-next", {"count": "1", "reason": "x"}).status == 303
    control = ControlClient(token_server.url, token=CONTROL_TOKEN)
    assert [rule["reason"] for rule in control.failure_rules()] == ["x"]
    control.reset()
    assert user.post(PREFIX + "/logout", {}).status == 303
    assert user.get(PREFIX + "/").status == 401


def test_login_never_leads_off_the_console(token_server: EmulatorProcess) -> None:
    user = ConsoleUser(token_server.url)
    for target in ("https://evil.example/", "//evil.example/", "/elsewhere"):
        answer = user.post(PREFIX + "/login", {"token": CONTROL_TOKEN, "next": target})
        assert answer.header("location") == PREFIX + "/"


def test_beyond_loopback_without_a_token_the_console_is_off(
    network_server: EmulatorProcess,
) -> None:
    port = network_server.url.rsplit(":", 1)[1]
    user = ConsoleUser(f"http://127.0.0.1:{port}")
    for path in [*PAGES, "/login"]:
        page = user.get(PREFIX + path)
        assert page.status == 403, path
        assert "The console is off" in page.text
    assert user.post(PREFIX + "/steer/reset", {}, csrf=False).status == 403


def test_a_post_without_the_forms_token_is_refused(user: ConsoleUser) -> None:
    assert user.post(PREFIX + "/steer/fail-next", {"count": "1"}, csrf=False).status == 403
    user.csrf()  # the cookie is set, but the field is missing
    assert user.post(PREFIX + "/steer/fail-next", {"count": "1"}, csrf=False).status == 403
    forged = user.post(PREFIX + "/steer/fail-next", {"count": "1", "csrf": "x" * 43}, csrf=False)
    assert forged.status == 403


def test_a_post_from_another_origin_is_refused(user: ConsoleUser) -> None:
    elsewhere = {"origin": "http://evil.example"}
    assert user.post(PREFIX + "/steer/reset", {}, headers=elsewhere).status == 403
    cross = {"sec-fetch-site": "cross-site"}
    assert user.post(PREFIX + "/steer/reset", {}, headers=cross).status == 403
    same = {"origin": f"http://{user.host}", "sec-fetch-site": "same-origin"}
    assert user.post(PREFIX + "/steer/reset", {}, headers=same).status == 303


def test_only_the_methods_a_page_has(user: ConsoleUser) -> None:
    answer = user.post(PREFIX + "/requests", {})
    assert answer.status == 405
    assert answer.header("allow") == "GET"
