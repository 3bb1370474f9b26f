"""An instance whose creation fails after CreateInstance answered 200 (as it can on AWS):
``terraform apply`` fails with the instance's StatusReason, the instance stays in the state
(tainted), and ``terraform destroy`` then removes it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import ClientError

from connect_emulator.control import ControlClient
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess
from tests.terraform.tool import Workspace

REASON = "Directory d-9067a1b2c3 is unreachable: the trust relationship is broken"


@pytest.fixture
def instance_workspace(make_workspace: Callable[[str], Workspace]) -> Workspace:
    return make_workspace("instance")


@pytest.mark.terraform
@pytest.mark.slow
def test_a_failed_creation_fails_apply_with_its_reason_and_destroy_removes_it(
    instance_workspace: Workspace, terraform_server: EmulatorProcess
) -> None:
    connect = connect_client(terraform_server.url)
    ControlClient(terraform_server.url).fail_next_creations(1, reason=REASON)

    failed = instance_workspace.apply_failing()
    assert "unexpected state 'CREATION_FAILED', wanted target 'ACTIVE'" in failed.flat
    assert REASON in failed.flat
    [instance] = instance_workspace.managed()
    assert instance["status"] == "tainted"  # the next apply would replace it
    described = connect.describe_instance(InstanceId=instance["attributes"]["id"])["Instance"]
    assert described["InstanceStatus"] == "CREATION_FAILED"
    assert described.get("StatusReason", {}).get("Message") == REASON

    destroyed = instance_workspace.destroy()
    assert "Destroy complete! Resources: 1 destroyed." in destroyed.stdout
    assert instance_workspace.managed() == []
    assert connect.list_instances()["InstanceSummaryList"] == []
    with pytest.raises(ClientError) as gone:
        connect.describe_instance(InstanceId=instance["attributes"]["id"])
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
