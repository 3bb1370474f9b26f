"""A CREATION_FAILED instance, described as AWS describes one, read by boto3, the AWS CLI and
the JavaScript SDK v3.

AWS's own answer (a DescribeInstance body captured in hashicorp/terraform-provider-aws#31684)
has the id, ARN, status and reason, and every other member an explicit null; Terraform's
provider crashed on the null CreatedTime. Each client must read that body as AWS's.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from connect_emulator.testing import RunningEmulator, emulator, wait_for_status
from tests.clients.cli import Cli
from tests.clients.node import JS_DIR, node_env, require_node_modules
from tests.integration.helpers import create
from tests.support.raw import send

ACCOUNT = "313131313131"
REASON = "Instance creation failed due to directory issue, please refer to documentation."
# What every client shows of a failed instance: the nulls read as absent members.
SHOWN = {"Id", "Arn", "InstanceStatus", "StatusReason", "Tags"}


@dataclass(frozen=True)
class Failed:
    emu: RunningEmulator
    id: str
    arn: str


@pytest.fixture(scope="module")
def failed() -> Iterator[Failed]:
    with emulator() as emu:
        emu.control.fail_next_creations(1, reason=REASON, account=ACCOUNT)
        connect = emu.client(account=ACCOUNT)
        created = create(connect, Tags={"team": "blue"})
        wait_for_status(connect, created["Id"], "CREATION_FAILED")
        yield Failed(emu, created["Id"], created["Arn"])


def test_the_body_is_aws_s_with_explicit_nulls(failed: Failed) -> None:
    reply = send(failed.emu.endpoint, "GET", f"/instance/{failed.id}", access_key=ACCOUNT)
    assert reply.status == 200
    instance = reply.json()["Instance"]
    # The members AWS sent (JSON leaves their order free); Tags are the instance's own
    # (docs/decisions.md).
    assert instance == {
        "Id": failed.id,
        "Arn": failed.arn,
        "IdentityManagementType": None,
        "InstanceAlias": None,
        "InstanceAccessUrl": None,
        "CreatedTime": None,
        "ServiceRole": None,
        "InstanceStatus": "CREATION_FAILED",
        "StatusReason": {"Message": REASON},
        "InboundCallsEnabled": None,
        "OutboundCallsEnabled": None,
        "Tags": {"team": "blue"},
    }
    listed = send(failed.emu.endpoint, "GET", "/instance", access_key=ACCOUNT)
    [summary] = listed.json()["InstanceSummaryList"]
    assert summary == {
        "Id": failed.id,
        "Arn": failed.arn,
        "IdentityManagementType": None,
        "InstanceAlias": None,
        "InstanceAccessUrl": None,
        "CreatedTime": None,
        "ServiceRole": None,
        "InstanceStatus": "CREATION_FAILED",
        "InboundCallsEnabled": None,
        "OutboundCallsEnabled": None,
    }


def test_boto3_reads_the_nulls_as_absent_members(failed: Failed) -> None:
    connect = failed.emu.client(account=ACCOUNT)
    instance = connect.describe_instance(InstanceId=failed.id)["Instance"]
    assert set(instance) == SHOWN
    assert instance["StatusReason"] == {"Message": REASON}
    [summary] = connect.list_instances()["InstanceSummaryList"]
    assert set(summary) == {"Id", "Arn", "InstanceStatus"}
    # The tag set is the one ListTagsForResource shows.
    assert connect.list_tags_for_resource(resourceArn=failed.arn)["tags"] == instance["Tags"]


def test_the_aws_cli_prints_what_aws_s_body_holds(failed: Failed) -> None:
    cli = Cli(failed.emu.endpoint, ACCOUNT)
    instance = cli.json("connect", "describe-instance", "--instance-id", failed.id)["Instance"]
    assert set(instance) == SHOWN
    assert instance["InstanceStatus"] == "CREATION_FAILED"
    [summary] = cli.json("connect", "list-instances")["InstanceSummaryList"]
    assert set(summary) == {"Id", "Arn", "InstanceStatus"}


def test_the_js_sdk_reads_the_nulls_as_absent_members(failed: Failed) -> None:
    node = require_node_modules()
    done = subprocess.run(
        [node, "describe.mjs"],
        check=False,
        cwd=JS_DIR,
        env=node_env(
            CONNECT_ENDPOINT=failed.emu.endpoint,
            INSTANCE_ID=failed.id,
            AWS_ACCESS_KEY_ID=ACCOUNT,
            AWS_SECRET_ACCESS_KEY="test",
            AWS_REGION="us-east-1",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert set(seen["instanceKeys"]) == SHOWN
    assert seen["instance"]["StatusReason"] == {"Message": REASON}
    assert seen["summaryKeys"] == ["Arn", "Id", "InstanceStatus"]
