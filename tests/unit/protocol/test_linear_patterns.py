"""The linear stand-ins for backtracking model patterns accept exactly what the model's do."""

from __future__ import annotations

import time

import regex
from hypothesis import given, settings, strategies as st

from connect_emulator.protocol.spec import load_service_model
from connect_emulator.protocol.validation import LINEAR_EQUIVALENTS, _matches

MODEL = load_service_model()
# Characters that matter to these patterns, and a few that do not belong.
ALPHABET = st.sampled_from(list("adDZ09-_. !é"))


def model_patterns() -> set[str]:
    return {
        shape.metadata["pattern"]
        for name in MODEL.shape_names
        if "pattern" in (shape := MODEL.shape_for(name)).metadata
    }


def test_every_stand_in_replaces_a_pattern_the_model_has() -> None:
    assert set(LINEAR_EQUIVALENTS) <= model_patterns()


@settings(max_examples=3000)
@given(value=st.text(ALPHABET, max_size=12))
def test_the_stand_ins_match_the_same_strings(value: str) -> None:
    for model_pattern in LINEAR_EQUIVALENTS:
        expected = regex.search(model_pattern, value) is not None
        assert _matches(model_pattern, value) is expected, (model_pattern, value)


def test_the_alias_stand_in_on_known_cases() -> None:
    (alias,) = [p for p in LINEAR_EQUIVALENTS if "(?!d-)" in p]
    for good in ("a", "my-centre", "a--b", "D-1", "d1", "x9"):
        assert _matches(alias, good), good
    for bad in ("", "-a", "a-", "d-1", "a_b", "a b", "é"):
        assert not _matches(alias, bad), bad


def test_failing_input_at_the_length_limit_is_answered_at_once() -> None:
    (alias,) = [p for p in LINEAR_EQUIVALENTS if "(?!d-)" in p]
    started = time.perf_counter()
    for length in range(1, 257):
        assert not _matches(alias, "a" * length + "!")
    assert time.perf_counter() - started < 0.5
