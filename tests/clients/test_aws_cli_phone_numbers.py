"""The AWS CLI v1 on phone numbers: a number searched, claimed, listed, given a flow and
released as a user types it, auto-pagination over several requests, and the errors as the
CLI prints them."""

from __future__ import annotations

import json
import time

import pytest

from connect_emulator.control import ControlClient
from tests.clients.cli import Cli, run_all
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

SERVICE_ERROR_EXIT = 255
INBOUND_FLOW = json.dumps(
    {
        "Version": "2019-10-30",
        "StartAction": "end",
        "Actions": [
            {
                "Identifier": "end",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            }
        ],
    }
)


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


@pytest.fixture
def instance_arn(server: EmulatorProcess, account: str) -> str:
    # Claims (and the instance) take their step on the worker's next round.
    ControlClient(server.url).set_lifecycle(account, "immediate")
    connect = connect_client(server.url, access_key=account)
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return str(created["Arn"])


def _status(cli: Cli, number_id: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        summary = cli.json("connect", "describe-phone-number", "--phone-number-id", number_id)
        status = str(summary["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]["Status"])
        if status != "IN_PROGRESS" or time.monotonic() > deadline:
            return status


def test_a_number_claimed_given_a_flow_and_released_as_a_user_types_it(
    cli: Cli, instance_arn: str
) -> None:
    instance_id = instance_arn.rsplit("/", 1)[1]
    # --max-items: the CLI stops paginating once it has that many.
    found = cli.json(
        "connect", "search-available-phone-numbers", "--target-arn", instance_arn,
        "--phone-number-country-code", "GB", "--phone-number-type", "TOLL_FREE",
        "--phone-number-prefix", "+44800", "--max-items", "12",
    )  # fmt: skip
    numbers = [n["PhoneNumber"] for n in found["AvailableNumbersList"]]
    assert len(numbers) == len(set(numbers)) == 12
    assert all(n.startswith("+44800") for n in numbers)
    claim = [
        "connect", "claim-phone-number", "--target-arn", instance_arn,
        "--phone-number-description", "CLI line", "--tags", json.dumps({"team": "cli"}),
    ]  # fmt: skip
    claimed = [cli.json(*claim, "--phone-number", number) for number in numbers[:2]]
    assert claimed[0]["PhoneNumberArn"].endswith(f":phone-number/{claimed[0]['PhoneNumberId']}")
    assert [_status(cli, c["PhoneNumberId"]) for c in claimed] == ["CLAIMED", "CLAIMED"]
    # --page-size 1: the CLI follows NextToken over every page and joins them.
    listed = cli.json(
        "connect", "list-phone-numbers-v2", "--instance-id", instance_id, "--page-size", "1"
    )["ListPhoneNumbersSummaryList"]
    assert [n["PhoneNumber"] for n in listed] == numbers[:2]
    assert {n["PhoneNumberDescription"] for n in listed} == {"CLI line"}
    flow = cli.json(
        "connect", "create-contact-flow", "--instance-id", instance_id, "--name", "CLI inbound",
        "--type", "CONTACT_FLOW", "--content", INBOUND_FLOW,
    )  # fmt: skip
    associated = cli.run(
        "connect", "associate-phone-number-contact-flow",
        "--phone-number-id", claimed[0]["PhoneNumberId"], "--instance-id", instance_id,
        "--contact-flow-id", flow["ContactFlowId"],
    )  # fmt: skip
    assert associated.returncode == 0, associated.explain()
    associations = cli.json(
        "connect", "list-flow-associations", "--instance-id", instance_id,
        "--resource-type", "VOICE_PHONE_NUMBER",
    )["FlowAssociationSummaryList"]  # fmt: skip
    assert associations == [
        {
            "ResourceId": claimed[0]["PhoneNumberArn"],
            "FlowId": flow["ContactFlowArn"],
            "ResourceType": "VOICE_PHONE_NUMBER",
        }
    ]
    released = cli.run(
        "connect", "release-phone-number", "--phone-number-id", claimed[0]["PhoneNumberArn"]
    )
    assert released.returncode == 0, released.explain()
    deadline = time.monotonic() + 30
    while True:
        gone = cli.run(
            "connect", "describe-phone-number", "--phone-number-id", claimed[0]["PhoneNumberId"]
        )
        if gone.returncode != 0 or time.monotonic() > deadline:
            break
        assert (
            json.loads(gone.stdout)["ClaimedPhoneNumberSummary"]["PhoneNumberStatus"]["Status"]
            == "IN_PROGRESS"
        )
    assert gone.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in gone.stderr


def test_errors_exit_255_with_the_code_and_message(cli: Cli, instance_arn: str) -> None:
    number = cli.json(
        "connect", "search-available-phone-numbers", "--target-arn", instance_arn,
        "--phone-number-country-code", "US", "--phone-number-type", "DID", "--max-items", "1",
    )["AvailableNumbersList"][0]["PhoneNumber"]  # fmt: skip
    cli.json(
        "connect", "claim-phone-number", "--target-arn", instance_arn, "--phone-number", number
    )
    taken, prefix, missing = run_all(
        (cli, ["connect", "claim-phone-number", "--target-arn", instance_arn,
               "--phone-number", number]),
        (cli, ["connect", "search-available-phone-numbers", "--target-arn", instance_arn,
               "--phone-number-country-code", "US", "--phone-number-type", "DID",
               "--phone-number-prefix", "1206"]),
        (cli, ["connect", "describe-phone-number", "--phone-number-id",
               "00000000-0000-4000-8000-000000000000"]),
    )  # fmt: skip
    assert taken.returncode == SERVICE_ERROR_EXIT
    assert "InvalidParameterException" in taken.stderr
    assert number in taken.stderr
    assert prefix.returncode == SERVICE_ERROR_EXIT
    assert "PhoneNumberPrefix" in prefix.stderr
    assert missing.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in missing.stderr
