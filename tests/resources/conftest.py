"""Fixtures for the resources inside instances: an ACTIVE instance of a fresh account on the
shared server, and clients of that account (one that validates nothing on the client side,
so the server's own checks are under test)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pytest

from connect_emulator.control import ControlClient
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


class ActiveInstance(NamedTuple):
    id: str
    arn: str


@pytest.fixture
def instance(own_connect: ConnectClient, server: EmulatorProcess, account: str) -> ActiveInstance:
    # The account's own lifecycle: ACTIVE on the worker's next step, not after the shared
    # server's provisioning delay (hundreds of tests wait for it).
    ControlClient(server.url).set_lifecycle(account, "immediate")
    created = create(own_connect)
    assert wait_for_status(own_connect, created["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
    return ActiveInstance(created["Id"], created["Arn"])


@pytest.fixture
def raw(server: EmulatorProcess, account: str) -> ConnectClient:
    """The test account's client without client-side validation and without retries."""
    return connect_client(server.url, validate=False, access_key=account)
