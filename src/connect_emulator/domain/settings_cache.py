"""Settings that CreateInstance needs on every call but that change only when the control API
writes them (account limits, lifecycle policies, failure rules, directories), kept in process.

Every write of those settings, in any process, gives the shared settings a new version (see
``Transaction.bump_settings_version``) in the same transaction. A use case reads the version
first, then asks the cache, which answers from memory while the version is the one it loaded
under, and loads afresh otherwise. Values loaded after reading version v are at least as new
as v, and any later change makes another version, so nothing stale is ever served.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, TypeVarTuple, Unpack

_T = TypeVar("_T")
_Args = TypeVarTuple("_Args")

# Before anything is loaded: no version read from a store can equal it.
_NOTHING = object()


class SettingsCache:
    def __init__(self) -> None:
        # (version, values) replaced as one: a thread that read an older version fills the
        # dict of that version, never the current one.
        self._state: tuple[object, dict[Hashable, object]] = (_NOTHING, {})

    def get(
        self,
        version: str | None,
        key: Hashable,
        load: Callable[[Unpack[_Args]], _T],
        *args: *_Args,
    ) -> _T:
        """The value of ``key`` under ``version``: ``load(*args)`` once per version.

        The arguments are passed through rather than bound in a closure: CreateInstance asks on
        every call, and would otherwise make a closure each time only to find the value cached.
        """
        state = self._state
        if state[0] != version:
            state = (version, {})
            self._state = state
        values = state[1]
        value = values.get(key, _NOTHING)
        if value is not _NOTHING:
            return value  # type: ignore[return-value]
        value = load(*args)
        values[key] = value
        return value
