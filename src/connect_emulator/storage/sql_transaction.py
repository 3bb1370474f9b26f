"""The domain's Transaction port over any DB-API connection, using named queries.

The dialect supplies the query table, the exception its driver raises when a unique index
refuses a write, and the ones that mean "this transaction lost a race, run it again"
(deadlock, serialization failure); everything else (parameters, row mapping) is shared.

A few statements exist only where the dialect needs them (PostgreSQL's advisory and row locks,
which SQLite's one database-wide write lock makes unnecessary): a table without them skips
those steps.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import orjson

from connect_emulator.domain.errors import StoreConflict
from connect_emulator.domain.model import (
    Directory,
    Instance,
    InstanceStatus,
)
from connect_emulator.domain.ports import (
    NEVER,
    CreationFacts,
    FailureRule,
    IdempotencyRecord,
    Job,
    JobKind,
)
from connect_emulator.domain.views import InstanceDetails, InstanceSummary
from connect_emulator.storage.locks import account_key
from connect_emulator.storage.resource_statements import ResourceStatements
from connect_emulator.storage.rows import (
    details_from_row,
    directory_from_row,
    instance_from_row,
    instance_to_row,
    summary_from_row,
    tags_json,
)


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


class Executor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...


def json_array(items: Sequence[Any]) -> str:
    return orjson.dumps(list(items)).decode()


class SqlTransaction(ResourceStatements):
    def __init__(
        self,
        db: Executor,
        queries: Mapping[str, str],
        unique_violation: type[Exception] | tuple[type[Exception], ...],
        retryable: tuple[type[Exception], ...] = (),
        *,
        array: Callable[[Sequence[Any]], Any] = json_array,
    ) -> None:
        # How a list travels as one parameter: a JSON array for SQLite's json_each, an array
        # for PostgreSQL's ANY.
        self._array = array
        # One cursor for every statement, where the driver has cursors: its Connection.execute
        # makes a new one per call. Safe because each result is read before the next runs.
        cursor = getattr(db, "cursor", None)
        shared = None if cursor is None else cursor()
        self._execute = db.execute if shared is None else shared.execute
        self._execute_many = getattr(shared, "executemany", None) or self._each
        self._q = queries
        self._unique_violation = unique_violation
        self._retryable = retryable

    def _run(self, name: str, *params: Any) -> Cursor:
        try:
            return self._execute(self._q[name], params)
        except self._retryable as error:
            # The database gave up on this transaction to break a cycle or keep it serializable;
            # the use case runs it again from the top, as after a unique-key race.
            raise StoreConflict("retry") from error

    def _each(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        # A driver without cursors: one statement per row.
        for row in rows:
            self._execute(sql, row)

    def _insert_many(self, conflict_key: str, name: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """``_insert`` for many rows in one call of the driver."""
        if not rows:
            return
        try:
            self._execute_many(self._q[name], rows)
        except self._retryable as error:
            raise StoreConflict("retry") from error
        except self._unique_violation as error:
            raise StoreConflict(conflict_key) from error

    def _run_if_present(self, name: str, *params: Any) -> None:
        if name in self._q:
            self._run(name, *params)

    # Locks

    def lock_account(self, account: str, region: str) -> None:
        if "lock_account" in self._q:  # SQLite has none: its write lock covers everything
            self._run("lock_account", account_key(account, region))

    def _insert(self, conflict_key: str, name: str, params: tuple[Any, ...]) -> None:
        # _run's handling, unrolled: CreateInstance makes two of these on every call.
        try:
            self._execute(self._q[name], params)
        except self._retryable as error:
            raise StoreConflict("retry") from error
        except self._unique_violation as error:
            raise StoreConflict(conflict_key) from error

    # Instances

    def get_instance(self, account: str, region: str, instance_id: str) -> Instance | None:
        row = self._run("get_instance", instance_id, account, region).fetchone()
        return None if row is None else instance_from_row(row)[1]

    def instance_by_id(self, instance_id: str) -> Instance | None:
        row = self._run("instance_by_id", instance_id).fetchone()
        return None if row is None else instance_from_row(row)[1]

    def list_instances(
        self, account: str, region: str, after: int, limit: int
    ) -> list[tuple[int, Instance]]:
        rows = self._run("list_instances", account, region, after, limit).fetchall()
        return [instance_from_row(row) for row in rows]

    def instance_details(
        self, account: str, region: str, instance_id: str
    ) -> InstanceDetails | None:
        row = self._run("instance_details", instance_id, account, region).fetchone()
        return None if row is None else details_from_row(row)

    def list_summaries(
        self, account: str, region: str, after: int, limit: int
    ) -> list[InstanceSummary]:
        rows = self._run("list_summaries", account, region, after, limit).fetchall()
        return list(map(summary_from_row, rows))

    def insert_instance(self, instance: Instance) -> None:
        self._insert("alias", "insert_instance", instance_to_row(instance))

    def set_status(
        self, instance_id: str, status: InstanceStatus, reason: str | None, *, keep_alias: bool
    ) -> None:
        self._run("set_status", status.value, reason, int(keep_alias), instance_id)

    def set_tags(self, instance_id: str, tags: dict[str, str]) -> None:
        self._run("set_tags", tags_json(tags), instance_id)

    def set_attributes(
        self, instance_id: str, attributes: dict[str, str], *, inbound: bool, outbound: bool
    ) -> None:
        self._run("set_attributes", tags_json(attributes), int(inbound), int(outbound), instance_id)

    def mark_deleting(self, instance_id: str) -> None:
        self._run("mark_deleting", instance_id)

    def remove_instance(self, instance_id: str) -> None:
        self._run("remove_instance_jobs", instance_id)
        self._run("remove_instance_refs", instance_id)
        self._run("remove_instance_resources", instance_id)
        self._run("remove_instance", instance_id)

    def count_live_instances(self, account: str, region: str) -> int:
        return int(self._run("count_live_instances", account, region).fetchone()[0])

    def account_regions(self) -> list[tuple[str, str]]:
        return [(str(row[0]), str(row[1])) for row in self._run("account_regions").fetchall()]

    def record_event(self, account: str, region: str, kind: str, at: float) -> None:
        self._run("record_event", account, region, kind, at)

    def count_events(self, account: str, region: str, since: float) -> int:
        return int(self._run("count_events", account, region, since).fetchone()[0])

    # Idempotency

    def get_idempotency(
        self, account: str, region: str, operation: str, token: str
    ) -> IdempotencyRecord | None:
        row = self._run("get_idempotency", account, region, operation, token).fetchone()
        if row is None:
            return None
        return IdempotencyRecord(account, region, operation, token, row[0], row[1], float(row[2]))

    def put_idempotency(self, record: IdempotencyRecord) -> None:
        self._insert(
            "token",
            "put_idempotency",
            (
                record.account,
                record.region,
                record.operation,
                record.token,
                record.fingerprint,
                record.resource_id,
                record.created_at,
            ),
        )

    # Jobs

    def schedule(
        self,
        kind: JobKind,
        instance_id: str,
        due_at: float,
        failure_reason: str | None = None,
        *,
        family: str | None = None,
        resource_id: str | None = None,
    ) -> None:
        self._run("schedule", kind.value, instance_id, due_at, failure_reason, family, resource_id)

    def reschedule_resource(
        self, family: str, resource_id: str, due_at: float, failure_reason: str | None
    ) -> bool:
        changed = self._run("reschedule_resource", due_at, failure_reason, family, resource_id)
        return changed.rowcount > 0

    def cancel_resource_jobs(self, family: str, resource_id: str) -> None:
        self._run("cancel_resource_jobs", family, resource_id)

    def cancel_jobs(self, instance_id: str, kind: JobKind) -> None:
        self._run("cancel_jobs", instance_id, kind.value)

    def claim_due_jobs(self, now: float, limit: int) -> list[Job]:
        rows = list(self._run("claim_due_jobs", now, limit).fetchall())
        if "claim_orphan_jobs" in self._q and len(rows) < limit:
            rows += self._run("claim_orphan_jobs", now, limit - len(rows)).fetchall()
            rows.sort(key=lambda row: (float(row[3]), int(row[0])))
        return [
            Job(row[0], JobKind(row[1]), row[2], float(row[3]), row[4], row[5], row[6])
            for row in rows
        ]

    def finish_jobs(self, job_ids: Sequence[int]) -> None:
        if job_ids:
            self._run("finish_jobs", self._array(job_ids))

    def activate_ready(self, instance_ids: Sequence[str]) -> list[str]:
        if not instance_ids:
            return []
        rows = self._run("activate_ready", self._array(instance_ids)).fetchall()
        return [row[0] for row in rows]

    def set_defaults_due(self, instance_ids: Sequence[str], at: float | None) -> None:
        if instance_ids:
            self._run("set_defaults_due", at, self._array(instance_ids))

    def next_due_at(self) -> float | None:
        row = self._run("next_due_at", NEVER).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    # Settings and controls

    def creation_facts(
        self, claim: str, account: str, region: str, operation: str, token: str | None
    ) -> CreationFacts:
        row = self._run("creation_facts", claim, account, region, operation, token).fetchone()
        previous = (
            None
            if row[2] is None or token is None
            else IdempotencyRecord(account, region, operation, token, row[2], row[3], float(row[4]))
        )
        return CreationFacts(None if row[0] is None else str(row[0]), bool(row[1]), previous)

    def _bump_settings_version(self) -> None:
        # A random version, not a counter: one can never come back, even if the row is lost
        # (a test emptying the tables), so a cache can never take old values for current.
        # Lock order (PostgreSQL): after failure rules and directories, before settings rows.
        self._run("bump_settings_version", secrets.token_hex(16))

    def has_failure_rules(self) -> bool:
        return self._run("has_failure_rules").fetchone() is not None

    def get_setting(self, key: str) -> str | None:
        row = self._run("get_setting", key).fetchone()
        return None if row is None else str(row[0])

    def put_setting(self, key: str, value: str) -> None:
        self._bump_settings_version()
        self._run("put_setting", key, value)

    def delete_settings(self, prefix: str) -> None:
        self._bump_settings_version()
        self._run("delete_settings", _like_prefix(prefix))

    def settings_with_prefix(self, prefix: str) -> list[tuple[str, str]]:
        rows = self._run("settings_with_prefix", _like_prefix(prefix)).fetchall()
        return [(str(row[0]), str(row[1])) for row in rows]

    def get_directory(self, account: str, directory_id: str) -> Directory | None:
        row = self._run("get_directory", account, directory_id).fetchone()
        return None if row is None else directory_from_row(row)

    def has_directories(self, account: str) -> bool:
        return self._run("has_directories", account).fetchone() is not None

    def put_directory(self, directory: Directory) -> None:
        self._run(
            "put_directory",
            directory.account,
            directory.directory_id,
            int(directory.usable),
            directory.reason,
        )
        self._bump_settings_version()

    def list_directories(self, account: str | None) -> list[Directory]:
        found = [directory_from_row(row) for row in self._run("list_directories").fetchall()]
        return [d for d in found if account is None or d.account == account]

    def add_failure_rule(
        self,
        count: int,
        account: str | None,
        alias_pattern: str | None,
        reason: str,
        family: str | None = None,
    ) -> int:
        row = self._run(
            "add_failure_rule", count, account, alias_pattern, reason, family
        ).fetchone()
        self._bump_settings_version()
        return int(row[0])

    def failure_rules(self) -> list[FailureRule]:
        return [FailureRule(*row) for row in self._run("failure_rules").fetchall()]

    def use_failure_rule(self, rule_id: int) -> None:
        self._run("use_failure_rule", rule_id)
        self._run("drop_used_failure_rules")
        self._bump_settings_version()

    def reset(self, account: str | None) -> None:
        if account is None:
            self._run_if_present("reset_lock_instances_all")
        else:
            self._run_if_present("reset_lock_instances", account)
        tables = (
            "jobs",
            "resource_refs",
            "resources",
            "instances",
            "tokens",
            "directories",
            "failure_rules",
            "events",
        )
        for table in tables:
            if account is None:
                self._run(f"reset_{table}_all")
            else:
                self._run(f"reset_{table}", account)
        self._bump_settings_version()


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching keys that start with ``prefix`` (wildcards escaped)."""
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
