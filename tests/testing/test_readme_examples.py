"""Every example of the README runs as written (the address becomes the test server's)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

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


def test_the_control_api_walkthrough(emu: RunningEmulator) -> None:
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
    # Everything the walkthrough did to the account was reset at its end.
    assert emu.client().list_instances()["InstanceSummaryList"] == []


def test_the_pytest_example(pytester: pytest.Pytester) -> None:
    code = examples()["readme-pytest"]
    assert code.startswith("# test_contact_centre.py\n")
    pytester.makepyfile(test_contact_centre=code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=1)


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
