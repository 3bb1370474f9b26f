"""The run's figures as Markdown tables, and the issue's targets judged from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bench.measure import CEILING, MOTO
from bench.servers import EMULATOR_SHIPPED, EMULATOR_UVLOOP

TARGET_CONNECTIONS = 32
SMALL = 1_000
EMULATORS = (EMULATOR_SHIPPED, EMULATOR_UVLOOP)
PROFILE_ROWS = 15


def find(rows: Iterable[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    for row in rows:
        if all(row.get(key) == value for key, value in match.items()):
            return row
    return None


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def _disturbance(row: dict[str, Any]) -> str:
    """CPU that other processes and the hypervisor took from the server's core (worst round)."""
    return f"{row['other_cpu_pct']:.0f}%, {row['steal_pct']:.0f}%"


def ms(value: float) -> str:
    return f"{value:.2f}"


def compare_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| operation | conns | server | req/s | x ceiling | p50 ms | x ceiling | p99 ms "
        "| x ceiling | req/s x moto | server CPU us/req | core 0: others, steal |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        base = find(
            rows, server=CEILING, operation=row["operation"], connections=row["connections"]
        )
        moto = find(rows, server=MOTO, operation=row["operation"], connections=row["connections"])
        versus_moto = _ratio(row["rps"], moto["rps"]) if moto and row["server"] in EMULATORS else ""
        flags = " (pool used up)" if row["ran_dry"] else ""
        flags += f" ({row['errors']} errors)" if row["errors"] else ""
        lines.append(
            f"| {row['operation']} | {row['connections']} | {row['server']}{flags} "
            f"| {row['rps']:,.0f} | {_ratio(row['rps'], base['rps']) if base else '-'} "
            f"| {ms(row['p50_ms'])} | {_ratio(row['p50_ms'], base['p50_ms']) if base else '-'} "
            f"| {ms(row['p99_ms'])} | {_ratio(row['p99_ms'], base['p99_ms']) if base else '-'} "
            f"| {versus_moto} | {row['server_cpu_us_per_request']:,.0f} "
            f"| {_disturbance(row)} |"
        )
    return "\n".join(lines)


def scale_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| server | instances | operation | conns | req/s | p50 ms | p99 ms | p50 x 1,000 "
        "| p99 x 1,000 | server CPU us/req | core 0: others, steal |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        small = find(
            rows,
            server=row["server"],
            operation=row["operation"],
            connections=row["connections"],
            instances=SMALL,
        )
        lines.append(
            f"| {row['server']} | {row['instances']:,} | {row['operation']} "
            f"| {row['connections']} | {row['rps']:,.0f} | {ms(row['p50_ms'])} "
            f"| {ms(row['p99_ms'])} "
            f"| {_ratio(row['p50_ms'], small['p50_ms']) if small else '-'} "
            f"| {_ratio(row['p99_ms'], small['p99_ms']) if small else '-'} "
            f"| {row['server_cpu_us_per_request']:,.0f} | {_disturbance(row)} |"
        )
    return "\n".join(lines)


