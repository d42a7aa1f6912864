"""Record: what the slotted classes of a warm run keep of data classes."""

from __future__ import annotations

import doctest

import pytest

import notelint.record
from notelint.diagnostics import Diagnostic, Position, Span
from notelint.engine import FileResult
from notelint.suppressions import SuppressionSet


def _diagnostic(message: str = "m") -> Diagnostic:
    return Diagnostic("HD001", "r", "error", message, Span(0, 1), Position(1, 1), Position(1, 2))


def test_doctests() -> None:
    result = doctest.testmod(notelint.record)
    assert result.attempted > 0 and result.failed == 0


def test_equality_is_by_every_field_and_class() -> None:
    assert FileResult("a.md", [_diagnostic()]) == FileResult("a.md", [_diagnostic()])
    assert FileResult("a.md", [_diagnostic()]) != FileResult("a.md", [_diagnostic("other")])
    assert FileResult("a.md") == FileResult("a.md", [], {})
    assert FileResult("a.md") != FileResult("a.md", error="x")
    assert SuppressionSet() != FileResult("a.md")
    assert FileResult("a.md") != FileResult("a.md").values()  # not a tuple


def test_mutable_records_are_unhashable_and_defaults_are_not_shared() -> None:
    with pytest.raises(TypeError):
        hash(FileResult("a.md"))
    one, two = FileResult("a.md"), FileResult("b.md")
    one.diagnostics.append(_diagnostic())
    assert two.diagnostics == [] and SuppressionSet().regions == []


def test_repr_names_the_fields_in_order() -> None:
    assert repr(FileResult("a.md")) == (
        "FileResult(path='a.md', diagnostics=[], summaries={}, suppressions=None, "
        "error=None, packed=None)"
    )
