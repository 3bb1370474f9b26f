"""Node.js and the JavaScript SDK installed by ./scripts/install in tests/clients/js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

JS_DIR = Path(__file__).parent / "js"


def require_node_modules() -> str:
    """The path of ``node``; fails (never skips) when Node.js or the SDK is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: the JavaScript client tests need Node.js 20+.")
    pinned = json.loads((JS_DIR / "package.json").read_text())["dependencies"][
        "@aws-sdk/client-connect"
    ]
    installed = JS_DIR / "node_modules" / "@aws-sdk" / "client-connect" / "package.json"
    if not installed.exists():
        pytest.fail(
            f"{JS_DIR / 'node_modules'} is missing: run ./scripts/install "
            "(it runs npm ci there; needs Node.js 20+ and npm)."
        )
    version = json.loads(installed.read_text())["version"]
    if version != pinned:
        pytest.fail(
            f"@aws-sdk/client-connect {version} is installed, package.json pins {pinned}: "
            "run ./scripts/install."
        )
    return node


def node_env(**extra: str) -> dict[str, str]:
    """The environment without the developer's AWS settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CONNECT_"))}
    env.update(
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    env.update(extra)
    return env


def run_checks(
    scenario: str, endpoint: str, account: str, region: str, expected: set[str]
) -> dict[str, Any]:
    """Runs ``js/<scenario>`` against ``endpoint`` as ``account`` in ``region``; fails the
    test unless every check it printed passed and every ``expected`` check is among them (a
    check that silently went missing fails too). Returns the scenario's report."""
    node = require_node_modules()
    done = subprocess.run(
        [node, scenario],
        check=False,
        cwd=JS_DIR,
        env=node_env(
            AWS_ACCESS_KEY_ID=account,
            AWS_SECRET_ACCESS_KEY="test",
            AWS_REGION=region,
            CONNECT_ENDPOINT=endpoint,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"{scenario} printed no report\nstdout:\n{done.stdout}\n{done.stderr}")
    problems = [f"FAILED {c['name']}: {c['detail']}" for c in report["checks"] if not c["ok"]]
    missing = expected - {c["name"] for c in report["checks"]}
    problems += [f"MISSING {name}" for name in sorted(missing)]
    assert not problems, "\n".join(problems) + f"\nstderr:\n{done.stderr}"
    assert done.returncode == 0, done.stderr
    return report
