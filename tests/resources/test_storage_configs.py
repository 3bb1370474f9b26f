"""Instance storage configs through boto3: one per resource type, the storage types each takes,
AssociationId and resourceType, and Terraform's aws_connect_instance_storage_config."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.resources.families.storage_configs import ACCEPTED
from tests.resources.conftest import ActiveInstance

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

KMS = {"EncryptionType": "KMS", "KeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd"}
CONFIGS: dict[str, Any] = {
    "S3": {"StorageType": "S3", "S3Config": {"BucketName": "recordings", "BucketPrefix": "in"}},
    "KINESIS_VIDEO_STREAM": {
        "StorageType": "KINESIS_VIDEO_STREAM",
        "KinesisVideoStreamConfig": {
            "Prefix": "media",
            "RetentionPeriodHours": 24,
            "EncryptionConfig": KMS,
        },
    },
    "KINESIS_STREAM": {
        "StorageType": "KINESIS_STREAM",
        "KinesisStreamConfig": {"StreamArn": "arn:aws:kinesis:us-east-1:111122223333:stream/ctr"},
    },
    "KINESIS_FIREHOSE": {
        "StorageType": "KINESIS_FIREHOSE",
        "KinesisFirehoseConfig": {
            "FirehoseArn": "arn:aws:firehose:us-east-1:111122223333:deliverystream/ctr"
        },
    },
}


def _associate(
    connect: ConnectClient, instance: ActiveInstance, resource_type: Any, config: Any
) -> str:
    return connect.associate_instance_storage_config(
        InstanceId=instance.id, ResourceType=resource_type, StorageConfig=config
    )["AssociationId"]


def _listed(connect: ConnectClient, instance: ActiveInstance, resource_type: Any) -> list[Any]:
    return list(
        connect.list_instance_storage_configs(InstanceId=instance.id, ResourceType=resource_type)[
            "StorageConfigs"
        ]
    )


def _alias(connect: ConnectClient, instance: ActiveInstance) -> str:
    return connect.describe_instance(InstanceId=instance.id)["Instance"]["InstanceAlias"]


def test_a_new_instance_has_no_storage_configs(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for resource_type in ("CALL_RECORDINGS", "CHAT_TRANSCRIPTS", "CONTACT_TRACE_RECORDS"):
        assert _listed(own_connect, instance, resource_type) == []


def test_associate_describe_list_update_disassociate(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    config = {
        "StorageType": "S3",
        "S3Config": {"BucketName": "calls", "BucketPrefix": "recordings", "EncryptionConfig": KMS},
    }
    association_id = _associate(own_connect, instance, "CALL_RECORDINGS", config)
    assert re.fullmatch(r"[0-9a-f]{64}", association_id)
    described = own_connect.describe_instance_storage_config(
        InstanceId=instance.id, AssociationId=association_id, ResourceType="CALL_RECORDINGS"
    )["StorageConfig"]
    assert described == {"AssociationId": association_id, **config}
    assert _listed(own_connect, instance, "CALL_RECORDINGS") == [described]
    assert _listed(own_connect, instance, "CHAT_TRANSCRIPTS") == []

    own_connect.update_instance_storage_config(
        InstanceId=instance.id,
        AssociationId=association_id,
        ResourceType="CALL_RECORDINGS",
        StorageConfig={
            "StorageType": "S3",
            "S3Config": {"BucketName": "calls2", "BucketPrefix": "r"},
        },
    )
    updated = own_connect.describe_instance_storage_config(
        InstanceId=instance.arn, AssociationId=association_id, ResourceType="CALL_RECORDINGS"
    )["StorageConfig"]
    assert updated == {
        "AssociationId": association_id,
        "StorageType": "S3",
        "S3Config": {"BucketName": "calls2", "BucketPrefix": "r"},
    }

    own_connect.disassociate_instance_storage_config(
        InstanceId=instance.id, AssociationId=association_id, ResourceType="CALL_RECORDINGS"
    )
    assert _listed(own_connect, instance, "CALL_RECORDINGS") == []
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.describe_instance_storage_config(
            InstanceId=instance.id, AssociationId=association_id, ResourceType="CALL_RECORDINGS"
        )


def test_each_resource_type_takes_only_its_storage_types(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    assert len(ACCEPTED) == 13  # every InstanceStorageResourceType of the model
    for resource_type, accepted in ACCEPTED.items():
        for storage_type, config in CONFIGS.items():
            if storage_type in accepted:
                continue
            with pytest.raises(own_connect.exceptions.InvalidParameterException) as refused:
                _associate(own_connect, instance, resource_type, config)
            assert "StorageType" in refused.value.response["Error"]["Message"]
        association_id = _associate(own_connect, instance, resource_type, CONFIGS[accepted[0]])
        listed = _listed(own_connect, instance, resource_type)
        assert [(c["AssociationId"], c["StorageType"]) for c in listed] == [
            (association_id, accepted[0])
        ]
    # Contact trace records go to a stream or to Firehose: the update may switch.
    ctr = _listed(own_connect, instance, "CONTACT_TRACE_RECORDS")[0]["AssociationId"]
    own_connect.update_instance_storage_config(
        InstanceId=instance.id,
        AssociationId=ctr,
        ResourceType="CONTACT_TRACE_RECORDS",
        StorageConfig=CONFIGS["KINESIS_FIREHOSE"],
    )
    assert _listed(own_connect, instance, "CONTACT_TRACE_RECORDS")[0]["StorageType"] == (
        "KINESIS_FIREHOSE"
    )
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        own_connect.update_instance_storage_config(
            InstanceId=instance.id,
            AssociationId=ctr,
            ResourceType="CONTACT_TRACE_RECORDS",
            StorageConfig=CONFIGS["S3"],
        )


def test_one_config_per_resource_type_is_resource_conflict(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first = _associate(own_connect, instance, "CHAT_TRANSCRIPTS", CONFIGS["S3"])
    with pytest.raises(own_connect.exceptions.ResourceConflictException) as conflict:
        _associate(own_connect, instance, "CHAT_TRANSCRIPTS", CONFIGS["S3"])
    assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert "CHAT_TRANSCRIPTS" in conflict.value.response["Error"]["Message"]
    assert [c["AssociationId"] for c in _listed(own_connect, instance, "CHAT_TRANSCRIPTS")] == [
        first
    ]


def test_a_retry_with_the_same_client_token_gets_the_same_association(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    request: Any = {
        "InstanceId": instance.id,
        "ResourceType": "ATTACHMENTS",
        "StorageConfig": CONFIGS["S3"],
        "ClientToken": "retry-of-one-call",
    }
    first = own_connect.associate_instance_storage_config(**request)["AssociationId"]
    again = own_connect.associate_instance_storage_config(**request)["AssociationId"]
    assert again == first
    assert len(_listed(own_connect, instance, "ATTACHMENTS")) == 1


def test_the_storage_config_must_hold_its_storage_types_settings(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    missing = {"StorageType": "KINESIS_STREAM"}
    extra = {**CONFIGS["KINESIS_STREAM"], "S3Config": CONFIGS["S3"]["S3Config"]}
    bad_arn = {"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": "ctr"}}
    cases: list[tuple[Any, str]] = [
        (missing, "StorageConfig.KinesisStreamConfig"),
        (extra, "StorageConfig.S3Config"),
        (bad_arn, "StreamArn"),
    ]
    for config, named in cases:
        with pytest.raises(own_connect.exceptions.InvalidParameterException) as refused:
            _associate(own_connect, instance, "AGENT_EVENTS", config)
        assert named in refused.value.response["Error"]["Message"]
    assert _listed(own_connect, instance, "AGENT_EVENTS") == []


def test_a_media_stream_prefix_reads_back_as_aws_keeps_it(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    association_id = _associate(
        own_connect, instance, "MEDIA_STREAMS", CONFIGS["KINESIS_VIDEO_STREAM"]
    )
    expected = f"media-connect-{_alias(own_connect, instance)}-contact-"
    read = own_connect.describe_instance_storage_config(
        InstanceId=instance.id, AssociationId=association_id, ResourceType="MEDIA_STREAMS"
    )["StorageConfig"]
    assert read["KinesisVideoStreamConfig"]["Prefix"] == expected
    # Sent back as read (Terraform's update of another member), it stays as it is.
    own_connect.update_instance_storage_config(
        InstanceId=instance.id,
        AssociationId=association_id,
        ResourceType="MEDIA_STREAMS",
        StorageConfig={
            "StorageType": "KINESIS_VIDEO_STREAM",
            "KinesisVideoStreamConfig": {
                **read["KinesisVideoStreamConfig"],
                "RetentionPeriodHours": 48,
            },
        },
    )
    again = own_connect.describe_instance_storage_config(
        InstanceId=instance.id, AssociationId=association_id, ResourceType="MEDIA_STREAMS"
    )["StorageConfig"]["KinesisVideoStreamConfig"]
    assert (again["Prefix"], again["RetentionPeriodHours"]) == (expected, 48)


def test_another_resource_type_or_an_unknown_id_is_404(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    association_id = _associate(own_connect, instance, "SCHEDULED_REPORTS", CONFIGS["S3"])
    wrong: Any = {
        "InstanceId": instance.id,
        "AssociationId": association_id,
        "ResourceType": "CALL_RECORDINGS",
    }
    unknown: Any = {**wrong, "AssociationId": "0" * 64, "ResourceType": "SCHEDULED_REPORTS"}
    for request in (wrong, unknown):
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            own_connect.describe_instance_storage_config(**request)
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            own_connect.update_instance_storage_config(**request, StorageConfig=CONFIGS["S3"])
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            own_connect.disassociate_instance_storage_config(**request)
    assert len(_listed(own_connect, instance, "SCHEDULED_REPORTS")) == 1
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_instance_storage_configs(
            InstanceId="00000000-0000-4000-8000-000000000000", ResourceType="CALL_RECORDINGS"
        )


def test_resource_type_and_page_size_are_checked_by_the_server(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    association_id = _associate(raw, instance, "SCREEN_RECORDINGS", CONFIGS["S3"])
    calls: list[tuple[Any, str]] = [
        (
            lambda: raw.describe_instance_storage_config(
                InstanceId=instance.id, AssociationId=association_id
            ),  # type: ignore[call-arg]
            "resourceType",
        ),
        (
            lambda: raw.list_instance_storage_configs(
                InstanceId=instance.id, ResourceType="SCREEN_RECORDINGS", MaxResults=11
            ),
            "maxResults",
        ),
        (
            lambda: raw.associate_instance_storage_config(
                InstanceId=instance.id,
                ResourceType="VOICEMAIL",  # type: ignore[arg-type]
                StorageConfig=CONFIGS["S3"],
            ),
            "ResourceType",
        ),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in refused.value.response["Error"]["Message"]


def test_lists_page_and_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    association_id = _associate(own_connect, instance, "EMAIL_MESSAGES", CONFIGS["S3"])
    page = own_connect.list_instance_storage_configs(
        InstanceId=instance.id, ResourceType="EMAIL_MESSAGES", MaxResults=1
    )
    assert [c["AssociationId"] for c in page["StorageConfigs"]] == [association_id]
    assert "NextToken" not in page
    paginator = own_connect.get_paginator("list_instance_storage_configs")
    pages = paginator.paginate(
        InstanceId=instance.id,
        ResourceType="EMAIL_MESSAGES",
        PaginationConfig={"PageSize": 1},
    )
    assert [c["AssociationId"] for p in pages for c in p["StorageConfigs"]] == [association_id]


def test_terraform_instance_storage_config_round_trips_its_composite_id(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    # Create: Associate, then the id Terraform keeps, then its read (Describe).
    association_id = _associate(
        own_connect, instance, "CONTACT_TRACE_RECORDS", CONFIGS["KINESIS_STREAM"]
    )
    state_id = f"{instance.id}:{association_id}:CONTACT_TRACE_RECORDS"
    instance_id, parsed_association, resource_type = state_id.split(":", 2)
    key: Any = {
        "InstanceId": instance_id,
        "AssociationId": parsed_association,
        "ResourceType": resource_type,
    }
    read = own_connect.describe_instance_storage_config(**key)["StorageConfig"]
    assert read["AssociationId"] == association_id
    assert read["KinesisStreamConfig"] == CONFIGS["KINESIS_STREAM"]["KinesisStreamConfig"]
    # Update, then read again.
    own_connect.update_instance_storage_config(**key, StorageConfig=CONFIGS["KINESIS_FIREHOSE"])
    read = own_connect.describe_instance_storage_config(**key)["StorageConfig"]
    assert read["StorageType"] == "KINESIS_FIREHOSE"
    assert "KinesisStreamConfig" not in read
    # Delete; a refresh then finds nothing (removed from state), a second delete is 404.
    own_connect.disassociate_instance_storage_config(**key)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.describe_instance_storage_config(**key)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_instance_storage_config(**key)
