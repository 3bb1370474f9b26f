"""The Connect provider: every implemented operation, gathered for the dispatch table."""

from __future__ import annotations

from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.tagging import TagService
from connect_emulator.provider.instances import InstanceOperations
from connect_emulator.provider.tags import TagOperations


class ConnectProvider(InstanceOperations, TagOperations):
    def __init__(self, instances: InstanceService, tags: TagService) -> None:
        InstanceOperations.__init__(self, instances)
        TagOperations.__init__(self, tags)
