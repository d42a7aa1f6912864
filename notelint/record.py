"""``Record``: equality and a readable repr for small classes with ``__slots__``; and
``NamedTuple``, :class:`typing.NamedTuple` without importing :mod:`typing`.

The classes a warm run needs (a diagnostic, a note's result, the configuration …) are
plain classes with slots and an ``__init__`` written out, or named tuples, instead of data
classes: importing :mod:`dataclasses` (it imports :mod:`inspect`, :mod:`ast`, :mod:`dis`)
took ~5 ms, and building 15 data classes another ~6 ms (each ``@dataclass`` compiles its
methods with ``exec``), of a ~80 ms warm run over the Dendron vault that needs neither.
What the data classes gave besides ``__init__`` is here, read from ``__slots__``.

For the same reason no module of notelint but :mod:`notelint.hints` imports :mod:`typing`
(~2.7 ms of a ~52 ms warm run): the names annotations use are imported under
``TYPE_CHECKING``, each module's own constant (false when it runs; type checkers know the
name), and the named tuples are made by this module's ``NamedTuple``. A test fails a warm
run that imports typing.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
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


if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:

    class _NamedTupleMaker(type):
        """Makes the class of a ``class X(NamedTuple):`` statement, as typing does."""

        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
            if bases != (NamedTuple,):
                raise TypeError("a named tuple extends NamedTuple alone")
            fields = namespace.get("__annotations__", {})
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field not in namespace for field in list(fields)[len(fields) - len(defaults) :]):
                # namedtuple would give the defaults to the last fields, whichever they are
                raise TypeError(f"{name}: a field without a default follows one with")
            made = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            made.__annotations__ = dict(fields)
            for key, value in namespace.items():
                if key in _GENERATED:
                    raise AttributeError(f"cannot overwrite the named tuple's {key}")
                if key not in _GIVEN and key not in fields:
                    setattr(made, key, value)  # methods, the docstring, class constants
            return made

    #: what ``namedtuple`` makes, which a class body must not replace (as in typing)
    _GENERATED = frozenset(
        ("__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults")
    ) | {"_make", "_replace", "_asdict", "_source"}
    #: what the class statement gives that ``namedtuple`` has already set
    _GIVEN = frozenset(("__annotations__", "__module__", "__name__"))

    #: ``class X(NamedTuple): field: type = default`` as :class:`typing.NamedTuple` reads
    #: it, without importing :mod:`typing`: that took ~2.7 ms of a ~52 ms warm run of the
    #: Dendron vault, and its ``NamedTuple`` compiles each field's annotation besides (a
    #: string, as every module has ``from __future__ import annotations``). Type
    #: checkers see typing's own (``TYPE_CHECKING`` is true for them, by its name).
    NamedTuple = type.__new__(_NamedTupleMaker, "NamedTuple", (), {"__module__": __name__})
