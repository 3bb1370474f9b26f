"""The create-instance form: CreateInstance through the pipeline, so the form meets the API's
own validation and messages, each shown beside the field it is about."""

from __future__ import annotations

from typing import Any

from connect_emulator.console.api import call
from connect_emulator.console.page import Page, Route, route
from connect_emulator.console.pages.instances import instance_path, parse_tags
from connect_emulator.console.web import Fields, Reply

DEFAULT_ACCOUNT = "000000000000"
DEFAULT_REGION = "us-east-1"
IDENTITY_TYPES = ("CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY")
# Errors that name no member, by a word of theirs: the field they are about.
_MENTIONS = {"alias": "InstanceAlias", "directory": "DirectoryId", "ClientToken": "ClientToken"}


def routes() -> list[Route]:
    return [route("GET", r"/create", show), route("POST", r"/create", submit)]


def show(page: Page, _: dict[str, str]) -> Reply:
    values = {
        "account": page.query.get("account", DEFAULT_ACCOUNT),
        "region": page.query.get("region", DEFAULT_REGION),
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": "",
        "DirectoryId": "",
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": True,
        "tags": "",
    }
    return _form(page, values, {}, None)


def submit(page: Page, _: dict[str, str]) -> Reply:
    fields = page.form
    values = _values(fields)
    account, region = values["account"], values["region"]
    errors: dict[str, list[str]] = {}
    if not account.isdigit() or len(account) != 12:
        errors["account"] = ["An account id is 12 digits."]
    if not region or len(region) > 32 or not all(c.isalnum() or c == "-" for c in region):
        errors["region"] = ["A Region is letters, digits and hyphens (us-east-1)."]
    tags, bad_line = parse_tags(values["tags"])
    if bad_line is not None:
        errors["Tags"] = [f"Not key=value: {bad_line!r}"]
    if errors:
        return _form(page, values, errors, None)
    params = _params(values, tags)
    outcome = call(
        page.services.invoke, "CreateInstance", account, region, params, mentions=_MENTIONS
    )
    if not outcome.ok:
        return _form(page, values, outcome.fields, f"{outcome.code}: {outcome.message}")
    return page.redirect(instance_path(account, region, str(outcome.body["Id"])))


def _values(fields: Fields) -> dict[str, Any]:
    return {
        "account": fields.get("account").strip(),
        "region": fields.get("region").strip(),
        "IdentityManagementType": fields.get("IdentityManagementType"),
        "InstanceAlias": fields.get("InstanceAlias"),
        "DirectoryId": fields.get("DirectoryId"),
        "InboundCallsEnabled": "InboundCallsEnabled" in fields,
        "OutboundCallsEnabled": "OutboundCallsEnabled" in fields,
        "tags": fields.get("tags"),
    }


def _params(values: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    """The request a client would send: members left empty are left out, as a client would."""
    params: dict[str, Any] = {
        "IdentityManagementType": values["IdentityManagementType"],
        "InboundCallsEnabled": values["InboundCallsEnabled"],
        "OutboundCallsEnabled": values["OutboundCallsEnabled"],
    }
    for member in ("InstanceAlias", "DirectoryId"):
        if values[member]:
            params[member] = values[member]
    if tags:
        params["Tags"] = tags
    return params


def _form(
    page: Page, values: dict[str, Any], errors: dict[str, list[str]], summary: str | None
) -> Reply:
    return page.render(
        "create.html",
        400 if errors or summary else 200,
        values=values,
        errors=errors,
        summary=summary,
        identity_types=IDENTITY_TYPES,
        accounts=sorted({account for account, _ in page.services.overview.accounts()}),
    )
