"""Security keys through boto3: a PEM key under a 64-hex AssociationId, listed with its
CreationTime, at most 2 per instance."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from connect_emulator.domain.limits import PROFILES
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _pem(body: str) -> str:
    return f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n"


def _keys(connect: ConnectClient, instance_id: str, **extra: Any) -> list[Any]:
    paginator = connect.get_paginator("list_security_keys")
    pages = paginator.paginate(InstanceId=instance_id, **extra)
    return [key for page in pages for key in page["SecurityKeys"]]


def test_associate_list_disassociate(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    assert own_connect.list_security_keys(InstanceId=instance.id)["SecurityKeys"] == []
    first = own_connect.associate_security_key(InstanceId=instance.id, Key=_pem("MIIBIjAN"))
    association_id = first["AssociationId"]
    assert re.fullmatch(r"[0-9a-f]{64}", association_id)
    second = own_connect.associate_security_key(InstanceId=instance.arn, Key=_pem("MIIBIjAO"))
    listed = _keys(own_connect, instance.id, PaginationConfig={"PageSize": 1})
    assert [(k["AssociationId"], k["Key"]) for k in listed] == [
        (association_id, _pem("MIIBIjAN")),
        (second["AssociationId"], _pem("MIIBIjAO")),
    ]
    assert all(isinstance(k["CreationTime"], datetime) for k in listed)
    page = own_connect.list_security_keys(InstanceId=instance.id, MaxResults=1)
    assert len(page["SecurityKeys"]) == 1
    assert "NextToken" in page
    own_connect.disassociate_security_key(InstanceId=instance.id, AssociationId=association_id)
    assert [k["AssociationId"] for k in _keys(own_connect, instance.id)] == [
        second["AssociationId"]
    ]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_security_key(InstanceId=instance.id, AssociationId=association_id)


def test_a_key_twice_is_resource_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    own_connect.associate_security_key(InstanceId=instance.id, Key=_pem("SAME"))
    with pytest.raises(own_connect.exceptions.ResourceConflictException) as conflict:
        own_connect.associate_security_key(InstanceId=instance.id, Key=_pem("SAME"))
    assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert len(_keys(own_connect, instance.id)) == 1


def test_two_keys_per_instance_then_service_quota_exceeded(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    # The quota follows ListSecurityKeys' pages of at most 2 (docs/decisions.md). It is the
    # aws profile's; a test server runs the dev profile, without quotas: set it here.
    assert PROFILES["aws"].resource_quotas["security_key"] == 2
    ControlClient(server.url).set_limits(account, resource_quotas={"security_key": 2})
    for body in ("ONE", "TWO"):
        own_connect.associate_security_key(InstanceId=instance.id, Key=_pem(body))
    with pytest.raises(own_connect.exceptions.ServiceQuotaExceededException) as over:
        own_connect.associate_security_key(InstanceId=instance.id, Key=_pem("THREE"))
    assert over.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert len(_keys(own_connect, instance.id)) == 2


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    calls: list[tuple[Any, str]] = [
        (lambda: raw.associate_security_key(InstanceId=instance.id, Key="not a key"), "Key"),
        (lambda: raw.associate_security_key(InstanceId=instance.id, Key=""), "Key"),
        (lambda: raw.associate_security_key(InstanceId=instance.id, Key=_pem("A" * 1100)), "Key"),
        (lambda: raw.list_security_keys(InstanceId=instance.id, MaxResults=3), "maxResults"),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in refused.value.response["Error"]["Message"]
    assert raw.list_security_keys(InstanceId=instance.id)["SecurityKeys"] == []
