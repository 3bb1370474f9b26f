"""The plan of a run and its one step: replay a pool of requests at a server and record it."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.machine import CoreWatch, settle
from bench.servers import (
    Server,
    start_ceiling,
    start_emulator,
    start_moto,
)
from bench.signing import Key, write_pool
from bench.wrk import Measurement, run_wrk

CEILING = "ceiling"
MOTO = "moto"


@dataclass(frozen=True, slots=True)
class Plan:
    seconds: int
    connections: tuple[int, ...]
    servers: tuple[str, ...]
    scale_sizes: tuple[int, ...]
    scale_connections: tuple[int, ...]
    scale_servers: tuple[str, ...]
    profile_servers: tuple[str, ...]
    threads: int
    settle_seconds: float
    workdir: Path
    results: Path
    key: Key
    credentials: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "connections": list(self.connections),
            "servers": list(self.servers),
            "scale_sizes": list(self.scale_sizes),
            "scale_connections": list(self.scale_connections),
            "scale_servers": list(self.scale_servers),
            "profile_servers": list(self.profile_servers),
            "wrk_threads": self.threads,
            "settle_seconds": self.settle_seconds,
        }


@dataclass(frozen=True, slots=True)
class Row:
    """One measurement, with what the server's core did meanwhile."""

    section: str
    server: str
    operation: str
    instances: int | None
    measurement: Measurement
    server_cpu_us_per_request: float
    other_cpu_pct: float
    steal_pct: float
    machine_busy_before_pct: float
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document.update(document.pop("measurement"))
        return document


@dataclass(slots=True)
class Facts:
    """A server's start-up and memory in one section of the run."""

    section: str
    server: str
    instances: int | None
    ready_file_seconds: float | None
    ready_seconds: float
    rss_start_kib: int
    rss_after_load_kib: int = 0
    peak_rss_kib: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def start_server(name: str, plan: Plan, data_dir: Path) -> Server:
    if name == CEILING:
        return start_ceiling(plan.workdir)
    if name == MOTO:
        return start_moto(plan.workdir)
    return start_emulator(data_dir, plan.credentials, plan.workdir, variant=name)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def facts_at_start(section: str, server: Server, instances: int | None) -> Facts:
    return Facts(
        section=section,
        server=server.name,
        instances=instances,
        ready_file_seconds=server.ready_file_seconds,
        ready_seconds=round(server.ready_seconds, 3),
        rss_start_kib=server.memory_kib()["VmRSS"],
    )


def note_memory(facts: Facts, server: Server) -> None:
    memory = server.memory_kib()
    facts.rss_after_load_kib = memory["VmRSS"]
    facts.peak_rss_kib = memory["VmHWM"]


def replay(
    server: Server,
    plan: Plan,
    requests: Sequence[bytes],
    *,
    section: str,
    operation: str,
    connections: int,
    once: bool,
    instances: int | None = None,
    note: str = "",
    seconds: int | None = None,
) -> Row:
    """Loads ``server`` with ``requests`` for ``seconds`` (the plan's) and records it."""
    path = plan.workdir / "requests.bin"
    write_pool(path, requests)
    busy_before = settle(plan.settle_seconds)
    watch = CoreWatch(server.pid)
    measured = run_wrk(
        server.url,
        path,
        connections=connections,
        seconds=seconds or plan.seconds,
        once=once,
        threads=plan.threads,
    )
    watch.stop()
    per_request = watch.server_cpu_seconds * 1e6 / max(measured.requests, 1)
    row = Row(
        section=section,
        server=server.name,
        operation=operation,
        instances=instances,
        measurement=measured,
        server_cpu_us_per_request=round(per_request, 1),
        other_cpu_pct=watch.other_cpu_pct,
        steal_pct=watch.steal_pct,
        machine_busy_before_pct=busy_before,
        note=note,
    )
    print(progress_line(row), flush=True)
    return row


def progress_line(row: Row) -> str:
    m = row.measurement
    size = "" if row.instances is None else f" n={row.instances:,}"
    flags = []
    if m.errors:
        flags.append(f"{m.errors} errors")
    if m.ran_dry:
        flags.append(f"pool used up after {m.seconds} s")
    if row.other_cpu_pct >= 5 or row.steal_pct >= 5:
        flags.append(f"core 0 used by others {row.other_cpu_pct}%, steal {row.steal_pct}%")
    if row.machine_busy_before_pct >= 10:
        flags.append(f"machine {row.machine_busy_before_pct}% busy before")
    return (
        f"  {row.section:7} {row.server:20} {row.operation:26}{size} c={m.connections:<3} "
        f"{m.rps:>9,.0f} req/s  p50 {m.p50_ms:7.2f} ms  p99 {m.p99_ms:7.2f} ms  "
        f"cpu {row.server_cpu_us_per_request:6.0f} us/req"
        + (f"  [{'; '.join(flags)}]" if flags else "")
    )
