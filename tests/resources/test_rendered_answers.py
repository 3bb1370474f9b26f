"""List and Describe answers read from what is stored with each resource (Scope.render) are
the answers built from the resources themselves: for every family with the engine's List and
Describe, after creates, renames, tags and updates, the answers are equal once the stored ones
are removed from the database (as for rows written before they existed)."""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore import xform_name
from botocore.exceptions import ClientError

from connect_emulator.resources.families import FAMILIES
from tests.integration.helpers import create, wait_for_status
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess
from tests.unit.protocol.oracle import sample_input

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

MODEL = botocore.session.get_session().get_service_model("connect")
# The families whose List is the engine's (a family's own List stores no summaries).
LISTED = [f for f in FAMILIES if f.list is not None and f.list not in f.extra]


def _lists(connect: ConnectClient, instance_id: str) -> dict[str, list[Any]]:
    answers: dict[str, list[Any]] = {}
    for family in LISTED:
        paginator = connect.get_paginator(xform_name(family.list or ""))  # type: ignore[call-overload]
        pages = paginator.paginate(InstanceId=instance_id, PaginationConfig={"PageSize": 7})
        answers[family.key] = [item for page in pages for item in page[family.list_member]]
    return answers


def _answers(connect: ConnectClient, instance_id: str) -> dict[str, list[Any]]:
    """Every List, and the Describe of everything listed (where Describe is the engine's)."""
    answers = _lists(connect, instance_id)
    for family in LISTED:
        if family.describe in family.extra:
            continue
        describe = getattr(connect, xform_name(family.describe))
        answers[f"{family.key} described"] = [
            {
                k: v
                for k, v in describe(
                    InstanceId=instance_id, **{family.id_param: item["Id"]}
                ).items()
                if k != "ResponseMetadata"
            }
            for item in answers[family.key]
            if isinstance(item, dict)
        ]
    return answers


def _populate(connect: ConnectClient, instance_id: str) -> None:
    """Every family's Create with the model's sample input (those that fail are refused and
    change nothing), then a rename, tags and an update on the defaults."""
    existing = {
        family.id_param: summaries[0]["Id"]
        for family, summaries in (
            (family, _lists(connect, instance_id)[family.key]) for family in LISTED
        )
        if summaries and isinstance(summaries[0], dict)
    }
    for family in FAMILIES:
        params: dict[str, Any] = sample_input(MODEL.operation_model(family.create), full=True)
        params.update({k: v for k, v in existing.items() if k in params})
        params["InstanceId"] = instance_id
        with suppress(ClientError):
            getattr(connect, xform_name(family.create))(**params)
    queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])
    queue = queues["QueueSummaryList"][0]
    connect.update_queue_name(InstanceId=instance_id, QueueId=queue["Id"], Name="Renamed")
    connect.tag_resource(resourceArn=queue["Arn"], tags={"team": "blue"})
    hours = connect.list_hours_of_operations(InstanceId=instance_id)
    connect.update_hours_of_operation(
        InstanceId=instance_id,
        HoursOfOperationId=hours["HoursOfOperationSummaryList"][0]["Id"],
        Description="changed",
    )


def test_answers_read_from_what_is_stored_equal_those_built_from_the_resources() -> None:
    first = EmulatorProcess("--provisioning-delay", "0").start()
    try:
        connect = connect_client(first.url, validate=False)
        instance_id = create(connect)["Id"]
        wait_for_status(connect, instance_id, "ACTIVE")
        _populate(connect, instance_id)
        stored = _answers(connect, instance_id)
        first.stop()
        with closing(sqlite3.connect(first.data_dir / "connect-emulator.sqlite3")) as db, db:
            (with_summary, described) = db.execute(
                "SELECT COUNT(summary), COUNT(described) FROM resources"
            ).fetchone()
            db.execute("UPDATE resources SET summary = NULL, described = NULL")
        second = EmulatorProcess(data_dir=first.data_dir).start()
        try:
            built = _answers(connect_client(second.url, validate=False), instance_id)
        finally:
            second.close()
    finally:
        first.close()
    assert with_summary >= 35
    assert described >= 15  # the defaults of the families whose Describe is the engine's
    assert sum(len(items) for key, items in built.items() if key.endswith("described")) >= 15
    assert {key: len(items) for key, items in built.items()} == {
        key: len(items) for key, items in stored.items()
    }
    assert built == stored
