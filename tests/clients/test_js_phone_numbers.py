"""Phone numbers through the AWS SDK for JavaScript v3: search, claim, the asynchronous
status, the flow association, a move, tags and the release
(``tests/clients/js/phone_numbers.mjs``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, run_checks

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
    run_checks(SCENARIO.name, js_server.endpoint, "444444444444", "eu-west-2", EXPECTED_CHECKS)
