"""SearchAvailablePhoneNumbers: numbers of the fake inventory (phone_inventory.py) that the
account does not hold (claimed, being claimed or being released), at most 10 a page; the
target instance must exist, as AWS checks."""

from __future__ import annotations

from connect_emulator.domain.errors import InvalidParameter
from connect_emulator.domain.model import Caller
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families import phone_inventory as inventory
from connect_emulator.resources.families.phone_numbers.common import FAILED, KEY, decode, prefix
from connect_emulator.resources.families.phone_numbers.targets import target
from connect_emulator.resources.family import Params, Result

# How many numbers a search offers beyond those the account holds among them: AWS answers a
# search with a handful, and a paginator must come to an end.
_INVENTORY = 100
_SEARCH_PAGE = 10


def search(engine: ResourceService, caller: Caller, params: Params) -> Result:
    country, number_type = params["PhoneNumberCountryCode"], params["PhoneNumberType"]
    wanted = prefix(params)
    limit = params.get("MaxResults") or _SEARCH_PAGE
    with engine.reading_account(caller) as account:
        target(account, params, InvalidParameter)
        offered = inventory.offer(country, number_type, wanted)
        if offered is None:
            return {"AvailableNumbersList": []}
        held = _held(account)
        window = min(len(offered.values), _INVENTORY + sum(map(offered.holds, held)))
        pages = f"SearchAvailablePhoneNumbers/{caller.account}/{caller.region}/{country}/" + (
            f"{number_type}/{wanted or ''}"
        )
        index = decode(engine, pages, params.get("NextToken"))
        found: list[str] = []
        while index < window and len(found) <= limit:
            number = offered.number(index)
            if number not in held:
                found.append(number)
            index += 1
        more = len(found) > limit
        return {
            "AvailableNumbersList": [
                {
                    "PhoneNumber": number,
                    "PhoneNumberCountryCode": country,
                    "PhoneNumberType": number_type,
                }
                for number in found[:limit]
            ],
            # The next page starts at the number this one found beyond itself.
            "NextToken": engine.pages.encode(pages, index - 1) if more else None,
        }


def _held(account: AccountScope) -> set[str]:
    """The account's numbers that are claimed, being claimed or being released."""
    return {
        record.body["PhoneNumber"]
        for record in account.records(account.family(KEY), leaving=True)
        if record.body["Status"] != FAILED
    }
