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


def _both(body: str) -> tuple[type, type]:
    """The class ``body`` declares, made by typing's NamedTuple and by notelint's."""
    made = []
    for source in ("typing", "notelint.record"):
        namespace: dict[str, object] = {"__name__": "sample"}
        exec(f"from {source} import NamedTuple\nclass Point(NamedTuple):\n{body}", namespace)
        made.append(namespace["Point"])
    return made[0], made[1]


def test_named_tuples_are_made_as_typing_makes_them() -> None:
    body = (
        '    """A point."""\n'
        "    ORIGIN_NAME = 'origin'\n"
        "    x: int\n"
        "    y: int = 0\n"
        "    label: str = ''\n"
        "    def moved(self, by: int) -> 'Point':\n"
        "        return self._replace(x=self.x + by)\n"
    )
    theirs, ours = _both(body)
    for cls in (theirs, ours):
        point = cls(1)
        assert (point, point.moved(2), cls(1, 2, "a")) == ((1, 0, ""), (3, 0, ""), (1, 2, "a"))
        assert repr(point) == "Point(x=1, y=0, label='')"
        assert point._asdict() == {"x": 1, "y": 0, "label": ""}
        assert cls.__mro__[1:] == (tuple, object) and type(cls) is type
    for name in ("_fields", "_field_defaults", "__doc__", "__module__", "ORIGIN_NAME"):
        assert getattr(theirs, name) == getattr(ours, name), name
    assert list(ours.__annotations__) == list(theirs.__annotations__) == ["x", "y", "label"]
    # a subclass checks what it is made of, as Span does
    checked = type(
        "Checked", (ours,), {"__slots__": (), "__new__": lambda cls, x: ours.__new__(cls, abs(x))}
    )
    assert checked(-4) == (4, 0, "")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("    x: int = 0\n    y: int\n", TypeError),  # a field without default after one with
        ("    x: int\n    def _replace(self): ...\n", AttributeError),
        ("    x: int\n    _fields = ('x',)\n", AttributeError),
    ],
)
def test_named_tuples_refuse_what_typing_refuses(body: str, error: type[Exception]) -> None:
    for source in ("typing", "notelint.record"):
        with pytest.raises(error):
            exec(
                f"from {source} import NamedTuple\nclass Point(NamedTuple):\n{body}",
                {"__name__": "m"},
            )
    with pytest.raises(TypeError):
        exec("from notelint.record import NamedTuple\nclass P(NamedTuple, int): pass", {})
