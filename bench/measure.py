"""The plan of a run, and its step: load servers in interleaved rounds and record the medians.

This machine is shared and its speed drifts (other processes, the hypervisor's steal), so
servers that are compared are all running at once, idle but for the one under load, and each
measurement is split into rounds that take turns: server A, B, C, then B, C, A, and so on.
A slow spell then hits every server alike, and each figure is the median of its rounds.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bench.machine import CoreWatch, settle
from bench.servers import Server, start_ceiling, start_emulator, start_moto
from bench.signing import Key, write_pool
from bench.wrk import Measurement, run_wrk

CEILING = "ceiling"
MOTO = "moto"


@dataclass(frozen=True, slots=True)
class Plan:
    seconds: int
    rounds: int
    scale_rounds: int
    scale_round_seconds: int
    connections: tuple[int, ...]
    servers: tuple[str, ...]
    scale_sizes: tuple[int, ...]
    scale_connections: tuple[int, ...]
    scale_servers: tuple[str, ...]
    profile_servers: tuple[str, ...]
    queue_servers: tuple[str, ...]
    threads: int
    settle_seconds: float
    workdir: Path
    artifacts: Path  # the run's output without suffix: files of the run are named after it
    key: Key
    credentials: Path

    @property
    def round_seconds(self) -> int:
        return max(1, self.seconds // self.rounds)

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "rounds": self.rounds,
            "scale_rounds": self.scale_rounds,
            "scale_round_seconds": self.scale_round_seconds,
            "connections": list(self.connections),
            "servers": list(self.servers),
            "scale_sizes": list(self.scale_sizes),
            "scale_connections": list(self.scale_connections),
            "scale_servers": list(self.scale_servers),
            "profile_servers": list(self.profile_servers),
            "queue_servers": list(self.queue_servers),
            "wrk_threads": self.threads,
            "settle_seconds": self.settle_seconds,
        }


@dataclass(frozen=True, slots=True)
class Round:
    """One wrk run, with what the server's core did meanwhile."""

    measurement: Measurement
    server_cpu_seconds: float
    other_cpu_pct: float
    steal_pct: float
    machine_busy_before_pct: float


@dataclass(frozen=True, slots=True)
class Row:
    """One figure of the report: the median of its rounds."""

    section: str
    server: str
    operation: str
    instances: int | None
    measurement: Measurement
    server_cpu_us_per_request: float
    other_cpu_pct: float
    steal_pct: float
    machine_busy_before_pct: float
    rounds: tuple[Round, ...]
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document.update(document.pop("measurement"))
        document["rounds"] = [
            {**asdict(r.measurement), **{k: v for k, v in asdict(r).items() if k != "measurement"}}
            for r in self.rounds
        ]
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


def load_once(
    server: Server,
    plan: Plan,
    requests: Sequence[bytes],
    *,
    connections: int,
    once: bool,
    seconds: int,
) -> Round:
    """One wrk run of ``requests`` against ``server``."""
    path = plan.workdir / "requests.bin"
    write_pool(path, requests)
    busy_before = settle(plan.settle_seconds)
    watch = CoreWatch(server.pid)
    measured = run_wrk(
        server.url, path, connections=connections, seconds=seconds, once=once, threads=plan.threads
    )
    watch.stop()
    return Round(
        measurement=measured,
        server_cpu_seconds=watch.server_cpu_seconds,
        other_cpu_pct=watch.other_cpu_pct,
        steal_pct=watch.steal_pct,
        machine_busy_before_pct=busy_before,
    )


