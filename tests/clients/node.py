"""Node.js and the JavaScript SDK installed by ./scripts/install in tests/clients/js."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

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
