"""``PartialDate``: a date known to the year, the month or the day.

A module of its own, apart from :mod:`notelint.dates` (which finds dates in prose): the
rule pack's timeline is made of partial dates, and a warm run rebuilds it from its memo
without importing that parser's patterns (~8 ms), nor :mod:`calendar`.
"""

from __future__ import annotations

from notelint.record import NamedTuple

_THIRTY_DAYS = frozenset({4, 6, 9, 11})


def gregorian_month_days(year: int, month: int) -> int:
    """The days of ``month`` of ``year`` in the Gregorian calendar (as
    ``calendar.monthrange``), or 31 for a year ``datetime`` cannot hold (before 1 or
    after 9999), which then is not checked.

    >>> gregorian_month_days(1900, 2), gregorian_month_days(2000, 2), gregorian_month_days(1969, 4)
    (28, 29, 30)
    """
    if not 1 <= year <= 9999:
        return 31
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in _THIRTY_DAYS else 31


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day; negative years are BC.

    Ordering compares the earliest day a partial date can mean, which is what sorting
    sections and list items by their start needs. A named tuple (see
    :mod:`notelint.record`).
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> tuple[int, int, int]:
        month = self.month or 12
        if self.day:
            return (self.year, month, self.day)
        return (self.year, month, gregorian_month_days(self.year, month))

    def is_valid(self) -> bool:
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is None:
            return True
        if self.month is None or self.day < 1:
            return False
        return self.day <= gregorian_month_days(self.year, self.month)

    def __str__(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return str(self.year) if self.year > 0 else f"{-self.year} BC"

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read a YAML value: ``1969``, ``"1969-03"``, ``1969-03-02`` (a date) or a string."""
        if isinstance(value, bool):
            raise ValueError("expected a year, 'YYYY-MM' or 'YYYY-MM-DD'")
        if isinstance(value, int):
            return cls(value)
        from datetime import date  # only here: a warm run rebuilds dates without it

        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            parts = value.strip().split("-")
            if 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) >= 3:
                numbers = [int(p) for p in parts]
                found = cls(*numbers)  # type: ignore[arg-type]
                if found.is_valid():
                    return found
                raise ValueError(f"'{value}' is not a date that exists")
        raise ValueError(f"expected a year, 'YYYY-MM' or 'YYYY-MM-DD', got {value!r}")
