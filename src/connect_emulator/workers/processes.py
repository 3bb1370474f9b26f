"""The supervisor of ``serve --workers N``: N server processes accepting on one socket.

The parent binds the listening socket and starts N children that inherit it and all accept on
it (the kernel hands each connection to one of them). It reports ready once every child
serves, starts a new child in place of one that dies, and on SIGTERM or SIGINT stops them all
and waits for them. The children share their state through the database, never through the
parent, which holds no state of its own.

Each child also inherits the read end of a pipe whose write end only the parent holds: when the
parent dies, even by SIGKILL, every child reads end-of-file and stops, so none outlives it.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

LOG = logging.getLogger(__name__)

# A child that dies sooner than this after starting is probably failing at start-up: wait a
# little before the next attempt rather than restarting it in a tight loop.
_QUICK_DEATH_SECONDS = 2.0
_RESTART_BACKOFF_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """What one child is told: its number, where to say it is ready, what to watch."""

    index: int
    # How many children held this number before it (0 for the first): a replacement is told
    # apart from the child it replaces.
    generation: int
    ready_file: Path
    listen_fd: int
    parent_fd: int


@dataclass(slots=True)
class _Child:
    spec: ChildSpec
    process: subprocess.Popen[bytes]
    started: float


class Supervisor:
    def __init__(
        self,
        count: int,
        command: Callable[[ChildSpec], list[str]],
        *,
        listen_fd: int,
        scratch: Path,
        on_ready: Callable[[], None],
        ready_timeout: float = 60.0,
        poll_interval: float = 0.1,
        stop_timeout: float = 10.0,
    ) -> None:
        self._count = count
        self._command = command
        self._listen_fd = listen_fd
        self._scratch = scratch
        self._on_ready = on_ready
        self._ready_timeout = ready_timeout
        self._poll = poll_interval
        self._stop_timeout = stop_timeout
        self._stop = threading.Event()
        self._children: list[_Child] = []
        self.restarts = 0

    def run(self) -> int:
        """Serves until SIGTERM or SIGINT; 0 then, 1 when the children could not start."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in _STOP_SIGNALS}
        parent_fd, keep_fd = os.pipe()
        try:
            self._children = [self._start(index, 0, parent_fd) for index in range(self._count)]
            if not self._await_ready():
                return 0 if self._stop.is_set() else 1  # told to stop while starting: no error
            self._on_ready()
            while not self._stop.wait(self._poll):
                self._replace_dead(parent_fd)
            return 0
        finally:
            self._stop_all()
            os.close(parent_fd)
            os.close(keep_fd)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        LOG.info("received %s: stopping the workers", signal.Signals(signum).name)
        self._stop.set()

    def _start(self, index: int, generation: int, parent_fd: int) -> _Child:
        ready_file = self._scratch / f"worker-{index}.ready"
        spec = ChildSpec(index, generation, ready_file, self._listen_fd, parent_fd)
        spec.ready_file.unlink(missing_ok=True)
        process = subprocess.Popen(self._command(spec), pass_fds=(self._listen_fd, parent_fd))
        LOG.info("worker %d started (pid %d)", index, process.pid)
        return _Child(spec, process, time.monotonic())

    def _await_ready(self) -> bool:
        deadline = time.monotonic() + self._ready_timeout
        while not self._stop.is_set():
            if all(child.spec.ready_file.exists() for child in self._children):
                return True
            failed = [c for c in self._children if c.process.poll() is not None]
            if failed or time.monotonic() > deadline:
                LOG.error(
                    "worker %d did not start%s",
                    (failed or self._children)[0].spec.index,
                    f" (exit status {failed[0].process.returncode})" if failed else " in time",
                )
                return False
            self._stop.wait(0.02)
        return False

    def _replace_dead(self, parent_fd: int) -> None:
        for position, child in enumerate(self._children):
            status = child.process.poll()
            if status is None:
                continue
            uptime = time.monotonic() - child.started
            LOG.warning(
                "worker %d (pid %d) exited with status %d after %.1f s; starting another",
                child.spec.index,
                child.process.pid,
                status,
                uptime,
            )
            if uptime < _QUICK_DEATH_SECONDS and self._stop.wait(_RESTART_BACKOFF_SECONDS):
                return
            spec = child.spec
            self._children[position] = self._start(spec.index, spec.generation + 1, parent_fd)
            self.restarts += 1

    def _stop_all(self) -> None:
        alive = [child.process for child in self._children if child.process.poll() is None]
        for process in alive:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self._stop_timeout
        for process in alive:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                LOG.warning("worker pid %d did not stop in time; killing it", process.pid)
                process.kill()
                process.wait()


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
