"""The console's calls of AWS operations: through the pipeline (``Pipeline.invoke``), so a
form meets exactly the validation, rules and error messages an API client meets.

An error's message is split into its violations, each put beside the form field it names
(``Value 'x' at 'InstanceAlias' failed to satisfy constraint: ...``); a message that names no
member (``Invalid Input. Instance alias is already used.``) goes beside the field it is about
when the form says which, else above the form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class Answer(Protocol):
    """The gateway's response, as far as the console reads it."""

    @property
    def status(self) -> int: ...

    @property
    def body(self) -> bytes: ...

    def header(self, name: str) -> str | None: ...


# (operation, account, region, params) -> the answer a request would have had.
Invoke = Callable[[str, str, str, dict[str, Any]], Answer]

_COUNT = re.compile(r"\d+ validation errors? detected: ")
_AT = re.compile(r" at '([^']+)' failed to satisfy constraint: ")


@dataclass(slots=True)
class Outcome:
    status: int
    body: dict[str, Any]
    code: str | None = None
    message: str | None = None
    # Form field -> the violations about it; what names no field is only in ``message``.
    fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code is None


def call(
    invoke: Invoke,
    operation: str,
    account: str,
    region: str,
    params: dict[str, Any],
    *,
    mentions: Mapping[str, str] | None = None,
) -> Outcome:
    """``operation`` through the pipeline. ``mentions`` maps a word of a message that names no
    member (``alias``) to the field it is about (``InstanceAlias``)."""
    answer = invoke(operation, account, region, params)
    try:
        body = json.loads(answer.body) if answer.body else {}
    except ValueError:
        body = {}
    code = answer.header("x-amzn-ErrorType")
    if code is None and answer.status < 400:
        return Outcome(answer.status, body if isinstance(body, dict) else {})
    message = (
        str(body.get("Message") or body.get("message") or "") if isinstance(body, dict) else ""
    )
    outcome = Outcome(answer.status, {}, code or f"HTTP {answer.status}", message)
    outcome.fields = field_errors(message, mentions or {})
    return outcome


def field_errors(message: str, mentions: Mapping[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    counted = _COUNT.match(message)
    if counted is None:
        lowered = message.lower()
        for word, name in mentions.items():
            if word.lower() in lowered:
                found.setdefault(name, []).append(message)
                break
        return found
    for violation in _violations(message[counted.end() :]):
        at = _AT.search(violation)
        if at is not None:
            member = at.group(1).split(".")[0]
            found.setdefault(member, []).append(violation)
    return found


def _violations(listed: str) -> list[str]:
    """The violations joined by "; ". A piece naming no member was cut inside an echoed value
    (``Value 'a; b' at ...``) and is the start of the next; the count of those left unlisted
    ("and 3 more") names none and is dropped."""
    pieces: list[str] = []
    pending = ""
    for piece in listed.split("; "):
        pending = f"{pending}; {piece}" if pending else piece
        if _AT.search(pending) is not None:
            pieces.append(pending)
            pending = ""
    return pieces
