"""Fixtures for the protocol tests: the real Connect model, its router, and botocore's wire."""

from __future__ import annotations

import os

import pytest
from botocore.model import ServiceModel

from connect_emulator.protocol.routing import Router
from connect_emulator.protocol.spec import load_service_model
from tests.unit.protocol.oracle import BotocoreWire


@pytest.fixture(scope="session")
def model() -> ServiceModel:
    return load_service_model()


@pytest.fixture(scope="session")
def router(model: ServiceModel) -> Router:
    return Router(model)


@pytest.fixture(scope="session")
def wire() -> BotocoreWire:
    # Session-scoped fixtures run before the function-scoped environment cleanup, so the
    # developer's AWS settings are hidden here explicitly while the client is built.
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                patch.delenv(name)
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        return BotocoreWire()
