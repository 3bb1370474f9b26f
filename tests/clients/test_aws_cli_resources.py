"""The AWS CLI v1 on the resources inside an instance: a path per family as a user types it,
auto-pagination over several requests, and the engine's errors as the CLI prints them."""

from __future__ import annotations

import json

import pytest

from tests.clients.cli import Cli, run_all
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

SERVICE_ERROR_EXIT = 255


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


@pytest.fixture
def instance_id(server: EmulatorProcess, account: str) -> str:
    connect = connect_client(server.url, access_key=account)
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return str(created["Id"])


def test_hours_and_queues_as_a_user_types_them(cli: Cli, instance_id: str) -> None:
    hours = cli.json(
        "connect", "create-hours-of-operation", "--instance-id", instance_id,
        "--name", "CLI hours", "--time-zone", "UTC", "--config",
        json.dumps([{"Day": "MONDAY", "StartTime": {"Hours": 8, "Minutes": 0},
                     "EndTime": {"Hours": 18, "Minutes": 30}}]),
    )  # fmt: skip
    queue = cli.json(
        "connect", "create-queue", "--instance-id", instance_id, "--name", "CLI queue",
        "--hours-of-operation-id", hours["HoursOfOperationId"], "--max-contacts", "7",
        "--tags", json.dumps({"team": "cli"}),
    )  # fmt: skip
    assert queue["QueueArn"].endswith(f"/queue/{queue['QueueId']}")
    described = cli.json(
        "connect", "describe-queue", "--instance-id", instance_id, "--queue-id", queue["QueueArn"]
    )["Queue"]
    assert (described["Name"], described["MaxContacts"], described["Tags"]) == (
        "CLI queue",
        7,
        {"team": "cli"},
    )
    # --page-size 1: the CLI follows NextToken over every page and joins them.
    listed = cli.json(
        "connect", "list-queues", "--instance-id", instance_id, "--queue-types", "STANDARD",
        "--page-size", "1",
    )["QueueSummaryList"]  # fmt: skip
    assert [q["Name"] for q in listed] == ["BasicQueue", "CLI queue"]
    names = [
        h["Name"]
        for h in cli.json("connect", "list-hours-of-operations", "--instance-id", instance_id)[
            "HoursOfOperationSummaryList"
        ]
    ]
    assert names == ["Basic Hours", "CLI hours"]


def test_defaults_are_found_by_name_as_scripts_do(cli: Cli, instance_id: str) -> None:
    results = run_all(
        (cli, ["connect", "list-routing-profiles", "--instance-id", instance_id]),
        (cli, ["connect", "list-security-profiles", "--instance-id", instance_id]),
        (cli, ["connect", "list-contact-flows", "--instance-id", instance_id,
               "--contact-flow-types", "QUEUE_TRANSFER"]),
        (cli, ["connect", "list-prompts", "--instance-id", instance_id]),
        (cli, ["connect", "list-agent-statuses", "--instance-id", instance_id]),
    )  # fmt: skip
    profiles, security, flows, prompts, statuses = (result.json() for result in results)
    assert "Basic Routing Profile" in [p["Name"] for p in profiles["RoutingProfileSummaryList"]]
    assert {"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} <= {
        p["Name"] for p in security["SecurityProfileSummaryList"]
    }
    assert [f["Name"] for f in flows["ContactFlowSummaryList"]] == ["Default queue transfer"]
    assert "Beep.wav" in [p["Name"] for p in prompts["PromptSummaryList"]]
    assert {"Available", "Offline"} <= {s["Name"] for s in statuses["AgentStatusSummaryList"]}


def test_errors_exit_255_with_the_code_and_message(cli: Cli, instance_id: str) -> None:
    duplicate = cli.run(
        "connect", "create-hours-of-operation", "--instance-id", instance_id,
        "--name", "Basic Hours", "--time-zone", "UTC", "--config", "[]",
    )  # fmt: skip
    assert duplicate.returncode == SERVICE_ERROR_EXIT
    assert "DuplicateResourceException" in duplicate.stderr
    missing = cli.run(
        "connect", "create-queue", "--instance-id", instance_id, "--name", "Orphan",
        "--hours-of-operation-id", "00000000-0000-4000-8000-000000000000",
    )  # fmt: skip
    assert missing.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in missing.stderr
    assert "00000000-0000-4000-8000-000000000000" in missing.stderr
