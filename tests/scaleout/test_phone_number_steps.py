"""Phone numbers' asynchronous steps with three processes on one PostgreSQL: each claim and
each release is taken by exactly one process's lifecycle worker, whichever process answered
the call; one number claimed through every process at once is claimed once; and the
per-instance quota holds when the claims' steps run in several processes."""

from __future__ import annotations

import secrets
import time
from functools import partial
from typing import TYPE_CHECKING

import pytest

from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import Cluster, all_at_once, eventually

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

pytestmark = pytest.mark.postgres


def _account() -> str:
    return f"{secrets.randbelow(10**12):012d}"


def _active_instance(connect: ConnectClient) -> str:
    created = create(connect)
    assert wait_for_status(connect, created["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return str(created["Arn"])


def _numbers(connect: ConnectClient, target: str, count: int) -> list[str]:
    pages = connect.get_paginator("search_available_phone_numbers").paginate(
        TargetArn=target, PhoneNumberCountryCode="US", PhoneNumberType="DID"
    )
    found = [n["PhoneNumber"] for page in pages for n in page["AvailableNumbersList"]]
    return found[:count]


def _claim(client: ConnectClient, target: str, number: str) -> str:
    return str(client.claim_phone_number(TargetArn=target, PhoneNumber=number)["PhoneNumberId"])


def _release(client: ConnectClient, number_id: str) -> None:
    client.release_phone_number(PhoneNumberId=number_id)


def _exists(client: ConnectClient, number_id: str) -> bool:
    try:
        client.describe_phone_number(PhoneNumberId=number_id)
    except client.exceptions.ResourceNotFoundException:
        return False
    return True


def _statuses(client: ConnectClient) -> dict[str, str]:
    pages = client.get_paginator("list_phone_numbers_v2").paginate()
    ids = [n["PhoneNumberId"] for page in pages for n in page["ListPhoneNumbersSummaryList"]]
    return {
        number_id: client.describe_phone_number(PhoneNumberId=number_id)[
            "ClaimedPhoneNumberSummary"
        ]["PhoneNumberStatus"]["Status"]
        for number_id in ids
    }


def test_every_step_is_taken_once_whichever_process_answered(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    target = _active_instance(clients[0])
    # Steps due together, so that every process's worker finds them due at once.
    cluster.control(0).set_lifecycle(account, "delay", provisioning_delay=0.3, deletion_delay=0.3)
    numbers = _numbers(clients[0], target, 24)

    made = all_at_once(partial(_claim, clients[n % 3], target, numbers[n]) for n in range(24))
    assert made.errors == []
    ids = sorted(made.values)
    assert eventually(lambda: set(_statuses(clients[2]).values()) == {"CLAIMED"}, timeout=10)
    assert sorted(_statuses(clients[1])) == ids
    claimed = cluster.log_lines(r"phone number (\S+) CLAIMED")
    assert sorted(found for found in claimed if found in ids) == ids

    # Every number released through every process at once: each release answers 200 (or 404
    # once the number is gone), and each number is removed exactly once.
    releases = all_at_once(
        partial(_release, clients[n], number_id) for number_id in ids for n in range(3)
    )
    assert set(releases.error_codes) <= {"ResourceNotFoundException"}
    assert _statuses(clients[0]) == {}  # a number being released is listed no more
    assert eventually(
        lambda: not any(_exists(clients[0], number_id) for number_id in ids), timeout=10
    )
    released = cluster.log_lines(r"phone number (\S+) is released")
    assert sorted(found for found in released if found in ids) == ids


def test_one_number_through_every_process_is_claimed_once(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    first, second = _active_instance(clients[0]), _active_instance(clients[1])
    number = _numbers(clients[0], first, 1)[0]
    outcomes = all_at_once(
        partial(_claim, clients[n % 3], (first, second)[n % 2], number) for n in range(15)
    )
    assert len(outcomes.values) == 1
    assert outcomes.error_codes == ["InvalidParameterException"] * 14
    assert list(_statuses(clients[2])) == outcomes.values


def test_the_instance_quota_holds_across_processes(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    target = _active_instance(clients[0])
    cluster.control(0).set_lifecycle(account, "delay", provisioning_delay=0.3)
    cluster.control(1).set_limits(account, resource_quotas={"phone_number": 3})
    # Other processes adopt shared controls on their worker's next step.
    time.sleep(0.3)
    numbers = _numbers(clients[0], target, 9)
    made = all_at_once(partial(_claim, clients[n % 3], target, numbers[n]) for n in range(9))
    assert made.errors == []
    assert eventually(lambda: "IN_PROGRESS" not in _statuses(clients[1]).values(), timeout=10)
    statuses = sorted(_statuses(clients[2]).values())
    assert statuses == ["CLAIMED"] * 3 + ["FAILED"] * 6
