"""How a resource family is declared: once, in a module of its own under ``families/``.

A declaration says what the engine needs to derive the family's operations (Create, Describe,
List, its Update* operations, Delete, its association operations) and AWS's rules for them:

    key, arn_segment     storage key; ARN ``instance/{iid}/{arn_segment}/{id}``
    account_level        kept in an instance, yet addressed under the account: ARN
                         ``{arn_segment}/{id}`` without the instance, paths naming none,
                         worked on through ResourceService.write_account (phone numbers)
    noun                 how messages name it ("Queue")
    operations           the model's operation names, and the id path member (``id_param``)
    wire names           the Describe wrapper and its id/ARN members, the create output's,
                         the List member; summary members renamed from the body
    name                 the member holding the name, and whether it is unique per instance
    subtype, list_filter the body member List filters on, and the filter's parameter (a list
                         of values, or one)
    references           members that name other resources: must exist; block their delete?
    associations         lists kept beside the body (a queue's quick connects)
    updates              which Update* operation changes which members
    hooks                the rules that really are special, written beside the declaration
    advance              the asynchronous step of a resource (a claim, a creation), if any
    leaving              whether a resource is on its way out: account-level lookups pass it by
    defaults             what a new instance gets, as create requests

The body the engine stores is the create request's members (less those it never keeps);
answers are cut to the model's output shapes by the provider, so a Describe shows exactly
what the model has for the family.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connect_emulator.domain.resource_records import ResourceRecord

if TYPE_CHECKING:
    from connect_emulator.resources.engine import ResourceService
    from connect_emulator.resources.scope import Scope

Params = dict[str, Any]
Result = dict[str, Any] | None
FamilyOperation = Callable[["ResourceService", Any, Params], Result]
# A hook that checks and completes a body before it is written (create and update): it raises
# a DomainError to refuse it. ``previous`` is None on create.
Prepare = Callable[["Scope", dict[str, Any], "ResourceRecord | None"], None]
# What a new instance gets: create requests, given a lookup of defaults made before
# (family key, name) -> id.
Defaults = Callable[[Callable[[str, str], str]], list[Params]]


@dataclass(frozen=True, slots=True)
class Reference:
    """A member naming another resource of the instance (dotted path; a list names many)."""

    path: str
    target: str
    # Whether it keeps its target from being deleted (ResourceInUseException).
    blocks: bool = True


@dataclass(frozen=True, slots=True)
class Association:
    """A list of other resources kept beside the body, changed by operations of its own."""

    # The request member holding the ids (on Create, Associate and Disassociate).
    member: str
    target: str
    associate: str | None = None
    disassociate: str | None = None
    list: str | None = None
    list_member: str = ""
    # How many one resource may hold (AWS: 700 quick connects per queue).
    max_items: int | None = None
    blocks: bool = False


@dataclass(frozen=True, slots=True)
class Update:
    operation: str
    members: tuple[str, ...]
    # Members left out are removed (UpdateUserHierarchy without HierarchyGroupId).
    clear_absent: bool = False
    # The operation answers the resource's ids (UpdatePrompt).
    returns_ids: bool = False


@dataclass(frozen=True)
class Family:
    key: str
    arn_segment: str
    noun: str
    # Operations
    create: str
    describe: str
    list: str | None
    delete: str | None
    id_param: str
    # Wire names
    wrapper: str
    id_member: str
    arn_member: str
    created: tuple[str, str]
    list_member: str
    name_member: str | None = "Name"
    unique_name: bool = True
    # Summary member -> body member, where they differ (SecurityProfileName -> Name).
    summary_renames: Mapping[str, str] = field(default_factory=dict)
    subtype: str | None = None
    list_filter: str | None = None
    # The subtypes the per-instance quota counts (None: all; agent queues are not counted).
    quota_subtypes: tuple[str, ...] | None = None
    updates: tuple[Update, ...] = ()
    references: tuple[Reference, ...] = ()
    associations: tuple[Association, ...] = ()
    # Request members never stored (the instance id, tags, tokens are never stored anyway).
    transient: tuple[str, ...] = ()
    # Body members the create answer repeats (FlowContentSha256).
    created_extra: tuple[str, ...] = ()
    # ResourceInUseException's ResourceType when this family is what blocks a delete.
    resource_type: str = ""
    # ClientToken makes Create idempotent (IdempotencyException for other input).
    idempotent: bool = False
    last_modified: bool = True
    prepare: Prepare | None = None
    # Given the create request too: members it does not store (queue configs, kept as
    # references) are still there.
    after_create: Callable[[Scope, ResourceRecord, Params], None] | None = None
    before_delete: Callable[[Scope, ResourceRecord], None] | None = None
    # A resource's asynchronous step (scheduled with Scope.schedule_step), run by the
    # lifecycle worker: given the failure planned for it (failure injection), if any.
    advance: Callable[[Scope, ResourceRecord, str | None], None] | None = None
    # Addressed under the account (ARN ``{arn_segment}/{id}``), not inside its instance.
    account_level: bool = False
    # A resource on its way out (its removal step pending): AccountScope's lookups pass it by
    # unless asked for it, so it answers as not found (tags included).
    leaving: Callable[[ResourceRecord], bool] | None = None
    # The ARN's tail after the instance when it is not ``{arn_segment}/{id}``.
    arn_tail: Callable[[ResourceRecord], str] | None = None
    defaults: Defaults | None = None
    # Operations that really are special, written beside the declaration.
    extra: Mapping[str, FamilyOperation] = field(default_factory=dict)

    @property
    def in_use_type(self) -> str:
        return self.resource_type or self.key.upper()


def path_values(body: Mapping[str, Any], path: str) -> list[str]:
    """The strings at ``path`` (dotted) in ``body``; a list along the way yields each item."""
    values: list[Any] = [body]
    for part in path.split("."):
        found: list[Any] = []
        for value in values:
            if isinstance(value, dict) and value.get(part) is not None:
                item = value[part]
                found.extend(item if isinstance(item, list) else [item])
        values = found
    return [value for value in values if isinstance(value, str)]
