"""Small helpers for integration tests."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def unique_alias(prefix: str = "t") -> str:
    """Aliases are global on the shared test server: every test takes fresh ones."""
    return f"{prefix}{uuid.uuid4().hex[:20]}"


def create(connect: ConnectClient, alias: str | None = None, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": alias or unique_alias(),
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": True,
    }
    params.update(extra)
    reply = connect.create_instance(**params)
    return dict(reply)


def wait_for_status(
    connect: ConnectClient, instance_id: str, status: str, timeout: float = 15
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        instance = dict(connect.describe_instance(InstanceId=instance_id)["Instance"])
        if instance["InstanceStatus"] == status or time.monotonic() > deadline:
            return instance
        time.sleep(0.05)


def wait_settled(connect: ConnectClient, instance_id: str, timeout: float = 15) -> dict[str, Any]:
    """The instance once it is no longer CREATION_IN_PROGRESS (ACTIVE or CREATION_FAILED)."""
    deadline = time.monotonic() + timeout
    while True:
        instance = dict(connect.describe_instance(InstanceId=instance_id)["Instance"])
        if instance["InstanceStatus"] != "CREATION_IN_PROGRESS" or time.monotonic() > deadline:
            return instance
        time.sleep(0.05)


def wait_gone(connect: ConnectClient, instance_id: str, timeout: float = 10) -> bool:
    """True once DescribeInstance answers 404 (the worker runs asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connect.describe_instance(InstanceId=instance_id)
        except ClientError as error:
            return error.response["Error"]["Code"] == "ResourceNotFoundException"
        time.sleep(0.05)
    return False
