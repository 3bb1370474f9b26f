"""The in-memory store's resource methods (every family alike), as
``storage/resource_statements.py`` runs them: names unique per instance and family, lists in
insertion order, references kept per (resource, role, item)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import cast

import orjson

from connect_emulator.domain.model import Instance
from connect_emulator.domain.resource_records import Ref, Referrer, ResourceRecord, StoredPage
from tests.support.memory_store_state import (
    RefRow,
    ResourceRow,
    State,
    TransactionBase,
    page_limit,
)


class ResourceMethods(TransactionBase):
    # Provided by the instance methods (memory_store_instances.py).
    get_instance: Callable[[str, str, str], Instance | None]

    def get_resource(
        self, instance_id: str, family: str, resource_id: str
    ) -> ResourceRecord | None:
        row = self._reading().resources.get((instance_id, family, resource_id))
        return None if row is None else _record(row)

    def existing_resources(
        self, instance_id: str, family: str, resource_ids: Sequence[str]
    ) -> set[str]:
        rows = self._reading().resources
        return {i for i in resource_ids if (instance_id, family, i) in rows}

    def resource_named(self, instance_id: str, family: str, name: str) -> str | None:
        for row in self._reading().resources.values():
            if (row.instance_id, row.family, row.name) == (instance_id, family, name):
                return row.id
        return None

    def list_resources(
        self,
        instance_id: str,
        family: str,
        after: int,
        limit: int,
        subtypes: Sequence[str] | None = None,
    ) -> list[ResourceRecord]:
        rows = _of_instance(self._reading(), instance_id, family, subtypes)
        return _page(rows, after, limit)

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
        instance = self.get_instance(account, region, instance_id)
        if instance is None:
            return None, None
        rows = _of_instance(self._reading(), instance_id, family, subtypes)
        page = _window(rows, after, limit)
        summaries = [row.summary for row in page]
        if None in summaries:
            return instance, None
        last = page[-1].seq if page else 0
        more = bool(page) and any(row.seq > last for row in rows)
        return instance, StoredPage(",".join(cast(list[str], summaries)), last, more)

    def instance_resource(
        self, account: str, region: str, instance_id: str, family: str, resource_id: str
    ) -> tuple[Instance | None, ResourceRecord | str | None]:
        instance = self.get_instance(account, region, instance_id)
        row = (
            None
            if instance is None
            else self._reading().resources.get((instance_id, family, resource_id))
        )
        if row is None:
            return instance, None
        return instance, row.described if row.described is not None else _record(row)

    def count_resources(
        self, instance_id: str, family: str, subtypes: Sequence[str] | None = None
    ) -> int:
        return len(_of_instance(self._reading(), instance_id, family, subtypes))

    def find_resource(
        self, account: str, region: str, family: str, resource_id: str
    ) -> ResourceRecord | None:
        rows = _of_account(self._reading(), account, region, family)
        return next((_record(row) for row in rows if row.id == resource_id), None)

    def list_account_resources(
        self, account: str, region: str, family: str, after: int, limit: int
    ) -> list[ResourceRecord]:
        return _page(_of_account(self._reading(), account, region, family), after, limit)

    def insert_resources(self, records: Sequence[ResourceRecord]) -> None:
        state = self._writing()
        keys = [(r.instance_id, r.family, r.id) for r in records]
        names = [(r.instance_id, r.family, r.name) for r in records if r.name is not None]
        taken = {(row.instance_id, row.family, row.name) for row in state.resources.values()}
        # Both unique indexes (the key, the name) refuse the whole call, whichever one fails.
        if (
            len(set(keys)) < len(keys)
            or any(key in state.resources for key in keys)
            or len(set(names)) < len(names)
            or any(name in taken for name in names)
        ):
            raise self._conflict("name")
        for key, record in zip(keys, records, strict=True):
            state.last_resource_seq += 1
            state.resources[key] = ResourceRow(
                state.last_resource_seq,
                record.account,
                record.region,
                record.instance_id,
                record.family,
                record.id,
                record.name,
                record.subtype,
                record.encoded_body or _json(record.body),
                _json(record.tags),
                float(record.modified_at),
                record.summary,
                record.described,
            )

    def update_resource(self, record: ResourceRecord) -> None:
        state = self._writing()
        key = (record.instance_id, record.family, record.id)
        row = state.resources.get(key)
        if row is None:
            return
        if record.name is not None and any(
            (other.instance_id, other.family, other.name) == (*key[:2], record.name)
            and other.id != record.id
            for other in state.resources.values()
        ):
            raise self._conflict("name")
        state.resources[key] = ResourceRow(
            row.seq,
            row.account,
            row.region,
            row.instance_id,
            row.family,
            row.id,
            record.name,
            record.subtype,
            _json(record.body),
            _json(record.tags),
            float(record.modified_at),
            record.summary,
            record.described,
        )

    def delete_resource(self, instance_id: str, family: str, resource_id: str) -> None:
        state = self._writing()
        for key, ref in list(state.refs.items()):
            if key[:3] == (instance_id, family, resource_id) or (
                key[0] == instance_id
                and (ref.target_family, ref.target_id) == (family, resource_id)
            ):
                del state.refs[key]
        state.resources.pop((instance_id, family, resource_id), None)

    def put_refs(
        self, instance_id: str, family: str, resource_id: str, refs: Sequence[Ref]
    ) -> None:
        state = self._writing()
        for ref in refs:
            state.refs[(instance_id, family, resource_id, ref.role, ref.item)] = RefRow(
                ref.target_family, ref.target_id, ref.blocks, _json(ref.detail)
            )

    def drop_refs(
        self,
        instance_id: str,
        family: str,
        resource_id: str,
        role: str,
        items: Sequence[str] | None = None,
    ) -> None:
        state = self._writing()
        for key in list(state.refs):
            if key[:4] == (instance_id, family, resource_id, role) and (
                items is None or key[4] in items
            ):
                del state.refs[key]

    def refs_of(
        self, instance_id: str, family: str, resource_id: str, role: str | None = None
    ) -> list[Ref]:
        found = [
            (key[3:], row)
            for key, row in self._reading().refs.items()
            if key[:3] == (instance_id, family, resource_id) and role in (None, key[3])
        ]
        found.sort(key=lambda item: item[0])
        return [
            Ref(*key, row.target_family, row.target_id, row.blocks, orjson.loads(row.detail))
            for key, row in found
        ]

    def referrers(self, instance_id: str, target_family: str, target_id: str) -> list[Referrer]:
        found = [
            Referrer(key[1], key[2], key[3], row.blocks)
            for key, row in self._reading().refs.items()
            if key[0] == instance_id
            and (row.target_family, row.target_id) == (target_family, target_id)
        ]
        # Blocking ones first, then by family, id and role.
        return sorted(found, key=lambda r: (not r.blocks, r.family, r.id, r.role))


def _of_instance(
    state: State, instance_id: str, family: str, subtypes: Sequence[str] | None
) -> list[ResourceRow]:
    return _by_seq(
        row
        for row in state.resources.values()
        if (row.instance_id, row.family) == (instance_id, family)
        and (subtypes is None or row.subtype in subtypes)
    )


def _of_account(state: State, account: str, region: str, family: str) -> list[ResourceRow]:
    return _by_seq(
        row
        for row in state.resources.values()
        if (row.account, row.region, row.family) == (account, region, family)
    )


def _by_seq(rows: Iterable[ResourceRow]) -> list[ResourceRow]:
    return sorted(rows, key=lambda row: row.seq)


def _page(rows: list[ResourceRow], after: int, limit: int) -> list[ResourceRecord]:
    return [_record(row) for row in _window(rows, after, limit)]


def _window(rows: list[ResourceRow], after: int, limit: int) -> list[ResourceRow]:
    """The rows after position ``after``, at most ``limit`` of them (rows in position order)."""
    return [row for row in rows if row.seq > after][: page_limit(limit)]


def _record(row: ResourceRow) -> ResourceRecord:
    return ResourceRecord(
        seq=row.seq,
        account=row.account,
        region=row.region,
        instance_id=row.instance_id,
        family=row.family,
        id=row.id,
        name=row.name,
        subtype=row.subtype,
        body=orjson.loads(row.body),
        tags=orjson.loads(row.tags),
        modified_at=row.modified_at,
    )


def _json(value: object) -> str:
    return orjson.dumps(value).decode()
