"""RandomIds: version-4 UUIDs and tokens, reproducible when seeded, from the OS otherwise."""

from __future__ import annotations

import uuid

from connect_emulator.domain.ids import ALPHANUMERIC, RandomIds


def test_unseeded_uuids_are_distinct_version_4_across_many_pool_refills() -> None:
    ids = RandomIds()
    made = [ids.uuid() for _ in range(2000)]  # ~8 refills of the 4 KiB pool
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_seeded_ids_repeat() -> None:
    first, second = RandomIds(7), RandomIds(7)
    assert [first.uuid() for _ in range(3)] == [second.uuid() for _ in range(3)]
    assert first.token(20) == second.token(20)


def test_tokens_use_the_alphabet() -> None:
    token = RandomIds().token(500)
    assert len(token) == 500
    assert set(token) <= set(ALPHANUMERIC)
    assert set(RandomIds().token(200, "ab")) <= {"a", "b"}
