"""``python -m bench`` (what bench/run starts): the whole benchmark, one command.

    bench/run                    compare and queues: 9 s per figure in 3 rounds; scale: 6
                                 rounds of 2 s (about 13 minutes)
    bench/run --quick            2 s per figure, 1 round, 1 and 32 connections (about 4 minutes)
    bench/run --profile          also profile the emulator under load with py-spy (+1 minute)
    bench/run --only profile     just the profiles
    bench/run --only queues      just CreateQueue, DescribeQueue and ListQueues (ceiling and
                                 connect-emulator; moto has no queues)
    bench/run --no-1m            scale with 1,000 instances only (saves the 40 s insert)

Writes bench/results/latest.json and latest.md (--quick: quick.json and quick.md), and with
the profiles latest-<server>-<operation>.svg and .txt beside them (named after --output).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.compare import run_compare
from bench.machine import describe_machine, describe_source
from bench.measure import CEILING, MOTO, Facts, Plan, Row
from bench.profiling import run_profile
from bench.queues import run_queues
from bench.report import render
from bench.scale import run_scale
from bench.servers import EMULATOR_SHIPPED, EMULATOR_UVLOOP, ROOT, write_credentials
from bench.signing import MAX_REPLAY_SECONDS, Key
from bench.targets import judge

ACCOUNT = "111122223333"
SECTIONS = ("compare", "queues", "scale", "profile")
SERVERS = (CEILING, MOTO, EMULATOR_SHIPPED, EMULATOR_UVLOOP)
EMULATORS = (EMULATOR_SHIPPED, EMULATOR_UVLOOP)
QUEUE_SERVERS = (CEILING, EMULATOR_SHIPPED, EMULATOR_UVLOOP)  # moto has no queue operations


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part)


def _names(allowed: Sequence[str]) -> Any:
    def parse(text: str) -> tuple[str, ...]:
        names = tuple(part for part in text.split(",") if part)
        unknown = set(names) - set(allowed)
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown: {', '.join(sorted(unknown))}")
        return names

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="connect-emulator against a bare ASGI ceiling and moto, and at scale.",
    )
    parser.add_argument("--quick", action="store_true", help="2 s per measurement, 1 and 32 conns")
    parser.add_argument("--seconds", type=int, help="seconds per measurement (default 9)")
    parser.add_argument(
        "--rounds", type=int, help="turns each measurement is split into (default 3, --quick 1)"
    )
    parser.add_argument("--connections", type=_numbers, help="default 1,8,32 (--quick: 1,32)")
    parser.add_argument(
        "--scale-rounds", type=int, help="scale: rounds of 2 s per figure (default 6, --quick 2)"
    )
    parser.add_argument("--servers", type=_names(SERVERS), default=SERVERS)
    parser.add_argument("--scale-sizes", type=_numbers, default=(1_000, 1_000_000))
    parser.add_argument("--no-1m", action="store_true", help="scale with 1,000 instances only")
    parser.add_argument("--scale-connections", type=_numbers, default=(32,))
    parser.add_argument("--scale-servers", type=_names(EMULATORS), default=(EMULATOR_SHIPPED,))
    parser.add_argument("--profile-servers", type=_names(EMULATORS), default=(EMULATOR_SHIPPED,))
    parser.add_argument(
        "--queue-servers",
        type=_names(QUEUE_SERVERS),
        default=(CEILING, EMULATOR_SHIPPED),
        help="servers of the queues section (default ceiling,connect-emulator)",
    )
    parser.add_argument("--profile", action="store_true", help="also run the py-spy profiles")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run just these")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument(
        "--settle",
        type=float,
        default=5.0,
        help="before each measurement, wait up to this many seconds for an idle machine",
    )
    parser.add_argument("--output", type=Path, help="default bench/results/latest.json")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only rewrite JSON's .md from it, and print it"
    )
    return parser


def _plan(args: argparse.Namespace, workdir: Path, output: Path) -> Plan:
    seconds = args.seconds or (2 if args.quick else 9)
    rounds = args.rounds or (1 if args.quick else 3)
    scale_rounds = args.scale_rounds or (2 if args.quick else 6)
    if not 1 <= seconds <= MAX_REPLAY_SECONDS:
        raise SystemExit(f"--seconds must be 1..{MAX_REPLAY_SECONDS} (signatures expire)")
    key = Key.generate(ACCOUNT)
    sizes = tuple(size for size in args.scale_sizes if not (args.no_1m and size >= 1_000_000))
    return Plan(
        seconds=seconds,
        rounds=max(1, min(rounds, seconds)),
        scale_rounds=max(1, scale_rounds),
        scale_round_seconds=1 if args.quick else 2,
        connections=args.connections or ((1, 32) if args.quick else (1, 8, 32)),
        servers=args.servers,
        scale_sizes=sizes,
        scale_connections=args.scale_connections,
        scale_servers=args.scale_servers,
        profile_servers=args.profile_servers,
        queue_servers=args.queue_servers,
        threads=args.wrk_threads,
        settle_seconds=args.settle,
        workdir=workdir,
        artifacts=output.with_suffix(""),
        key=key,
        credentials=write_credentials(key, workdir),
    )


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.render is not None:
        markdown = render(json.loads(args.render.read_text("utf-8")))
        args.render.with_suffix(".md").write_text(markdown, encoding="utf-8")
        print(markdown)
        return
    sections = args.only or [
        "compare",
        "queues",
        "scale",
        *(["profile"] if args.profile else []),
    ]
    output = args.output or ROOT / "bench" / "results" / ("quick" if args.quick else "latest")
    output = output.with_suffix(".json")
    began = time.monotonic()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rows: list[Row] = []
    facts: list[Facts] = []
    document: dict[str, Any] = {"command": " ".join(["bench/run", *argv]), "started_utc": started}
    with tempfile.TemporaryDirectory(prefix="connect-emulator-bench-") as scratch:
        plan = _plan(args, Path(scratch), output)
        output.parent.mkdir(parents=True, exist_ok=True)
        document["machine"] = describe_machine()
        document["source"] = describe_source()
        document["plan"] = plan.to_json()
        if "compare" in sections:
            compare_rows, compare_facts = run_compare(plan)
            rows += compare_rows
            facts += compare_facts
        if "queues" in sections:
            queue_rows, queue_facts, document["queues"] = run_queues(plan)
            rows += queue_rows
            facts += queue_facts
        if "scale" in sections and plan.scale_sizes:
            scale_rows, scale_facts, databases = run_scale(plan)
            rows += scale_rows
            facts += scale_facts
            document["databases"] = databases
        if "profile" in sections:
            document["profile"] = run_profile(plan)
    document["source_at_end"] = describe_source()
    document["rows"] = [row.to_json() for row in rows]
    document["facts"] = [fact.to_json() for fact in facts]
    document["targets"] = [
        target.to_json() for target in judge(document["rows"], document["facts"])
    ]
    document["wall_seconds"] = round(time.monotonic() - began, 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    markdown = render(document)
    output.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print("\n" + markdown)
    print(f"\nwrote {output} and {output.with_suffix('.md')}")


if __name__ == "__main__":
    main()
