"""Existing instances for the benchmarks: through a server's API, or straight into SQLite.

A handful of instances are created through the API (boto3) on every server. A million are
too many for that, so for the scale runs the emulator first creates and migrates its database
(started once on an empty data directory, then stopped), and the rows are bulk-inserted with
the project's own row mapping (``storage.rows.instance_to_row``) and INSERT statement: valid
ACTIVE instances as CreateInstance and provisioning would have left them.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from random import Random

import boto3
from mypy_boto3_connect import ConnectClient

from bench.signing import REGION, Key
from connect_emulator.config import Settings
from connect_emulator.domain.clock import SystemClock
from connect_emulator.domain.model import IdentityManagementType, Instance, InstanceStatus
from connect_emulator.domain.pagination import PageTokens
from connect_emulator.storage.queries import QUERIES
from connect_emulator.storage.rows import instance_to_row

_BATCH = 50_000
_PAGE_TOKEN_KEY = "page_token_key"


def client(url: str, key: Key) -> ConnectClient:
    return boto3.client(
        "connect",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key.access_key_id,
        aws_secret_access_key=key.secret_access_key,
    )


def create_through_api(connect: ConnectClient, count: int, prefix: str) -> list[str]:
    """Creates ``count`` instances; returns their ids once the first one is ACTIVE."""
    ids = [
        connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InstanceAlias=f"{prefix}-{number:04d}",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
        for number in range(count)
    ]
    deadline = time.monotonic() + 30
    while connect.describe_instance(InstanceId=ids[0])["Instance"].get("InstanceStatus") not in (
        None,  # moto has no lifecycle
        "ACTIVE",
    ):
        if time.monotonic() > deadline:
            raise RuntimeError("the first seeded instance never became ACTIVE")
        time.sleep(0.05)
    return ids


def database_file(data_dir: Path) -> Path:
    path = Settings(data_dir=data_dir).database_path
    assert path is not None
    return path


def _instances(count: int, account: str, seed: int) -> Iterator[Instance]:
    random = Random(seed)
    now = SystemClock().now()
    for number in range(count):
        instance_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
        yield Instance(
            id=instance_id,
            account=account,
            region=REGION,
            identity_management_type=IdentityManagementType.CONNECT_MANAGED,
            alias=f"scale-{number:07d}",
            directory_id=None,
            created_at=round(now - (count - number) * 0.001, 3),
            service_role=f"arn:aws:iam::{account}:role/aws-service-role/connect.amazonaws.com/"
            f"AWSServiceRoleForAmazonConnect_{instance_id.replace('-', '')[:20]}",
            status=InstanceStatus.ACTIVE,
            status_reason=None,
            inbound_calls=True,
            outbound_calls=True,
            tags={},
        )


def bulk_insert(database: Path, count: int, account: str, seed: int = 6) -> None:
    """Appends ``count`` ACTIVE instances of ``account`` to a migrated, idle database."""
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=DELETE")  # one big transaction, written once
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-1048576")  # 1 GiB: the random-id index stays in memory
        db.execute("BEGIN IMMEDIATE")
        rows = (instance_to_row(instance) for instance in _instances(count, account, seed))
        db.executemany(QUERIES["insert_instance"], rows)
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode=WAL")  # as the emulator keeps it
    finally:
        db.close()


def instance_at(database: Path, position: int) -> str:
    """The id of the instance at ``position`` (1-based insertion order)."""
    db = sqlite3.connect(database)
    try:
        row = db.execute(
            "SELECT id FROM instances ORDER BY seq LIMIT 1 OFFSET ?", (position - 1,)
        ).fetchone()
    finally:
        db.close()
    return str(row[0])


def page_token_after(database: Path, account: str, position: int) -> str:
    """The NextToken the emulator hands out for the page after insertion position ``position``.

    Made with the emulator's own PageTokens and the key in its settings table, so it is
    exactly the token paging would reach (``check_token`` compares the two on 1,000 rows).
    """
    db = sqlite3.connect(database)
    try:
        key = db.execute(
            "SELECT value FROM emulator_settings WHERE key = ?", (_PAGE_TOKEN_KEY,)
        ).fetchone()
        seq = db.execute(
            "SELECT seq FROM instances WHERE account = ? ORDER BY seq LIMIT 1 OFFSET ?",
            (account, position - 1),
        ).fetchone()
    finally:
        db.close()
    if key is None or seq is None:
        raise RuntimeError(f"{database} has no page-token key or fewer than {position} rows")
    return PageTokens(str(key[0]).encode()).encode(f"ListInstances/{account}/{REGION}", seq[0])


def token_by_paging(connect: ConnectClient, pages: int) -> str:
    """The NextToken after ``pages`` full pages, by paging through ListInstances."""
    token: str | None = None
    for _ in range(pages):
        page = connect.list_instances(NextToken=token) if token else connect.list_instances()
        token = page.get("NextToken")
        if token is None:
            raise RuntimeError(f"ListInstances ended before page {pages}")
    assert token is not None
    return token
