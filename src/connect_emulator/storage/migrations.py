"""Numbered SQL migrations, applied in order, each once, each in its own transaction.

Files live in ``migrations/<dialect>/NNNN_name.sql``; the applied versions are recorded in
``schema_migrations``. A schema change is always a new file, never an edit of an old one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

LOG = logging.getLogger(__name__)

_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(dialect: str) -> list[Migration]:
    folder = resources.files("connect_emulator.storage").joinpath("migrations", dialect)
    found = []
    for entry in folder.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{dialect} migrations are not numbered 1..n: {versions}")
    return found
