"""The lifecycle worker: runs due jobs in the background, without any client call.

It sleeps until the next job is due, wakes early when a new job is scheduled (``wake``),
and never sleeps longer than ``max_sleep`` so that time travel and jobs scheduled by other
processes are noticed promptly. With several processes on one database, a job that is due
but was not claimed is held by another process (running it, or a client changing its
instance): the worker looks again after ``busy_retry`` instead of spinning on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.lifecycle import Lifecycle

LOG = logging.getLogger(__name__)


class LifecycleWorker:
    def __init__(
        self,
        lifecycle: Lifecycle,
        clock: Clock,
        max_sleep: float = 0.25,
        on_step: Callable[[], None] = lambda: None,
        busy_retry: float = 0.02,
    ) -> None:
        self._lifecycle = lifecycle
        # Runs before each step: adopts shared controls (clock offset) other processes set.
        self._on_step = on_step
        self._clock = clock
        self._max_sleep = max_sleep
        self._busy_retry = busy_retry
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Safe from any thread: the loop re-reads the schedule at once."""
        loop = self._loop
        if loop is None:
            return
        if loop.is_running():
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                self._wake.set()
            else:
                loop.call_soon_threadsafe(self._wake.set)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="lifecycle-worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            # Cleared before looking at the schedule, so a wake during the step is kept.
            self._wake.clear()
            try:
                self._on_step()
                while self._lifecycle.run_due() > 0:
                    await asyncio.sleep(0)  # let requests in between batches
                delay = self._sleep_time()
            except Exception:
                # A broken job must not stop the lifecycle of every other instance.
                LOG.exception("lifecycle step failed; retrying shortly")
                delay = self._max_sleep
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    def _sleep_time(self) -> float:
        due = self._lifecycle.next_due_at()
        if due is None:
            return self._max_sleep
        # The last step claimed nothing, so a job due already is another process's.
        return min(self._max_sleep, max(self._busy_retry, due - self._clock.now()))
