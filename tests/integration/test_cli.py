"""The command line: every option documented with its environment variable, and both work."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest

from connect_emulator.cli import OPTIONS
from connect_emulator.config import Settings
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


def serve_refused(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``connect-emulator serve`` expected to refuse to start: its exit and its stderr."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CONNECT_EMULATOR_")}
    return subprocess.run(
        [sys.executable, "-m", "connect_emulator", "serve", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean | (env or {}),
        timeout=20,
        check=False,
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr


FILES = {
    "not-json.json": "{",
    "array.json": "[]",
    "directories.json": '[{"account": "111111111111", "directory_id": "d-1234567890", '
    '"usable": "no"}]',
    "limits.json": '{"111111111111": {"instance_quota": -1}}',
    "damaged.sqlite3": "not a database",
}
# (command line, environment, what the line must say): every kind of wrong start.
WRONG_STARTS = {
    "port variable": ([], {"PORT": "abc"}, ["CONNECT_EMULATOR_PORT", "whole number", "'abc'"]),
    "port option": (["--port", "70000"], {}, ["--port", "from 0 to 65535", "'70000'"]),
    "unknown option": (["--frobnicate"], {}, ["unrecognized arguments: --frobnicate"]),
    "flag variable": ([], {"IN_MEMORY": "maybe"}, ["CONNECT_EMULATOR_IN_MEMORY", "'maybe'"]),
    "choice variable": ([], {"LIMITS": "huge"}, ["CONNECT_EMULATOR_LIMITS", "aws, dev"]),
    "log level variable": ([], {"LOG_LEVEL": "loud"}, ["CONNECT_EMULATOR_LOG_LEVEL", "'loud'"]),
    "number variable": ([], {"PROVISIONING_DELAY": "soon"}, ["PROVISIONING_DELAY", "'soon'"]),
    "negative delay": (["--deletion-delay", "-1"], {}, ["--deletion-delay", "0 or more"]),
    "workers variable": ([], {"WORKERS": "0"}, ["CONNECT_EMULATOR_WORKERS", "1 or more"]),
    "missing credentials": (["--credentials", "keys.json"], {}, ["keys.json: does not exist"]),
    "credentials not JSON": (
        ["--credentials", "not-json.json"],
        {},
        ["not-json.json: not valid JSON"],
    ),
    "credentials variable": ([], {"CREDENTIALS": "array.json"}, ["array.json", "JSON object"]),
    "directories": (["--directories", "directories.json"], {}, ["directories.json", "usable"]),
    "directories a directory": (["--directories", "."], {}, ["--directories .: is not a file"]),
    "account limits": (["--account-limits", "limits.json"], {}, ["limits.json", "instance_quota"]),
    "ready file": (["--ready-file", "nowhere/ready"], {}, ["--ready-file", "nowhere"]),
    "data dir a file": (["--data-dir", "array.json"], {}, ["--data-dir array.json"]),
    "damaged state": (
        ["--data-dir", "state"],
        {},
        ["state/connect-emulator.sqlite3", "not a database"],
    ),
}


@pytest.mark.parametrize(("args", "env", "says"), WRONG_STARTS.values(), ids=WRONG_STARTS.keys())
def test_every_wrong_option_variable_or_file_is_one_clear_line(
    tmp_path: Path, args: list[str], env: dict[str, str], says: list[str]
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "state").mkdir()
    (tmp_path / "damaged.sqlite3").rename(tmp_path / "state" / "connect-emulator.sqlite3")
    # In memory and on a free port (should it start after all), unless that is the case's
    # subject: the command line would win over the variable under test.
    memory = [] if "--data-dir" in args or "IN_MEMORY" in env else ["--in-memory"]
    port = [] if "PORT" in env else ["--port", "0"]
    variables = {"CONNECT_EMULATOR_" + name: value for name, value in env.items()}
    done = serve_refused(tmp_path, *port, *memory, *args, env=variables)
    assert_one_clear_line(done, *says)


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve_refused(tmp_path, "--in-memory", "--port", str(port))
    assert_one_clear_line(done, f"cannot listen on 127.0.0.1:{port}", "another --port")


def test_a_wrong_variable_the_command_line_overrides_stops_nothing() -> None:
    # EmulatorProcess passes --port 0 and --data-dir: the variables below are never read.
    env = {"CONNECT_EMULATOR_PORT": "abc", "CONNECT_EMULATOR_DATA_DIR": "/dev/null/x"}
    with EmulatorProcess(env=env) as server:
        assert connect_client(server.url).list_instances()["InstanceSummaryList"] == []


# --- The README's options tables against the one declaration (cli.OPTIONS) ---------------

README = Path(__file__).resolve().parents[2] / "README.md"
_CELL_CODE = re.compile(r"`([^`]*)`")


def _option_rows() -> list[tuple[bool, list[str]]]:
    """Every row of the README's tables whose first column is "option": whether the table
    has a default column, and the row's cells [option, variable, (default)]."""
    rows: list[tuple[bool, list[str]]] = []
    header: list[str] | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if header is None:
            header = cells
        elif header[0] == "option" and not set(cells[0]) <= {"-", " "}:
            rows.append(("default" in header, cells[: 3 if "default" in header else 2]))
    return rows


