"""Lex bots the instance's flows may use: V1 bots by name and Region (70 per instance, not
adjustable) and Lex V2 bot aliases by ARN (100 per instance), two families with a quota each.

AssociateLexBot / ListLexBots / DisassociateLexBot know only V1 bots; AssociateBot and
DisassociateBot (a POST with a body) take exactly one of ``LexBot`` and ``LexV2Bot``, and
ListBots lists the version its ``lexVersion`` asks for. A V1 bot associated one way is listed
and disassociated by the other.
"""

from __future__ import annotations

import json
import re
from typing import Any

from connect_emulator.domain.errors import InvalidInput
from connect_emulator.domain.model import Caller
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import (
    associate,
    disassociate,
    integration_family,
    page,
)
from connect_emulator.resources.family import Family, Params, Result

V1_KEY = "lex_bot"
V2_KEY = "lex_v2_bot"
_ALIAS_ARN = re.compile(
    r"arn:aws[a-z-]*:lex:[a-z0-9-]+:\d{12}:bot-alias/[A-Za-z0-9]{1,100}/[A-Za-z0-9]{1,100}"
)


def _v1_key(name: str, region: str) -> str:
    # Neither member has a pattern: JSON keeps any name and Region apart.
    return json.dumps([name, region])


def _v1_body(bot: dict[str, Any]) -> dict[str, Any]:
    name, region = bot["Name"], bot["LexRegion"]
    if not name or not region:
        raise InvalidInput("LexBot.Name and LexBot.LexRegion must not be empty.")
    return {"Name": name, "LexRegion": region, "BotKey": _v1_key(name, region)}


def _v1_missing(name: str, region: str) -> str:
    return f"Lex bot {name} ({region}) is not associated with the instance."


def _one_bot(params: Params) -> tuple[Family, dict[str, Any]]:
    """The family and body of the one bot an AssociateBot or DisassociateBot names."""
    v1, v2 = params.get("LexBot"), params.get("LexV2Bot")
    if v1 is not None and v2 is None:
        return LEX_BOTS, _v1_body(v1)
    if v1 is not None or v2 is None:
        raise InvalidInput("Give exactly one of LexBot and LexV2Bot.")
    alias = v2.get("AliasArn") or ""
    if not _ALIAS_ARN.fullmatch(alias):
        raise InvalidInput(
            f"LexV2Bot.AliasArn {alias!r} is not the ARN of a Lex V2 bot alias "
            "(arn:aws:lex:<region>:<account>:bot-alias/<bot id>/<alias id>)."
        )
    return LEX_V2_BOTS, {"AliasArn": alias}


def _taken(family: Family, body: dict[str, Any]) -> str:
    if family is LEX_BOTS:
        return f"Lex bot {body['Name']} ({body['LexRegion']}) is already associated."
    return f"Lex V2 bot alias {body['AliasArn']} is already associated."


# V1 only


def _associate_lex_bot(engine: ResourceService, caller: Caller, params: Params) -> Result:
    body = _v1_body(params["LexBot"])
    taken = _taken(LEX_BOTS, body)
    associate(engine, caller, params, LEX_BOTS, operation="AssociateLexBot", body=body, taken=taken)
    return None


def _list_lex_bots(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(engine, caller, params, LEX_BOTS, operation="ListLexBots", size=25)
    bots = [{"Name": r.body["Name"], "LexRegion": r.body["LexRegion"]} for r in records]
    return {"LexBots": bots, "NextToken": token}


def _disassociate_lex_bot(engine: ResourceService, caller: Caller, params: Params) -> Result:
    name, region = params["BotName"], params["LexRegion"]
    key = _v1_key(name, region)
    disassociate(engine, caller, params, LEX_BOTS, value=key, missing=_v1_missing(name, region))
    return None


# Either version


def _associate_bot(engine: ResourceService, caller: Caller, params: Params) -> Result:
    family, body = _one_bot(params)
    taken = _taken(family, body)
    associate(engine, caller, params, family, operation="AssociateBot", body=body, taken=taken)
    return None


def _list_bots(engine: ResourceService, caller: Caller, params: Params) -> Result:
    version = params["LexVersion"]
    family = LEX_BOTS if version == "V1" else LEX_V2_BOTS
    records, token = page(engine, caller, params, family, operation=f"ListBots/{version}", size=25)
    if family is LEX_BOTS:
        bots = [
            {"LexBot": {"Name": r.body["Name"], "LexRegion": r.body["LexRegion"]}} for r in records
        ]
    else:
        bots = [{"LexV2Bot": {"AliasArn": r.body["AliasArn"]}} for r in records]
    return {"LexBots": bots, "NextToken": token}


def _disassociate_bot(engine: ResourceService, caller: Caller, params: Params) -> Result:
    family, body = _one_bot(params)
    if family is LEX_BOTS:
        key, missing = body["BotKey"], _v1_missing(body["Name"], body["LexRegion"])
    else:
        key = body["AliasArn"]
        missing = f"Lex V2 bot alias {key} is not associated with the instance."
    disassociate(engine, caller, params, family, value=key, missing=missing)
    return None


LEX_BOTS = integration_family(
    V1_KEY,
    "Lex V1 bot",
    "BotKey",
    {
        "AssociateLexBot": _associate_lex_bot,
        "ListLexBots": _list_lex_bots,
        "DisassociateLexBot": _disassociate_lex_bot,
    },
)
LEX_V2_BOTS = integration_family(
    V2_KEY,
    "Lex V2 bot alias",
    "AliasArn",
    {
        "AssociateBot": _associate_bot,
        "ListBots": _list_bots,
        "DisassociateBot": _disassociate_bot,
    },
)
