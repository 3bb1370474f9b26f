"""What the console's first page lists: every account and Region holding instances, and in
each its instances with what DescribeInstance shows of them.

Read through ``InstanceService`` (list, then describe for tags and the failure reason), so
the console hides exactly what the API hides (an expired failed instance, another partition's
instance). Only finding the partitions needs the store (``account_regions``).
"""

from __future__ import annotations

from dataclasses import dataclass

from connect_emulator.domain.errors import NotFound
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.model import Caller, InstanceStatus
from connect_emulator.domain.ports import Store
from connect_emulator.domain.views import InstanceDetails
from connect_emulator.resources.engine import ResourceService

# Instances shown per account and Region; the rest are counted as "more".
PAGE = 100


@dataclass(frozen=True, slots=True)
class Row:
    instance: InstanceDetails
    deleting: bool


@dataclass(frozen=True, slots=True)
class Partition:
    account: str
    region: str
    rows: list[Row]
    more: bool


class Overview:
    def __init__(
        self, store: Store, instances: InstanceService, resources: ResourceService
    ) -> None:
        self._store = store
        self._instances = instances
        self._resources = resources

    def accounts(self) -> list[tuple[str, str]]:
        with self._store.transaction(write=False) as tx:
            return tx.account_regions()

    def partitions(self) -> list[Partition]:
        found = []
        for account, region in self.accounts():
            caller = Caller(account, region)
            page = self._instances.list(caller, PAGE, None)
            shown = [
                Row(details, self.deleting(caller, details))
                for details in (self._describe(caller, item.id) for item in page.instances)
                if details is not None
            ]
            if shown:
                found.append(Partition(account, region, shown, page.next_token is not None))
        return found

    def _describe(self, caller: Caller, instance_id: str) -> InstanceDetails | None:
        try:
            return self._instances.describe(caller, instance_id)
        except NotFound:
            return None  # gone between the list and the describe

    def deleting(self, caller: Caller, details: InstanceDetails) -> bool:
        """Whether an ACTIVE instance is being deleted. DescribeInstance shows it as before
        (as AWS does) until it is gone; the resource engine already refuses its resources,
        and that refusal is what tells (the domain's views carry no deleting flag)."""
        if details.status != InstanceStatus.ACTIVE:
            return False
        try:
            with self._resources.reading(caller, details.id):
                return False
        except NotFound:
            return True
