"""The control API's documents, read and checked by the domain (domain/controls.py)."""

from __future__ import annotations

from typing import Any

import pytest

from connect_emulator.domain.controls import (
    FailurePlan,
    FaultRule,
    Travel,
    directory_from_json,
    failure_plan_from_json,
    faults_from_json,
    provisioning_from_json,
    reset_from_json,
    step_from_json,
    travel_from_json,
)
from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.model import Directory


def test_documents_read_with_their_defaults() -> None:
    assert reset_from_json({}) is None
    assert reset_from_json({"account": "111111111111"}) == "111111111111"
    assert travel_from_json({"advance": 5}) == Travel(5.0, None, None)
    assert provisioning_from_json({}) is None
    assert provisioning_from_json({"outcome": "CREATION_FAILED"}) == "Instance creation failed."
    assert provisioning_from_json({"outcome": "CREATION_FAILED", "reason": "no"}) == "no"
    assert step_from_json({"outcome": "done"}) is None
    assert step_from_json({"outcome": "failed"}) == "The step failed."
    assert failure_plan_from_json({}) == FailurePlan(
        1, "Instance creation failed.", None, None, None
    )
    assert failure_plan_from_json(
        {"count": 2, "family": "vocabulary", "name_pattern": "v-*", "alias_pattern": "x"}
    ) == FailurePlan(2, "The request failed.", None, "v-*", "vocabulary")
    assert directory_from_json("1", "d-1", {}) == Directory("1", "d-1", True, None)
    assert faults_from_json({"rules": [{}, {"rate": None, "operations": ["A"]}]}) == [
        FaultRule((), 1.0, "ThrottlingException"),
        FaultRule(("A",), 0.0, "ThrottlingException"),
    ]


@pytest.mark.parametrize(
    ("read", "document", "message"),
    [
        (reset_from_json, {"account": 1}, "'account' must be a string."),
        (travel_from_json, {"advance": "1"}, "'advance' must be a number."),
        (travel_from_json, {"to": True}, "'to' must be a number."),
        (travel_from_json, {"offset": float("nan")}, "'offset' must be a number."),
        (provisioning_from_json, {"outcome": "ACTIVE", "reason": "x"}, "'outcome' is ACTIVE"),
        (provisioning_from_json, {"outcome": "DONE"}, "'outcome' is ACTIVE"),
        (provisioning_from_json, {"reason": 3}, "'reason' must be a string."),
        (step_from_json, {"outcome": "done", "reason": "x"}, "'outcome' is done"),
        (failure_plan_from_json, {"count": "2"}, "'count' must be an integer."),
        (failure_plan_from_json, {"count": True}, "'count' must be an integer."),
        (failure_plan_from_json, {"alias_pattern": 7}, "'alias_pattern' must be a string."),
        (lambda d: directory_from_json("1", "d-1", d), {"usable": 1}, "'usable' must be true"),
        (faults_from_json, {"rules": {}}, "'rules' must be a list."),
        (faults_from_json, {"rules": [1]}, "Each fault rule is a JSON object."),
        (faults_from_json, {"rules": [{"operations": "A"}]}, "'operations' must be a list"),
        (faults_from_json, {"rules": [{"rate": "1"}]}, "'rate' must be a number."),
    ],
)
def test_bad_documents_are_refused_naming_what_is_wrong(
    read: Any, document: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        read(document)
    assert raised.value.message.startswith(message)
