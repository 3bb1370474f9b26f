"""Phone numbers through boto3: account-level operations on numbers claimed to instances, their
asynchronous claim, move and release (paced and failed through the control API), the flow
association, and the call sequences of Terraform's aws_connect_phone_number and
aws_connect_phone_number_contact_flow_association."""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import botocore.session
import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from connect_emulator.resources.families import phone_inventory as inventory
from tests.integration.helpers import create, wait_for_status
from tests.resources.conftest import ActiveInstance
from tests.support.clients import connect_client
from tests.support.raw import send
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

FAMILY = "phone_number"
INBOUND_FLOW = (
    '{"Version": "2019-10-30", "StartAction": "end", "Actions": [{"Identifier": "end", '
    '"Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}'
)


@pytest.fixture
def control(server: EmulatorProcess) -> ControlClient:
    return ControlClient(server.url)


@pytest.fixture
def manual(control: ControlClient, account: str, instance: ActiveInstance) -> ControlClient:
    """Steps wait to be released through the control API (the instance is ACTIVE first)."""
    control.set_lifecycle(account, "manual", deletion_delay=3600)
    return control


@pytest.fixture
def second(own_connect: ConnectClient, instance: ActiveInstance) -> ActiveInstance:
    """Another ACTIVE instance of the account (made while the lifecycle is immediate)."""
    created = create(own_connect)
    assert wait_for_status(own_connect, created["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return ActiveInstance(created["Id"], created["Arn"])


def _search(
    connect: ConnectClient,
    instance: ActiveInstance,
    country: str = "US",
    kind: str = "DID",
    **extra: Any,
) -> list[str]:
    found = connect.search_available_phone_numbers(
        TargetArn=instance.arn,
        PhoneNumberCountryCode=country,  # type: ignore[arg-type]
        PhoneNumberType=kind,  # type: ignore[arg-type]
        **extra,
    )["AvailableNumbersList"]
    assert all(n["PhoneNumberCountryCode"] == country for n in found)
    assert all(n["PhoneNumberType"] == kind for n in found)
    return [n["PhoneNumber"] for n in found]


def _claim(
    connect: ConnectClient,
    instance: ActiveInstance,
    country: str = "US",
    kind: str = "DID",
    **extra: Any,
) -> dict[str, Any]:
    number = _search(connect, instance, country, kind, MaxResults=1)[0]
    claimed = dict(connect.claim_phone_number(TargetArn=instance.arn, PhoneNumber=number, **extra))
    claimed["PhoneNumber"] = number
    return claimed


def _describe(connect: ConnectClient, number_id: str) -> dict[str, Any]:
    return dict(connect.describe_phone_number(PhoneNumberId=number_id)["ClaimedPhoneNumberSummary"])


def _status(connect: ConnectClient, number_id: str) -> str:
    return str(_describe(connect, number_id)["PhoneNumberStatus"]["Status"])


def _settled(connect: ConnectClient, number_id: str, timeout: float = 10) -> dict[str, Any]:
    """The number once its step is done (the worker runs asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        described = _describe(connect, number_id)
        if described["PhoneNumberStatus"]["Status"] != "IN_PROGRESS":
            return described
        assert time.monotonic() < deadline, described
        time.sleep(0.02)


def _claimed(connect: ConnectClient, instance: ActiveInstance, **extra: Any) -> dict[str, Any]:
    claimed = _claim(connect, instance, **extra)
    assert _settled(connect, claimed["PhoneNumberId"])["PhoneNumberStatus"]["Status"] == "CLAIMED"
    return claimed


def _flow(
    connect: ConnectClient, instance: ActiveInstance, kind: str = "CONTACT_FLOW"
) -> dict[str, Any]:
    return dict(
        connect.create_contact_flow(
            InstanceId=instance.id,
            Name=f"Inbound {uuid.uuid4().hex[:8]}",
            Type=kind,  # type: ignore[arg-type]
            Content=INBOUND_FLOW,
        )
    )


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[int, str]:
    response = raised.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]


# The inventory (no server)


def test_every_country_of_the_model_has_numbers_of_every_type_that_tell_both_again() -> None:
    model = botocore.session.get_session().get_service_model("connect")
    countries = model.shape_for("PhoneNumberCountryCode").metadata["enum"]
    types = model.shape_for("PhoneNumberType").metadata["enum"]
    assert set(inventory.CODE_OF) == set(countries)
    codes = list(inventory.COUNTRIES_BY_CODE)
    # E.164 calling codes are prefix-free: a number's code is never in doubt.
    assert not [(a, b) for a in codes for b in codes if a != b and b.startswith(a)]
    for country in countries:
        for kind in types:
            offered = inventory.offer(country, kind, None)
            assert offered is not None
            for index in (0, 1, len(offered.values) // 2, len(offered.values) - 1):
                number = offered.number(index)
                assert re.fullmatch(r"\+[1-9]\d{1,14}", number)
                assert inventory.describe_number(number) == (country, kind), number
                assert offered.holds(number)


# SearchAvailablePhoneNumbers


def test_search_offers_numbers_of_the_country_and_type_not_claimed_in_the_account(
    own_connect: ConnectClient,
    instance: ActiveInstance,
    server: EmulatorProcess,
    control: ControlClient,
) -> None:
    us = _search(own_connect, instance, MaxResults=3)
    assert len(us) == len(set(us)) == 3
    assert all(n.startswith("+1") and len(n) == 12 for n in us)
    assert _search(own_connect, instance, "US", "DID", MaxResults=3) == us  # deterministic
    canada = _search(own_connect, instance, "CA", "DID", MaxResults=3)
    assert canada[0].startswith("+1")
    assert not set(canada) & set(us)
    assert all(n.startswith("+448") for n in _search(own_connect, instance, "GB", "TOLL_FREE"))
    assert all(n.startswith("+3538") for n in _search(own_connect, instance, "IE", "UIFN"))
    assert all(len(n) == 7 for n in _search(own_connect, instance, "US", "SHORT_CODE"))
    own_connect.claim_phone_number(TargetArn=instance.arn, PhoneNumber=us[0])
    assert _search(own_connect, instance, MaxResults=2) == us[1:]
    # Another account's inventory is its own.
    other_account = f"{secrets.randbelow(10**12):012d}"
    control.set_lifecycle(other_account, "immediate")
    other = connect_client(server.url, access_key=other_account)
    other_instance = create(other)
    wait_for_status(other, other_instance["Id"], "ACTIVE")
    assert us[0] in [
        n["PhoneNumber"]
        for n in other.search_available_phone_numbers(
            InstanceId=other_instance["Id"],
            PhoneNumberCountryCode="US",
            PhoneNumberType="DID",
            MaxResults=3,
        )["AvailableNumbersList"]
    ]


def instance_account(instance: ActiveInstance) -> str:
    return instance.arn.split(":")[4]


def test_search_honours_the_prefix(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    seattle = _search(own_connect, instance, PhoneNumberPrefix="+1206", MaxResults=10)
    assert len(seattle) == 10
    assert all(n.startswith("+1206") for n in seattle)
    assert all(
        n.startswith("+1888")
        for n in _search(own_connect, instance, "US", "TOLL_FREE", PhoneNumberPrefix="+1888")
    )
    assert _search(own_connect, instance, PhoneNumberPrefix="+44") == []
    assert _search(own_connect, instance, "US", "TOLL_FREE", PhoneNumberPrefix="+1206") == []
    assert _search(own_connect, instance, "GB", "DID", PhoneNumberPrefix="+4")[0].startswith("+44")


def test_search_pages_at_most_ten_and_boto3_paginates_to_an_end(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    first = own_connect.search_available_phone_numbers(
        InstanceId=instance.id, PhoneNumberCountryCode="US", PhoneNumberType="DID"
    )
    assert len(first["AvailableNumbersList"]) == 10
    second = own_connect.search_available_phone_numbers(
        InstanceId=instance.id,
        PhoneNumberCountryCode="US",
        PhoneNumberType="DID",
        NextToken=first["NextToken"],
    )
    numbers = [n["PhoneNumber"] for n in first["AvailableNumbersList"]]
    assert not {n["PhoneNumber"] for n in second["AvailableNumbersList"]} & set(numbers)
    paginator = own_connect.get_paginator("search_available_phone_numbers")
    walked = [
        n["PhoneNumber"]
        for page in paginator.paginate(
            TargetArn=instance.arn,
            PhoneNumberCountryCode="US",
            PhoneNumberType="DID",
            PaginationConfig={"PageSize": 7},
        )
        for n in page["AvailableNumbersList"]
    ]
    # A search offers a bounded inventory: the paginator ends.
    assert len(walked) == len(set(walked)) == 100
    assert walked[:10] == numbers


def test_search_needs_a_target_of_the_account_and_a_plus_in_the_prefix(
    raw: ConnectClient, instance: ActiveInstance
) -> None:
    common: dict[str, Any] = {"PhoneNumberCountryCode": "US", "PhoneNumberType": "DID"}
    cases: list[dict[str, Any]] = [
        {},
        {"InstanceId": instance.id, "PhoneNumberPrefix": "1206"},
        {"InstanceId": "00000000-0000-4000-8000-000000000000"},
        {"TargetArn": instance.arn.replace(instance_account(instance), "000000000000")},
        {"TargetArn": "arn:aws:s3:::bucket"},
        {"InstanceId": instance.id, "NextToken": "forged.token"},
    ]
    for case in cases:
        with pytest.raises(ClientError) as raised:
            raw.search_available_phone_numbers(**common, **case)
        assert _error(raised) == (400, "InvalidParameterException"), case
    with pytest.raises(ClientError) as raised:
        raw.search_available_phone_numbers(InstanceId=instance.id, MaxResults=11, **common)
    assert _error(raised)[0] == 400
    assert "MaxResults" in raised.value.response["Error"]["Message"]


# ClaimPhoneNumber, DescribePhoneNumber and the lifecycle


def test_a_claim_is_in_progress_until_its_step_is_released(
    own_connect: ConnectClient, instance: ActiveInstance, manual: ControlClient
) -> None:
    claimed = _claim(own_connect, instance, PhoneNumberDescription="Sales line", Tags={"a": "1"})
    number_id = claimed["PhoneNumberId"]
    account = instance_account(instance)
    assert (
        claimed["PhoneNumberArn"] == f"arn:aws:connect:us-east-1:{account}:phone-number/{number_id}"
    )
    described = _describe(own_connect, number_id)
    assert described == {
        "PhoneNumberId": number_id,
        "PhoneNumberArn": claimed["PhoneNumberArn"],
        "PhoneNumber": claimed["PhoneNumber"],
        "PhoneNumberCountryCode": "US",
        "PhoneNumberType": "DID",
        "PhoneNumberDescription": "Sales line",
        "TargetArn": instance.arn,
        "InstanceId": instance.id,
        "Tags": {"a": "1"},
        "PhoneNumberStatus": {"Status": "IN_PROGRESS"},
    }
    # Already held: no other claim can take it, and searches skip it.
    assert claimed["PhoneNumber"] not in _search(own_connect, instance)
    manual.release_step(FAMILY, number_id)
    assert _settled(own_connect, number_id)["PhoneNumberStatus"] == {"Status": "CLAIMED"}


def test_a_claim_fails_with_the_injected_reason_and_the_number_can_be_claimed_again(
    own_connect: ConnectClient, instance: ActiveInstance, control: ControlClient, account: str
) -> None:
    number = _search(own_connect, instance, MaxResults=1)[0]
    control.fail_next_steps(
        FAMILY, reason="The carrier refused the number.", account=account, name_pattern=number
    )
    failed = own_connect.claim_phone_number(TargetArn=instance.arn, PhoneNumber=number)
    status = _settled(own_connect, failed["PhoneNumberId"])["PhoneNumberStatus"]
    assert status == {"Status": "FAILED", "Message": "The carrier refused the number."}
    # A failed claim holds nothing: listed by V2 with its status, not by the legacy list.
    assert [
        n["PhoneNumberId"]
        for n in own_connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"]
    ] == [failed["PhoneNumberId"]]
    assert own_connect.list_phone_numbers(InstanceId=instance.id)["PhoneNumberSummaryList"] == []
    assert number in _search(own_connect, instance)
    again = own_connect.claim_phone_number(TargetArn=instance.arn, PhoneNumber=number)
    assert _settled(own_connect, again["PhoneNumberId"])["PhoneNumberStatus"]["Status"] == "CLAIMED"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, failed["PhoneNumberId"])


def test_a_manual_step_released_with_a_reason_fails(
    own_connect: ConnectClient, instance: ActiveInstance, manual: ControlClient
) -> None:
    claimed = _claim(own_connect, instance)
    manual.release_step(FAMILY, claimed["PhoneNumberId"], fail_reason="No capacity in the Region.")
    status = _settled(own_connect, claimed["PhoneNumberId"])["PhoneNumberStatus"]
    assert status == {"Status": "FAILED", "Message": "No capacity in the Region."}


def test_a_client_token_makes_the_claim_idempotent(
    own_connect: ConnectClient, instance: ActiveInstance, raw: ConnectClient
) -> None:
    first, second = _search(own_connect, instance, MaxResults=2)
    token = str(uuid.uuid4())
    claimed = own_connect.claim_phone_number(
        TargetArn=instance.arn, PhoneNumber=first, ClientToken=token
    )
    again = own_connect.claim_phone_number(
        TargetArn=instance.arn, PhoneNumber=first, ClientToken=token
    )
    assert again["PhoneNumberId"] == claimed["PhoneNumberId"]
    assert len(own_connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"]) == 1
    with pytest.raises(ClientError) as raised:
        own_connect.claim_phone_number(
            TargetArn=instance.arn, PhoneNumber=second, ClientToken=token
        )
    assert _error(raised) == (409, "IdempotencyException")
    with pytest.raises(ClientError) as raised:
        raw.claim_phone_number(TargetArn=instance.arn, PhoneNumber=second, ClientToken="not-a-uuid")
    assert _error(raised) == (400, "InvalidParameterException")
    assert "ClientToken" in raised.value.response["Error"]["Message"]


def test_claim_errors(
    own_connect: ConnectClient, raw: ConnectClient, instance: ActiveInstance
) -> None:
    claimed = _claim(own_connect, instance)
    with pytest.raises(ClientError) as raised:
        own_connect.claim_phone_number(TargetArn=instance.arn, PhoneNumber=claimed["PhoneNumber"])
    assert _error(raised) == (400, "InvalidParameterException")
    assert "not available" in raised.value.response["Error"]["Message"]
    number = _search(own_connect, instance, MaxResults=1)[0]
    not_found: list[dict[str, Any]] = [
        {"InstanceId": "00000000-0000-4000-8000-000000000000"},
        {"TargetArn": instance.arn.replace(instance_account(instance), "000000000000")},
        {
            "TargetArn": instance.arn.replace(
                f"instance/{instance.id}", "traffic-distribution-group/x"
            )
        },
    ]
    for case in not_found:
        with pytest.raises(ClientError) as raised:
            raw.claim_phone_number(PhoneNumber=number, **case)
        assert _error(raised) == (404, "ResourceNotFoundException"), case
    invalid: list[dict[str, Any]] = [
        {"PhoneNumber": number},  # no target
        {"PhoneNumber": "+999123456", "InstanceId": instance.id},  # no such calling code
        {"PhoneNumber": number, "InstanceId": instance.id, "TargetArn": f"{instance.arn}0"},
    ]
    for case in invalid:
        with pytest.raises(ClientError) as raised:
            raw.claim_phone_number(**case)
        assert _error(raised) == (400, "InvalidParameterException"), case
    with pytest.raises(ClientError) as raised:
        raw.claim_phone_number(PhoneNumber="12065550100", InstanceId=instance.id)
    assert _error(raised)[0] == 400
    assert "PhoneNumber" in raised.value.response["Error"]["Message"]
    # Nothing was written by the refused claims.
    assert len(own_connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"]) == 1


def test_claims_over_the_instance_quota_fail_with_the_limit_message(
    own_connect: ConnectClient,
    instance: ActiveInstance,
    second: ActiveInstance,
    control: ControlClient,
    account: str,
) -> None:
    control.set_limits(account, resource_quotas={FAMILY: 2})
    for _ in range(2):
        _claimed(own_connect, instance)
    over = _claim(own_connect, instance)
    status = _settled(own_connect, over["PhoneNumberId"])["PhoneNumberStatus"]
    assert status["Status"] == "FAILED"
    assert status["Message"].startswith("You've reached the limit of Phone Numbers")
    # The quota is per instance: a failed claim may be retried onto another target.
    retried = own_connect.update_phone_number(
        PhoneNumberId=over["PhoneNumberId"], TargetArn=second.arn
    )
    moved = _settled(own_connect, retried["PhoneNumberId"])
    assert (moved["TargetArn"], moved["PhoneNumberStatus"]) == (second.arn, {"Status": "CLAIMED"})
    _claimed(own_connect, second)
    # A failed claim holds nothing: the search offers its number, a claim takes it afresh.
    failed = _claim(own_connect, instance)
    assert _settled(own_connect, failed["PhoneNumberId"])["PhoneNumberStatus"]["Status"] == "FAILED"
    assert _search(own_connect, second, MaxResults=1) == [failed["PhoneNumber"]]


# UpdatePhoneNumber, UpdatePhoneNumberMetadata, ReleasePhoneNumber


def test_update_moves_the_number_in_progress_without_its_flow(
    own_connect: ConnectClient,
    instance: ActiveInstance,
    second: ActiveInstance,
    manual: ControlClient,
) -> None:
    claimed = _claim(own_connect, instance)
    number_id = claimed["PhoneNumberId"]
    manual.release_step(FAMILY, number_id)
    _settled(own_connect, number_id)
    flow = _flow(own_connect, instance)
    own_connect.associate_phone_number_contact_flow(
        PhoneNumberId=number_id, InstanceId=instance.id, ContactFlowId=flow["ContactFlowId"]
    )
    moved = own_connect.update_phone_number(PhoneNumberId=number_id, TargetArn=second.arn)
    assert moved["PhoneNumberArn"] == claimed["PhoneNumberArn"]
    described = _describe(own_connect, number_id)
    assert (described["TargetArn"], described["InstanceId"]) == (second.arn, second.id)
    assert described["PhoneNumberStatus"]["Status"] == "IN_PROGRESS"
    busy: list[Callable[[], object]] = [
        lambda: own_connect.update_phone_number(PhoneNumberId=number_id, TargetArn=instance.arn),
        lambda: own_connect.update_phone_number_metadata(
            PhoneNumberId=number_id, PhoneNumberDescription="busy"
        ),
    ]
    for call in busy:
        with pytest.raises(ClientError) as raised:
            call()
        assert _error(raised) == (409, "ResourceInUseException")
        assert raised.value.response["ResourceType"] == "PHONE_NUMBER"  # type: ignore[typeddict-item]
        assert raised.value.response["ResourceId"] == claimed["PhoneNumberArn"]  # type: ignore[typeddict-item]
    manual.release_step(FAMILY, number_id)
    assert _settled(own_connect, number_id)["PhoneNumberStatus"]["Status"] == "CLAIMED"
    assert own_connect.list_phone_numbers(InstanceId=instance.id)["PhoneNumberSummaryList"] == []
    assert [
        n["Id"]
        for n in own_connect.list_phone_numbers(InstanceId=second.id)["PhoneNumberSummaryList"]
    ] == [number_id]
    for target in (instance, second):
        associations = own_connect.list_flow_associations(InstanceId=target.id)
        assert associations["FlowAssociationSummaryList"] == []


def test_update_errors(
    own_connect: ConnectClient, raw: ConnectClient, instance: ActiveInstance
) -> None:
    number_id = _claimed(own_connect, instance)["PhoneNumberId"]
    with pytest.raises(ClientError) as raised:
        raw.update_phone_number(PhoneNumberId=number_id)
    assert _error(raised) == (400, "InvalidParameterException")
    with pytest.raises(ClientError) as raised:
        raw.update_phone_number(
            PhoneNumberId=number_id, InstanceId="00000000-0000-4000-8000-000000000000"
        )
    assert _error(raised) == (404, "ResourceNotFoundException")
    with pytest.raises(ClientError) as raised:
        raw.update_phone_number(PhoneNumberId=str(uuid.uuid4()), TargetArn=instance.arn)
    assert _error(raised) == (404, "ResourceNotFoundException")
    token = str(uuid.uuid4())
    own_connect.update_phone_number(
        PhoneNumberId=number_id, TargetArn=instance.arn, ClientToken=token
    )
    _settled(own_connect, number_id)
    # The same call again answers as the first, without another step; other input is refused.
    own_connect.update_phone_number(
        PhoneNumberId=number_id, TargetArn=instance.arn, ClientToken=token
    )
    assert _status(own_connect, number_id) == "CLAIMED"
    with pytest.raises(ClientError) as raised:
        own_connect.update_phone_number(
            PhoneNumberId=number_id, InstanceId=instance.id, ClientToken=token
        )
    assert _error(raised) == (409, "IdempotencyException")


def test_update_metadata_changes_the_description(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    number_id = _claimed(own_connect, instance, PhoneNumberDescription="old")["PhoneNumberId"]
    token = str(uuid.uuid4())
    own_connect.update_phone_number_metadata(
        PhoneNumberId=number_id, PhoneNumberDescription="Support line", ClientToken=token
    )
    described = _describe(own_connect, number_id)
    assert described["PhoneNumberDescription"] == "Support line"
    assert described["PhoneNumberStatus"]["Status"] == "CLAIMED"
    with pytest.raises(ClientError) as raised:
        own_connect.update_phone_number_metadata(
            PhoneNumberId=number_id, PhoneNumberDescription="other", ClientToken=token
        )
    assert _error(raised) == (409, "IdempotencyException")
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_phone_number_metadata(
            PhoneNumberId=str(uuid.uuid4()), PhoneNumberDescription="x"
        )


def test_release_is_in_progress_then_gone_and_never_claimed_again(
    own_connect: ConnectClient, instance: ActiveInstance, manual: ControlClient
) -> None:
    claimed = _claim(own_connect, instance)
    number_id, number = claimed["PhoneNumberId"], claimed["PhoneNumber"]
    manual.release_step(FAMILY, number_id)
    _settled(own_connect, number_id)
    own_connect.release_phone_number(PhoneNumberId=number_id)
    assert _status(own_connect, number_id) == "IN_PROGRESS"
    # Released: not listed, not offered, not to be updated; releasing again changes nothing.
    assert own_connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"] == []
    assert number not in _search(own_connect, instance)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.update_phone_number(PhoneNumberId=number_id, TargetArn=instance.arn)
    own_connect.release_phone_number(PhoneNumberId=number_id)
    manual.release_step(FAMILY, number_id)
    deadline = time.monotonic() + 10
    while True:
        try:
            assert _status(own_connect, number_id) == "IN_PROGRESS"
        except own_connect.exceptions.ResourceNotFoundException:
            break
        assert time.monotonic() < deadline
        time.sleep(0.02)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.release_phone_number(PhoneNumberId=number_id)
    # Gone for good: the number is offered again (to be claimed under a new id).
    assert number in _search(own_connect, instance)


def test_release_of_a_claim_in_progress_cancels_it(
    own_connect: ConnectClient, instance: ActiveInstance, manual: ControlClient
) -> None:
    number_id = _claim(own_connect, instance)["PhoneNumberId"]
    own_connect.release_phone_number(PhoneNumberId=number_id)
    assert set(_terraform_wait_deleted(own_connect, number_id, manual)) <= {"IN_PROGRESS"}


def test_ids_may_be_either_arn_percent_encoded(
    own_connect: ConnectClient, instance: ActiveInstance, server: EmulatorProcess, account: str
) -> None:
    claimed = _claimed(own_connect, instance)
    number_id = claimed["PhoneNumberId"]
    legacy = f"{instance.arn}/phone-number/{number_id}"
    for value in (claimed["PhoneNumberArn"], legacy):
        assert _describe(own_connect, value)["PhoneNumberId"] == number_id
    response = send(
        server.url,
        "GET",
        f"/phone-number/{quote(claimed['PhoneNumberArn'], safe='')}",
        access_key=account,
    )
    assert response.status == 200
    assert response.json()["ClaimedPhoneNumberSummary"]["PhoneNumberId"] == number_id
    foreign = claimed["PhoneNumberArn"].replace(account, "000000000000")
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, foreign)


def test_another_account_cannot_see_the_number(
    own_connect: ConnectClient, connect: ConnectClient, instance: ActiveInstance
) -> None:
    number_id = _claimed(own_connect, instance)["PhoneNumberId"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _describe(connect, number_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.release_phone_number(PhoneNumberId=number_id)
    assert _status(own_connect, number_id) == "CLAIMED"


# Tags


def test_tags_on_the_number_arn_but_not_on_the_legacy_one(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    claimed = _claimed(own_connect, instance, Tags={"a": "1"})
    arn = claimed["PhoneNumberArn"]
    own_connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    own_connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert own_connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}
    assert _describe(own_connect, arn)["Tags"] == {"b": "2"}
    legacy = own_connect.list_phone_numbers(InstanceId=instance.id)["PhoneNumberSummaryList"][0][
        "Arn"
    ]
    assert legacy == f"{instance.arn}/phone-number/{claimed['PhoneNumberId']}"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_tags_for_resource(resourceArn=legacy)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.tag_resource(resourceArn=legacy, tags={"c": "3"})
    with pytest.raises(ClientError) as raised:
        own_connect.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(50)})
    assert _error(raised)[0] == 400
    # The engine's child ARNs keep working beside the numbers'.
    flow_arn = _flow(own_connect, instance)["ContactFlowArn"]
    own_connect.tag_resource(resourceArn=flow_arn, tags={"f": "1"})
    assert own_connect.list_tags_for_resource(resourceArn=flow_arn)["tags"] == {"f": "1"}


# ListPhoneNumbersV2 and ListPhoneNumbers


def test_list_v2_by_account_or_instance_with_filters_and_pages(
    own_connect: ConnectClient, instance: ActiveInstance, second: ActiveInstance
) -> None:
    us_did = _claim(own_connect, instance)
    gb_free = _claim(own_connect, instance, "GB", "TOLL_FREE")
    us_free = _claim(own_connect, second, "US", "TOLL_FREE")

    def listed(**params: Any) -> list[str]:
        paginator = own_connect.get_paginator("list_phone_numbers_v2")
        return [
            n["PhoneNumberId"]
            for page in paginator.paginate(**params, PaginationConfig={"PageSize": 1})
            for n in page["ListPhoneNumbersSummaryList"]
        ]

    ids = [n["PhoneNumberId"] for n in (us_did, gb_free, us_free)]
    assert listed() == ids
    assert listed(TargetArn=instance.arn) == ids[:2]
    assert listed(InstanceId=second.id) == ids[2:]
    assert listed(PhoneNumberCountryCodes=["US"]) == [ids[0], ids[2]]
    assert listed(PhoneNumberTypes=["TOLL_FREE"]) == ids[1:]
    assert listed(PhoneNumberPrefix="+44") == [ids[1]]
    summary = own_connect.list_phone_numbers_v2(InstanceId=second.id)[
        "ListPhoneNumbersSummaryList"
    ][0]
    assert summary == {
        "PhoneNumberId": us_free["PhoneNumberId"],
        "PhoneNumberArn": us_free["PhoneNumberArn"],
        "PhoneNumber": us_free["PhoneNumber"],
        "PhoneNumberCountryCode": "US",
        "PhoneNumberType": "TOLL_FREE",
        "TargetArn": second.arn,
        "InstanceId": second.id,
    }
    first = own_connect.list_phone_numbers_v2(MaxResults=2)
    assert len(first["ListPhoneNumbersSummaryList"]) == 2
    assert "NextToken" in first
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_phone_numbers_v2(InstanceId="00000000-0000-4000-8000-000000000000")
    with pytest.raises(own_connect.exceptions.InvalidParameterException):
        own_connect.list_phone_numbers_v2(PhoneNumberPrefix="44")


def test_list_v1_shows_the_legacy_arn_and_types(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    uifn = _claim(own_connect, instance, "US", "UIFN")
    third_party = _claim(own_connect, instance, "GB", "THIRD_PARTY_DID")
    short = _claim(own_connect, instance, "US", "SHORT_CODE")
    paginator = own_connect.get_paginator("list_phone_numbers")
    listed = [
        (n["Id"], n["Arn"], n["PhoneNumberType"], n["PhoneNumberCountryCode"])
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 1})
        for n in page["PhoneNumberSummaryList"]
    ]
    assert listed == [
        (
            claimed["PhoneNumberId"],
            f"{instance.arn}/phone-number/{claimed['PhoneNumberId']}",
            kind,
            country,
        )
        for claimed, kind, country in (
            (uifn, "TOLL_FREE", "US"),
            (third_party, "DID", "GB"),
            (short, "SHORT_CODE", "US"),
        )
    ]
    toll_free = own_connect.list_phone_numbers(
        InstanceId=instance.id, PhoneNumberTypes=["TOLL_FREE"]
    )
    assert [n["Id"] for n in toll_free["PhoneNumberSummaryList"]] == [uifn["PhoneNumberId"]]
    british = own_connect.list_phone_numbers(
        InstanceId=instance.arn, PhoneNumberCountryCodes=["GB"]
    )
    assert [n["PhoneNumber"] for n in british["PhoneNumberSummaryList"]] == [
        third_party["PhoneNumber"]
    ]
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_phone_numbers(InstanceId="00000000-0000-4000-8000-000000000000")


# Flow association


def test_a_number_rings_one_inbound_flow(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    number_id = _claimed(own_connect, instance)["PhoneNumberId"]
    arn = _describe(own_connect, number_id)["PhoneNumberArn"]
    first, other = _flow(own_connect, instance), _flow(own_connect, instance)
    own_connect.associate_phone_number_contact_flow(
        PhoneNumberId=number_id, InstanceId=instance.id, ContactFlowId=first["ContactFlowId"]
    )
    # Associating another flow replaces the first (a number rings one flow).
    own_connect.associate_phone_number_contact_flow(
        PhoneNumberId=arn, InstanceId=instance.arn, ContactFlowId=other["ContactFlowArn"]
    )
    associations = own_connect.list_flow_associations(
        InstanceId=instance.id, ResourceType="VOICE_PHONE_NUMBER"
    )["FlowAssociationSummaryList"]
    assert associations == [
        {"ResourceId": arn, "FlowId": other["ContactFlowArn"], "ResourceType": "VOICE_PHONE_NUMBER"}
    ]
    assert (
        own_connect.list_flow_associations(InstanceId=instance.id)["FlowAssociationSummaryList"]
        == associations
    )
    emails = own_connect.list_flow_associations(
        InstanceId=instance.id, ResourceType="INBOUND_EMAIL"
    )
    assert emails["FlowAssociationSummaryList"] == []
    own_connect.disassociate_phone_number_contact_flow(
        PhoneNumberId=number_id, InstanceId=instance.id
    )
    assert (
        own_connect.list_flow_associations(InstanceId=instance.id)["FlowAssociationSummaryList"]
        == []
    )
    # Nothing to disassociate: answered the same.
    own_connect.disassociate_phone_number_contact_flow(
        PhoneNumberId=number_id, InstanceId=instance.id
    )
    # Deleting the flow is not blocked: the number then rings nothing.
    own_connect.associate_phone_number_contact_flow(
        PhoneNumberId=number_id, InstanceId=instance.id, ContactFlowId=first["ContactFlowId"]
    )
    own_connect.delete_contact_flow(InstanceId=instance.id, ContactFlowId=first["ContactFlowId"])
    assert (
        own_connect.list_flow_associations(InstanceId=instance.id)["FlowAssociationSummaryList"]
        == []
    )


def test_flow_association_errors(
    own_connect: ConnectClient,
    raw: ConnectClient,
    instance: ActiveInstance,
    second: ActiveInstance,
    manual: ControlClient,
) -> None:
    pending = _claim(own_connect, instance)["PhoneNumberId"]
    flow = _flow(own_connect, instance)
    with pytest.raises(ClientError) as raised:
        own_connect.associate_phone_number_contact_flow(
            PhoneNumberId=pending, InstanceId=instance.id, ContactFlowId=flow["ContactFlowId"]
        )
    assert _error(raised) == (400, "InvalidParameterException")
    manual.release_step(FAMILY, pending)
    _settled(own_connect, pending)
    queue_flow = _flow(own_connect, instance, "CUSTOMER_QUEUE")
    cases: list[tuple[dict[str, Any], tuple[int, str]]] = [
        ({"ContactFlowId": queue_flow["ContactFlowId"]}, (400, "InvalidParameterException")),
        ({"ContactFlowId": str(uuid.uuid4())}, (404, "ResourceNotFoundException")),
        (
            {"ContactFlowId": flow["ContactFlowId"], "InstanceId": second.id},
            (404, "ResourceNotFoundException"),
        ),
        (
            {"ContactFlowId": flow["ContactFlowId"], "PhoneNumberId": str(uuid.uuid4())},
            (404, "ResourceNotFoundException"),
        ),
    ]
    for case, expected in cases:
        params = {"PhoneNumberId": pending, "InstanceId": instance.id, **case}
        with pytest.raises(ClientError) as raised:
            raw.associate_phone_number_contact_flow(**params)
        assert _error(raised) == expected, case
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_phone_number_contact_flow(
            PhoneNumberId=pending, InstanceId=second.id
        )
    assert (
        own_connect.list_flow_associations(InstanceId=instance.id)["FlowAssociationSummaryList"]
        == []
    )
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_flow_associations(InstanceId="00000000-0000-4000-8000-000000000000")


def test_flow_associations_page(own_connect: ConnectClient, instance: ActiveInstance) -> None:
    flow = _flow(own_connect, instance)
    numbers = [_claimed(own_connect, instance)["PhoneNumberArn"] for _ in range(3)]
    for arn in numbers:
        own_connect.associate_phone_number_contact_flow(
            PhoneNumberId=arn, InstanceId=instance.id, ContactFlowId=flow["ContactFlowId"]
        )
    paginator = own_connect.get_paginator("list_flow_associations")
    walked = [
        a["ResourceId"]
        for page in paginator.paginate(InstanceId=instance.id, PaginationConfig={"PageSize": 2})
        for a in page["FlowAssociationSummaryList"]
    ]
    assert walked == numbers


# The instance's end


def test_delete_instance_releases_its_numbers(
    own_connect: ConnectClient, instance: ActiveInstance, second: ActiveInstance
) -> None:
    claimed = _claimed(own_connect, instance)
    kept = _claimed(own_connect, second)
    own_connect.delete_instance(InstanceId=instance.id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        _describe(own_connect, claimed["PhoneNumberId"])
    listed = own_connect.list_phone_numbers_v2()["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumberId"] for n in listed] == [kept["PhoneNumberId"]]
    assert claimed["PhoneNumber"] in _search(own_connect, second)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.list_tags_for_resource(resourceArn=claimed["PhoneNumberArn"])


# Terraform's call sequences (connect-surface.md §0.7)


def _terraform_wait_claimed(
    connect: ConnectClient, number_id: str, control: ControlClient | None
) -> tuple[dict[str, Any], list[str]]:
    """waitPhoneNumberCreated/Updated: Pending IN_PROGRESS, Target CLAIMED; FAILED is an error
    carrying Status.Message. With ``control``, the first pending poll releases the manual
    step (a release decides the outcome: a failure planned for the step is superseded)."""
    seen: list[str] = []
    while True:
        summary = _describe(connect, number_id)
        status = summary["PhoneNumberStatus"]
        seen.append(status["Status"])
        if status["Status"] == "FAILED":
            raise AssertionError(status.get("Message"))
        if status["Status"] == "CLAIMED":
            return summary, seen
        assert status["Status"] == "IN_PROGRESS"
        if control is not None and len(seen) == 1:
            control.release_step(FAMILY, number_id)
        time.sleep(0.02)


def _terraform_wait_deleted(
    connect: ConnectClient, number_id: str, control: ControlClient | None
) -> list[str]:
    """waitPhoneNumberDeleted: Pending IN_PROGRESS, Target gone (404); any other status fails."""
    seen: list[str] = []
    while True:
        try:
            seen.append(_status(connect, number_id))
        except connect.exceptions.ResourceNotFoundException:
            return seen
        assert seen[-1] == "IN_PROGRESS", seen
        if control is not None and len(seen) == 1:
            control.release_step(FAMILY, number_id)
        time.sleep(0.02)


def test_terraform_aws_connect_phone_number(
    own_connect: ConnectClient,
    instance: ActiveInstance,
    second: ActiveInstance,
    manual: ControlClient,
) -> None:
    # Create: search one number for the target, claim it with a UUID token, wait for CLAIMED.
    found = own_connect.search_available_phone_numbers(
        MaxResults=1,
        PhoneNumberCountryCode="US",
        PhoneNumberType="TOLL_FREE",
        TargetArn=instance.arn,
        PhoneNumberPrefix="+1800",
    )["AvailableNumbersList"]
    assert len(found) == 1
    claimed = own_connect.claim_phone_number(
        ClientToken=str(uuid.uuid4()),
        PhoneNumber=found[0]["PhoneNumber"],
        Tags={"Name": "main"},
        TargetArn=instance.arn,
        PhoneNumberDescription="Main line",
    )
    number_id = claimed["PhoneNumberId"]
    assert _terraform_wait_claimed(own_connect, number_id, manual)[1][0] == "IN_PROGRESS"
    # Read: every attribute it sets.
    summary = _describe(own_connect, number_id)
    assert summary["PhoneNumberArn"] == claimed["PhoneNumberArn"]
    assert summary["PhoneNumber"] == found[0]["PhoneNumber"]
    assert (summary["PhoneNumberCountryCode"], summary["PhoneNumberType"]) == ("US", "TOLL_FREE")
    assert (summary["PhoneNumberDescription"], summary["TargetArn"]) == ("Main line", instance.arn)
    assert summary["Tags"] == {"Name": "main"}
    # Update: a new target_arn, then the same waiter; it runs after a tags-only change too.
    own_connect.update_phone_number(
        ClientToken=str(uuid.uuid4()), PhoneNumberId=number_id, TargetArn=second.arn
    )
    moved, seen = _terraform_wait_claimed(own_connect, number_id, manual)
    assert (moved["TargetArn"], seen[0]) == (second.arn, "IN_PROGRESS")
    own_connect.tag_resource(resourceArn=summary["PhoneNumberArn"], tags={"env": "prod"})
    assert _terraform_wait_claimed(own_connect, number_id, manual)[1] == ["CLAIMED"]
    # Delete: release (404 is success), then Pending IN_PROGRESS until 404: never CLAIMED.
    own_connect.release_phone_number(ClientToken=str(uuid.uuid4()), PhoneNumberId=number_id)
    assert _terraform_wait_deleted(own_connect, number_id, manual)[0] == "IN_PROGRESS"
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.release_phone_number(ClientToken=str(uuid.uuid4()), PhoneNumberId=number_id)


def test_terraform_aws_connect_phone_number_failed_claim_is_an_error_with_the_message(
    own_connect: ConnectClient, instance: ActiveInstance, control: ControlClient, account: str
) -> None:
    # Steps paced by delays, as on AWS: the waiter sees IN_PROGRESS first.
    control.set_lifecycle(account, "delay", provisioning_delay=0.2, deletion_delay=0.2)
    number = _search(own_connect, instance, MaxResults=1)[0]
    control.fail_next_steps(
        FAMILY, reason="Number not available.", account=account, name_pattern=number
    )
    claimed = own_connect.claim_phone_number(
        ClientToken=str(uuid.uuid4()), PhoneNumber=number, TargetArn=instance.arn
    )
    with pytest.raises(AssertionError, match=r"Number not available\."):
        _terraform_wait_claimed(own_connect, claimed["PhoneNumberId"], None)
    # The tainted resource is destroyed: release, then 404.
    own_connect.release_phone_number(
        ClientToken=str(uuid.uuid4()), PhoneNumberId=claimed["PhoneNumberId"]
    )
    assert _terraform_wait_deleted(own_connect, claimed["PhoneNumberId"], None)[0] == "IN_PROGRESS"


def test_terraform_aws_connect_phone_number_contact_flow_association(
    own_connect: ConnectClient, instance: ActiveInstance
) -> None:
    number_id = _claimed(own_connect, instance)["PhoneNumberId"]
    flow = _flow(own_connect, instance)
    # Create
    own_connect.associate_phone_number_contact_flow(
        ContactFlowId=flow["ContactFlowId"], InstanceId=instance.id, PhoneNumberId=number_id
    )

    def read() -> bool:
        number = own_connect.describe_phone_number(PhoneNumberId=number_id)[
            "ClaimedPhoneNumberSummary"
        ]
        described = own_connect.describe_contact_flow(
            InstanceId=instance.id, ContactFlowId=flow["ContactFlowId"]
        )["ContactFlow"]
        paginator = own_connect.get_paginator("list_flow_associations")
        matches = [
            association
            for page in paginator.paginate(
                InstanceId=instance.id, ResourceType="VOICE_PHONE_NUMBER"
            )
            for association in page["FlowAssociationSummaryList"]
            if association["ResourceId"] == number["PhoneNumberArn"]
            and association["FlowId"] == described["Arn"]
        ]
        return len(matches) == 1

    assert read()
    # Delete (404 tolerated), then the read finds nothing.
    own_connect.disassociate_phone_number_contact_flow(
        InstanceId=instance.id, PhoneNumberId=number_id
    )
    assert not read()
    own_connect.release_phone_number(PhoneNumberId=number_id)
    with pytest.raises(own_connect.exceptions.ResourceNotFoundException):
        own_connect.disassociate_phone_number_contact_flow(
            InstanceId=instance.id, PhoneNumberId=number_id
        )


def test_raw_http_error_shape(
    server: EmulatorProcess, account: str, instance: ActiveInstance
) -> None:
    response = send(server.url, "GET", f"/phone-number/{uuid.uuid4()}", access_key=account)
    assert response.status == 404
    assert response.error_type == "ResourceNotFoundException"
    assert "not found" in response.json()["Message"]
