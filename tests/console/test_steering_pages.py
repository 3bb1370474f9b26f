"""Steering from the console: each form is the control API's call, so the control API sees
what the page did, and the page shows the control API's refusals beside the form."""

from __future__ import annotations

import re

from connect_emulator.control import ControlClient
from tests.console.helpers import client, create, eventually, fresh_account, status_of
from tests.console.web import PREFIX, ConsoleUser
from tests.support.server import EmulatorProcess


def error_beside(text: str, form: str) -> str:
    found = re.search(rf'id="{form}-error">([^<]+)<', text)
    assert found is not None, text
    return found.group(1)


def test_clock_lifecycle_failures_faults_limits_and_reset(
    console_server: EmulatorProcess, user: ConsoleUser
) -> None:
    control = ControlClient(console_server.url)
    control.reset()
    account = fresh_account()
    steer = PREFIX + "/steer"
    assert user.get(steer).status == 200

    assert user.post(steer + "/advance", {"amount": "2", "unit": "hours"}).status == 303
    assert control.clock()["offset"] == 7200
    assert user.post(steer + "/set-clock", {"to": "2040-01-01T00:00:00"}).status == 303
    assert abs(control.clock()["now"] - 2208988800) < 5

    lifecycle = {"account": account, "progression": "manual", "provisioning_delay": "3"}
    assert user.post(steer + "/lifecycle", lifecycle).status == 303
    assert control.lifecycle(account)["progression"] == "manual"
    refused = user.post(steer + "/lifecycle", {"account": account, "progression": "sometimes"})
    assert refused.status == 400
    assert error_beside(refused.text, "lifecycle").startswith("progression must be one of")

    fail = {"count": "2", "reason": "No capacity", "account": account, "alias_pattern": "ci-*"}
    assert user.post(steer + "/fail-next", fail).status == 303
    assert [(r["remaining"], r["reason"]) for r in control.failure_rules()] == [(2, "No capacity")]
    assert user.post(steer + "/fail-next", {"count": "0"}).status == 400

    fault = {
        "operations": "DescribeInstance, ListInstances",
        "rate": "0.25",
        "error": "ThrottlingException",
    }
    assert user.post(steer + "/add-fault", fault).status == 303
    assert control.faults() == [
        {
            "operations": ["DescribeInstance", "ListInstances"],
            "rate": 0.25,
            "error": "ThrottlingException",
            "account": None,
        }
    ]
    bad_fault = user.post(steer + "/add-fault", {"rate": "1", "error": "Nope"})
    assert bad_fault.status == 400
    assert "must be one of" in error_beside(bad_fault.text, "add-fault")
    assert user.post(steer + "/clear-faults", {}).status == 303
    assert control.faults() == []

    limits = {"account": account, "document": '{"instance_quota": 7}'}
    assert user.post(steer + "/limits", limits).status == 303
    assert control.limits(account)["instance_quota"] == 7
    assert user.post(steer + "/limits", {"account": account, "document": "{"}).status == 400

    assert user.post(steer + "/reset", {"account": "12"}).status == 400
    assert user.post(steer + "/reset", {}).status == 303
    assert control.failure_rules() == []
    assert control.clock()["offset"] == 0


def test_a_planned_failure_shows_with_its_reason_and_expires_a_day_later(
    console_server: EmulatorProcess, user: ConsoleUser
) -> None:
    ControlClient(console_server.url).reset()
    account = fresh_account()
    connect = client(console_server.url, account)
    failing = {"count": "1", "reason": "Directory <unreachable>", "account": account}
    assert user.post(PREFIX + "/steer/fail-next", failing).status == 303
    instance_id = create(connect, f"fails-{account}")
    eventually(lambda: status_of(connect, instance_id) == "CREATION_FAILED")
    listed = user.get(PREFIX + "/fragments/instances").text
    assert 'data-status="CREATION_FAILED"' in listed
    assert "Directory &lt;unreachable&gt;" in listed
    assert user.post(PREFIX + "/steer/advance", {"amount": "25", "unit": "hours"}).status == 303
    eventually(lambda: instance_id not in user.get(PREFIX + "/fragments/instances").text)


def test_a_manual_instance_is_released_from_its_page(
    console_server: EmulatorProcess, user: ConsoleUser
) -> None:
    ControlClient(console_server.url).reset()
    account = fresh_account()
    connect = client(console_server.url, account)
    user.post(PREFIX + "/steer/lifecycle", {"account": account, "progression": "manual"})
    instance_id = create(connect, f"manual-{account}")
    page = PREFIX + f"/instances/{account}/us-east-1/{instance_id}"
    assert "Make ACTIVE" in user.get(page).text
    released = user.post(page + "/release", {"outcome": "CREATION_FAILED", "reason": "By hand"})
    assert released.status == 303
    assert status_of(connect, instance_id) == "CREATION_FAILED"
    again = user.post(page + "/release", {"outcome": "ACTIVE"})
    assert again.status == 400
    assert "is not waiting to be provisioned" in again.text
