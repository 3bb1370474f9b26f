"""What the gateway needs of a store's group commit (``SqliteStore.batch``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol


class BatchState(Protocol):
    @property
    def uncommitted(self) -> bool:
        """Whether a write inside the batch waits for its commit."""
        ...


# A store's batch; one that yields None (contextlib.nullcontext) groups nothing: each write
# commits by itself.
Batch = Callable[[], AbstractContextManager[BatchState | None]]
