"""Fixtures shared by every tier: the real server, and clients talking to it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from connect_emulator.control import ControlClient
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

# No test asserts on time (the machine is noisy; speed is bench/'s): Hypothesis's per-example
# deadline, a timed assertion, failed a parser property once under a loaded machine.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

# Short enough to keep the suite quick, long enough to observe CREATION_IN_PROGRESS.
PROVISIONING_DELAY = 0.5


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's AWS settings must not leak into what the tests see."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "CONNECT_EMULATOR_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--provisioning-delay", str(PROVISIONING_DELAY)) as process:
        yield process


@pytest.fixture
def connect(server: EmulatorProcess) -> ConnectClient:
    return connect_client(server.url)


@pytest.fixture
def raw_connect(server: EmulatorProcess) -> ConnectClient:
    """No client-side validation: the server's own checks are under test."""
    return connect_client(server.url, validate=False)


@pytest.fixture
def server_url(server: EmulatorProcess) -> str:
    return server.url


@pytest.fixture(scope="module")
def controlled_server() -> Iterator[EmulatorProcess]:
    """A server of the module's own: its tests move the clock and change the lifecycle."""
    with EmulatorProcess(
        "--provisioning-delay", "5", "--deletion-delay", "5", "--seed", "11"
    ) as process:
        yield process


@pytest.fixture
def control(controlled_server: EmulatorProcess) -> ControlClient:
    client = ControlClient(controlled_server.url)
    client.reset()
    return client


@pytest.fixture
def account() -> str:
    """A fresh account per test: a 12-digit access key id is used as the account id."""
    return f"{secrets.randbelow(10**12):012d}"


@pytest.fixture
def own_connect(server: EmulatorProcess, account: str) -> ConnectClient:
    """A client of the test's own account on the shared server: nobody else's instances."""
    return connect_client(server.url, access_key=account)
