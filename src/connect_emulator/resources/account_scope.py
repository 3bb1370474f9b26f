"""An ``AccountScope``: one transaction over an account's resources of the account-level
families (phone numbers), each found in whichever instance holds it and worked on through a
``Scope`` on that instance."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from connect_emulator.domain.errors import (
    NotFound,
)
from connect_emulator.domain.model import Caller, Instance, InstanceStatus
from connect_emulator.domain.ports import Transaction
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.arns import parse_child_arn
from connect_emulator.resources.family import Family

if TYPE_CHECKING:
    from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.scope import Scope

# The rows an account-level scan reads at a time.
_BATCH = 100


@dataclass(slots=True)
class AccountScope:
    """One transaction over an account's resources of the account-level families: each is
    found in whichever instance holds it and worked on through a ``Scope`` on that instance.
    Only ACTIVE instances not being deleted count; in a write each one's row is locked when it
    is first read, after the account's lock."""

    engine: ResourceService
    tx: Transaction
    caller: Caller
    now: float
    # A write transaction (ResourceService.write_account); reads never write defaults.
    writing: bool = False
    # The scopes handed out (the worker is woken if one of them scheduled a step).
    scopes: list[Scope] = field(default_factory=list)
    _instances: dict[str, Instance | None] = field(default_factory=dict)

    def family(self, key: str) -> Family:
        return self.engine.families[key]

    def instance(self, instance_id: str) -> Instance | None:
        """The instance if it is ACTIVE and not being deleted; in a write its row is locked."""
        if instance_id not in self._instances:
            found = self.tx.get_instance(self.caller.account, self.caller.region, instance_id)
            live = (
                found is not None and found.status is InstanceStatus.ACTIVE and not found.deleting
            )
            self._instances[instance_id] = found if live else None
        return self._instances[instance_id]

    def scope(self, instance: Instance) -> Scope:
        if self.writing and instance.defaults_due is not None:
            # Work in the instance may meet its defaults: they are written first (engine.py).
            instance = self.engine.install_due_defaults(self.tx, instance)
            self._instances[instance.id] = instance
        scope = Scope(self.engine, self.tx, self.caller, instance, self.now)
        self.scopes.append(scope)
        return scope

    def resource_id(self, family: Family, value: str) -> str | None:
        """The id ``value`` names: an id, the resource's ARN, or its ARN inside any instance
        of the account (an operation may be given that form; tags refuse it)."""
        if not value.startswith("arn:"):
            return value
        parsed = parse_child_arn(value)
        if (
            parsed is None
            or not parsed.plain
            or parsed.segment != family.arn_segment
            or (parsed.account, parsed.region) != (self.caller.account, self.caller.region)
        ):
            return None
        return parsed.resource_id

    def find(
        self, family: Family, value: str, *, leaving: bool = False
    ) -> tuple[Scope, ResourceRecord] | None:
        """The resource ``value`` names in a live instance, and a scope on that instance; one
        on its way out (``Family.leaving``) only when ``leaving``."""
        resource_id = self.resource_id(family, value)
        if resource_id is None:
            return None
        found = self.tx.find_resource(
            self.caller.account, self.caller.region, family.key, resource_id
        )
        instance = None if found is None else self.instance(found.instance_id)
        if found is None or instance is None:
            return None
        # Read again now that the instance is locked: the worker may have moved it on since.
        record = self.tx.get_resource(instance.id, family.key, found.id)
        if record is None or (not leaving and _leaving(family, record)):
            return None
        return self.scope(instance), record

    def get(
        self, family: Family, value: str, *, leaving: bool = False
    ) -> tuple[Scope, ResourceRecord]:
        found = self.find(family, value, leaving=leaving)
        if found is None:
            raise NotFound(f"{family.noun} {value} not found.")
        return found

    def records(
        self,
        family: Family,
        instance_id: str | None = None,
        after: int = 0,
        *,
        leaving: bool = False,
    ) -> Iterator[ResourceRecord]:
        """The family's resources in live instances (in one instance), after the position
        ``after``, in order; those on their way out only when ``leaving``."""
        while True:
            rows = (
                self.tx.list_account_resources(
                    self.caller.account, self.caller.region, family.key, after, _BATCH
                )
                if instance_id is None
                else self.tx.list_resources(instance_id, family.key, after, _BATCH)
            )
            for row in rows:
                if self.instance(row.instance_id) is not None and (
                    leaving or not _leaving(family, row)
                ):
                    yield row
            if len(rows) < _BATCH:
                return
            after = rows[-1].seq


def _leaving(family: Family, record: ResourceRecord) -> bool:
    return family.leaving is not None and family.leaving(record)
