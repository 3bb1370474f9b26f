"""Cuts the connection of a transaction the database has not answered in time.

libpq waits for an answer as long as the socket stays open, and a partitioned or frozen server
(or a proxy in front of it) keeps it open: neither ``statement_timeout`` (the server cannot
send it) nor TCP keepalives (the peer's kernel acknowledges) end that wait. Shut down from
this thread, the socket wakes libpq with an error at once. The watch is two attribute writes
per transaction; the thread looks ten times a second.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress

# How often the thread looks: the margin by which a cut may come late.
_WATCH_PERIOD = 0.1


class Watchdog:
    """One per store, with a thread of its own until ``stop``."""

    def __init__(self) -> None:
        # Held while the thread cuts a socket, so that nobody closes it meanwhile (its number
        # could be reused by another file at once).
        self._lock = threading.Lock()
        # The wait being watched: when it runs out, its limit, and the socket to cut.
        self._armed: tuple[float, float, socket.socket] | None = None
        self._stopped = threading.Event()
        # Whether the last wait armed was cut: the store then reconnects in the background.
        self.cut = False
        self._thread = threading.Thread(
            target=self._run, name="connect-emulator-db-watchdog", daemon=True
        )
        self._thread.start()

    def arm(self, sock: socket.socket | None, limit: float) -> None:
        """Watches a wait for an answer on ``sock`` (none: unwatched; ``limit`` 0: unbounded)."""
        self.cut = False
        if sock is not None and limit > 0:
            self._armed = (time.monotonic() + limit, limit, sock)

    def disarm(self) -> None:
        self._armed = None

    def release(self, sock: socket.socket) -> None:
        """Closes a connection's watched socket; never while the thread is cutting it."""
        with self._lock:
            if self._armed is not None and self._armed[2] is sock:
                self._armed = None
            sock.close()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.wait(_WATCH_PERIOD):
            armed = self._armed
            if armed is None or time.monotonic() < armed[0]:
                continue
            with self._lock:
                if self._armed is armed:  # still the same wait, and its socket still open
                    self.cut = True
                    with suppress(OSError):
                        armed[2].shutdown(socket.SHUT_RDWR)
