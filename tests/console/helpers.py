"""Waiting for what the lifecycle worker does, and clients of a fresh account."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from tests.support.clients import connect_client

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

T = TypeVar("T")


def fresh_account() -> str:
    return f"{secrets.randbelow(10**12):012d}"


def client(url: str, account: str) -> ConnectClient:
    return connect_client(url, access_key=account)


def create(connect: ConnectClient, alias: str, **extra: object) -> str:
    created = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
        **extra,  # type: ignore[arg-type]
    )
    return created["Id"]


def eventually(check: Callable[[], T | None], timeout: float = 10.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError("not within the time allowed")
        time.sleep(0.05)


def status_of(connect: ConnectClient, instance_id: str) -> str:
    return connect.describe_instance(InstanceId=instance_id)["Instance"]["InstanceStatus"]
