"""Queues through boto3: BasicQueue, the five updates, quick connects on a queue, references to
hours and flows, the in-use rules, agent queues, and Terraform's aws_connect_queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.resources.conftest import ActiveInstance
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _id_of(pages: Iterable[Any], member: str, name: str) -> str:
    return str(next(s["Id"] for page in pages for s in page[member] if s.get("Name") == name))


def basic_hours(connect: ConnectClient, instance: ActiveInstance) -> str:
    pages = [connect.list_hours_of_operations(InstanceId=instance.id, MaxResults=60)]
    return _id_of(pages, "HoursOfOperationSummaryList", "Basic Hours")


def flow_id(connect: ConnectClient, instance: ActiveInstance, name: str) -> str:
    pages = connect.get_paginator("list_contact_flows").paginate(InstanceId=instance.id)
    return _id_of(list(pages), "ContactFlowSummaryList", name)


def create_queue(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Sales", **extra: Any
) -> dict[str, Any]:
    extra.setdefault("HoursOfOperationId", basic_hours(connect, instance))
    return dict(connect.create_queue(InstanceId=instance.id, Name=name, **extra))


def phone_quick_connect(connect: ConnectClient, instance: ActiveInstance, name: str) -> str:
    return connect.create_quick_connect(
        InstanceId=instance.id,
        Name=name,
        QuickConnectConfig={
            "QuickConnectType": "PHONE_NUMBER",
            "PhoneConfig": {"PhoneNumber": "+14255550100"},
        },
    )["QuickConnectId"]


def _describe(connect: ConnectClient, instance: ActiveInstance, queue_id: str) -> dict[str, Any]:
    return dict(connect.describe_queue(InstanceId=instance.id, QueueId=queue_id)["Queue"])


def _quick_connect_ids(connect: ConnectClient, instance: ActiveInstance, queue: str) -> list[str]:
    pages = connect.get_paginator("list_queue_quick_connects").paginate(
        InstanceId=instance.id, QueueId=queue
    )
    return sorted(s["Id"] for page in pages for s in page["QuickConnectSummaryList"])


def test_an_active_instance_has_basic_queue(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_queues(InstanceId=instance.id, MaxResults=60)["QueueSummaryList"]
    assert [(s["Name"], s["QueueType"]) for s in summaries] == [("BasicQueue", "STANDARD")]
    basic = _describe(own_connect, instance, summaries[0]["Id"])
    assert basic["QueueArn"] == summaries[0]["Arn"] == f"{instance.arn}/queue/{basic['QueueId']}"
    assert basic["Description"] == "A simple, basic voice queue."
    assert basic["Status"] == "ENABLED"
    assert basic["HoursOfOperationId"] == basic_hours(own_connect, instance)
    assert "QueueType" not in basic


def test_create_describe_every_update_and_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    outbound_flow = flow_id(own_connect, instance, "Default outbound")
    created = create_queue(
        own_connect,
        instance,
        Description="Inbound sales",
        MaxContacts=20,
        OutboundCallerConfig={"OutboundCallerIdName": "Sales", "OutboundFlowId": outbound_flow},
        Tags={"team": "sales"},
    )
    queue_id = created["QueueId"]
    assert created["QueueArn"] == f"{instance.arn}/queue/{queue_id}"
    described = _describe(own_connect, instance, queue_id)
    assert described["Name"] == "Sales"
    assert described["Status"] == "ENABLED"
    assert described["MaxContacts"] == 20
    assert described["OutboundCallerConfig"]["OutboundFlowId"] == outbound_flow
    assert described["Tags"] == {"team": "sales"}
    assert described["LastModifiedRegion"] == "us-east-1"

    office = own_connect.create_hours_of_operation(
        InstanceId=instance.id, Name="Office", TimeZone="UTC", Config=[]
    )["HoursOfOperationId"]
    own_connect.update_queue_name(InstanceId=instance.id, QueueId=queue_id, Name="Sales EU")
    own_connect.update_queue_hours_of_operation(
        InstanceId=instance.id, QueueId=queue_id, HoursOfOperationId=office
    )
    own_connect.update_queue_max_contacts(InstanceId=instance.id, QueueId=queue_id, MaxContacts=5)
    own_connect.update_queue_outbound_caller_config(
        InstanceId=instance.id,
        QueueId=queue_id,
        OutboundCallerConfig={"OutboundCallerIdNumberId": UNKNOWN},
    )
    own_connect.update_queue_status(InstanceId=instance.id, QueueId=queue_id, Status="DISABLED")
    updated = _describe(own_connect, instance, queue_id)
    assert (updated["Name"], updated["Description"]) == ("Sales EU", "Inbound sales")
    assert updated["HoursOfOperationId"] == office
    assert updated["MaxContacts"] == 5
    # The config is replaced whole; a phone number is kept, not checked (not modelled yet).
    assert updated["OutboundCallerConfig"] == {"OutboundCallerIdNumberId": UNKNOWN}
    assert updated["Status"] == "DISABLED"
    assert updated["LastModifiedTime"] >= described["LastModifiedTime"]

    own_connect.update_queue_max_contacts(InstanceId=instance.id, QueueId=queue_id)
    assert "MaxContacts" not in _describe(own_connect, instance, queue_id)

    own_connect.delete_queue(InstanceId=instance.id, QueueId=queue_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, instance, queue_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_queue(InstanceId=instance.id, QueueId=queue_id)


def test_quick_connects_on_create_associate_disassociate_and_their_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first, second, third = (phone_quick_connect(own_connect, instance, n) for n in "ABC")
    queue = create_queue(own_connect, instance, QuickConnectIds=[first, second])["QueueId"]
    listed = own_connect.list_queue_quick_connects(InstanceId=instance.id, QueueId=queue)
    assert sorted(s["Id"] for s in listed["QuickConnectSummaryList"]) == sorted([first, second])
    assert {s["QuickConnectType"] for s in listed["QuickConnectSummaryList"]} == {"PHONE_NUMBER"}
    assert listed["LastModifiedRegion"] == "us-east-1"
    assert "LastModifiedTime" in listed

    # Associating one already there again is harmless.
    own_connect.associate_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, QuickConnectIds=[second, third]
    )
    assert _quick_connect_ids(own_connect, instance, queue) == sorted([first, second, third])
    own_connect.disassociate_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, QuickConnectIds=[first]
    )
    assert _quick_connect_ids(own_connect, instance, queue) == sorted([second, third])

    # Deleting a quick connect takes it off the queues that offer it.
    own_connect.delete_quick_connect(InstanceId=instance.id, QuickConnectId=second)
    assert _quick_connect_ids(own_connect, instance, queue) == [third]


def test_unknown_references_are_404_and_write_nothing(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        create_queue(own_connect, instance, HoursOfOperationId=UNKNOWN)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        create_queue(own_connect, instance, QuickConnectIds=[UNKNOWN])
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        create_queue(own_connect, instance, OutboundCallerConfig={"OutboundFlowId": UNKNOWN})
    names = [s["Name"] for s in own_connect.list_queues(InstanceId=instance.id)["QueueSummaryList"]]
    assert names == ["BasicQueue"]

    queue = create_queue(own_connect, instance)["QueueId"]
    before = _describe(own_connect, instance, queue)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_queue_hours_of_operation(
            InstanceId=instance.id, QueueId=queue, HoursOfOperationId=UNKNOWN
        )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.associate_queue_quick_connects(
            InstanceId=instance.id, QueueId=queue, QuickConnectIds=[UNKNOWN]
        )
    assert _describe(own_connect, instance, queue) == before
    assert _quick_connect_ids(own_connect, instance, queue) == []
    calls: list[Callable[[], object]] = [
        lambda: own_connect.describe_queue(InstanceId=instance.id, QueueId=UNKNOWN),
        lambda: own_connect.update_queue_status(
            InstanceId=instance.id, QueueId=UNKNOWN, Status="ENABLED"
        ),
        lambda: own_connect.list_queue_quick_connects(InstanceId=instance.id, QueueId=UNKNOWN),
        lambda: own_connect.delete_queue(InstanceId=instance.id, QueueId=UNKNOWN),
    ]
    for call in calls:
        with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
            call()


def test_names_are_unique_per_instance_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    create_queue(own_connect, instance, "A")
    second = create_queue(own_connect, instance, "B")["QueueId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        create_queue(own_connect, instance, "A")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        create_queue(own_connect, instance, "BasicQueue")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_queue_name(InstanceId=instance.id, QueueId=second, Name="A")
    # Renaming to its own name, or changing only the description, is no conflict.
    own_connect.update_queue_name(InstanceId=instance.id, QueueId=second, Name="B")
    own_connect.update_queue_name(InstanceId=instance.id, QueueId=second, Description="Bee")
    assert _describe(own_connect, instance, second)["Name"] == "B"


def test_hours_in_use_by_a_queue_cannot_be_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    hours = own_connect.create_hours_of_operation(
        InstanceId=instance.id, Name="Office", TimeZone="UTC", Config=[]
    )["HoursOfOperationId"]
    queue = create_queue(own_connect, instance, HoursOfOperationId=hours)
    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours)
    assert raised.value.response["ResourceType"] == "QUEUE"  # type: ignore[typeddict-item]
    assert raised.value.response["ResourceId"] == queue["QueueArn"]  # type: ignore[typeddict-item]
    own_connect.update_queue_hours_of_operation(
        InstanceId=instance.id,
        QueueId=queue["QueueId"],
        HoursOfOperationId=basic_hours(own_connect, instance),
    )
    own_connect.delete_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours)


def test_a_deleted_outbound_flow_leaves_the_queue(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow = own_connect.create_contact_flow(
        InstanceId=instance.id,
        Name="Outbound whisper",
        Type="OUTBOUND_WHISPER",
        Content=own_connect.describe_contact_flow(
            InstanceId=instance.id, ContactFlowId=flow_id(own_connect, instance, "Default outbound")
        )["ContactFlow"]["Content"],
    )["ContactFlowId"]
    queue = create_queue(own_connect, instance, OutboundCallerConfig={"OutboundFlowId": flow})
    own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow)
    assert _describe(own_connect, instance, queue["QueueId"])["OutboundCallerConfig"] == {
        "OutboundFlowId": flow
    }


def test_lists_page_filter_and_paginate(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(4):
        create_queue(own_connect, instance, f"Q{index}")
    first = own_connect.list_queues(InstanceId=instance.id, MaxResults=2)
    assert len(first["QueueSummaryList"]) == 2
    assert "NextToken" in first
    paginator = own_connect.get_paginator("list_queues")
    names = [
        s["Name"]
        for page in paginator.paginate(
            InstanceId=instance.id, QueueTypes=["STANDARD"], PaginationConfig={"PageSize": 2}
        )
        for s in page["QueueSummaryList"]
    ]
    assert names == ["BasicQueue", "Q0", "Q1", "Q2", "Q3"]
    assert (
        own_connect.list_queues(InstanceId=instance.id, QueueTypes=["AGENT"])["QueueSummaryList"]
        == []
    )

    quick_connects = [phone_quick_connect(own_connect, instance, f"P{i}") for i in range(3)]
    queue = create_queue(own_connect, instance, QuickConnectIds=quick_connects)["QueueId"]
    page = own_connect.list_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, MaxResults=2
    )
    assert len(page["QuickConnectSummaryList"]) == 2
    rest = own_connect.list_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, MaxResults=2, NextToken=page["NextToken"]
    )
    assert "NextToken" not in rest
    assert _quick_connect_ids(own_connect, instance, queue) == sorted(quick_connects)


def test_ids_may_be_full_arns(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    hours_arn = own_connect.describe_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=basic_hours(own_connect, instance)
    )["HoursOfOperation"]["HoursOfOperationArn"]
    quick_connect = phone_quick_connect(own_connect, instance, "P")
    quick_connect_arn = own_connect.describe_quick_connect(
        InstanceId=instance.id, QuickConnectId=quick_connect
    )["QuickConnect"]["QuickConnectARN"]
    created = create_queue(
        own_connect, instance, HoursOfOperationId=hours_arn, QuickConnectIds=[quick_connect_arn]
    )
    arn = created["QueueArn"]
    described = own_connect.describe_queue(InstanceId=instance.arn, QueueId=arn)["Queue"]
    assert described["QueueId"] == created["QueueId"]
    own_connect.disassociate_queue_quick_connects(
        InstanceId=instance.id, QueueId=arn, QuickConnectIds=[quick_connect_arn]
    )
    assert _quick_connect_ids(own_connect, instance, arn) == []
    own_connect.delete_queue(InstanceId=instance.arn, QueueId=arn)


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = create_queue(own_connect, instance, Tags={"a": "1"})
    arn = created["QueueArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, instance, created["QueueId"])["Tags"] == {"b": "2"}


def test_the_queue_quota_is_limit_exceeded(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"queue": 2})
    create_queue(raw, instance, "Second")
    with pytest.raises(raw.exceptions.LimitExceededException) as raised:
        create_queue(raw, instance, "Third")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert len(raw.list_queues(InstanceId=instance.id)["QueueSummaryList"]) == 2


def test_bad_input_is_a_4xx_naming_the_member_and_writes_nothing(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"MaxContacts": -1}, "InvalidRequestException", "MaxContacts"),
        ({"QuickConnectIds": [UNKNOWN] * 51}, "InvalidRequestException", "QuickConnectIds"),
        ({"Name": ""}, "InvalidRequestException", "Name"),
        (
            {"OutboundCallerConfig": {"OutboundFlowId": ""}},
            "InvalidParameterException",
            "OutboundFlowId",
        ),
    ]
    for extra, code, member in cases:
        params = {"Name": "Bad", **extra}
        with pytest.raises(ClientError) as raised:
            create_queue(raw, instance, params.pop("Name"), **params)
        error = raised.value.response["Error"]
        assert (error["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]) == (
            code,
            400,
        )
        assert member in error["Message"]
    queue = create_queue(raw, instance)["QueueId"]
    with pytest.raises(ClientError) as raised:
        raw.update_queue_status(InstanceId=instance.id, QueueId=queue, Status="PAUSED")  # type: ignore[arg-type]
    assert "Status" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        raw.associate_queue_quick_connects(
            InstanceId=instance.id, QueueId=queue, QuickConnectIds=[UNKNOWN] * 51
        )
    assert "QuickConnectIds" in raised.value.response["Error"]["Message"]
    names = [s["Name"] for s in raw.list_queues(InstanceId=instance.id)["QueueSummaryList"]]
    assert names == ["BasicQueue", "Sales"]


def test_each_user_has_an_agent_queue_that_goes_with_the_user(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    routing_profile = _id_of(
        [own_connect.list_routing_profiles(InstanceId=instance.id)],
        "RoutingProfileSummaryList",
        "Basic Routing Profile",
    )
    security_profile = _id_of(
        [own_connect.list_security_profiles(InstanceId=instance.id)],
        "SecurityProfileSummaryList",
        "Agent",
    )
    user = own_connect.create_user(
        InstanceId=instance.id,
        Username="jdoe",
        Password="Passw0rd!x",
        IdentityInfo={"FirstName": "J", "LastName": "Doe"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        RoutingProfileId=routing_profile,
        SecurityProfileIds=[security_profile],
    )["UserId"]
    agents = own_connect.list_queues(InstanceId=instance.id, QueueTypes=["AGENT"])[
        "QueueSummaryList"
    ]
    assert [(s["Id"], s["QueueType"], "Name" in s) for s in agents] == [(user, "AGENT", False)]
    assert agents[0]["Arn"] == f"{instance.arn}/queue/agent/{user}"
    assert len(own_connect.list_queues(InstanceId=instance.id)["QueueSummaryList"]) == 2
    agent_queue = _describe(own_connect, instance, agents[0]["Arn"])
    assert (agent_queue["QueueArn"], agent_queue["Status"]) == (agents[0]["Arn"], "ENABLED")
    assert "Name" not in agent_queue

    with pytest.raises(own_connect.exceptions.ResourceInUseException) as raised:
        own_connect.delete_queue(InstanceId=instance.id, QueueId=user)
    assert raised.value.response["ResourceType"] == "USER"  # type: ignore[typeddict-item]
    assert raised.value.response["ResourceId"] == f"{instance.arn}/agent/{user}"  # type: ignore[typeddict-item]
    with pytest.raises(own_connect.exceptions.InvalidRequestException):
        own_connect.update_queue_name(InstanceId=instance.id, QueueId=user, Name="Mine")
    quick_connect = phone_quick_connect(own_connect, instance, "P")
    with pytest.raises(own_connect.exceptions.InvalidRequestException):
        own_connect.associate_queue_quick_connects(
            InstanceId=instance.id, QueueId=user, QuickConnectIds=[quick_connect]
        )
    assert _quick_connect_ids(own_connect, instance, user) == []
    assert _describe(own_connect, instance, user) == agent_queue

    own_connect.delete_user(InstanceId=instance.id, UserId=user)
    assert (
        own_connect.list_queues(InstanceId=instance.id, QueueTypes=["AGENT"])["QueueSummaryList"]
        == []
    )


def test_terraform_aws_connect_queue_sequence(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """Create, read (DescribeQueue + ListQueueQuickConnects, 60), the updates Terraform makes,
    the data source's lookup by name, then delete with 404 tolerated."""
    hours = basic_hours(own_connect, instance)
    quick_connects = [phone_quick_connect(own_connect, instance, f"P{i}") for i in range(3)]
    queue = own_connect.create_queue(
        InstanceId=instance.id,
        Name="tf-queue",
        Description="Terraform",
        HoursOfOperationId=hours,
        MaxContacts=10,
        OutboundCallerConfig={"OutboundCallerIdName": "Example"},
        QuickConnectIds=quick_connects[:2],
        Tags={"Name": "tf-queue"},
    )["QueueId"]

    def read() -> tuple[dict[str, Any], list[str]]:
        described = _describe(own_connect, instance, queue)
        ids = [
            s["Id"]
            for page in own_connect.get_paginator("list_queue_quick_connects").paginate(
                InstanceId=instance.id, QueueId=queue, PaginationConfig={"PageSize": 60}
            )
            for s in page["QuickConnectSummaryList"]
        ]
        return described, sorted(ids)

    described, ids = read()
    assert (described["Name"], described["Status"], ids) == (
        "tf-queue",
        "ENABLED",
        sorted(quick_connects[:2]),
    )

    own_connect.update_queue_max_contacts(InstanceId=instance.id, QueueId=queue, MaxContacts=20)
    own_connect.update_queue_name(
        InstanceId=instance.id, QueueId=queue, Name="tf-queue-2", Description="Terraform 2"
    )
    own_connect.update_queue_outbound_caller_config(
        InstanceId=instance.id,
        QueueId=queue,
        OutboundCallerConfig={"OutboundCallerIdName": "Example 2"},
    )
    own_connect.update_queue_status(InstanceId=instance.id, QueueId=queue, Status="DISABLED")
    own_connect.associate_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, QuickConnectIds=quick_connects[2:]
    )
    own_connect.disassociate_queue_quick_connects(
        InstanceId=instance.id, QueueId=queue, QuickConnectIds=quick_connects[:1]
    )
    described, ids = read()
    assert (described["Name"], described["MaxContacts"], described["Status"]) == (
        "tf-queue-2",
        20,
        "DISABLED",
    )
    assert described["OutboundCallerConfig"] == {"OutboundCallerIdName": "Example 2"}
    assert ids == sorted(quick_connects[1:])

    # The data source: ListQueues (60) with an exact name match, then DescribeQueue.
    matches = [
        s
        for page in own_connect.get_paginator("list_queues").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 60}
        )
        for s in page["QueueSummaryList"]
        if s.get("Name") == "tf-queue-2"
    ]
    assert [m["Id"] for m in matches] == [queue]
    assert _describe(own_connect, instance, matches[0]["Id"])["Tags"] == {"Name": "tf-queue"}

    own_connect.delete_queue(InstanceId=instance.id, QueueId=queue)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_queue(InstanceId=instance.id, QueueId=queue)


