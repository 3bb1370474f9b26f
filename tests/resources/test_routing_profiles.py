"""Routing profiles through boto3: Basic Routing Profile, the updates, queue configs (and
manual-assignment ones) as references that keep their queues, the counts Describe computes,
and Terraform's aws_connect_routing_profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.resources.test_queues import UNKNOWN, create_queue
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

MEDIA: Any = [
    {"Channel": "VOICE", "Concurrency": 1},
    {"Channel": "CHAT", "Concurrency": 3},
]


def _config(queue: str, channel: str = "VOICE", priority: int = 1, delay: int = 0) -> Any:
    return {
        "QueueReference": {"QueueId": queue, "Channel": channel},
        "Priority": priority,
        "Delay": delay,
    }


def _basic_queue(connect: ConnectClient, instance: ActiveInstance) -> str:
    queues = connect.list_queues(InstanceId=instance.id)["QueueSummaryList"]
    return next(s["Id"] for s in queues if s.get("Name") == "BasicQueue")


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Sales", **extra: Any
) -> dict[str, Any]:
    extra.setdefault("DefaultOutboundQueueId", _basic_queue(connect, instance))
    extra.setdefault("MediaConcurrencies", MEDIA)
    extra.setdefault("Description", "Sales agents")
    return dict(connect.create_routing_profile(InstanceId=instance.id, Name=name, **extra))


def _describe(connect: ConnectClient, instance: ActiveInstance, profile: str) -> dict[str, Any]:
    return dict(
        connect.describe_routing_profile(InstanceId=instance.id, RoutingProfileId=profile)[
            "RoutingProfile"
        ]
    )


def _configs(
    connect: ConnectClient, instance: ActiveInstance, profile: str
) -> list[tuple[Any, ...]]:
    """(queue id, channel, priority, delay) of every queue config, read through the paginator."""
    pages = connect.get_paginator("list_routing_profile_queues").paginate(
        InstanceId=instance.id, RoutingProfileId=profile
    )
    return sorted(
        (s["QueueId"], s["Channel"], s["Priority"], s["Delay"])
        for page in pages
        for s in page["RoutingProfileQueueConfigSummaryList"]
    )


def test_an_active_instance_has_basic_routing_profile(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_routing_profiles(InstanceId=instance.id, MaxResults=60)[
        "RoutingProfileSummaryList"
    ]
    assert [s["Name"] for s in summaries] == ["Basic Routing Profile"]
    profile = summaries[0]["Id"]
    basic = _describe(own_connect, instance, profile)
    basic_queue = _basic_queue(own_connect, instance)
    assert basic["RoutingProfileArn"] == f"{instance.arn}/routing-profile/{profile}"
    assert basic["InstanceId"] == instance.id
    assert basic["Description"] == "A simple routing profile."
    assert basic["DefaultOutboundQueueId"] == basic_queue
    only_its_channel = {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}
    assert basic["MediaConcurrencies"] == [
        {"Channel": "VOICE", "Concurrency": 1, "CrossChannelBehavior": only_its_channel},
        {"Channel": "CHAT", "Concurrency": 2, "CrossChannelBehavior": only_its_channel},
        {"Channel": "TASK", "Concurrency": 1, "CrossChannelBehavior": only_its_channel},
    ]
    assert basic["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    assert basic["IsDefault"] is True
    assert (basic["NumberOfAssociatedQueues"], basic["NumberOfAssociatedUsers"]) == (1, 0)
    assert basic["NumberOfAssociatedManualAssignmentQueues"] == 0
    assert "AssociatedQueueIds" not in basic
    listed = own_connect.list_routing_profile_queues(
        InstanceId=instance.id, RoutingProfileId=profile, MaxResults=60
    )
    summary = listed["RoutingProfileQueueConfigSummaryList"][0]
    assert (summary["QueueName"], summary["QueueArn"]) == (
        "BasicQueue",
        f"{instance.arn}/queue/{basic_queue}",
    )
    assert _configs(own_connect, instance, profile) == [
        (basic_queue, channel, 1, 0) for channel in ("CHAT", "TASK", "VOICE")
    ]
    assert listed["LastModifiedRegion"] == "us-east-1"


def test_create_describe_every_update_and_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    queue = create_queue(own_connect, instance)["QueueId"]
    created = _create(
        own_connect,
        instance,
        QueueConfigs=[_config(queue, "VOICE", 2, 10), _config(queue, "CHAT")],
        Tags={"team": "sales"},
    )
    profile = created["RoutingProfileId"]
    assert created["RoutingProfileArn"] == f"{instance.arn}/routing-profile/{profile}"
    described = _describe(own_connect, instance, profile)
    assert (described["Name"], described["Description"]) == ("Sales", "Sales agents")
    assert described["IsDefault"] is False
    # Unset, the cross-channel behaviour and the availability timer read as AWS's defaults.
    assert all(
        m["CrossChannelBehavior"] == {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}
        for m in described["MediaConcurrencies"]
    )
    assert described["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    assert described["NumberOfAssociatedQueues"] == 1
    assert described["Tags"] == {"team": "sales"}
    assert described["LastModifiedRegion"] == "us-east-1"
    assert _configs(own_connect, instance, profile) == [
        (queue, "CHAT", 1, 0),
        (queue, "VOICE", 2, 10),
    ]

    own_connect.update_routing_profile_name(
        InstanceId=instance.id, RoutingProfileId=profile, Name="Sales EU"
    )
    media: Any = [
        {"Channel": "VOICE", "Concurrency": 1},
        {
            "Channel": "TASK",
            "Concurrency": 10,
            "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"},
        },
    ]
    own_connect.update_routing_profile_concurrency(
        InstanceId=instance.id, RoutingProfileId=profile, MediaConcurrencies=media
    )
    own_connect.update_routing_profile_default_outbound_queue(
        InstanceId=instance.id, RoutingProfileId=profile, DefaultOutboundQueueId=queue
    )
    own_connect.update_routing_profile_agent_availability_timer(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
    )
    updated = _describe(own_connect, instance, profile)
    assert (updated["Name"], updated["Description"]) == ("Sales EU", "Sales agents")
    assert [
        (m["Channel"], m["CrossChannelBehavior"]["BehaviorType"])
        for m in updated["MediaConcurrencies"]
    ] == [("VOICE", "ROUTE_CURRENT_CHANNEL_ONLY"), ("TASK", "ROUTE_ANY_CHANNEL")]
    assert updated["DefaultOutboundQueueId"] == queue
    assert updated["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND"
    assert updated["LastModifiedTime"] >= described["LastModifiedTime"]

    own_connect.delete_routing_profile(InstanceId=instance.id, RoutingProfileId=profile)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, profile)
    # Its queue configs went with it: the queue can go now.
    own_connect.delete_queue(InstanceId=instance.id, QueueId=queue)


def test_associate_update_and_disassociate_queue_configs(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first, second = (create_queue(own_connect, instance, n)["QueueId"] for n in ("A", "B"))
    profile = _create(own_connect, instance)["RoutingProfileId"]
    assert _configs(own_connect, instance, profile) == []
    assert _describe(own_connect, instance, profile)["NumberOfAssociatedQueues"] == 0

    own_connect.associate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueConfigs=[_config(first, "VOICE"), _config(first, "CHAT"), _config(second, "TASK")],
        ManualAssignmentQueueConfigs=[{"QueueReference": {"QueueId": second, "Channel": "CHAT"}}],
    )
    described = _describe(own_connect, instance, profile)
    assert described["NumberOfAssociatedQueues"] == 2
    assert described["NumberOfAssociatedManualAssignmentQueues"] == 1
    manual = own_connect.list_routing_profile_manual_assignment_queues(
        InstanceId=instance.id, RoutingProfileId=profile
    )["RoutingProfileManualAssignmentQueueConfigSummaryList"]
    assert [(m["QueueId"], m["QueueName"], m["Channel"]) for m in manual] == [(second, "B", "CHAT")]

    # A (queue, channel) pair already there is refused, and nothing of the call is kept.
    with pytest.raises(own_connect.exceptions.InvalidParameterException) as raised:
        own_connect.associate_routing_profile_queues(
            InstanceId=instance.id,
            RoutingProfileId=profile,
            QueueConfigs=[_config(second, "VOICE"), _config(first, "CHAT", 5)],
        )
    assert "cannot be duplicated" in raised.value.response["Error"]["Message"]
    assert len(_configs(own_connect, instance, profile)) == 3

    own_connect.update_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueConfigs=[_config(first, "CHAT", 7, 30)],
    )
    # Only pairs already associated can be updated.
    with pytest.raises(own_connect.exceptions.InvalidRequestException):
        own_connect.update_routing_profile_queues(
            InstanceId=instance.id,
            RoutingProfileId=profile,
            QueueConfigs=[_config(second, "VOICE", 7, 30)],
        )
    assert _configs(own_connect, instance, profile) == sorted(
        [(first, "VOICE", 1, 0), (first, "CHAT", 7, 30), (second, "TASK", 1, 0)]
    )

    own_connect.disassociate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueReferences=[
            {"QueueId": first, "Channel": "VOICE"},
            # A pair that is not there is ignored.
            {"QueueId": second, "Channel": "VOICE"},
        ],
        ManualAssignmentQueueReferences=[{"QueueId": second, "Channel": "CHAT"}],
    )
    assert _configs(own_connect, instance, profile) == sorted(
        [(first, "CHAT", 7, 30), (second, "TASK", 1, 0)]
    )
    assert (
        _describe(own_connect, instance, profile)["NumberOfAssociatedManualAssignmentQueues"] == 0
    )
    # Disassociated, then associated again with other values: what Terraform does on change.
    own_connect.disassociate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueReferences=[{"QueueId": first, "Channel": "CHAT"}],
    )
    own_connect.associate_routing_profile_queues(
        InstanceId=instance.id, RoutingProfileId=profile, QueueConfigs=[_config(first, "CHAT", 3)]
    )
    assert (first, "CHAT", 3, 0) in _configs(own_connect, instance, profile)


def test_queues_in_a_routing_profile_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    queue = create_queue(own_connect, instance)
    other = create_queue(own_connect, instance, "Outbound")
    profile = _create(
        own_connect,
        instance,
        DefaultOutboundQueueId=other["QueueId"],
        ManualAssignmentQueueConfigs=[
            {"QueueReference": {"QueueId": queue["QueueId"], "Channel": "CHAT"}}
        ],
    )
    for blocked in (queue, other):
        with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
            own_connect.delete_queue(InstanceId=instance.id, QueueId=blocked["QueueId"])
        response: Any = raised.value.response
        assert (response["ResourceType"], response["ResourceId"]) == (
            "ROUTING_PROFILE",
            profile["RoutingProfileArn"],
        )
    own_connect.disassociate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile["RoutingProfileId"],
        ManualAssignmentQueueReferences=[{"QueueId": queue["QueueId"], "Channel": "CHAT"}],
    )
    own_connect.delete_queue(InstanceId=instance.id, QueueId=queue["QueueId"])
    with pytest.raises(own_connect.exceptions.ResourceInUseException):
        own_connect.delete_queue(InstanceId=instance.id, QueueId=other["QueueId"])


def test_a_routing_profile_with_users_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    profile = _create(own_connect, instance)
    security = own_connect.list_security_profiles(InstanceId=instance.id)[
        "SecurityProfileSummaryList"
    ]
    user = own_connect.create_user(
        InstanceId=instance.id,
        Username="agent1",
        Password="Passw0rd!x",
        IdentityInfo={"FirstName": "A", "LastName": "Gent"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        RoutingProfileId=profile["RoutingProfileId"],
        SecurityProfileIds=[security[0]["Id"]],
    )
    assert (
        _describe(own_connect, instance, profile["RoutingProfileId"])["NumberOfAssociatedUsers"]
        == 1
    )
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_routing_profile(
            InstanceId=instance.id, RoutingProfileId=profile["RoutingProfileId"]
        )
    response: Any = raised.value.response
    assert (response["ResourceType"], response["ResourceId"]) == ("USER", user["UserArn"])
    own_connect.delete_user(InstanceId=instance.id, UserId=user["UserId"])
    own_connect.delete_routing_profile(
        InstanceId=instance.id, RoutingProfileId=profile["RoutingProfileId"]
    )


def test_unknown_and_agent_queues_are_refused_and_nothing_is_written(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _create(own_connect, instance, DefaultOutboundQueueId=UNKNOWN)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _create(own_connect, instance, QueueConfigs=[_config(UNKNOWN)])
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        _create(
            own_connect, instance, QueueConfigs=[_config(_basic_queue(own_connect, instance))] * 2
        )
    names = [
        s["Name"]
        for s in own_connect.list_routing_profiles(InstanceId=instance.id)[
            "RoutingProfileSummaryList"
        ]
    ]
    assert names == ["Basic Routing Profile"]

    profile = _create(own_connect, instance)["RoutingProfileId"]
    calls: list[Callable[[], object]] = [
        lambda: own_connect.associate_routing_profile_queues(
            InstanceId=instance.id, RoutingProfileId=profile, QueueConfigs=[_config(UNKNOWN)]
        ),
        lambda: own_connect.update_routing_profile_default_outbound_queue(
            InstanceId=instance.id, RoutingProfileId=profile, DefaultOutboundQueueId=UNKNOWN
        ),
        lambda: own_connect.describe_routing_profile(
            InstanceId=instance.id, RoutingProfileId=UNKNOWN
        ),
        lambda: own_connect.list_routing_profile_queues(
            InstanceId=instance.id, RoutingProfileId=UNKNOWN
        ),
        lambda: own_connect.update_routing_profile_name(
            InstanceId=instance.id, RoutingProfileId=UNKNOWN, Name="X"
        ),
        lambda: own_connect.delete_routing_profile(
            InstanceId=instance.id, RoutingProfileId=UNKNOWN
        ),
    ]
    for call in calls:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            call()
    assert _configs(own_connect, instance, profile) == []

    security = own_connect.list_security_profiles(InstanceId=instance.id)[
        "SecurityProfileSummaryList"
    ]
    agent_queue = own_connect.create_user(
        InstanceId=instance.id,
        Username="agent1",
        Password="Passw0rd!x",
        IdentityInfo={"FirstName": "A", "LastName": "Gent"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        RoutingProfileId=profile,
        SecurityProfileIds=[security[0]["Id"]],
    )["UserId"]
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        own_connect.associate_routing_profile_queues(
            InstanceId=instance.id, RoutingProfileId=profile, QueueConfigs=[_config(agent_queue)]
        )
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        own_connect.update_routing_profile_default_outbound_queue(
            InstanceId=instance.id, RoutingProfileId=profile, DefaultOutboundQueueId=agent_queue
        )


def test_concurrency_follows_the_channel_ranges(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    profile = _create(own_connect, instance)["RoutingProfileId"]
    wrong: list[Any] = [
        [{"Channel": "VOICE", "Concurrency": 2}],
        [{"Channel": "CHAT", "Concurrency": 0}],
        [{"Channel": "CHAT", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 2}],
    ]
    for media in wrong:
        with pytest.raises(own_connect.exceptions.InvalidParameterException) as raised:
            own_connect.update_routing_profile_concurrency(
                InstanceId=instance.id, RoutingProfileId=profile, MediaConcurrencies=media
            )
        assert "MediaConcurrencies" in raised.value.response["Error"]["Message"]
        with pytest.raises(own_connect.exceptions.InvalidParameterException):
            _create(own_connect, instance, "Other", MediaConcurrencies=media)
    assert _describe(own_connect, instance, profile)["MediaConcurrencies"][1]["Concurrency"] == 3


def test_names_are_unique_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "A")
    second = _create(own_connect, instance, "B")["RoutingProfileId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "A")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_routing_profile_name(
            InstanceId=instance.id, RoutingProfileId=second, Name="Basic Routing Profile"
        )
    assert _describe(own_connect, instance, second)["Name"] == "B"


def test_lists_page_and_paginate(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    for index in range(3):
        _create(own_connect, instance, f"R{index}")
    first = own_connect.list_routing_profiles(InstanceId=instance.id, MaxResults=2)
    assert len(first["RoutingProfileSummaryList"]) == 2
    assert "NextToken" in first
    names = [
        s["Name"]
        for page in own_connect.get_paginator("list_routing_profiles").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 2}
        )
        for s in page["RoutingProfileSummaryList"]
    ]
    assert names == ["Basic Routing Profile", "R0", "R1", "R2"]

    queues = [create_queue(own_connect, instance, f"Q{i}")["QueueId"] for i in range(3)]
    profile = _create(own_connect, instance, QueueConfigs=[_config(q) for q in queues])[
        "RoutingProfileId"
    ]
    page = own_connect.list_routing_profile_queues(
        InstanceId=instance.id, RoutingProfileId=profile, MaxResults=2
    )
    assert len(page["RoutingProfileQueueConfigSummaryList"]) == 2
    rest = own_connect.list_routing_profile_queues(
        InstanceId=instance.id, RoutingProfileId=profile, MaxResults=2, NextToken=page["NextToken"]
    )
    assert len(rest["RoutingProfileQueueConfigSummaryList"]) == 1
    assert "NextToken" not in rest


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    queue_arn = create_queue(own_connect, instance)["QueueArn"]
    created = _create(
        own_connect, instance, DefaultOutboundQueueId=queue_arn, QueueConfigs=[_config(queue_arn)]
    )
    arn = created["RoutingProfileArn"]
    assert _describe(own_connect, instance, arn)["RoutingProfileId"] == created["RoutingProfileId"]
    own_connect.disassociate_routing_profile_queues(
        InstanceId=instance.arn,
        RoutingProfileId=arn,
        QueueReferences=[{"QueueId": queue_arn, "Channel": "VOICE"}],
    )
    assert _configs(own_connect, instance, arn) == []
    own_connect.delete_routing_profile(InstanceId=instance.arn, RoutingProfileId=arn)


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["RoutingProfileArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["RoutingProfileId"])["Tags"] == {"b": "2"}


def test_the_quota_is_limit_exceeded(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"routing_profile": 2})
    _create(raw, instance, "Second")
    with pytest.raises(raw.exceptions.LimitExceededException):
        _create(raw, instance, "Third")
    listed = raw.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    assert len(listed) == 2


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    queue = _basic_queue(raw, instance)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"QueueConfigs": [_config(queue, "VOICE", p) for p in range(1, 12)]}, "QueueConfigs"),
        ({"QueueConfigs": [_config(queue, "VOICE", 0)]}, "Priority"),
        ({"QueueConfigs": [_config(queue, "VOICE", 1, 10000)]}, "Delay"),
        ({"AgentAvailabilityTimer": "NEVER"}, "AgentAvailabilityTimer"),
        ({"Description": ""}, "Description"),
    ]
    for extra, member in cases:
        with pytest.raises(ClientError) as raised:
            _create(raw, instance, "Bad", **extra)
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in raised.value.response["Error"]["Message"]
    profile = _create(raw, instance)["RoutingProfileId"]
    with pytest.raises(raw.exceptions.InvalidParameterException) as raised:
        raw.disassociate_routing_profile_queues(
            InstanceId=instance.id,
            RoutingProfileId=profile,
            QueueReferences=[{"QueueId": queue, "Channel": "VOICE"}] * 11,
        )
    assert "QueueReferences" in raised.value.response["Error"]["Message"]
    with pytest.raises(raw.exceptions.InvalidParameterException):
        raw.associate_routing_profile_queues(InstanceId=instance.id, RoutingProfileId=profile)
    names = [
        s["Name"]
        for s in raw.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    ]
    assert names == ["Basic Routing Profile", "Sales"]


def test_terraform_aws_connect_routing_profile_sequence(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """More than 10 queue configs: created without them, then associated in chunks of 10;
    read = Describe + ListRoutingProfileQueues (60); updates disassociate first, then
    associate; the data source's lookup by name; delete with 404 tolerated."""
    queues = [create_queue(own_connect, instance, f"Q{i}")["QueueId"] for i in range(6)]
    wanted = [_config(q, channel) for q in queues for channel in ("VOICE", "CHAT")]
    profile = own_connect.create_routing_profile(
        InstanceId=instance.id,
        Name="tf-rp",
        Description="Terraform",
        DefaultOutboundQueueId=queues[0],
        MediaConcurrencies=MEDIA,
        Tags={"Name": "tf-rp"},
    )["RoutingProfileId"]
    for start in range(0, len(wanted), 10):
        own_connect.associate_routing_profile_queues(
            InstanceId=instance.id,
            RoutingProfileId=profile,
            QueueConfigs=wanted[start : start + 10],
        )

    def read() -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        described = _describe(own_connect, instance, profile)
        pages = own_connect.get_paginator("list_routing_profile_queues").paginate(
            InstanceId=instance.id, RoutingProfileId=profile, PaginationConfig={"PageSize": 60}
        )
        configs = sorted(
            (s["QueueId"], s["Channel"], s["Priority"], s["Delay"])
            for page in pages
            for s in page["RoutingProfileQueueConfigSummaryList"]
        )
        return described, configs

    described, configs = read()
    assert described["NumberOfAssociatedQueues"] == 6
    assert len(configs) == 12

    own_connect.update_routing_profile_concurrency(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        MediaConcurrencies=[
            {"Channel": "VOICE", "Concurrency": 1},
            {"Channel": "TASK", "Concurrency": 2},
        ],
    )
    own_connect.update_routing_profile_default_outbound_queue(
        InstanceId=instance.id, RoutingProfileId=profile, DefaultOutboundQueueId=queues[1]
    )
    own_connect.update_routing_profile_name(
        InstanceId=instance.id, RoutingProfileId=profile, Name="tf-rp-2", Description="Terraform 2"
    )
    # One config changes priority, one goes: the old ones out first, then the new one in.
    own_connect.disassociate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueReferences=[
            {"QueueId": queues[0], "Channel": "VOICE"},
            {"QueueId": queues[5], "Channel": "CHAT"},
        ],
    )
    own_connect.associate_routing_profile_queues(
        InstanceId=instance.id,
        RoutingProfileId=profile,
        QueueConfigs=[_config(queues[0], "VOICE", 9)],
    )
    described, configs = read()
    assert (described["Name"], described["Description"]) == ("tf-rp-2", "Terraform 2")
    assert described["DefaultOutboundQueueId"] == queues[1]
    assert [m["Channel"] for m in described["MediaConcurrencies"]] == ["VOICE", "TASK"]
    assert len(configs) == 11
    assert (queues[0], "VOICE", 9, 0) in configs

    matches = [
        s
        for page in own_connect.get_paginator("list_routing_profiles").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 60}
        )
        for s in page["RoutingProfileSummaryList"]
        if s["Name"] == "tf-rp-2"
    ]
    assert [m["Id"] for m in matches] == [profile]
    assert _describe(own_connect, instance, matches[0]["Id"])["Tags"] == {"Name": "tf-rp"}

    own_connect.delete_routing_profile(InstanceId=instance.id, RoutingProfileId=profile)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_routing_profile(InstanceId=instance.id, RoutingProfileId=profile)
    # The profile held its queues; they can go now.
    for queue in queues:
        own_connect.delete_queue(InstanceId=instance.id, QueueId=queue)


def test_terraform_inline_queue_configs(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """Ten queue configs or fewer go inline in CreateRoutingProfile."""
    queue = create_queue(own_connect, instance)["QueueId"]
    profile = _create(
        own_connect,
        instance,
        "tf-inline",
        QueueConfigs=[_config(queue, c) for c in ("VOICE", "TASK")],
    )["RoutingProfileId"]
    assert _configs(own_connect, instance, profile) == [
        (queue, "TASK", 1, 0),
        (queue, "VOICE", 1, 0),
    ]
