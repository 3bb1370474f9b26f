"""Side by side: the ceiling, moto and connect-emulator answer the same requests.

Each server is started fresh, pinned to core 0, and given 20 instances through its API (the
ceiling has none: its answers are fixed). Then, at each connection count:

* DescribeInstance of the first instance: one signed request, replayed;
* ListInstances, first page (10 of the 20, and a NextToken): one signed request, replayed;
* CreateInstance, last, so the reads see 20 instances: a pool of signed requests, each with
  its own alias and ClientToken, each sent once. The pool is sized from the server's
  DescribeInstance rate (a create costs more), so it lasts the whole measurement; if it
  runs out the run ends early and says so. The ceiling stores nothing, so it is sent a pool
  of 5,000 creates round-robin.
"""

from __future__ import annotations

import itertools
import secrets

from bench.ceiling import INSTANCE_ID
from bench.measure import (
    CEILING,
    Facts,
    Plan,
    Row,
    facts_at_start,
    fresh_dir,
    note_memory,
    replay,
    start_server,
)
from bench.seeding import client, create_through_api
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


def compare_server(name: str, plan: Plan) -> tuple[list[Row], Facts]:
    server = start_server(name, plan, fresh_dir(plan.workdir / "compare-data"))
    rows: list[Row] = []
    try:
        facts = facts_at_start(SECTION, server, None)
        signer = Signer(plan.key, server.host)
        if name == CEILING:
            describe_id = INSTANCE_ID
        else:
            connect = client(server.url, plan.key)
            describe_id = create_through_api(connect, SEEDED, f"seed-{_RUN}")[0]
        describe_rps: dict[int, float] = {}
        for connections in plan.connections:
            row = replay(
                server,
                plan,
                [signer.describe(describe_id)],
                section=SECTION,
                operation="DescribeInstance",
                connections=connections,
                once=False,
            )
            describe_rps[connections] = row.measurement.rps
            rows.append(row)
        for connections in plan.connections:
            rows.append(
                replay(
                    server,
                    plan,
                    [signer.list()],
                    section=SECTION,
                    operation="ListInstances",
                    connections=connections,
                    once=False,
                )
            )
        for connections in plan.connections:
            size = (
                CEILING_POOL
                if name == CEILING
                else pool_size(describe_rps[connections], plan.seconds)
            )
            rows.append(
                replay(
                    server,
                    plan,
                    create_pool(plan.key, server.host, aliases(size)),
                    section=SECTION,
                    operation="CreateInstance",
                    connections=connections,
                    once=name != CEILING,
                    note="pool replayed round-robin" if name == CEILING else "",
                )
            )
        note_memory(facts, server)
    finally:
        server.stop()
    return rows, facts


def run_compare(plan: Plan) -> tuple[list[Row], list[Facts]]:
    rows: list[Row] = []
    facts: list[Facts] = []
    for name in plan.servers:
        print(f"compare: {name}", flush=True)
        server_rows, server_facts = compare_server(name, plan)
        rows.extend(server_rows)
        facts.append(server_facts)
    return rows, facts
