"""Reliability fixtures: a server of the tier's own, so abuse cannot disturb other tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import EmulatorProcess


@pytest.fixture(scope="module")
def abused_server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--provisioning-delay", "0", "--log-level", "warning") as server:
        yield server
