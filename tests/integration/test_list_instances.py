"""ListInstances: summaries, a stable order, tamper-proof tokens, every instance exactly once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError

from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def all_pages(connect: ConnectClient, page_size: int) -> list[list[str]]:
    pages = connect.get_paginator("list_instances").paginate(
        PaginationConfig={"PageSize": page_size}
    )
    return [[s["Id"] for s in page["InstanceSummaryList"]] for page in pages]


def test_an_empty_account_lists_nothing(own_connect: ConnectClient) -> None:
    reply = own_connect.list_instances()
    assert reply["InstanceSummaryList"] == []
    assert "NextToken" not in reply


def test_summaries_have_the_model_fields_without_reason_or_tags(own_connect: ConnectClient) -> None:
    created = create(own_connect, Tags={"a": "b"})
    [summary] = own_connect.list_instances()["InstanceSummaryList"]
    described = own_connect.describe_instance(InstanceId=created["Id"])["Instance"]
    assert "Tags" not in summary
    assert "StatusReason" not in summary
    expected = {k: v for k, v in described.items() if k not in {"Tags", "StatusReason"}}
    assert summary == expected


def test_pages_come_in_creation_order_and_the_paginator_walks_them(
    own_connect: ConnectClient,
) -> None:
    ids = [create(own_connect)["Id"] for _ in range(7)]
    pages = all_pages(own_connect, 3)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [i for page in pages for i in page] == ids
    first = own_connect.list_instances(MaxResults=3)
    assert [s["Id"] for s in first["InstanceSummaryList"]] == ids[:3]
    assert own_connect.list_instances()["InstanceSummaryList"][0]["Id"] == ids[0]


def test_default_page_is_ten(own_connect: ConnectClient) -> None:
    for _ in range(11):
        create(own_connect)
    reply = own_connect.list_instances()
    assert len(reply["InstanceSummaryList"]) == 10
    assert reply["NextToken"]


@pytest.mark.parametrize("max_results", [0, 11])
def test_max_results_outside_1_to_10_is_refused(server: EmulatorProcess, max_results: int) -> None:
    raw = connect_client(server.url, validate=False)
    with pytest.raises(ClientError) as raised:
        raw.list_instances(MaxResults=max_results)
    assert raised.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "'maxResults'" in raised.value.response["Error"]["Message"]


def test_a_forged_token_is_refused(own_connect: ConnectClient) -> None:
    for _ in range(3):
        create(own_connect)
    token = own_connect.list_instances(MaxResults=1)["NextToken"]
    for forged in [
        "garbage",
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "MQ." + token.split(".")[1],
    ]:
        with pytest.raises(own_connect.exceptions.InvalidRequestException):
            own_connect.list_instances(MaxResults=1, NextToken=forged)


def test_a_token_cannot_be_used_by_another_account(
    own_connect: ConnectClient, server: EmulatorProcess
) -> None:
    for _ in range(2):
        create(own_connect)
    token = own_connect.list_instances(MaxResults=1)["NextToken"]
    other = connect_client(server.url, access_key="999999999999")
    with pytest.raises(other.exceptions.InvalidRequestException):
        other.list_instances(MaxResults=1, NextToken=token)


def test_every_instance_exactly_once_while_others_come_and_go(
    own_connect: ConnectClient,
) -> None:
    stable = [create(own_connect)["Id"] for _ in range(12)]
    churn = [create(own_connect)["Id"] for _ in range(6)]
    seen: list[str] = []
    reply = own_connect.list_instances(MaxResults=4)
    seen += [s["Id"] for s in reply["InstanceSummaryList"]]
    while "NextToken" in reply:
        # Between pages: new instances arrive and some earlier and later ones are deleted.
        stable.append(create(own_connect)["Id"])
        if churn:
            own_connect.delete_instance(InstanceId=churn.pop())
        reply = own_connect.list_instances(MaxResults=4, NextToken=reply["NextToken"])
        seen += [s["Id"] for s in reply["InstanceSummaryList"]]
    assert len(seen) == len(set(seen)), "an instance was listed twice"
    assert set(stable[:12]) <= set(seen), "an instance that existed throughout was skipped"


def test_accounts_and_regions_see_only_their_own(server: EmulatorProcess) -> None:
    mine = connect_client(server.url, access_key="111122223333")
    theirs = connect_client(server.url, access_key="444455556666")
    elsewhere = connect_client(server.url, access_key="111122223333", region="eu-central-1")
    created = create(mine)["Id"]
    assert created in [s["Id"] for s in mine.list_instances()["InstanceSummaryList"]]
    assert created not in [s["Id"] for s in theirs.list_instances()["InstanceSummaryList"]]
    assert created not in [s["Id"] for s in elsewhere.list_instances()["InstanceSummaryList"]]
