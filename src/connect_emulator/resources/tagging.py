"""Tags on the ARNs of resources (TagResource, UntagResource, ListTagsForResource): the same
tag set that Describe shows as ``Tags``. The domain's TagService hands these ARNs here
(``ChildTags``): those inside instances, and those of account-level families under the
account (found in whichever instance holds the resource, through an ``AccountScope``)."""

from __future__ import annotations

from collections.abc import Callable

from connect_emulator.domain.errors import InvalidInput, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.domain.tagging import MAX_TAGS
from connect_emulator.resources.account_scope import AccountScope
from connect_emulator.resources.arns import ChildArn
from connect_emulator.resources.engine import ResourceService
from connect_emulator.resources.family import Family
from connect_emulator.resources.scope import Scope

_Update = Callable[[dict[str, str]], dict[str, str]]


class ResourceTags:
    def __init__(self, engine: ResourceService) -> None:
        self._engine = engine

    def owns(self, caller: Caller, arn: str) -> bool:
        return self._engine.child(caller, arn) is not None

    def tags_of(self, caller: Caller, arn: str) -> dict[str, str]:
        family, parsed = self._child(caller, arn)
        if family.account_level:
            with self._engine.reading_account(caller) as account:
                _, record = _in_account(account, family, parsed, arn)
            return dict(record.tags)
        try:
            with self._engine.reading(caller, parsed.instance_id or "") as scope:
                found = scope.find(family, parsed.resource_id)
        except NotFound:
            found = None
        return dict(_found(found, arn).tags)

    def change(self, caller: Caller, arn: str, update: _Update) -> None:
        family, parsed = self._child(caller, arn)

        def retag(scope: Scope, record: ResourceRecord) -> None:
            tags = update(record.tags)
            if len(tags) > MAX_TAGS:
                raise InvalidInput(
                    f"A resource can have at most {MAX_TAGS} tags; this request would give it "
                    f"{len(tags)}."
                )
            scope.save(family, record, record.body, tags)

        if family.account_level:
            self._engine.write_account(
                caller, lambda account: retag(*_in_account(account, family, parsed, arn))
            )
            return
        try:
            self._engine.write(
                caller,
                parsed.instance_id or "",
                lambda scope: retag(scope, _found(scope.find(family, parsed.resource_id), arn)),
            )
        except NotFound as error:
            raise NotFound(f"Resource {arn} not found.") from error

    def _child(self, caller: Caller, arn: str) -> tuple[Family, ChildArn]:
        found = self._engine.child(caller, arn)
        if found is None:
            raise NotFound(f"Resource {arn} not found.")
        return found


def _in_account(
    account: AccountScope, family: Family, parsed: ChildArn, arn: str
) -> tuple[Scope, ResourceRecord]:
    found = account.find(family, parsed.resource_id)
    if found is None:
        raise NotFound(f"Resource {arn} not found.")
    return found


def _found(record: ResourceRecord | None, arn: str) -> ResourceRecord:
    if record is None:
        raise NotFound(f"Resource {arn} not found.")
    return record
