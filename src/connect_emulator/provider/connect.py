"""The Connect provider: every implemented operation, gathered for the dispatch table."""

from __future__ import annotations

from connect_emulator.domain.attributes import AttributeService
from connect_emulator.domain.instances import InstanceService
from connect_emulator.domain.tagging import TagService
from connect_emulator.provider.attributes import AttributeOperations
from connect_emulator.provider.instances import InstanceOperations
from connect_emulator.provider.tags import TagOperations


class ConnectProvider(InstanceOperations, TagOperations, AttributeOperations):
    def __init__(
        self, instances: InstanceService, tags: TagService, attributes: AttributeService
    ) -> None:
        InstanceOperations.__init__(self, instances)
        TagOperations.__init__(self, tags)
        AttributeOperations.__init__(self, attributes)
