"""The schema a database ended up with, in one form for both dialects.

    {table: Table(columns, primary_key, indexes)}

``render`` writes it as lines of text, one per column, key and index, for a readable diff.
Types are compared by kind (text, integer, real): SQLite's INTEGER and PostgreSQL's bigint
are the same kind here. An index is (columns, unique, partial); the indexes a database makes
for a primary key are left out, those for a UNIQUE column are named after the column.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import psycopg

_KINDS = {
    "text": "text",
    "integer": "integer",
    "bigint": "integer",
    "real": "real",
    "double precision": "real",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    not_null: bool
    default: str | None
    generated: bool = False


@dataclass(frozen=True)
class Index:
    columns: tuple[str, ...]
    unique: bool
    partial: bool


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    indexes: dict[str, Index]


Schema = dict[str, Table]


def sqlite_schema(db: sqlite3.Connection) -> Schema:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    schema: Schema = {}
    for name in names:
        info = db.execute(f"PRAGMA table_info({name})").fetchall()
        key = tuple(row[1] for row in sorted(info, key=lambda row: row[5]) if row[5])
        (create,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        # INTEGER PRIMARY KEY AUTOINCREMENT: the database numbers it, never reusing a number.
        rowid = len(key) == 1 and "AUTOINCREMENT" in create.upper()
        columns = tuple(
            Column(
                row[1],
                _KINDS[row[2].lower()],
                bool(row[3]) or row[1] in key,
                row[4],
                rowid and row[1] == key[0],
            )
            for row in info
        )
        indexes = {}
        for _, index_name, unique, origin, partial in db.execute(f"PRAGMA index_list({name})"):
            if origin == "pk":
                continue
            cols = tuple(r[2] for r in db.execute(f"PRAGMA index_info({index_name})"))
            label = f"{name}_{'_'.join(cols)}_key" if origin == "u" else index_name
            indexes[label] = Index(cols, bool(unique), bool(partial))
        schema[name] = Table(columns, key, indexes)
    return schema


def postgres_schema(db: psycopg.Connection[Any]) -> Schema:
    names = [
        row[0]
        for row in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        )
    ]
    schema: Schema = {}
    for name in names:
        columns = tuple(
            Column(
                column,
                _KINDS[kind],
                nullable == "NO",
                None if default is None else default.removesuffix("::text"),
                identity == "YES",
            )
            for column, kind, nullable, default, identity in db.execute(
                "SELECT column_name, data_type, is_nullable, column_default, is_identity "
                "FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position",
                (name,),
            )
        )
        key: tuple[str, ...] = ()
        indexes = {}
        for index_name, cols, unique, primary, partial in db.execute(
            "SELECT c.relname, array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY "
            "AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = k.attnum ORDER BY k.n), i.indisunique, i.indisprimary, "
            "i.indpred IS NOT NULL FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass",
            (name,),
        ):
            if primary:
                key = tuple(cols)
            else:
                indexes[index_name] = Index(tuple(cols), unique, partial)
        schema[name] = Table(columns, key, indexes)
    return schema


def render(schema: Schema) -> dict[str, list[str]]:
    rendered = {}
    for name, table in sorted(schema.items()):
        lines = []
        for column in table.columns:
            words = [column.name, column.kind]
            if column.not_null:
                words.append("not null")
            if column.default is not None:
                words.append(f"default {column.default}")
            if column.generated:
                words.append("generated")
            lines.append(" ".join(words))
        lines.append(f"primary key ({', '.join(table.primary_key)})")
        for index_name, index in sorted(table.indexes.items()):
            kind = ("unique " if index.unique else "") + ("partial " if index.partial else "")
            lines.append(f"{kind}index {index_name} ({', '.join(index.columns)})")
        rendered[name] = lines
    return rendered
