"""The storage contract, the settings version: every write a process may have cached changes it,
in the same transaction, as every other connection (process) sees. It is read as CreateInstance
reads it, with the alias and the token (``creation_facts``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from connect_emulator.domain.model import Directory
from connect_emulator.domain.ports import IdempotencyRecord, Store, Transaction
from tests.contract.conftest import Backend
from tests.contract.helpers import (
    ACCOUNT,
    OTHER_ACCOUNT,
    OTHER_REGION,
    REGION,
    instance,
    settings_version,
)

WRITES: dict[str, Callable[[Transaction], object]] = {
    "put_setting": lambda tx: tx.put_setting("limits/" + ACCOUNT, "{}"),
    "delete_settings": lambda tx: tx.delete_settings("lifecycle/"),
    "put_directory": lambda tx: tx.put_directory(Directory(ACCOUNT, "d-1111111111", True)),
    "add_failure_rule": lambda tx: tx.add_failure_rule(1, None, None, "planned"),
    "reset": lambda tx: tx.reset(None),
}


def _version(store: Store) -> str | None:
    with store.transaction(write=False) as tx:
        return settings_version(tx)


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


def test_a_rolled_back_write_leaves_the_version(store: Store) -> None:
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


def test_using_up_a_failure_rule_changes_the_version(store: Store) -> None:
    with store.transaction() as tx:
        rule = tx.add_failure_rule(2, None, None, "planned")
    before = _version(store)
    with store.transaction() as tx:
        tx.use_failure_rule(rule)
    assert _version(store) != before


def test_creation_facts_read_version_alias_and_token_together(store: Store) -> None:
    earlier = IdempotencyRecord(ACCOUNT, REGION, "CreateInstance", "t-1", "fp", "i-1", 5.0)
    with store.transaction() as tx:
        before = tx.creation_facts("acme", ACCOUNT, REGION, "CreateInstance", "t-1")
        assert (before.alias_taken, before.previous) == (False, None)
        tx.put_setting("clock_offset", "0")
        tx.insert_instance(instance(1, alias="Acme"))
        tx.put_idempotency(earlier)
        facts = tx.creation_facts("acme", ACCOUNT, REGION, "CreateInstance", "t-1")
    assert facts.settings_version is not None
    assert facts.settings_version != before.settings_version
    assert facts.alias_taken is True
    assert facts.previous == earlier
    with store.transaction(write=False) as tx:
        # No token, or the token of another operation, account or Region: no earlier call.
        assert tx.creation_facts("acme", ACCOUNT, REGION, "CreateInstance", None).previous is None
        for account, region, operation in (
            (ACCOUNT, REGION, "DeleteInstance"),
            (OTHER_ACCOUNT, REGION, "CreateInstance"),
            (ACCOUNT, OTHER_REGION, "CreateInstance"),
        ):
            assert tx.creation_facts("acme", account, region, operation, "t-1").previous is None
        # A read changes no version; another alias is free.
        other = tx.creation_facts("other", ACCOUNT, REGION, "CreateInstance", None)
        assert other == (facts.settings_version, False, None)
