"""The instances: the overview of every account and Region, one instance's page (its
DescribeInstance fields, attributes, tags and the families inside it), and the actions on it
(delete, tags, attributes, releasing a manual provisioning).

Changes go through the API's operations (``api.call``) or the control API's ``Controls``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from connect_emulator.console.api import Outcome, call
from connect_emulator.console.page import ACCOUNT, INSTANCE, REGION, Page, Route, route
from connect_emulator.console.render import PREFIX
from connect_emulator.console.web import Reply
from connect_emulator.domain.controls import INSTANCE_FAILURE
from connect_emulator.domain.errors import DomainError, NotFound
from connect_emulator.domain.model import Caller, InstanceStatus, instance_arn
from connect_emulator.domain.views import InstanceDetails
from connect_emulator.resources.family import Family

_BASE = rf"/instances/{ACCOUNT}/{REGION}/{INSTANCE}"
# Resources counted per family on the instance's page (one page of the engine's).
_COUNTED = 100


def routes() -> list[Route]:
    return [
        route("GET", r"/", overview),
        route("GET", r"/fragments/instances", overview_fragment),
        route("GET", _BASE, instance_page),
        route("GET", _BASE + r"/status", status_fragment),
        route("POST", _BASE + r"/delete", delete),
        route("POST", _BASE + r"/tags", change_tags),
        route("POST", _BASE + r"/attributes", change_attribute),
        route("POST", _BASE + r"/release", release),
    ]


def instance_path(account: str, region: str, instance_id: str) -> str:
    return f"{PREFIX}/instances/{account}/{region}/{quote(instance_id)}"


def overview(page: Page, _: dict[str, str]) -> Reply:
    return page.render("overview.html", partitions=page.services.overview.partitions())


def overview_fragment(page: Page, _: dict[str, str]) -> Reply:
    return page.render("_instances.html", partitions=page.services.overview.partitions())


def instance_page(page: Page, args: dict[str, str], **problems: Any) -> Reply:
    caller = Caller(args["account"], args["region"])
    try:
        details = page.services.instances.describe(caller, args["instance"])
    except NotFound as error:
        return page.render("missing.html", 404, message=error.message)
    attributes = page.services.attributes.list(caller, details.id, 100, None).attributes
    return page.render(
        "instance.html",
        400 if problems else 200,
        caller=caller,
        instance=details,
        arn=instance_arn(caller.region, caller.account, details.id),
        deleting=page.services.overview.deleting(caller, details),
        attributes=attributes,
        families=_families(page, caller, details),
        tag_errors=problems.get("tag_errors"),
        attribute_errors=problems.get("attribute_errors"),
        release_error=problems.get("release_error"),
    )


def status_fragment(page: Page, args: dict[str, str]) -> Reply:
    caller = Caller(args["account"], args["region"])
    try:
        details: InstanceDetails | None = page.services.instances.describe(caller, args["instance"])
    except NotFound:
        details = None
    deleting = details is not None and page.services.overview.deleting(caller, details)
    return page.render("_status.html", instance=details, deleting=deleting)


def delete(page: Page, args: dict[str, str]) -> Reply:
    outcome = call(
        page.services.invoke,
        "DeleteInstance",
        args["account"],
        args["region"],
        {"InstanceId": args["instance"]},
    )
    if not outcome.ok:
        return page.render("missing.html", outcome.status, message=_said(outcome))
    return page.redirect(instance_path(args["account"], args["region"], args["instance"]))


def change_tags(page: Page, args: dict[str, str]) -> Reply:
    """Adds the ``key=value`` lines (TagResource), then drops the ticked keys (UntagResource)."""
    fields = page.form
    arn = instance_arn(args["region"], args["account"], args["instance"])
    added, bad_line = parse_tags(fields.get("add"))
    if bad_line is not None:
        return instance_page(page, args, tag_errors=[f"Not key=value: {bad_line!r}"])
    removed = fields.all("remove")
    steps: list[tuple[str, dict[str, Any]]] = []
    if added:
        steps.append(("TagResource", {"resourceArn": arn, "tags": added}))
    if removed:
        steps.append(("UntagResource", {"resourceArn": arn, "tagKeys": removed}))
    for operation, params in steps:
        outcome = call(page.services.invoke, operation, args["account"], args["region"], params)
        if not outcome.ok:
            return instance_page(page, args, tag_errors=[_said(outcome)])
    return page.redirect(instance_path(args["account"], args["region"], args["instance"]))


def change_attribute(page: Page, args: dict[str, str]) -> Reply:
    fields = page.form
    outcome = call(
        page.services.invoke,
        "UpdateInstanceAttribute",
        args["account"],
        args["region"],
        {
            "InstanceId": args["instance"],
            "AttributeType": fields.get("attribute"),
            "Value": fields.get("value"),
        },
    )
    if not outcome.ok:
        return instance_page(page, args, attribute_errors=[_said(outcome)])
    return page.redirect(instance_path(args["account"], args["region"], args["instance"]))


def release(page: Page, args: dict[str, str]) -> Reply:
    """Ends a manual provisioning, as ``POST /_emulator/instances/<id>/provision`` does."""
    fields = page.form
    caller = Caller(args["account"], args["region"])
    try:
        # Only an instance of this account and Region: the path must not reach another's.
        page.services.instances.describe(caller, args["instance"])
        if fields.get("outcome") == InstanceStatus.CREATION_FAILED:
            reason = fields.get("reason").strip() or INSTANCE_FAILURE
            page.services.controls.release(args["instance"], reason)
        else:
            page.services.controls.release(args["instance"], None)
    except DomainError as error:
        return instance_page(page, args, release_error=error.message)
    return page.redirect(instance_path(args["account"], args["region"], args["instance"]))


def parse_tags(text: str) -> tuple[dict[str, str], str | None]:
    """``key=value`` lines (blank ones skipped) and the first line that is not one."""
    tags: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, equals, value = line.partition("=")
        if not equals:
            return tags, line
        tags[key.strip()] = value.strip()
    return tags, None


def _families(page: Page, caller: Caller, details: InstanceDetails) -> list[tuple[Family, str]]:
    """Each declared family with how many it holds ("100+" past one page); none unless the
    instance is ACTIVE, as on AWS, and none once its deletion began."""
    engine = page.services.resources
    if details.status != InstanceStatus.ACTIVE:
        return []
    counted = []
    try:
        with engine.reading(caller, details.id) as scope:
            for family in engine.families.values():
                records, more = scope.page(family, family.list or family.key, _COUNTED, None)
                counted.append((family, f"{len(records)}+" if more else str(len(records))))
    except NotFound:
        return []
    return counted


def _said(outcome: Outcome) -> str:
    return f"{outcome.code}: {outcome.message}"
