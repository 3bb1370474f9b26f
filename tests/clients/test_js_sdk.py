"""The AWS SDK for JavaScript v3 (``@aws-sdk/client-connect``) against a real server.

``tests/clients/js/scenario.mjs`` runs every implemented operation and every error the
emulator produces through an unmodified client and prints a JSON list of checks; each run
here asserts that every expected check is there and passed. The server is this module's own
(in this process): the scenario injects faults through the control API.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients import node
from tests.clients.node import JS_DIR, node_env, require_node_modules

SCENARIO = JS_DIR / "scenario.mjs"

# Every check scenario.mjs makes: a check that silently went missing fails the test too.
EXPECTED_CHECKS = {
    "CreateInstance returns an id",
    "CreateInstance returns the ARN of the caller's account and region",
    "CreateInstance answers 200",
    "CreateInstance has a request id",
    "DescribeInstance has the id",
    "DescribeInstance has the alias",
    "DescribeInstance has the identity type",
    "DescribeInstance has the call flags",
    "DescribeInstance has a status",
    "DescribeInstance has the tags",
    "CreatedTime is a Date",
    "CreatedTime is when the instance was created",
    "DescribeInstance accepts the ARN",
    "paginateListInstances walks pages of 2",
    "paginateListInstances lists every instance once, in creation order",
    "ListInstances returns a NextToken",
    "ListInstances summaries carry CreatedTime as a Date",
    "TagResource adds tags",
    "UntagResource removes tags",
    "DeleteInstance answers 200",
    "a deleted instance is gone",
    "a deleted instance is no longer listed",
    "a too long alias is InvalidRequestException 400",
    "an alias in use is InvalidRequestException 400",
    "an unknown instance is ResourceNotFoundException 404",
    "tags of a deleted instance are ResourceNotFoundException 404",
    "an operation the emulator lacks is NotImplementedException 501",
    "an injected throttle is ThrottlingException 429",
    "the SDK retries a throttle (maxAttempts 2)",
    "other operations are not throttled",
    "an injected internal error is InternalServiceException 500",
    "cleared faults fail nothing",
}


@pytest.fixture(scope="module")
def js_server() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def run_scenario(node: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [node, SCENARIO.name],
        check=False,
        cwd=JS_DIR,
        env=node_env(AWS_SECRET_ACCESS_KEY="test", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"scenario.mjs exited {done.returncode} without a report\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    failed = [c for c in report["checks"] if not c["ok"]]
    missing = EXPECTED_CHECKS - {c["name"] for c in report["checks"]}
    problems = [f"FAILED {c['name']}: {c['detail']}" for c in failed]
    problems += [f"MISSING {name}" for name in sorted(missing)]
    assert not problems, "\n".join(problems) + f"\nstderr:\n{done.stderr}"
    assert done.returncode == 0, done.stderr
    return report


@pytest.mark.parametrize(
    ("how", "account", "region"),
    [
        pytest.param("endpoint", "111111111111", "us-east-1", id="explicit-endpoint"),
        pytest.param(
            "AWS_ENDPOINT_URL_CONNECT", "222222222222", "eu-west-2", id="AWS_ENDPOINT_URL_CONNECT"
        ),
    ],
)
def test_every_operation_and_error_through_the_js_sdk(
    js_server: RunningEmulator, how: str, account: str, region: str
) -> None:
    node = require_node_modules()
    js_server.reset()
    env = {
        "AWS_ACCESS_KEY_ID": account,
        "AWS_REGION": region,
        "CONNECT_EMULATOR_CONTROL_URL": js_server.endpoint,
    }
    if how == "endpoint":
        env["CONNECT_ENDPOINT"] = js_server.endpoint
    else:
        env["AWS_ENDPOINT_URL_CONNECT"] = js_server.endpoint

    report = run_scenario(node, env)

    assert report["endpoint"] == (js_server.endpoint if how == "endpoint" else None)
    # The instance the scenario kept is what boto3 sees, to the millisecond.
    kept = report["kept"]
    boto3_view = js_server.client(region=region, account=account).describe_instance(
        InstanceId=kept["id"]
    )["Instance"]
    assert boto3_view["Arn"] == kept["arn"]
    as_js_saw_it = dt.datetime.fromtimestamp(kept["createdTimeMs"] / 1000, dt.UTC)
    assert boto3_view["CreatedTime"] == as_js_saw_it
    assert boto3_view["Tags"] == {"env": "test"}
    # The scenario cleared its faults; its instances are its account's alone.
    once = js_server.client(region=region, account=account, retries={"total_max_attempts": 1})
    assert kept["id"] in [s["Id"] for s in once.list_instances()["InstanceSummaryList"]]
    assert js_server.client(region=region).list_instances()["InstanceSummaryList"] == []


def test_without_the_install_the_js_tests_fail_and_say_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "package.json").write_text((JS_DIR / "package.json").read_text())
    monkeypatch.setattr(node, "JS_DIR", tmp_path)
    with pytest.raises(pytest.fail.Exception, match=r"missing: run \./scripts/install"):
        node.require_node_modules()
    installed = tmp_path / "node_modules" / "@aws-sdk" / "client-connect"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text('{"version": "3.0.0"}')
    with pytest.raises(
        pytest.fail.Exception, match=r"3\.0\.0 is installed.*run \./scripts/install"
    ):
        node.require_node_modules()
