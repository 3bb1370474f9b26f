"""Real AWS clients pointed at an emulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def connect_client(
    url: str,
    *,
    validate: bool = True,
    region: str = "us-east-1",
    access_key: str = "test",
    secret_key: str = "test",
    max_attempts: int = 1,
) -> ConnectClient:
    """A boto3 Connect client; ``validate=False`` lets bad input reach the server's checks."""
    return boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(
            parameter_validation=validate,
            retries={"mode": "standard", "total_max_attempts": max_attempts},
        ),
    )
