"""Reading claimed phone numbers: DescribePhoneNumber (by id or either ARN, even while it is
released), ListPhoneNumbersV2 (the account's, or one instance's, filtered by country, type and
prefix) and ListPhoneNumbers (the legacy form: one instance's, with the older types and the
legacy ARN inside the instance, which cannot be tagged)."""

from __future__ import annotations

from connect_emulator.domain.errors import NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.phone_numbers.common import (
    FAILED,
    KEY,
    decode,
    prefix,
    view,
)
from connect_emulator.resources.families.phone_numbers.targets import target
from connect_emulator.resources.family import Params, Result
from connect_emulator.resources.scope import DEFAULT_PAGE, kept_page, page_scope

# ListPhoneNumbers knows only the older types: the others show as these (the model's doc).
_LEGACY_TYPES = {
    "UIFN": "TOLL_FREE",
    "THIRD_PARTY_TF": "TOLL_FREE",
    "SHARED": "DID",
    "THIRD_PARTY_DID": "DID",
}


def describe(engine: ResourceService, caller: Caller, params: Params) -> Result:
    with engine.reading_account(caller) as account:
        _, record = account.get(account.family(KEY), params["PhoneNumberId"], leaving=True)
        return {"ClaimedPhoneNumberSummary": view(caller, record)}


def list_v2(engine: ResourceService, caller: Caller, params: Params) -> Result:
    wanted = prefix(params) or ""
    countries = set(params.get("PhoneNumberCountryCodes") or ())
    types = set(params.get("PhoneNumberTypes") or ())
    limit = params.get("MaxResults") or DEFAULT_PAGE
    with engine.reading_account(caller) as account:
        named = params.get("TargetArn") or params.get("InstanceId")
        instance_id = target(account, params, NotFound).id if named else None
        pages = page_scope("ListPhoneNumbersV2", caller, instance_id or "")
        after = decode(engine, pages, params.get("NextToken"))

        def keep(record: ResourceRecord) -> bool:
            body = record.body
            return (
                (not countries or body["PhoneNumberCountryCode"] in countries)
                and (not types or body["PhoneNumberType"] in types)
                and body["PhoneNumber"].startswith(wanted)
            )

        page, more = kept_page(
            account.records(account.family(KEY), instance_id, after), keep, limit
        )
        return {
            "ListPhoneNumbersSummaryList": [view(caller, record) for record in page],
            "NextToken": engine.pages.encode(pages, page[-1].seq) if more else None,
        }


def list_v1(engine: ResourceService, caller: Caller, params: Params) -> Result:
    countries = set(params.get("PhoneNumberCountryCodes") or ())
    types = set(params.get("PhoneNumberTypes") or ())
    limit = params.get("MaxResults") or DEFAULT_PAGE
    with engine.reading(caller, params["InstanceId"]) as scope:
        family = scope.family(KEY)
        pages = page_scope("ListPhoneNumbers", caller, scope.instance_id)
        after = decode(engine, pages, params.get("NextToken"))
        account = AccountScope(engine, scope.tx, caller, scope.now)

        def keep(record: ResourceRecord) -> bool:
            body = record.body
            return (
                body["Status"] != FAILED
                and (not countries or body["PhoneNumberCountryCode"] in countries)
                and (not types or _legacy_type(record) in types)
            )

        page, more = kept_page(account.records(family, scope.instance_id, after), keep, limit)
        summaries = [
            {
                "Id": record.id,
                # The legacy ARN, inside the instance.
                "Arn": f"{scope.instance_arn}/{family.arn_segment}/{record.id}",
                "PhoneNumber": record.body["PhoneNumber"],
                "PhoneNumberType": _legacy_type(record),
                "PhoneNumberCountryCode": record.body["PhoneNumberCountryCode"],
            }
            for record in page
        ]
        return {
            "PhoneNumberSummaryList": summaries,
            "NextToken": engine.pages.encode(pages, page[-1].seq) if more else None,
        }


def _legacy_type(record: ResourceRecord) -> str:
    number_type: str = record.body["PhoneNumberType"]
    return _LEGACY_TYPES.get(number_type, number_type)
