"""Real Terraform against a real server: the configurations under examples/terraform.

Each test gets a server of its own (a second to start; nothing of another test can be in
what it checks), and a copy of an example in its temporary directory, so a developer's own
``terraform apply`` in examples/terraform leaves nothing the tests would read, and the tests
leave nothing there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.server import EmulatorProcess
from tests.terraform.tool import Terraform, Workspace, require_terraform

EXAMPLES = Path(__file__).parents[2] / "examples" / "terraform"

# Short, but not immediate: the provider's waiters see CREATION_IN_PROGRESS (and a deleted
# instance still there) at least once, as they would on AWS, for well under a second.
PROVISIONING_DELAY = 0.2
DELETION_DELAY = 0.2


def emulator_override(url: str) -> str:
    """An override file (merged over the example's provider block, whose endpoint is the
    README's 4577): the test's own server instead, everything else as the example has it."""
    return f'provider "aws" {{\n  endpoints {{\n    connect = "{url}"\n  }}\n}}\n'


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    return require_terraform(tmp_path_factory.mktemp("terraform"))


@pytest.fixture
def terraform_server(terraform: Terraform) -> Iterator[EmulatorProcess]:
    # Depends on ``terraform`` so that a skip comes before a server is started for nothing.
    with EmulatorProcess(
        "--provisioning-delay",
        str(PROVISIONING_DELAY),
        "--deletion-delay",
        str(DELETION_DELAY),
    ) as process:
        yield process


@pytest.fixture
def make_workspace(
    terraform: Terraform, terraform_server: EmulatorProcess, tmp_path: Path
) -> Callable[[str], Workspace]:
    """``make_workspace("instance")``: examples/terraform/instance copied, pointed at the
    test's server, initialised (offline, from the mirror)."""

    def make(example: str) -> Workspace:
        directory = tmp_path / example
        shutil.copytree(
            EXAMPLES / example,
            directory,
            ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*", "*_override.tf"),
        )
        workspace = Workspace(terraform, directory)
        workspace.write("zz_emulator_override.tf", emulator_override(terraform_server.url))
        workspace.init()
        return workspace

    return make
