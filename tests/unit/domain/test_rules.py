"""Page tokens, lifecycle policies, limits and ids: the small rules, each on its own."""

from __future__ import annotations

import pytest

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.ids import ALPHANUMERIC, RandomIds
from connect_emulator.domain.limits import PROFILES, Limits, Rate, limits_from_json
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.domain.policy import (
    LifecyclePolicy,
    Progression,
    policy_from_json,
)
from connect_emulator.domain.ports import NEVER


def test_page_tokens_round_trip_within_their_scope_only() -> None:
    tokens = PageTokens(b"k" * 32)
    token = tokens.encode("ListInstances/1/us-east-1", 42)
    assert tokens.decode("ListInstances/1/us-east-1", token) == 42
    for scope in ("ListInstances/2/us-east-1", "ListInstances/1/eu-west-1", "Other/1/us-east-1"):
        with pytest.raises(InvalidInput):
            tokens.decode(scope, token)
    with pytest.raises(InvalidInput):
        PageTokens(b"other key").decode("ListInstances/1/us-east-1", token)


@pytest.mark.parametrize("forged", ["", ".", "abc", "NDI.", "NDM." + "A" * 22, "x" * 500, "NDI.!!"])
def test_forged_page_tokens_are_invalid(forged: str) -> None:
    with pytest.raises(InvalidInput, match="NextToken"):
        PageTokens(b"k").decode("s", forged)


def test_policies_schedule_by_progression() -> None:
    assert LifecyclePolicy(Progression.IMMEDIATE, 5, 5).provisioning_due(10) == 10
    assert LifecyclePolicy(Progression.DELAY, 5, 7).provisioning_due(10) == 15
    assert LifecyclePolicy(Progression.DELAY, 5, 7).removal_due(10) == 17
    assert LifecyclePolicy(Progression.MANUAL, 5, 7).provisioning_due(10) == NEVER
    assert LifecyclePolicy(Progression.MANUAL, 5, 7).removal_due(10) == 17


def test_policy_documents_keep_what_they_leave_out() -> None:
    base = LifecyclePolicy(Progression.DELAY, 2, 1)
    changed = policy_from_json({"progression": "manual"}, base)
    assert changed == LifecyclePolicy(Progression.MANUAL, 2, 1)
    assert policy_from_json({"deletion_delay": 9}, base).deletion_delay == 9


@pytest.mark.parametrize(
    "document",
    [[], {"progression": "warp"}, {"provisioning_delay": -1}, {"deletion_delay": True}, {"x": 1}],
)
def test_bad_policy_documents(document: object) -> None:
    with pytest.raises(InvalidInput):
        policy_from_json(document, LifecyclePolicy())


def test_the_aws_profile_is_aws_defaults() -> None:
    aws = PROFILES["aws"]
    assert (aws.instance_quota, aws.churn_quota) == (2, 100)
    assert aws.rate_for("DescribeInstance") == Rate(2.0, 5)
    assert aws.rate_for("CreateInstance") == Rate(0.1, 2)
    assert PROFILES["dev"] == Limits()


def test_limit_documents_merge_and_null_removes() -> None:
    base = PROFILES["aws"]
    lifted = limits_from_json({"instance_quota": 10, "api_rate": None}, base)
    assert lifted.instance_quota == 10
    assert lifted.rate_for("ListInstances") is None
    assert lifted.rate_for("CreateInstance") == Rate(0.1, 2)
    freed = limits_from_json({"operation_rates": {"CreateInstance": None}}, base)
    assert freed.rate_for("CreateInstance") == Rate(2.0, 5)


@pytest.mark.parametrize(
    "document",
    [
        {"instance_quota": -1},
        {"churn_quota": "5"},
        {"api_rate": {"per_second": 0, "burst": 1}},
        {"api_rate": {"per_second": 1}},
        {"operation_rates": []},
        {"nope": 1},
    ],
)
def test_bad_limit_documents(document: object) -> None:
    with pytest.raises(InvalidInput):
        limits_from_json(document, Limits())


def test_random_tokens_use_the_whole_alphabet_evenly() -> None:
    ids = RandomIds()
    text = "".join(ids.token(62) for _ in range(400))
    counts = {c: text.count(c) for c in ALPHANUMERIC}
    assert set(text) <= set(ALPHANUMERIC)
    assert min(counts.values()) > 0.5 * len(text) / 62
    assert len(ids.token(20)) == 20
