"""The in-memory store's tables, and what every one of its transactions shares.

Rows are immutable once stored (a change stores a new row), and bodies, tags and details are
kept as JSON text, as the SQL stores keep them: a shallow copy of the tables is a snapshot, and
what a reader gets back is its own copy, which it may change without changing the store.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.model import Directory, Instance
from connect_emulator.domain.ports import FailureRule, IdempotencyRecord, Job


@dataclass(frozen=True, slots=True)
class InstanceRow:
    seq: int
    instance: Instance
    # The alias claim (``model.alias_claim``) while the instance holds its alias, else None.
    claim: str | None


@dataclass(frozen=True, slots=True)
class ResourceRow:
    seq: int
    account: str
    region: str
    instance_id: str
    family: str
    id: str
    name: str | None
    subtype: str | None
    body: str
    tags: str
    modified_at: float
    summary: str | None = None
    described: str | None = None


@dataclass(frozen=True, slots=True)
class RefRow:
    target_family: str
    target_id: str
    blocks: bool
    detail: str


@dataclass(slots=True)
class State:
    """Every table; the counters never hand a number out twice (AUTOINCREMENT, sequences)."""

    instances: dict[str, InstanceRow] = field(default_factory=dict)
    # (account, region, operation, token)
    tokens: dict[tuple[str, str, str, str], IdempotencyRecord] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    # (account, region, kind, at)
    events: list[tuple[str, str, str, float]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    version: str | None = None
    # (account, directory id)
    directories: dict[tuple[str, str], Directory] = field(default_factory=dict)
    # Rules used up to zero or below are gone, as the SQL stores drop them.
    rules: dict[int, FailureRule] = field(default_factory=dict)
    # (instance id, family, id)
    resources: dict[tuple[str, str, str], ResourceRow] = field(default_factory=dict)
    # (instance id, family, id, role, item)
    refs: dict[tuple[str, str, str, str, str], RefRow] = field(default_factory=dict)
    last_instance_seq: int = 0
    last_job_id: int = 0
    last_rule_id: int = 0
    last_resource_seq: int = 0

    def snapshot(self) -> State:
        return State(**{f.name: copy.copy(getattr(self, f.name)) for f in fields(self)})

    def restore(self, snapshot: State) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(snapshot, f.name))


class TransactionBase:
    """One transaction's view of the tables: usable until it ends, writable if it writes.

    Stricter than SQLite where PostgreSQL is: a read transaction refuses writes (READ ONLY),
    and a transaction that hit a unique conflict refuses everything after it (PostgreSQL
    aborts it; the use case must retry on a fresh one).
    """

    def __init__(self, state: State, *, writable: bool) -> None:
        self._state = state
        self._writable = writable
        self.open = True
        self.aborted = False

    def _reading(self) -> State:
        if not self.open:
            raise RuntimeError("the transaction has ended: use it inside its with block")
        if self.aborted:
            raise RuntimeError("the transaction hit a conflict: retry it on a fresh one")
        return self._state

    def _writing(self) -> State:
        state = self._reading()
        if not self._writable:
            raise RuntimeError("a write in a read transaction (transaction(write=False))")
        return state

    def _conflict(self, key: str) -> StoreConflict:
        self.aborted = True
        return StoreConflict(key)


def page_limit(limit: int) -> int:
    """A LIMIT as PostgreSQL takes it: never negative (SQLite reads -1 as "no limit")."""
    if limit < 0:
        raise ValueError(f"a negative LIMIT: {limit}")
    return limit
