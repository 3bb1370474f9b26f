"""CreateInstance and DescribeInstance through an unmodified boto3 client."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.conftest import PROVISIONING_DELAY
from tests.integration.helpers import create, unique_alias, wait_for_status
from tests.support.clients import connect_client

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_create_then_describe_shows_every_field(connect: ConnectClient) -> None:
    alias = unique_alias()
    before = dt.datetime.now(dt.UTC)
    reply = create(connect, alias, Tags={"team": "blue", "cost centre": "42"})
    assert re.fullmatch(UUID, reply["Id"])
    assert reply["Arn"] == f"arn:aws:connect:us-east-1:000000000000:instance/{reply['Id']}"
    assert reply["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert reply["ResponseMetadata"]["RequestId"]

    instance = connect.describe_instance(InstanceId=reply["Id"])["Instance"]
    assert instance["Id"] == reply["Id"]
    assert instance["Arn"] == reply["Arn"]
    assert instance["IdentityManagementType"] == "CONNECT_MANAGED"
    assert instance["InstanceAlias"] == alias
    assert instance["InstanceStatus"] == "CREATION_IN_PROGRESS"
    assert "StatusReason" not in instance
    assert instance["InboundCallsEnabled"] is True
    assert instance["OutboundCallsEnabled"] is True
    assert instance["InstanceAccessUrl"] == f"https://{alias}.my.connect.aws/"
    assert instance["Tags"] == {"team": "blue", "cost centre": "42"}
    assert re.fullmatch(
        r"arn:aws:iam::000000000000:role/aws-service-role/connect\.amazonaws\.com/"
        r"AWSServiceRoleForAmazonConnect_[A-Za-z0-9]{20}",
        instance["ServiceRole"],
    )
    created = instance["CreatedTime"]
    assert isinstance(created, dt.datetime)
    assert before - dt.timedelta(seconds=1) <= created <= dt.datetime.now(dt.UTC)


def test_instance_becomes_active_without_any_client_call(connect: ConnectClient) -> None:
    instance_id = create(connect)["Id"]
    time.sleep(PROVISIONING_DELAY + 0.5)
    instance = connect.describe_instance(InstanceId=instance_id)["Instance"]
    assert instance["InstanceStatus"] == "ACTIVE"


def test_reads_do_not_move_the_lifecycle(connect: ConnectClient) -> None:
    instance_id = create(connect)["Id"]
    for _ in range(5):
        status = connect.describe_instance(InstanceId=instance_id)["Instance"]["InstanceStatus"]
        assert status == "CREATION_IN_PROGRESS"
    assert wait_for_status(connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"


def test_region_comes_from_the_signature(server_url: str) -> None:
    client = connect_client(server_url, region="ap-southeast-2")
    reply = create(client)
    assert reply["Arn"].startswith("arn:aws:connect:ap-southeast-2:000000000000:instance/")
    assert client.describe_instance(InstanceId=reply["Id"])["Instance"]["Id"] == reply["Id"]
    with pytest.raises(ClientError) as raised:
        connect_client(server_url, region="us-east-1").describe_instance(InstanceId=reply["Id"])
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_describe_accepts_the_arn(connect: ConnectClient) -> None:
    reply = create(connect)
    instance = connect.describe_instance(InstanceId=reply["Arn"])["Instance"]
    assert instance["Id"] == reply["Id"]


def test_unknown_instance_is_404(connect: ConnectClient) -> None:
    with pytest.raises(ClientError) as raised:
        connect.describe_instance(InstanceId=str(uuid.uuid4()))
    error = raised.value.response
    assert error["Error"]["Code"] == "ResourceNotFoundException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["ResponseMetadata"]["RequestId"]
    assert isinstance(raised.value, connect.exceptions.ResourceNotFoundException)


def test_alias_already_used_is_refused_and_creates_nothing(connect: ConnectClient) -> None:
    alias = unique_alias()
    create(connect, alias)
    with pytest.raises(connect.exceptions.InvalidRequestException) as raised:
        create(connect, alias.upper())
    assert (
        raised.value.response["Error"]["Message"]
        == "Invalid Input. Instance alias is already used."
    )


def test_alias_is_global_across_regions(server_url: str) -> None:
    alias = unique_alias()
    create(connect_client(server_url, region="eu-west-1"), alias)
    with pytest.raises(ClientError) as raised:
        create(connect_client(server_url, region="us-west-2"), alias)
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"


def test_client_token_replay_returns_the_same_instance(connect: ConnectClient) -> None:
    token = str(uuid.uuid4())
    alias = unique_alias()
    first = create(connect, alias, ClientToken=token)
    again = create(connect, alias, ClientToken=token)
    assert (again["Id"], again["Arn"]) == (first["Id"], first["Arn"])


def test_client_token_with_other_parameters_is_400_and_creates_nothing(
    connect: ConnectClient,
) -> None:
    token = str(uuid.uuid4())
    create(connect, ClientToken=token)
    other_alias = unique_alias()
    with pytest.raises(connect.exceptions.InvalidRequestException) as raised:
        create(connect, other_alias, ClientToken=token)
    assert "ClientToken" in raised.value.response["Error"]["Message"]
    # Nothing was created: the alias is still free.
    create(connect, other_alias)


def test_existing_directory_rules(connect: ConnectClient) -> None:
    with pytest.raises(connect.exceptions.InvalidRequestException, match="DirectoryId is required"):
        connect.create_instance(
            IdentityManagementType="EXISTING_DIRECTORY",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=False,
        )
    with pytest.raises(connect.exceptions.InvalidRequestException, match="only valid"):
        create(connect, DirectoryId="d-1234567890")
    reply = connect.create_instance(
        IdentityManagementType="EXISTING_DIRECTORY",
        DirectoryId="d-" + uuid.uuid4().hex[:10],
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    instance = connect.describe_instance(InstanceId=reply["Id"])["Instance"]
    assert instance["IdentityManagementType"] == "EXISTING_DIRECTORY"
    assert instance["InstanceAlias"].startswith("d-")


def test_endpoint_from_the_service_specific_environment_variable(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CONNECT", server_url)
    client = boto3.client(
        "connect", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    reply = create(client)
    assert client.describe_instance(InstanceId=reply["Id"])["Instance"]["Id"] == reply["Id"]
