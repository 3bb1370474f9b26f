"""Every SQL statement the stores run, by name, written once for SQLite's "?" placeholders.

Dialects that differ (PostgreSQL's row locks, its "%s" placeholders) derive their own table
from this one, so a query reads the same wherever it runs.
"""

from __future__ import annotations

from collections.abc import Callable

from connect_emulator.domain.instances import counts_toward_quota
from connect_emulator.domain.lifecycle import awaiting_provisioning
from connect_emulator.domain.model import InstanceStatus


def statuses_where(rule: Callable[[InstanceStatus], bool]) -> str:
    """``status IN (...)``: the statuses the domain's ``rule`` admits. A rule about statuses
    is written once, in the domain; this is that rule in SQL."""
    admitted = ", ".join(f"'{status.value}'" for status in InstanceStatus if rule(status))
    return f"status IN ({admitted})"


# The domain's rules in SQL, made from them (tests/contract/test_rules_contract.py holds each
# statement equal to its rule over every combination of the rule's inputs):
# the instance quota (domain/instances.py),
COUNTS_TOWARD_QUOTA = statuses_where(counts_toward_quota)
# the ACTIVE transition (domain/lifecycle.py) for an instance not being deleted with nothing
# to check: no directory (the caller passes only jobs with no failure planned).
ACTIVATES = (
    statuses_where(lambda status: awaiting_provisioning(status, deleting=False))
    + " AND deleting = 0 AND directory_id IS NULL"
)
ACTIVATE = f"UPDATE instances SET status = '{InstanceStatus.ACTIVE.value}', status_reason = NULL"

INSTANCE_COLUMNS = (
    "seq, id, account, region, identity_management_type, alias, directory_id, created_at, "
    "service_role, status, status_reason, inbound_calls, outbound_calls, tags, deleting, "
    "attributes, defaults_due"
)

# DescribeInstance and ListInstances read only the columns they show (domain/views.py): on the
# two most frequent calls every column of every row costs time to convert.
DETAILS_COLUMNS = (
    "id, identity_management_type, alias, created_at, service_role, status, status_reason, "
    "inbound_calls, outbound_calls, tags"
)
SUMMARY_COLUMNS = (
    "seq, id, identity_management_type, alias, created_at, service_role, status, "
    "inbound_calls, outbound_calls"
)

RESOURCE_COLUMNS = (
    "seq, account, region, instance_id, family, id, name_key, subtype, body, tags, modified_at"
)
_REF_COLUMNS = "role, item, target_family, target_id, blocks, detail"


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in columns.split(","))


# The List filter on a resource's subtype: the subtypes travel as one JSON array parameter
# (PostgreSQL's table takes an array: ``= ANY(%s)``).
SUBTYPE_IN = " AND subtype IN (SELECT value FROM json_each(?))"
# A page's summaries joined in List order. SQLite 3.40 has no ORDER BY inside an aggregate
# (3.44 added it); the order is the subquery's: the query flattener never merges a subquery
# that has an ORDER BY and a LIMIT into an aggregate query (optoverview.html, "Query
# Flattening"), so the aggregate steps through the rows as the subquery yields them, in order.
GROUP_CONCAT = "group_concat(summary, ',')"


def instance_summaries(concat: str, subtype_filter: str) -> str:
    """The instance and one List page of a family's stored summaries, in one row: the
    summaries joined by commas (NULL for none), how many were read, how many of those had
    one stored, the last one's position, and whether more follow it. No row: no instance.

    The page is one value, not a row a resource (a page of 50: about 20 us in SQLite against
    24 us for its rows, and no Python join): ``concat`` joins it in ``seq`` order,
    ``subtype_filter`` (with its parameter) filters both the page and the look past its end."""
    return (
        f"SELECT {_prefixed('i', INSTANCE_COLUMNS)}, p.joined, p.listed, p.stored, p.last, "
        "EXISTS (SELECT 1 FROM resources WHERE instance_id = i.id AND family = ? "
        f"AND seq > p.last{subtype_filter}) "
        f"FROM instances AS i, (SELECT {concat} AS joined, COUNT(*) AS listed, "
        "COUNT(summary) AS stored, MAX(seq) AS last FROM (SELECT seq, summary FROM resources "
        f"WHERE instance_id = ? AND family = ? AND seq > ?{subtype_filter} "
        "ORDER BY seq LIMIT ?) AS page) AS p "
        "WHERE i.id = ? AND i.account = ? AND i.region = ?"
    )


