"""Phone numbers through the AWS SDK for JavaScript v3: search, claim, the asynchronous
status, the flow association, a move, tags and the release
(``tests/clients/js/phone_numbers.mjs``)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, node_env, require_node_modules

SCENARIO = JS_DIR / "phone_numbers.mjs"

# Every check phone_numbers.mjs makes: a check that silently went missing fails the test too.
EXPECTED_CHECKS = {
    "paginateSearchAvailablePhoneNumbers walks a bounded inventory under the prefix",
    "ClaimPhoneNumber returns the account-level ARN",
    "DescribePhoneNumber reaches CLAIMED with the target, country and tags",
    "claiming a held number is InvalidParameterException 400",
    "a ClientToken reused with other input is IdempotencyException 409",
    "paginateListPhoneNumbersV2 lists the instance's numbers in order",
    "ListPhoneNumbers shows the legacy ARN inside the instance",
    "ListFlowAssociations shows the number's ARN and the flow's ARN",
    "tags on the phone number ARN",
    "the legacy ARN cannot be tagged: ResourceNotFoundException 404",
    "UpdatePhoneNumber moves the number to the other instance",
    "after ReleasePhoneNumber the number is IN_PROGRESS, then 404, never CLAIMED",
    "an unknown number is ResourceNotFoundException 404",
}


@pytest.fixture(scope="module")
def js_server() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_phone_numbers_with_the_js_sdk(js_server: RunningEmulator) -> None:
    node = require_node_modules()
    done = subprocess.run(
        [node, SCENARIO.name],
        check=False,
        cwd=JS_DIR,
        env=node_env(
            AWS_ACCESS_KEY_ID="444444444444",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_REGION="eu-west-2",
            CONNECT_ENDPOINT=js_server.endpoint,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"phone_numbers.mjs printed no report\nstdout:\n{done.stdout}\n{done.stderr}")
    problems = [f"FAILED {c['name']}: {c['detail']}" for c in report["checks"] if not c["ok"]]
    missing = EXPECTED_CHECKS - {c["name"] for c in report["checks"]}
    problems += [f"MISSING {name}" for name in sorted(missing)]
    assert not problems, "\n".join(problems) + f"\nstderr:\n{done.stderr}"
    assert done.returncode == 0, done.stderr
