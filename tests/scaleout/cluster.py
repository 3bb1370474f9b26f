"""Several ``connect-emulator serve`` processes on one PostgreSQL database, and load on them.

Each process listens on a port of its own, as separate hosts behind a load balancer would;
a caller picks the process for each call, so the tests decide where every request lands.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from connect_emulator.control import ControlClient
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient


class Cluster:
    def __init__(self, database_url: str, *extra: str, size: int = 3) -> None:
        args = ("--database-url", database_url, *extra)
        self.processes = [EmulatorProcess(*args) for _ in range(size)]
        self._clients: dict[tuple[int, str], ConnectClient] = {}

    def start(self) -> Cluster:
        # All at once: they migrate and create the shared settings concurrently, as real ones do.
        with ThreadPoolExecutor(len(self.processes)) as pool:
            list(pool.map(EmulatorProcess.start, self.processes))
        return self

    def close(self) -> None:
        for process in self.processes:
            process.close()

    def client(self, process: int, account: str) -> ConnectClient:
        """A boto3 client of ``account`` talking to one process (made once, then reused).

        Made on the calling thread: boto3 builds clients unsafely across threads, though a
        built client may then be shared by any number of them.
        """
        key = (process, account)
        if key not in self._clients:
            self._clients[key] = connect_client(self.processes[process].url, access_key=account)
        return self._clients[key]

    def clients(self, account: str) -> list[ConnectClient]:
        return [self.client(index, account) for index in range(len(self.processes))]

    def control(self, process: int) -> ControlClient:
        return ControlClient(self.processes[process].url)

    def log_lines(self, pattern: str) -> list[str]:
        """Every match of ``pattern``'s first group, over every process's log."""
        found = []
        for process in self.processes:
            found += re.findall(pattern, process.log())
        return found


@dataclass
class Outcomes:
    """What each of many concurrent calls came back with: a value, or an error code."""

    values: list[Any] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Callable[[], Any]) -> None:
        try:
            value = call()
        except ClientError as error:
            with self._lock:
                self.errors.append(
                    (error.response["Error"]["Code"], error.response["Error"]["Message"])
                )
            return
        except BotoCoreError as error:  # the connection itself failed (a killed process)
            with self._lock:
                self.errors.append(("connection", type(error).__name__))
            return
        with self._lock:
            self.values.append(value)

    @property
    def error_codes(self) -> list[str]:
        return [code for code, _ in self.errors]


def all_at_once(calls: Iterable[Callable[[], Any]]) -> Outcomes:
    """Runs every call on a thread of its own, released together; waits for all."""
    pending = list(calls)
    outcomes = Outcomes()
    start = threading.Barrier(len(pending))

    def run(call: Callable[[], Any]) -> None:
        start.wait()
        outcomes.record(call)

    threads = [threading.Thread(target=run, args=(call,)) for call in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def eventually(check: Callable[[], bool], timeout: float = 1.0, every: float = 0.02) -> bool:
    """Whether ``check`` holds within ``timeout`` seconds (other processes adopt controls on
    their worker's next step, at most 250 ms away)."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(every)


@contextmanager
def running(cluster: Cluster) -> Iterator[Cluster]:
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.close()
