"""The command line: every option documented with its environment variable, and both work."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess


def help_text() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "connect_emulator", "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    return result.stdout


def test_every_option_names_its_environment_variable() -> None:
    text = help_text()
    options = set(re.findall(r"^\s+(--[a-z-]+)", text, re.MULTILINE)) - {"--help"}
    assert {"--host", "--port", "--data-dir", "--in-memory", "--provisioning-delay"} <= options
    for option in options:
        name = "CONNECT_EMULATOR_" + option[2:].replace("-", "_").upper()
        assert name in text, f"{option} does not mention {name}"


def test_environment_variables_configure_and_the_command_line_wins() -> None:
    env = {
        "CONNECT_EMULATOR_PROVISIONING_DELAY": "30",
        "CONNECT_EMULATOR_IN_MEMORY": "1",
        "CONNECT_EMULATOR_INSTANCE_QUOTA": "1",
    }
    with EmulatorProcess("--provisioning-delay", "0", env=env) as server:
        connect = connect_client(server.url)
        created = create(connect)
        deadline = time.monotonic() + 5
        status = ""
        while status != "ACTIVE" and time.monotonic() < deadline:
            status = connect.describe_instance(InstanceId=created["Id"])["Instance"][
                "InstanceStatus"
            ]
        assert status == "ACTIVE"  # the command line's 0 s, not the environment's 30 s
        with pytest.raises(connect.exceptions.ServiceQuotaExceededException):
            create(connect)
        assert not (server.data_dir / "connect-emulator.sqlite3").exists()
