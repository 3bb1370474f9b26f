"""Connecting to the database again on a thread of its own, while transactions fail at once.

After a database stopped answering (the watchdog cut the wait), the event loop must wait
neither for the dead connection nor for a new one: a new connection to a host that does not
answer takes ``connect_timeout``. So the store hands the reconnecting to this thread, which
tries every half second until it has a session or the store closes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from connect_emulator.storage.errors import StorageUnavailable
from connect_emulator.storage.outage_log import OutageLog
from connect_emulator.storage.postgres_session import Session

LOG = logging.getLogger(__name__)

_RECONNECT_PERIOD = 0.5


class Reconnector:
    """``connect`` makes a session; ``install`` hands it to the store, under the store's
    ``lock``; failures go to the store's outage log. ``active`` while the thread runs."""

    def __init__(
        self,
        connect: Callable[[], Session],
        install: Callable[[Session], None],
        *,
        lock: threading.RLock,
        closed: threading.Event,
        outage: OutageLog,
        where: str,
    ) -> None:
        self._connect = connect
        self._install = install
        self._lock = lock
        self._closed = closed
        self._outage = outage
        self._where = where
        self.active = False

    def start(self) -> None:
        """Starts the thread, unless it runs already or the store is closed."""
        if self.active or self._closed.is_set():
            return
        self.active = True
        threading.Thread(
            target=self._run, name="connect-emulator-db-reconnect", daemon=True
        ).start()

    def _run(self) -> None:
        try:
            while not self._closed.is_set():
                try:
                    session = self._connect()
                except StorageUnavailable as error:
                    self._outage.failed(error)
                    self._closed.wait(_RECONNECT_PERIOD)
                    continue
                with self._lock:
                    if self._closed.is_set():
                        session.close()  # the store closed meanwhile: nothing to hand it to
                        return
                    self._install(session)
                LOG.info("reconnected to %s", self._where)
                return
        finally:
            self.active = False
