"""Every operation of every declared family, with the model's sample inputs (every optional
member too, and only the required ones), on an instance with its defaults: answers are 2xx or
a 4xx in the AWS error shape, never a 5xx, and the instance keeps answering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from connect_emulator.resources.families import FAMILIES
from connect_emulator.resources.operations import family_operations
from tests.resources.conftest import ActiveInstance
from tests.unit.protocol.oracle import sample_input

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

MODEL = botocore.session.get_session().get_service_model("connect")
OPERATIONS = sorted({name for family in FAMILIES for name in family_operations(family)})


def _default_ids(connect: ConnectClient, instance: ActiveInstance) -> dict[str, str]:
    """An existing id for each path member that names a resource, from the defaults."""
    ids: dict[str, str] = {}
    for family in FAMILIES:
        if family.list is None:
            continue
        listed = getattr(connect, xform_name(family.list))(InstanceId=instance.id)
        summaries = listed.get(family.list_member) or []
        if summaries:
            ids[family.id_param] = summaries[0]["Id"]
    return ids


@pytest.mark.parametrize("full", [True, False], ids=["every-member", "required-only"])
def test_no_operation_answers_a_5xx_to_the_models_samples(
    raw: ConnectClient, instance: ActiveInstance, full: bool
) -> None:
    existing = _default_ids(raw, instance)
    statuses: dict[str, int] = {}
    unnamed: list[str] = []
    for name in OPERATIONS:
        operation = MODEL.operation_model(name)
        params: dict[str, Any] = sample_input(operation, full=full)
        # Account-level operations (phone numbers) have no InstanceId.
        if operation.input_shape is not None and "InstanceId" in operation.input_shape.members:
            params["InstanceId"] = instance.id
        for member in params:
            if member in existing:
                params[member] = existing[member]
        try:
            reply = getattr(raw, xform_name(name))(**params)
            statuses[name] = reply["ResponseMetadata"]["HTTPStatusCode"]
        except ClientError as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            statuses[name] = status
            if not (error.response["Error"]["Code"] and error.response["Error"]["Message"]):
                unnamed.append(name)
    failures = {name: status for name, status in statuses.items() if status >= 500}
    assert failures == {}
    assert unnamed == []  # every error has a code and a message
    assert len(statuses) == len(OPERATIONS)
    # Some samples get through validation and the handlers, not only to the first check.
    assert sum(status == 200 for status in statuses.values()) >= 10, statuses
    assert raw.list_queues(InstanceId=instance.id)["QueueSummaryList"]
