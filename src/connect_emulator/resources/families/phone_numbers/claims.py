"""A phone number's lifecycle: ClaimPhoneNumber (IN_PROGRESS, then a step), UpdatePhoneNumber
(to another instance, or the same to retry a failed claim: IN_PROGRESS again, then as a
claim; its flow stays behind), UpdatePhoneNumberMetadata (the description, at once) and
ReleasePhoneNumber (IN_PROGRESS, then a removal step), each in one account-level write."""

from __future__ import annotations

import re

from connect_emulator.domain.errors import InvalidParameter, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families import phone_inventory as inventory
from connect_emulator.resources.families.phone_numbers.common import (
    CLAIM,
    DESCRIPTION,
    FAILED,
    FLOW,
    IN_PROGRESS,
    KEY,
    RELEASE,
    STEP,
    ids,
    settled,
)
from connect_emulator.resources.families.phone_numbers.idempotency import remember, replayed
from connect_emulator.resources.families.phone_numbers.targets import target
from connect_emulator.resources.family import Params, Result

# ClaimPhoneNumber's ClientToken is documented as a UUID (Terraform makes one for that reason).
_UUID = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}")


def claim(engine: ResourceService, caller: Caller, params: Params) -> Result:
    number = params["PhoneNumber"]
    token = params.get("ClientToken")
    if token is not None and not _UUID.fullmatch(token):
        raise InvalidParameter(f"ClientToken {token!r} must be a UUID (lower-case hex).")
    described = inventory.describe_number(number)
    if described is None:
        raise InvalidParameter(f"PhoneNumber {number} is not an E.164 number of a known country.")

    def work(account: AccountScope) -> Result:
        previous = replayed(account, "ClaimPhoneNumber", params)
        if previous is not None:
            return ids(caller, previous.resource_id)
        family = account.family(KEY)
        instance = target(account, params, NotFound)
        for record in account.records(family, leaving=True):
            if record.body["PhoneNumber"] != number:
                continue
            if record.body["Status"] != FAILED:
                raise InvalidParameter(
                    f"PhoneNumber {number} is not available: this account holds it (claimed, or "
                    "being claimed or released)."
                )
            # A failed claim holds nothing: claiming the number again starts afresh.
            account.tx.delete_resource(record.instance_id, KEY, record.id)
        country, number_type = described
        request = {
            "PhoneNumber": number,
            "PhoneNumberCountryCode": country,
            "PhoneNumberType": number_type,
            "Status": IN_PROGRESS,
            STEP: CLAIM,
            "Tags": params.get("Tags"),
        }
        if params.get(DESCRIPTION) is not None:
            request[DESCRIPTION] = params[DESCRIPTION]
        scope = account.scope(instance)
        record = scope.create(family, request, check_quota=False)
        scope.schedule_step(family, record, name=number)
        remember(account, "ClaimPhoneNumber", params, record.id)
        return ids(caller, record.id)

    return engine.write_account(caller, work)


def update(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(account: AccountScope) -> Result:
        previous = replayed(account, "UpdatePhoneNumber", params)
        if previous is not None:
            return ids(caller, previous.resource_id)
        family = account.family(KEY)
        scope, record = account.get(family, params["PhoneNumberId"])
        settled(record, caller)
        instance = target(account, params, NotFound)
        body = {**record.body, "Status": IN_PROGRESS, STEP: CLAIM}
        body.pop("Message", None)
        if instance.id == record.instance_id:
            scope.save(family, record, body)
        else:
            # Only the number moves: its flow stays behind (the model's UpdatePhoneNumber doc),
            # so its references go with the row it leaves.
            account.tx.delete_resource(record.instance_id, KEY, record.id)
            record.instance_id, record.body, record.modified_at = instance.id, body, account.now
            account.tx.insert_resources([record])
            scope = account.scope(instance)
        scope.schedule_step(family, record, name=body["PhoneNumber"])
        remember(account, "UpdatePhoneNumber", params, record.id)
        return ids(caller, record.id)

    return engine.write_account(caller, work)


def update_metadata(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(account: AccountScope) -> None:
        if replayed(account, "UpdatePhoneNumberMetadata", params) is not None:
            return
        family = account.family(KEY)
        scope, record = account.get(family, params["PhoneNumberId"])
        settled(record, caller)
        if params.get(DESCRIPTION) is not None:
            scope.save(family, record, {**record.body, DESCRIPTION: params[DESCRIPTION]})
        remember(account, "UpdatePhoneNumberMetadata", params, record.id)

    return engine.write_account(caller, work)


def release(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(account: AccountScope) -> None:
        if replayed(account, "ReleasePhoneNumber", params) is not None:
            return
        family = account.family(KEY)
        scope, record = account.get(family, params["PhoneNumberId"], leaving=True)
        # Released again while the release is pending: answered the same, nothing more planned.
        if record.body.get(STEP) != RELEASE:
            body = {**record.body, "Status": IN_PROGRESS, STEP: RELEASE}
            body.pop("Message", None)
            scope.save(family, record, body)
            account.tx.drop_refs(scope.instance_id, KEY, record.id, FLOW)
            scope.schedule_step(family, record, name=body["PhoneNumber"], removal=True)
        remember(account, "ReleasePhoneNumber", params, record.id)

    return engine.write_account(caller, work)
