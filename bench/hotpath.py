"""Per-request CPU of the emulator's own code, in process, stage by stage: a quick loop for
hot-path work between full ``bench/run`` measurements (no HTTP, no wrk, no other process).

    .venv/bin/python -m bench.hotpath            # every stage, microseconds per request
    .venv/bin/python -m bench.hotpath --stage all --seconds 2
    .venv/bin/python -m bench.hotpath --only queues   # DescribeQueue, ListQueues, CreateQueue

The emulator is built as ``serve`` builds it (SQLite file, credentials, limits dev, instant
provisioning); requests are the ones ``bench/run`` replays (boto3's headers, botocore's
signature). Figures are medians of five timed batches, so a noisy neighbour shows as spread.

The queue figures come from an emulator of their own (so the instance figures stay as they
were): one instance made ACTIVE by running its provisioning job, the queues bench/queues.py
makes (50 with BasicQueue), DescribeQueue of one, ListQueues of all 50 (maxResults 100) and
CreateQueue with a new Name each time. Skipped, saying so, while the emulator has no queues.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.ceiling import (
    QUEUE_DESCRIPTION,
    QUEUE_MAX_CONTACTS,
    QUEUE_PAGE_SIZE,
    QUEUES_PRESENT,
    queue_name,
)
from bench.signing import Key, Signer
from connect_emulator.app import Emulator, build_emulator
from connect_emulator.config import Settings
from connect_emulator.gateway.pipeline import Pipeline
from connect_emulator.protocol.http import HttpRequest
from connect_emulator.protocol.parser import parse_request
from connect_emulator.protocol.serializer import serialize_result
from connect_emulator.protocol.validation import validate
from connect_emulator.provider.context import RequestContext

ACCOUNT = "111122223333"
HOST = "127.0.0.1:4566"
BATCH = 32


def to_request(raw: bytes) -> HttpRequest:
    """The HttpRequest the HTTP edge would make of these bytes."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ")
    path, _, query = target.partition("?")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return HttpRequest(method, path, query, headers, body)


def timed(call: Callable[[], object], seconds: float) -> float:
    """Median microseconds per call over five batches."""
    batch = 1
    while True:  # size a batch to about seconds / 5
        start = time.perf_counter()
        for _ in range(batch):
            call()
        spent = time.perf_counter() - start
        if spent > seconds / 50:
            break
        batch *= 2
    per_batch = max(1, int(batch * (seconds / 5) / spent))
    figures = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(per_batch):
            call()
        figures.append((time.perf_counter() - start) / per_batch * 1e6)
    return statistics.median(figures)


def stages(pipeline: Pipeline, request: HttpRequest) -> dict[str, Callable[[], object]]:
    """Each step of Pipeline._handle on its own, fed what the previous step made."""
    auth = pipeline._authenticator
    router = pipeline._router
    principal = auth.authenticate(request)
    route = router.match(request.method, request.raw_path)
    operation = route.operation

    def parse() -> dict[str, object]:
        params = parse_request(
            operation, route.labels, request.query_string, request.headers, request.body
        )
        if operation.input_shape is not None:
            validate(operation.input_shape, params)
        return params

    params = parse()
    context = RequestContext(principal.account_id, principal.region)
    handler = pipeline._handlers[operation.name]
    read_only = not operation.name.startswith("Create")
    result = handler(context, params) if read_only else None
    out: dict[str, Callable[[], object]] = {
        "auth": lambda: auth.authenticate(request),
        "route": lambda: router.match(request.method, request.raw_path),
        "parse+validate": parse,
    }
    if read_only:
        out["provider+store"] = lambda: handler(context, params)
        out["serialize"] = lambda: serialize_result(operation, result)
    return out


def _build(workdir: Path, key: Key) -> Emulator:
    """The emulator as ``serve`` builds it, on a data directory in ``workdir``."""
    credentials = workdir / "credentials.json"
    credentials.write_text(json.dumps(key.credentials_document()))
    return build_emulator(
        Settings(
            data_dir=workdir / "data",
            credentials_file=credentials,
            provisioning_delay=0.0,
            log_level="warning",
        )
    )


