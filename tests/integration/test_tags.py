"""TagResource, UntagResource, ListTagsForResource on the instance ARN."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError

from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.raw import send
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def test_tags_round_trip_and_agree_with_describe(own_connect: ConnectClient) -> None:
    created = create(own_connect, Tags={"team": "blue"})
    arn = created["Arn"]
    own_connect.tag_resource(resourceArn=arn, tags={"env": "test", "cost centre": "7"})
    expected = {"team": "blue", "env": "test", "cost centre": "7"}
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == expected
    own_connect.untag_resource(resourceArn=arn, tagKeys=["team", "cost centre", "absent"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "test"}
    described = own_connect.describe_instance(InstanceId=created["Id"])["Instance"]
    assert described["Tags"] == {"env": "test"}


def test_tagging_overwrites_values(own_connect: ConnectClient) -> None:
    arn = create(own_connect, Tags={"env": "dev"})["Arn"]
    own_connect.tag_resource(resourceArn=arn, tags={"env": "prod"})
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "prod"}


def test_more_than_fifty_tags_in_all_is_refused_and_changes_nothing(
    own_connect: ConnectClient,
) -> None:
    arn = create(own_connect, Tags={f"k{i}": "v" for i in range(30)})["Arn"]
    with pytest.raises(own_connect.exceptions.InvalidRequestException, match="at most 50"):
        own_connect.tag_resource(resourceArn=arn, tags={f"n{i}": "v" for i in range(21)})
    assert len(own_connect.list_tags_for_resource(resourceArn=arn)["tags"]) == 30


def test_aws_prefixed_keys_are_refused(server: EmulatorProcess, account: str) -> None:
    raw = connect_client(server.url, validate=False, access_key=account)
    arn = create(raw)["Arn"]
    with pytest.raises(ClientError) as raised:
        raw.tag_resource(resourceArn=arn, tags={"aws:created-by": "me"})
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    assert raw.list_tags_for_resource(resourceArn=arn)["tags"] == {}


def test_unknown_and_foreign_arns_are_404(
    own_connect: ConnectClient, server: EmulatorProcess
) -> None:
    unknown = f"arn:aws:connect:us-east-1:{'0' * 12}:instance/{uuid.uuid4()}"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_tags_for_resource(resourceArn=unknown)
    theirs = create(connect_client(server.url, access_key="777788889999"))["Arn"]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_tags_for_resource(resourceArn=theirs)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.tag_resource(resourceArn=theirs, tags={"a": "b"})
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.untag_resource(resourceArn=theirs, tagKeys=["a"])


def test_a_malformed_arn_is_a_400_never_a_silent_success(own_connect: ConnectClient) -> None:
    with pytest.raises(own_connect.exceptions.InvalidRequestException):
        own_connect.tag_resource(resourceArn="not-an-arn", tags={"a": "b"})


def test_tag_keys_travel_as_repeated_query_keys(server: EmulatorProcess) -> None:
    client = connect_client(server.url)
    arn = create(client, Tags={"a": "1", "b c": "2", "d": "3"})["Arn"]
    encoded = arn.replace(":", "%3A").replace("/", "%2F")
    reply = send(server.url, "DELETE", f"/tags/{encoded}?tagKeys=a&tagKeys=b%20c")
    assert reply.status == 200
    assert reply.body == b""
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"d": "3"}
