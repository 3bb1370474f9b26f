"""Kill the server with SIGKILL under a steady CreateInstance load, restart it, again and again,
on each backend: every instance whose CreateInstance was answered 200 is there afterwards, once;
nothing is half-written; and every in-progress instance still reaches ACTIVE.

``CONNECT_EMULATOR_CRASH_CYCLES`` sets the number of kills per backend (3 by default, a few
seconds each; 20 or more for a long run). PostgreSQL runs on a database of the test's own on
the machine's server (``tests/support/postgres.py``); only the emulator is killed.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from tests.integration.helpers import unique_alias
from tests.support.clients import connect_client
from tests.support.postgres import require_server
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

CYCLES = int(os.environ.get("CONNECT_EMULATOR_CRASH_CYCLES", "3"))
WRITERS = 4
# Load before each kill.
LOAD_SECONDS = 0.6
# Long enough that the kills land while instances are still in progress.
PROVISIONING_DELAY = 3.0


def write(
    client: ConnectClient, stop: threading.Event, acknowledged: dict[str, str], lock: threading.Lock
) -> None:
    """Creates instances until ``stop`` or the server dies; records each acknowledged one."""
    while not stop.is_set():
        alias = unique_alias()
        try:
            reply = client.create_instance(
                IdentityManagementType="CONNECT_MANAGED",
                InstanceAlias=alias,
                InboundCallsEnabled=True,
                OutboundCallsEnabled=False,
            )
        except (BotoCoreError, ClientError, OSError):
            return  # the server died under us: this create was never acknowledged
        if not reply.get("Id"):
            # The kill fell between the response head and its body: botocore hands back the
            # 200 without a body. The client never learned an Id, so nothing was acknowledged.
            return
        with lock:
            acknowledged[reply["Id"]] = alias


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """The server's storage options: its data directory's SQLite, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield []
    else:
        with require_server().database() as url:
            yield ["--database-url", url]


def test_acknowledged_creates_survive_repeated_sigkills(backend: list[str], tmp_path: Path) -> None:
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    args = (*backend, "--provisioning-delay", str(PROVISIONING_DELAY), "--log-level", "warning")
    data_dir = tmp_path / "data"
    server = EmulatorProcess(*args, data_dir=data_dir).start()
    started = time.monotonic()
    try:
        for _ in range(CYCLES):
            stop = threading.Event()
            # Made here: boto3 builds clients unsafely across threads.
            clients = [connect_client(server.url) for _ in range(WRITERS)]

            writers = [
                threading.Thread(target=write, args=(client, stop, acknowledged, lock))
                for client in clients
            ]
            for writer in writers:
                writer.start()
            time.sleep(LOAD_SECONDS)
            server.kill()
            stop.set()
            for writer in writers:
                writer.join(timeout=30)
            server.close()
            server = EmulatorProcess(*args, data_dir=data_dir).start()

        assert len(acknowledged) > CYCLES * 10, "the load never got going"
        # The last restart keeps the original schedule: jobs due 3 s after their creation.
        connect = connect_client(server.url)

        def listing() -> list[dict[str, str]]:
            """Id, alias and status of every instance listed, repeats included."""
            pages = connect.get_paginator("list_instances").paginate()
            return [
                {key: str(item.get(key)) for key in ("Id", "InstanceAlias", "InstanceStatus")}
                for page in pages
                for item in page["InstanceSummaryList"]
            ]

        listed = listing()
        ids = [item["Id"] for item in listed]
        assert len(ids) == len(set(ids)), "an instance was listed twice"
        aliases = [item["InstanceAlias"] for item in listed]
        assert len(aliases) == len(set(aliases)), "an alias was listed twice"
        missing = set(acknowledged) - set(ids)
        assert not missing, f"{len(missing)} acknowledged instances were lost"
        by_id = {item["Id"]: item for item in listed}
        for instance_id, alias in acknowledged.items():
            assert by_id[instance_id]["InstanceAlias"] == alias
        # Nothing half-written: every listed instance reaches ACTIVE, the acknowledged ones
        # and those created but not acknowledged before a kill (which may exist).
        deadline = time.monotonic() + PROVISIONING_DELAY + 15
        while {item["InstanceStatus"] for item in listed} != {"ACTIVE"}:
            assert time.monotonic() < deadline, {item["InstanceStatus"] for item in listed}
            time.sleep(0.2)
            listed = listing()
        assert {item["Id"] for item in listed} == set(ids)
        print(
            f"crash loop ({'postgres' if backend else 'sqlite'}): {CYCLES} SIGKILLs, "
            f"{len(acknowledged)} acknowledged creates, {len(ids)} instances listed, "
            f"none lost or listed twice, all ACTIVE; {time.monotonic() - started:.1f} s"
        )
    finally:
        server.close()
