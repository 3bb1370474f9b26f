"""Jinja2 templates, escaped everywhere: every value shown may be a client's text (an alias,
a tag, a resource's body), so nothing reaches the page unescaped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

PREFIX = "/_emulator/console"


def _when(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _pretty(value: Any) -> str:
    """A body as indented JSON; a member holding JSON text (a flow's Content) indented too."""
    return json.dumps(_unfold(value), indent=2, sort_keys=False, ensure_ascii=False, default=str)


def _unfold(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _unfold(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unfold(item) for item in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("connect_emulator.console", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["pretty"] = _pretty
    env.globals["prefix"] = PREFIX
    return env


class Renderer:
    def __init__(self) -> None:
        self._env = environment()

    def __call__(self, template: str, **context: Any) -> str:
        return self._env.get_template(template).render(**context)
