"""Suppression comments (SPEC §5): which diagnostics they silence, and which are wrong.

Semantics, as in markdownlint: ``disable`` silences from its line until an ``enable``
that names any of its codes (an ``enable`` with no code ends every open ``disable``), or
the end of the note; ``disable-next-line`` silences the next line; ``disable-file`` the
whole note. No code means every rule; a code may be a prefix (``SP``, ``HD00``).
"""

from __future__ import annotations

from collections.abc import Iterable

from notelint.diagnostics import Diagnostic, Position, Span
from notelint.record import NamedTuple, Record
from notelint.registry import is_known_selector, matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.note import Note


class Suppression(NamedTuple):
    """A ``<!-- notelint-… -->`` comment: ``codes`` empty means every rule."""

    kind: str  # "disable", "enable", "disable-next-line", "disable-file"
    codes: tuple[tuple[str, Span], ...]
    span: Span
    line: int  # 1-based line of the comment


class Region(Record):
    """The lines (``first_line`` to ``last_line``, inclusive) where a suppression
    ``comment`` silences ``codes`` (empty: every rule); ``start`` and ``end`` are the
    comment's, for NL004 (``used``: whether it silenced anything)."""

    __slots__ = ("comment", "codes", "first_line", "last_line", "start", "end", "used")

    def __init__(
        self,
        comment: Suppression,
        codes: tuple[str, ...],
        first_line: int,
        last_line: int,
        start: Position,
        end: Position,
        used: bool = False,
    ) -> None:
        self.comment = comment
        self.codes = codes
        self.first_line = first_line
        self.last_line = last_line
        self.start = start
        self.end = end
        self.used = used

    def covers(self, diagnostic: Diagnostic) -> bool:
        line = diagnostic.start.line
        if not self.first_line <= line <= self.last_line:
            return False
        return not self.codes or matches(diagnostic.code, self.codes)


class SuppressionSet(Record):
    """The regions of one note; small and picklable, kept until vault rules have run.
    ``unknown``: the codes its comments name that are no rule, where they are."""

    __slots__ = ("regions", "unknown")

    def __init__(
        self,
        regions: list[Region] | None = None,
        unknown: list[tuple[str, Span, Position, Position]] | None = None,
    ) -> None:
        self.regions: list[Region] = [] if regions is None else regions
        self.unknown: list[tuple[str, Span, Position, Position]] = (
            [] if unknown is None else unknown
        )

    @classmethod
    def of(cls, note: Note, known_codes: Iterable[str]) -> SuppressionSet:
        known = list(known_codes)
        found = cls()
        comments = note.suppressions
        last_line = note.lines.count
        for index, comment in enumerate(comments):
            valid = []
            for code, span in comment.codes:
                if is_known_selector(code, known):
                    valid.append(code)
                else:
                    found.unknown.append(
                        (code, span, note.position(span.start), note.position(span.end))
                    )
            if comment.codes and not valid:
                continue  # names nothing real: reported, and suppresses nothing
            codes = () if "ALL" in valid else tuple(valid)
            if comment.kind == "disable-file":
                first, last = 1, last_line
            elif comment.kind == "disable-next-line":
                first = last = note.position(comment.span.end).line + 1
            elif comment.kind == "disable":
                first, last = comment.line, last_line
                for later in comments[index + 1 :]:
                    if later.kind == "enable" and _ends(later, codes):
                        last = later.line
                        break
            else:
                continue
            start, end = note.position(comment.span.start), note.position(comment.span.end)
            found.regions.append(Region(comment, codes, first, last, start, end))
        return found

    def allows(self, diagnostic: Diagnostic) -> bool:
        """False when a region silences ``diagnostic`` (and mark that region used)."""
        silenced = False
        for region in self.regions:
            if region.covers(diagnostic):
                region.used = True
                silenced = True
        return not silenced


def _ends(enable: Suppression, codes: tuple[str, ...]) -> bool:
    named = [code for code, _ in enable.codes]
    if not named:
        return True
    if not codes:
        return False
    return any(matches(code, named) or matches(n, codes) for code in codes for n in named)
