"""Where connect-emulator's time goes under load: py-spy on the server, wrk driving it.

For each emulator variant and operation (DescribeInstance, CreateInstance, at 32
connections), py-spy samples the running server twice at once, without pausing it
(``--nonblocking``): a flame graph (bench/results/latest-<server>-<operation>.svg) and raw
stacks (.txt beside it). The raw stacks are summarised three ways:

* ``by_project_function``: each sample charged to the innermost connect_emulator function
  on its stack, so library time (hmac, json, sqlite3, regex) counts against the project
  function that called it: what the project could remove or change;
* ``self``: the innermost frame of each sample, whoever's it is;
* ``inclusive``: every function on the stack (``inclusive_project``: connect_emulator's only).

Shares are of the samples in which the server was busy; ``us_per_request`` spreads the
server's CPU time per request (from /proc, same window) over those shares.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.compare import SEEDED, aliases, pool_size
from bench.machine import settle
from bench.measure import Plan, fresh_dir, load_once, start_server, summarise
from bench.seeding import client, create_through_api
from bench.servers import ROOT
from bench.signing import Signer, create_pool
from bench.wrk import LOAD_CORE

SECTION = "profile"
PY_SPY = ROOT / "bench" / ".venv" / "bin" / "py-spy"
CONNECTIONS = 32
RATE = 200
MIN_SECONDS = 8  # py-spy needs about a second to attach; shorter runs give too few samples
TOP = 25
PROJECT = "connect_emulator/"
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _frame_name(frame: str) -> str:
    match = _FRAME.match(frame)
    return frame if match is None else f"{match['file']}:{match['function']}"


def read_stacks(path: Path) -> list[tuple[list[str], int]]:
    """py-spy's raw format: ``frame;frame;...;frame count``, outermost frame first."""
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append(([_frame_name(f) for f in stack.split(";")], int(count)))
    return stacks


def _top(counter: Counter[str], total: int, us_per_sample: float) -> list[dict[str, Any]]:
    return [
        {
            "function": name,
            "share_pct": round(100 * count / total, 1),
            "us_per_request": round(count * us_per_sample, 1),
        }
        for name, count in counter.most_common(TOP)
    ]


def summarise_stacks(
    stacks: Iterable[tuple[list[str], int]], cpu_us_per_request: float
) -> dict[str, Any]:
    by_project: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for frames, count in stacks:
        total += count
        leaf[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
        project = [f for f in frames if f.startswith(PROJECT)]
        by_project[project[-1] if project else "(outside connect_emulator) " + frames[-1]] += count
    us_per_sample = cpu_us_per_request / max(total, 1)
    return {
        "samples": total,
        "cpu_us_per_request": cpu_us_per_request,
        "by_project_function": _top(by_project, max(total, 1), us_per_sample),
        "self": _top(leaf, max(total, 1), us_per_sample),
        "inclusive": _top(inclusive, max(total, 1), us_per_sample),
        "inclusive_project": _top(
            Counter({k: v for k, v in inclusive.items() if k.startswith(PROJECT)}),
            max(total, 1),
            us_per_sample,
        ),
    }


def _spy(pid: int, output: Path, fmt: str, seconds: int) -> subprocess.Popen[bytes]:
    command = [
        "taskset",
        "-c",
        LOAD_CORE,
        str(PY_SPY),
        "record",
        "--pid",
        str(pid),
        "--rate",
        str(RATE),
        "--duration",
        str(seconds),
        "--function",
        "--nonblocking",
        "--format",
        fmt,
        "-o",
        str(output),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def profile_server(name: str, plan: Plan) -> dict[str, Any]:
    server = start_server(name, plan, fresh_dir(plan.workdir / "profile-data"))
    seconds = max(plan.seconds, MIN_SECONDS)
    unsettled = dataclasses.replace(plan, settle_seconds=0)  # settled before the spies start
    found: dict[str, Any] = {}
    try:
        signer = Signer(plan.key, server.host)
        describe_id = create_through_api(client(server.url, plan.key), SEEDED, "profile")[0]
        describe = [signer.describe(describe_id)]
        for operation in ("DescribeInstance", "CreateInstance"):
            base = plan.artifacts.with_name(
                f"{plan.artifacts.name}-{_slug(name)}-{_slug(operation)}"
            )
            if operation == "DescribeInstance":
                requests, once = describe, False
            else:
                rps = found["DescribeInstance"]["rps"]
                requests = create_pool(plan.key, server.host, aliases(pool_size(rps, seconds)))
                once = True
            settle(plan.settle_seconds)
            spies = [
                _spy(server.pid, base.with_suffix(".txt"), "raw", seconds),
                _spy(server.pid, base.with_suffix(".svg"), "flamegraph", seconds),
            ]
            time.sleep(1.0)  # attached before the load starts
            row = summarise(
                SECTION,
                name,
                operation,
                [
                    load_once(
                        server,
                        unsettled,
                        requests,
                        connections=CONNECTIONS,
                        once=once,
                        seconds=seconds,
                    )
                ],
                note="under py-spy",
            )
            for spy in spies:
                spy.wait(timeout=seconds + 60)
            summary = summarise_stacks(
                read_stacks(base.with_suffix(".txt")), row.server_cpu_us_per_request
            )
            summary["rps"] = row.measurement.rps
            svg = base.with_suffix(".svg")
            summary["flame_graph"] = str(svg.relative_to(ROOT) if svg.is_relative_to(ROOT) else svg)
            found[operation] = summary
    finally:
        server.stop()
    return found


def run_profile(plan: Plan) -> dict[str, Any]:
    if not PY_SPY.exists():
        raise RuntimeError(f"{PY_SPY} is missing: run bench/setup")
    profiles = {}
    for name in plan.profile_servers:
        print(f"profile: {name}", flush=True)
        profiles[name] = profile_server(name, plan)
    return profiles
