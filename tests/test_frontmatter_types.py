"""FM004's type table agrees with pydantic's strict validation, on every kind of YAML value.

FM004 checks frontmatter types with ``isinstance`` instead of a pydantic model, to keep
pydantic's import out of every run (see :mod:`notelint.checks.frontmatter`). This is the
guard that the shortcut changes nothing: each type of the table is compared with the strict
pydantic type it stands for, on generated values of every type the YAML safe loader makes
(None, bool, int, float, str, date, datetime, lists and mappings, nested).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import (
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from notelint.checks.frontmatter import DENDRON, PACK_KINDS, Kind

#: what each kind of the table meant as a strict pydantic type (the model it replaced)
REFERENCE: dict[str, Any] = {
    "a string": StrictStr,
    "integer epoch milliseconds": StrictInt,
    "a boolean": StrictBool,
    "a string or a list of strings": StrictStr | list[StrictStr],
    "a number": StrictInt | StrictFloat,
    "a mapping": dict[str, Any],
    "a list of strings": list[StrictStr],
    "an integer": StrictInt,
    "a list": list[Any],
    "a date (YYYY-MM-DD)": dt.date,
}

KINDS = {kind.expected: kind for kind in [*DENDRON.values(), *PACK_KINDS.values()]}

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | st.dates()
    | st.datetimes()
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=4) | st.integers() | st.booleans(), children, max_size=4)
    ),
    max_leaves=12,
)


def pydantic_accepts(expected: str, value: object) -> bool:
    adapter = TypeAdapter(REFERENCE[expected] | None, config=ConfigDict(strict=True))
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def test_every_kind_has_a_reference() -> None:
    assert set(KINDS) == set(REFERENCE)


@pytest.mark.parametrize("expected", sorted(REFERENCE))
@given(value=YAML_VALUES)
def test_the_table_agrees_with_pydantic_strict_mode(expected: str, value: object) -> None:
    kind: Kind = KINDS[expected]
    assert (value is None or kind.accepts(value)) == pydantic_accepts(expected, value)


@pytest.mark.parametrize(
    ("expected", "value"),
    [
        ("a string", 0.88),
        ("integer epoch milliseconds", True),
        ("integer epoch milliseconds", 1.0),
        ("a number", "1"),
        ("a list of strings", ["a", 1]),
        ("a mapping", {1: "a"}),
        ("a date (YYYY-MM-DD)", dt.datetime(2024, 6, 1, 10, 0)),
        ("a date (YYYY-MM-DD)", "2024-06-01"),
    ],
)
def test_what_yaml_guesses_wrongly_is_refused_by_both(expected: str, value: object) -> None:
    assert not KINDS[expected].accepts(value)
    assert not pydantic_accepts(expected, value)
