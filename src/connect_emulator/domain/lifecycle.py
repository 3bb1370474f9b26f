"""The asynchronous half of an instance's life: what happens when its due jobs run.

    PROVISION  CREATION_IN_PROGRESS -> ACTIVE (and, in the same transaction, its default
               resources are due: resources/engine.py), or -> CREATION_FAILED when a failure was
               planned at creation (failure injection) or its declared directory is unusable;
               a failed instance then gets a REMOVE job 24 hours after CreateInstance
    REMOVE     the instance is gone: 404, not listed, alias free, tags and resources gone
    ADVANCE    a resource inside an instance takes its asynchronous step (a phone number's
               claim, a vocabulary's creation or deletion): what the step is, its family says

Jobs are claimed and completed inside one transaction, so a job happens entirely or not at
all; a worker that dies mid-job leaves it due for the next worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.errors import InvalidInput, NotFound
from connect_emulator.domain.model import Instance, InstanceStatus
from connect_emulator.domain.policy import FAILED_RETENTION_SECONDS
from connect_emulator.domain.ports import Job, JobKind, Store, Transaction

LOG = logging.getLogger(__name__)


def awaiting_provisioning(status: InstanceStatus, deleting: bool) -> bool:
    """The rule of the ACTIVE transition: whether an instance's provisioning may still end,
    which it does ACTIVE unless something fails it (a failure planned at creation, its declared
    directory unusable). It is CREATION_IN_PROGRESS and its deletion has not begun.

    Both ways of running provisioning follow it: one instance at a time (``_provision``), and
    many in one statement for those with nothing to check (``Transaction.activate_ready``,
    whose SQL storage/queries.py writes from this function; tests/contract/
    test_rules_contract.py holds the two ways equal over every combination of the inputs)."""
    return status == InstanceStatus.CREATION_IN_PROGRESS and not deleting


# What instances get when they become ACTIVE (resources/engine.py: their default resources
# are due), run inside the transaction that makes them so.
OnActivated = Callable[[Transaction, Sequence[str]], None]
# A resource's asynchronous step (resources/engine.py), run inside the job's transaction.
OnAdvance = Callable[[Transaction, Job], None]


class Lifecycle:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        on_activated: OnActivated | None = None,
        on_advance: OnAdvance | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._on_activated = on_activated
        self._on_advance = on_advance

    def run_due(self, limit: int = 100) -> int:
        """Runs up to ``limit`` due jobs; returns how many ran."""
        with self._store.transaction() as tx:
            jobs = tx.claim_due_jobs(self._clock.now(), limit)
            # The common case (provision, nothing planned to fail) is done for all of them in
            # one statement; a job it did not settle (no such instance, being deleted, a
            # directory to check, not in progress) goes the one-by-one way.
            plain = [j for j in jobs if j.kind is JobKind.PROVISION and j.failure_reason is None]
            activated = tx.activate_ready([job.instance_id for job in plain])
            self._activated(tx, activated)
            done = set(activated)
            for job in jobs:
                if job.instance_id in done and job.kind is JobKind.PROVISION:
                    LOG.info("instance %s is ACTIVE", job.instance_id)
                else:
                    self._run(tx, job)
            tx.finish_jobs([job.id for job in jobs])
        return len(jobs)

    def next_due_at(self) -> float | None:
        with self._store.transaction(write=False) as tx:
            return tx.next_due_at()

    def release(self, instance_id: str, failure_reason: str | None) -> None:
        """Ends a waiting (manual) provisioning now: ACTIVE, or failed with the reason."""
        with self._store.transaction() as tx:
            instance = tx.instance_by_id(instance_id)
            if instance is None:
                raise NotFound(f"Instance {instance_id} not found.")
            if not awaiting_provisioning(instance.status, instance.deleting):
                raise InvalidInput(f"Instance {instance_id} is not waiting to be provisioned.")
            tx.cancel_jobs(instance_id, JobKind.PROVISION)
            self._provision(tx, instance, failure_reason)

    def _run(self, tx: Transaction, job: Job) -> None:
        instance = tx.instance_by_id(job.instance_id)
        if instance is None:
            LOG.info("job %s for vanished instance %s dropped", job.kind, job.instance_id)
        elif job.kind is JobKind.ADVANCE:
            if self._on_advance is not None:
                self._on_advance(tx, job)
        elif job.kind is JobKind.REMOVE:
            tx.remove_instance(instance.id)
            LOG.info("instance %s is gone", instance.id)
        elif job.kind is JobKind.PROVISION and awaiting_provisioning(
            instance.status, instance.deleting
        ):
            self._provision(tx, instance, job.failure_reason or _directory_problem(tx, instance))

    def _provision(self, tx: Transaction, instance: Instance, failure: str | None) -> None:
        """Ends the provisioning of an instance ``awaiting_provisioning``."""
        if failure is None:
            tx.set_status(instance.id, InstanceStatus.ACTIVE, None, keep_alias=True)
            self._activated(tx, [instance.id])
            LOG.info("instance %s is ACTIVE", instance.id)
            return
        # A failed instance gives its alias back, as on AWS: the name can be tried again.
        tx.set_status(instance.id, InstanceStatus.CREATION_FAILED, failure, keep_alias=False)
        tx.schedule(JobKind.REMOVE, instance.id, instance.created_at + FAILED_RETENTION_SECONDS)
        LOG.info("instance %s CREATION_FAILED: %s", instance.id, failure)

    def _activated(self, tx: Transaction, instance_ids: Sequence[str]) -> None:
        if self._on_activated is not None and instance_ids:
            self._on_activated(tx, instance_ids)


def _directory_problem(tx: Transaction, instance: Instance) -> str | None:
    if instance.directory_id is None:
        return None
    directory = tx.get_directory(instance.account, instance.directory_id)
    if directory is None or directory.usable:
        return None
    return directory.reason or f"The directory {instance.directory_id} could not be used."
