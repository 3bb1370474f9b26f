"""Kill the server with SIGKILL under a steady CreateInstance load, again and again: every
instance whose CreateInstance was answered 200 is there afterwards, nothing is half-written,
and every in-progress instance still reaches ACTIVE.

``CONNECT_EMULATOR_CRASH_CYCLES`` sets the number of kills (3 by default; 20 or more for a
long run).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from tests.integration.helpers import unique_alias, wait_settled
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

CYCLES = int(os.environ.get("CONNECT_EMULATOR_CRASH_CYCLES", "3"))
WRITERS = 4


def test_acknowledged_creates_survive_repeated_sigkills(tmp_path: Path) -> None:
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    data_dir = tmp_path / "data"
    # A long delay so the kills land while instances are still in progress.
    server = EmulatorProcess(
        "--provisioning-delay", "3", "--log-level", "warning", data_dir=data_dir
    ).start()
    try:
        for _ in range(CYCLES):
            stop = threading.Event()
            url = server.url

            def write(url: str = url, stop: threading.Event = stop) -> None:
                connect = connect_client(url)
                while not stop.is_set():
                    alias = unique_alias()
                    try:
                        reply = connect.create_instance(
                            IdentityManagementType="CONNECT_MANAGED",
                            InstanceAlias=alias,
                            InboundCallsEnabled=True,
                            OutboundCallsEnabled=False,
                        )
                    except (BotoCoreError, ClientError, OSError):
                        return  # the server died under us: this create was never acknowledged
                    if not reply.get("Id"):
                        # The kill fell between the response head and its body: botocore
                        # hands back the 200 without a body. The client never learned an Id,
                        # so nothing was acknowledged to it.
                        return
                    with lock:
                        acknowledged[reply["Id"]] = alias

            writers = [threading.Thread(target=write) for _ in range(WRITERS)]
            for writer in writers:
                writer.start()
            time.sleep(0.6)
            server.kill()
            stop.set()
            for writer in writers:
                writer.join(timeout=30)
            server.close()
            server = EmulatorProcess(
                "--provisioning-delay", "3", "--log-level", "warning", data_dir=data_dir
            ).start()

        assert len(acknowledged) > CYCLES * 10, "the load never got going"
        # The last restart keeps the original schedule: jobs due 3 s after their creation.
        connect = connect_client(server.url)
        listed = {}
        for page in connect.get_paginator("list_instances").paginate():
            for summary in page["InstanceSummaryList"]:
                listed[summary["Id"]] = summary
        missing = set(acknowledged) - set(listed)
        assert not missing, f"{len(missing)} acknowledged instances were lost"
        for instance_id, alias in acknowledged.items():
            instance = wait_settled(connect, instance_id)
            assert instance["InstanceAlias"] == alias
            assert instance["InstanceStatus"] == "ACTIVE"
        # Nothing half-written: every listed instance is whole and reaches ACTIVE too (an
        # instance created but not acknowledged before a kill is allowed to exist).
        for instance_id in set(listed) - set(acknowledged):
            assert wait_settled(connect, instance_id)["InstanceStatus"] == "ACTIVE"
    finally:
        server.close()