def facts_table(facts: list[dict[str, Any]]) -> str:
    lines = [
        "| section | server | instances | start: ready file s | start: health 200 s "
        "| RSS after start MiB | RSS after load MiB | peak RSS MiB |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for fact in facts:
        ready_file = fact["ready_file_seconds"]
        instances = "" if fact["instances"] is None else f"{fact['instances']:,}"
        lines.append(
            f"| {fact['section']} | {fact['server']} | {instances} "
            f"| {'-' if ready_file is None else f'{ready_file:.2f}'} "
            f"| {fact['ready_seconds']:.2f} | {fact['rss_start_kib'] / 1024:.1f} "
            f"| {fact['rss_after_load_kib'] / 1024:.1f} | {fact['peak_rss_kib'] / 1024:.1f} |"
        )
    return "\n".join(lines)


def queue_notes(summary: dict[str, Any]) -> str:
    """What the queues section says beside its table: who is not in it, and the body sizes."""
    lines = [f"- {note}" for note in summary.get("notes", [])]
    sizes = summary.get("answer_bytes", {})
    if sizes:
        operations = list(next(iter(sizes.values())))
        lines.append(
            "- Answer bodies, bytes ("
            + ", ".join(sizes)
            + "): "
            + "; ".join(
                f"{operation} {' / '.join(str(sizes[server][operation]) for server in sizes)}"
                for operation in operations
            )
            + "."
        )
    return "\n".join(lines)


def targets_table(targets: list[dict[str, Any]]) -> str:
    lines = ["| server | target | met | numbers |", "|---|---|---|---|"]
    verdict = {True: "met", False: "MISSED", None: "not measured"}
    for target in targets:
        lines.append(
            f"| {target['server']} | {target['target']} | {verdict[target['met']]} "
            f"| {target['detail']} |"
        )
    return "\n".join(lines)


def profile_tables(profiles: dict[str, Any]) -> str:
    parts = []
    for server, operations in profiles.items():
        for operation, summary in operations.items():
            parts.append(
                f"#### {server}, {operation}: {summary['rps']:,.0f} req/s under py-spy, "
                f"{summary['cpu_us_per_request']:,.0f} us of server CPU per request, "
                f"{summary['samples']:,} samples ({summary['flame_graph']})\n"
            )
            for title, key in (
                (
                    "innermost connect_emulator function (self + the libraries it calls)",
                    "by_project_function",
                ),
                ("connect_emulator function, inclusive", "inclusive_project"),
            ):
                parts.append(f"| {title} | share | us/request |")
                parts.append("|---|--:|--:|")
                parts.extend(
                    f"| `{entry['function']}` | {entry['share_pct']}% | {entry['us_per_request']} |"
                    for entry in summary[key][:PROFILE_ROWS]
                )
                parts.append("")
    return "\n".join(parts)


def render(document: dict[str, Any]) -> str:
    machine = document["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    sections = [
        f"Command: `{document['command']}` ({document['started_utc']}, "
        f"{document['wall_seconds'] / 60:.1f} min)\n",
        f"Machine: {machine['cores']} x {machine['cpu']}, {machine['memory_gib']} GiB, "
        f"Linux {machine['kernel']}, Python {machine['python']}; {versions}. Servers on core "
        f"{machine['server_core']}, wrk on the other.\n",
    ]
    source = document.get("source", {})
    if source:
        changed = source["uncommitted_src_changes"]
        sections.append(
            f"Source: commit {source['commit']}"
            + (f", with uncommitted changes to {len(changed)} file(s) in src/" if changed else "")
            + ".\n"
        )
    at_end = document.get("source_at_end", source)
    if {k: v for k, v in at_end.items() if k != "commit"} != {
        k: v for k, v in source.items() if k != "commit"
    }:
        sections.append(
            f"**src/ changed while this ran** (at the end: {at_end}): servers "
            "started after the change ran the newer code.\n"
        )
    rows, facts = document["rows"], document["facts"]
    compare = [row for row in rows if row["section"] == "compare"]
    queues = [row for row in rows if row["section"] == "queues"]
    scale = [row for row in rows if row["section"] == "scale"]
    if compare:
        sections += ["### Side by side\n", compare_table(compare), ""]
    if queues or document.get("queues"):
        sections.append("### Queues, side by side\n")
        if queues:
            sections += [compare_table(queues), ""]
        sections += [queue_notes(document.get("queues", {})), ""]
    if scale:
        sections += ["### Scale\n", scale_table(scale), ""]
    if facts:
        sections += ["### Start-up and memory\n", facts_table(facts), ""]
    if document["targets"]:
        sections += ["### Targets\n", targets_table(document["targets"]), ""]
    if document.get("profile"):
        sections += ["### Profile\n", profile_tables(document["profile"])]
    return "\n".join(sections)
