"""The Terraform block of docs/clients.md, run as written (tests/testing runs the page's other
examples and checks this one's settings; running it needs Terraform, so it is here).

Apply and destroy only: the same resource's clean plans are test_examples.py's, and each
terraform command costs seconds (the provider starts several times in each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess
from tests.terraform.tool import Terraform, Workspace
from tests.testing.test_docs_examples import code_of


@pytest.mark.terraform
@pytest.mark.slow
def test_the_clients_page_terraform_example_applies_and_destroys(
    terraform: Terraform, terraform_server: EmulatorProcess, tmp_path: Path
) -> None:
    workspace = Workspace(terraform, tmp_path)
    workspace.write("main.tf", code_of("terraform", terraform_server.url))
    workspace.init()
    workspace.apply()
    [instance] = workspace.managed()
    connect = connect_client(terraform_server.url)
    described = connect.describe_instance(InstanceId=instance["attributes"]["id"])["Instance"]
    assert (described["InstanceAlias"], described["InstanceStatus"]) == (
        "my-terraform-centre",
        "ACTIVE",
    )
    workspace.destroy()
    assert workspace.managed() == []
    assert connect.list_instances()["InstanceSummaryList"] == []
