"""The command line around scale-out: ``migrate``, ``--database-url``, refusals that explain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from connect_emulator.config import Settings
from connect_emulator.storage.migrations import load_migrations
from tests.integration.helpers import create
from tests.support.clients import connect_client
from tests.support.server import EmulatorProcess


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "connect_emulator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_several_workers_need_postgresql() -> None:
    refused = _run("serve", "--port", "0", "--workers", "3")
    assert refused.returncode != 0
    assert "--workers 3 needs --database-url" in refused.stderr


def test_in_memory_and_a_database_url_exclude_each_other() -> None:
    refused = _run("serve", "--in-memory", "--database-url", "postgresql://x@127.0.0.1/y")
    assert refused.returncode != 0
    assert "--in-memory and --database-url exclude each other" in refused.stderr


def test_an_unreachable_database_is_one_clear_line() -> None:
    refused = _run("serve", "--port", "0", "--database-url", "postgresql://nobody@127.0.0.1:1/x")
    assert refused.returncode != 0
    assert "cannot connect to PostgreSQL x on 127.0.0.1:1" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_migrate_a_data_directory_once(tmp_path: Path) -> None:
    first = _run("migrate", "--data-dir", str(tmp_path / "data"))
    assert first.returncode == 0, first.stderr
    assert f"applied {len(load_migrations('sqlite'))} migration(s)" in first.stdout
    assert (tmp_path / "data" / "connect-emulator.sqlite3").exists()
    again = _run("migrate", "--data-dir", str(tmp_path / "data"))
    assert "nothing to apply" in again.stdout


@pytest.mark.postgres
def test_migrate_a_postgresql_database_once(database_url: str) -> None:
    # The module's database may be migrated already by another test: either way, then none.
    first = _run("migrate", "--database-url", database_url)
    assert first.returncode == 0, first.stderr
    assert "schema up to date" in first.stdout
    again = _run("migrate", "--database-url", database_url)
    assert "nothing to apply" in again.stdout


@pytest.mark.postgres
def test_servers_on_postgresql_take_no_data_directory_lock(database_url: str) -> None:
    # The harness passes --data-dir to both: harmless with --database-url (SQLite would refuse).
    with EmulatorProcess("--database-url", database_url) as first:
        second = EmulatorProcess("--database-url", database_url, data_dir=first.data_dir)
        with second:
            created = create(connect_client(first.url))
            described = connect_client(second.url).describe_instance(InstanceId=created["Id"])
            assert described["Instance"]["Arn"] == created["Arn"]
        assert not any(first.data_dir.glob("*.sqlite3"))


def test_settings_reach_a_worker_process_unchanged(tmp_path: Path) -> None:
    settings = Settings(
        port=0,
        data_dir=tmp_path,
        database_url="postgresql://u@h/d",
        workers=3,
        credentials_file=tmp_path / "keys.json",
        instance_quota=4,
        api_rate=2.5,
        seed=11,
    )
    assert Settings.from_json(settings.to_json()) == settings
