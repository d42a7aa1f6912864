"""Dates at their own precision: a year, a year and month, or a full day."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; negative years are BC.

    Ordering compares the earliest day a partial date can mean, which is what sorting
    sections and list items by their start needs.
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
        if 1 <= self.year <= 9999:
            return (self.year, month, calendar.monthrange(self.year, month)[1])
        return (self.year, month, 31)

    def is_valid(self) -> bool:
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is None:
            return True
        if self.month is None or self.day < 1:
            return False
        if 1 <= self.year <= 9999:
            return self.day <= calendar.monthrange(self.year, self.month)[1]
        return self.day <= 31

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
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            parts = value.strip().split("-")
            if 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) >= 3:
                numbers = [int(p) for p in parts]
                date = cls(*numbers)  # type: ignore[arg-type]
                if date.is_valid():
                    return date
                raise ValueError(f"'{value}' is not a date that exists")
        raise ValueError(f"expected a year, 'YYYY-MM' or 'YYYY-MM-DD', got {value!r}")
