"""Every configuration under examples/terraform, applied by real Terraform to a real server.

The cycle, for each: ``apply``; ``plan`` shows no change (a member read back differently from
what was sent would be a perpetual diff); an in-place edit of several resources and ``apply``;
``plan`` shows no change again; ``destroy``; and nothing of it is left, through boto3. The
tests apply the example files themselves (only the endpoint is overridden), so the examples
can never rot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess
from tests.terraform.conftest import EXAMPLES
from tests.terraform.scenarios import SCENARIOS
from tests.terraform.tool import Terraform, Workspace, cli_config

# The account of the examples' access key "test" (examples/terraform/README.md).
ACCOUNT = "000000000000"


def example_names() -> list[str]:
    return sorted(d.name for d in EXAMPLES.iterdir() if d.is_dir() and any(d.glob("*.tf")))


def test_every_example_has_a_scenario() -> None:
    assert example_names(), f"no example under {EXAMPLES}"
    assert set(example_names()) == set(SCENARIOS)


def test_the_readme_shows_the_provider_block_and_links_every_example() -> None:
    provider = (EXAMPLES / "instance" / "provider.tf").read_text(encoding="utf-8")
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert f"```hcl\n{provider}```" in readme
    # The offline set-up the README shows is the one these tests use.
    assert f"```hcl\n{cli_config(Path('/opt/tf-plugins'))}```" in readme
    for name in example_names():
        assert (EXAMPLES / name / "provider.tf").read_text(encoding="utf-8") == provider
        assert f"]({name}/)" in readme, f"README.md does not link {name}/"


@pytest.mark.terraform
def test_examples_are_formatted(terraform: Terraform) -> None:
    Workspace(terraform, EXAMPLES).run("fmt", "-check", "-diff", "-recursive", "-no-color")


def _resource_count(run_output: str, verb: str) -> int:
    found = re.search(rf"(\d+) {verb}", run_output)
    assert found, run_output
    return int(found[1])


@pytest.mark.terraform
@pytest.mark.slow
@pytest.mark.parametrize("example", example_names())
def test_example_applies_plans_clean_changes_in_place_and_destroys(
    example: str,
    make_workspace: Callable[[str], Workspace],
    terraform_server: EmulatorProcess,
) -> None:
    scenario = SCENARIOS[example]
    connect = connect_client(terraform_server.url)
    if scenario.progression is not None:
        ControlClient(terraform_server.url).set_lifecycle(ACCOUNT, scenario.progression)
    workspace = make_workspace(example)

    applied = workspace.apply()
    created = workspace.managed()
    assert created
    assert "Apply complete! Resources: " in applied.stdout
    assert _resource_count(applied.stdout, "added") == len(created)
    scenario.applied(connect, workspace.outputs())

    plan = workspace.plan()
    assert plan.returncode == 0, f"a change right after apply:\n{plan.stdout}"

    workspace.write("zz_edit_override.tf", scenario.edit)
    edited = workspace.apply()
    assert f"Resources: 0 added, {scenario.changed} changed, 0 destroyed." in edited.stdout
    scenario.edited(connect, workspace.outputs())

    plan = workspace.plan()
    assert plan.returncode == 0, f"a change right after the edit's apply:\n{plan.stdout}"

    arns = [r["attributes"]["arn"] for r in workspace.managed() if r["attributes"].get("arn")]
    outputs = workspace.outputs()
    destroyed = workspace.destroy()
    assert f"Destroy complete! Resources: {len(created)} destroyed." in destroyed.stdout
    assert workspace.managed() == []
    assert connect.list_instances()["InstanceSummaryList"] == []
    for arn in arns:
        with pytest.raises(ClientError) as gone:
            connect.list_tags_for_resource(resourceArn=arn)
        assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException", arn
    if scenario.destroyed is not None:
        scenario.destroyed(connect, outputs)
