"""boto3 beyond plain calls: paginators, endpoints from the environment and the config file,
and the standard retry mode meeting injected throttling and server errors.

Tests that inject faults use a server of this module's own (in this process): the shared
session server must never be faulted or reset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.exceptions import ClientError

from connect_emulator.testing import RunningEmulator, emulator
from tests.integration.helpers import create
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def count_requests(client: ConnectClient, operation: str) -> list[str]:
    """A list that gets one entry per HTTP request (every attempt) ``client`` sends."""
    sent: list[str] = []

    def record(**_: Any) -> None:
        sent.append(operation)

    client.meta.events.register(f"before-send.connect.{operation}", record)
    return sent


def plain_client(region: str = "us-east-1") -> ConnectClient:
    """No endpoint given: it must come from the environment or the config file."""
    session = boto3.session.Session(
        aws_access_key_id="test", aws_secret_access_key="test", region_name=region
    )
    return session.client("connect")


# Paginators, on the shared server in an account of the test's own


def test_the_list_instances_paginator_walks_pages_of_page_size(
    own_connect: ConnectClient,
) -> None:
    ids = [create(own_connect)["Id"] for _ in range(5)]
    requests = count_requests(own_connect, "ListInstances")
    paginator = own_connect.get_paginator("list_instances")

    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [[s["Id"] for s in page["InstanceSummaryList"]] for page in pages] == [
        ids[0:2],
        ids[2:4],
        ids[4:5],
    ]
    assert len(requests) == 3

    whole = paginator.paginate(PaginationConfig={"PageSize": 2}).build_full_result()
    assert [s["Id"] for s in whole["InstanceSummaryList"]] == ids
    assert "NextToken" not in whole

    # MaxItems stops in the middle of a page; the token it gives resumes exactly there.
    head = paginator.paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
    assert [s["Id"] for s in head["InstanceSummaryList"]] == ids[:3]
    tail = paginator.paginate(
        PaginationConfig={"PageSize": 2, "StartingToken": head["NextToken"]}
    ).build_full_result()
    assert [s["Id"] for s in tail["InstanceSummaryList"]] == ids[3:]


# Endpoints from the environment and the config file


def test_endpoint_from_the_generic_aws_endpoint_url(
    server: EmulatorProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    client = plain_client()
    assert client.meta.endpoint_url == server.url
    created = create(client)
    assert client.describe_instance(InstanceId=created["Id"])["Instance"]["Id"] == created["Id"]


def test_the_service_specific_variable_wins_over_the_generic_one(
    server: EmulatorProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server.url)
    client = plain_client(region="eu-west-1")
    assert client.meta.endpoint_url == server.url
    created = create(client)
    assert created["Arn"].startswith("arn:aws:connect:eu-west-1:")


def test_endpoint_from_a_services_section_of_the_config_file(
    server: EmulatorProcess, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[default]\nservices = local-emulator\n\n"
        f"[services local-emulator]\nconnect =\n  endpoint_url = {server.url}\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    client = plain_client()
    assert client.meta.endpoint_url == server.url
    assert create(client)["Id"]


# Retries, on a server of this module's own


@pytest.fixture(scope="module")
def faulty() -> Iterator[RunningEmulator]:
    # Seeded: which requests an injected fault hits is the same on every run.
    with emulator(seed=20240517) as running:
        yield running


@pytest.fixture
def emu(faulty: RunningEmulator) -> RunningEmulator:
    faulty.reset()
    return faulty


def standard(emu: RunningEmulator, attempts: int) -> ConnectClient:
    return emu.client(retries={"mode": "standard", "total_max_attempts": attempts})


def test_standard_retries_give_up_on_constant_throttling(emu: RunningEmulator) -> None:
    instance_id = create(emu.client())["Id"]
    emu.control.set_faults(
        [{"operations": ["DescribeInstance"], "rate": 1.0, "error": "ThrottlingException"}]
    )
    client = standard(emu, 3)
    requests = count_requests(client, "DescribeInstance")
    with pytest.raises(ClientError) as raised:
        client.describe_instance(InstanceId=instance_id)
    response = raised.value.response
    assert response["Error"]["Code"] == "ThrottlingException"
    assert response["Error"]["Message"] == "Rate exceeded"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert response["ResponseMetadata"].get("MaxAttemptsReached") is True
    assert len(requests) == 3
    assert isinstance(raised.value, client.exceptions.ThrottlingException)


def test_standard_retries_ride_out_intermittent_throttling(emu: RunningEmulator) -> None:
    instance_id = create(emu.client())["Id"]
    emu.control.set_faults(
        [{"operations": ["DescribeInstance"], "rate": 0.5, "error": "ThrottlingException"}]
    )
    client = standard(emu, 10)
    requests = count_requests(client, "DescribeInstance")
    retried = 0
    for _ in range(20):
        before = len(requests)
        reply = client.describe_instance(InstanceId=instance_id)
        assert reply["Instance"]["Id"] == instance_id
        attempts = reply["ResponseMetadata"]["RetryAttempts"]
        assert len(requests) - before == attempts + 1
        if attempts:
            retried += 1
            break
    assert retried, "no call was throttled and then retried into a success"


def test_internal_errors_are_retried_and_not_implemented_is_not(emu: RunningEmulator) -> None:
    instance_id = create(emu.client())["Id"]
    emu.control.set_faults(
        [{"operations": ["ListInstances"], "rate": 1.0, "error": "InternalServiceException"}]
    )
    client = standard(emu, 2)
    with pytest.raises(client.exceptions.InternalServiceException) as raised:
        client.list_instances()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 1

    client = standard(emu, 5)
    # Evaluation forms are in no family the emulator declares, and no issue adds them.
    requests = count_requests(client, "ListEvaluationForms")
    with pytest.raises(ClientError) as not_implemented:
        client.list_evaluation_forms(InstanceId=instance_id)
    assert not_implemented.value.response["Error"]["Code"] == "NotImplementedException"
    assert not_implemented.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert not_implemented.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(requests) == 1
