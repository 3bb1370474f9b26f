"""Opening one PostgreSQL session with every wait bounded, and naming a database for logs.

The store is called on the event loop's thread, so a database that stops answering must cost a
request a prompt error, never freeze the process. The bounds are libpq parameters
(``TIMEOUT_DEFAULTS``) and session settings (``SESSION_DEFAULTS``); any of them given in the
database URL wins, ``options=-c statement_timeout=...`` included:
- connecting: ``connect_timeout``;
- a statement: ``statement_timeout``, a lock: ``lock_timeout`` (the server answers an error
  and the connection lives on);
- a dead peer of an idle connection, or unsent data: TCP keepalives and ``tcp_user_timeout``;
- a server that cannot answer at all: the watchdog (``watchdog.py``), which cuts the session's
  socket once a wait has lasted ``Session.answer_limit``.
"""

from __future__ import annotations

import os
import socket
from contextlib import suppress
from typing import Any, NamedTuple

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from connect_emulator.storage.errors import StorageUnavailable

# A request touches a handful of rows: seconds are orders of magnitude more than it needs,
# and short enough that a hung database shows as errors rather than as a hung server.
TIMEOUT_DEFAULTS = {
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "1",
    "keepalives_count": "3",
    "tcp_user_timeout": "10000",
}
# Session settings, passed at connection start (no extra round trip); the URL's options come
# after them, and the last -c of a setting wins.
SESSION_DEFAULTS = "-c statement_timeout=5000 -c lock_timeout=5000"
# Beyond the statement timeout, how long the watchdog lets the server take to say so.
_ANSWER_MARGIN = 1.0


def describe_url(url: str) -> str:
    """Where a database URL points, without its password: for logs and messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL (unparsable URL)"
    host = parts.get("host") or "local socket"
    port = parts.get("port") or "5432"
    return f"PostgreSQL {parts.get('dbname') or parts.get('user') or ''} on {host}:{port}"


def connect_options(url: str, connect_timeout: int | None = None) -> dict[str, str]:
    """``TIMEOUT_DEFAULTS`` and ``SESSION_DEFAULTS`` under what the URL says itself;
    ``connect_timeout`` over both."""
    options: dict[str, str] = {}
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        pass  # connecting says what is wrong with it
    else:
        options = {k: v for k, v in TIMEOUT_DEFAULTS.items() if k not in given}
        options["options"] = f"{SESSION_DEFAULTS} {given.get('options') or ''}".strip()
    if connect_timeout is not None:
        options["connect_timeout"] = str(connect_timeout)
    return options


class Session(NamedTuple):
    """An open connection, a duplicate of its socket for the watchdog to shut down, and how
    long a wait for the server may last (0: unbounded, ``statement_timeout`` is off)."""

    db: psycopg.Connection[Any]
    watched: socket.socket
    answer_limit: float

    def close(self) -> None:
        with suppress(psycopg.Error):
            self.db.close()
        self.watched.close()


def open_session(url: str, options: dict[str, str], lease_ms: int) -> Session:
    """A new session on ``url``; ``StorageUnavailable`` when there is none to be had.

    ``lease_ms`` becomes ``idle_in_transaction_session_timeout``: a transaction left idle
    longer (a frozen process) is ended by the server, and its locks with it.
    """
    try:
        conninfo = make_conninfo(url, **options)
    except psycopg.ProgrammingError:
        conninfo = url  # not a valid URL: connecting says what is wrong with it
    try:
        # autocommit only hands BEGIN and COMMIT to the store: every statement still runs
        # inside a transaction it opened explicitly.
        db = psycopg.connect(conninfo, autocommit=True, application_name="connect-emulator")
    except psycopg.Error as error:  # unreachable, refused, or not a database URL at all
        raise StorageUnavailable(
            f"cannot connect to {describe_url(url)}: {error}".strip()
        ) from error
    try:
        row = db.execute(
            "SELECT set_config('idle_in_transaction_session_timeout', %s, false), "
            "(SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout')",
            (str(lease_ms),),
        ).fetchone()
        watched = socket.socket(fileno=os.dup(db.pgconn.socket))
    except (psycopg.Error, OSError) as error:
        with suppress(psycopg.Error):
            db.close()
        raise StorageUnavailable(
            f"cannot set up a session on {describe_url(url)}: {error}"
        ) from error
    statement_ms = int(row[1]) if row is not None else 0
    limit = statement_ms / 1000 + _ANSWER_MARGIN if statement_ms > 0 else 0.0
    return Session(db, watched, limit)
