"""connect_emulator.testing: the emulator in the test process, started and stopped cleanly."""

from __future__ import annotations

import gc
import socket
import sys
import threading
import urllib.request
import warnings
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from connect_emulator import testing
from connect_emulator.app import build_emulator
from connect_emulator.config import Settings
from connect_emulator.control import ControlClient, ControlError
from connect_emulator.gateway.asgi import GatewayApp
from connect_emulator.gateway.connection import Connection
from connect_emulator.server import MAX_HEAD_BYTES
from connect_emulator.storage.lockfile import DataDirInUse
from connect_emulator.testing import (
    DEFAULT_ACCOUNT,
    EmulatorNotRunning,
    RunningEmulator,
    emulator,
    wait_for_status,
)
from tests.integration.helpers import wait_gone


def emulator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("connect-emulator ")]


def refuses_connections(endpoint: str) -> bool:
    target = urlsplit(endpoint)
    try:
        with socket.create_connection((target.hostname, target.port or 80), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


def create(emu: RunningEmulator, alias: str, **client: str) -> str:
    return emu.client(**client).create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias=alias,
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]


def test_serves_inside_the_block_and_leaves_nothing_behind() -> None:
    before = emulator_threads()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with emulator() as emu:
            endpoint = emu.endpoint
            assert endpoint.startswith("http://127.0.0.1:")
            with urllib.request.urlopen(endpoint + "/_emulator/health", timeout=5) as reply:
                assert reply.status == 200
            assert emu.control.health()["status"] == "ok"
            instance_id = create(emu, "inside-the-block")
            assert emu.client().describe_instance(InstanceId=instance_id)["Instance"]["Id"]
            assert len(emulator_threads()) == len(before) + 1
        assert not emu.running
        assert emulator_threads() == before
        assert refuses_connections(endpoint)
        del emu
        gc.collect()
    leaks = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, [str(w.message) for w in leaks]


def test_outside_the_block_it_says_so() -> None:
    emu = emulator()
    with pytest.raises(EmulatorNotRunning):
        _ = emu.endpoint
    with emu:
        assert emu.control.health()["status"] == "ok"
    with pytest.raises(EmulatorNotRunning):
        emu.client()
    with pytest.raises(EmulatorNotRunning):
        _ = emu.control
    with pytest.raises(RuntimeError, match="already been started"):
        emu.start()
    emu.stop()  # stopping twice is harmless


def test_an_error_in_the_block_still_stops_the_server() -> None:
    before = emulator_threads()
    emu = emulator()

    def fail_inside() -> None:
        with emu:
            raise KeyError("boom")

    with pytest.raises(KeyError):
        fail_inside()
    assert not emu.running
    assert emulator_threads() == before


def test_start_and_stop_without_with() -> None:
    emu = emulator().start()
    try:
        assert emu.control.clock()["offset"] == 0
        assert repr(emu) == f"<RunningEmulator {emu.endpoint}>"
    finally:
        emu.stop()
    assert repr(emu) == "<RunningEmulator not running>"


def test_defaults_suit_tests_instant_lifecycle_in_memory() -> None:
    with emulator() as emu:
        connect = emu.client()
        instance_id = create(emu, "quick-centre")
        assert wait_for_status(connect, instance_id, "ACTIVE", timeout=2)["Id"] == instance_id
        connect.delete_instance(InstanceId=instance_id)
        assert wait_gone(connect, instance_id)
    # In memory: a new emulator starts empty.
    with emulator() as emu:
        assert emu.client().list_instances()["InstanceSummaryList"] == []


def test_the_client_account_region_and_config() -> None:
    with emulator() as emu:
        arn = emu.client().create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="default-account",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Arn"]
        assert arn.startswith(f"arn:aws:connect:us-east-1:{DEFAULT_ACCOUNT}:instance/")
        theirs = emu.client(region="eu-central-1", account="123456789012")
        arn = theirs.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias="their-account",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Arn"]
        assert arn.startswith("arn:aws:connect:eu-central-1:123456789012:instance/")
        assert len(theirs.list_instances()["InstanceSummaryList"]) == 1
        assert len(emu.client().list_instances()["InstanceSummaryList"]) == 1

        with pytest.raises(ValueError, match="12 digits"):
            emu.client(account="1234")

        # Keyword arguments are botocore Config: without client-side validation the
        # server's own answer comes back.
        with pytest.raises(ParamValidationError):
            emu.client().list_instances(MaxResults=0)
        with pytest.raises(ClientError) as raised:
            emu.client(parameter_validation=False).list_instances(MaxResults=0)
        assert raised.value.response["Error"]["Code"] == "InvalidRequestException"


