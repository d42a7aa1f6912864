"""What a rule reports: spans, edits, fixes and diagnostics.

Rules work in character offsets into the original text (``Span``); the note turns
offsets into 1-based line and column once, when a diagnostic is made, so that every
later stage (suppressions, the vault-wide rules, the cache, reporters) carries plain,
picklable positions and never needs the text again.
"""

from __future__ import annotations

from enum import StrEnum
from operator import attrgetter

from notelint.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.hints import Severity

#: the longest ``Diagnostic.snippet`` kept, in characters
SNIPPET_MAX = 80


class Applicability(StrEnum):
    """How sure a fix is: only ``safe`` fixes run under ``--fix`` (as in ruff)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class _SpanFields(NamedTuple):
    start: int
    end: int


class Span(_SpanFields):
    """A half-open range ``[start, end)`` of character offsets into the original text.

    A named tuple (immutable, ordered, hashable) rather than a frozen data class: a run
    over the Dendron vault makes ~140,000 spans, and a frozen data class's ``__init__``
    took 0.49 µs each against 0.19 µs for this checked ``__new__``.
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int) -> Span:
        if not 0 <= start <= end:
            raise ValueError(f"bad span {start}..{end}")
        return _new_tuple(cls, (start, end))


_new_tuple = tuple.__new__


class Position(NamedTuple):
    """A 1-based line and 1-based column (in characters) of the original file."""

    line: int
    column: int


#: where an edit is before the note has resolved it (rules never see this)
UNRESOLVED = Position(0, 0)


class Edit(NamedTuple):
    """Replace the text of ``span`` with ``content`` (an empty span inserts).

    Named tuples (immutable values), as :class:`Fix`, rather than frozen data classes: a
    warm run of the Dendron vault rebuilds 3,600 edits and 1,800 fixes from the cache,
    and a frozen data class's ``__init__`` cost ~1 µs each where a tuple is made in C.
    """

    span: Span
    content: str
    start: Position = UNRESOLVED
    end: Position = UNRESOLVED


class Fix(NamedTuple):
    """A titled group of non-overlapping edits applied together, or not at all."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


class Diagnostic(NamedTuple):
    """One problem in one note, positions already resolved.

    ``rule`` is the rule's name; ``span`` the offsets into the text, ``start`` and ``end``
    their positions; ``snippet`` the text the diagnostic points at (its span, else its
    line, stripped; capped at ``SNIPPET_MAX`` characters): how a baseline recognises it
    after lines move. A named tuple, as a span or a fix: a warm run of the Dendron vault
    rebuilds 7,300 diagnostics from the cache, and a class's ``__init__`` took ~0.5 µs
    each where a tuple is made in C. What changes one (a vault-wide rule's message, a
    configured severity) makes a new one (``_replace``).
    """

    code: str
    rule: str
    severity: Severity
    message: str
    span: Span
    start: Position
    end: Position
    fix: Fix | None = None
    suggestions: tuple[str, ...] = ()
    path: str = ""
    snippet: str = ""


#: the order diagnostics are reported in: by path, line, column, code and message
#: (``start`` is the tuple ``(line, column)``), read at C speed: sorting the Dendron
#: vault's 7,300 diagnostics with a method building that tuple took ~3.5 ms of a 90 ms
#: warm run, with this ~1 ms
SORT_KEY = attrgetter("path", "start", "code", "message")
