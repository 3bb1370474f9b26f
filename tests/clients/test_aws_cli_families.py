"""The AWS CLI v1 on every family that test_aws_cli_resources.py does not walk through: routing
profiles, contact flows and flow modules, security profiles, users and their hierarchy, quick
connects, prompts and agent statuses, each created, read, changed and (where AWS can) deleted as
a user types it, and tags on a child ARN. The families' calls are independent of each other,
so each step runs them all at once (the CLI takes a second to start)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.clients.cli import Cli, CliResult, run_all
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


def _flow_content(start: str = "end") -> str:
    action = {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}}
    return json.dumps({"Version": "2019-10-30", "StartAction": start, "Actions": [action]})


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


@pytest.fixture
def connect(server: EmulatorProcess, account: str) -> ConnectClient:
    return connect_client(server.url, access_key=account)


@pytest.fixture
def instance_id(connect: ConnectClient) -> str:
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return str(created["Id"])


def _defaults(connect: ConnectClient, instance_id: str) -> dict[str, str]:
    """The ids of the defaults the new resources refer to, by name."""
    found: dict[str, str] = {}
    for queue in connect.list_queues(InstanceId=instance_id)["QueueSummaryList"]:
        found[queue["Name"]] = queue["Id"]
    for profile in connect.list_routing_profiles(InstanceId=instance_id)[
        "RoutingProfileSummaryList"
    ]:
        found[profile["Name"]] = profile["Id"]
    for profile in connect.list_security_profiles(InstanceId=instance_id)[
        "SecurityProfileSummaryList"
    ]:
        found[profile["Name"]] = profile["Id"]
    for flow in connect.list_contact_flows(InstanceId=instance_id)["ContactFlowSummaryList"]:
        found[flow["Name"]] = flow["Id"]
    return found


def _step(cli: Cli, calls: dict[str, list[str]]) -> dict[str, Any]:
    """Every call of a step at once; each must succeed. Their JSON answers, by key."""
    results: list[CliResult] = run_all(*((cli, ["connect", *args]) for args in calls.values()))
    return {key: result.json() for key, result in zip(calls, results, strict=True)}


def test_every_family_through_the_cli(cli: Cli, connect: ConnectClient, instance_id: str) -> None:
    ids = _defaults(connect, instance_id)
    at = ["--instance-id", instance_id]
    made = _step(
        cli,
        {
            "routing": [
                "create-routing-profile", *at, "--name", "CLI profile",
                "--description", "made by the CLI",
                "--default-outbound-queue-id", ids["BasicQueue"],
                "--queue-configs", json.dumps([{
                    "QueueReference": {"QueueId": ids["BasicQueue"], "Channel": "VOICE"},
                    "Priority": 1, "Delay": 0,
                }]),
                "--media-concurrencies", json.dumps([{"Channel": "VOICE", "Concurrency": 1}]),
            ],
            "flow": [
                "create-contact-flow", *at, "--name", "CLI flow", "--type", "CONTACT_FLOW",
                "--content", _flow_content(), "--status", "PUBLISHED",
                "--tags", json.dumps({"made-by": "cli"}),
            ],
            "module": ["create-contact-flow-module", *at, "--name", "CLI module",
                       "--content", _flow_content()],
            "security": ["create-security-profile", *at, "--security-profile-name", "CLI sp",
                         "--permissions", "BasicAgentAccess", "Queues.View"],
            "structure": ["update-user-hierarchy-structure", *at, "--hierarchy-structure",
                          json.dumps({"LevelOne": {"Name": "Region"}})],
            "quick": [
                "create-quick-connect", *at, "--name", "CLI transfer",
                "--quick-connect-config", json.dumps({
                    "QuickConnectType": "QUEUE",
                    "QueueConfig": {"QueueId": ids["BasicQueue"],
                                    "ContactFlowId": ids["Default queue transfer"]},
                }),
            ],
            "prompt": ["create-prompt", *at, "--name", "CLI prompt",
                       "--s3-uri", "s3://prompts-bucket/cli/hello.wav"],
            "status": ["create-agent-status", *at, "--name", "CLI lunch", "--state", "ENABLED",
                       "--display-order", "3"],
            "user": [
                "create-user", *at, "--username", "cli-user", "--password", "Password123",
                "--identity-info", json.dumps({"FirstName": "Cli", "LastName": "User"}),
                "--phone-config", json.dumps({"PhoneType": "SOFT_PHONE"}),
                "--security-profile-ids", ids["Agent"],
                "--routing-profile-id", ids["Basic Routing Profile"],
            ],
        },
    )  # fmt: skip
    routing = made["routing"]["RoutingProfileId"]
    flow = made["flow"]["ContactFlowId"]
    module = made["module"]["Id"]
    security = made["security"]["SecurityProfileId"]
    quick = made["quick"]["QuickConnectId"]
    prompt = made["prompt"]["PromptId"]
    status = made["status"]["AgentStatusId"]
    user = made["user"]["UserId"]
    assert made["structure"] is None  # an update without an answer body prints nothing

    changed = _step(
        cli,
        {
            "concurrency": ["update-routing-profile-concurrency", *at, "--routing-profile-id",
                            routing, "--media-concurrencies",
                            json.dumps([{"Channel": "VOICE", "Concurrency": 1},
                                        {"Channel": "CHAT", "Concurrency": 3}])],
            "flow name": ["update-contact-flow-name", *at, "--contact-flow-id", flow,
                          "--name", "CLI flow renamed"],
            "module": ["describe-contact-flow-module", *at, "--contact-flow-module-id", module],
            "security": ["update-security-profile", *at, "--security-profile-id", security,
                         "--permissions", "Users.View"],
            "group": ["create-user-hierarchy-group", *at, "--name", "North"],
            "quick name": ["update-quick-connect-name", *at, "--quick-connect-id", quick,
                           "--name", "CLI transfer renamed"],
            "prompt": ["describe-prompt", *at, "--prompt-id", prompt],
            "status": ["update-agent-status", *at, "--agent-status-id", status,
                       "--state", "DISABLED"],
            "user routing": ["update-user-routing-profile", *at, "--user-id", user,
                             "--routing-profile-id", routing],
            "tag": ["tag-resource", "--resource-arn", made["prompt"]["PromptARN"],
                    "--tags", json.dumps({"team": "cli"})],
        },
    )  # fmt: skip
    assert changed["module"]["ContactFlowModule"]["Name"] == "CLI module"
    assert changed["module"]["ContactFlowModule"]["Content"] == _flow_content()
    assert changed["prompt"]["Prompt"]["PromptARN"] == made["prompt"]["PromptARN"]
    group = changed["group"]["HierarchyGroupId"]

    seen = _step(
        cli,
        {
            "routing": ["describe-routing-profile", *at, "--routing-profile-id", routing],
            "routing queues": ["list-routing-profile-queues", *at, "--routing-profile-id",
                               routing],
            "flow": ["describe-contact-flow", *at, "--contact-flow-id", flow],
            "permissions": ["list-security-profile-permissions", *at,
                            "--security-profile-id", security],
            "group": ["describe-user-hierarchy-group", *at, "--hierarchy-group-id", group],
            "quick": ["describe-quick-connect", *at, "--quick-connect-id", quick],
            "status": ["describe-agent-status", *at, "--agent-status-id", status],
            "user": ["describe-user", *at, "--user-id", user],
            "tags": ["list-tags-for-resource", "--resource-arn", made["prompt"]["PromptARN"]],
        },
    )  # fmt: skip
    described = seen["routing"]["RoutingProfile"]
    assert (described["Name"], described["DefaultOutboundQueueId"]) == (
        "CLI profile",
        ids["BasicQueue"],
    )
    assert {(c["Channel"], c["Concurrency"]) for c in described["MediaConcurrencies"]} >= {
        ("VOICE", 1),
        ("CHAT", 3),
    }
    assert [
        q["QueueId"] for q in seen["routing queues"]["RoutingProfileQueueConfigSummaryList"]
    ] == [ids["BasicQueue"]]
    assert seen["flow"]["ContactFlow"]["Name"] == "CLI flow renamed"
    assert seen["flow"]["ContactFlow"]["Tags"] == {"made-by": "cli"}
    assert seen["permissions"]["Permissions"] == ["Users.View"]
    assert seen["group"]["HierarchyGroup"]["LevelId"] == "1"
    assert seen["quick"]["QuickConnect"]["Name"] == "CLI transfer renamed"
    assert seen["status"]["AgentStatus"]["State"] == "DISABLED"
    assert seen["user"]["User"]["RoutingProfileId"] == routing
    assert seen["tags"]["tags"] == {"team": "cli"}

    # Deletes, in an order references allow: the user first (it holds the routing profile).
    assert cli.json("connect", "delete-user", *at, "--user-id", user) is None
    gone = _step(
        cli,
        {
            "routing": ["delete-routing-profile", *at, "--routing-profile-id", routing],
            "flow": ["delete-contact-flow", *at, "--contact-flow-id", flow],
            "module": ["delete-contact-flow-module", *at, "--contact-flow-module-id", module],
            "security": ["delete-security-profile", *at, "--security-profile-id", security],
            "group": ["delete-user-hierarchy-group", *at, "--hierarchy-group-id", group],
            "quick": ["delete-quick-connect", *at, "--quick-connect-id", quick],
            "prompt": ["delete-prompt", *at, "--prompt-id", prompt],
        },
    )  # fmt: skip
    assert all(answer is None or answer == {} for answer in gone.values()), gone
    left = _defaults(connect, instance_id)
    for name in ("CLI profile", "CLI flow renamed", "CLI sp"):
        assert name not in left
    missing = cli.run("connect", "describe-prompt", *at, "--prompt-id", prompt)
    assert missing.returncode == 255
    assert "ResourceNotFoundException" in missing.stderr
