"""Custom vocabularies through the AWS SDK for JavaScript v3: the asynchronous steps as a
script polls them, the paginators and the model's errors (``tests/clients/js/vocabularies.mjs``).
The account's controls are set here, through the control API, before the script runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, run_checks

SCENARIO = JS_DIR / "vocabularies.mjs"
ACCOUNT = "444455556666"

# Every check vocabularies.mjs makes: a check that silently went missing fails the test too.
EXPECTED_CHECKS = {
    "CreateVocabulary answers CREATION_IN_PROGRESS and the ARN under the instance",
    "a repeated ClientToken answers the same vocabulary",
    "the waiter sees CREATION_IN_PROGRESS, then ACTIVE",
    "DescribeVocabulary has LastModifiedTime as a Date",
    "DescribeVocabulary shows the name, content and tags",
    "tags on the vocabulary ARN",
    "a taken name is ResourceConflictException 409",
    "a planned failure ends CREATION_FAILED with its FailureReason",
    "past the quota is ServiceQuotaExceededException 402",
    "paginateSearchVocabularies walks every page",
    "SearchVocabularies filters by State and shows no Content",
    "paginateListDefaultVocabularies lists the default",
    "deleting the default is ResourceInUseException 409 naming the instance",
    "DeleteVocabulary answers DELETE_IN_PROGRESS",
    "the delete waiter sees DELETE_IN_PROGRESS, then 404",
    "a vocabulary gone is ResourceNotFoundException 404",
}


@pytest.fixture(scope="module")
def js_server() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_vocabularies_with_the_js_sdk(js_server: RunningEmulator) -> None:
    control = js_server.control
    # Steps slow enough for the script's waiters to see them in progress.
    control.set_lifecycle(ACCOUNT, "delay", provisioning_delay=0.3, deletion_delay=0.3)
    control.fail_next_steps(
        "vocabulary", reason="Unusable table", account=ACCOUNT, name_pattern="js-failing*"
    )
    control.set_limits(ACCOUNT, resource_quotas={"vocabulary": 3})
    run_checks(SCENARIO.name, js_server.endpoint, ACCOUNT, "eu-west-2", EXPECTED_CHECKS)
