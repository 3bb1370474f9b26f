"""The in-process settings cache: one load per settings version, a fresh one when it changes."""

from __future__ import annotations

from connect_emulator.domain.settings_cache import SettingsCache


def test_a_value_is_loaded_once_per_version() -> None:
    cache = SettingsCache()
    loads: list[str] = []

    def load(value: str) -> str:
        loads.append(value)
        return value

    assert cache.get("v1", "k", lambda: load("a")) == "a"
    assert cache.get("v1", "k", lambda: load("b")) == "a"
    assert cache.get("v2", "k", lambda: load("c")) == "c"
    assert cache.get("v2", "other", lambda: load("d")) == "d"
    assert loads == ["a", "c", "d"]


def test_no_version_yet_is_a_version_like_any_other() -> None:
    cache = SettingsCache()
    assert cache.get(None, "k", lambda: 1) == 1
    assert cache.get(None, "k", lambda: 2) == 1
    assert cache.get("v1", "k", lambda: 3) == 3
    assert cache.get(None, "k", lambda: 4) == 4


def test_a_falsy_value_is_cached_too() -> None:
    cache = SettingsCache()
    assert cache.get("v", "k", lambda: False) is False
    assert cache.get("v", "k", lambda: True) is False


def test_the_loader_is_called_with_the_arguments_given() -> None:
    cache = SettingsCache()
    calls: list[tuple[str, int]] = []

    def load(name: str, number: int) -> str:
        calls.append((name, number))
        return f"{name}{number}"

    assert cache.get("v", "k", load, "a", 1) == "a1"
    assert cache.get("v", "k", load, "b", 2) == "a1"
    assert calls == [("a", 1)]
