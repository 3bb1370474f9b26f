"""Analytics data associations through boto3: the data lake's datasets, an association per
dataset and target account (a RAM share), the batch forms with Created/Deleted and Errors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

from tests.resources.conftest import ActiveInstance

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

OTHER_ACCOUNT = "444455556666"


def _results(connect: ConnectClient, instance_id: str, **extra: Any) -> list[Any]:
    return list(
        connect.list_analytics_data_associations(InstanceId=instance_id, **extra)["Results"]
    )


def test_the_data_lake_lists_its_datasets(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    listed = own_connect.list_analytics_data_lake_data_sets(InstanceId=instance.id)["Results"]
    ids = [d["DataSetId"] for d in listed]
    assert {"contact_record", "agent_queue_statistic_record", "contact_flow_events"} <= set(ids)
    assert all(d["DataSetName"] for d in listed)
    first = own_connect.list_analytics_data_lake_data_sets(InstanceId=instance.id, MaxResults=2)
    rest = own_connect.list_analytics_data_lake_data_sets(
        InstanceId=instance.id, NextToken=first["NextToken"]
    )
    assert [d["DataSetId"] for d in first["Results"] + rest["Results"]] == ids


def test_associate_list_disassociate(
    own_connect: ConnectClient, instance: ActiveInstance, account: str
) -> None:
    assert _results(own_connect, instance.id) == []
    made = own_connect.associate_analytics_data_set(
        InstanceId=instance.id, DataSetId="contact_record"
    )
    # The instance's own account when no target is given; a RAM share of this Region.
    assert made["TargetAccountId"] == account
    assert re.fullmatch(
        rf"arn:aws:ram:us-east-1:{account}:resource-share/{made['ResourceShareId']}",
        made["ResourceShareArn"],
    )
    other = own_connect.associate_analytics_data_set(
        InstanceId=instance.arn, DataSetId="contact_record", TargetAccountId=OTHER_ACCOUNT
    )
    assert other["ResourceShareId"] != made["ResourceShareId"]
    own_connect.associate_analytics_data_set(
        InstanceId=instance.id, DataSetId="contact_flow_events"
    )
    results = _results(own_connect, instance.id)
    assert [(r["DataSetId"], r["TargetAccountId"], r["ResourceShareStatus"]) for r in results] == [
        ("contact_record", account, "ACTIVE"),
        ("contact_record", OTHER_ACCOUNT, "ACTIVE"),
        ("contact_flow_events", account, "ACTIVE"),
    ]
    filtered = _results(own_connect, instance.id, DataSetId="contact_record", MaxResults=1)
    assert [r["TargetAccountId"] for r in filtered] == [account]
    own_connect.disassociate_analytics_data_set(
        InstanceId=instance.id, DataSetId="contact_record", TargetAccountId=OTHER_ACCOUNT
    )
    assert [
        r["TargetAccountId"] for r in _results(own_connect, instance.id, DataSetId="contact_record")
    ] == [account]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_analytics_data_set(
            InstanceId=instance.id, DataSetId="contact_record", TargetAccountId=OTHER_ACCOUNT
        )


def test_associating_again_answers_the_share_there_is(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first = own_connect.associate_analytics_data_set(
        InstanceId=instance.id, DataSetId="agent_statistic_record"
    )
    again = own_connect.associate_analytics_data_set(
        InstanceId=instance.id, DataSetId="agent_statistic_record"
    )
    assert again["ResourceShareArn"] == first["ResourceShareArn"]
    assert len(_results(own_connect, instance.id)) == 1


def test_an_unknown_dataset_is_404_and_nothing_is_written(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException) as missing:
        own_connect.associate_analytics_data_set(InstanceId=instance.id, DataSetId="no_such_table")
    assert "no_such_table" in missing.value.response["Error"]["Message"]
    assert _results(own_connect, instance.id) == []


def test_batch_forms_answer_per_dataset(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    made = own_connect.batch_associate_analytics_data_set(
        InstanceId=instance.id,
        DataSetIds=["contact_record", "nope", "contact_statistic_record", "contact_record"],
        TargetAccountId=OTHER_ACCOUNT,
    )
    assert [c["DataSetId"] for c in made["Created"]] == [
        "contact_record",
        "contact_statistic_record",
    ]
    assert all(c["TargetAccountId"] == OTHER_ACCOUNT for c in made["Created"])
    assert [e["ErrorCode"] for e in made["Errors"]] == ["ResourceNotFoundException"]
    assert "nope" in made["Errors"][0]["ErrorMessage"]
    gone = own_connect.batch_disassociate_analytics_data_set(
        InstanceId=instance.id,
        DataSetIds=["contact_record", "agent_event"],
        TargetAccountId=OTHER_ACCOUNT,
    )
    assert gone["Deleted"] == ["contact_record"]
    assert [e["ErrorCode"] for e in gone["Errors"]] == ["ResourceNotFoundException"]
    assert "agent_event" in gone["Errors"][0]["ErrorMessage"]
    assert [r["DataSetId"] for r in _results(own_connect, instance.id)] == [
        "contact_statistic_record"
    ]


def test_bad_input_is_a_4xx_naming_the_member(raw: ConnectClient, instance: ActiveInstance) -> None:
    calls: list[tuple[Any, str]] = [
        (
            lambda: raw.associate_analytics_data_set(
                InstanceId=instance.id, DataSetId="contact_record", TargetAccountId="12345"
            ),
            "TargetAccountId",
        ),
        (
            lambda: raw.associate_analytics_data_set(InstanceId=instance.id, DataSetId=""),
            "DataSetId",
        ),
        (
            lambda: raw.list_analytics_data_associations(InstanceId=instance.id, MaxResults=1001),
            "maxResults",
        ),
        (
            lambda: raw.batch_associate_analytics_data_set(InstanceId=instance.id, DataSetIds=[""]),
            "DataSetIds",
        ),
    ]
    for call, member in calls:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert member in refused.value.response["Error"]["Message"]
    assert _results(raw, instance.id) == []


def test_unknown_instances_are_404(own_connect: ConnectClient) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_analytics_data_lake_data_sets(InstanceId=unknown)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.batch_associate_analytics_data_set(
            InstanceId=unknown, DataSetIds=["contact_record"]
        )
