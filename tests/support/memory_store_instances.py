"""The in-memory store's instances, idempotency tokens, events and lifecycle jobs, as
``storage/sql_transaction.py`` runs them (``memory_store.py`` says how the fake behaves)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from connect_emulator.domain.model import Instance, InstanceStatus, alias_claim
from connect_emulator.domain.ports import NEVER, IdempotencyRecord, Job, JobKind
from connect_emulator.domain.views import InstanceDetails, InstanceSummary
from tests.support.memory_store_state import InstanceRow, TransactionBase, page_limit


class InstanceMethods(TransactionBase):
    # Locks: the store's one lock already serialises writers, as SQLite's write lock does.

    def lock_account(self, account: str, region: str) -> None:
        self._reading()

    # Instances

    def get_instance(self, account: str, region: str, instance_id: str) -> Instance | None:
        row = self._reading().instances.get(instance_id)
        if row is None or (row.instance.account, row.instance.region) != (account, region):
            return None
        return _copy(row.instance)

    def instance_by_id(self, instance_id: str) -> Instance | None:
        row = self._reading().instances.get(instance_id)
        return None if row is None else _copy(row.instance)

    def list_instances(
        self, account: str, region: str, after: int, limit: int
    ) -> list[tuple[int, Instance]]:
        rows = self._listed(account, region, after, limit)
        return [(row.seq, _copy(row.instance)) for row in rows]

    def instance_details(
        self, account: str, region: str, instance_id: str
    ) -> InstanceDetails | None:
        found = self.get_instance(account, region, instance_id)
        if found is None:
            return None
        return InstanceDetails(
            found.id,
            found.identity_management_type,
            found.alias,
            found.created_at,
            found.service_role,
            found.status,
            found.status_reason,
            found.inbound_calls,
            found.outbound_calls,
            found.tags,
        )

    def list_summaries(
        self, account: str, region: str, after: int, limit: int
    ) -> list[InstanceSummary]:
        return [
            InstanceSummary(
                row.seq,
                i.id,
                i.identity_management_type,
                i.alias,
                i.created_at,
                i.service_role,
                i.status,
                i.inbound_calls,
                i.outbound_calls,
            )
            for row in self._listed(account, region, after, limit)
            for i in (row.instance,)
        ]

    def _listed(self, account: str, region: str, after: int, limit: int) -> list[InstanceRow]:
        rows = sorted(self._reading().instances.values(), key=lambda row: row.seq)
        mine = [
            row
            for row in rows
            if (row.instance.account, row.instance.region) == (account, region) and row.seq > after
        ]
        return mine[: page_limit(limit)]

    def insert_instance(self, instance: Instance) -> None:
        state = self._writing()
        claim = alias_claim(instance.alias)
        # Both unique indexes (the id, the alias claim) are reported as the alias's.
        if instance.id in state.instances or any(
            row.claim == claim for row in state.instances.values()
        ):
            raise self._conflict("alias")
        state.last_instance_seq += 1
        # What the insert writes; the other columns start at their defaults.
        stored = replace(
            instance,
            created_at=float(instance.created_at),
            inbound_calls=bool(instance.inbound_calls),
            outbound_calls=bool(instance.outbound_calls),
            tags=dict(instance.tags),
            deleting=False,
            attributes={},
            defaults_due=None,
        )
        state.instances[instance.id] = InstanceRow(state.last_instance_seq, stored, claim)

    def set_status(
        self, instance_id: str, status: InstanceStatus, reason: str | None, *, keep_alias: bool
    ) -> None:
        state = self._writing()
        row = state.instances.get(instance_id)
        if row is not None:
            changed = replace(row.instance, status=status, status_reason=reason)
            claim = row.claim if keep_alias else None
            state.instances[instance_id] = InstanceRow(row.seq, changed, claim)

    def set_tags(self, instance_id: str, tags: dict[str, str]) -> None:
        self._change(instance_id, tags=dict(tags))

    def set_attributes(
        self, instance_id: str, attributes: dict[str, str], *, inbound: bool, outbound: bool
    ) -> None:
        self._change(
            instance_id,
            attributes=dict(attributes),
            inbound_calls=bool(inbound),
            outbound_calls=bool(outbound),
        )

    def mark_deleting(self, instance_id: str) -> None:
        self._change(instance_id, deleting=True)

    def _change(self, instance_id: str, **changes: Any) -> None:
        state = self._writing()
        row = state.instances.get(instance_id)
        if row is not None:
            changed = replace(row.instance, **changes)
            state.instances[instance_id] = InstanceRow(row.seq, changed, row.claim)

    def remove_instance(self, instance_id: str) -> None:
        state = self._writing()
        state.jobs = {i: job for i, job in state.jobs.items() if job.instance_id != instance_id}
        state.refs = {key: ref for key, ref in state.refs.items() if key[0] != instance_id}
        state.resources = {
            key: row for key, row in state.resources.items() if key[0] != instance_id
        }
        state.instances.pop(instance_id, None)

    def count_live_instances(self, account: str, region: str) -> int:
        return sum(
            (row.instance.account, row.instance.region) == (account, region)
            and row.instance.status is not InstanceStatus.CREATION_FAILED
            for row in self._reading().instances.values()
        )

    def account_regions(self) -> list[tuple[str, str]]:
        rows = self._reading().instances.values()
        return sorted({(row.instance.account, row.instance.region) for row in rows})

    def record_event(self, account: str, region: str, kind: str, at: float) -> None:
        self._writing().events.append((account, region, kind, float(at)))

    def count_events(self, account: str, region: str, since: float) -> int:
        return sum(
            (event[0], event[1]) == (account, region) and event[3] > since
            for event in self._reading().events
        )

    # Idempotency

    def get_idempotency(
        self, account: str, region: str, operation: str, token: str
    ) -> IdempotencyRecord | None:
        return self._reading().tokens.get((account, region, operation, token))

    def put_idempotency(self, record: IdempotencyRecord) -> None:
        state = self._writing()
        key = (record.account, record.region, record.operation, record.token)
        if key in state.tokens:
            raise self._conflict("token")
        state.tokens[key] = record._replace(created_at=float(record.created_at))

    # Jobs

    def schedule(
        self,
        kind: JobKind,
        instance_id: str,
        due_at: float,
        failure_reason: str | None = None,
        *,
        family: str | None = None,
        resource_id: str | None = None,
    ) -> None:
        state = self._writing()
        state.last_job_id += 1
        job = Job(
            state.last_job_id, kind, instance_id, float(due_at), failure_reason, family, resource_id
        )
        state.jobs[job.id] = job

    def reschedule_resource(
        self, family: str, resource_id: str, due_at: float, failure_reason: str | None
    ) -> bool:
        state = self._writing()
        moved = [
            job
            for job in state.jobs.values()
            if (job.family, job.resource_id) == (family, resource_id)
        ]
        for job in moved:
            state.jobs[job.id] = replace(job, due_at=float(due_at), failure_reason=failure_reason)
        return bool(moved)

    def cancel_resource_jobs(self, family: str, resource_id: str) -> None:
        self._drop_jobs(lambda job: (job.family, job.resource_id) == (family, resource_id))

    def cancel_jobs(self, instance_id: str, kind: JobKind) -> None:
        self._drop_jobs(lambda job: (job.instance_id, job.kind) == (instance_id, kind))

    def _drop_jobs(self, condemned: Callable[[Job], bool]) -> None:
        state = self._writing()
        state.jobs = {i: job for i, job in state.jobs.items() if not condemned(job)}

    def claim_due_jobs(self, now: float, limit: int) -> list[Job]:
        due = [job for job in self._reading().jobs.values() if job.due_at <= now]
        return sorted(due, key=lambda job: (job.due_at, job.id))[: page_limit(limit)]

    def finish_jobs(self, job_ids: Sequence[int]) -> None:
        state = self._writing()
        for job_id in job_ids:
            state.jobs.pop(job_id, None)

    def activate_ready(self, instance_ids: Sequence[str]) -> list[str]:
        state = self._writing()
        activated = []
        for instance_id in dict.fromkeys(instance_ids):
            row = state.instances.get(instance_id)
            if row is None:
                continue
            found = row.instance
            if (
                found.status is InstanceStatus.CREATION_IN_PROGRESS
                and not found.deleting
                and found.directory_id is None
            ):
                changed = replace(found, status=InstanceStatus.ACTIVE, status_reason=None)
                state.instances[instance_id] = InstanceRow(row.seq, changed, row.claim)
                activated.append(instance_id)
        return activated

    def set_defaults_due(self, instance_ids: Sequence[str], at: float | None) -> None:
        self._writing()
        for instance_id in instance_ids:
            self._change(instance_id, defaults_due=at)

    def next_due_at(self) -> float | None:
        waiting = [job.due_at for job in self._reading().jobs.values() if job.due_at < NEVER]
        return min(waiting, default=None)


def _copy(instance: Instance) -> Instance:
    """The caller's own copy: its maps may change without changing the stored row."""
    return replace(instance, tags=dict(instance.tags), attributes=dict(instance.attributes))
