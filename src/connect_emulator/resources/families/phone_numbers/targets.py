"""The instance a phone-number request names, by ``TargetArn`` or ``InstanceId`` (both: the
same one), or the instance a number must be claimed to (the flow operations)."""

from __future__ import annotations

import re
from collections.abc import Callable

from connect_emulator.domain.errors import DomainError, InvalidInput, InvalidParameter, NotFound
from connect_emulator.domain.model import Caller, Instance
from connect_emulator.domain.references import parse_instance_reference
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.family import Params

_PARTITION = r"arn:aws[a-z-]*:connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
_INSTANCE_ARN = re.compile(_PARTITION + r"instance/(?P<id>[A-Za-z0-9-]+)")
_GROUP_ARN = re.compile(_PARTITION + r"traffic-distribution-group/[A-Za-z0-9-]+")


def target(
    account: AccountScope, params: Params, missing: Callable[[str], DomainError]
) -> Instance:
    """The live instance that ``TargetArn`` or ``InstanceId`` names; ``missing`` when none is."""
    named = {
        _target_id(account.caller, params["TargetArn"], missing)
        if params.get("TargetArn")
        else None,
        _instance_id(account.caller, params["InstanceId"]) if params.get("InstanceId") else None,
    } - {None}
    if not named:
        raise InvalidParameter("You must enter InstanceId or TargetArn.")
    if len(named) > 1:
        raise InvalidParameter("InstanceId and TargetArn name different instances.")
    reference = named.pop()
    assert reference is not None
    instance = account.instance(reference)
    if instance is None:
        raise missing(f"Instance {reference} not found, or not ACTIVE.")
    return instance


def in_instance(caller: Caller, record: ResourceRecord, reference: str) -> None:
    """The number must be claimed to the instance the request names."""
    try:
        instance_id = parse_instance_reference(caller, reference)
    except InvalidInput as error:
        raise InvalidParameter(error.message) from None
    if instance_id != record.instance_id:
        raise NotFound(f"Phone number {record.id} is not claimed to instance {reference}.")


def _target_id(caller: Caller, arn: str, missing: Callable[[str], DomainError]) -> str:
    match = _INSTANCE_ARN.fullmatch(arn)
    if match is None:
        if _GROUP_ARN.fullmatch(arn):
            raise missing(f"Traffic distribution group {arn} not found.")
        raise InvalidParameter(f"TargetArn {arn} is not the ARN of an instance.")
    if (match["account"], match["region"]) != (caller.account, caller.region):
        raise missing(f"Instance {arn} not found.")
    return match["id"]


def _instance_id(caller: Caller, reference: str) -> str:
    try:
        return parse_instance_reference(caller, reference)
    except NotFound:
        return ""  # no instance has this id: not found like any unknown one
    except InvalidInput as error:
        raise InvalidParameter(error.message) from None