def instance_figures(key: Key, signer: Signer, seconds: float, stage: str) -> dict[str, Any]:
    """DescribeInstance, ListInstances and CreateInstance (alone and 32 per commit)."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as workdir:
        emulator = _build(Path(workdir), key)
        pipeline: Pipeline = emulator.app._handlers.api.__self__  # type: ignore[attr-defined]
        handle = pipeline.handle
        created = json.loads(handle(to_request(signer.create("hotpath-seed"))).body)
        for n in range(30):
            handle(to_request(signer.create(f"hotpath-list-{n}")))
        describe = to_request(signer.describe(created["Id"]))
        listing = to_request(signer.list())
        counter = iter(range(10**9))
        creates = [to_request(signer.create(f"hp-{n}")) for n in range(40000)]

        def create() -> object:
            response = handle(creates[next(counter)])
            assert response.status == 200, response.body
            return response

        for name, request in (("DescribeInstance", describe), ("ListInstances", listing)):
            assert handle(request).status == 200
            results[name] = {"total": timed(lambda r=request: handle(r), seconds)}  # type: ignore[misc]
            if stage == "all":
                for part, call in stages(pipeline, request).items():
                    results[name][part] = timed(call, seconds)
        results["CreateInstance"] = {"total": timed(create, min(seconds, 1.0))}
        open_batch = emulator.store.open_batch

        def create_batched() -> object:
            # As the dispatcher answers 32 connections' creates arriving in one turn.
            batch = open_batch()
            for _ in range(BATCH):
                create()
            batch.commit()
            return None

        batched = timed(create_batched, min(seconds, 1.0)) / BATCH
        results["CreateInstance"][f"total, {BATCH} per commit"] = batched
        if stage == "all":
            for part, call in stages(pipeline, creates[next(counter)]).items():
                results["CreateInstance"][part] = timed(call, seconds)
        emulator.store.close()
    return results


def queue_figures(workdir: Path, key: Key, seconds: float, stage: str) -> dict[str, Any]:
    """DescribeQueue, ListQueues and CreateQueue on an emulator of their own; {} without queues."""
    signer = Signer(key, HOST)
    emulator = _build(workdir, key)
    pipeline: Pipeline = emulator.app._handlers.api.__self__  # type: ignore[attr-defined]
    handle = pipeline.handle
    results: dict[str, Any] = {}
    try:
        if "CreateQueue" not in pipeline._handlers:
            return results
        instance_id = json.loads(handle(to_request(signer.create("hotpath-queues"))).body)["Id"]
        # No worker runs here: provisioning (and the default resources) by hand.
        while emulator.controls._lifecycle.run_due():
            pass
        hours = json.loads(
            handle(
                to_request(signer.raw("GET", f"/hours-of-operations-summary/{instance_id}"))
            ).body
        )["HoursOfOperationSummaryList"]
        template = {
            "Description": QUEUE_DESCRIPTION,
            "HoursOfOperationId": next(h["Id"] for h in hours if h["Name"] == "Basic Hours"),
            "MaxContacts": QUEUE_MAX_CONTACTS,
        }

        def create_request(name: str) -> HttpRequest:
            return to_request(signer.create_queue(instance_id, {"Name": name, **template}))

        seeded = [handle(create_request(queue_name(n))) for n in range(1, QUEUES_PRESENT)]
        assert all(r.status == 200 for r in seeded), seeded[0].body
        queue_id = json.loads(seeded[0].body)["QueueId"]
        describe = to_request(signer.describe_queue(instance_id, queue_id))
        listing = to_request(signer.list_queues(instance_id, QUEUE_PAGE_SIZE))
        page = json.loads(handle(listing).body)["QueueSummaryList"]
        assert len(page) == QUEUES_PRESENT, len(page)
        for name, request in (("DescribeQueue", describe), ("ListQueues", listing)):
            assert handle(request).status == 200
            results[name] = {"total": timed(lambda r=request: handle(r), seconds)}  # type: ignore[misc]
            if stage == "all":
                for part, call in stages(pipeline, request).items():
                    results[name][part] = timed(call, seconds)
        counter = iter(range(10**9))
        creates = [create_request(f"hp-{n:07d}") for n in range(40000)]

        def create() -> object:
            response = handle(creates[next(counter)])
            assert response.status == 200, response.body
            return response

        def create_batched() -> object:
            batch = emulator.store.open_batch()
            for _ in range(BATCH):
                create()
            batch.commit()
            return None

        results["CreateQueue"] = {"total": timed(create, min(seconds, 1.0))}
        batched = timed(create_batched, min(seconds, 1.0)) / BATCH
        results["CreateQueue"][f"total, {BATCH} per commit"] = batched
        if stage == "all":
            for part, call in stages(pipeline, creates[next(counter)]).items():
                results["CreateQueue"][part] = timed(call, seconds)
    finally:
        emulator.store.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="per figure")
    parser.add_argument("--stage", choices=["all", "total"], default="all")
    parser.add_argument(
        "--only", choices=["instances", "queues"], help="one family's figures (default both)"
    )
    args = parser.parse_args(argv)
    key = Key.generate(ACCOUNT)
    signer = Signer(key, HOST)
    results: dict[str, Any] = {}
    if args.only != "queues":
        results.update(instance_figures(key, signer, args.seconds, args.stage))
    if args.only != "instances":
        with tempfile.TemporaryDirectory() as workdir:
            found = queue_figures(Path(workdir), key, args.seconds, args.stage)
        if not found:
            print("queues: the emulator has no CreateQueue yet, no queue figures")
        results.update(found)
    for operation, figures in results.items():
        parts = ", ".join(f"{stage} {us:.1f}" for stage, us in figures.items())
        print(f"{operation:17} us/request: {parts}")


if __name__ == "__main__":
    main()
