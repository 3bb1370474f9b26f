"""Approved origins: the web origins that may embed the instance's chat widget and contact
control panel, kept exactly as given (Terraform matches them with ``==``; quota: 100 per
instance)."""

from __future__ import annotations

from connect_emulator.domain.errors import InvalidParameter
from connect_emulator.domain.model import Caller
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import (
    associate,
    disassociate,
    integration_family,
    page,
)
from connect_emulator.resources.family import Params, Result

KEY = "approved_origin"


def _associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    origin = params["Origin"]
    # The model sets no minimum length: an empty or spaced origin names no domain.
    if not origin or any(character.isspace() for character in origin):
        raise InvalidParameter(f"Origin {origin!r} is not a domain (https://example.com).")
    associate(
        engine,
        caller,
        params,
        APPROVED_ORIGINS,
        operation="AssociateApprovedOrigin",
        body={"Origin": origin},
        taken=f"Origin {origin} is already approved for the instance.",
    )
    return None


def _list(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(
        engine, caller, params, APPROVED_ORIGINS, operation="ListApprovedOrigins", size=25
    )
    return {"Origins": [r.body["Origin"] for r in records], "NextToken": token}


def _disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    origin = params["Origin"]
    missing = f"Origin {origin} is not approved for the instance."
    disassociate(engine, caller, params, APPROVED_ORIGINS, value=origin, missing=missing)
    return None


APPROVED_ORIGINS = integration_family(
    KEY,
    "Approved origin",
    "Origin",
    {
        "AssociateApprovedOrigin": _associate,
        "ListApprovedOrigins": _list,
        "DisassociateApprovedOrigin": _disassociate,
    },
)
