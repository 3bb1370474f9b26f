"""The AWS CLI v1 (``awscli`` from PyPI, installed in the venv) run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

# The venv's own CLI; ``python -m awscli`` is exactly what the ``aws`` script runs.
AWS = [sys.executable, "-m", "awscli"]


@dataclass(frozen=True)
class CliResult:
    command: list[str]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.returncode == 0, self.explain()
        return json.loads(self.stdout) if self.stdout.strip() else None

    def explain(self) -> str:
        return (
            f"aws {' '.join(self.command)} exited {self.returncode}\n"
            f"stdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        )


@dataclass(frozen=True)
class Cli:
    """``aws --endpoint-url <url> ...`` with credentials of ``account`` and no config files."""

    endpoint: str
    account: str
    region: str = "us-east-1"
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ACCESS_KEY_ID=self.account,
            AWS_SECRET_ACCESS_KEY="test",
            AWS_DEFAULT_REGION=self.region,
            AWS_DEFAULT_OUTPUT="json",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_PAGER="",
        )
        env.update(self.extra_env)
        return env

    def run(self, *args: str) -> CliResult:
        command = ["--endpoint-url", self.endpoint, *args]
        done = subprocess.run(
            [*AWS, *command],
            check=False,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        return CliResult(command, done.returncode, done.stdout, done.stderr)

    def json(self, *args: str) -> Any:
        return self.run(*args).json()


def run_all(*calls: tuple[Cli, list[str]]) -> list[CliResult]:
    """Runs independent commands at the same time: the CLI takes a second to start."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call[0].run(*call[1]), calls))
