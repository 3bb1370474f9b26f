"""PostgreSQL's statements are the shared ones, re-punctuated, plus its locking overrides."""

from __future__ import annotations

import pytest

from connect_emulator.storage.postgres_queries import READ_QUERIES, WRITE_QUERIES, to_postgres
from connect_emulator.storage.queries import QUERIES

# Statements that take a list: SQLite reads it as a JSON array, PostgreSQL as an array.
LIST_STATEMENTS = {
    "finish_jobs",
    "activate_ready",
    "set_defaults_due",
    "list_resources_of",
    "instance_summaries_of",
    "count_resources_of",
    "existing_resources",
}
# Statements that join a List page in order: SQLite keeps its subquery's order, PostgreSQL
# is told the order inside its aggregate.
ORDERED_AGGREGATES = {"instance_summaries", "instance_summaries_of"}


def test_every_shared_statement_exists_in_both_tables_with_psycopg_placeholders() -> None:
    for name, sql in QUERIES.items():
        if name in ORDERED_AGGREGATES:
            assert "group_concat(summary, ',')" in sql
            assert "string_agg(summary, ',' ORDER BY seq)" in READ_QUERIES[name]
        if name in LIST_STATEMENTS:
            assert "json_each(?)" in sql
            assert "= ANY(%s)" in READ_QUERIES[name]
        elif name not in ORDERED_AGGREGATES:
            assert READ_QUERIES[name] == sql.replace("?", "%s")
        assert "?" not in WRITE_QUERIES[name]
        assert WRITE_QUERIES[name].count("%s") == sql.count("?"), name


def test_a_shared_statement_with_a_percent_sign_is_refused() -> None:
    # psycopg would take it for a placeholder; LIKE patterns must travel as parameters.
    with pytest.raises(ValueError, match="must not contain"):
        to_postgres("SELECT 1 WHERE key LIKE 'a%'")


def test_writes_lock_what_they_read_and_claims_skip_what_others_hold() -> None:
    assert WRITE_QUERIES["get_instance"].endswith("FOR UPDATE")
    assert WRITE_QUERIES["instance_by_id"].endswith("FOR UPDATE")
    assert WRITE_QUERIES["claim_due_jobs"].endswith("FOR UPDATE SKIP LOCKED")
    assert WRITE_QUERIES["claim_orphan_jobs"].endswith("FOR UPDATE SKIP LOCKED")
    assert "FOR UPDATE" not in READ_QUERIES["get_instance"]
