"""Resources inside an instance as the store keeps them, whatever their family.

A resource is a JSON object (its ``body``) plus what the database must see to enforce AWS's
rules: its family and id, its name where names are unique, the member its List operation
filters on. References between resources are rows of their own (``Ref``), so a delete can
ask the database what still points at its target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True)
class ResourceRecord:
    account: str
    region: str
    instance_id: str
    family: str
    id: str
    # The unique name (None for families without one, and for AGENT queues).
    name: str | None
    # The value List operations filter on (QueueType, ContactFlowType, ...), if any.
    subtype: str | None
    body: dict[str, Any]
    tags: dict[str, str]
    modified_at: float
    # Insertion order: the List cursor. Set by the store.
    seq: int = 0
    # The body already encoded as JSON, when the writer has it (the same default resources go
    # into every new instance): the store writes it instead of encoding ``body`` again.
    encoded_body: str | None = None
    # What the family's List answer shows of it, as JSON, when the writer rendered it (the
    # engine does on every create and save): stored beside the row so a List page is read,
    # not rebuilt. Never read back into a record, so a record saved without one stores none
    # and its List entry is built from the body again.
    summary: str | None = None
    # Its Describe answer's resource, likewise.
    described: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference of a resource (its ``role``: the member that holds it) to another."""

    role: str
    # Which entry of the role this is (the target id, or id and channel for queue configs).
    item: str
    target_family: str
    target_id: str
    # Whether it keeps its target from being deleted (ResourceInUseException).
    blocks: bool
    # What the reference carries beside the target (a queue config's priority and delay).
    detail: dict[str, Any] = field(default_factory=dict)


class Referrer(NamedTuple):
    family: str
    id: str
    role: str
    blocks: bool


class StoredPage(NamedTuple):
    """A List page of stored summaries (``ResourceRecord.summary``), as one read gives it."""

    # The page's summaries in List order, joined by commas ("" for an empty page).
    joined: str
    # The position of the page's last resource (the next page starts after it).
    last: int
    # Whether another resource follows the page.
    more: bool
