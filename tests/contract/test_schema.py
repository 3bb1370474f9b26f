"""Each dialect's migrations make the one expected schema, once, however many run at once."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from connect_emulator.storage.postgres import PostgresStore
from connect_emulator.storage.sqlite import SqliteStore
from tests.contract.schema import postgres_schema, render, sqlite_schema
from tests.support.postgres import require_server

# The recorded expectation: a schema change is a new migration in BOTH dialects, and this.
EXPECTED = {
    "directories": [
        "account text not null",
        "directory_id text not null",
        "usable integer not null",
        "reason text",
        "primary key (account, directory_id)",
    ],
    "emulator_settings": ["key text not null", "value text not null", "primary key (key)"],
    "failure_rules": [
        "id integer not null generated",
        "remaining integer not null",
        "account text",
        "alias_pattern text",
        "reason text not null",
        "family text",
        "primary key (id)",
    ],
    "idempotency_tokens": [
        "account text not null",
        "region text not null",
        "operation text not null",
        "token text not null",
        "fingerprint text not null",
        "resource_id text not null",
        "created_at real not null",
        "primary key (account, region, operation, token)",
    ],
    "instance_events": [
        "id integer not null generated",
        "account text not null",
        "region text not null",
        "kind text not null",
        "at real not null",
        "primary key (id)",
        "index instance_events_window (account, region, at)",
    ],
    "instances": [
        "seq integer not null generated",
        "id text not null",
        "account text not null",
        "region text not null",
        "identity_management_type text not null",
        "alias text not null",
        "alias_claim text",
        "directory_id text",
        "created_at real not null",
        "service_role text not null",
        "status text not null",
        "status_reason text",
        "inbound_calls integer not null",
        "outbound_calls integer not null",
        "tags text not null default '{}'",
        "deleting integer not null default 0",
        "attributes text not null default '{}'",
        "defaults_due real",
        "primary key (seq)",
        "unique partial index instances_alias_claim (alias_claim)",
        "unique index instances_id_key (id)",
        "index instances_live (account, region, status)",
        "index instances_owner (account, region, seq)",
    ],
    "jobs": [
        "id integer not null generated",
        "kind text not null",
        "instance_id text not null",
        "due_at real not null",
        "failure_reason text",
        "family text",
        "resource_id text",
        "primary key (id)",
        "index jobs_due (due_at)",
        "index jobs_instance (instance_id)",
    ],
    "settings_version": ["name text not null", "value text not null", "primary key (name)"],
    "resources": [
        "seq integer not null generated",
        "account text not null",
        "region text not null",
        "instance_id text not null",
        "family text not null",
        "id text not null",
        "name_key text",
        "subtype text",
        "body text not null",
        "tags text not null default '{}'",
        "modified_at real not null",
        "summary text",
        "described text",
        "primary key (seq)",
        "unique index resources_key (instance_id, family, id)",
        "index resources_list (instance_id, family, seq)",
        "unique partial index resources_name (instance_id, family, name_key)",
        "index resources_owner (account, region)",
    ],
    "resource_refs": [
        "instance_id text not null",
        "family text not null",
        "id text not null",
        "role text not null",
        "item text not null",
        "target_family text not null",
        "target_id text not null",
        "blocks integer not null",
        "detail text not null default '{}'",
        "primary key (instance_id, family, id, role, item)",
        "index resource_refs_target (instance_id, target_family, target_id)",
    ],
    "schema_migrations": [
        "version integer not null",
        "name text not null",
        "primary key (version)",
    ],
}


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    with require_server().database() as url:
        yield url


def _all_at_once(count: int, migrate: Callable[[], list[int]]) -> list[list[int]]:
    """``count`` threads, each with a connection of its own, migrate at the same moment."""
    start = threading.Barrier(count)
    results: list[list[int]] = []
    failures: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            results.append(migrate())
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    return results


def test_sqlite_migrations_make_the_expected_schema(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = SqliteStore(path, migrate=False)
    assert store.migrate() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert store.migrate() == []
    store.close()
    with closing(sqlite3.connect(path)) as db:
        assert render(sqlite_schema(db)) == EXPECTED
        versions = db.execute("SELECT version, name FROM schema_migrations ORDER BY 1")
        assert versions.fetchall() == [
            (1, "0001_initial.sql"),
            (2, "0002_quotas.sql"),
            (3, "0003_attributes.sql"),
            (4, "0004_settings_version.sql"),
            (5, "0005_resources.sql"),
            (6, "0006_resource_jobs.sql"),
            (7, "0007_defaults_due.sql"),
            (8, "0008_rendered_answers.sql"),
        ]


@pytest.mark.postgres
def test_postgres_migrations_make_the_expected_schema(fresh_postgres: str) -> None:
    store = PostgresStore(fresh_postgres, migrate=False)
    assert store.migrate() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert store.migrate() == []
    store.close()
    with psycopg.connect(fresh_postgres) as db:
        assert render(postgres_schema(db)) == EXPECTED
        versions = db.execute("SELECT version, name FROM schema_migrations ORDER BY 1")
        assert versions.fetchall() == [
            (1, "0001_initial.sql"),
            (2, "0002_quotas.sql"),
            (3, "0003_attributes.sql"),
            (4, "0004_settings_version.sql"),
            (5, "0005_resources.sql"),
            (6, "0006_resource_jobs.sql"),
            (7, "0007_defaults_due.sql"),
            (8, "0008_rendered_answers.sql"),
        ]


def test_sqlite_processes_migrating_at_once_apply_each_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"

    def migrate() -> list[int]:
        store = SqliteStore(path, migrate=False)
        try:
            return store.migrate()
        finally:
            store.close()

    results = _all_at_once(6, migrate)
    assert sorted(version for applied in results for version in applied) == [1, 2, 3, 4, 5, 6, 7, 8]
    with closing(sqlite3.connect(path)) as db:
        assert render(sqlite_schema(db)) == EXPECTED


@pytest.mark.postgres
def test_postgres_processes_migrating_at_once_apply_each_migration_once(
    fresh_postgres: str,
) -> None:
    def migrate() -> list[int]:
        store = PostgresStore(fresh_postgres, migrate=False)
        try:
            return store.migrate()
        finally:
            store.close()

    results = _all_at_once(8, migrate)
    assert sorted(version for applied in results for version in applied) == [1, 2, 3, 4, 5, 6, 7, 8]
    with psycopg.connect(fresh_postgres) as db:
        assert render(postgres_schema(db)) == EXPECTED
