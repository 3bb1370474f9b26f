"""Analytics data associations: the instance's data-lake datasets shared with an account
through AWS RAM (a resource share per association).

The datasets are the data lake's tables (connect-surface.md §12); ListAnalyticsDataLakeDataSets
lists them and an unknown DataSetId is 404. An association is the dataset and the target
account (the instance's own when not given): associating it again answers the association
there is, as a share that exists is not made twice; the batch forms answer per dataset, in
Created or Deleted, or in Errors naming it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from connect_emulator.domain.errors import InvalidParameter, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.families.keyed import integration_family, named, page
from connect_emulator.resources.family import Params, Result
from connect_emulator.resources.scope import Scope

KEY = "analytics_data_association"
# DataSetId -> DataSetName: the data lake's tables, as the admin guide names them.
DATA_SETS = {
    "contact_record": "Contact record",
    "contact_statistic_record": "Contact statistic record",
    "contact_flow_events": "Contact flow events",
    "contact_evaluation_record": "Contact evaluation record",
    "contact_lens_conversational_analytics": "Contact Lens conversational analytics",
    "agent_queue_statistic_record": "Agent queue statistic record",
    "agent_statistic_record": "Agent statistic record",
}
_ACCOUNT = re.compile(r"\d{12}")
# AWS RAM's status of a share that is in effect.
_ACTIVE = "ACTIVE"


def _target(caller: Caller, params: Params) -> str:
    account = params.get("TargetAccountId") or caller.account
    if not _ACCOUNT.fullmatch(account):
        raise InvalidParameter(f"TargetAccountId {account!r} is not an AWS account id (12 digits).")
    return str(account)


def _key(data_set: str, account: str) -> str:
    return json.dumps([data_set, account])


def _missing(data_set: str, account: str) -> str:
    return f"Dataset {data_set} is not associated with account {account}."


def _associated(scope: Scope, data_set: str, account: str) -> ResourceRecord:
    """The association of ``data_set`` with ``account``, made if there is none."""
    if data_set not in DATA_SETS:
        raise NotFound(
            f"Dataset {data_set} not found: ListAnalyticsDataLakeDataSets lists the datasets."
        )
    found = scope.tx.resource_named(scope.instance_id, KEY, _key(data_set, account))
    if found is not None:
        return scope.get(ANALYTICS, found)
    share = scope.engine.ids.uuid()
    body = {
        "DataSetId": data_set,
        "TargetAccountId": account,
        "ResourceShareId": share,
        "ResourceShareArn": f"arn:aws:ram:{scope.caller.region}:{scope.caller.account}:"
        f"resource-share/{share}",
        "ResourceShareStatus": _ACTIVE,
        "AssociationKey": _key(data_set, account),
    }
    return scope.create(ANALYTICS, body)


def _associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    account = _target(caller, params)
    return engine.write(
        caller,
        params["InstanceId"],
        lambda scope: dict(_associated(scope, params["DataSetId"], account).body),
    )


def _disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    data_set, account = params["DataSetId"], _target(caller, params)

    def work(scope: Scope) -> None:
        record = named(scope, ANALYTICS, _key(data_set, account), _missing(data_set, account))
        scope.delete(ANALYTICS, record)

    return engine.write(caller, params["InstanceId"], work)


def _error(error: NotFound) -> dict[str, str]:
    # ErrorResult has no DataSetId: the message names the dataset.
    return {"ErrorCode": "ResourceNotFoundException", "ErrorMessage": error.message}


def _batch_associate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    account = _target(caller, params)

    def work(scope: Scope) -> Result:
        created: list[dict[str, Any]] = []
        errors = []
        for data_set in dict.fromkeys(params["DataSetIds"]):
            try:
                created.append(dict(_associated(scope, data_set, account).body))
            except NotFound as error:
                errors.append(_error(error))
        return {"Created": created, "Errors": errors}

    return engine.write(caller, params["InstanceId"], work)


def _batch_disassociate(engine: ResourceService, caller: Caller, params: Params) -> Result:
    account = _target(caller, params)

    def work(scope: Scope) -> Result:
        deleted: list[str] = []
        errors = []
        for data_set in dict.fromkeys(params["DataSetIds"]):
            try:
                missing = _missing(data_set, account)
                scope.delete(ANALYTICS, named(scope, ANALYTICS, _key(data_set, account), missing))
                deleted.append(data_set)
            except NotFound as error:
                errors.append(_error(error))
        return {"Deleted": deleted, "Errors": errors}

    return engine.write(caller, params["InstanceId"], work)


def _list(engine: ResourceService, caller: Caller, params: Params) -> Result:
    records, token = page(
        engine,
        caller,
        params,
        ANALYTICS,
        operation="ListAnalyticsDataAssociations",
        size=100,
        subtype=params.get("DataSetId"),
    )
    return {"Results": [r.body for r in records], "NextToken": token}


def _data_sets(engine: ResourceService, caller: Caller, params: Params) -> Result:
    listed = [{"DataSetId": key, "DataSetName": name} for key, name in DATA_SETS.items()]
    with engine.reading(caller, params["InstanceId"]) as scope:
        results, token = scope.offset_page(
            "ListAnalyticsDataLakeDataSets",
            listed,
            params.get("MaxResults"),
            params.get("NextToken"),
        )
    return {"Results": results, "NextToken": token}


ANALYTICS = integration_family(
    KEY,
    "Analytics data association",
    "AssociationKey",
    {
        "AssociateAnalyticsDataSet": _associate,
        "ListAnalyticsDataAssociations": _list,
        "DisassociateAnalyticsDataSet": _disassociate,
        "BatchAssociateAnalyticsDataSet": _batch_associate,
        "BatchDisassociateAnalyticsDataSet": _batch_disassociate,
        "ListAnalyticsDataLakeDataSets": _data_sets,
    },
    subtype="DataSetId",
)
