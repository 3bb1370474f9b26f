"""How one violated constraint is worded, the way AWS's Coral words it.

    Value 'abc' at 'InstanceAlias' failed to satisfy constraint: Member must have length
    less than or equal to 45

Values of members marked ``sensitive`` (and everything inside them) are never echoed:
``Value at 'InstanceAlias' failed to satisfy constraint: ...``. Other values are shown
Java-style (``[a, b]``, ``{k=v}``), cut to ``MAX_ECHO`` characters; a missing one is
``Value null``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

MAX_ECHO = 100
NOT_NULL = "Member must not be null"


def violation(value: Any, path: str, hidden: bool, rule: str) -> str:
    if value is None:
        shown = "Value null"
    elif hidden:
        shown = "Value"
    else:
        text = _render(value)
        if len(text) > MAX_ECHO:
            text = text[:MAX_ECHO] + "..."
        shown = f"Value '{text}'"
    return f"{shown} at '{path}' failed to satisfy constraint: {rule}"


def bounds(
    found: list[str],
    measure: float,
    limits: tuple[Any, Any],
    value: Any,
    *,
    path: str,
    hidden: bool,
    what: str,
) -> None:
    """Append the violations of ``low <= measure <= high`` (either bound may be absent)."""
    low, high = limits
    if low is not None and measure < low:
        rule = f"Member must have {what} greater than or equal to {low}"
        found.append(violation(value, path, hidden, rule))
    if high is not None and measure > high:
        rule = f"Member must have {what} less than or equal to {high}"
        found.append(violation(value, path, hidden, rule))


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_render(k)}={_render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)
