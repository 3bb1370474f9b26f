"""The storage contract, controls: settings, directories, failure rules and reset."""

from __future__ import annotations

from connect_emulator.domain.model import Directory
from connect_emulator.domain.ports import IdempotencyRecord, JobKind, Store
from tests.contract.helpers import ACCOUNT, OTHER_ACCOUNT, REGION, alias_taken, instance


def test_settings_are_upserted_and_read_by_key(store: Store) -> None:
    with store.transaction() as tx:
        assert tx.get_setting("clock_offset") is None
        tx.put_setting("clock_offset", "1.5")
        tx.put_setting("clock_offset", "2.5")
    with store.transaction(write=False) as tx:
        assert tx.get_setting("clock_offset") == "2.5"


def test_a_prefix_matches_literally_wildcards_included(store: Store) -> None:
    with store.transaction() as tx:
        for key in ("limits/b", "limits/a", "limitsXa", "lim_ts/a", "50%/a", "50x/a", "!/a"):
            tx.put_setting(key, key.upper())
    with store.transaction() as tx:
        assert tx.settings_with_prefix("limits/") == [
            ("limits/a", "LIMITS/A"),
            ("limits/b", "LIMITS/B"),
        ]
        assert tx.settings_with_prefix("lim_ts/") == [("lim_ts/a", "LIM_TS/A")]
        assert tx.settings_with_prefix("50%/") == [("50%/a", "50%/A")]
        assert tx.settings_with_prefix("!/") == [("!/a", "!/A")]
        tx.delete_settings("lim_ts/")
        tx.delete_settings("50%")
    with store.transaction(write=False) as tx:
        keys = [key for key, _ in tx.settings_with_prefix("")]
    assert sorted(keys) == sorted(["limits/b", "limits/a", "limitsXa", "50x/a", "!/a"])


def test_directories_are_declared_per_account(store: Store) -> None:
    usable = Directory(ACCOUNT, "d-1111111111", usable=True)
    broken = Directory(ACCOUNT, "d-2222222222", usable=False, reason="unreachable")
    elsewhere = Directory(OTHER_ACCOUNT, "d-1111111111", usable=True)
    with store.transaction() as tx:
        assert not tx.has_directories(ACCOUNT)
        for directory in (broken, elsewhere, usable):
            tx.put_directory(directory)
        tx.put_directory(Directory(ACCOUNT, "d-2222222222", usable=False, reason="gone"))
    with store.transaction(write=False) as tx:
        assert tx.has_directories(ACCOUNT)
        assert tx.get_directory(ACCOUNT, "d-1111111111") == usable
        assert tx.get_directory(ACCOUNT, "d-9999999999") is None
        assert tx.list_directories(ACCOUNT) == [
            usable,
            Directory(ACCOUNT, "d-2222222222", usable=False, reason="gone"),
        ]
        assert tx.list_directories(None)[-1] == elsewhere
        assert len(tx.list_directories(None)) == 3


def test_failure_rules_are_used_up_one_creation_at_a_time(store: Store) -> None:
    with store.transaction() as tx:
        assert not tx.has_failure_rules()
        first = tx.add_failure_rule(2, ACCOUNT, "acme-*", "Planned")
        second = tx.add_failure_rule(1, None, None, "Any")
    assert second > first
    with store.transaction() as tx:
        rules = tx.failure_rules()
        assert [(r.id, r.remaining, r.account, r.alias_pattern, r.reason) for r in rules] == [
            (first, 2, ACCOUNT, "acme-*", "Planned"),
            (second, 1, None, None, "Any"),
        ]
        tx.use_failure_rule(first)
        tx.use_failure_rule(second)
    with store.transaction() as tx:
        assert [(r.id, r.remaining) for r in tx.failure_rules()] == [(first, 1)]
        assert tx.has_failure_rules()
        tx.use_failure_rule(first)
        assert tx.failure_rules() == []
        assert not tx.has_failure_rules()


def _populate(store: Store) -> None:
    with store.transaction() as tx:
        for number, account in ((1, ACCOUNT), (2, OTHER_ACCOUNT)):
            tx.insert_instance(instance(number, account=account))
            tx.schedule(JobKind.PROVISION, instance(number).id, 1.0)
            tx.record_event(account, REGION, "create", 1.0)
            tx.put_directory(Directory(account, "d-1111111111", usable=True))
            tx.add_failure_rule(1, account, None, "x")
        for account in (ACCOUNT, OTHER_ACCOUNT):
            tx.put_idempotency(
                IdempotencyRecord(account, REGION, "CreateInstance", "t", "f", "i", 1.0)
            )
        tx.put_setting("clock_offset", "5")


def test_reset_of_one_account_forgets_only_that_account(store: Store) -> None:
    _populate(store)
    with store.transaction() as tx:
        tx.reset(ACCOUNT)
    with store.transaction() as tx:
        assert tx.instance_by_id(instance(1).id) is None
        assert tx.instance_by_id(instance(2).id) is not None
        assert not alias_taken(tx, instance(1).alias)
        assert [job.instance_id for job in tx.claim_due_jobs(5.0, 10)] == [instance(2).id]
        assert tx.count_events(ACCOUNT, REGION, 0.0) == 0
        assert tx.count_events(OTHER_ACCOUNT, REGION, 0.0) == 1
        assert tx.list_directories(None) == [Directory(OTHER_ACCOUNT, "d-1111111111", True)]
        assert [rule.account for rule in tx.failure_rules()] == [OTHER_ACCOUNT]
        assert tx.get_idempotency(ACCOUNT, REGION, "CreateInstance", "t") is None
        assert tx.get_idempotency(OTHER_ACCOUNT, REGION, "CreateInstance", "t") is not None
        assert tx.get_setting("clock_offset") == "5"


def test_reset_of_everything_leaves_only_the_settings(store: Store) -> None:
    _populate(store)
    with store.transaction() as tx:
        tx.reset(None)
    with store.transaction() as tx:
        assert tx.list_instances(OTHER_ACCOUNT, REGION, 0, 10) == []
        assert tx.claim_due_jobs(5.0, 10) == []
        assert tx.count_events(OTHER_ACCOUNT, REGION, 0.0) == 0
        assert tx.list_directories(None) == []
        assert tx.failure_rules() == []
        assert tx.get_idempotency(OTHER_ACCOUNT, REGION, "CreateInstance", "t") is None
        # Settings belong to the controls, which clear their own (policies, limits, clock).
        assert tx.get_setting("clock_offset") == "5"
