"""Vocabularies' asynchronous steps with three processes on one PostgreSQL: each creation and
each removal is taken by exactly one process's lifecycle worker, whichever process answered
the call, and a step due while its process is dead is taken by another after the kill."""

from __future__ import annotations

import re
import secrets
import time
from functools import partial
from typing import TYPE_CHECKING

import pytest

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import Cluster, all_at_once, eventually
from tests.support.clients import connect_client
from tests.support.postgres import require_server
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

pytestmark = pytest.mark.postgres

CONTENT = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles"


def _account() -> str:
    return f"{secrets.randbelow(10**12):012d}"


def _active_instance(connect: ConnectClient) -> str:
    instance_id = str(create(connect)["Id"])
    assert wait_for_status(connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return instance_id


def _create(client: ConnectClient, instance_id: str, name: str) -> str:
    reply = client.create_vocabulary(
        InstanceId=instance_id, VocabularyName=name, LanguageCode="en-US", Content=CONTENT
    )
    return str(reply["VocabularyId"])


def _delete(client: ConnectClient, instance_id: str, vocabulary: str) -> str:
    return str(client.delete_vocabulary(InstanceId=instance_id, VocabularyId=vocabulary)["State"])


def _states(client: ConnectClient, instance_id: str) -> dict[str, str]:
    pages = client.get_paginator("search_vocabularies").paginate(InstanceId=instance_id)
    return {s["Id"]: s["State"] for page in pages for s in page["VocabularySummaryList"]}


def test_every_step_is_taken_once_whichever_process_answered(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    instance_id = _active_instance(clients[0])
    # Steps due together, so that every process's worker finds them due at once.
    cluster.control(0).set_lifecycle(account, "delay", provisioning_delay=0.3, deletion_delay=0.3)

    made = all_at_once(partial(_create, clients[n % 3], instance_id, f"v-{n}") for n in range(24))
    assert made.errors == []
    ids = sorted(made.values)
    assert eventually(
        lambda: set(_states(clients[2], instance_id).values()) == {"ACTIVE"}, timeout=10
    )
    assert sorted(_states(clients[1], instance_id)) == ids
    # Each creation's outcome was written once, by one process or another.
    activated = cluster.log_lines(r"vocabulary (\S+) is ACTIVE")
    assert sorted(found for found in activated if found in ids) == ids

    # Every vocabulary deleted through every process at once: each answers DELETE_IN_PROGRESS
    # (or 404 once it is gone), and each is removed exactly once.
    deletes = all_at_once(
        partial(_delete, clients[n], instance_id, vocabulary)
        for vocabulary in ids
        for n in range(3)
    )
    assert set(deletes.values) == {"DELETE_IN_PROGRESS"}
    assert set(deletes.error_codes) <= {"ResourceNotFoundException"}
    assert eventually(lambda: _states(clients[0], instance_id) == {}, timeout=10)
    removed = cluster.log_lines(r"vocabulary (\S+) is gone")
    assert sorted(found for found in removed if found in ids) == ids


def test_one_name_through_every_process_has_one_winner(cluster: Cluster) -> None:
    account = _account()
    clients = cluster.clients(account)
    instance_id = _active_instance(clients[0])
    outcomes = all_at_once(partial(_create, clients[n % 3], instance_id, "Same") for n in range(15))
    assert len(outcomes.values) == 1
    assert outcomes.error_codes == ["ResourceConflictException"] * 14
    assert list(_states(clients[1], instance_id)) == outcomes.values


def test_a_manual_step_released_through_one_process_is_taken_by_the_others(
    cluster: Cluster,
) -> None:
    account = _account()
    clients = cluster.clients(account)
    instance_id = _active_instance(clients[0])
    cluster.control(1).set_lifecycle(account, "manual")
    # Other processes adopt shared controls on their worker's next step.
    time.sleep(0.3)
    waiting = _create(clients[2], instance_id, "Waiting")
    failing = _create(clients[0], instance_id, "Failing")
    time.sleep(0.3)
    assert set(_states(clients[1], instance_id).values()) == {"CREATION_IN_PROGRESS"}
    cluster.control(0).release_step("vocabulary", waiting)
    cluster.control(2).release_step("vocabulary", failing, fail_reason="Released to fail")
    assert eventually(
        lambda: _states(clients[1], instance_id) == {waiting: "ACTIVE", failing: "CREATION_FAILED"},
        timeout=5,
    )
    failed = clients[2].describe_vocabulary(InstanceId=instance_id, VocabularyId=failing)
    assert failed["Vocabulary"]["FailureReason"] == "Released to fail"


def test_steps_of_a_killed_process_finish_after_its_restart() -> None:
    """One process on a database of its own, killed with vocabularies in progress; a new one
    on the same database (a restart) takes their steps when they fall due."""
    account = _account()
    with require_server().database() as database_url:
        first = EmulatorProcess("--database-url", database_url).start()
        try:
            connect = connect_client(first.url, access_key=account)
            ControlClient(first.url).set_lifecycle(account, "immediate")
            instance_id = _active_instance(connect)
            ControlClient(first.url).set_lifecycle(account, "delay", provisioning_delay=2)
            made = sorted(_create(connect, instance_id, f"survivor-{n}") for n in range(3))
            assert set(_states(connect, instance_id).values()) == {"CREATION_IN_PROGRESS"}
            first.kill()
            second = EmulatorProcess("--database-url", database_url).start()
            try:
                connect = connect_client(second.url, access_key=account)
                assert eventually(
                    lambda: set(_states(connect, instance_id).values()) == {"ACTIVE"},
                    timeout=10,
                )
                assert sorted(_states(connect, instance_id)) == made
                # Taken by the new process, once each.
                activated = re.findall(r"vocabulary (\S+) is ACTIVE", second.log())
                assert sorted(activated) == made
                assert not re.findall(r"vocabulary (\S+) is ACTIVE", first.log())
            finally:
                second.close()
        finally:
            first.close()