def _flags(cell: str) -> list[str]:
    return [m.split()[0] for m in _CELL_CODE.findall(cell) if m.startswith("--")]


def _variables(cell: str) -> list[str]:
    # `..._NAME` abbreviates CONNECT_EMULATOR_NAME; `NAME=1` shows how a switch is set.
    found = [m.split("=")[0] for m in _CELL_CODE.findall(cell)]
    return [v.replace("..._", "CONNECT_EMULATOR_", 1) for v in found if v]


def _documented_default(cell: str) -> object:
    """A literal in backquotes, else a word: "off" (a switch), anything else no value."""
    code = _CELL_CODE.findall(cell)
    if code:
        return code[0]
    return False if cell.lower() == "off" else None


def _same_default(documented: object, declared: object) -> bool:
    if isinstance(declared, bool) or declared is None or isinstance(documented, bool | None):
        return documented is declared
    assert isinstance(documented, str)
    if isinstance(declared, Path):
        return Path(documented) == declared
    if isinstance(declared, int | float):
        return float(documented) == declared
    return documented == declared


def test_every_setting_is_one_declared_option() -> None:
    assert {o.setting for o in OPTIONS} == {f.name for f in fields(Settings)}
    variables = [o.variable for o in OPTIONS]
    assert len(set(variables)) == len(variables)
    assert all(v.startswith("CONNECT_EMULATOR_") for v in variables)


def test_the_readme_lists_exactly_the_declared_options_variables_and_defaults() -> None:
    declared = {o.flag: o for o in OPTIONS}
    listed: set[str] = set()
    variables: dict[str, set[str]] = {}
    defaults: dict[str, list[object]] = {}
    for has_default, cells in _option_rows():
        flags = _flags(cells[0])
        assert flags, f"a README options row names no option: {cells}"
        listed.update(flags)
        named = _variables(cells[1])
        # One variable for each option of the row, in order, or none ("see Quotas").
        assert named == [] or len(named) == len(flags), f"README row {cells}"
        for flag, variable in zip(flags, named, strict=False):
            variables.setdefault(flag, set()).add(variable)
        if has_default and len(flags) == 1:
            defaults.setdefault(flags[0], []).append(_documented_default(cells[2]))
    assert listed == set(declared), "README options tables vs cli.OPTIONS"
    for flag, option in declared.items():
        assert variables.get(flag) == {option.variable}, f"{flag}: README {variables.get(flag)}"
        documented = defaults.get(flag, [])
        assert documented, f"{flag}: no default in the README"
        for value in documented:
            assert _same_default(value, option.fallback), f"{flag}: README {value!r}"
