"""Fingerprints stay what they were: digests stored beside ClientTokens must still match."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, strategies as st

from connect_emulator.domain.fingerprint import fingerprint

VALUES = st.none() | st.booleans() | st.text(max_size=8) | st.integers(-5, 5)
PARAMS = st.dictionaries(
    st.text(max_size=6), VALUES | st.dictionaries(st.text(max_size=4), st.text(max_size=4))
)


@given(params=PARAMS)
def test_the_digest_is_json_dumps_sorted_and_compact(params: dict[str, object]) -> None:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    assert fingerprint(params) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_key_order_does_not_matter() -> None:
    assert fingerprint({"a": 1, "b": "é"}) == fingerprint({"b": "é", "a": 1})
