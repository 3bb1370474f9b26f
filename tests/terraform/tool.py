"""Real Terraform, with the AWS provider from a local filesystem mirror, run offline.

Where Terraform or the provider is missing, the tests skip, saying what to install; when
``CI`` is set that is a failure instead, so CI can never pass by skipping them (as with
PostgreSQL, tests/support/postgres.py).

Which provider: ``CONNECT_EMULATOR_TEST_TERRAFORM_MIRROR`` (a directory laid out as
``terraform providers mirror`` writes it, packed or unpacked), else the directories Terraform
itself searches as implicit local mirrors, and /opt/tf-plugins (where this project's CI
image keeps it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROVIDER = "registry.terraform.io/hashicorp/aws"
PROVIDER_VERSION = "5.100.0"
MIRROR_ENV = "CONNECT_EMULATOR_TEST_TERRAFORM_MIRROR"
# Read at import: the tests' clean-environment fixture removes CONNECT_EMULATOR_* variables.
_CONFIGURED_MIRROR = os.environ.get(MIRROR_ENV)
_IN_CI = bool(os.environ.get("CI"))

# One terraform command; a whole apply against the emulator takes about ten seconds, most of
# it the provider starting (it builds the schemas of every AWS resource each time).
COMMAND_TIMEOUT = 120

INSTALL_TERRAFORM = (
    "install Terraform 1.11 (https://developer.hashicorp.com/terraform/install) so that "
    "`terraform` is on PATH"
)
INSTALL_PROVIDER = (
    f"put the AWS provider {PROVIDER_VERSION} in a local mirror: with network access, run "
    "`terraform providers mirror -platform=OS_ARCH DIR` in examples/terraform/instance, then "
    f"set {MIRROR_ENV}=DIR"
)


def _mirror_candidates() -> list[Path]:
    if _CONFIGURED_MIRROR:
        return [Path(_CONFIGURED_MIRROR)]
    home = Path.home()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    data_dirs = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    candidates = [
        home / ".terraform.d" / "plugins",
        data_home / "terraform" / "plugins",
        *(Path(d) / "terraform" / "plugins" for d in data_dirs if d),
        Path("/opt/tf-plugins"),
    ]
    if sys.platform == "darwin":
        candidates[1:1] = [
            home / "Library" / "Application Support" / "io.terraform" / "plugins",
            Path("/Library/Application Support/io.terraform/plugins"),
        ]
    return candidates


def holds_provider(mirror: Path, target: str) -> bool:
    """Whether ``mirror`` has the pinned provider for ``target`` (e.g. linux_amd64), in
    either of the layouts Terraform reads: unpacked directories or packed zip files."""
    base = mirror / PROVIDER
    unpacked = base / PROVIDER_VERSION / target
    packed = base / f"terraform-provider-aws_{PROVIDER_VERSION}_{target}.zip"
    return packed.is_file() or (unpacked.is_dir() and any(unpacked.glob("terraform-provider-aws*")))


def cli_config(mirror: Path) -> str:
    """The CLI configuration that makes Terraform install the provider from ``mirror`` only:
    no registry, so nothing is downloaded (examples/terraform/README.md shows the same)."""
    return (
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f'    path    = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/*"]\n'
        "  }\n"
        "}\n"
    )


class TerraformFailed(Exception):
    """A terraform command exited with an error; the message holds its output."""

    def __init__(self, args: list[str], returncode: int, output: str) -> None:
        super().__init__(f"terraform {' '.join(args)} exited {returncode}:\n{output}")
        self.returncode = returncode
        self.output = output


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def flat(self) -> str:
        """The output with every run of whitespace one space: Terraform may wrap messages."""
        return " ".join(self.output.split())


@dataclass(frozen=True)
class Terraform:
    """The binary, the provider mirror and this session's CLI configuration and plugin cache."""

    binary: str
    mirror: Path
    config_dir: Path

    def env(self) -> dict[str, str]:
        # Nothing of the developer's Terraform or AWS settings (TF_CLI_ARGS, TF_VAR_*, a
        # profile, an endpoint in ~/.aws/config) may change what the tests see.
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("TF_", "AWS_", "CHECKPOINT_"))
        }
        env.update(
            TF_CLI_CONFIG_FILE=str(self.config_dir / "terraformrc"),
            # Shared by every init of the session: a packed mirror is unpacked once (an
            # unpacked one is only linked, by init and by the cache alike).
            TF_PLUGIN_CACHE_DIR=str(self.config_dir / "plugin-cache"),
            TF_IN_AUTOMATION="1",
            TF_INPUT="0",
            # No version check against checkpoint-api.hashicorp.com: offline, and quicker.
            CHECKPOINT_DISABLE="1",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        return env


def _locate() -> tuple[Terraform | None, str]:
    binary = shutil.which("terraform")
    if binary is None:
        return None, f"Terraform is not installed; to run these tests, {INSTALL_TERRAFORM}"
    try:
        done = subprocess.run(
            [binary, "version", "-json"],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "CHECKPOINT_DISABLE": "1"},
        )
        about = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return None, f"{binary} version -json failed ({error}); {INSTALL_TERRAFORM}"
    target = str(about["platform"])
    candidates = _mirror_candidates()
    mirror = next((m for m in candidates if holds_provider(m, target)), None)
    if mirror is None:
        looked = ", ".join(str(m) for m in candidates)
        return None, (
            f"the AWS provider {PROVIDER_VERSION} for {target} is in no local mirror (looked in "
            f"{looked}); to run these tests, {INSTALL_PROVIDER.replace('OS_ARCH', target)}"
        )
    return Terraform(binary, mirror, Path()), ""


