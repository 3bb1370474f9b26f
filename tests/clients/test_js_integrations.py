"""The integrations of an instance through the AWS SDK for JavaScript v3: a representative
path per family and their errors (``tests/clients/js/integrations.mjs``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.testing import RunningEmulator, emulator
from tests.clients.node import JS_DIR, run_checks

SCENARIO = JS_DIR / "integrations.mjs"

# Every check integrations.mjs makes: a check that silently went missing fails the test too.
EXPECTED_CHECKS = {
    "AssociateInstanceStorageConfig returns a 64-hex AssociationId",
    "DescribeInstanceStorageConfig returns the S3 config",
    "paginateListInstanceStorageConfigs lists the config of its resource type",
    "UpdateInstanceStorageConfig changes the bucket",
    "a second config for a resource type is ResourceConflictException 409",
    "a storage type the resource type does not take is InvalidParameterException 400",
    "another resourceType for the AssociationId is ResourceNotFoundException 404",
    "DisassociateInstanceStorageConfig removes it",
    "paginateListLambdaFunctions lists the functions in order",
    "a function twice is ResourceConflictException 409",
    "DisassociateLambdaFunction of an unknown function is ResourceNotFoundException 404",
    "paginateListApprovedOrigins lists the origins",
    "ListBots V1 lists the bot associated by AssociateLexBot",
    "ListBots V2 lists the alias associated by AssociateBot",
    "DisassociateBot (a POST with a body) removes the V1 bot",
    "ListSecurityKeys has the key with CreationTime as a Date",
    "ListAnalyticsDataLakeDataSets lists contact_record",
    "AssociateAnalyticsDataSet returns a RAM share ARN",
    "BatchAssociateAnalyticsDataSet answers Created and Errors",
    "ListAnalyticsDataAssociations lists the associations",
}


@pytest.fixture(scope="module")
def js_server() -> Iterator[RunningEmulator]:
    with emulator() as running:
        yield running


def test_a_path_through_every_integration_with_the_js_sdk(js_server: RunningEmulator) -> None:
    run_checks(SCENARIO.name, js_server.endpoint, "444444444444", "eu-west-2", EXPECTED_CHECKS)
