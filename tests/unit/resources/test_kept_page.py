"""A page of what a filter the store cannot apply keeps: the first ``limit`` kept records, and
whether another follows, read no further than one record past the page."""

from __future__ import annotations

from collections.abc import Iterator

from connect_emulator.domain.resource_records import ResourceRecord
from connect_emulator.resources.scope import kept_page


def _record(seq: int) -> ResourceRecord:
    return ResourceRecord(
        account="111122223333",
        region="us-east-1",
        instance_id="i",
        family="vocabulary",
        id=f"v{seq}",
        name=None,
        subtype=None,
        body={"Even": seq % 2 == 0},
        tags={},
        modified_at=0.0,
        seq=seq,
    )


def _even(record: ResourceRecord) -> bool:
    return bool(record.body["Even"])


def test_the_first_kept_records_and_whether_more_follow() -> None:
    records = [_record(seq) for seq in range(1, 11)]  # evens: 2 4 6 8 10
    page, more = kept_page(records, _even, 2)
    assert ([r.seq for r in page], more) == ([2, 4], True)
    page, more = kept_page(records, _even, 5)
    assert ([r.seq for r in page], more) == ([2, 4, 6, 8, 10], False)
    page, more = kept_page(records, _even, 4)
    assert ([r.seq for r in page], more) == ([2, 4, 6, 8], True)
    assert kept_page(records, lambda record: False, 3) == ([], False)
    assert kept_page([], _even, 3) == ([], False)


def test_it_reads_one_kept_record_past_the_page_and_no_further() -> None:
    read: list[int] = []

    def records() -> Iterator[ResourceRecord]:
        for seq in range(1, 1_000):
            read.append(seq)
            yield _record(seq)

    page, more = kept_page(records(), _even, 3)
    assert ([r.seq for r in page], more) == ([2, 4, 6], True)
    assert read == list(range(1, 9))  # 8 is the one past the page
