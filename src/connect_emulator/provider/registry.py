"""The dispatch table: model operation name -> provider method.

Methods opt in with ``@operation("Name")``; anything the model has but no method claims is
answered as not implemented, naming the operation, by the gateway.

A method takes the validated params and returns the result, as plain mappings keyed by the
model's member names. It may annotate them with the generated types of its operation
(``params: TagResourceRequest`` from ``connect_emulator.api.connect``): the table calls every
handler with the parser's dict, so a handler's params are typed ``Any`` here, and a
TypedDict result is a ``Mapping``, not a ``dict``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from connect_emulator.provider.context import RequestContext

Params = dict[str, Any]
Result = Mapping[str, Any] | None
Handler = Callable[[RequestContext, Any], Result]

_F = TypeVar("_F", bound=Callable[..., Result])

_MARK = "__connect_operation__"


def operation(name: str) -> Callable[[_F], _F]:
    def mark(method: _F) -> _F:
        setattr(method, _MARK, name)
        return method

    return mark


def dispatch_table(provider: object) -> dict[str, Handler]:
    """Every ``@operation`` method of ``provider`` (and its bases), bound, by operation name."""
    table: dict[str, Handler] = {}
    for attribute in dir(type(provider)):
        name = getattr(getattr(type(provider), attribute), _MARK, None)
        if isinstance(name, str):
            if name in table:
                raise RuntimeError(f"operation {name} is implemented twice")
            table[name] = getattr(provider, attribute)
    return table
