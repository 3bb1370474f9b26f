"""A server process killed (SIGKILL) in the middle of the load loses nothing acknowledged, and
what it left in progress is finished by the processes that remain."""

from __future__ import annotations

import itertools
import secrets
import threading
import time

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from tests.integration.helpers import create
from tests.scaleout.cluster import Cluster, eventually, running

pytestmark = pytest.mark.postgres

# Long enough that the instances the killed process created last are still in progress when
# it dies, so only the survivors can finish them.
PROVISIONING_DELAY = 1.0
LOAD_THREADS = 6


def test_no_acknowledged_instance_is_lost_and_every_one_completes(database_url: str) -> None:
    accounts = [f"{secrets.randbelow(10**12):012d}" for _ in range(LOAD_THREADS)]
    with running(Cluster(database_url, "--provisioning-delay", str(PROVISIONING_DELAY))) as cluster:
        victim = cluster.processes[0]
        clients = {account: cluster.clients(account) for account in accounts}
        acknowledged: dict[str, tuple[str, int, float]] = {}
        failures: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def load(account: str) -> None:
            # Each thread sends to the three processes in turn, before and after the kill.
            for process in itertools.cycle(range(3)):
                if stop.is_set():
                    return
                sent = time.monotonic()
                try:
                    reply = create(clients[account][process])
                except ClientError as error:
                    failures.append(error.response["Error"]["Code"])
                    continue
                except BotoCoreError:  # the connection failed: the process is dead
                    failures.append("connection")
                    continue
                with lock:
                    acknowledged[reply["Id"]] = (account, process, sent)

        threads = [threading.Thread(target=load, args=(account,)) for account in accounts]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        killed_at = time.monotonic()
        victim.kill()
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(30)

        # The load really ran on all three, and the kill cut calls short.
        by_victim = [i for i, (_, process, _) in acknowledged.items() if process == 0]
        assert by_victim
        assert "connection" in failures
        assert set(failures) == {"connection"}
        in_progress_at_kill = [
            instance_id
            for instance_id, (_, process, sent) in acknowledged.items()
            if process == 0 and sent > killed_at - PROVISIONING_DELAY + 0.1
        ]
        assert in_progress_at_kill

        survivors = [1, 2]

        def statuses(process: int) -> dict[str, str]:
            """Every instance of the load's accounts, as one process lists them."""
            return {
                item["Id"]: item["InstanceStatus"]
                for account in accounts
                for page in cluster.client(process, account)
                .get_paginator("list_instances")
                .paginate()
                for item in page["InstanceSummaryList"]
            }

        # Nothing stays in progress: what the dead process left is finished by the others,
        # including instances it committed but never got to acknowledge.
        assert eventually(
            lambda: set(statuses(survivors[0]).values()) == {"ACTIVE"},
            timeout=PROVISIONING_DELAY + 5,
            every=0.1,
        )
        for process in survivors:
            listed = statuses(process)
            assert set(acknowledged) <= set(listed)
            assert set(listed.values()) == {"ACTIVE"}
        survivors_log = cluster.processes[1].log() + cluster.processes[2].log()
        for instance_id in in_progress_at_kill:
            assert f"instance {instance_id} is ACTIVE" in survivors_log
