"""Resource ARNs as the engine parses them: inside an instance, and under the account for an
account-level family (phone numbers)."""

from __future__ import annotations

from connect_emulator.resources.arns import ChildArn, account_arn, parse_child_arn

_ACCOUNT = "123456789012"
_BASE = f"arn:aws:connect:eu-west-2:{_ACCOUNT}:"


def test_an_arn_inside_an_instance() -> None:
    assert parse_child_arn(_BASE + "instance/i-1/queue/q-1") == ChildArn(
        "eu-west-2", _ACCOUNT, "i-1", "queue", "q-1"
    )


def test_an_agent_queue_or_a_qualified_flow_is_not_plain() -> None:
    agent = parse_child_arn(_BASE + "instance/i-1/queue/agent/q-1")
    qualified = parse_child_arn(_BASE + "instance/i-1/contact-flow/f-1:$SAVED")
    assert agent is not None
    assert (agent.resource_id, agent.plain) == ("q-1", False)
    assert qualified is not None
    assert (qualified.resource_id, qualified.plain) == ("f-1", False)


def test_an_arn_under_the_account_has_no_instance() -> None:
    arn = account_arn("eu-west-2", _ACCOUNT, "phone-number", "n-1")
    assert arn == _BASE + "phone-number/n-1"
    assert parse_child_arn(arn) == ChildArn("eu-west-2", _ACCOUNT, None, "phone-number", "n-1")


def test_other_arns_are_not_resources() -> None:
    assert parse_child_arn("arn:aws:iam::123456789012:role/r") is None
    assert parse_child_arn(_BASE + "phone-number/n-1/extra") is None