def _median_measurement(rounds: Sequence[Round]) -> Measurement:
    ms = [r.measurement for r in rounds]

    def median(values: Callable[[Measurement], float]) -> float:
        return round(statistics.median(values(m) for m in ms), 3)

    return Measurement(
        connections=ms[0].connections,
        requests=sum(m.requests for m in ms),
        seconds=round(sum(m.seconds for m in ms), 3),
        rps=round(statistics.median(m.rps for m in ms), 1),
        p50_ms=median(lambda m: m.p50_ms),
        p90_ms=median(lambda m: m.p90_ms),
        p99_ms=median(lambda m: m.p99_ms),
        max_ms=max(m.max_ms for m in ms),
        mean_ms=median(lambda m: m.mean_ms),
        errors=sum(m.errors for m in ms),
        ran_dry=any(m.ran_dry for m in ms),
    )


def summarise(
    section: str,
    server: str,
    operation: str,
    rounds: Sequence[Round],
    *,
    instances: int | None = None,
    note: str = "",
) -> Row:
    requests = sum(r.measurement.requests for r in rounds)
    cpu = sum(r.server_cpu_seconds for r in rounds)
    row = Row(
        section=section,
        server=server,
        operation=operation,
        instances=instances,
        measurement=_median_measurement(rounds),
        server_cpu_us_per_request=round(cpu * 1e6 / max(requests, 1), 1),
        other_cpu_pct=max(r.other_cpu_pct for r in rounds),
        steal_pct=max(r.steal_pct for r in rounds),
        machine_busy_before_pct=max(r.machine_busy_before_pct for r in rounds),
        rounds=tuple(rounds),
        note=note,
    )
    print(progress_line(row), flush=True)
    return row


def turns(count: int, round_number: int) -> list[int]:
    """Indexes 0..count-1 starting at a different one each round."""
    return [(round_number + offset) % count for offset in range(count)]


def progress_line(row: Row) -> str:
    m = row.measurement
    size = "" if row.instances is None else f" n={row.instances:,}"
    flags = []
    if m.errors:
        flags.append(f"{m.errors} errors")
    if m.ran_dry:
        flags.append("a request pool ran out: a round ended early")
    if row.other_cpu_pct >= 5 or row.steal_pct >= 5:
        flags.append(f"core 0 used by others {row.other_cpu_pct}%, steal {row.steal_pct}%")
    if row.machine_busy_before_pct >= 10:
        flags.append(f"machine {row.machine_busy_before_pct}% busy before")
    return (
        f"  {row.section:7} {row.server:23} {row.operation:26}{size} c={m.connections:<3} "
        f"{m.rps:>9,.0f} req/s  p50 {m.p50_ms:7.2f} ms  p99 {m.p99_ms:7.2f} ms  "
        f"cpu {row.server_cpu_us_per_request:6.0f} us/req"
        + (f"  [{'; '.join(flags)}]" if flags else "")
    )


class Loaded(Protocol):
    """A server under comparison: its name and the running process."""

    @property
    def name(self) -> str: ...

    @property
    def server(self) -> Server: ...


_Subject = TypeVar("_Subject", bound=Loaded)


def interleaved(
    plan: Plan,
    subjects: Sequence[_Subject],
    *,
    section: str,
    operation: str,
    connections: int,
    requests: Callable[[_Subject], tuple[list[bytes], bool]],
    replayed: str | None = None,
) -> list[Row]:
    """Every subject under the same load, in turns; ``requests`` gives (pool, send once).
    ``replayed`` names the operation whose pool the ceiling replays round-robin (a create
    whose answers do not depend on what came before), noted beside its row."""
    rounds: dict[str, list[Round]] = {subject.name: [] for subject in subjects}
    for number in range(plan.rounds):
        for index in turns(len(subjects), number):
            subject = subjects[index]
            pool, once = requests(subject)
            rounds[subject.name].append(
                load_once(
                    subject.server,
                    plan,
                    pool,
                    connections=connections,
                    once=once,
                    seconds=plan.round_seconds,
                )
            )
    return [
        summarise(
            section,
            subject.name,
            operation,
            rounds[subject.name],
            note="pool replayed round-robin"
            if subject.name == CEILING and operation == replayed
            else "",
        )
        for subject in subjects
    ]
