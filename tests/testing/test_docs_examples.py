"""Every example of docs/clients.md runs, as written, against a fresh emulator.

Each fenced block there follows a marker ``<!-- example: NAME -->``; the address
``http://127.0.0.1:4577`` in it becomes the test emulator's. Python blocks run in this
process, shell blocks in bash with the venv's ``aws`` and ``python`` first on PATH, the
JavaScript block in Node.js, and the pytest blocks as a small pytest session. The Terraform
block cannot run here (no Terraform): its settings are checked instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, node_env, require_node_modules

DOC = Path(__file__).parents[2] / "docs" / "clients.md"
DOC_ENDPOINT = "http://127.0.0.1:4577"
EXAMPLE = re.compile(
    r"<!-- example: (?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<code>.*?)^```$", re.S | re.M
)
PYTHON = {"boto3", "boto3-retries", "testing"}
SHELL = {"boto3-environment", "cli"}
OTHER = {"javascript", "terraform", "pytest-test", "pytest-conftest"}


def examples() -> dict[str, tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    return {m["name"]: (m["lang"], m["code"]) for m in EXAMPLE.finditer(text)}


def code_of(name: str, endpoint: str = DOC_ENDPOINT) -> str:
    return examples()[name][1].replace(DOC_ENDPOINT, endpoint)


@pytest.fixture
def emu() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_every_code_block_is_an_example_this_module_runs() -> None:
    text = DOC.read_text(encoding="utf-8")
    fences = re.findall(r"^```\w+$", text, re.M)
    found = examples()
    assert len(fences) == len(found), "a code block without an example marker"
    assert set(found) == PYTHON | SHELL | OTHER


@pytest.mark.parametrize("name", sorted(PYTHON))
def test_python_example(
    name: str, emu: RunningEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert examples()[name][0] == "python"
    code = compile(code_of(name, emu.endpoint), f"{DOC.name}:{name}", "exec")
    exec(code, {"__name__": f"example_{name.replace('-', '_')}"})
    printed = capsys.readouterr().out
    if name == "testing":
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+\n", printed)
    else:
        # The examples left their instances in the emulator the test gave them.
        listed = emu.client().list_instances()["InstanceSummaryList"]
        assert len(listed) == (5 if name == "boto3" else 0)


def run_shell(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_shell_example_boto3_environment(emu: RunningEmulator) -> None:
    assert examples()["boto3-environment"][0] == "sh"
    emu.client().create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="seen-through-the-variable",
        InboundCallsEnabled=False,
        OutboundCallsEnabled=False,
    )
    done = run_shell(code_of("boto3-environment", emu.endpoint))
    assert done.returncode == 0, done.stderr
    assert "'InstanceAlias': 'seen-through-the-variable'" in done.stdout


def test_shell_example_cli(emu: RunningEmulator) -> None:
    assert examples()["cli"][0] == "sh"
    done = run_shell(code_of("cli", emu.endpoint))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert '"Id": "' in done.stdout  # create-instance's JSON
    assert "my-cli-centre" in lines
    assert lines[-1] == "exit status 255"
    assert "An error occurred (ResourceNotFoundException) when calling the DescribeInstance" in (
        done.stderr
    )


def test_javascript_example(emu: RunningEmulator) -> None:
    node = require_node_modules()
    assert examples()["javascript"][0] == "js"
    done = subprocess.run(
        [node, "--input-type=module"],
        check=False,
        input=code_of("javascript", emu.endpoint),
        cwd=JS_DIR,
        env=node_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"(CREATION_IN_PROGRESS|ACTIVE) \d{4}-\d\d-\d\dT[\d:.]+Z", lines[0])
    assert lines[1:] == ["[ 'my-js-centre' ]", "ResourceNotFoundException 404"]


def test_pytest_examples(pytester: pytest.Pytester) -> None:
    conftest = examples()["pytest-conftest"][1]
    tests = examples()["pytest-test"][1]
    assert conftest.startswith("# conftest.py\n")
    assert tests.startswith("# test_contact_centre.py\n")
    pytester.makeconftest(conftest)
    pytester.makepyfile(test_contact_centre=tests)
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-W", "error"
    )
    result.assert_outcomes(passed=3)


def test_the_terraform_example_has_every_setting_it_needs() -> None:
    lang, code = examples()["terraform"]
    assert lang == "hcl"
    settings = {
        "skip_credentials_validation = true",
        "skip_requesting_account_id  = true",
        "skip_metadata_api_check     = true",
        'access_key = "test"',
        'secret_key = "test"',
        'region     = "us-east-1"',
        f'connect = "{DOC_ENDPOINT}"',
    }
    missing = {s for s in settings if s not in code}
    assert not missing
