"""Making frozen, slotted dataclasses on the hot path, faster than their ``__init__``.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, looked up
anew for every field; calling each slot's own setter, bound once, takes half the time. That
matters only where a request makes one (a signature's claims, the caller); elsewhere, call the
class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

SlotSetter = Callable[[Any, Any], None]


def slot_setters(cls: type) -> tuple[SlotSetter, ...]:
    """The setter of each field's slot, in field order, to fill ``object.__new__(cls)`` with.

    Refused for a class with ``__post_init__``, which bypassing ``__init__`` would skip.
    """
    if not dataclasses.is_dataclass(cls) or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has __post_init__, which its setters would skip")
    return tuple(vars(cls)[field.name].__set__ for field in dataclasses.fields(cls))
