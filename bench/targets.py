"""The issue's targets, judged from one run's figures: met, missed, or not measured."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.measure import CEILING, MOTO
from bench.report import EMULATORS, TARGET_CONNECTIONS, find, ms

SMALL, LARGE = 1_000, 1_000_000
# The queue family's operations, as the instance's: reads >= 0.5x the ceiling, writes >= 0.25x.
QUEUE_TARGETS = (("DescribeQueue", 0.5), ("ListQueues", 0.5), ("CreateQueue", 0.25))
LATENCY_GROWTH = 1.2
MEMORY_GROWTH = 1.1


@dataclass(frozen=True, slots=True)
class Target:
    server: str
    name: str
    met: bool | None  # None: not measured in this run
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"server": self.server, "target": self.name, "met": self.met, "detail": self.detail}


def _ratio_target(
    server: str, name: str, value: dict[str, Any] | None, base: dict[str, Any] | None, least: float
) -> Target:
    if value is None or base is None or not base["rps"]:
        return Target(server, name, None, "not measured")
    ratio = _paired(base, value, "rps")
    return Target(
        server,
        name,
        ratio >= least,
        f"{ratio:.2f}x, median of {len(value['rounds'])} paired rounds (medians "
        f"{value['rps']:,.0f} / {base['rps']:,.0f} req/s; target >= {least}x)",
    )


def _scale_targets(server: str, rows: list[dict[str, Any]]) -> list[Target]:
    targets = []
    for operation in ("DescribeInstance", "ListInstances", "ListInstances (deep page)"):
        at = {
            size: find(
                rows,
                section="scale",
                server=server,
                operation=operation,
                instances=size,
                connections=TARGET_CONNECTIONS,
            )
            for size in (SMALL, LARGE)
        }
        name = f"{operation} latency at 1,000,000 within {LATENCY_GROWTH}x of 1,000 (p50, p99)"
        small, large = at[SMALL], at[LARGE]
        if small is None or large is None:
            targets.append(Target(server, name, None, "not measured"))
            continue
        p50, p99 = _paired(small, large, "p50_ms"), _paired(small, large, "p99_ms")
        targets.append(
            Target(
                server,
                name,
                p50 <= LATENCY_GROWTH and p99 <= LATENCY_GROWTH,
                f"median of {len(small['rounds'])} paired rounds: p50 {p50:.2f}x, p99 {p99:.2f}x "
                f"(medians p50 {ms(small['p50_ms'])} -> {ms(large['p50_ms'])} ms, "
                f"p99 {ms(small['p99_ms'])} -> {ms(large['p99_ms'])} ms; server CPU "
                f"{small['server_cpu_us_per_request']:.0f} -> "
                f"{large['server_cpu_us_per_request']:.0f} us/request)",
            )
        )
    return targets


def _paired(base: dict[str, Any], other: dict[str, Any], field: str) -> float:
    """Median over rounds of other/base: each pair was measured seconds apart, so a slow
    spell of the machine, which moves both, cancels out."""
    ratios = [
        b[field] / a[field]
        for a, b in zip(base["rounds"], other["rounds"], strict=False)
        if a[field] > 0
    ]
    return statistics.median(ratios) if ratios else float("inf")


def _memory_target(server: str, facts: list[dict[str, Any]]) -> Target:
    name = f"memory does not grow with instances (RSS at 1,000,000 <= {MEMORY_GROWTH}x 1,000)"
    small = find(facts, section="scale", server=server, instances=SMALL)
    large = find(facts, section="scale", server=server, instances=LARGE)
    if small is None or large is None:
        return Target(server, name, None, "not measured")
    ratio = large["rss_after_load_kib"] / small["rss_after_load_kib"]
    return Target(
        server,
        name,
        ratio <= MEMORY_GROWTH,
        f"RSS after load {small['rss_after_load_kib'] / 1024:.1f} -> "
        f"{large['rss_after_load_kib'] / 1024:.1f} MiB ({ratio:.2f}x)",
    )


def _queue_targets(server: str, rows: list[dict[str, Any]]) -> list[Target]:
    queues = [row for row in rows if row["section"] == "queues"]

    def at(name: str, operation: str) -> dict[str, Any] | None:
        return find(queues, server=name, operation=operation, connections=TARGET_CONNECTIONS)

    return [
        _ratio_target(
            server,
            f"{operation} >= {least}x the ceiling's req/s (32 connections)",
            at(server, operation),
            at(CEILING, operation),
            least,
        )
        for operation, least in QUEUE_TARGETS
    ]


def judge(rows: list[dict[str, Any]], facts: list[dict[str, Any]]) -> list[Target]:
    compare = [row for row in rows if row["section"] == "compare"]

    def at(server: str, operation: str) -> dict[str, Any] | None:
        return find(compare, server=server, operation=operation, connections=TARGET_CONNECTIONS)

    targets: list[Target] = []
    for server in EMULATORS:
        if not any(row["server"] == server for row in rows):
            continue
        describe = at(server, "DescribeInstance")
        targets.append(
            _ratio_target(
                server,
                "DescribeInstance >= 0.5x the ceiling's req/s (32 connections)",
                describe,
                at(CEILING, "DescribeInstance"),
                0.5,
            )
        )
        targets.append(
            _ratio_target(
                server,
                "DescribeInstance >= 15x moto's req/s (32 connections)",
                describe,
                at(MOTO, "DescribeInstance"),
                15,
            )
        )
        targets.append(
            _ratio_target(
                server,
                "CreateInstance >= 0.25x the ceiling's req/s (32 connections)",
                at(server, "CreateInstance"),
                at(CEILING, "CreateInstance"),
                0.25,
            )
        )
        name = "DescribeInstance p99 <= 5 ms at 32 connections"
        if describe is None:
            targets.append(Target(server, name, None, "not measured"))
        else:
            met = describe["p99_ms"] <= 5
            targets.append(Target(server, name, met, f"p99 {ms(describe['p99_ms'])} ms"))
        targets.extend(_scale_targets(server, rows))
        targets.append(_memory_target(server, facts))
        targets.extend(_queue_targets(server, rows))
    return targets