def test_the_client_says_when_boto3_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    with emulator() as emu:
        monkeypatch.setitem(sys.modules, "boto3", None)
        with pytest.raises(ModuleNotFoundError, match=r"needs boto3.*pip install boto3"):
            emu.client()


def test_options_reach_the_server(tmp_path: Path) -> None:
    with emulator(provisioning_delay=60, deletion_delay=60, seed=5) as emu:
        instance_id = create(emu, "slow-centre")
        assert emu.control.lifecycle()["provisioning_delay"] == 60
        with pytest.raises(TimeoutError, match="CREATION_IN_PROGRESS, not ACTIVE"):
            wait_for_status(emu.client(), instance_id, "ACTIVE", timeout=0.3)
        emu.control.advance_clock(61)
        assert wait_for_status(emu.client(), instance_id, "ACTIVE")["Id"] == instance_id
    # The same seed and the same requests give the same ids.
    with emulator(seed=5) as emu:
        assert create(emu, "slow-centre") == instance_id

    with emulator(control_token="s3cret") as emu:
        assert emu.control.clock()["offset"] == 0  # the harness's ControlClient has the token
        with pytest.raises(ControlError) as raised:
            ControlClient(emu.endpoint).clock()
        assert raised.value.status == 403


def test_a_data_dir_keeps_state_and_is_released_on_exit(tmp_path: Path) -> None:
    with emulator(data_dir=tmp_path) as emu:
        instance_id = create(emu, "durable-centre")
        # One server per data directory, even in one process.
        with pytest.raises(DataDirInUse), emulator(data_dir=tmp_path):
            pass
    with emulator(data_dir=tmp_path) as emu:
        described = emu.client().describe_instance(InstanceId=instance_id)["Instance"]
        assert described["InstanceAlias"] == "durable-centre"


def test_a_taken_port_fails_at_once_and_leaks_nothing() -> None:
    with emulator() as emu:
        port = urlsplit(emu.endpoint).port
        assert port is not None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(OSError, match="in use"), emulator(port=port):
                pass
            gc.collect()
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
        assert emu.control.health()["status"] == "ok"


def test_reset_forgets_instances_and_controls() -> None:
    with emulator() as emu:
        create(emu, "forgotten")
        emu.control.set_lifecycle(DEFAULT_ACCOUNT, "manual")
        emu.control.advance_clock(100)
        emu.reset()
        assert emu.client().list_instances()["InstanceSummaryList"] == []
        assert emu.control.lifecycle()["progression"] == "delay"
        assert emu.control.clock()["offset"] == 0
        create(emu, "forgotten")  # the alias is free again


def test_the_harness_serves_with_the_command_lines_configuration() -> None:
    with emulator() as emu:
        config = emu._server.config if emu._server is not None else None
        assert config is not None
        assert config.log_config is None  # the harness leaves the process's logging alone
        protocol = config.http
        assert isinstance(protocol, type)
        assert issubclass(protocol, Connection)
        assert protocol.max_head_bytes == MAX_HEAD_BYTES
        assert config.proxy_headers is False


def test_a_server_that_cannot_start_says_so_and_leaks_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken() -> None:
        raise RuntimeError("broken on purpose")

    def build(settings: Settings) -> SimpleNamespace:
        real = build_emulator(settings)
        real.store.close()
        app = GatewayApp(
            real.app.handlers, max_body_bytes=real.app.max_body_bytes, on_startup=broken
        )
        return SimpleNamespace(app=app, store=real.store)

    monkeypatch.setattr(testing, "build_emulator", build)
    before = emulator_threads()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(EmulatorNotRunning, match="failed to start") as raised:
            emulator().start()
        gc.collect()
    assert str(raised.value.__cause__) == "uvicorn stopped with exit status 3"
    assert emulator_threads() == before
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
