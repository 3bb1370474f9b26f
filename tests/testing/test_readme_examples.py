"""Every example of the README runs as written (the address becomes the test server's)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.support.clients import connect_client
from tests.support.postgres import require_server

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
ENDPOINT = "http://127.0.0.1:4577"
EXAMPLE = re.compile(
    r"<!-- example: (?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<code>.*?)^```$", re.S | re.M
)


def examples() -> dict[str, str]:
    return {m["name"]: m["code"] for m in EXAMPLE.finditer(README.read_text("utf-8"))}


@pytest.fixture
def emu() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_every_code_block_is_an_example() -> None:
    text = README.read_text("utf-8")
    assert len(re.findall(r"^```\w+$", text, re.M)) == len(examples())
    assert set(examples()) == {
        "readme-commands",
        "readme-boto3",
        "readme-credentials",
        "readme-control",
        "readme-pytest",
        "readme-postgres",
    }


def shell_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CONNECT_EMULATOR_"))}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def serve_until_ready(
    command: str, cwd: Path, ready: Path, *, in_memory: bool = True
) -> subprocess.Popen[bytes]:
    """Runs a README line that starts the server, configured only through the environment."""
    env = shell_env(CONNECT_EMULATOR_PORT="0", CONNECT_EMULATOR_READY_FILE=str(ready))
    if in_memory:
        env["CONNECT_EMULATOR_IN_MEMORY"] = "1"
    process = subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not (ready.exists() and ready.read_text().strip()):
        assert process.poll() is None, "the server exited"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_the_serve_command(tmp_path: Path) -> None:
    lines = [line.split("#")[0].strip() for line in examples()["readme-commands"].splitlines()]
    assert lines == ["./scripts/serve", "./scripts/test"]  # .ci/run runs the second one
    process = serve_until_ready(lines[0], ROOT, tmp_path / "ready")
    try:
        url = (tmp_path / "ready").read_text().strip()
        assert connect_client(url).list_instances()["InstanceSummaryList"] == []
    finally:
        stop(process)


def test_serve_needs_python_only_and_reads_paths_from_where_it_is_run(tmp_path: Path) -> None:
    # A copy of the scripts around this checkout's installed .venv; a failing npm in front.
    repo, here, fake_bin = tmp_path / "repo", tmp_path / "here", tmp_path / "bin"
    lock = "tests/clients/js/package-lock.json"
    for name in ("scripts/serve", "scripts/install", "pyproject.toml", lock):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv" / "bin").mkdir(parents=True)
    for program in ("python", "connect-emulator"):
        (repo / ".venv" / "bin" / program).symlink_to(ROOT / ".venv" / "bin" / program)
    stamp = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (repo / ".venv" / f".installed-{stamp}").touch()
    fake_bin.mkdir()
    npm_ran = tmp_path / "npm-ran"
    (fake_bin / "npm").write_text(f"#!/bin/sh\ntouch {npm_ran}\nexit 1\n")
    (fake_bin / "npm").chmod(0o755)
    here.mkdir()
    (here / "credentials.json").write_text(
        '{"AKIDALICE": {"secret_access_key": "alice-secret", "account_id": "111111111111"}}'
    )
    command = f'PATH="{fake_bin}:$PATH" {repo}/scripts/serve --credentials credentials.json'
    process = serve_until_ready(command, here, here / "ready")
    try:
        url = (here / "ready").read_text().strip()
        alice = connect_client(url, access_key="AKIDALICE", secret_key="alice-secret")
        assert alice.list_instances()["InstanceSummaryList"] == []
    finally:
        stop(process)
    assert not npm_ran.exists()


def test_the_boto3_example(emu: RunningEmulator) -> None:
    code = examples()["readme-boto3"].replace(ENDPOINT, emu.endpoint)
    scope: dict[str, object] = {}
    exec(compile(code, "README.md:readme-boto3", "exec"), scope)
    [summary] = emu.client().list_instances()["InstanceSummaryList"]
    assert summary["InstanceAlias"] == "my-contact-centre"


def test_the_credentials_example(tmp_path: Path) -> None:
    process = serve_until_ready(examples()["readme-credentials"], tmp_path, tmp_path / "ready")
    try:
        url = (tmp_path / "ready").read_text().strip()
        alice = connect_client(url, access_key="AKIDALICE", secret_key="alice-secret")
        assert alice.list_instances()["InstanceSummaryList"] == []
        with pytest.raises(alice.exceptions.ClientError) as raised:
            connect_client(url, access_key="AKIDALICE", secret_key="wrong").list_instances()
        assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"
    finally:
        stop(process)


def server_state(emu: RunningEmulator, *accounts: str) -> dict[str, Any]:
    """What the control API and ListInstances show of the server, account by account."""
    control = emu.control
    state: dict[str, Any] = {
        "offset": control.clock()["offset"],
        "faults": control.faults(),
        "failures": control.failure_rules(),
        "directories": control.directories(),
    }
    for account in accounts:
        state[account] = {
            "instances": emu.client(account=account).list_instances()["InstanceSummaryList"],
            "lifecycle": control.lifecycle(account),
            "limits": control.limits(account),
        }
    return state


def test_the_control_api_walkthrough(emu: RunningEmulator) -> None:
    # A server in use: the walkthrough must leave all of this as it found it.
    other, walked = "999999999999", "111122223333"
    emu.control.advance_clock(5)
    emu.control.set_faults([{"operations": [], "rate": 0.0, "error": "ThrottlingException"}])
    emu.control.fail_next_creations(1, reason="later", account=other)
    emu.control.declare_directory(other, "d-0000000001")
    emu.control.set_lifecycle(other, "manual")
    emu.client(account=other).create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="in-use",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    before = server_state(emu, other, walked)

    code = examples()["readme-control"].replace(ENDPOINT, emu.endpoint)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code],
        env=shell_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"status":"ok"' in done.stdout
    assert '"outcome":"CREATION_FAILED"' in done.stdout
    assert '"instance_quota":10' in done.stdout
    assert '"reason":"Trust broken"' in done.stdout
    assert server_state(emu, other, walked) == before


def test_the_pytest_example(pytester: pytest.Pytester) -> None:
    code = examples()["readme-pytest"]
    assert code.startswith("# test_contact_centre.py\n")
    pytester.makepyfile(test_contact_centre=code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=1)


@pytest.mark.postgres
def test_the_postgres_example(tmp_path: Path) -> None:
    database = f"connect_emulator_readme_{uuid.uuid4().hex[:12]}"
    code = examples()["readme-postgres"].replace("connect_emulator ", database + " ")
    code = code.replace("/connect_emulator\n", f"/{database}\n")
    assert code.count(database) == 2
    require_server()  # the example assumes PostgreSQL on 127.0.0.1:5432, as CI has
    process = serve_until_ready(code, tmp_path, tmp_path / "ready", in_memory=False)
    try:
        url = (tmp_path / "ready").read_text().strip()
        connect = connect_client(url)
        created = connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias=f"readme-{database[-12:]}",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
        # Any of the four processes answers for the instance.
        for _ in range(8):
            found = connect_client(url).describe_instance(InstanceId=created["Id"])
            assert found["Instance"]["Id"] == created["Id"]
    finally:
        stop(process)
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database],
            check=False,
            capture_output=True,
        )
