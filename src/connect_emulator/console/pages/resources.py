"""The resources inside an instance, for every family the engine declares: a list (paged,
filtered by name) and one resource (its Describe view as JSON, its references as links).

Nothing here names a family: columns, names, ids and references come from the declaration
(``noun``, ``name_member``, ``subtype``, ``references``), so a family declared later appears
with no console code.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from connect_emulator.console.page import ACCOUNT, INSTANCE, REGION, Page, Route, route
from connect_emulator.console.pages.instances import instance_path
from connect_emulator.console.web import Reply
from connect_emulator.domain.errors import DomainError, NotFound
from connect_emulator.domain.model import Caller
from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.family import Family, path_values
from connect_emulator.resources.scope import Scope

_FAMILY = rf"/instances/{ACCOUNT}/{REGION}/{INSTANCE}/r/(?P<family>[a-z_]{{1,64}})"
PAGE_SIZE = 25
# A name filter reads the family's resources page by page: at most this many.
_FILTER_SCAN = 2000


def routes() -> list[Route]:
    return [
        route("GET", _FAMILY, family_page),
        route("GET", _FAMILY + r"/(?P<resource>[A-Za-z0-9:_.-]{1,256})", resource_page),
    ]


def family_path(account: str, region: str, instance_id: str, family: Family) -> str:
    return f"{instance_path(account, region, instance_id)}/r/{family.key}"


def family_page(page: Page, args: dict[str, str]) -> Reply:
    engine = page.services.resources
    family = engine.families.get(args["family"])
    if family is None:
        return page.render("missing.html", 404, message=f"No resource family {args['family']}.")
    caller = Caller(args["account"], args["region"])
    name_filter = page.query.get("name").strip()
    token = page.query.get("token") or None
    try:
        with engine.reading(caller, args["instance"]) as scope:
            if name_filter:
                records, next_token = _named(scope, family, name_filter), None
            else:
                records, next_token = scope.page(family, _operation(family), PAGE_SIZE, token)
            rows = [_row(scope, family, record) for record in records]
    except DomainError as error:
        # A forged or foreign page token is the caller's mistake, not a missing page.
        status = 404 if isinstance(error, NotFound) else 400
        return page.render("missing.html", status, message=error.message)
    return page.render(
        "family.html",
        caller=caller,
        instance_id=args["instance"],
        family=family,
        rows=rows,
        name_filter=name_filter,
        next_token=next_token,
        base=family_path(caller.account, caller.region, args["instance"], family),
        instance_link=instance_path(caller.account, caller.region, args["instance"]),
    )


def resource_page(page: Page, args: dict[str, str]) -> Reply:
    engine = page.services.resources
    family = engine.families.get(args["family"])
    if family is None:
        return page.render("missing.html", 404, message=f"No resource family {args['family']}.")
    caller = Caller(args["account"], args["region"])
    try:
        with engine.reading(caller, args["instance"]) as scope:
            record = scope.get(family, args["resource"])
            view = scope.view(family, record)
            links = _references(scope, caller, family, record)
    except DomainError as error:
        return page.render("missing.html", 404, message=error.message)
    return page.render(
        "resource.html",
        caller=caller,
        instance_id=args["instance"],
        family=family,
        record=record,
        name=_name(family, record),
        view=view,
        links=links,
        family_link=family_path(caller.account, caller.region, args["instance"], family),
        instance_link=instance_path(caller.account, caller.region, args["instance"]),
    )


def _operation(family: Family) -> str:
    # The page token is bound to this name; the family's List operation's, when it has one.
    return family.list or f"Console{family.key}"


def _named(scope: Scope, family: Family, text: str) -> list[ResourceRecord]:
    """The family's resources whose name contains ``text`` (ignoring case), first page's worth."""
    wanted = text.casefold()
    found: list[ResourceRecord] = []
    token: str | None = None
    for _ in range(_FILTER_SCAN // 100):
        records, token = scope.page(family, _operation(family), 100, token)
        found += [r for r in records if wanted in (_name(family, r) or "").casefold()]
        if token is None or len(found) >= PAGE_SIZE:
            break
    return found[:PAGE_SIZE]


def _name(family: Family, record: ResourceRecord) -> str | None:
    if family.name_member is None:
        return None
    name = record.body.get(family.name_member)
    return name if isinstance(name, str) else None


def _row(scope: Scope, family: Family, record: ResourceRecord) -> dict[str, Any]:
    summary = scope.summary(family, record)
    return {
        "id": record.id,
        "name": _name(family, record),
        "subtype": summary.get(family.subtype) if family.subtype else None,
        "description": summary.get("Description"),
        "modified": summary.get("LastModifiedTime"),
    }


def _references(
    scope: Scope, caller: Caller, family: Family, record: ResourceRecord
) -> list[dict[str, str]]:
    """Each member naming another resource, with a link to it (or why there is none)."""
    links = []
    for reference in family.references:
        target = scope.engine.families.get(reference.target)
        for value in path_values(record.body, reference.path):
            link = {"member": reference.path, "value": value, "href": "", "label": value}
            if target is not None:
                try:
                    found = scope.get(target, value)
                except NotFound:
                    link["label"] = f"{value} (missing)"
                else:
                    base = family_path(caller.account, caller.region, scope.instance_id, target)
                    link["href"] = f"{base}/{quote(found.id)}"
                    link["label"] = f"{target.noun}: {_name(target, found) or found.id}"
            links.append(link)
    return links
