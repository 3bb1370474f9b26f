"""How a caller may name an instance: by its id, or by its full ARN (CloudFormation does).

An ARN for another account or region names nothing the caller can see, so it is "not found",
exactly like an unknown id: the emulator never reveals that another account's instance exists.
"""

from __future__ import annotations

import re

from connect_emulator.domain.errors import InvalidInput, NotFound
from connect_emulator.domain.model import Caller

_INSTANCE_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"instance/(?P<id>[A-Za-z0-9-]+)"
)


def parse_instance_reference(caller: Caller, reference: str) -> str:
    """The instance id that ``reference`` names for ``caller``."""
    if not reference.startswith("arn:"):
        return reference
    match = _INSTANCE_ARN.fullmatch(reference)
    if match is None:
        raise InvalidInput(f"Invalid instance ARN: {reference}")
    if match["region"] != caller.region or match["account"] != caller.account:
        raise NotFound(f"Instance {reference} not found")
    return match["id"]
