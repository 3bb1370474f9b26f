"""Phone numbers' asynchronous steps survive a crash: claims and a release in progress when
the server is killed finish after the restart, as an instance's provisioning does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import eventually
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

ACCOUNT = "210987654322"


def _statuses(connect: ConnectClient, ids: list[str]) -> dict[str, str]:
    found = {}
    for number_id in ids:
        try:
            summary = connect.describe_phone_number(PhoneNumberId=number_id)
        except connect.exceptions.ResourceNotFoundException:
            found[number_id] = "gone"
        else:
            found[number_id] = summary["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]["Status"]
    return found


def test_claims_and_releases_in_progress_finish_after_a_crash() -> None:
    first = EmulatorProcess().start()
    try:
        connect = connect_client(first.url, access_key=ACCOUNT)
        control = ControlClient(first.url)
        control.set_lifecycle(ACCOUNT, "immediate")
        created = create(connect)
        assert wait_for_status(connect, created["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
        numbers = [
            n["PhoneNumber"]
            for n in connect.search_available_phone_numbers(
                TargetArn=created["Arn"], PhoneNumberCountryCode="US", PhoneNumberType="DID"
            )["AvailableNumbersList"]
        ]
        leaving = connect.claim_phone_number(TargetArn=created["Arn"], PhoneNumber=numbers[0])
        leaving_id = leaving["PhoneNumberId"]
        assert eventually(lambda: _statuses(connect, [leaving_id]) == {leaving_id: "CLAIMED"})
        # Long enough for the kill to land first, short enough to wait for after the restart.
        control.set_lifecycle(ACCOUNT, "delay", provisioning_delay=1.5, deletion_delay=1.5)
        staying = [
            connect.claim_phone_number(TargetArn=created["Arn"], PhoneNumber=number)[
                "PhoneNumberId"
            ]
            for number in numbers[1:3]
        ]
        connect.release_phone_number(PhoneNumberId=leaving_id)
        ids = [leaving_id, *staying]
        assert set(_statuses(connect, ids).values()) == {"IN_PROGRESS"}
        first.kill()

        second = EmulatorProcess(data_dir=first.data_dir).start()
        try:
            connect = connect_client(second.url, access_key=ACCOUNT)
            expected = {leaving_id: "gone", staying[0]: "CLAIMED", staying[1]: "CLAIMED"}
            assert eventually(lambda: _statuses(connect, ids) == expected, timeout=10), _statuses(
                connect, ids
            )
        finally:
            second.close()
    finally:
        first.close()
