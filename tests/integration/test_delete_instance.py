"""DeleteInstance: visible for the deletion delay, then gone, alias and tags with it."""

from __future__ import annotations

import uuid

import pytest

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, unique_alias, wait_for_status, wait_gone
from tests.support.clients import connect_client
from tests.support.raw import send
from tests.support.server import EmulatorProcess

# The controlled server's deletion delay (see conftest.controlled_server).
DELETION_DELAY = 5


def test_delete_answers_an_empty_200_then_the_instance_is_gone(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    control.set_lifecycle("000000000000", "immediate")
    alias = unique_alias()
    created = create(connect, alias, Tags={"a": "b"})
    wait_for_status(connect, created["Id"], "ACTIVE")
    control.set_lifecycle("000000000000", "delay", deletion_delay=DELETION_DELAY)

    reply = send(
        controlled_server.url, "DELETE", f"/instance/{created['Id']}?clientToken={uuid.uuid4()}"
    )
    assert reply.status == 200
    assert reply.body == b""

    # Like AWS, still ACTIVE (and listed, and tagged) until the deletion completes.
    assert (
        connect.describe_instance(InstanceId=created["Id"])["Instance"]["InstanceStatus"]
        == "ACTIVE"
    )
    assert created["Id"] in [s["Id"] for s in connect.list_instances()["InstanceSummaryList"]]
    with pytest.raises(connect.exceptions.InvalidRequestException):
        create(connect, alias)

    control.advance_clock(DELETION_DELAY + 1)
    assert wait_gone(connect, created["Id"])
    assert created["Id"] not in [s["Id"] for s in connect.list_instances()["InstanceSummaryList"]]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_tags_for_resource(resourceArn=created["Arn"])
    assert create(connect, alias)["Id"] != created["Id"]


def test_delete_by_arn_twice_and_with_a_replayed_token(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    control.set_lifecycle("000000000000", "immediate")
    created = create(connect)
    # ACTIVE: an instance still being created would be gone at the first delete.
    wait_for_status(connect, created["Id"], "ACTIVE")
    control.set_lifecycle("000000000000", "delay", deletion_delay=DELETION_DELAY)
    token = str(uuid.uuid4())
    connect.delete_instance(InstanceId=created["Arn"], ClientToken=token)
    connect.delete_instance(InstanceId=created["Id"])
    control.advance_clock(DELETION_DELAY + 1)
    assert wait_gone(connect, created["Id"])
    # The same token for the same instance is the same (successful) request.
    connect.delete_instance(InstanceId=created["Id"], ClientToken=token)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_instance(InstanceId=created["Id"])


def test_deleting_an_unknown_instance_is_404(controlled_server: EmulatorProcess) -> None:
    connect = connect_client(controlled_server.url)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_instance(InstanceId=str(uuid.uuid4()))


def test_deleting_while_creation_is_in_progress_cancels_provisioning(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    control.set_lifecycle("000000000000", "manual", deletion_delay=DELETION_DELAY)
    created = create(connect)
    connect.delete_instance(InstanceId=created["Id"])
    # Gone at once: only an ACTIVE instance is shown while it is deleted.
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_instance(InstanceId=created["Id"])
    assert created["Id"] not in [s["Id"] for s in connect.list_instances()["InstanceSummaryList"]]
    # Provisioning was cancelled with it: nothing comes back when the worker runs.
    control.advance_clock(DELETION_DELAY + 1)
    assert wait_gone(connect, created["Id"])


def test_deleting_a_failed_instance_removes_it_before_its_expiry(
    controlled_server: EmulatorProcess, control: ControlClient
) -> None:
    connect = connect_client(controlled_server.url)
    control.set_lifecycle("000000000000", "immediate")
    control.fail_next_creations(1, reason="no capacity")
    created = create(connect)
    wait_for_status(connect, created["Id"], "CREATION_FAILED")
    connect.delete_instance(InstanceId=created["Id"])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_instance(InstanceId=created["Id"])
