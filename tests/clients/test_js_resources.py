"""The resources inside an instance through the AWS SDK for JavaScript v3: a representative
path per family and the engine's errors (``tests/clients/js/resources.mjs``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, run_checks

SCENARIO = JS_DIR / "resources.mjs"

# Every check resources.mjs makes: a check that silently went missing fails the test too.
EXPECTED_CHECKS = {
    "CreateHoursOfOperation returns the ARN under the instance",
    "paginateListHoursOfOperations lists the defaults and the new hours",
    "DescribeHoursOfOperation by ARN has LastModifiedTime as a Date",
    "a duplicate name is DuplicateResourceException 409",
    "DescribeQueue shows the rename, the hours and the status",
    "paginateListQueues lists the STANDARD queues",
    "deleting hours a queue uses is ResourceInUseException 409",
    "a queue on unknown hours is ResourceNotFoundException 404",
    "DescribeContactFlow returns the content as sent",
    "invalid published content is InvalidContactFlowException 400 with problems",
    "CreateContactFlowModule sent again with its ClientToken answers the same module",
    "DescribeContactFlowModule by ARN returns the content as sent",
    "invalid module content is InvalidContactFlowModuleException 400 with Problems",
    "ListQueueQuickConnects lists the quick connect",
    "ListRoutingProfileQueues shows the queue config",
    "ListSecurityProfilePermissions lists the permissions",
    "a hierarchy group is made on level one of the structure",
    "DescribeUser has the username, routing profile and group",
    "DescribeUser never returns a password",
    "CreatePrompt returns PromptARN",
    "CreateAgentStatus returns AgentStatusARN",
    "UpdateAgentStatus changes what DescribeAgentStatus shows",
    "tags on a queue ARN",
}


@pytest.fixture(scope="module")
def js_server() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_a_path_through_every_family_with_the_js_sdk(js_server: RunningEmulator) -> None:
    run_checks(SCENARIO.name, js_server.endpoint, "333333333333", "eu-west-2", EXPECTED_CHECKS)
