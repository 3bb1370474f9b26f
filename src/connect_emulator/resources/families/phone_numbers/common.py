"""What the phone-number modules share: the storage key, the statuses and pending steps a
number's body holds, its account-level ARN and view, and the checks several operations make."""

from __future__ import annotations

import re
from typing import Any

from connect_emulator.domain.errors import InUse, InvalidInput, InvalidParameter
from connect_emulator.domain.model import Caller, instance_arn
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.arns import account_arn
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Params, Result

KEY = "phone_number"
SEGMENT = "phone-number"
IN_PROGRESS, CLAIMED, FAILED = "IN_PROGRESS", "CLAIMED", "FAILED"
# The step a number waits for (not shown by any answer): a claim (or a move, which ends as a
# claim does) or its release.
STEP, CLAIM, RELEASE = "Step", "claim", "release"
DESCRIPTION = "PhoneNumberDescription"
# The role of the reference to the number's flow.
FLOW = "ContactFlowId"
# Rows read at a time when the instance's numbers are counted.
BATCH = 100
_PREFIX = re.compile(r"\+[0-9]{1,11}")


def number_arn(caller: Caller, number_id: str) -> str:
    return account_arn(caller.region, caller.account, SEGMENT, number_id)


def releasing(record: ResourceRecord) -> bool:
    """Whether the number is being released: it answers as not found but to the release."""
    return record.body.get(STEP) == RELEASE


def ids(caller: Caller, number_id: str) -> Result:
    return {"PhoneNumberId": number_id, "PhoneNumberArn": number_arn(caller, number_id)}


def view(caller: Caller, record: ResourceRecord) -> dict[str, Any]:
    """What Describe shows; the List summaries are cut from it by the provider."""
    body = record.body
    return {
        "PhoneNumberId": record.id,
        "PhoneNumberArn": number_arn(caller, record.id),
        "PhoneNumber": body["PhoneNumber"],
        "PhoneNumberCountryCode": body["PhoneNumberCountryCode"],
        "PhoneNumberType": body["PhoneNumberType"],
        DESCRIPTION: body.get(DESCRIPTION),
        "TargetArn": instance_arn(caller.region, caller.account, record.instance_id),
        "InstanceId": record.instance_id,
        "Tags": record.tags,
        "PhoneNumberStatus": {"Status": body["Status"], "Message": body.get("Message")},
    }


def prefix(params: Params) -> str | None:
    value = params.get("PhoneNumberPrefix")
    if value is not None and not _PREFIX.fullmatch(value):
        raise InvalidParameter(
            f"PhoneNumberPrefix {value!r} must be + and 1 to 11 digits: it must contain + "
            "as part of the country code."
        )
    return value


def settled(record: ResourceRecord, caller: Caller) -> None:
    """The number must not be IN_PROGRESS (ResourceInUseException)."""
    if record.body["Status"] == IN_PROGRESS:
        raise InUse(
            f"Phone number {record.id} is IN_PROGRESS: wait until its claim or update is done.",
            "PHONE_NUMBER",
            number_arn(caller, record.id),
        )


def decode(engine: ResourceService, pages: str, token: str | None) -> int:
    """A NextToken's position (InvalidParameterException when it is not one of ours)."""
    if token is None:
        return 0
    try:
        return engine.pages.decode(pages, token)
    except InvalidInput as error:
        raise InvalidParameter(error.message) from None
