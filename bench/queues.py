"""Queues side by side: the ceiling and connect-emulator answer CreateQueue, DescribeQueue and
ListQueues (``bench/run --only queues`` runs just this section).

moto is not in these rows: moto 5.2.5 has no Connect queue operations (the report says so).

As in the compare section (bench/compare.py), the servers run at once, each pinned to core 0,
and take turns under load (bench/measure.py); by default the ceiling and the shipped emulator
(``--queue-servers``). Each emulator first gets, through its API: one instance, awaited until
ACTIVE (``--limits dev``: no queue quota), its ``Basic Hours`` (ListHoursOfOperations), and 49
queues on those hours (the last one sent as the load sends them, to check its answer), so that
with the instance's ``BasicQueue`` it holds 50. Then, at each connection count:

* DescribeQueue of the first queue the benchmark made: one signed request, replayed;
* ListQueues with maxResults 100: all 50 queues on one page, no NextToken; replayed;
* CreateQueue, last, so the reads see 50 queues: a pool of signed requests, each with its own
  Name, sized from the server's DescribeQueue rate and each sent once (as CreateInstance's);
  the ceiling stores nothing, so it is sent a pool of 5,000 round-robin.

Before the load, one answer of each kind is read from every server: all must be 200, and
their body sizes go into the run's JSON and report, so a ceiling whose fixed answers no
longer match the emulator's shows.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import secrets
import socket
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError
from mypy_boto3_connect import ConnectClient

from bench.ceiling import (
    HOURS_ID,
    INSTANCE_ID,
    QUEUE_DESCRIPTION,
    QUEUE_ID,
    QUEUE_MAX_CONTACTS,
    QUEUE_PAGE_SIZE,
    QUEUES_PRESENT,
    queue_name,
)
from bench.compare import CEILING_POOL, pool_size
from bench.measure import (
    CEILING,
    MOTO,
    Facts,
    Plan,
    Row,
    facts_at_start,
    fresh_dir,
    interleaved,
    note_memory,
    start_server,
)
from bench.seeding import client, create_through_api
from bench.servers import Server
from bench.signing import Signer, queue_create_pool

SECTION = "queues"
OPERATIONS = ("DescribeQueue", "ListQueues", "CreateQueue")
BASIC_HOURS = "Basic Hours"
MOTO_NOTE = "moto is not measured here: moto 5.2.5 has no Connect queue operations."
TEMPLATE = {
    "Description": QUEUE_DESCRIPTION,
    "HoursOfOperationId": "",  # each server's own Basic Hours
    "MaxContacts": QUEUE_MAX_CONTACTS,
}

_names = itertools.count()
_RUN = secrets.token_hex(3)


class QueuesUnavailable(RuntimeError):
    """The server does not answer the queue operations (the queue family is not there)."""


def load_names(count: int) -> list[str]:
    """Queue names no earlier request of this run used (1..127 characters)."""
    return [f"load-{_RUN}-{next(_names):07d}" for _ in range(count)]


@dataclass(slots=True)
class QueueSubject:
    """A running server under comparison, with its instance, hours and queue."""

    name: str
    server: Server
    signer: Signer
    instance_id: str
    hours_id: str
    queue_id: str
    facts: Facts
    describe_rps: dict[int, float] = field(default_factory=dict)

    @property
    def template(self) -> dict[str, Any]:
        return {**TEMPLATE, "HoursOfOperationId": self.hours_id}


def answer(host: str, request: bytes) -> tuple[int, bytes]:
    """Sends one raw request on a connection of its own; the status and the body."""
    address, _, port = host.rpartition(":")
    with socket.create_connection((address, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(lines[0].split(" ")[1]), body


def _checked(host: str, operation: str, request: bytes) -> bytes:
    status, body = answer(host, request)
    if status != 200:
        message = f"{operation} answered {status}: {body[:300]!r}"
        if status in (404, 501):
            raise QueuesUnavailable(message)
        raise RuntimeError(message)
    return body


def _basic_hours(connect: ConnectClient, instance_id: str) -> str:
    pages = connect.get_paginator("list_hours_of_operations").paginate(
        InstanceId=instance_id, PaginationConfig={"PageSize": 60}
    )
    for page in pages:
        for summary in page["HoursOfOperationSummaryList"]:
            if summary.get("Name") == BASIC_HOURS:
                return str(summary["Id"])
    raise QueuesUnavailable(f"the new instance has no {BASIC_HOURS!r}")


def _seed(subject_name: str, server: Server, plan: Plan) -> tuple[str, str, str]:
    """An ACTIVE instance, its Basic Hours and QUEUES_PRESENT - 1 queues; their ids."""
    if subject_name == CEILING:
        return INSTANCE_ID, HOURS_ID, QUEUE_ID  # UUIDs, as long as the emulator's
    connect = client(server.url, plan.key)
    instance_id = create_through_api(connect, 1, f"queues-{_RUN}")[0]
    try:
        hours_id = _basic_hours(connect, instance_id)
        ids = [
            connect.create_queue(
                InstanceId=instance_id,
                Name=queue_name(number),
                Description=QUEUE_DESCRIPTION,
                HoursOfOperationId=hours_id,
                MaxContacts=QUEUE_MAX_CONTACTS,
            )["QueueId"]
            for number in range(1, QUEUES_PRESENT - 1)
        ]
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status in (404, 501):
            raise QueuesUnavailable(str(error)) from error
        raise
    return instance_id, hours_id, ids[0]


def _start(name: str, plan: Plan) -> QueueSubject:
    data_dir = fresh_dir(plan.workdir / f"queues-{re.sub(r'[^a-z0-9]+', '-', name)}")
    server = start_server(name, plan, data_dir)
    try:
        facts = facts_at_start(SECTION, server, None)
        instance_id, hours_id, queue_id = _seed(name, server, plan)
        subject = QueueSubject(
            name, server, Signer(plan.key, server.host), instance_id, hours_id, queue_id, facts
        )
        _probe(subject)
    except BaseException:
        server.stop()
        raise
    return subject


def _probe(subject: QueueSubject) -> None:
    """One answer of each kind, checked; the last seeded queue is this CreateQueue."""
    host, signer = subject.server.host, subject.signer
    created = _checked(
        host,
        "CreateQueue",
        signer.create_queue(
            subject.instance_id, {"Name": queue_name(QUEUES_PRESENT - 1), **subject.template}
        ),
    )
    described = _checked(
        host, "DescribeQueue", signer.describe_queue(subject.instance_id, subject.queue_id)
    )
    listed = _checked(host, "ListQueues", signer.list_queues(subject.instance_id, QUEUE_PAGE_SIZE))
    page = json.loads(listed)
    items = len(page.get("QueueSummaryList", []))
    if subject.name != CEILING and (items != QUEUES_PRESENT or page.get("NextToken")):
        raise RuntimeError(
            f"{subject.name}: ListQueues gave {items} queues (expected {QUEUES_PRESENT}) "
            f"and NextToken {page.get('NextToken')!r}"
        )
    subject.facts.extra["answer_bytes"] = {
        "CreateQueue": len(created),
        "DescribeQueue": len(described),
        "ListQueues": len(listed),
    }
    subject.facts.extra["list_items"] = items


def run_queues(plan: Plan) -> tuple[list[Row], list[Facts], dict[str, Any]]:
    """The rows and facts of the section, and what the report says about it."""
    notes = [MOTO_NOTE]
    summary: dict[str, Any] = {"notes": notes}
    names = [name for name in plan.queue_servers if name != MOTO]
    subjects: list[QueueSubject] = []
    rows: list[Row] = []
    try:
        for name in names:
            print(f"queues: starting {name}", flush=True)
            try:
                subjects.append(_start(name, plan))
            except QueuesUnavailable as error:
                notes.append(f"{name}: not measured, its queue operations failed ({error})")
                print(f"queues: {name} skipped: {error}", flush=True)
        if not any(subject.name != CEILING for subject in subjects):
            notes.append("No emulator answered the queue operations: no queue rows in this run.")
            return [], [], summary
        summary["answer_bytes"] = {
            subject.name: subject.facts.extra["answer_bytes"] for subject in subjects
        }
        for connections in plan.connections:
            found = interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="DescribeQueue",
                connections=connections,
                requests=lambda s: ([s.signer.describe_queue(s.instance_id, s.queue_id)], False),
            )
            for subject, row in zip(subjects, found, strict=True):
                subject.describe_rps[connections] = row.measurement.rps
            rows += found
        for connections in plan.connections:
            rows += interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="ListQueues",
                connections=connections,
                requests=lambda s: ([s.signer.list_queues(s.instance_id, QUEUE_PAGE_SIZE)], False),
            )
        ceiling = next((s for s in subjects if s.name == CEILING), None)
        ceiling_pool = (
            []
            if ceiling is None
            else queue_create_pool(
                plan.key,
                ceiling.server.host,
                ceiling.instance_id,
                ceiling.template,
                load_names(CEILING_POOL),
            )
        )

        def creates(subject: QueueSubject, *, connections: int) -> tuple[list[bytes], bool]:
            if subject.name == CEILING:
                return ceiling_pool, False
            size = pool_size(subject.describe_rps[connections], plan.round_seconds)
            pool = queue_create_pool(
                plan.key,
                subject.server.host,
                subject.instance_id,
                subject.template,
                load_names(size),
            )
            return pool, True

        for connections in plan.connections:
            rows += interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="CreateQueue",
                connections=connections,
                requests=functools.partial(creates, connections=connections),
                replayed="CreateQueue",
            )
        for subject in subjects:
            note_memory(subject.facts, subject.server)
    finally:
        for subject in subjects:
            subject.server.stop()
    return rows, [subject.facts for subject in subjects], summary
