"""Slot setters make the same frozen objects the constructor makes, and refuse what they can't."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from connect_emulator.auth import Principal
from connect_emulator.auth.authenticator import _principal
from connect_emulator.auth.frozen import slot_setters


def test_a_principal_made_by_its_setters_is_the_constructors() -> None:
    made = _principal("AKIDEXAMPLE", "111111111111", "eu-west-2")
    expected = Principal("AKIDEXAMPLE", "111111111111", "eu-west-2")
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.region = "us-east-1"  # type: ignore[misc]


def test_setters_come_in_field_order() -> None:
    setters = slot_setters(Principal)
    assert len(setters) == len(dataclasses.fields(Principal))
    made = object.__new__(Principal)
    for setter, value in zip(setters, ("a", "b", "c"), strict=True):
        setter(made, value)
    assert made == Principal("a", "b", "c")


@dataclass(frozen=True)
class _Unslotted:
    value: int


@dataclass(frozen=True, slots=True)
class _Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


class _Plain:
    __slots__ = ("value",)


@pytest.mark.parametrize("cls", [_Unslotted, _Checked, _Plain])
def test_refused_where_skipping_init_would_differ(cls: type) -> None:
    with pytest.raises(TypeError):
        slot_setters(cls)
