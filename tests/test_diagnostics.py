"""The value types every stage passes on: spans and positions."""

from __future__ import annotations

import pickle

import pytest

from notelint.diagnostics import Position, Span


@pytest.mark.parametrize(("start", "end"), [(3, 1), (-1, 0), (-2, -1)])
def test_a_span_that_ends_before_it_starts_is_a_bug(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="bad span"):
        Span(start, end)


def test_spans_order_by_start_then_end_and_survive_pickling() -> None:
    spans = [Span(4, 9), Span(0, 3), Span(4, 5), Span(0, 0)]
    assert sorted(spans) == [Span(0, 0), Span(0, 3), Span(4, 5), Span(4, 9)]
    assert pickle.loads(pickle.dumps(spans)) == spans
    assert all(type(span) is Span for span in pickle.loads(pickle.dumps(spans)))
    assert (Span(2, 5).start, Span(2, 5).end) == (2, 5)
    assert Position(3, 7).line == 3 and Position(3, 7).column == 7
