"""The console's small parts on their own: error placement, tag lines, the request log, the
session cookie and the cross-site checks."""

from __future__ import annotations

from connect_emulator.console.access import CSRF_COOKIE, Gate, Verdict, same_site_post
from connect_emulator.console.api import field_errors
from connect_emulator.console.pages.instances import parse_tags
from connect_emulator.console.recent import RecentRequests
from connect_emulator.console.web import Fields
from connect_emulator.protocol.http import HttpRequest

TOKEN_FIELD = "t" * 43


def request(headers: dict[str, str], method: str = "GET") -> HttpRequest:
    return HttpRequest(method, "/_emulator/console/", "", headers)


def test_each_violation_goes_beside_the_member_it_names() -> None:
    message = (
        "2 validation errors detected: Value 'a; b' at 'InstanceAlias' failed to satisfy "
        "constraint: Member must have length less than or equal to 3; Value null at "
        "'IdentityManagementType' failed to satisfy constraint: Member must not be null"
    )
    found = field_errors(message, {})
    assert found == {
        "InstanceAlias": [
            "Value 'a; b' at 'InstanceAlias' failed to satisfy constraint: Member must have "
            "length less than or equal to 3"
        ],
        "IdentityManagementType": [
            "Value null at 'IdentityManagementType' failed to satisfy constraint: Member must "
            "not be null"
        ],
    }


def test_nested_members_go_beside_their_top_member_and_plain_messages_by_their_words() -> None:
    message = (
        "1 validation error detected: Value 'aws:x' at 'Tags.key' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: x; and 2 more"
    )
    assert list(field_errors(message, {})) == ["Tags"]
    plain = "Invalid Input. Instance alias is already used."
    assert field_errors(plain, {"alias": "InstanceAlias"}) == {"InstanceAlias": [plain]}
    assert field_errors("Something else.", {"alias": "InstanceAlias"}) == {}


def test_tag_lines() -> None:
    assert parse_tags("a=1\n\n b = x=y \n") == ({"a": "1", "b": "x=y"}, None)
    assert parse_tags("a=1\nno equals") == ({"a": "1"}, "no equals")


def test_the_request_log_keeps_the_newest_few() -> None:
    log = RecentRequests(lambda: 5.0, capacity=3)
    for number in range(5):
        log.record(f"Op{number}", "000000000000", "us-east-1", 200, None, 0.001)
    assert [entry.operation for entry in log.newest_first()] == ["Op4", "Op3", "Op2"]
    assert [entry.operation for entry in log.newest_first(1)] == ["Op4"]


def test_the_session_cookie_is_derived_from_the_token_and_checked() -> None:
    gate = Gate(enabled=False, token="secret-token")
    cookie = gate.login("secret-token")
    assert cookie is not None
    assert "secret-token" not in cookie
    assert gate.login("wrong") is None
    value = cookie.split(";", 1)[0]
    assert gate.verdict(request({"cookie": value})) is Verdict.ALLOWED
    assert gate.verdict(request({"cookie": value[:-1] + "0"})) is Verdict.LOGIN
    assert Gate(enabled=False, token=None).verdict(request({})) is Verdict.OFF
    assert Gate(enabled=True, token=None).verdict(request({})) is Verdict.ALLOWED


def test_a_post_is_the_consoles_own_only_with_the_matching_token_and_origin() -> None:
    cookie = {"cookie": f"{CSRF_COOKIE}={TOKEN_FIELD}", "host": "127.0.0.1:4577"}
    fields = Fields(f"csrf={TOKEN_FIELD}")
    assert same_site_post(request(cookie, "POST"), fields)
    assert not same_site_post(request(cookie, "POST"), Fields("csrf=other"))
    assert not same_site_post(request({}, "POST"), fields)
    foreign = {**cookie, "origin": "http://127.0.0.1:9999"}
    assert not same_site_post(request(foreign, "POST"), fields)
    assert same_site_post(request({**cookie, "origin": "http://127.0.0.1:4577"}, "POST"), fields)
