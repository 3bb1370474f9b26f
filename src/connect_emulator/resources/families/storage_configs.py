"""Instance storage configs: where an instance sends each kind of data (call recordings to S3,
contact trace records to Kinesis, media to Kinesis Video Streams, ...).

One config per resource type ("associates a storage resource type for the first time", the
model says): the resource type is the unique name, so a second Associate for it is
ResourceConflictException. Its AssociationId is 64 lower-case hex characters, and Describe,
Update and Disassociate find it only under its own ``resourceType`` (another is 404), which is
how Terraform's ``instanceId:associationId:resourceType`` finds it again.
"""

from __future__ import annotations

import re
from typing import Any

from connect_emulator.domain.errors import InvalidParameter, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import HEX, associate, integration_family, page
from connect_emulator.resources.family import Params, Result
from connect_emulator.resources.scope import Scope

KEY = "instance_storage_config"
# The member holding each storage type's settings.
CONFIG_MEMBERS = {
    "S3": "S3Config",
    "KINESIS_VIDEO_STREAM": "KinesisVideoStreamConfig",
    "KINESIS_STREAM": "KinesisStreamConfig",
    "KINESIS_FIREHOSE": "KinesisFirehoseConfig",
}
_S3 = ("S3",)
_STREAM = ("KINESIS_STREAM",)
# The storage types each resource type takes (connect-surface.md §10, from the admin guide).
ACCEPTED = {
    "CHAT_TRANSCRIPTS": _S3,
    "CALL_RECORDINGS": _S3,
    "SCHEDULED_REPORTS": _S3,
    "ATTACHMENTS": _S3,
    "CONTACT_EVALUATIONS": _S3,
    "SCREEN_RECORDINGS": _S3,
    "EMAIL_MESSAGES": _S3,
    "MEDIA_STREAMS": ("KINESIS_VIDEO_STREAM",),
    "CONTACT_TRACE_RECORDS": ("KINESIS_STREAM", "KINESIS_FIREHOSE"),
    "AGENT_EVENTS": _STREAM,
    "REAL_TIME_CONTACT_ANALYSIS_SEGMENTS": _STREAM,
    "REAL_TIME_CONTACT_ANALYSIS_CHAT_SEGMENTS": _STREAM,
    "REAL_TIME_CONTACT_ANALYSIS_VOICE_SEGMENTS": _STREAM,
}
_ARNS = {
    "KinesisStreamConfig": (
        "StreamArn",
        re.compile(r"arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream/\S+"),
    ),
    "KinesisFirehoseConfig": (
        "FirehoseArn",
        re.compile(r"arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream/\S+"),
    ),
}


def _kvs_prefix(prefix: str, alias: str) -> str:
    """AWS keeps a media stream prefix as ``<prefix>-connect-<alias>-contact-`` (Terraform
    suppresses the difference); sent back as read, it is kept as it is."""
    suffix = f"-connect-{alias}-contact-"
    return prefix if prefix.endswith(suffix) else prefix + suffix


def _prepare(scope: Scope, body: dict[str, Any], previous: ResourceRecord | None) -> None:
    resource_type = body["ResourceType"]
    # A copy: a transaction that runs again starts from the request as sent.
    config = dict(body["StorageConfig"])
    storage_type = config["StorageType"]
    if storage_type not in ACCEPTED[resource_type]:
        raise InvalidParameter(
            f"StorageConfig.StorageType {storage_type} is not accepted for ResourceType "
            f"{resource_type}: use {' or '.join(ACCEPTED[resource_type])}."
        )
    member = CONFIG_MEMBERS[storage_type]
    if config.get(member) is None:
        raise InvalidParameter(
            f"StorageConfig.{member} is required when StorageConfig.StorageType is {storage_type}."
        )
    for other in CONFIG_MEMBERS.values():
        if other != member and config.get(other) is not None:
            raise InvalidParameter(
                f"StorageConfig.{other} does not go with StorageConfig.StorageType "
                f"{storage_type}: give only StorageConfig.{member}."
            )
    if member in _ARNS:
        arn_member, pattern = _ARNS[member]
        if not pattern.fullmatch(config[member][arn_member]):
            raise InvalidParameter(
                f"StorageConfig.{member}.{arn_member} {config[member][arn_member]!r} is not "
                f"the ARN of a {storage_type.replace('_', ' ').lower()}."
            )
    if storage_type == "KINESIS_VIDEO_STREAM":
        video = config[member]
        config[member] = {**video, "Prefix": _kvs_prefix(video["Prefix"], scope.instance.alias)}
    if previous is not None:
        config["AssociationId"] = previous.id
    body["StorageConfig"] = config


def _found(scope: Scope, params: Params) -> ResourceRecord:
    record = scope.find(STORAGE_CONFIGS, params["AssociationId"])
    if record is None or record.body["ResourceType"] != params["ResourceType"]:
        raise NotFound(
            f"Storage config {params['AssociationId']} for {params['ResourceType']} not found."
        )
    return record


def _associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    resource_type = params["ResourceType"]
    association_id = engine.ids.token(64, HEX)
    body = {
        "ResourceType": resource_type,
        "StorageConfig": {**params["StorageConfig"], "AssociationId": association_id},
    }
    record = associate(
        engine,
        caller,
        params,
        STORAGE_CONFIGS,
        operation="AssociateInstanceStorageConfig",
        body=body,
        taken=f"The instance already has a storage config for {resource_type}: update it.",
        resource_id=association_id,
    )
    return {"AssociationId": record.id}


def _describe(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading(caller, params["InstanceId"]) as scope:
        return {"StorageConfig": _found(scope, params).body["StorageConfig"]}


def _list(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(
        engine,
        caller,
        params,
        STORAGE_CONFIGS,
        operation="ListInstanceStorageConfigs",
        size=10,
        subtype=params["ResourceType"],
    )
    return {"StorageConfigs": [r.body["StorageConfig"] for r in records], "NextToken": token}


def _update(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(scope: Scope) -> None:
        record = _found(scope, params)
        body = {**record.body, "StorageConfig": params["StorageConfig"]}
        scope.save(STORAGE_CONFIGS, record, body)

    return engine.write(caller, params["InstanceId"], work)


def _disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(scope: Scope) -> None:
        scope.delete(STORAGE_CONFIGS, _found(scope, params))

    return engine.write(caller, params["InstanceId"], work)


STORAGE_CONFIGS = integration_family(
    KEY,
    "Storage config",
    "ResourceType",
    {
        "AssociateInstanceStorageConfig": _associate,
        "DescribeInstanceStorageConfig": _describe,
        "ListInstanceStorageConfigs": _list,
        "UpdateInstanceStorageConfig": _update,
        "DisassociateInstanceStorageConfig": _disassociate,
    },
    prepare=_prepare,
    subtype="ResourceType",
)
