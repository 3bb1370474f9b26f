"""How a database outage is logged: its first failure with the traceback, then the failures
since as one line at most once a second, then how long it lasted once it is over.

A 5 s PostgreSQL outage used to write one traceback per failed request (1,665 of them,
issue 14). The store reports each failure here (``OutageLog``); the tracebacks the pipeline and
the lifecycle worker would log for the same failures are dropped (``ReportedOutages``).
"""

from __future__ import annotations

import logging
import threading
import time

from connect_emulator.storage.errors import StorageUnavailable

LOG = logging.getLogger(__name__)


class OutageLog:
    """One outage at a time, of one database (``where`` names it in the log)."""

    def __init__(self, where: str) -> None:
        self._where = where
        # Failures come from the event loop's thread and from the reconnecting thread.
        self._lock = threading.Lock()
        self.since: float | None = None
        self._failures = 0
        self._unreported = 0
        self._reported_at = 0.0

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if self.since is None:
                self.since = self._reported_at = now
                self._failures, self._unreported = 1, 0
                LOG.error(
                    "database unavailable (%s): requests fail with InternalServiceException "
                    "until it answers again",
                    self._where,
                    exc_info=error,
                )
                return
            self._failures += 1
            self._unreported += 1
            if now - self._reported_at < 1.0:
                return
            LOG.warning(
                "database still unavailable after %.0f s: %d failures in the last %.1f s (%s)",
                now - self.since,
                self._unreported,
                now - self._reported_at,
                " ".join(str(error).split()) or type(error).__name__,
            )
            self._reported_at = now
            self._unreported = 0

    def recovered(self) -> None:
        with self._lock:
            if self.since is None:
                return
            LOG.warning(
                "database is back (%s) after %.1f s; %d calls failed meanwhile",
                self._where,
                time.monotonic() - self.since,
                self._failures,
            )
            self.since = None


class ReportedOutages(logging.Filter):
    """Drops records whose exception is a ``StorageUnavailable``: the store reported it (and
    counts it); every request and worker step of an outage logging it again is the flood."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            if isinstance(error, StorageUnavailable):
                return False
            seen.add(id(error))
            error = error.__cause__ or error.__context__
        return True


def quiet_reported_outages() -> None:
    """Puts ``ReportedOutages`` on every logger of the package but ``OutageLog``'s own."""
    # On each logger: a logger's filters apply only to what is logged on it, not to what its
    # children pass up. They exist by now: modules make them when imported, and everything is
    # imported before a store opens.
    names = [n for n in logging.root.manager.loggerDict if n.startswith("connect_emulator.")]
    for name in names:
        if name == LOG.name:
            continue
        logger = logging.getLogger(name)
        if not any(isinstance(f, ReportedOutages) for f in logger.filters):
            logger.addFilter(ReportedOutages())
