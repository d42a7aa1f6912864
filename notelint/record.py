"""``Record``: equality and a readable repr for small classes with ``__slots__``.

The classes a warm run needs (a diagnostic, a note's result, the configuration …) are
plain classes with slots and an ``__init__`` written out, or named tuples, instead of data
classes: importing :mod:`dataclasses` (it imports :mod:`inspect`, :mod:`ast`, :mod:`dis`)
took ~5 ms, and building 15 data classes another ~6 ms (each ``@dataclass`` compiles its
methods with ``exec``), of a ~80 ms warm run over the Dendron vault that needs neither.
What the data classes gave besides ``__init__`` is here, read from ``__slots__``.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Compare and print a slotted class by its ``__slots__``, in declaration order.

    >>> class Point(Record):
    ...     __slots__ = ("x", "y")
    ...     def __init__(self, x: int, y: int) -> None:
    ...         self.x, self.y = x, y
    >>> Point(1, 2) == Point(1, 2), Point(1, 2) == Point(2, 1), Point(1, 2)
    (True, False, Point(x=1, y=2))
    """

    __slots__ = ()
    #: mutable, hence unhashable (as a data class with ``eq`` and without ``frozen``)
    __hash__ = None  # type: ignore[assignment]

    def values(self) -> tuple[Any, ...]:
        """The fields' values, in declaration order."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.values() == other.values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
