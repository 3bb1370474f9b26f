"""ThrottlingException (429) from per-account, per-Region, per-operation token buckets."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess


@pytest.fixture(scope="module")
def aws_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    path: Path = tmp_path_factory.mktemp("limits") / "accounts.json"
    path.write_text(json.dumps({"919191919191": {"api_rate": None}}))
    with EmulatorProcess("--in-memory", "--limits", "aws", "--account-limits", str(path)) as server:
        yield server


def burst(connect: object, count: int) -> list[str]:
    outcomes = []
    for _ in range(count):
        try:
            connect.list_instances()  # type: ignore[attr-defined]
            outcomes.append("ok")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])
    return outcomes


def test_the_aws_profile_throttles_after_the_burst_and_recovers(
    aws_limits: EmulatorProcess,
) -> None:
    connect = connect_client(aws_limits.url, access_key="121212121212")
    outcomes = burst(connect, 8)
    assert outcomes[:5] == ["ok"] * 5
    assert "ThrottlingException" in outcomes[5:]
    with pytest.raises(ClientError) as raised:
        connect.list_instances()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    time.sleep(1.1)  # 2 tokens a second: the bucket refills
    assert connect.list_instances()["InstanceSummaryList"] == []


def test_buckets_are_per_account_and_operation(aws_limits: EmulatorProcess) -> None:
    first = connect_client(aws_limits.url, access_key="131313131313")
    second = connect_client(aws_limits.url, access_key="141414141414")
    assert "ThrottlingException" in burst(first, 8)
    assert burst(second, 5) == ["ok"] * 5
    with pytest.raises(first.exceptions.ResourceNotFoundException):
        first.describe_instance(InstanceId="00000000-0000-4000-8000-000000000000")


def test_the_aws_profile_has_the_instance_quota_of_two(aws_limits: EmulatorProcess) -> None:
    assert ControlClient(aws_limits.url).limits()["instance_quota"] == 2


def test_per_account_configuration_lifts_the_rate(aws_limits: EmulatorProcess) -> None:
    unlimited = connect_client(aws_limits.url, access_key="919191919191")
    assert burst(unlimited, 20) == ["ok"] * 20
    control = ControlClient(aws_limits.url)
    control.set_limits("151515151515", api_rate={"per_second": 100, "burst": 30})
    lifted = connect_client(aws_limits.url, access_key="151515151515")
    assert burst(lifted, 25) == ["ok"] * 25
