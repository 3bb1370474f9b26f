"""The AWS CLI v1 on custom vocabularies: create with a ClientToken of the user's, describe by
ARN, search with auto-pagination, the default vocabulary, delete, and the model's errors as
the CLI prints them."""

from __future__ import annotations

import json
import time

import pytest

from connect_emulator.control import ControlClient
from tests.clients.cli import Cli
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

SERVICE_ERROR_EXIT = 255
CONTENT = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles"


@pytest.fixture
def cli(server: EmulatorProcess, account: str) -> Cli:
    return Cli(server.url, account)


@pytest.fixture
def instance_id(server: EmulatorProcess, account: str) -> str:
    ControlClient(server.url).set_lifecycle(account, "immediate")
    connect = connect_client(server.url, access_key=account)
    created = create(connect)
    wait_for_status(connect, created["Id"], "ACTIVE")
    return str(created["Id"])


def _state(cli: Cli, instance_id: str, vocabulary: str) -> str | None:
    described = cli.run(
        "connect",
        "describe-vocabulary",
        "--instance-id",
        instance_id,
        "--vocabulary-id",
        vocabulary,
    )
    if (
        described.returncode == SERVICE_ERROR_EXIT
        and "ResourceNotFoundException" in described.stderr
    ):
        return None
    return str(described.json()["Vocabulary"]["State"])


def _wait_while(cli: Cli, instance_id: str, vocabulary: str, pending: str) -> str | None:
    for _ in range(20):
        state = _state(cli, instance_id, vocabulary)
        if state != pending:
            return state
        time.sleep(0.1)
    return pending


def test_vocabularies_as_a_user_types_them(cli: Cli, instance_id: str) -> None:
    created = cli.json(
        "connect", "create-vocabulary", "--instance-id", instance_id,
        "--vocabulary-name", "cli-cities", "--language-code", "en-US", "--content", CONTENT,
        "--client-token", "cli-token-1", "--tags", json.dumps({"team": "cli"}),
    )  # fmt: skip
    assert created["State"] == "CREATION_IN_PROGRESS"
    assert created["VocabularyArn"].endswith(f"/vocabulary/{created['VocabularyId']}")
    for name in ("cli-other", "cli-third"):
        cli.json(
            "connect", "create-vocabulary", "--instance-id", instance_id,
            "--vocabulary-name", name, "--language-code", "en-GB", "--content", CONTENT,
        )  # fmt: skip
    assert _wait_while(cli, instance_id, created["VocabularyArn"], "CREATION_IN_PROGRESS") == (
        "ACTIVE"
    )
    described = cli.json(
        "connect", "describe-vocabulary", "--instance-id", instance_id,
        "--vocabulary-id", created["VocabularyArn"],
    )["Vocabulary"]  # fmt: skip
    assert (described["Name"], described["Content"], described["Tags"]) == (
        "cli-cities",
        CONTENT,
        {"team": "cli"},
    )
    # --page-size 1: the CLI follows NextToken over every page and joins them.
    searched = cli.json(
        "connect", "search-vocabularies", "--instance-id", instance_id,
        "--name-starts-with", "cli-", "--page-size", "1",
    )["VocabularySummaryList"]  # fmt: skip
    assert [s["Name"] for s in searched] == ["cli-cities", "cli-other", "cli-third"]
    british = cli.json(
        "connect", "search-vocabularies", "--instance-id", instance_id, "--language-code", "en-GB"
    )["VocabularySummaryList"]  # fmt: skip
    assert [s["Name"] for s in british] == ["cli-other", "cli-third"]

    cli.json(
        "connect", "associate-default-vocabulary", "--instance-id", instance_id,
        "--language-code", "en-US", "--vocabulary-id", created["VocabularyId"],
    )  # fmt: skip
    defaults = cli.json("connect", "list-default-vocabularies", "--instance-id", instance_id)
    assert [
        (d["LanguageCode"], d["VocabularyName"]) for d in defaults["DefaultVocabularyList"]
    ] == [("en-US", "cli-cities")]
    in_use = cli.run(
        "connect", "delete-vocabulary", "--instance-id", instance_id,
        "--vocabulary-id", created["VocabularyId"],
    )  # fmt: skip
    assert in_use.returncode == SERVICE_ERROR_EXIT
    assert "ResourceInUseException" in in_use.stderr
    cli.json(
        "connect", "associate-default-vocabulary", "--instance-id", instance_id,
        "--language-code", "en-US",
    )  # fmt: skip
    deleted = cli.json(
        "connect", "delete-vocabulary", "--instance-id", instance_id,
        "--vocabulary-id", created["VocabularyId"],
    )  # fmt: skip
    assert deleted["State"] == "DELETE_IN_PROGRESS"
    assert _wait_while(cli, instance_id, created["VocabularyId"], "DELETE_IN_PROGRESS") is None


def test_errors_exit_255_with_the_code_and_message(
    cli: Cli, instance_id: str, server: EmulatorProcess, account: str
) -> None:
    ControlClient(server.url).set_limits(account, resource_quotas={"vocabulary": 1})
    first = [
        "connect", "create-vocabulary", "--instance-id", instance_id,
        "--vocabulary-name", "only", "--language-code", "en-US", "--content", CONTENT,
    ]  # fmt: skip
    cli.json(*first)
    taken = cli.run(*first)
    assert taken.returncode == SERVICE_ERROR_EXIT
    assert "ResourceConflictException" in taken.stderr
    assert "'only'" in taken.stderr
    over = cli.run(
        "connect", "create-vocabulary", "--instance-id", instance_id,
        "--vocabulary-name", "second", "--language-code", "en-US", "--content", CONTENT,
    )  # fmt: skip
    assert over.returncode == SERVICE_ERROR_EXIT
    assert "ServiceQuotaExceededException" in over.stderr
    missing = cli.run(
        "connect", "describe-vocabulary", "--instance-id", instance_id,
        "--vocabulary-id", "00000000-0000-4000-8000-000000000000",
    )  # fmt: skip
    assert missing.returncode == SERVICE_ERROR_EXIT
    assert "ResourceNotFoundException" in missing.stderr
    assert "00000000-0000-4000-8000-000000000000" in missing.stderr