QUERIES: dict[str, str] = {
    "get_instance": f"SELECT {INSTANCE_COLUMNS} FROM instances "
    "WHERE id = ? AND account = ? AND region = ?",
    "instance_by_id": f"SELECT {INSTANCE_COLUMNS} FROM instances WHERE id = ?",
    "list_instances": f"SELECT {INSTANCE_COLUMNS} FROM instances "
    "WHERE account = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?",
    "instance_details": f"SELECT {DETAILS_COLUMNS} FROM instances "
    "WHERE id = ? AND account = ? AND region = ?",
    "list_summaries": f"SELECT {SUMMARY_COLUMNS} FROM instances "
    "WHERE account = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?",
    "insert_instance": "INSERT INTO instances (id, account, region, identity_management_type, "
    "alias, directory_id, created_at, service_role, status, status_reason, inbound_calls, "
    "outbound_calls, tags, alias_claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "set_status": "UPDATE instances SET status = ?, status_reason = ?, "
    "alias_claim = CASE WHEN ? = 1 THEN alias_claim ELSE NULL END WHERE id = ?",
    "set_tags": "UPDATE instances SET tags = ? WHERE id = ?",
    "set_attributes": "UPDATE instances SET attributes = ?, inbound_calls = ?, "
    "outbound_calls = ? WHERE id = ?",
    "mark_deleting": "UPDATE instances SET deleting = 1 WHERE id = ?",
    "remove_instance": "DELETE FROM instances WHERE id = ?",
    "remove_instance_jobs": "DELETE FROM jobs WHERE instance_id = ?",
    "remove_instance_refs": "DELETE FROM resource_refs WHERE instance_id = ?",
    "remove_instance_resources": "DELETE FROM resources WHERE instance_id = ?",
    "count_live_instances": "SELECT COUNT(*) FROM instances "
    f"WHERE account = ? AND region = ? AND {COUNTS_TOWARD_QUOTA}",
    "account_regions": "SELECT DISTINCT account, region FROM instances ORDER BY account, region",
    "record_event": "INSERT INTO instance_events (account, region, kind, at) VALUES (?, ?, ?, ?)",
    "count_events": "SELECT COUNT(*) FROM instance_events "
    "WHERE account = ? AND region = ? AND at > ?",
    "get_idempotency": "SELECT fingerprint, resource_id, created_at FROM idempotency_tokens "
    "WHERE account = ? AND region = ? AND operation = ? AND token = ?",
    "put_idempotency": "INSERT INTO idempotency_tokens "
    "(account, region, operation, token, fingerprint, resource_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "schedule": "INSERT INTO jobs (kind, instance_id, due_at, failure_reason, family, "
    "resource_id) VALUES (?, ?, ?, ?, ?, ?)",
    "reschedule_resource": "UPDATE jobs SET due_at = ?, failure_reason = ? "
    "WHERE family = ? AND resource_id = ?",
    "cancel_resource_jobs": "DELETE FROM jobs WHERE family = ? AND resource_id = ?",
    "cancel_jobs": "DELETE FROM jobs WHERE instance_id = ? AND kind = ?",
    "claim_due_jobs": "SELECT id, kind, instance_id, due_at, failure_reason, family, "
    "resource_id FROM jobs "
    "WHERE due_at <= ? ORDER BY due_at, id LIMIT ?",
    # Lists travel as one JSON array parameter (PostgreSQL's table takes an array instead).
    "finish_jobs": "DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?))",
    "set_defaults_due": "UPDATE instances SET defaults_due = ? "
    "WHERE id IN (SELECT value FROM json_each(?))",
    "activate_ready": f"{ACTIVATE} WHERE id IN (SELECT value FROM json_each(?)) "
    f"AND {ACTIVATES} RETURNING id",
    "next_due_at": "SELECT MIN(due_at) FROM jobs WHERE due_at < ?",
    # CreateInstance's reads before it writes, in one statement: the settings version (see
    # domain/settings_cache.py), whether the alias is taken, and the token's earlier use.
    "creation_facts": "SELECT v.value, EXISTS (SELECT 1 FROM instances WHERE alias_claim = ?), "
    "t.fingerprint, t.resource_id, t.created_at FROM (SELECT 1 AS one) AS base "
    "LEFT JOIN settings_version AS v ON v.name = 'settings' "
    "LEFT JOIN idempotency_tokens AS t "
    "ON t.account = ? AND t.region = ? AND t.operation = ? AND t.token = ?",
    "bump_settings_version": "INSERT INTO settings_version (name, value) "
    "VALUES ('settings', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    "has_failure_rules": "SELECT 1 FROM failure_rules WHERE remaining > 0 LIMIT 1",
    "get_setting": "SELECT value FROM emulator_settings WHERE key = ?",
    "put_setting": "INSERT INTO emulator_settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    "delete_settings": "DELETE FROM emulator_settings WHERE key LIKE ? ESCAPE '!'",
    "settings_with_prefix": "SELECT key, value FROM emulator_settings "
    "WHERE key LIKE ? ESCAPE '!' ORDER BY key",
    "get_directory": "SELECT account, directory_id, usable, reason FROM directories "
    "WHERE account = ? AND directory_id = ?",
    "has_directories": "SELECT 1 FROM directories WHERE account = ? LIMIT 1",
    "put_directory": "INSERT INTO directories (account, directory_id, usable, reason) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (account, directory_id) "
    "DO UPDATE SET usable = excluded.usable, reason = excluded.reason",
    "list_directories": "SELECT account, directory_id, usable, reason FROM directories "
    "ORDER BY account, directory_id",
    "add_failure_rule": "INSERT INTO failure_rules (remaining, account, alias_pattern, reason, "
    "family) VALUES (?, ?, ?, ?, ?) RETURNING id",
    "failure_rules": "SELECT id, remaining, account, alias_pattern, reason, family "
    "FROM failure_rules WHERE remaining > 0 ORDER BY id",
    "use_failure_rule": "UPDATE failure_rules SET remaining = remaining - 1 WHERE id = ?",
    "drop_used_failure_rules": "DELETE FROM failure_rules WHERE remaining <= 0",
    # Reset: everything, or one account's part (aliases are freed with the rows).
    "reset_jobs_all": "DELETE FROM jobs",
    "reset_instances_all": "DELETE FROM instances",
    "reset_tokens_all": "DELETE FROM idempotency_tokens",
    "reset_directories_all": "DELETE FROM directories",
    "reset_failure_rules_all": "DELETE FROM failure_rules",
    "reset_events_all": "DELETE FROM instance_events",
    "reset_resource_refs_all": "DELETE FROM resource_refs",
    "reset_resources_all": "DELETE FROM resources",
    "reset_jobs": "DELETE FROM jobs WHERE instance_id IN "
    "(SELECT id FROM instances WHERE account = ?)",
    "reset_instances": "DELETE FROM instances WHERE account = ?",
    "reset_tokens": "DELETE FROM idempotency_tokens WHERE account = ?",
    "reset_directories": "DELETE FROM directories WHERE account = ?",
    "reset_failure_rules": "DELETE FROM failure_rules WHERE account = ?",
    "reset_events": "DELETE FROM instance_events WHERE account = ?",
    "reset_resource_refs": "DELETE FROM resource_refs WHERE instance_id IN "
    "(SELECT instance_id FROM resources WHERE account = ?)",
    "reset_resources": "DELETE FROM resources WHERE account = ?",
    # Resources inside instances (resources/engine.py), every family in one table.
    # A Describe inside an instance: the instance and the resource's stored description in one
    # statement, and whether the resource exists (its seq; both NULL when it does not). The
    # rare resource without a stored description is read whole by a second statement: every
    # column more here cost each Describe about 0.2 us.
    "instance_resource": f"SELECT {_prefixed('i', INSTANCE_COLUMNS)}, r.described, r.seq "
    "FROM instances AS i "
    "LEFT JOIN resources AS r ON r.instance_id = i.id AND r.family = ? AND r.id = ? "
    "WHERE i.id = ? AND i.account = ? AND i.region = ?",
    "get_resource": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    "WHERE instance_id = ? AND family = ? AND id = ?",
    # Which of these ids (a JSON array parameter) the family has in the instance: the
    # references of a create or save, checked in one statement.
    "existing_resources": "SELECT id FROM resources WHERE instance_id = ? AND family = ? "
    "AND id IN (SELECT value FROM json_each(?))",
    "resource_named": "SELECT id FROM resources "
    "WHERE instance_id = ? AND family = ? AND name_key = ?",
    # A List page as its writers stored it, with its instance (a List's only statement).
    "instance_summaries": instance_summaries(GROUP_CONCAT, ""),
    "instance_summaries_of": instance_summaries(GROUP_CONCAT, SUBTYPE_IN),
    "list_resources": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    "WHERE instance_id = ? AND family = ? AND seq > ? ORDER BY seq LIMIT ?",
    "list_resources_of": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    f"WHERE instance_id = ? AND family = ? AND seq > ?{SUBTYPE_IN} ORDER BY seq LIMIT ?",
    "count_resources": "SELECT COUNT(*) FROM resources WHERE instance_id = ? AND family = ?",
    "count_resources_of": "SELECT COUNT(*) FROM resources "
    f"WHERE instance_id = ? AND family = ?{SUBTYPE_IN}",
    # Resources addressed without their instance (phone numbers), by account and Region.
    "find_resource": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    "WHERE account = ? AND region = ? AND family = ? AND id = ? ORDER BY seq LIMIT 1",
    "list_account_resources": f"SELECT {RESOURCE_COLUMNS} FROM resources "
    "WHERE account = ? AND region = ? AND family = ? AND seq > ? ORDER BY seq LIMIT ?",
    "insert_resource": "INSERT INTO resources (account, region, instance_id, family, id, "
    "name_key, subtype, body, tags, modified_at, summary, described) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "update_resource": "UPDATE resources SET name_key = ?, subtype = ?, body = ?, tags = ?, "
    "modified_at = ?, summary = ?, described = ? "
    "WHERE instance_id = ? AND family = ? AND id = ?",
    "delete_resource": "DELETE FROM resources WHERE instance_id = ? AND family = ? AND id = ?",
    "delete_refs_from": "DELETE FROM resource_refs WHERE instance_id = ? AND family = ? AND id = ?",
    "delete_refs_to": "DELETE FROM resource_refs "
    "WHERE instance_id = ? AND target_family = ? AND target_id = ?",
    "put_ref": "INSERT INTO resource_refs (instance_id, family, id, role, item, target_family, "
    "target_id, blocks, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (instance_id, family, id, role, item) DO UPDATE SET "
    "target_family = excluded.target_family, target_id = excluded.target_id, "
    "blocks = excluded.blocks, detail = excluded.detail",
    "drop_refs": "DELETE FROM resource_refs "
    "WHERE instance_id = ? AND family = ? AND id = ? AND role = ?",
    "drop_ref": "DELETE FROM resource_refs "
    "WHERE instance_id = ? AND family = ? AND id = ? AND role = ? AND item = ?",
    "refs_of": f"SELECT {_REF_COLUMNS} FROM resource_refs "
    "WHERE instance_id = ? AND family = ? AND id = ? ORDER BY role, item",
    "refs_of_role": f"SELECT {_REF_COLUMNS} FROM resource_refs "
    "WHERE instance_id = ? AND family = ? AND id = ? AND role = ? ORDER BY item",
    "referrers": "SELECT family, id, role, blocks FROM resource_refs "
    "WHERE instance_id = ? AND target_family = ? AND target_id = ? "
    "ORDER BY blocks DESC, family, id, role",
}
