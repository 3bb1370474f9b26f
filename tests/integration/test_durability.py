"""Acknowledged writes survive a crash; in-progress instances complete after a restart."""

from __future__ import annotations

import pytest

from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess


def test_instances_survive_sigkill_and_finish_provisioning_after_restart() -> None:
    # A long delay first, so the kill lands while every instance is still in progress.
    first = EmulatorProcess("--provisioning-delay", "30").start()
    try:
        connect = connect_client(first.url)
        created = [create(connect) for _ in range(5)]
        statuses = {
            connect.describe_instance(InstanceId=c["Id"])["Instance"]["InstanceStatus"]
            for c in created
        }
        assert statuses == {"CREATION_IN_PROGRESS"}
        first.kill()

        # The restarted server keeps the schedule (due 30 s after creation, on the same clock);
        # a provisioning delay on the command line applies to new instances only.
        second = EmulatorProcess("--provisioning-delay", "0", data_dir=first.data_dir).start()
        try:
            connect = connect_client(second.url)
            for reply in created:
                instance = connect.describe_instance(InstanceId=reply["Id"])["Instance"]
                assert instance["Arn"] == reply["Arn"]
                assert instance["InstanceStatus"] == "CREATION_IN_PROGRESS"
            fresh = create(connect)
            assert wait_for_status(connect, fresh["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
        finally:
            second.close()
    finally:
        first.close()


def test_in_progress_instances_complete_after_a_crash() -> None:
    first = EmulatorProcess("--provisioning-delay", "1.5").start()
    try:
        connect = connect_client(first.url)
        created = [create(connect) for _ in range(3)]
        first.kill()
        second = EmulatorProcess(data_dir=first.data_dir).start()
        try:
            connect = connect_client(second.url)
            for reply in created:
                assert wait_for_status(connect, reply["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
        finally:
            second.close()
    finally:
        first.close()


def test_two_servers_cannot_share_one_data_directory() -> None:
    with EmulatorProcess() as first:
        second = EmulatorProcess(data_dir=first.data_dir, start_timeout=15)
        with pytest.raises(RuntimeError, match="already in use"):
            second.start()
        second.close()


def test_in_memory_state_is_gone_after_a_restart() -> None:
    with EmulatorProcess("--in-memory") as first:
        instance_id = create(connect_client(first.url))["Id"]
        data_dir = first.data_dir
    with EmulatorProcess("--in-memory", data_dir=data_dir) as second:
        connect = connect_client(second.url)
        with pytest.raises(connect.exceptions.ResourceNotFoundException):
            connect.describe_instance(InstanceId=instance_id)
