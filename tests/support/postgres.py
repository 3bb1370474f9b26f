"""A PostgreSQL server for the tests, and fresh databases on it that are dropped afterwards.

Which server: ``CONNECT_EMULATOR_TEST_DATABASE_URL`` (a database URL on a server where the
tests may create and drop databases), else 127.0.0.1:5432 as the user ``postgres``, then as
the current user (trust authentication, as in CI).

No server answering is a failure when ``CI`` is set, so CI can never pass by skipping these
tests; elsewhere the tests skip, saying how to run them.
"""

from __future__ import annotations

import getpass
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ENV = "CONNECT_EMULATOR_TEST_DATABASE_URL"
# Read at import: the tests' clean-environment fixture removes CONNECT_EMULATOR_* variables.
_CONFIGURED = os.environ.get(ENV)
_IN_CI = bool(os.environ.get("CI"))
_PREFIX = "connect_emulator_test_"

HOW_TO_RUN = (
    "start PostgreSQL on 127.0.0.1:5432 with trust authentication for the user postgres "
    f"(or your own), or set {ENV}=postgresql://user:password@host:port/postgres to a server "
    "where the tests may create databases"
)

# Every table the migrations create, apart from schema_migrations: what a clean slate empties.
TABLES = (
    "instances",
    "idempotency_tokens",
    "jobs",
    "emulator_settings",
    "directories",
    "failure_rules",
    "instance_events",
    "resources",
    "resource_refs",
)


def _candidates() -> list[str]:
    if _CONFIGURED:
        return [_CONFIGURED]
    return [
        "postgresql://postgres@127.0.0.1:5432/postgres",
        f"postgresql://{getpass.getuser()}@127.0.0.1:5432/postgres",
    ]


def with_database(url: str, dbname: str) -> str:
    """``url`` pointing at ``dbname`` instead (URLs and key=value strings alike)."""
    if "://" in url:
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + dbname))
    return psycopg.conninfo.make_conninfo(url, dbname=dbname)


class PostgresServer:
    """Creates and drops this run's databases through the server's maintenance database."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._run = secrets.token_hex(4)
        self._count = 0
        self._created: list[str] = []

    def _admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5)

    def create_database(self) -> str:
        """A new, empty database of this run; returns its URL."""
        self._count += 1
        name = f"{_PREFIX}{self._run}_{self._count}"
        with self._admin() as db:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created.append(name)
        return with_database(self.admin_url, name)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/") if "://" in url else url
        with self._admin() as db:
            # FORCE: a server process the test killed may leave its session closing.
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if name in self._created:
            self._created.remove(name)

    def drop_all(self) -> None:
        for name in list(self._created):
            self.drop_database(with_database(self.admin_url, name))

    @contextmanager
    def database(self) -> Iterator[str]:
        url = self.create_database()
        try:
            yield url
        finally:
            self.drop_database(url)


def _reachable() -> tuple[PostgresServer | None, str]:
    errors = []
    for url in _candidates():
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=3) as db:
                db.execute("SELECT 1")
        except psycopg.Error as error:
            errors.append(f"{with_database(url, '...')}: {' '.join(str(error).split())}")
            continue
        return PostgresServer(url), ""
    return None, "; ".join(errors)


_PROBED: list[tuple[PostgresServer | None, str]] = []


def require_server() -> PostgresServer:
    """The server, or a skip (a failure in CI) that says why and how to run the tests."""
    if not _PROBED:  # once per test run: an unreachable host may take seconds to say so
        _PROBED.append(_reachable())
    server, reason = _PROBED[0]
    if server is None:
        message = f"PostgreSQL is not reachable ({reason}); to run these tests, {HOW_TO_RUN}"
        if _IN_CI:
            pytest.fail(f"CI is set but {message}", pytrace=False)
        pytest.skip(message)
    return server


def empty_tables(url: str) -> None:
    """Every table of a migrated database emptied, its identity counters back at 1."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY")
