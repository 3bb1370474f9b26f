"""Steering: the control API's knobs as forms (clock, lifecycle, planned failures, faults,
limits, reset). Each action is a ``Controls`` call, the very one the control API makes, so
the same documents meet the same checks and messages; a refusal is shown beside its form."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime

from connect_emulator.console.page import Page, Route, route
from connect_emulator.console.render import PREFIX
from connect_emulator.console.web import Fields, Reply
from connect_emulator.domain.controls import FAULT_ERRORS, INSTANCE_FAILURE, FaultRule
from connect_emulator.domain.errors import DomainError, InvalidInput
from connect_emulator.domain.policy import Progression

_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_ACCOUNT_DIGITS = 12

Action = Callable[[Page, Fields], None]


def routes() -> list[Route]:
    return [
        route("GET", r"/steer", show),
        *(route("POST", rf"/steer/{name}", _acting(name, action)) for name, action in _ACTIONS),
    ]


def show(page: Page, _: dict[str, str], **problem: str) -> Reply:
    controls = page.services.controls
    accounts = sorted({account for account, _ in page.services.overview.accounts()})
    limits_account = page.query.get("account") or (accounts[0] if accounts else "000000000000")
    return page.render(
        "steer.html",
        400 if problem else 200,
        clock=controls.clock(),
        default_lifecycle=controls.lifecycle(None),
        lifecycles=[(account, controls.lifecycle(account)) for account in accounts],
        progressions=[p.value for p in Progression],
        failures=controls.failure_rules(),
        faults=controls.faults(),
        fault_errors=FAULT_ERRORS,
        limits_account=limits_account,
        limits=json.dumps(controls.limits(limits_account).to_json(), indent=2),
        accounts=accounts,
        units=list(_UNITS),
        problem=problem,
    )


def _acting(name: str, action: Action) -> Callable[[Page, dict[str, str]], Reply]:
    def handle(page: Page, args: dict[str, str]) -> Reply:
        try:
            action(page, page.form)
        except DomainError as error:
            return show(page, args, **{name: error.message})
        return page.redirect(f"{PREFIX}/steer#{name}")

    return handle


def _advance(page: Page, fields: Fields) -> None:
    amount = _number(fields.get("amount"), "The amount")
    page.services.controls.travel(advance=amount * _UNITS.get(fields.get("unit"), 1))


def _set_clock(page: Page, fields: Fields) -> None:
    text = fields.get("to").strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"Not a date and time (2030-01-31T12:00:00): {text!r}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the page shows UTC, so it is read as UTC
    page.services.controls.travel(to=moment.timestamp())


def _lifecycle(page: Page, fields: Fields) -> None:
    document: dict[str, object] = {"progression": fields.get("progression")}
    for member in ("provisioning_delay", "deletion_delay"):
        if fields.get(member).strip():
            document[member] = _number(fields.get(member), member)
    page.services.controls.set_lifecycle(_account(fields), document)


def _fail_next(page: Page, fields: Fields) -> None:
    text = fields.get("count").strip() or "1"
    if not text.isdigit():
        raise InvalidInput("'count' must be an integer.")
    page.services.controls.fail_next(
        int(text),
        fields.get("reason").strip() or INSTANCE_FAILURE,
        _optional_account(fields),
        fields.get("alias_pattern").strip() or None,
    )


def _add_fault(page: Page, fields: Fields) -> None:
    operations = tuple(o.strip() for o in fields.get("operations").split(",") if o.strip())
    rate = _number(fields.get("rate") or "1", "'rate'")
    rule = FaultRule(operations, rate, fields.get("error"), _optional_account(fields))
    controls = page.services.controls
    controls.set_faults([*controls.faults(), rule])


def _clear_faults(page: Page, _: Fields) -> None:
    page.services.controls.set_faults([])


def _limits(page: Page, fields: Fields) -> None:
    try:
        document = json.loads(fields.get("document") or "{}")
    except ValueError as error:
        raise InvalidInput(f"The limits are not JSON: {error}.") from None
    page.services.controls.set_limits(_account(fields), document)


def _reset(page: Page, fields: Fields) -> None:
    page.services.controls.reset(_optional_account(fields))


def _account(fields: Fields) -> str:
    account = fields.get("account").strip()
    if not account.isdigit() or len(account) != _ACCOUNT_DIGITS:
        raise InvalidInput(f"An account id is {_ACCOUNT_DIGITS} digits, not {account!r}.")
    return account


def _optional_account(fields: Fields) -> str | None:
    """Empty means every account."""
    return _account(fields) if fields.get("account").strip() else None


def _number(text: str, what: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InvalidInput(f"{what} must be a number, not {text!r}.")
    return number


_ACTIONS: list[tuple[str, Action]] = [
    ("advance", _advance),
    ("set-clock", _set_clock),
    ("lifecycle", _lifecycle),
    ("fail-next", _fail_next),
    ("add-fault", _add_fault),
    ("clear-faults", _clear_faults),
    ("limits", _limits),
    ("reset", _reset),
]
