"""pytest fixtures for testing code that talks to Amazon Connect, against the emulator.

Installed with connect-emulator and loaded by pytest on its own (entry point ``pytest11``);
``-p no:connect_emulator`` turns it off. The emulator runs in the test process (see
``connect_emulator.testing``) and starts only when a test asks for one of these fixtures:

    connect_emulator          the session's emulator (``RunningEmulator``), started once
    connect_emulator_clean    the same emulator, reset before the test: no instances, no controls
    connect_client            a boto3 Connect client of the reset emulator (account 000000000000)
    connect_emulator_options  the keyword arguments the session's emulator is started with:
                              override it in a conftest.py to change them

    def test_create(connect_client):
        created = connect_client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="my-test-centre",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
        assert connect_client.list_instances()["InstanceSummaryList"][0]["Id"] == created["Id"]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

    from connect_emulator.testing import RunningEmulator


@pytest.fixture(scope="session")
def connect_emulator_options() -> dict[str, Any]:
    """Keyword arguments for ``connect_emulator.testing.emulator``; {} keeps its defaults."""
    return {}


@pytest.fixture(scope="session")
def connect_emulator(connect_emulator_options: dict[str, Any]) -> Iterator[RunningEmulator]:
    """One emulator for the whole session, in this process. Not reset between tests."""
    # Imported here: a test run that never asks for the emulator does not pay for it.
    from connect_emulator.testing import emulator  # noqa: PLC0415

    with emulator(**connect_emulator_options) as running:
        yield running


@pytest.fixture
def connect_emulator_clean(connect_emulator: RunningEmulator) -> RunningEmulator:
    """The session's emulator, reset before the test: every instance, token and control gone."""
    connect_emulator.reset()
    return connect_emulator


@pytest.fixture
def connect_client(connect_emulator_clean: RunningEmulator) -> ConnectClient:
    """A boto3 Connect client (us-east-1, account 000000000000) of the freshly reset emulator."""
    return connect_emulator_clean.client()
