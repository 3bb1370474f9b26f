"""Side by side: the ceiling, moto and connect-emulator answer the same requests.

All servers run at once, each pinned to core 0, and take turns under load (bench/measure.py).
Each is given 20 instances through its API first (the ceiling has none: its answers are
fixed). Then, at each connection count:

* DescribeInstance of the first instance: one signed request, replayed;
* ListInstances, first page (10 of the 20, and a NextToken): one signed request, replayed;
* CreateInstance, last, so the reads see 20 instances: a pool of signed requests, each with
  its own alias and ClientToken, each sent once. The pool is sized from the server's
  DescribeInstance rate (a create costs more), so it lasts the round; if it runs out, the
  round ends early and says so. The ceiling stores nothing, so it is sent a pool of 5,000
  creates round-robin.
"""

from __future__ import annotations

import functools
import itertools
import re
import secrets
from dataclasses import dataclass, field

from bench.ceiling import INSTANCE_ID
from bench.measure import (
    CEILING,
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
from bench.signing import Signer, create_pool

SECTION = "compare"
SEEDED = 20
CEILING_POOL = 5000
_MIN_POOL = 500
_MAX_POOL = 200_000

_aliases = itertools.count()
_RUN = secrets.token_hex(3)


def aliases(count: int) -> list[str]:
    """Aliases no earlier request of this run used."""
    return [f"load-{_RUN}-{next(_aliases):07d}" for _ in range(count)]


def pool_size(describe_rps: float, seconds: int) -> int:
    return max(_MIN_POOL, min(_MAX_POOL, int(describe_rps * seconds * 1.25) + 200))


@dataclass(slots=True)
class Subject:
    """A running server under comparison, and what its requests need."""

    name: str
    server: Server
    signer: Signer
    describe_id: str
    facts: Facts
    describe_rps: dict[int, float] = field(default_factory=dict)


def _start(name: str, plan: Plan) -> Subject:
    data_dir = fresh_dir(plan.workdir / f"compare-{re.sub(r'[^a-z0-9]+', '-', name)}")
    server = start_server(name, plan, data_dir)
    try:
        facts = facts_at_start(SECTION, server, None)
        if name == CEILING:
            describe_id = INSTANCE_ID
        else:
            describe_id = create_through_api(client(server.url, plan.key), SEEDED, f"s-{_RUN}")[0]
    except BaseException:
        server.stop()
        raise
    return Subject(name, server, Signer(plan.key, server.host), describe_id, facts)


def run_compare(plan: Plan) -> tuple[list[Row], list[Facts]]:
    subjects: list[Subject] = []
    rows: list[Row] = []
    try:
        for name in plan.servers:
            print(f"compare: starting {name}", flush=True)
            subjects.append(_start(name, plan))
        for connections in plan.connections:
            found = interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="DescribeInstance",
                connections=connections,
                requests=lambda s: ([s.signer.describe(s.describe_id)], False),
            )
            for subject, row in zip(subjects, found, strict=True):
                subject.describe_rps[connections] = row.measurement.rps
            rows += found
        for connections in plan.connections:
            rows += interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="ListInstances",
                connections=connections,
                requests=lambda s: ([s.signer.list()], False),
            )
        ceiling = next((s for s in subjects if s.name == CEILING), None)
        ceiling_pool = (
            []
            if ceiling is None
            else create_pool(plan.key, ceiling.server.host, aliases(CEILING_POOL))
        )

        def creates(subject: Subject, *, connections: int) -> tuple[list[bytes], bool]:
            if subject.name == CEILING:
                return ceiling_pool, False
            size = pool_size(subject.describe_rps[connections], plan.round_seconds)
            return create_pool(plan.key, subject.server.host, aliases(size)), True

        for connections in plan.connections:
            rows += interleaved(
                plan,
                subjects,
                section=SECTION,
                operation="CreateInstance",
                connections=connections,
                requests=functools.partial(creates, connections=connections),
                replayed="CreateInstance",
            )
        for subject in subjects:
            note_memory(subject.facts, subject.server)
    finally:
        for subject in subjects:
            subject.server.stop()
    return rows, [subject.facts for subject in subjects]
