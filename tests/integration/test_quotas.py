"""ServiceQuotaExceededException (402): the instance quota and the 30-day churn quota."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_gone, wait_settled
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess


@pytest.fixture(scope="module")
def quota_server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(
        "--in-memory",
        "--instance-quota",
        "3",
        "--churn-quota",
        "8",
        "--provisioning-delay",
        "0",
        "--deletion-delay",
        "0",
    ) as server:
        yield server


@pytest.fixture
def quota_control(quota_server: EmulatorProcess) -> ControlClient:
    control = ControlClient(quota_server.url)
    control.reset()
    return control


def test_the_instance_quota_refuses_the_next_create_and_creates_nothing(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    connect = connect_client(quota_server.url)
    for _ in range(3):
        create(connect)
    with pytest.raises(ClientError) as raised:
        create(connect)
    error = raised.value.response
    assert error["Error"]["Code"] == "ServiceQuotaExceededException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert "Quota limit reached" in error["Error"]["Message"]
    assert len(connect.list_instances()["InstanceSummaryList"]) == 3
    # Another Region of the same account has its own quota.
    assert create(connect_client(quota_server.url, region="eu-west-1"))["Id"]


def test_failed_instances_do_not_count_and_deletions_free_the_quota(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    connect = connect_client(quota_server.url)
    quota_control.fail_next_creations(2)
    failed = [create(connect), create(connect)]
    for created in failed:
        assert wait_settled(connect, created["Id"])["InstanceStatus"] == "CREATION_FAILED"
    live = [create(connect) for _ in range(3)]
    with pytest.raises(connect.exceptions.ServiceQuotaExceededException):
        create(connect)
    connect.delete_instance(InstanceId=live[0]["Id"])
    assert wait_gone(connect, live[0]["Id"])
    assert create(connect)["Id"]


def test_the_churn_quota_counts_creations_and_deletions(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    connect = connect_client(quota_server.url, access_key="343434343434")
    for _ in range(4):
        created = create(connect)
        connect.delete_instance(InstanceId=created["Id"])
        assert wait_gone(connect, created["Id"])
    with pytest.raises(ClientError) as raised:
        create(connect)
    assert raised.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
    assert "excessive number of creation and deletion" in raised.value.response["Error"]["Message"]
    # Thirty days later the window has moved on.
    quota_control.advance_clock(days=30)
    assert create(connect)["Id"]


def concurrent_creates(url: str, account: str, attempts: int) -> list[str]:
    """Fires ``attempts`` creations at once; the outcome of each ("created" or an error code)."""
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            create(connect_client(url, access_key=account))
            outcome = "created"
        except ClientError as error:
            outcome = error.response["Error"]["Code"]
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_creates_never_exceed_the_quota(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    outcomes = concurrent_creates(quota_server.url, "565656565656", 16)
    assert outcomes.count("created") == 3
    assert outcomes.count("ServiceQuotaExceededException") == 13
    listed = connect_client(quota_server.url, access_key="565656565656").list_instances()
    assert len(listed["InstanceSummaryList"]) == 3


def test_a_quota_increase_through_the_control_api(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    connect = connect_client(quota_server.url, access_key="787878787878")
    for _ in range(3):
        create(connect)
    limits = quota_control.set_limits("787878787878", instance_quota=5)
    assert limits["instance_quota"] == 5
    create(connect)
    create(connect)
    with pytest.raises(connect.exceptions.ServiceQuotaExceededException):
        create(connect)
    assert quota_control.limits()["instance_quota"] == 3


def test_concurrent_creates_never_exceed_the_churn_quota(
    quota_server: EmulatorProcess, quota_control: ControlClient
) -> None:
    account = "676767676767"
    quota_control.set_limits(account, instance_quota=None, churn_quota=5)
    codes = concurrent_creates(quota_server.url, account, 16)
    assert codes.count("created") == 5
    assert codes.count("ServiceQuotaExceededException") == 11
