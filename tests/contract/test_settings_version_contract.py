"""The storage contract, the settings version: every write a process may have cached changes it,
in the same transaction, as every other connection (process) sees."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_emulator.domain.model import Directory
from connect_emulator.domain.ports import Transaction
from connect_emulator.storage.opening import ServerStore
from tests.contract.conftest import Backend
from tests.contract.helpers import ACCOUNT, REGION

WRITES: dict[str, Callable[[Transaction], object]] = {
    "put_setting": lambda tx: tx.put_setting("limits/" + ACCOUNT, "{}"),
    "delete_settings": lambda tx: tx.delete_settings("lifecycle/"),
    "put_directory": lambda tx: tx.put_directory(Directory(ACCOUNT, "d-1111111111", True)),
    "add_failure_rule": lambda tx: tx.add_failure_rule(1, None, None, "planned"),
    "reset": lambda tx: tx.reset(None),
}


def _version(store: ServerStore) -> str | None:
    with store.transaction(write=False) as tx:
        return tx.settings_version()


@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_cached_write_changes_the_version_for_every_connection(
    backend: Backend, write: str
) -> None:
    writer, reader = backend.open(), backend.open()
    before = _version(reader)
    with writer.transaction() as tx:
        WRITES[write](tx)
    after = _version(reader)
    assert after is not None
    assert after != before


def test_a_rolled_back_write_leaves_the_version(store: ServerStore) -> None:
    with store.transaction() as tx:
        tx.put_setting("clock_offset", "0")
    before = _version(store)

    def abandon() -> None:
        with store.transaction() as tx:
            tx.put_setting("clock_offset", "5")
            raise RuntimeError("abandoned")

    with pytest.raises(RuntimeError):
        abandon()
    assert _version(store) == before


def test_using_up_a_failure_rule_changes_the_version(store: ServerStore) -> None:
    with store.transaction() as tx:
        rule = tx.add_failure_rule(2, None, None, "planned")
    before = _version(store)
    with store.transaction() as tx:
        tx.use_failure_rule(rule)
    assert _version(store) != before


def test_creation_facts_read_version_alias_and_token_together(store: ServerStore) -> None:
    with store.transaction() as tx:
        tx.put_setting("clock_offset", "0")
        facts = tx.creation_facts("acme", ACCOUNT, REGION, "CreateInstance", None)
        assert facts.settings_version == tx.settings_version()
        assert facts.alias_taken is False
        assert facts.previous is None
