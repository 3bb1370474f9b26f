"""Servers of the console tests' own: their tests move the clock and reset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.console.web import ConsoleUser
from tests.support.server import EmulatorProcess

CONTROL_TOKEN = "console-test-token-7f3a"


@pytest.fixture(scope="module")
def console_server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(
        "--in-memory", "--provisioning-delay", "0.5", "--deletion-delay", "0.5"
    ) as server:
        yield server


@pytest.fixture(scope="module")
def token_server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--in-memory", "--control-token", CONTROL_TOKEN) as server:
        yield server


@pytest.fixture
def user(console_server: EmulatorProcess) -> ConsoleUser:
    return ConsoleUser(console_server.url)
