"""A phone number's inbound flow: Associate/DisassociatePhoneNumberContactFlow (one flow of
type CONTACT_FLOW per CLAIMED number, kept as a non-blocking reference to it) and
ListFlowAssociations (an instance's numbers with their flows)."""

from __future__ import annotations

from connect_emulator.domain.errors import InvalidParameter
from connect_emulator.domain.model import Caller, instance_arn
from connect_emulator.domain.resource_records import Ref
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.phone_numbers.common import (
    CLAIMED,
    FLOW,
    KEY,
    number_arn,
)
from connect_emulator.resources.families.phone_numbers.targets import in_instance
from connect_emulator.resources.family import Params, Result

_VOICE = "VOICE_PHONE_NUMBER"


def associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(account: AccountScope) -> None:
        scope, record = account.get(account.family(KEY), params["PhoneNumberId"])
        in_instance(caller, record, params["InstanceId"])
        if record.body["Status"] != CLAIMED:
            raise InvalidParameter(
                f"Phone number {record.id} is {record.body['Status']}: only a CLAIMED number "
                "takes a flow."
            )
        flow = scope.get(scope.family("contact_flow"), params["ContactFlowId"])
        if flow.body.get("Type") != "CONTACT_FLOW":
            raise InvalidParameter(
                f"Flow {flow.id} is of type {flow.body.get('Type')}: a phone number takes an "
                "inbound flow (CONTACT_FLOW)."
            )
        account.tx.drop_refs(scope.instance_id, KEY, record.id, FLOW)
        account.tx.put_refs(
            scope.instance_id, KEY, record.id, [Ref(FLOW, flow.id, "contact_flow", flow.id, False)]
        )

    return engine.write_account(caller, work)


def disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    def work(account: AccountScope) -> None:
        scope, record = account.get(account.family(KEY), params["PhoneNumberId"])
        in_instance(caller, record, params["InstanceId"])
        account.tx.drop_refs(scope.instance_id, KEY, record.id, FLOW)

    return engine.write_account(caller, work)


def list_associations(engine: ResourceService, caller: Caller, params: Params) -> Result:
    resource_type = params.get("ResourceType")
    with engine.reading(caller, params["InstanceId"]) as scope:
        flows = scope.family("contact_flow")
        base = instance_arn(caller.region, caller.account, scope.instance_id)
        associations: list[dict[str, str]] = []
        if resource_type in (None, _VOICE):
            account = AccountScope(engine, scope.tx, caller, scope.now)
            for record in account.records(scope.family(KEY), scope.instance_id):
                associations.extend(
                    {
                        "ResourceId": number_arn(caller, record.id),
                        "FlowId": f"{base}/{flows.arn_segment}/{ref.target_id}",
                        "ResourceType": _VOICE,
                    }
                    for ref in scope.tx.refs_of(scope.instance_id, KEY, record.id, FLOW)
                )
        page, token = scope.offset_page(
            "ListFlowAssociations", associations, params.get("MaxResults"), params.get("NextToken")
        )
        return {"FlowAssociationSummaryList": page, "NextToken": token}
