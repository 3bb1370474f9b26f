"""A PostgreSQL restart under load (issue 14): the database of a server taking concurrent
CreateInstance calls is stopped and started again. The server process lives through it; every
failed call is an AWS error (InternalServiceException), never a dropped connection; service
resumes within a second of the database; and every acknowledged instance is there once,
and completes.

The database is stopped for real, so the cluster is the test's own
(``tests/support/private_postgres.py``): the machine's PostgreSQL is shared by other tests.
``CONNECT_EMULATOR_DB_RESTARTS`` sets the number of restarts (1 by default, about 3 s each).
"""

from __future__ import annotations

import os
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.postgres import PostgresServer
from tests.support.private_postgres import PrivateCluster, private_cluster
from tests.support.server import EmulatorProcess

pytestmark = pytest.mark.postgres

# Restarts in one run: 1 in CI, more for a long run.
RESTARTS = int(os.environ.get("CONNECT_EMULATOR_DB_RESTARTS", "1"))
WRITERS = 4
# Load before the stop, the database down, and load after it is back.
BEFORE, DOWN, AFTER = 0.7, 0.5, 1.5
# "Within a second of the database", with what a busy two-core machine adds to one call.
RESUMED_WITHIN = 1.0


@dataclass(frozen=True)
class Call:
    sent: float
    done: float
    outcome: str  # "ok", an AWS error code, or "connection"
    instance_id: str | None = None


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as started:
        yield started


def health(url: str) -> int:
    with urllib.request.urlopen(url + "/_emulator/health", timeout=5) as reply:
        return int(reply.status)


def listing(url: str) -> list[tuple[str, str]]:
    """Every instance ListInstances pages through: its id and status, repeats included."""
    pages = connect_client(url).get_paginator("list_instances").paginate()
    return [(s["Id"], s["InstanceStatus"]) for page in pages for s in page["InstanceSummaryList"]]


def test_a_database_restart_under_load_costs_errors_only_while_it_is_down(
    cluster: PrivateCluster,
) -> None:
    database_url = PostgresServer(cluster.admin_url).create_database()
    server = EmulatorProcess(
        "--database-url", database_url, "--provisioning-delay", "0", "--log-level", "warning"
    )
    try:
        server.start()
        calls: list[Call] = []
        lock = threading.Lock()
        stop = threading.Event()
        # Made here: boto3 builds clients unsafely across threads.
        clients = [connect_client(server.url) for _ in range(WRITERS)]

        def write(index: int) -> None:
            while not stop.is_set():
                sent = time.monotonic()
                try:
                    call = Call(sent, time.monotonic(), "ok", create(clients[index])["Id"])
                except ClientError as error:
                    call = Call(sent, time.monotonic(), error.response["Error"]["Code"])
                except (BotoCoreError, OSError):
                    call = Call(sent, time.monotonic(), "connection")
                with lock:
                    calls.append(call)

        writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for writer in writers:
            writer.start()
        restarts: list[tuple[float, float]] = []  # when each stop began, when it was back
        try:
            time.sleep(BEFORE)
            for _ in range(RESTARTS):
                stopping = time.monotonic()
                cluster.stop()
                time.sleep(DOWN)
                assert health(server.url) == 200  # the database is down, the server is not
                cluster.start()
                restarts.append((stopping, time.monotonic()))
                time.sleep(AFTER)
        finally:
            stop_at = time.monotonic()
            stop.set()
            for writer in writers:
                writer.join(30)

        assert health(server.url) == 200
        outcomes = {call.outcome for call in calls}
        assert "connection" not in outcomes, "a call lost its connection instead of an answer"
        assert outcomes == {"ok", "InternalServiceException"}, outcomes
        before = [c for c in calls if c.done < restarts[0][0] and c.outcome == "ok"]
        assert len(before) >= WRITERS, "the load never got going"
        resumed, erring = [], []
        # Each restart's load runs until the next stop, or the end of the load.
        ends = [stopping for stopping, _ in restarts[1:]] + [stop_at]
        for (stopping, back), next_stop in zip(restarts, ends, strict=True):
            first_ok = min(c.done for c in calls if c.sent >= back and c.outcome == "ok")
            resumed.append(first_ok - back)
            # How long clients saw errors: from the first failure's answer to service again.
            failures = [c.done for c in calls if c.done >= stopping and c.outcome != "ok"]
            erring.append(first_ok - min(failures))
            late = [c for c in calls if back + RESUMED_WITHIN <= c.sent and c.done < next_stop]
            assert late, "no load after the database came back"
            assert {c.outcome for c in late} == {"ok"}, "errors after service had resumed"
        assert max(resumed) < RESUMED_WITHIN, resumed

        acknowledged = {c.instance_id for c in calls if c.instance_id is not None}
        listed = listing(server.url)
        assert len(listed) == len({i for i, _ in listed}), "an instance was listed twice"
        missing = acknowledged - {i for i, _ in listed}
        assert not missing, f"{len(missing)} acknowledged instances were lost"
        # Every one completes (the provisioning delay is 0: the worker's next steps).
        deadline = time.monotonic() + 10
        while {status for _, status in listed} != {"ACTIVE"} and time.monotonic() < deadline:
            time.sleep(0.1)
            listed = listing(server.url)
        assert {status for _, status in listed} == {"ACTIVE"}

        log = server.log()
        assert "database is back" in log, log
        # Tracebacks only from the outage log (one per outage, its first failure's): the only
        # errors logged (a traceback of its own would come with an error of its own).
        errors = re.findall(r"^\S+ \S+ ERROR \[\d+\] (\S+): (.*)$", log, re.MULTILINE)
        assert 1 <= len(errors) <= RESTARTS, log
        for logger, message in errors:
            assert logger == "connect_emulator.storage.outage_log", log
            assert message.startswith("database unavailable"), log
        failed = [c for c in calls if c.outcome != "ok"]
        print(
            f"database restarts: {RESTARTS} (stopped {DOWN} s each), {len(calls)} calls, "
            f"{len(failed)} failed (all InternalServiceException, no connection dropped), "
            f"service back {max(resumed) * 1000:.0f} ms after the database at worst, "
            f"clients saw errors for {min(erring):.2f} to {max(erring):.2f} s a restart, "
            f"{len(acknowledged)} acknowledged instances all listed once and ACTIVE"
        )
    finally:
        server.close()
