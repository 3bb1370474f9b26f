"""The domain's Store port in memory, for the domain's unit tests: no SQL, no driver, so a
domain test fails only for a domain reason.

It does what the SQL stores do (``storage/sql_transaction.py``, ``storage/queries.py``): a
transaction commits whole or rolls back whole (a snapshot of the tables, put back when the
block raises), unique keys raise ``StoreConflict`` with the stores' keys ("alias", "token",
"name"), positions and ids are never handed out twice, lists come in position order, and
writers take turns, as on SQLite (one lock; reads may nest inside a write, as there). The
contract suite (tests/contract) runs it beside the real backends to keep it honest.

The tables and what every transaction shares are in ``memory_store_state.py``; the port's
methods in ``memory_store_instances.py`` (instances, tokens, events, jobs),
``memory_store_controls.py`` (settings, directories, failure rules, reset) and
``memory_store_resources.py`` (resources and their references).

Where the two real stores differ, it takes PostgreSQL's stricter side: a read transaction
refuses writes, a transaction that hit a conflict refuses everything after it, a prefix is
case-sensitive and a LIMIT never negative.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from tests.support.memory_store_controls import ControlMethods
from tests.support.memory_store_instances import InstanceMethods
from tests.support.memory_store_resources import ResourceMethods
from tests.support.memory_store_state import State

if TYPE_CHECKING:
    from connect_emulator.domain.ports import Store


class MemoryTransaction(InstanceMethods, ControlMethods, ResourceMethods):
    """The whole Transaction port: instances and jobs, controls, resources."""


class MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._state = State()
        self._writing = False
        self._closed = False

    def transaction(self, *, write: bool = True) -> AbstractContextManager[MemoryTransaction]:
        return self._write() if write else self._read()

    @contextmanager
    def _read(self) -> Iterator[MemoryTransaction]:
        with self._lock:
            tx = self._begin(writable=False)
            try:
                yield tx
            finally:
                tx.open = False

    @contextmanager
    def _write(self) -> Iterator[MemoryTransaction]:
        with self._lock:
            if self._writing:
                # SQLite: "cannot start a transaction within a transaction".
                raise RuntimeError("a write transaction inside another")
            tx = self._begin(writable=True)
            before = self._state.snapshot()
            self._writing = True
            try:
                yield tx
                if tx.aborted:
                    raise RuntimeError("a transaction that hit a conflict cannot commit")
            except BaseException:
                self._state.restore(before)
                raise
            finally:
                tx.open = False
                self._writing = False

    def _begin(self, *, writable: bool) -> MemoryTransaction:
        if self._closed:
            raise RuntimeError("the store is closed")
        return MemoryTransaction(self._state, writable=writable)

    def close(self) -> None:
        self._closed = True


if TYPE_CHECKING:
    # The port, whole: mypy checks every method's signature against it.
    _PORT: Store = MemoryStore()
