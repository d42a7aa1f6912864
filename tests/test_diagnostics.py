"""The value types every stage passes on: spans and positions."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notelint.diagnostics import SORT_KEY, Diagnostic, Position, Span


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


_FIELDS = st.tuples(
    st.sampled_from(["a.md", "b.md", "a/b.md"]),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from(["SP001", "HD001", "DT002"]),
    st.sampled_from(["x", "y", ""]),
)


@given(st.lists(_FIELDS, max_size=30))
def test_the_sort_key_orders_by_path_line_column_code_message(fields: list[tuple]) -> None:
    """``SORT_KEY`` reads ``start`` as one tuple: the same order as line then column, and
    equal keys keep their order (the sort is stable)."""
    diagnostics = [
        Diagnostic(
            code,
            "r",
            "error",
            message,
            Span(0, 0),
            Position(line, column),
            Position(line, column),
            path=path,
        )
        for path, line, column, code, message in fields
    ]
    by_fields = sorted(
        diagnostics, key=lambda d: (d.path, d.start.line, d.start.column, d.code, d.message)
    )
    by_key = sorted(diagnostics, key=SORT_KEY)
    assert [id(d) for d in by_key] == [id(d) for d in by_fields]
