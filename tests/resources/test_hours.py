"""Hours of operation through boto3: the plain family the engine derives everything for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from botocore.exceptions import ClientError

from tests.resources.conftest import ActiveInstance
from tests.support.raw import send
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

NINE_TO_FIVE: list[Any] = [
    {
        "Day": "MONDAY",
        "StartTime": {"Hours": 9, "Minutes": 0},
        "EndTime": {"Hours": 17, "Minutes": 0},
    }
]


def _create(
    connect: ConnectClient, instance: ActiveInstance, name: str = "Office", **extra: Any
) -> dict[str, Any]:
    return dict(
        connect.create_hours_of_operation(
            InstanceId=instance.id,
            Name=name,
            TimeZone="Europe/London",
            Config=NINE_TO_FIVE,
            **extra,
        )
    )


def test_an_active_instance_has_basic_hours(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    summaries = own_connect.list_hours_of_operations(InstanceId=instance.id, MaxResults=60)[
        "HoursOfOperationSummaryList"
    ]
    assert [s["Name"] for s in summaries] == ["Basic Hours"]
    basic = own_connect.describe_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=summaries[0]["Id"]
    )["HoursOfOperation"]
    assert basic["HoursOfOperationArn"] == f"{instance.arn}/operating-hours/{summaries[0]['Id']}"
    assert basic["TimeZone"] == "America/New_York"
    assert len(basic["Config"]) == 7
    assert all(
        c["StartTime"] == c["EndTime"] == {"Hours": 0, "Minutes": 0} for c in basic["Config"]
    )


def test_create_describe_update_delete(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    created = _create(own_connect, instance, Description="Weekdays", Tags={"team": "a"})
    hours_id = created["HoursOfOperationId"]
    assert created["HoursOfOperationArn"] == f"{instance.arn}/operating-hours/{hours_id}"
    described = own_connect.describe_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=hours_id
    )["HoursOfOperation"]
    assert described["Name"] == "Office"
    assert described["Description"] == "Weekdays"
    assert described["Config"] == NINE_TO_FIVE
    assert described["Tags"] == {"team": "a"}
    assert described["LastModifiedRegion"] == "us-east-1"
    own_connect.update_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=hours_id, Name="Office hours", Config=[]
    )
    updated = own_connect.describe_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=hours_id
    )["HoursOfOperation"]
    assert (updated["Name"], updated["Config"], updated["Description"]) == (
        "Office hours",
        [],
        "Weekdays",
    )
    assert updated["LastModifiedTime"] >= described["LastModifiedTime"]
    own_connect.delete_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.describe_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours_id)


def test_ids_may_be_full_arns_percent_encoded(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    arn = _create(own_connect, instance)["HoursOfOperationArn"]
    described = own_connect.describe_hours_of_operation(
        InstanceId=instance.arn, HoursOfOperationId=arn
    )["HoursOfOperation"]
    assert described["HoursOfOperationArn"] == arn


def test_names_are_unique_per_instance_on_create_and_rename(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    _create(own_connect, instance, "A")
    second = _create(own_connect, instance, "B")["HoursOfOperationId"]
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        _create(own_connect, instance, "A")
    with pytest.raises(own_connect.exceptions.DuplicateResourceException):
        own_connect.update_hours_of_operation(
            InstanceId=instance.id, HoursOfOperationId=second, Name="A"
        )
    names = [
        s["Name"]
        for s in own_connect.list_hours_of_operations(InstanceId=instance.id)[
            "HoursOfOperationSummaryList"
        ]
    ]
    assert sorted(names) == ["A", "B", "Basic Hours"]


def test_lists_page_with_tokens_boto3_paginates(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    for index in range(5):
        _create(own_connect, instance, f"H{index}")
    first = own_connect.list_hours_of_operations(InstanceId=instance.id, MaxResults=2)
    assert len(first["HoursOfOperationSummaryList"]) == 2
    assert "NextToken" in first
    paginator = own_connect.get_paginator("list_hours_of_operations")
    names = [
        s["Name"]
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
        for s in page["HoursOfOperationSummaryList"]
    ]
    assert names == ["Basic Hours", "H0", "H1", "H2", "H3", "H4"]


def test_tags_on_the_child_arn(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    created = _create(own_connect, instance, Tags={"a": "1"})
    arn = created["HoursOfOperationArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    described = own_connect.describe_hours_of_operation(
        InstanceId=instance.id, HoursOfOperationId=created["HoursOfOperationId"]
    )["HoursOfOperation"]
    assert described["Tags"] == {"b": "2"}


def test_bad_input_is_a_4xx_naming_the_member_and_writes_nothing(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    bad_config = [
        {
            "Day": "FUNDAY",
            "StartTime": {"Hours": 25, "Minutes": 0},
            "EndTime": {"Hours": 1, "Minutes": 0},
        }
    ]
    with pytest.raises(ClientError) as raised:
        raw.create_hours_of_operation(
            InstanceId=instance.id,
            Name="Bad",
            TimeZone="UTC",
            Config=bad_config,  # type: ignore[arg-type]
        )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Day" in raised.value.response["Error"]["Message"]
    names = [
        s["Name"]
        for s in raw.list_hours_of_operations(InstanceId=instance.id)["HoursOfOperationSummaryList"]
    ]
    assert "Bad" not in names


def test_unknown_instance_and_unknown_hours_are_404(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_hours_of_operations(InstanceId="00000000-0000-4000-8000-000000000000")
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.describe_hours_of_operation(
            InstanceId=instance.id, HoursOfOperationId="00000000-0000-4000-8000-000000000000"
        )


def test_another_accounts_instance_is_404(connect: ConnectClient, instance: ActiveInstance) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_hours_of_operations(InstanceId=instance.id)


def test_raw_http_error_shape(
    server: EmulatorProcess, account: str, instance: ActiveInstance
) -> None:
    path = f"/hours-of-operations/{quote(instance.id)}/{'0' * 8}-0000-4000-8000-{'0' * 12}"
    response = send(server.url, "GET", path, access_key=account)
    assert response.status == 404
    assert response.error_type == "ResourceNotFoundException"
    assert response.headers["x-amzn-requestid"]
    assert "not found" in response.json()["Message"]


def test_terraform_aws_connect_hours_of_operation_sequence(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    """What terraform-provider-aws calls for aws_connect_hours_of_operation: create, read
    (DescribeHoursOfOperation), update (UpdateHoursOfOperation with every member, then the
    tags), the data source's lookup by name (ListHoursOfOperations, 60 a page, then Describe)
    and by id, then delete with 404 tolerated."""
    created = own_connect.create_hours_of_operation(
        InstanceId=instance.id,
        Name="tf-hours",
        Description="Terraform",
        TimeZone="EST",
        Config=NINE_TO_FIVE,
        Tags={"Name": "tf-hours"},
    )
    hours_id, arn = created["HoursOfOperationId"], created["HoursOfOperationArn"]

    def read() -> dict[str, Any]:
        return dict(
            own_connect.describe_hours_of_operation(
                InstanceId=instance.id, HoursOfOperationId=hours_id
            )["HoursOfOperation"]
        )

    described = read()
    assert (described["Name"], described["TimeZone"], described["Tags"]) == (
        "tf-hours",
        "EST",
        {"Name": "tf-hours"},
    )
    assert described["Config"] == NINE_TO_FIVE
    assert described["HoursOfOperationArn"] == arn

    saturday: list[Any] = [
        {
            "Day": "SATURDAY",
            "StartTime": {"Hours": 10, "Minutes": 30},
            "EndTime": {"Hours": 14, "Minutes": 0},
        }
    ]
    own_connect.update_hours_of_operation(
        InstanceId=instance.id,
        HoursOfOperationId=hours_id,
        Name="tf-hours-2",
        Description="Terraform 2",
        TimeZone="UTC",
        Config=NINE_TO_FIVE + saturday,
    )
    own_connect.tag_resource(resourceArn=arn, tags={"Env": "test"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["Name"])
    described = read()
    assert (described["Name"], described["Description"], described["TimeZone"]) == (
        "tf-hours-2",
        "Terraform 2",
        "UTC",
    )
    assert sorted(c["Day"] for c in described["Config"]) == ["MONDAY", "SATURDAY"]
    assert described["Tags"] == {"Env": "test"}

    # The data source by name: every page of 60, an exact match, then Describe.
    matches = [
        s
        for page in own_connect.get_paginator("list_hours_of_operations").paginate(
            InstanceId=instance.id, PaginationConfig={"PageSize": 60}
        )
        for s in page["HoursOfOperationSummaryList"]
        if s["Name"] == "tf-hours-2"
    ]
    assert [m["Id"] for m in matches] == [hours_id]
    assert matches[0]["Arn"] == arn
    assert read() == described

    own_connect.delete_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours_id)
    # Destroy's wait and a second destroy: 404, which the provider takes as gone.
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        read()
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.delete_hours_of_operation(InstanceId=instance.id, HoursOfOperationId=hours_id)
