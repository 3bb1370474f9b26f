"""What the gateway needs of a store's group commit: every store opens the same kind of batch.

The dispatcher (``gateway/dispatcher.py``) opens one, answers requests while it is open, and
ends it with ``commit`` (or ``abort``), possibly turns of the event loop later; it acknowledges
none of those requests before ``commit`` returns. SQLite's batch (``SqliteBatch``) runs each
write transaction as a savepoint of one database transaction. PostgreSQL's
(``PostgresBatch``) groups nothing: each request's transaction commits by itself, so
``uncommitted`` is always False and ``commit`` has nothing to do. (The storage layer cannot
name this protocol; its batches match it by shape, checked where the app hands a store's
``open_batch`` to the dispatcher.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class WriteBatch(Protocol):
    """An open batch of the store's write transactions: one per store at a time."""

    @property
    def uncommitted(self) -> bool:
        """Whether a write inside the batch waits for its commit."""
        ...

    def commit(self) -> None:
        """Makes every write of the batch durable, and ends it. If this raises, none of them
        is kept (and the batch is ended all the same)."""
        ...

    def abort(self) -> None:
        """Ends the batch keeping none of its writes."""
        ...


# A store's ``open_batch``: begins a batch that lasts until its ``commit`` or ``abort``.
OpenBatch = Callable[[], WriteBatch]
