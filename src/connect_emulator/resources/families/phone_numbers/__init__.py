"""Phone numbers: claimed to an instance, yet addressed at the account level.

Their paths name no instance and their ARN is ``arn:aws:connect:{region}:{account}:
phone-number/{id}`` (``account_level``); still, each number belongs to the instance it is
claimed to (its ``TargetArn``), is kept among that instance's resources and goes with it
(DeleteInstance releases the instance's numbers). Every operation is a handler of its own over
the engine's ``AccountScope`` (``ResourceService.write_account``: the account's lock, then
the rows of the instances touched), in the modules beside this declaration:

    search.py       SearchAvailablePhoneNumbers (the fake inventory, phone_inventory.py)
    claims.py       ClaimPhoneNumber, UpdatePhoneNumber, UpdatePhoneNumberMetadata,
                    ReleasePhoneNumber (idempotency.py: their ClientToken; targets.py: the
                    instance a request names)
    steps.py        the asynchronous step: a claim's outcome (CLAIMED, or FAILED with a
                    message), or the release (then 404, never CLAIMED)
    listing.py      DescribePhoneNumber, ListPhoneNumbersV2, ListPhoneNumbers (legacy)
    flows.py        Associate/DisassociatePhoneNumberContactFlow, ListFlowAssociations
    common.py       the key, statuses, ARN and view they share

Tags are on the account-level ARN, through the engine (resources/tagging.py); the legacy
instance-scoped ARN ListPhoneNumbers shows cannot be tagged, as the model says. A number
being released (``leaving``) answers as not found to all but its Describe and release.
"""

from __future__ import annotations

from connect_emulator.resources.families.phone_numbers import claims, flows, listing, search
from connect_emulator.resources.families.phone_numbers.common import KEY, SEGMENT, releasing
from connect_emulator.resources.families.phone_numbers.steps import advance
from connect_emulator.resources.family import Family

PHONE_NUMBERS = Family(
    key=KEY,
    arn_segment=SEGMENT,
    account_level=True,
    noun="Phone number",
    create="ClaimPhoneNumber",
    describe="DescribePhoneNumber",
    list="ListPhoneNumbersV2",
    delete="ReleasePhoneNumber",
    id_param="PhoneNumberId",
    wrapper="ClaimedPhoneNumberSummary",
    id_member="PhoneNumberId",
    arn_member="PhoneNumberArn",
    created=("PhoneNumberId", "PhoneNumberArn"),
    list_member="ListPhoneNumbersSummaryList",
    # The number names it (the console shows it); it is unique in the account, checked by
    # ClaimPhoneNumber.
    name_member="PhoneNumber",
    unique_name=False,
    subtype="PhoneNumberType",
    resource_type="PHONE_NUMBER",
    last_modified=False,
    advance=advance,
    leaving=releasing,
    extra={
        "SearchAvailablePhoneNumbers": search.search,
        "ClaimPhoneNumber": claims.claim,
        "DescribePhoneNumber": listing.describe,
        "ListPhoneNumbersV2": listing.list_v2,
        "ListPhoneNumbers": listing.list_v1,
        "UpdatePhoneNumber": claims.update,
        "UpdatePhoneNumberMetadata": claims.update_metadata,
        "ReleasePhoneNumber": claims.release,
        "AssociatePhoneNumberContactFlow": flows.associate,
        "DisassociatePhoneNumberContactFlow": flows.disassociate,
        "ListFlowAssociations": flows.list_associations,
    },
)
