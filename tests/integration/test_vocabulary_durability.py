"""Vocabularies' asynchronous steps survive a crash: a creation or a deletion in progress when
the server is killed finishes after the restart, as an instance's provisioning does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import eventually
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

ACCOUNT = "210987654321"
CONTENT = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles"


def _states(connect: ConnectClient, instance_id: str) -> dict[str, str]:
    listed = connect.search_vocabularies(InstanceId=instance_id)["VocabularySummaryList"]
    return {s["Name"]: s["State"] for s in listed}


def test_vocabularies_in_progress_finish_after_a_crash() -> None:
    first = EmulatorProcess().start()
    try:
        connect = connect_client(first.url, access_key=ACCOUNT)
        control = ControlClient(first.url)
        control.set_lifecycle(ACCOUNT, "immediate")
        instance_id = create(connect)["Id"]
        assert wait_for_status(connect, instance_id, "ACTIVE")["InstanceStatus"] == "ACTIVE"
        leaving = connect.create_vocabulary(
            InstanceId=instance_id, VocabularyName="leaving", LanguageCode="en-US", Content=CONTENT
        )["VocabularyId"]
        assert eventually(lambda: _states(connect, instance_id) == {"leaving": "ACTIVE"})
        # Long enough for the kill to land first, short enough to wait for after the restart.
        control.set_lifecycle(ACCOUNT, "delay", provisioning_delay=1.5, deletion_delay=1.5)
        for name in ("staying-1", "staying-2"):
            connect.create_vocabulary(
                InstanceId=instance_id, VocabularyName=name, LanguageCode="en-US", Content=CONTENT
            )
        connect.delete_vocabulary(InstanceId=instance_id, VocabularyId=leaving)
        assert _states(connect, instance_id) == {
            "leaving": "DELETE_IN_PROGRESS",
            "staying-1": "CREATION_IN_PROGRESS",
            "staying-2": "CREATION_IN_PROGRESS",
        }
        first.kill()

        second = EmulatorProcess(data_dir=first.data_dir).start()
        try:
            connect = connect_client(second.url, access_key=ACCOUNT)
            assert eventually(
                lambda: (
                    _states(connect, instance_id) == {"staying-1": "ACTIVE", "staying-2": "ACTIVE"}
                ),
                timeout=10,
            ), _states(connect, instance_id)
        finally:
            second.close()
    finally:
        first.close()
