"""The Transaction port's resource methods (every family alike) over the named queries.

A mixin of ``SqlTransaction``: it runs statements through the transaction's ``_run`` and
``_insert``, so a lost race and a unique violation mean the same here as for instances.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson

from connect_emulator.domain.model import Instance
from connect_emulator.domain.resource_records import Ref, Referrer, ResourceRecord, StoredPage
from connect_emulator.storage.queries import INSTANCE_COLUMNS
from connect_emulator.storage.rows import instance_from_row, resource_from_row

# Where the resource's stored description is in an ``instance_resource`` row (whether the
# resource exists follows).
_DESCRIBED_AT = len(INSTANCE_COLUMNS.split(","))
# Where the page is in an ``instance_summaries`` row (after the instance's columns).
_PAGE_AT = _DESCRIBED_AT


class ResourceStatements:
    # Provided by SqlTransaction.
    _run: Callable[..., Any]
    _insert: Callable[[str, str, tuple[Any, ...]], None]
    _insert_many: Callable[[str, str, Sequence[tuple[Any, ...]]], None]
    _array: Callable[[Sequence[Any]], Any]

    def get_resource(
        self, instance_id: str, family: str, resource_id: str
    ) -> ResourceRecord | None:
        row = self._run("get_resource", instance_id, family, resource_id).fetchone()
        return None if row is None else resource_from_row(row)

    def instance_resource(
        self, account: str, region: str, instance_id: str, family: str, resource_id: str
    ) -> tuple[Instance | None, ResourceRecord | str | None]:
        row = self._run(
            "instance_resource", family, resource_id, instance_id, account, region
        ).fetchone()
        if row is None:
            return None, None
        instance = instance_from_row(row)[1]
        described, exists = row[_DESCRIBED_AT], row[_DESCRIBED_AT + 1] is not None
        if described is None and exists:
            return instance, self.get_resource(instance_id, family, resource_id)
        return instance, described

    def instance_summaries(
        self,
        account: str,
        region: str,
        instance_id: str,
        family: str,
        after: int,
        *,
        limit: int,
        subtypes: Sequence[str] | None = None,
    ) -> tuple[Instance | None, StoredPage | None]:
        if subtypes is None:
            cursor = self._run(
                "instance_summaries",
                family,
                instance_id,
                family,
                after,
                limit,
                instance_id,
                account,
                region,
            )
        else:
            subtype_list = self._array(subtypes)
            cursor = self._run(
                "instance_summaries_of",
                family,
                subtype_list,
                instance_id,
                family,
                after,
                subtype_list,
                limit,
                instance_id,
                account,
                region,
            )
        row = cursor.fetchone()
        if row is None:
            return None, None
        instance = instance_from_row(row)[1]
        joined, listed, stored, last, more = row[_PAGE_AT:]
        if stored < listed:
            return instance, None
        return instance, StoredPage(joined or "", last or 0, bool(more))

    def existing_resources(
        self, instance_id: str, family: str, resource_ids: Sequence[str]
    ) -> set[str]:
        cursor = self._run("existing_resources", instance_id, family, self._array(resource_ids))
        return {str(row[0]) for row in cursor.fetchall()}

    def resource_named(self, instance_id: str, family: str, name: str) -> str | None:
        row = self._run("resource_named", instance_id, family, name).fetchone()
        return None if row is None else str(row[0])

    def list_resources(
        self,
        instance_id: str,
        family: str,
        after: int,
        limit: int,
        subtypes: Sequence[str] | None = None,
    ) -> list[ResourceRecord]:
        cursor = self._page_of(
            "list_resources", instance_id, family, after, limit, subtypes=subtypes
        )
        return [resource_from_row(row) for row in cursor.fetchall()]

    def _page_of(
        self,
        query: str,
        instance_id: str,
        family: str,
        after: int,
        limit: int,
        *,
        subtypes: Sequence[str] | None,
    ) -> Any:
        """A List page's statement: ``query``, or its ``_of`` form for only these subtypes."""
        if subtypes is None:
            return self._run(query, instance_id, family, after, limit)
        return self._run(f"{query}_of", instance_id, family, after, self._array(subtypes), limit)

    def count_resources(
        self, instance_id: str, family: str, subtypes: Sequence[str] | None = None
    ) -> int:
        if subtypes is None:
            cursor = self._run("count_resources", instance_id, family)
        else:
            cursor = self._run("count_resources_of", instance_id, family, self._array(subtypes))
        return int(cursor.fetchone()[0])

    def find_resource(
        self, account: str, region: str, family: str, resource_id: str
    ) -> ResourceRecord | None:
        row = self._run("find_resource", account, region, family, resource_id).fetchone()
        return None if row is None else resource_from_row(row)

    def list_account_resources(
        self, account: str, region: str, family: str, after: int, limit: int
    ) -> list[ResourceRecord]:
        cursor = self._run("list_account_resources", account, region, family, after, limit)
        return [resource_from_row(row) for row in cursor.fetchall()]

    def insert_resources(self, records: Sequence[ResourceRecord]) -> None:
        # One statement for many rows: an instance's defaults are made all at once.
        rows = [
            (
                record.account,
                record.region,
                record.instance_id,
                record.family,
                record.id,
                record.name,
                record.subtype,
                record.encoded_body or _json(record.body),
                _json(record.tags),
                record.modified_at,
                record.summary,
                record.described,
            )
            for record in records
        ]
        self._insert_many("name", "insert_resource", rows)

    def update_resource(self, record: ResourceRecord) -> None:
        self._insert(
            "name",
            "update_resource",
            (
                record.name,
                record.subtype,
                _json(record.body),
                _json(record.tags),
                record.modified_at,
                record.summary,
                record.described,
                record.instance_id,
                record.family,
                record.id,
            ),
        )

    def delete_resource(self, instance_id: str, family: str, resource_id: str) -> None:
        self._run("delete_refs_from", instance_id, family, resource_id)
        self._run("delete_refs_to", instance_id, family, resource_id)
        self._run("delete_resource", instance_id, family, resource_id)

    def put_refs(
        self, instance_id: str, family: str, resource_id: str, refs: Sequence[Ref]
    ) -> None:
        for ref in refs:
            self._run(
                "put_ref",
                instance_id,
                family,
                resource_id,
                ref.role,
                ref.item,
                ref.target_family,
                ref.target_id,
                int(ref.blocks),
                _json(ref.detail),
            )

    def drop_refs(
        self,
        instance_id: str,
        family: str,
        resource_id: str,
        role: str,
        items: Sequence[str] | None = None,
    ) -> None:
        if items is None:
            self._run("drop_refs", instance_id, family, resource_id, role)
            return
        for item in items:
            self._run("drop_ref", instance_id, family, resource_id, role, item)

    def refs_of(
        self, instance_id: str, family: str, resource_id: str, role: str | None = None
    ) -> list[Ref]:
        if role is None:
            cursor = self._run("refs_of", instance_id, family, resource_id)
        else:
            cursor = self._run("refs_of_role", instance_id, family, resource_id, role)
        return [
            Ref(row[0], row[1], row[2], row[3], bool(row[4]), orjson.loads(row[5]))
            for row in cursor.fetchall()
        ]

    def referrers(self, instance_id: str, target_family: str, target_id: str) -> list[Referrer]:
        rows = self._run("referrers", instance_id, target_family, target_id).fetchall()
        return [Referrer(row[0], row[1], row[2], bool(row[3])) for row in rows]


def _json(value: object) -> str:
    return orjson.dumps(value).decode()
