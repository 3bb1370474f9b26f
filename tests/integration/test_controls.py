"""The control API: time travel, failure and expiry, lifecycle pacing, directories, faults,
reset. Each test starts from a reset server of this module's own."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient, ControlError
from tests.integration.helpers import (
    create,
    unique_alias,
    wait_for_status,
    wait_gone,
    wait_settled,
)
from tests.support.clients import connect_client
from tests.support.raw import send
from tests.support.server import EmulatorProcess

DEFAULT_ACCOUNT = "000000000000"
DAY = 24 * 60 * 60


def test_the_clock_moves_only_forward_and_delays_follow_it(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    before = control.clock()
    assert before["offset"] == 0
    created = create(connect)
    assert connect.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"] == (
        "CREATION_IN_PROGRESS"
    )
    now = control.advance_clock(6)
    assert now >= before["now"] + 6
    assert (
        wait_for_status(connect, created["Id"], "ACTIVE", timeout=5)["InstanceStatus"] == "ACTIVE"
    )
    with pytest.raises(ControlError) as raised:
        control.advance_clock(-1)
    assert raised.value.status == 400
    # The offset clock() showed puts the clock back where it was.
    control.set_clock_offset(before["offset"])
    assert control.clock()["offset"] == before["offset"]
    both = urllib.request.Request(
        controlled_server.url + "/_emulator/clock", b'{"advance": 1, "offset": 0}', method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(both, timeout=10)
    refused.value.close()  # it holds the connection
    assert refused.value.code == 400


def test_moto_s_reset_forgets_everything(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    # What a test suite moving from moto's server mode sends between tests: an unsigned POST.
    mine, theirs = (
        connect_client(controlled_server.url),
        connect_client(controlled_server.url, access_key="424242424242"),
    )
    create(mine)
    create(theirs)
    control.advance_clock(3600)
    control.set_faults([{"operations": ["ListTags"], "rate": 1.0, "error": "ThrottlingException"}])
    control.set_lifecycle("424242424242", "manual")
    reset = urllib.request.Request(controlled_server.url + "/moto-api/reset", method="POST")
    with urllib.request.urlopen(reset, timeout=10) as reply:
        assert (reply.status, json.loads(reply.read())) == (200, {"status": "ok"})
    assert mine.list_instances()["InstanceSummaryList"] == []
    assert theirs.list_instances()["InstanceSummaryList"] == []
    assert control.clock()["offset"] == 0
    assert control.faults() == []
    assert control.lifecycle("424242424242")["progression"] == "delay"
    # Only POST resets, as in moto; other moto-api paths are not the emulator's.
    for method, path, status in [("GET", "/moto-api/reset", 405), ("POST", "/moto-api/x", 404)]:
        wrong = urllib.request.Request(controlled_server.url + path, method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(wrong, timeout=10)
        refused.value.close()  # it holds the connection
        assert refused.value.code == status


def test_a_failed_creation_is_visible_for_24_hours_then_gone(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    control.fail_next_creations(1, reason="Directory quota reached")
    alias = unique_alias()
    created = create(connect, alias)
    control.advance_clock(6)
    failed = wait_for_status(connect, created["Id"], "CREATION_FAILED")
    assert failed["StatusReason"] == {"Message": "Directory quota reached"}
    [summary] = connect.list_instances()["InstanceSummaryList"]
    assert summary["InstanceStatus"] == "CREATION_FAILED"
    assert "StatusReason" not in summary
    # A failed instance holds no alias.
    replacement = create(connect, alias)

    control.advance_clock(DAY - 60)
    assert connect.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"] == (
        "CREATION_FAILED"
    )
    control.advance_clock(120)
    assert wait_gone(connect, created["Id"])
    listed = [s["Id"] for s in connect.list_instances()["InstanceSummaryList"]]
    assert listed == [replacement["Id"]]


def test_failures_can_target_an_alias_pattern_and_an_account(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    control.set_lifecycle(DEFAULT_ACCOUNT, "immediate")
    control.set_lifecycle("123412341234", "immediate")
    control.fail_next_creations(
        2, reason="bad luck", alias_pattern="doomed-*", account=DEFAULT_ACCOUNT
    )
    connect = connect_client(controlled_server.url)
    other = connect_client(controlled_server.url, access_key="123412341234")
    spared = create(connect, unique_alias("fine"))
    elsewhere = create(other, "doomed-" + unique_alias())
    doomed = [create(connect, "doomed-" + unique_alias()) for _ in range(3)]
    assert wait_for_status(connect, spared["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    assert wait_for_status(other, elsewhere["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    statuses = [wait_settled(connect, d["Id"])["InstanceStatus"] for d in doomed]
    assert statuses == ["CREATION_FAILED", "CREATION_FAILED", "ACTIVE"]


def test_manual_lifecycle_waits_until_told(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    policy = control.set_lifecycle(DEFAULT_ACCOUNT, "manual")
    assert policy["progression"] == "manual"
    first, second = create(connect), create(connect)
    # Far past any delay, but short of the 24 hours after which a failure is hidden.
    control.advance_clock(3600)
    time.sleep(0.3)
    for created in (first, second):
        status = connect.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"]
        assert status == "CREATION_IN_PROGRESS"
    control.provision(first["Id"])
    control.provision(second["Id"], fail_reason="told to fail")
    assert (
        connect.describe_instance(InstanceId=first["Id"])["Instance"]["InstanceStatus"] == "ACTIVE"
    )
    failed = connect.describe_instance(InstanceId=second["Id"])["Instance"]
    assert failed["StatusReason"]["Message"] == "told to fail"
    with pytest.raises(ControlError) as raised:
        control.provision(first["Id"])
    assert raised.value.status == 400


def test_immediate_lifecycle_is_per_account(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    control.set_lifecycle("555566667777", "immediate")
    fast = connect_client(controlled_server.url, access_key="555566667777")
    slow = connect_client(controlled_server.url)
    quick = create(fast)
    waiting = create(slow)
    assert wait_for_status(fast, quick["Id"], "ACTIVE", timeout=3)["InstanceStatus"] == "ACTIVE"
    assert slow.describe_instance(InstanceId=waiting["Id"])["Instance"]["InstanceStatus"] == (
        "CREATION_IN_PROGRESS"
    )
    assert control.lifecycle("555566667777")["progression"] == "immediate"
    assert control.lifecycle()["progression"] == "delay"


def test_declared_directories_are_the_only_ones(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)

    def with_directory(directory_id: str) -> dict[str, Any]:
        return dict(
            connect.create_instance(
                IdentityManagementType="EXISTING_DIRECTORY",
                DirectoryId=directory_id,
                InboundCallsEnabled=True,
                OutboundCallsEnabled=True,
            )
        )

    # Open world: any well-formed directory exists.
    assert with_directory("d-0000000001")["Id"]
    control.declare_directory(DEFAULT_ACCOUNT, "d-00000000aa")
    declared = control.declare_directory(
        DEFAULT_ACCOUNT, "d-00000000bb", usable=False, reason="Directory is not reachable."
    )
    assert declared == {
        "account": DEFAULT_ACCOUNT,
        "directory_id": "d-00000000bb",
        "usable": False,
        "reason": "Directory is not reachable.",
    }
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        with_directory("d-0000000002")
    assert connect.list_instances()["InstanceSummaryList"].__len__() == 1
    good = with_directory("d-00000000aa")
    bad = with_directory("d-00000000bb")
    control.advance_clock(6)
    assert wait_for_status(connect, good["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    failed = wait_for_status(connect, bad["Id"], "CREATION_FAILED")
    assert failed["StatusReason"]["Message"] == "Directory is not reachable."


def test_injected_throttling_and_internal_errors(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    created = create(connect_client(controlled_server.url))
    control.set_faults(
        [{"operations": ["DescribeInstance"], "rate": 1.0, "error": "ThrottlingException"}]
    )
    once = connect_client(controlled_server.url, max_attempts=1)
    with pytest.raises(ClientError) as raised:
        once.describe_instance(InstanceId=created["Id"])
    assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    # Other operations are untouched.
    assert once.list_instances()["InstanceSummaryList"]

    retrying = connect_client(controlled_server.url, max_attempts=3)
    with pytest.raises(ClientError) as raised:
        retrying.describe_instance(InstanceId=created["Id"])
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2

    control.set_faults([{"operations": [], "rate": 1.0, "error": "InternalServiceException"}])
    with pytest.raises(ClientError) as raised:
        once.list_instances()
    assert raised.value.response["Error"]["Code"] == "InternalServiceException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500

    control.set_faults([])
    assert once.describe_instance(InstanceId=created["Id"])["Instance"]["Id"] == created["Id"]


def test_a_share_of_requests_fails(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    control.set_faults(
        [{"operations": ["ListInstances"], "rate": 0.5, "error": "ThrottlingException"}]
    )
    once = connect_client(controlled_server.url, max_attempts=1)
    outcomes = []
    for _ in range(60):
        try:
            once.list_instances()
            outcomes.append(True)
        except ClientError:
            outcomes.append(False)
    assert 10 < outcomes.count(False) < 50


def test_reset_one_account_or_everything(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    mine = connect_client(controlled_server.url)
    theirs = connect_client(controlled_server.url, access_key="888899990000")
    alias = unique_alias()
    create(mine, alias)
    kept = create(theirs)
    control.advance_clock(100)
    control.reset(DEFAULT_ACCOUNT)
    assert mine.list_instances()["InstanceSummaryList"] == []
    assert [s["Id"] for s in theirs.list_instances()["InstanceSummaryList"]] == [kept["Id"]]
    assert control.clock()["offset"] == 100
    create(mine, alias)  # the alias went with the reset instance
    control.reset()
    assert theirs.list_instances()["InstanceSummaryList"] == []
    assert control.clock()["offset"] == 0


def test_control_errors_are_json(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    reply = send(controlled_server.url, "POST", "/_emulator/clock", b"[1]", sign=False)
    assert reply.status == 400
    assert reply.headers["x-amzn-errortype"] == "SerializationException"
    assert json.loads(reply.body)["Message"]
    reply = send(controlled_server.url, "GET", "/_emulator/nothing", sign=False)
    assert reply.status == 404
    reply = send(
        controlled_server.url,
        "PUT",
        "/_emulator/lifecycle/000000000000",
        b'{"progression": "warp"}',
        sign=False,
    )
    assert reply.status == 400
    # The domain checks control input (domain/controls.py); the route answers its refusal.
    for path, body, message in [
        ("/_emulator/failures", b'{"count": "2"}', "'count' must be an integer."),
        ("/_emulator/clock", b'{"advance": NaN}', "'advance' must be a number."),
    ]:
        reply = send(controlled_server.url, "POST", path, body, sign=False)
        assert reply.status == 400
        assert reply.headers["x-amzn-errortype"] == "InvalidRequestException"
        assert json.loads(reply.body)["Message"] == message


def test_a_control_token_is_required_once_configured() -> None:
    with EmulatorProcess("--in-memory", "--control-token", "s3cret") as server:
        with pytest.raises(ControlError) as raised:
            ControlClient(server.url).clock()
        assert raised.value.status == 403
        assert ControlClient(server.url, token="s3cret").clock()["offset"] == 0
        assert ControlClient(server.url).health()["status"] == "ok"