def test_agent_queues_do_not_count_toward_the_queue_quota(
    server: EmulatorProcess, account: str, raw: ConnectClient, instance: ActiveInstance
) -> None:
    profiles = raw.list_routing_profiles(InstanceId=instance.id)["RoutingProfileSummaryList"]
    security = raw.list_security_profiles(InstanceId=instance.id)["SecurityProfileSummaryList"]
    raw.create_user(
        InstanceId=instance.id,
        Username="agent1",
        Password="Passw0rd!x",
        IdentityInfo={"FirstName": "A", "LastName": "B", "Email": "a@example.com"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        RoutingProfileId=profiles[0]["Id"],
        SecurityProfileIds=[security[0]["Id"]],
    )
    ControlClient(server.url).set_limits(account, resource_quotas={"queue": 2})
    # BasicQueue and this one make two STANDARD queues; the user's AGENT queue is not counted.
    create_queue(raw, instance, "Second")
    with pytest.raises(raw.exceptions.LimitExceededException):
        create_queue(raw, instance, "Third")


def test_a_queue_keeps_updating_after_its_outbound_flow_is_deleted(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    flow = own_connect.create_contact_flow(
        InstanceId=instance.id,
        Name="Outbound whisper",
        Type="OUTBOUND_WHISPER",
        Content='{"Version": "2019-10-30", "StartAction": "a", "Actions": '
        '[{"Identifier": "a", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}]}',
    )
    queue = create_queue(
        own_connect,
        instance,
        "Outbound",
        OutboundCallerConfig={"OutboundFlowId": flow["ContactFlowId"]},
    )
    # The flow's delete is not blocked by the queue (DeleteContactFlow declares no InUse) ...
    own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=flow["ContactFlowId"])
    # ... and the queue's other updates are not refused for the reference it already held.
    own_connect.update_queue_status(
        InstanceId=instance.id, QueueId=queue["QueueId"], Status="DISABLED"
    )
    assert _describe(own_connect, instance, queue["QueueId"])["Status"] == "DISABLED"
    # A new reference to a deleted flow still is.
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_queue_outbound_caller_config(
            InstanceId=instance.id,
            QueueId=queue["QueueId"],
            OutboundCallerConfig={"OutboundFlowId": UNKNOWN},
        )


def test_a_list_token_is_bound_to_its_list_and_instance(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(3):
        create_queue(own_connect, instance, f"T{index}")
    token = own_connect.list_queues(InstanceId=instance.id, MaxResults=2)["NextToken"]
    rest = own_connect.list_queues(InstanceId=instance.id, MaxResults=2, NextToken=token)
    assert [s["Name"] for s in rest["QueueSummaryList"]] == ["T1", "T2"]
    assert "NextToken" not in rest
    # The same position through the instance's ARN: the same list.
    by_arn = own_connect.list_queues(InstanceId=instance.arn, MaxResults=2, NextToken=token)
    assert by_arn["QueueSummaryList"] == rest["QueueSummaryList"]
    for call in (
        lambda: own_connect.list_queues(InstanceId=instance.id, NextToken="forged"),
        lambda: own_connect.list_hours_of_operations(InstanceId=instance.id, NextToken=token),
    ):
        with pytest.raises(own_connect.exceptions.InvalidRequestException, match="NextToken"):
            call()
    # A missing instance is named before a bad token.
    missing = "6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException, match=missing):
        own_connect.list_queues(InstanceId=missing, NextToken="forged")


def test_several_unknown_references_are_named_in_the_order_they_were_sent(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    known = phone_quick_connect(own_connect, instance, "Known")
    missing = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    elsewhere = (
        "arn:aws:connect:us-east-1:111122223333:instance/"
        "6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b/transfer-destination/" + missing
    )
    not_found = own_connect.exceptions.ResourceNotFoundException
    for sent, named in (
        ([known, missing, elsewhere], missing),
        ([known, elsewhere, missing], elsewhere),
    ):
        with pytest.raises(not_found) as raised:
            create_queue(own_connect, instance, "Refused", QuickConnectIds=sent)
        assert named in raised.value.response["Error"]["Message"]
    assert "Refused" not in [
        s["Name"] for s in own_connect.list_queues(InstanceId=instance.id)["QueueSummaryList"]
    ]
    made = create_queue(own_connect, instance, "Taken", QuickConnectIds=[known, known])
    listed = own_connect.list_queue_quick_connects(InstanceId=instance.id, QueueId=made["QueueId"])
    assert [s["Id"] for s in listed["QuickConnectSummaryList"]] == [known]
