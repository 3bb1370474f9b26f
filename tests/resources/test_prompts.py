"""Prompts through boto3: the S3 URI is kept and never fetched, GetPromptFile's URL, the seven
default prompts, and Terraform's aws_connect_prompt data source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

DEFAULT_PROMPTS = [
    "Beep.wav",
    "CustomerHold.wav",
    "CustomerQueue.wav",
    "Music_Jazz_MyTimetoFly_Inst.wav",
    "Music_Pop_ThisAndThatIsLife_Inst.wav",
    "Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav",
    "Music_Rock_EverywhereTheSunShines_Inst.wav",
]
URI = "s3://my-prompts/greetings/welcome.wav"


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Welcome", **extra: Any
) -> dict[str, Any]:
    return dict(
        connect.create_prompt(
            InstanceId=instance.id, Name=name, S3Uri=extra.pop("S3Uri", URI), **extra
        )
    )


def _describe(connect: ConnectClient, instance: ActiveInstance, prompt_id: str) -> dict[str, Any]:
    return dict(connect.describe_prompt(InstanceId=instance.id, PromptId=prompt_id)["Prompt"])


def _names(connect: ConnectClient, instance: ActiveInstance) -> list[str]:
    pages = connect.get_paginator("list_prompts").paginate(InstanceId=instance.id)
    return [s["Name"] for page in pages for s in page["PromptSummaryList"]]


def test_an_active_instance_has_the_seven_default_prompts(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_prompts(InstanceId=instance.id)["PromptSummaryList"]
    assert sorted(s["Name"] for s in summaries) == DEFAULT_PROMPTS
    assert all(s["Arn"] == f"{instance.arn}/prompt/{s['Id']}" for s in summaries)
    assert all(s["LastModifiedRegion"] == "us-east-1" for s in summaries)
    beep = next(s for s in summaries if s["Name"] == "Beep.wav")
    url = own_connect.get_prompt_file(InstanceId=instance.id, PromptId=beep["Id"])
    assert url["PromptPresignedUrl"].startswith("https://")
    assert url["PromptPresignedUrl"].split("?")[0].endswith("/Beep.wav")


def test_create_describe_update_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    created = _create(own_connect, instance, Description="Hello", Tags={"t": "1"})
    prompt_id = created["PromptId"]
    assert created["PromptARN"] == f"{instance.arn}/prompt/{prompt_id}"
    described = _describe(own_connect, instance, prompt_id)
    assert (described["PromptId"], described["PromptARN"], described["Name"]) == (
        prompt_id,
        created["PromptARN"],
        "Welcome",
    )
    assert (described["Description"], described["Tags"]) == ("Hello", {"t": "1"})
    assert described["LastModifiedRegion"] == "us-east-1"
    assert "S3Uri" not in described  # the model's Prompt does not show it
    updated = own_connect.update_prompt(
        InstanceId=instance.id,
        PromptId=prompt_id,
        Name="Welcome 2",
        S3Uri="https://bucket.s3.us-east-1.amazonaws.com/other.wav",
    )
    assert (updated["PromptId"], updated["PromptARN"]) == (prompt_id, created["PromptARN"])
    described = _describe(own_connect, instance, prompt_id)
    assert (described["Name"], described["Description"]) == ("Welcome 2", "Hello")
    file = own_connect.get_prompt_file(InstanceId=instance.id, PromptId=prompt_id)
    assert file["PromptPresignedUrl"].startswith(
        "https://bucket.s3.us-east-1.amazonaws.com/other.wav?"
    )
    assert file["LastModifiedTime"] == described["LastModifiedTime"]
    own_connect.delete_prompt(InstanceId=instance.id, PromptId=prompt_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, prompt_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.get_prompt_file(InstanceId=instance.id, PromptId=prompt_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_prompt(InstanceId=instance.id, PromptId=prompt_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_prompt(InstanceId=instance.id, PromptId=prompt_id, Name="Gone")


def test_the_prompt_file_url_looks_presigned_and_is_accepted_back(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    prompt_id = _create(own_connect, instance)["PromptId"]
    url = own_connect.get_prompt_file(InstanceId=instance.id, PromptId=prompt_id)[
        "PromptPresignedUrl"
    ]
    parts = urlsplit(url)
    assert parts.netloc == "my-prompts.s3.us-east-1.amazonaws.com"
    assert parts.path == "/greetings/welcome.wav"
    query = parse_qs(parts.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert len(query["X-Amz-Signature"][0]) == 64
    copy = _create(own_connect, instance, "Copy", S3Uri=url)
    assert _describe(own_connect, instance, copy["PromptId"])["Name"] == "Copy"


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance)
    described = _describe(own_connect, instance, created["PromptARN"])
    assert described["PromptId"] == created["PromptId"]
    own_connect.get_prompt_file(InstanceId=instance.arn, PromptId=created["PromptARN"])
    own_connect.delete_prompt(InstanceId=instance.arn, PromptId=created["PromptARN"])
    assert "Welcome" not in _names(own_connect, instance)


def test_names_are_unique(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    second = _create(own_connect, instance)["PromptId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "Beep.wav")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_prompt(InstanceId=instance.id, PromptId=second, Name="Beep.wav")
    assert _names(own_connect, instance).count("Beep.wav") == 1


def test_lists_page(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    _create(own_connect, instance)
    first = own_connect.list_prompts(InstanceId=instance.id, MaxResults=3)
    assert len(first["PromptSummaryList"]) == 3
    rest = own_connect.list_prompts(
        InstanceId=instance.id, MaxResults=10, NextToken=first["NextToken"]
    )
    assert len(rest["PromptSummaryList"]) == 5
    assert "NextToken" not in rest
    names = _names(own_connect, instance)
    assert len(names) == 8
    assert names[-1] == "Welcome"


def test_tags_on_the_prompt_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["PromptARN"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["PromptId"])["Tags"] == {"b": "2"}


def test_quota_counts_the_defaults(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"prompt": 8})
    _create(raw, instance, "Eighth")
    with pytest.raises(raw.exceptions.LimitExceededException):
        _create(raw, instance, "Ninth")
    assert "Ninth" not in _names(raw, instance)


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "Bad", S3Uri="ftp://example.com/a.wav")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "S3Uri" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        _create(raw, instance, "x" * 128)
    assert "Name" in raised.value.response["Error"]["Message"]
    assert "Bad" not in _names(raw, instance)


def test_terraform_prompt_data_source(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    pages = own_connect.get_paginator("list_prompts").paginate(
        InstanceId=instance.id, PaginationConfig={"PageSize": 60}
    )
    matches = [s for page in pages for s in page["PromptSummaryList"] if s["Name"] == "Beep.wav"]
    assert len(matches) == 1
    described = _describe(own_connect, instance, matches[0]["Id"])
    assert (described["PromptARN"], described["Name"]) == (matches[0]["Arn"], "Beep.wav")