_LOCATED: list[tuple[Terraform | None, str]] = []


def require_terraform(config_dir: Path) -> Terraform:
    """Terraform set up to run offline in ``config_dir``, or a skip (a failure in CI)."""
    if not _LOCATED:  # once per test run
        _LOCATED.append(_locate())
    found, reason = _LOCATED[0]
    if found is None:
        if _IN_CI:
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    (config_dir / "plugin-cache").mkdir(parents=True, exist_ok=True)
    (config_dir / "terraformrc").write_text(cli_config(found.mirror), encoding="utf-8")
    return Terraform(found.binary, found.mirror, config_dir)


class Workspace:
    """One working directory: a copy of a configuration, its state, its .terraform."""

    def __init__(self, terraform: Terraform, directory: Path) -> None:
        self.terraform = terraform
        self.directory = directory

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> Run:
        """``terraform ARGS`` here; an exit status outside ``ok`` raises TerraformFailed."""
        command = [self.terraform.binary, *args]
        # Its own session: on a timeout the provider plugins it started go with it.
        process = subprocess.Popen(
            command,
            cwd=self.directory,
            env=self.terraform.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            raise TerraformFailed(
                list(args), -1, f"timed out after {COMMAND_TIMEOUT} s\n{stdout}{stderr}"
            ) from None
        run = Run(process.returncode, stdout, stderr)
        if run.returncode not in ok:
            raise TerraformFailed(list(args), run.returncode, run.output)
        return run

    def init(self) -> Run:
        return self.run("init", "-input=false", "-no-color")

    def apply(self) -> Run:
        return self.run("apply", "-auto-approve", "-input=false", "-no-color")

    def apply_failing(self) -> Run:
        """An apply that must fail: its output, for the test to read the error."""
        run = self.run("apply", "-auto-approve", "-input=false", "-no-color", ok=(1,))
        assert "Apply complete!" not in run.stdout
        return run

    def plan(self) -> Run:
        """``plan -detailed-exitcode``: status 0 is no change, 2 is changes, 1 an error."""
        return self.run("plan", "-detailed-exitcode", "-input=false", "-no-color", ok=(0, 2))

    def destroy(self) -> Run:
        return self.run("destroy", "-auto-approve", "-input=false", "-no-color")

    def write(self, name: str, text: str) -> None:
        (self.directory / name).write_text(text, encoding="utf-8")

    def state(self) -> dict[str, Any]:
        """The local state as Terraform wrote it (format 4); read directly, because
        ``terraform show -json`` would start the provider for its schemas."""
        path = self.directory / "terraform.tfstate"
        if not path.exists():
            return {"resources": [], "outputs": {}}
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return state

    def outputs(self) -> dict[str, Any]:
        return {name: item["value"] for name, item in self.state().get("outputs", {}).items()}

    def managed(self) -> list[dict[str, Any]]:
        """Every managed resource instance in the state: type, name, status, attributes."""
        return [
            {
                "type": resource["type"],
                "name": resource["name"],
                "status": instance.get("status"),
                "attributes": instance["attributes"],
            }
            for resource in self.state().get("resources", [])
            if resource["mode"] == "managed"
            for instance in resource["instances"]
        ]
