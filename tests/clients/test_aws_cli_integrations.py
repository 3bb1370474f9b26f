"""The AWS CLI v1 on the integrations of an instance: a path per family as a user types it,
auto-pagination over several requests, and their errors as the CLI prints them."""

from __future__ import annotations

import json

import pytest

from tests.clients.cli import Cli, run_all
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

SERVICE_ERROR_EXIT = 255
FUNCTION = "arn:aws:lambda:us-east-1:111122223333:function:{}"
PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----"


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


@pytest.fixture
def instance_id(server: EmulatorProcess, account: str) -> str:
    connect = connect_client(server.url, access_key=account)
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return str(created["Id"])


def test_a_storage_config_as_a_user_types_it(cli: Cli, instance_id: str) -> None:
    key = ["--instance-id", instance_id, "--resource-type", "CHAT_TRANSCRIPTS"]
    association_id = cli.json(
        "connect", "associate-instance-storage-config", *key, "--storage-config",
        "StorageType=S3,S3Config={BucketName=chats,BucketPrefix=transcripts}",
    )["AssociationId"]  # fmt: skip
    assert len(association_id) == 64
    cli.json(
        "connect", "update-instance-storage-config", *key, "--association-id", association_id,
        "--storage-config", json.dumps(
            {"StorageType": "S3", "S3Config": {"BucketName": "chats2", "BucketPrefix": "t"}}
        ),
    )  # fmt: skip
    described, listed, conflict = run_all(
        (cli, ["connect", "describe-instance-storage-config", *key,
               "--association-id", association_id]),
        (cli, ["connect", "list-instance-storage-configs", *key]),
        (cli, ["connect", "associate-instance-storage-config", *key, "--storage-config",
               "StorageType=S3,S3Config={BucketName=again,BucketPrefix=p}"]),
    )  # fmt: skip
    assert described.json()["StorageConfig"]["S3Config"] == {
        "BucketName": "chats2",
        "BucketPrefix": "t",
    }
    assert [c["AssociationId"] for c in listed.json()["StorageConfigs"]] == [association_id]
    assert conflict.returncode == SERVICE_ERROR_EXIT
    assert "ResourceConflictException" in conflict.stderr
    cli.json(
        "connect", "disassociate-instance-storage-config", *key, "--association-id", association_id
    )  # fmt: skip
    gone = cli.run(
        "connect", "describe-instance-storage-config", *key, "--association-id", association_id
    )  # fmt: skip
    assert gone.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in gone.stderr


def test_associations_listed_over_pages_and_their_errors(cli: Cli, instance_id: str) -> None:
    inside = ["--instance-id", instance_id]
    made = run_all(
        *[(cli, ["connect", "associate-lambda-function", *inside,
                 "--function-arn", FUNCTION.format(name)]) for name in ("a", "b", "c")],
        # The CLI v1 would fetch an https:// parameter's page: the origin goes as JSON.
        (cli, ["connect", "associate-approved-origin", *inside,
               "--cli-input-json", json.dumps({"Origin": "https://example.com"})]),
        (cli, ["connect", "associate-lex-bot", *inside,
               "--lex-bot", "Name=Flowers,LexRegion=us-east-1"]),
        (cli, ["connect", "associate-security-key", *inside, "--key", PEM]),
        (cli, ["connect", "batch-associate-analytics-data-set", *inside,
               "--data-set-ids", "contact_record", "agent_statistic_record"]),
    )  # fmt: skip
    assert all(result.returncode == 0 for result in made), [r.explain() for r in made]
    functions, origins, bots, keys, associations, again, disassociated = run_all(
        # --page-size 1: the CLI follows NextToken over every page and joins them.
        (cli, ["connect", "list-lambda-functions", *inside, "--page-size", "1"]),
        (cli, ["connect", "list-approved-origins", *inside]),
        (cli, ["connect", "list-bots", *inside, "--lex-version", "V1"]),
        (cli, ["connect", "list-security-keys", *inside]),
        (cli, ["connect", "list-analytics-data-associations", *inside]),
        (cli, ["connect", "associate-lambda-function", *inside,
               "--function-arn", FUNCTION.format("a")]),
        (cli, ["connect", "disassociate-approved-origin", *inside,
               "--cli-input-json", json.dumps({"Origin": "https://nowhere.example.com"})]),
    )  # fmt: skip
    assert sorted(functions.json()["LambdaFunctions"]) == [
        FUNCTION.format(name) for name in ("a", "b", "c")
    ]
    assert origins.json()["Origins"] == ["https://example.com"]
    assert bots.json()["LexBots"] == [{"LexBot": {"Name": "Flowers", "LexRegion": "us-east-1"}}]
    assert [k["Key"] for k in keys.json()["SecurityKeys"]] == [PEM]
    assert sorted(r["DataSetId"] for r in associations.json()["Results"]) == [
        "agent_statistic_record",
        "contact_record",
    ]
    assert again.returncode == SERVICE_ERROR_EXIT
    assert "ResourceConflictException" in again.stderr
    assert disassociated.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in disassociated.stderr
    cli.json(
        "connect", "disassociate-bot", *inside, "--lex-bot", "Name=Flowers,LexRegion=us-east-1"
    )  # fmt: skip
    assert cli.json("connect", "list-lex-bots", *inside)["LexBots"] == []
