"""connect-emulator with 1,000 and with 1,000,000 existing instances.

For each size, a database is made once: the emulator starts on an empty data directory (it
migrates and makes its page-token key), stops, and the instances are bulk-inserted
(bench/seeding.py). Then each emulator variant in turn:

* starts three times on it: start-up time (spawn -> ready file, spawn -> health 200), median;
* is loaded with DescribeInstance (the instance in the middle), ListInstances (first page)
  and ListInstances on a deep page (the page after the first ``size - 20`` instances, with a
  NextToken minted from the server's key; on the small size it is checked against the token
  reached by paging through ListInstances);
* reports its resident memory after that load.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.measure import (
    Facts,
    Plan,
    Row,
    facts_at_start,
    fresh_dir,
    note_memory,
    replay,
    start_server,
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
_PAGING_CHECK_UP_TO = 10_000


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


def scale_server(name: str, plan: Plan, size: int, check_paging: bool) -> tuple[list[Row], Facts]:
    database = database_file(plan.workdir / f"scale-{size}")
    describe_id = instance_at(database, size // 2)
    deep_token = page_token_after(database, plan.key.account_id, size - DEEP_FROM_END)
    server, timing = _start_three_times(name, plan, size)
    rows: list[Row] = []
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
        signer = Signer(plan.key, server.host)
        requests = {
            "DescribeInstance": signer.describe(describe_id),
            "ListInstances": signer.list(),
            "ListInstances (deep page)": signer.list(deep_token),
        }
        for operation, request in requests.items():
            for connections in plan.scale_connections:
                rows.append(
                    replay(
                        server,
                        plan,
                        [request],
                        section=SECTION,
                        operation=operation,
                        connections=connections,
                        once=False,
                        instances=size,
                    )
                )
        note_memory(facts, server)
    finally:
        server.stop()
    return rows, facts


def run_scale(plan: Plan) -> tuple[list[Row], list[Facts], list[dict[str, Any]]]:
    rows: list[Row] = []
    facts: list[Facts] = []
    databases: list[dict[str, Any]] = []
    for size in plan.scale_sizes:
        databases.append(prepare_database(plan, size))
        for index, name in enumerate(plan.scale_servers):
            print(f"scale: {name} on {size:,} instances", flush=True)
            check = index == 0 and size <= _PAGING_CHECK_UP_TO
            server_rows, server_facts = scale_server(name, plan, size, check)
            rows.extend(server_rows)
            facts.append(server_facts)
        fresh_dir(plan.workdir / f"scale-{size}")  # 400 MB at a million: freed at once
    return rows, facts, databases
