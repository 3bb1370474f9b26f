"""Tags addressed by ARN: one tag set per resource, so Describe and ListTagsForResource
always agree. Instances' tags are here; those of the resources inside instances belong to the
resource engine, which this service hands their ARNs to (``ChildTags``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from connect_emulator.domain.clock import Clock
from connect_emulator.domain.errors import InvalidInput, NotFound
from connect_emulator.domain.instances import visible
from connect_emulator.domain.model import Caller
from connect_emulator.domain.ports import Store

MAX_TAGS = 50

_Update = Callable[[dict[str, str]], dict[str, str]]

_ARN = re.compile(
    r"arn:aws[a-z-]*:connect:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):(?P<resource>.+)"
)
_INSTANCE = re.compile(r"instance/(?P<id>[A-Za-z0-9-]+)")


class ChildTags(Protocol):
    """Tags of the resources inside instances (resources/tagging.py)."""

    def owns(self, caller: Caller, arn: str) -> bool: ...

    def tags_of(self, caller: Caller, arn: str) -> dict[str, str]: ...

    def change(self, caller: Caller, arn: str, update: _Update) -> None: ...


class TagService:
    def __init__(self, store: Store, clock: Clock, children: ChildTags | None = None) -> None:
        self._store = store
        self._clock = clock
        self._children = children

    def tags_of(self, caller: Caller, arn: str) -> dict[str, str]:
        if self._children is not None and self._children.owns(caller, arn):
            return self._children.tags_of(caller, arn)
        instance_id = self._instance_id(caller, arn)
        with self._store.transaction(write=False) as tx:
            instance = tx.get_instance(caller.account, caller.region, instance_id)
        if instance is None or not visible(instance, self._clock.now()):
            raise NotFound(f"Resource {arn} not found.")
        return dict(instance.tags)

    def tag(self, caller: Caller, arn: str, tags: dict[str, str]) -> None:
        self._change(caller, arn, lambda current: {**current, **tags})

    def untag(self, caller: Caller, arn: str, keys: list[str]) -> None:
        removed = set(keys)
        self._change(
            caller, arn, lambda current: {k: v for k, v in current.items() if k not in removed}
        )

    def _change(self, caller: Caller, arn: str, update: _Update) -> None:
        if self._children is not None and self._children.owns(caller, arn):
            self._children.change(caller, arn, update)
            return
        instance_id = self._instance_id(caller, arn)
        with self._store.transaction() as tx:
            instance = tx.get_instance(caller.account, caller.region, instance_id)
            if instance is None or not visible(instance, self._clock.now()):
                raise NotFound(f"Resource {arn} not found.")
            tags = update(instance.tags)
            if len(tags) > MAX_TAGS:
                raise InvalidInput(
                    f"A resource can have at most {MAX_TAGS} tags; this request would give it "
                    f"{len(tags)}."
                )
            tx.set_tags(instance_id, tags)

    @staticmethod
    def _instance_id(caller: Caller, arn: str) -> str:
        match = _ARN.fullmatch(arn)
        if match is None:
            raise InvalidInput(f"{arn} is not a valid Amazon Connect resource ARN.")
        if match["region"] != caller.region or match["account"] != caller.account:
            raise NotFound(f"Resource {arn} not found.")
        instance = _INSTANCE.fullmatch(match["resource"])
        if instance is None:
            # A resource of a family the engine does not declare.
            raise NotFound(f"Resource {arn} not found.")
        return instance["id"]
