"""CH beyond the case file: exact messages, a pack without a timeline, linear time."""

from __future__ import annotations

import time

from notelint.pack import RulePack
from tests.conftest import lint, where


def test_messages_name_both_sections_and_the_period_with_its_source() -> None:
    text = (
        "## Khrushchev Era\n\nFighting broke out in 1969.\n\n"
        "## Sino-Indian War 1962\n\nText.\n\n## Taiwan 1958\n\nText.\n"
    )
    assert [d.message for d in lint(text, ["CH"])] == [
        "'1969' is outside 'Khrushchev Era' (Khrushchev era, 1953–1964-10-14, from the timeline)",
        "Section 'Taiwan 1958' (1958) comes after 'Sino-Indian War 1962' (1962)",
    ]


def test_item_message_quotes_the_items_prose_without_markup() -> None:
    text = "- **Brezhnev** died in [1982](https://example.org)\n- Mao died in 1976\n"
    assert [d.message for d in lint(text, ["CH002"])] == [
        "Item 'Mao died in 1976' (1976) comes after 'Brezhnev died in 1982' (1982)"
    ]


def test_without_a_timeline_only_written_dates_count() -> None:
    text = "## The Cultural Revolution\n\nText.\n\n## The Korean War\n\nText of 1990.\n"
    assert where(lint(text, ["CH"], pack=RulePack())) == []
    assert where(lint(text, ["CH"])) == ["CH001@5:8", "CH003@7:9"]


def test_a_list_in_a_blockquote() -> None:
    assert where(lint("> - 1969\n> - 1966\n", ["CH002"])) == ["CH002@2:5"]


def test_time_is_linear_in_sections_and_items() -> None:
    # 6,000 sections each stating a period, each with two dates, and 6,000 dated items:
    # checking every date against every period took 40 s here; a sweep takes about 2 s
    sections = "".join(
        f"## {1000 + i % 900}–{1001 + i % 900}\n\nIn {1950 + i % 50} and 1960.\n\n"
        for i in range(6000)
    )
    items = "".join(f"- item in {1000 + (i * 7) % 900}\n" for i in range(6000))
    start = time.perf_counter()
    found = lint(sections + items, ["CH"])
    assert time.perf_counter() - start < 15
    assert len(found) > 6000
