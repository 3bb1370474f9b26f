"""The AWS CLI v1 against the real server (the session's child process), as a user runs it.

Each test has an account of its own (a 12-digit access key), so listings hold only its own
instances. Service errors make CLI v1 exit with 255 and print the code and message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.clients.cli import Cli, run_all
from tests.integration.helpers import create, unique_alias, wait_gone
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

SERVICE_ERROR_EXIT = 255


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


def test_create_then_describe(cli: Cli, server: EmulatorProcess, tmp_path: Path) -> None:
    alias = unique_alias("cli")
    created = cli.json(
        "connect",
        "create-instance",
        "--identity-management-type",
        "CONNECT_MANAGED",
        "--instance-alias",
        alias,
        "--inbound-calls-enabled",
        "--no-outbound-calls-enabled",
        "--tags",
        json.dumps({"team": "blue", "cost centre": "7"}),
    )
    assert set(created) == {"Id", "Arn"}
    assert created["Arn"] == f"arn:aws:connect:us-east-1:{cli.account}:instance/{created['Id']}"

    # Once as it comes, once with cli_timestamp_format = iso8601 in the profile.
    config = tmp_path / "config"
    config.write_text("[default]\ncli_timestamp_format = iso8601\n")
    iso = Cli(cli.endpoint, cli.account, extra_env={"AWS_CONFIG_FILE": str(config)})
    plain, as_iso = run_all(
        (cli, ["connect", "describe-instance", "--instance-id", created["Id"]]),
        (iso, ["connect", "describe-instance", "--instance-id", created["Arn"]]),
    )
    instance = plain.json()["Instance"]
    assert instance["Id"] == created["Id"]
    assert instance["InstanceAlias"] == alias
    assert instance["IdentityManagementType"] == "CONNECT_MANAGED"
    assert (instance["InboundCallsEnabled"], instance["OutboundCallsEnabled"]) == (True, False)
    assert instance["InstanceStatus"] in {"CREATION_IN_PROGRESS", "ACTIVE"}
    assert instance["Tags"] == {"team": "blue", "cost centre": "7"}
    # CLI v1 prints timestamps as they came: epoch seconds, here with milliseconds.
    created_time = instance["CreatedTime"]
    assert isinstance(created_time, float)
    as_boto3_sees_it = connect_client(server.url, access_key=cli.account).describe_instance(
        InstanceId=created["Id"]
    )["Instance"]["CreatedTime"]
    assert dt.datetime.fromtimestamp(created_time, dt.UTC) == as_boto3_sees_it
    assert abs(dt.datetime.now(dt.UTC) - as_boto3_sees_it) < dt.timedelta(minutes=1)
    # The profile's iso8601 prints the same instant in ISO 8601 (described by ARN this time).
    assert as_iso.json()["Instance"]["Id"] == created["Id"]
    assert dt.datetime.fromisoformat(as_iso.json()["Instance"]["CreatedTime"]) == as_boto3_sees_it


def test_list_instances_walks_every_page_by_itself(cli: Cli, server: EmulatorProcess) -> None:
    connect = connect_client(server.url, access_key=cli.account)
    ids = [create(connect)["Id"] for _ in range(5)]

    listed, first_three = run_all(
        (cli, ["connect", "list-instances", "--page-size", "2", "--debug"]),
        (cli, ["connect", "list-instances", "--page-size", "2", "--max-items", "3"]),
    )
    summaries = listed.json()["InstanceSummaryList"]
    assert [s["Id"] for s in summaries] == ids
    assert "NextToken" not in listed.json()
    requests = re.findall(r"Making request for OperationModel\(name=ListInstances\)", listed.stderr)
    assert len(requests) == 3, "pages of 2 for 5 instances take 3 requests"

    # By hand: --max-items stops early and prints a token that --starting-token resumes.
    first = first_three.json()
    assert [s["Id"] for s in first["InstanceSummaryList"]] == ids[:3]
    rest = cli.json(
        "connect", "list-instances", "--page-size", "2", "--starting-token", first["NextToken"]
    )
    assert [s["Id"] for s in rest["InstanceSummaryList"]] == ids[3:]
    assert "NextToken" not in rest


def test_delete_instance(cli: Cli, server: EmulatorProcess) -> None:
    connect = connect_client(server.url, access_key=cli.account)
    created = create(connect)
    deleted = cli.run("connect", "delete-instance", "--instance-id", created["Id"])
    assert (deleted.returncode, deleted.stdout, deleted.stderr) == (0, "", ""), deleted.explain()
    assert wait_gone(connect, created["Id"])


def test_tag_untag_and_list_tags(cli: Cli, server: EmulatorProcess) -> None:
    connect = connect_client(server.url, access_key=cli.account)
    arn = create(connect, Tags={"team": "blue"})["Arn"]

    tagged = cli.run(
        "connect",
        "tag-resource",
        "--resource-arn",
        arn,
        "--tags",
        json.dumps({"env": "test", "cost centre": "7"}),
    )
    assert (tagged.returncode, tagged.stdout) == (0, ""), tagged.explain()
    expected = {"team": "blue", "env": "test", "cost centre": "7"}
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == expected

    untagged = cli.run(
        "connect", "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "cost centre"
    )
    assert (untagged.returncode, untagged.stdout) == (0, ""), untagged.explain()
    listed = cli.json("connect", "list-tags-for-resource", "--resource-arn", arn)
    assert listed == {"tags": {"env": "test"}}


def _create_args(alias: str) -> list[str]:
    return [
        "connect",
        "create-instance",
        "--identity-management-type",
        "CONNECT_MANAGED",
        "--instance-alias",
        alias,
        "--inbound-calls-enabled",
        "--outbound-calls-enabled",
    ]


@dataclass(frozen=True)
class ErrorCase:
    operation: str
    code: str
    message: str


ERROR_CASES = {
    "too-long-alias": ErrorCase(
        "CreateInstance",
        "InvalidRequestException",
        "1 validation error detected: Value at 'InstanceAlias' failed to satisfy "
        "constraint: Member must have length less than or equal to 45",
    ),
    "alias-with-underscore": ErrorCase(
        "CreateInstance",
        "InvalidRequestException",
        "1 validation error detected: Value at 'InstanceAlias' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: ",
    ),
    "alias-in-use": ErrorCase(
        "CreateInstance",
        "InvalidRequestException",
        "Invalid Input. Instance alias is already used.",
    ),
    "unknown-instance": ErrorCase("DescribeInstance", "ResourceNotFoundException", "Instance "),
}


def test_service_errors_print_the_code_and_message_and_exit_255(
    cli: Cli, server: EmulatorProcess
) -> None:
    in_use = unique_alias("cli")
    create(connect_client(server.url), in_use)  # by another account: aliases are global
    # botocore checks neither lengths nor patterns: these reach the server, which refuses them.
    commands = {
        "too-long-alias": _create_args("a" * 46),
        "alias-with-underscore": _create_args("my_centre"),
        "alias-in-use": _create_args(in_use),
        "unknown-instance": ["connect", "describe-instance", "--instance-id", str(uuid.uuid4())],
    }
    assert set(commands) == set(ERROR_CASES)
    results = dict(zip(commands, run_all(*((cli, c) for c in commands.values())), strict=True))

    problems = []
    for case, result in results.items():
        expected = ERROR_CASES[case]
        prefix = f"An error occurred ({expected.code}) when calling the {expected.operation} "
        if (
            result.returncode != SERVICE_ERROR_EXIT
            or result.stdout != ""
            or f"{prefix}operation: {expected.message}" not in result.stderr
        ):
            problems.append(f"{case}: {result.explain()}")
    assert not problems, "\n\n".join(problems)
    assert "not found." in results["unknown-instance"].stderr
    # Nothing was created by a refused CreateInstance.
    connect = connect_client(server.url, access_key=cli.account)
    assert connect.list_instances()["InstanceSummaryList"] == []
