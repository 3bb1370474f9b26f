"""connect-emulator with 1,000 and with 1,000,000 existing instances.

For each size, a database is made once: the emulator starts on an empty data directory (it
migrates and makes its page-token key), stops, and the instances are bulk-inserted
(bench/seeding.py). Then, for each emulator variant, one server per size:

* starts three times on its database: start-up time (spawn -> ready file, spawn -> health
  200), the median of the three; the third start stays up;
* once every size has its server, they take turns (bench/measure.py), in many short rounds
  (the latency target compares the sizes round by round: see bench/targets.py), under
  DescribeInstance (the instance in the middle), ListInstances (first page) and
  ListInstances on a deep page (the page after the first ``size - 20`` instances, with a
  NextToken made from the server's key; on the small size it is checked against the token
  reached by paging through ListInstances);
* reports its resident memory after that load.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.measure import (
    Facts,
    Plan,
    Round,
    Row,
    facts_at_start,
    fresh_dir,
    load_once,
    note_memory,
    start_server,
    summarise,
    turns,
)
from bench.seeding import (
    bulk_insert,
    client,
    database_file,
    instance_at,
    page_token_after,
    token_by_paging,
)
from bench.servers import EMULATOR_SHIPPED, Server
from bench.signing import Signer

SECTION = "scale"
STARTS = 3
DEEP_FROM_END = 20
PAGE = 10
OPERATIONS = ("DescribeInstance", "ListInstances", "ListInstances (deep page)")
_PAGING_CHECK_UP_TO = 10_000


@dataclass(slots=True)
class Sized:
    """A running server on a database of ``size`` instances."""

    size: int
    server: Server
    facts: Facts
    signer: Signer
    describe_id: str
    deep_token: str

    def request(self, operation: str) -> bytes:
        """The operation's request, signed now."""
        if operation == "DescribeInstance":
            return self.signer.describe(self.describe_id)
        if operation == "ListInstances":
            return self.signer.list()
        return self.signer.list(self.deep_token)


def prepare_database(plan: Plan, size: int) -> dict[str, Any]:
    data_dir = fresh_dir(plan.workdir / f"scale-{size}")
    start_server(EMULATOR_SHIPPED, plan, data_dir).stop()
    database = database_file(data_dir)
    began = time.monotonic()
    bulk_insert(database, size, plan.key.account_id)
    seconds = time.monotonic() - began
    print(f"scale: {size:,} instances inserted in {seconds:.1f} s", flush=True)
    return {
        "instances": size,
        "insert_seconds": round(seconds, 1),
        "database_bytes": database.stat().st_size,
    }


def _start_three_times(name: str, plan: Plan, size: int) -> tuple[Server, dict[str, Any]]:
    data_dir = plan.workdir / f"scale-{size}"
    ready_file: list[float] = []
    ready: list[float] = []
    for attempt in range(STARTS):
        server = start_server(name, plan, data_dir)
        ready_file.append(server.ready_file_seconds or 0.0)
        ready.append(server.ready_seconds)
        if attempt < STARTS - 1:
            server.stop()
    timing = {
        "ready_file_seconds_all": [round(s, 3) for s in ready_file],
        "ready_seconds_all": [round(s, 3) for s in ready],
    }
    server.ready_file_seconds = round(statistics.median(ready_file), 3)
    server.ready_seconds = round(statistics.median(ready), 3)
    return server, timing


def _start(name: str, plan: Plan, size: int, check_paging: bool) -> Sized:
    database = database_file(plan.workdir / f"scale-{size}")
    describe_id = instance_at(database, size // 2)
    deep_token = page_token_after(database, plan.key.account_id, size - DEEP_FROM_END)
    server, timing = _start_three_times(name, plan, size)
    try:
        facts = facts_at_start(SECTION, server, size)
        facts.extra.update(timing)
        connect = client(server.url, plan.key)
        deep_page = connect.list_instances(NextToken=deep_token)
        if len(deep_page["InstanceSummaryList"]) != PAGE or "NextToken" not in deep_page:
            raise RuntimeError("the minted deep-page NextToken does not give a full page")
        if check_paging:
            paged = token_by_paging(connect, (size - DEEP_FROM_END) // PAGE)
            if paged != deep_token:
                raise RuntimeError("the minted NextToken differs from the one paging reaches")
            facts.extra["deep_token_checked_by_paging"] = True
    except BaseException:
        server.stop()
        raise
    return Sized(size, server, facts, Signer(plan.key, server.host), describe_id, deep_token)


def _measure(plan: Plan, name: str, running: list[Sized]) -> list[Row]:
    rows: list[Row] = []
    for operation in OPERATIONS:
        for connections in plan.scale_connections:
            rounds: dict[int, list[Round]] = {sized.size: [] for sized in running}
            for number in range(plan.scale_rounds):
                for index in turns(len(running), number):
                    sized = running[index]
                    rounds[sized.size].append(
                        load_once(
                            sized.server,
                            plan,
                            [sized.request(operation)],
                            connections=connections,
                            once=False,
                            seconds=plan.scale_round_seconds,
                        )
                    )
            rows += [
                summarise(SECTION, name, operation, rounds[s.size], instances=s.size)
                for s in running
            ]
    return rows


def run_scale(plan: Plan) -> tuple[list[Row], list[Facts], list[dict[str, Any]]]:
    databases = [prepare_database(plan, size) for size in plan.scale_sizes]
    rows: list[Row] = []
    facts: list[Facts] = []
    for index, name in enumerate(plan.scale_servers):
        running: list[Sized] = []
        try:
            for size in plan.scale_sizes:
                print(f"scale: starting {name} on {size:,} instances", flush=True)
                running.append(_start(name, plan, size, index == 0 and size <= _PAGING_CHECK_UP_TO))
            rows += _measure(plan, name, running)
            for sized in running:
                note_memory(sized.facts, sized.server)
                facts.append(sized.facts)
        finally:
            for sized in running:
                sized.server.stop()
    for size in plan.scale_sizes:
        fresh_dir(plan.workdir / f"scale-{size}")  # 400 MB at a million: freed at once
    return rows, facts, databases
