"""``serve --workers N``: one port, N processes on one database, a killed one replaced."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.integration.helpers import create, wait_for_status
from tests.scaleout.cluster import eventually
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

pytestmark = pytest.mark.postgres


def _children(parent: int) -> set[int]:
    """Live child processes of ``parent``, from /proc (Linux)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, then the parent's pid. Zombies are not serving.
        if int(fields[1]) == parent and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_share_the_port_and_a_killed_one_is_replaced(database_url: str) -> None:
    server = EmulatorProcess(
        "--workers", "3", "--database-url", database_url, "--provisioning-delay", "0.3"
    )
    with server:
        assert server._process is not None
        parent = server._process.pid
        workers = _children(parent)
        assert len(workers) == 3
        # Retries: a call cut short by the kill goes again, to a worker that lives.
        connect = connect_client(server.url, max_attempts=3)
        before = [create(connect) for _ in range(4)]

        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        after = [create(connect) for _ in range(4)]
        assert eventually(
            lambda: len(_children(parent)) == 3 and victim not in _children(parent), timeout=10
        )
        for reply in before + after:
            assert wait_for_status(connect, reply["Id"], "ACTIVE")["InstanceStatus"] == "ACTIVE"
        assert f"(pid {victim}) exited with status -9" in server.log()
        replaced = _children(parent)
    # SIGTERM to the parent stops every worker with it.
    assert server._process.returncode == 0
    assert not any(_alive(pid) for pid in replaced)


def test_workers_stop_when_their_parent_is_killed(database_url: str) -> None:
    with EmulatorProcess("--workers", "2", "--database-url", database_url) as server:
        assert server._process is not None
        workers = _children(server._process.pid)
        assert len(workers) == 2
        server.kill()
        assert eventually(lambda: not any(_alive(pid) for pid in workers), timeout=10)
