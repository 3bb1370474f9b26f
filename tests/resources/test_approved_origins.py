"""Approved origins through boto3: associate, list in pages, disassociate, the quota, and
Terraform's aws_connect_approved_origin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from connect_emulator.domain.limits import PROFILES
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _origins(connect: ConnectClient, instance_id: str, **extra: Any) -> list[str]:
    paginator = connect.get_paginator("list_approved_origins")
    pages = paginator.paginate(InstanceId=instance_id, **extra)
    return [origin for page in pages for origin in page["Origins"]]


def test_associate_list_disassociate(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    assert own_connect.list_approved_origins(InstanceId=instance.id)["Origins"] == []
    for origin in ("https://www.example.com", "https://shop.example.com:8443"):
        own_connect.associate_approved_origin(InstanceId=instance.id, Origin=origin)
    assert _origins(own_connect, instance.arn) == [
        "https://www.example.com",
        "https://shop.example.com:8443",
    ]
    own_connect.disassociate_approved_origin(
        InstanceId=instance.id, Origin="https://www.example.com"
    )
    assert _origins(own_connect, instance.id) == ["https://shop.example.com:8443"]


def test_an_origin_twice_is_resource_conflict_and_origins_are_kept_exactly(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    own_connect.associate_approved_origin(InstanceId=instance.id, Origin="https://a.example.com")
    with pytest.raises(own_connect.exceptions.ResourceConflictException) as conflict:
        own_connect.associate_approved_origin(
            InstanceId=instance.id, Origin="https://a.example.com"
        )
    assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    # Another spelling is another origin: Terraform matches them exactly.
    own_connect.associate_approved_origin(InstanceId=instance.id, Origin="https://A.example.com")
    assert _origins(own_connect, instance.id) == ["https://a.example.com", "https://A.example.com"]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_approved_origin(
            InstanceId=instance.id, Origin="https://b.example.com"
        )


def test_pages_and_boto3_paginates(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    origins = [f"https://site{index}.example.com" for index in range(5)]
    for origin in origins:
        own_connect.associate_approved_origin(InstanceId=instance.id, Origin=origin)
    first = own_connect.list_approved_origins(InstanceId=instance.id, MaxResults=2)
    assert first["Origins"] == origins[:2]
    assert "NextToken" in first
    assert _origins(own_connect, instance.id, PaginationConfig={"PageSize": 2}) == origins


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    calls: list[tuple[Any, str]] = [
        (lambda: raw.associate_approved_origin(InstanceId=instance.id, Origin=""), "Origin"),
        (lambda: raw.associate_approved_origin(InstanceId=instance.id, Origin="a b"), "Origin"),
        (
            lambda: raw.associate_approved_origin(
                InstanceId=instance.id, Origin="https://" + "x" * 260 + ".com"
            ),
            "Origin",
        ),
        (lambda: raw.list_approved_origins(InstanceId=instance.id, MaxResults=26), "maxResults"),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in refused.value.response["Error"]["Message"]
    assert raw.list_approved_origins(InstanceId=instance.id)["Origins"] == []


def test_the_quota_is_service_quota_exceeded(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    assert PROFILES["aws"].resource_quotas["approved_origin"] == 100
    ControlClient(server.url).set_limits(account, resource_quotas={"approved_origin": 1})
    own_connect.associate_approved_origin(InstanceId=instance.id, Origin="https://one.example")
    with pytest.raises(own_connect.exceptions.ServiceQuotaExceededException) as over:
        own_connect.associate_approved_origin(InstanceId=instance.id, Origin="https://two.example")
    assert over.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert _origins(own_connect, instance.id) == ["https://one.example"]


def test_terraform_approved_origin(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    origin = "https://terraform.example.com"
    own_connect.associate_approved_origin(InstanceId=instance.id, Origin=origin)
    state_id = f"{instance.id},{origin}"
    instance_id, kept = state_id.split(",", 1)

    def read() -> list[str]:
        # Every page, no MaxResults; exactly one match.
        return [v for v in _origins(own_connect, instance_id) if v == kept]

    assert read() == [origin]
    own_connect.disassociate_approved_origin(InstanceId=instance_id, Origin=kept)
    assert read() == []
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):  # tolerated
        own_connect.disassociate_approved_origin(InstanceId=instance_id, Origin=kept)
