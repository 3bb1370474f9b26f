"""The in-memory store's emulator settings and test controls (settings, directories, failure
rules, reset) and CreateInstance's reads, as ``storage/sql_transaction.py`` runs them."""

from __future__ import annotations

import secrets
from dataclasses import replace

from connect_emulator.domain.model import Directory
from connect_emulator.domain.ports import CreationFacts, FailureRule
from tests.support.memory_store_state import State, TransactionBase


class ControlMethods(TransactionBase):
    def creation_facts(
        self, claim: str, account: str, region: str, operation: str, token: str | None
    ) -> CreationFacts:
        state = self._reading()
        taken = any(row.claim == claim for row in state.instances.values())
        previous = None if token is None else state.tokens.get((account, region, operation, token))
        return CreationFacts(state.version, taken, previous)

    def _bump_settings_version(self) -> None:
        # Random, as the SQL stores make it: a version never comes back.
        self._writing().version = secrets.token_hex(16)

    def has_failure_rules(self) -> bool:
        return any(rule.remaining > 0 for rule in self._reading().rules.values())

    def get_setting(self, key: str) -> str | None:
        return self._reading().settings.get(key)

    def put_setting(self, key: str, value: str) -> None:
        self._bump_settings_version()
        self._writing().settings[key] = value

    def delete_settings(self, prefix: str) -> None:
        self._bump_settings_version()
        state = self._writing()
        state.settings = {k: v for k, v in state.settings.items() if not k.startswith(prefix)}

    def settings_with_prefix(self, prefix: str) -> list[tuple[str, str]]:
        return sorted(
            item for item in self._reading().settings.items() if item[0].startswith(prefix)
        )

    def get_directory(self, account: str, directory_id: str) -> Directory | None:
        return self._reading().directories.get((account, directory_id))

    def has_directories(self, account: str) -> bool:
        return any(key[0] == account for key in self._reading().directories)

    def put_directory(self, directory: Directory) -> None:
        key = (directory.account, directory.directory_id)
        self._writing().directories[key] = replace(directory, usable=bool(directory.usable))
        self._bump_settings_version()

    def list_directories(self, account: str | None) -> list[Directory]:
        directories = self._reading().directories
        return [directories[key] for key in sorted(directories) if account in (None, key[0])]

    def add_failure_rule(
        self,
        count: int,
        account: str | None,
        alias_pattern: str | None,
        reason: str,
        family: str | None = None,
    ) -> int:
        state = self._writing()
        state.last_rule_id += 1
        rule = FailureRule(state.last_rule_id, count, account, alias_pattern, reason, family)
        state.rules[rule.id] = rule
        self._bump_settings_version()
        return rule.id

    def failure_rules(self) -> list[FailureRule]:
        rules = self._reading().rules
        return [rules[i] for i in sorted(rules) if rules[i].remaining > 0]

    def use_failure_rule(self, rule_id: int) -> None:
        state = self._writing()
        rule = state.rules.get(rule_id)
        if rule is not None:
            state.rules[rule_id] = replace(rule, remaining=rule.remaining - 1)
        state.rules = {i: rule for i, rule in state.rules.items() if rule.remaining > 0}
        self._bump_settings_version()

    def reset(self, account: str | None) -> None:
        state = self._writing()
        if account is None:
            kept = State(settings=state.settings)
            for name in ("last_instance_seq", "last_job_id", "last_rule_id", "last_resource_seq"):
                setattr(kept, name, getattr(state, name))
            state.restore(kept)
        else:
            _reset_account(state, account)
        self._bump_settings_version()


def _reset_account(state: State, account: str) -> None:
    # As the SQL stores do it, table by table: the jobs of the account's instances, the
    # references inside instances holding the account's resources, then the rest by account.
    instances = {i for i, row in state.instances.items() if row.instance.account == account}
    holding = {row.instance_id for row in state.resources.values() if row.account == account}
    state.jobs = {i: job for i, job in state.jobs.items() if job.instance_id not in instances}
    state.refs = {key: ref for key, ref in state.refs.items() if key[0] not in holding}
    state.resources = {key: row for key, row in state.resources.items() if row.account != account}
    state.instances = {i: row for i, row in state.instances.items() if i not in instances}
    state.tokens = {key: token for key, token in state.tokens.items() if key[0] != account}
    state.directories = {key: d for key, d in state.directories.items() if key[0] != account}
    state.rules = {i: rule for i, rule in state.rules.items() if rule.account != account}
    state.events = [event for event in state.events if event[0] != account]
