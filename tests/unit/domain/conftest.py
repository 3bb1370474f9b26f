"""Domain fixtures: a fake clock, seeded ids and the in-memory store (tests/support), so a
domain test fails only for a domain reason; tests/contract holds the real stores to the same
port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_emulator.domain.clock import FakeClock
from connect_emulator.domain.ids import RandomIds
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.lifecycle import Lifecycle
from connect_emulator.domain.pagination import load_page_tokens
from connect_emulator.domain.policy import LifecyclePolicy, Policies
from tests.support.memory_store import MemoryStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> Iterator[MemoryStore]:
    store = MemoryStore()
    yield store
    store.close()


@pytest.fixture
def policies() -> Policies:
    return Policies(LifecyclePolicy(provisioning_delay=2.0, deletion_delay=1.0))


@pytest.fixture
def instances(store: MemoryStore, clock: FakeClock, policies: Policies) -> InstanceService:
    ids = RandomIds(7)
    return InstanceService(store, clock, ids, policies, page_tokens=load_page_tokens(store, ids))


@pytest.fixture
def lifecycle(store: MemoryStore, clock: FakeClock) -> Lifecycle:
    return Lifecycle(store, clock)
