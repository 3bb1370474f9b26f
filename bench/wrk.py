"""Runs wrk, pinned to its own core, over a file of pre-built requests; reads its summary.

wrk is a closed-loop load generator: each connection sends its next request when the previous
answer arrives, so req/s is the server's throughput at that concurrency and the latencies are
what a client waiting on it sees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LUA_SCRIPT = Path(__file__).with_name("replay.lua")
LOAD_CORE = "1"
_MARKER = "BENCH_RESULT "


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Measurement:
    """One wrk run: throughput and client-side latency (milliseconds)."""

    connections: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    errors: int  # connect, read, write and timeout errors, and non-2xx answers
    ran_dry: bool  # a "once" pool ran out: the run ended early (its numbers still hold)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def wrk_version() -> str:
    found = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (found.stdout or found.stderr).splitlines()[0].strip()


def run_wrk(
    url: str,
    requests_file: Path,
    *,
    connections: int,
    seconds: int,
    once: bool,
    threads: int = 1,
) -> Measurement:
    """Loads ``url`` with the requests in ``requests_file`` for ``seconds`` (or until used up)."""
    if shutil.which("wrk") is None:
        raise WrkError("wrk is not installed (bench/setup installs it)")
    threads = max(1, min(threads, connections))
    command = [
        "taskset",
        "-c",
        LOAD_CORE,
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
        url,
        "--",
        str(requests_file),
        "once" if once else "cycle",
        str(threads),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith(_MARKER):
            return _measurement(connections, json.loads(line.removeprefix(_MARKER)))
    raise WrkError(f"wrk gave no summary (exit {done.returncode}): {done.stderr or done.stdout}")


def _measurement(connections: int, summary: dict[str, Any]) -> Measurement:
    seconds = summary["duration_us"] / 1e6
    latency = summary["latency_us"]
    errors = sum(summary["errors"].values())
    return Measurement(
        connections=connections,
        requests=summary["requests"],
        seconds=round(seconds, 3),
        rps=round(summary["requests"] / seconds, 1) if seconds > 0 else 0.0,
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        mean_ms=round(latency["mean"] / 1000, 3),
        errors=errors,
        ran_dry=summary["threads_ran_dry"] > 0,
    )
