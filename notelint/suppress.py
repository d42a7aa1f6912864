"""``--add-suppressions``: silence what remains with comments, as ruff's ``--add-noqa``.

Adopting notelint on a vault with old problems, one can record them in a baseline (kept
outside the notes) or, with this module, mark each one in the note itself, where the next
editor sees it. Every comment is placed so that the note keeps its Markdown structure and
the lint that follows is clean of what was suppressed, with nothing new. Markdown makes
that harder than Python: an HTML comment on a line of its own is an HTML block, which
interrupts a paragraph, ends a list or a table, and counts as a blank line for HD006 and
as content for HD005. So, for a diagnostic on line L:

1. In the frontmatter (or FM001 on a note without one), where YAML takes no HTML comment:
   ``<!-- notelint-disable-file CODES -->`` on its own line right after the closing
   ``---`` (at the top of a note without frontmatter).
2. Line L-1 already ends a ``notelint-disable-next-line`` comment: the codes are added.
3. Line L-1 is paragraph text (at the top level, in a list item, in a blockquote):
   `` <!-- notelint-disable-next-line CODES -->`` is appended to it. Inline HTML does not
   end the paragraph or change what it renders to. Not after a hard line break (two
   spaces or a backslash), whose meaning the comment would change, nor inside a code span.
4. Line L starts a top-level block (or is a blank line between blocks) and a line there
   is a "quiet gap": not right under a heading, not right above a heading that follows
   text, not inside an empty section. The comment goes on its own line before L.
5. Line L is paragraph text itself (a heading right above it, a loose list item):
   `` <!-- notelint-disable CODES --><!-- notelint-enable CODES -->`` at its end, a
   region of that one line.
6. Otherwise (a table row, a line of code, a heading next to another):
   ``<!-- notelint-disable CODES -->`` and ``<!-- notelint-enable CODES -->`` on lines of
   their own around the top-level block, moved outwards to the nearest quiet gaps at
   block boundaries (with none below, the region runs to the end of the note).

Each note is linted again after the insertion (with the caller's rules); if anything but
what could not be suppressed is reported, every body diagnostic falls back to rule 6, and
if even that is not clean, the note is left unchanged and reported. Only comments (and,
for a last line without a line break, one line break) are added: every other byte of the
note stays. NL001, NL002 (the note was not read) and NL004 (about suppressions
themselves) are never suppressed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from notelint.diagnostics import Diagnostic, Edit, Span
from notelint.engine import read_note
from notelint.fixes import apply_edits, write_back
from notelint.note import Note

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.engine import Linter

#: codes no comment can or should silence
UNSUPPRESSIBLE = ("NL001", "NL002", "NL004")

# insertion order among comments that go to the same offset
_ENABLE, _FILE, _DISABLE, _NEXT_LINE = range(4)


@dataclass(slots=True)
class Added:
    """What adding suppressions to one note did (or would do)."""

    path: str
    before: str = ""
    after: str = ""
    #: how many comments were inserted or extended
    comments: int = 0
    #: the diagnostics left unsuppressed (NL001, NL002, NL004)
    left: list[Diagnostic] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


def _codes(codes: Iterable[str]) -> str:
    return " ".join(sorted(set(codes)))


class _Planner:
    """Works out the comments for one note's diagnostics (character offsets, no writing)."""

    def __init__(self, note: Note) -> None:
        self.note = note
        self.text = note.text
        self.newline = note.newline
        self.inserts: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.replacements: dict[Span, str] = {}
        self.comments = 0
        #: top-level blocks to wrap in disable/enable, with their codes
        self.wrapped: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
        # top-level blocks as 1-based inclusive line ranges; the innermost block per line
        self.blocks: list[tuple[int, int]] = []
        self.innermost: dict[int, str] = {}
        self.levels: dict[int, int] = {}  # the heading level of each heading line
        #: lines the next-line comments appended to the line above them silence
        self.appended: set[int] = set()
        #: lines where a ``disable-next-line`` comment ends
        self.next_line_ends = {
            note.position(comment.span.end).line
            for comment in note.suppressions
            if comment.kind == "disable-next-line"
        }
        self._read_blocks(note.tokens)

    def _read_blocks(self, tokens: Sequence[Token]) -> None:
        shift = self.note.body_line0 + 1
        for token in tokens:
            if token.map is None or token.nesting == -1 or token.type == "inline":
                continue
            first, last = token.map[0] + shift, token.map[1] + shift - 1
            if token.level == 0:
                self.blocks.append((first, last))
            for line in range(first, last + 1):
                self.innermost[line] = token.type
                if token.type == "heading_open":
                    self.levels[line] = int(token.tag[1:])

    # -- places ---------------------------------------------------------------------------

    def _line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its line break."""
        return self.note.slice(self.note.line_span(line - 1))

    def _line_end(self, line: int) -> int:
        return self.note.line_span(line - 1).end

    def _own_line(self, offset: int, order: int, comment: str) -> None:
        """``comment`` on a line of its own, starting at ``offset`` (a line start, or the
        end of a text whose last line has no line break)."""
        text = self.text
        if offset == len(text) and text and not text.endswith(("\n", "\r")):
            self.inserts[offset].append((order, self.newline + comment))
        else:
            self.inserts[offset].append((order, comment + self.newline))
        self.comments += 1

    def _start_of(self, line: int) -> int:
        return self.note.lines.line_start(line - 1)

    def _appendable(self, line: int) -> bool:
        """Whether inline HTML can end line ``line``: paragraph text, not a hard break,
        not inside code."""
        if line < 1 or self.innermost.get(line) != "paragraph_open":
            return False
        content = self._line_text(line)
        if not content.strip() or content.endswith(("  ", "\\", "\t")):
            return False
        return not self.note.in_code(self._line_end(line) - 1)

    def _quiet_gap(self, line: int) -> bool:
        """Whether a comment on a line of its own just before ``line`` leaves HD005 and
        HD006 as they were: those count a comment-only line as blank (HD006) or as the
        content of a section (HD005), so it must not touch a heading or fall into an
        empty section."""
        if line - 1 in self.levels or line - 1 in self.next_line_ends or line in self.appended:
            return False  # (nor part a next-line comment from its line)
        body = self.note.body_line0
        if line in self.levels and line - 1 > body and self._line_text(line - 1).strip():
            return False
        last_line = self.note.lines.count
        previous = line - 1
        while previous > body and not self._line_text(previous).strip():
            previous -= 1
        if previous not in self.levels:
            return True
        following = line
        while following <= last_line and not self._line_text(following).strip():
            following += 1
        # between a heading and the next of the same or a higher level (or the end),
        # with nothing but blank lines: that heading's empty section
        if following > last_line:
            return False
        return self.levels.get(following, 99) > self.levels[previous]

    def _gap(self, line: int) -> bool:
        """Whether a comment line can go before ``line`` without splitting a top-level
        block or touching a heading."""
        block = self._block_of(line)
        return (block is None or block[0] == line) and self._quiet_gap(line)

    def _block_of(self, line: int) -> tuple[int, int] | None:
        for first, last in self.blocks:
            if first <= line <= last:
                return first, last
        return None

    def _existing_next_line(self, line: int) -> Span | None:
        """The span of a ``disable-next-line`` comment (with codes) ending on ``line``."""
        for comment in self.note.suppressions:
            if (
                comment.kind == "disable-next-line"
                and comment.codes
                and self.note.position(comment.span.end).line == line
            ):
                return comment.span
        return None

    # -- plans ----------------------------------------------------------------------------

    def file_level(self, codes: set[str]) -> None:
        comment = f"<!-- notelint-disable-file {_codes(codes)} -->"
        self._own_line(self.note.body_start, _FILE, comment)

    def next_line(self, line: int, codes: set[str], *, precise: bool) -> None:
        if precise:
            existing = self._existing_next_line(line - 1)
            if existing is not None:
                old = [code for code, _ in _comment_codes(self.note, existing)]
                merged = f"<!-- notelint-disable-next-line {' '.join(_merge(old, codes))} -->"
                self.replacements[existing] = merged
                self.comments += 1
                return
            comment = f"<!-- notelint-disable-next-line {_codes(codes)} -->"
            if self._appendable(line - 1):
                self.inserts[self._line_end(line - 1)].append((_NEXT_LINE, " " + comment))
                self.appended.add(line)
                self.comments += 1
                return
            block = self._block_of(line)
            if (block is None or block[0] == line) and self._quiet_gap(line):
                self._own_line(self._start_of(line), _NEXT_LINE, comment)
                return
            if self._appendable(line):
                listed = _codes(codes)
                pair = f" <!-- notelint-disable {listed} --><!-- notelint-enable {listed} -->"
                self.inserts[self._line_end(line)].append((_NEXT_LINE, pair))
                self.comments += 1
                return
        block = self._block_of(line) or (line, line)
        self.wrap(block, codes)

    def wrap(self, block: tuple[int, int], codes: set[str]) -> None:
        self.wrapped[block] |= codes

    def finish_wraps(self) -> None:
        """The disable/enable pairs, each moved out to the nearest quiet gaps (so that
        neither comment touches a heading or fills an empty section), overlapping ones
        merged (one ``enable`` ends every ``disable`` of its codes). With no quiet gap
        below, the ``disable`` runs to the end of the note."""
        last_line = self.note.lines.count
        if self.text.endswith(("\n", "\r")):
            last_line -= 1
        regions: list[tuple[int, int, set[str]]] = []
        for (first, last), codes in sorted(self.wrapped.items()):
            while first > self.note.body_line0 + 1 and not self._gap(first):
                first -= 1
            after = last + 1
            while after <= last_line and not self._gap(after):
                after += 1
            if regions and first < regions[-1][1]:
                start, end, known = regions.pop()
                first, after, codes = min(start, first), max(end, after), known | codes
            regions.append((first, after, set(codes)))
        for first, after, codes in regions:
            listed = _codes(codes)
            self._own_line(self._start_of(first), _DISABLE, f"<!-- notelint-disable {listed} -->")
            if after <= last_line:
                self._own_line(self._start_of(after), _ENABLE, f"<!-- notelint-enable {listed} -->")

    def edits(self) -> list[Edit]:
        found = [Edit(span, content) for span, content in self.replacements.items()]
        for offset, pieces in self.inserts.items():
            content = "".join(piece for _, piece in sorted(pieces, key=lambda p: p[0]))
            found.append(Edit(Span(offset, offset), content))
        return found


def _comment_codes(note: Note, span: Span) -> tuple[tuple[str, Span], ...]:
    for comment in note.suppressions:
        if comment.span == span:
            return comment.codes
    return ()


def _merge(old: Sequence[str], new: Iterable[str]) -> list[str]:
    return [*old, *sorted(set(new) - set(old))]


def plan(
    note: Note, diagnostics: Iterable[Diagnostic], *, precise: bool = True
) -> tuple[list[Edit], int, list[Diagnostic]]:
    """The edits that suppress ``diagnostics`` in ``note``, how many comments they make,
    and the diagnostics left alone. ``precise`` False: rule 5 for every body diagnostic."""
    planner = _Planner(note)
    left: list[Diagnostic] = []
    file_codes: set[str] = set()
    by_line: dict[int, set[str]] = defaultdict(set)
    for diagnostic in diagnostics:
        line = diagnostic.start.line
        if diagnostic.code in UNSUPPRESSIBLE:
            left.append(diagnostic)
        elif line <= note.body_line0 or (
            line == 1 and (note.frontmatter is not None or diagnostic.code.startswith("FM"))
        ):
            file_codes.add(diagnostic.code)
        else:
            by_line[line].add(diagnostic.code)
    if file_codes:
        planner.file_level(file_codes)
    for line in sorted(by_line):
        planner.next_line(line, by_line[line], precise=precise)
    planner.finish_wraps()
    return planner.edits(), planner.comments, left


def _key(diagnostic: Diagnostic) -> tuple[str, str]:
    return (diagnostic.code, diagnostic.snippet)


def add_to_text(linter: Linter, text: str, path: str, diagnostics: Sequence[Diagnostic]) -> Added:
    """Suppress ``diagnostics`` (this note's, from a vault run) in ``text``, checking that
    the note lints clean of them afterwards."""
    note = Note(path, text)
    outcome = Added(path, text, text)
    for precise in (True, False):
        edits, comments, left = plan(note, diagnostics, precise=precise)
        outcome.left = left
        if not edits:
            return outcome
        after = apply_edits(text, edits)
        run = linter.finish([linter.lint_text(after, path)])
        if run.errors:
            outcome.error = run.errors[0]
            return outcome
        if not Counter(map(_key, run.diagnostics)) - Counter(map(_key, left)):
            outcome.after, outcome.comments = after, comments
            return outcome
    outcome.error = f"{path}: suppression comments would change what is reported; not changed"
    return outcome


def add_to_files(
    linter: Linter, paths: Sequence[str], *, write: bool = True
) -> tuple[list[Added], list[Diagnostic]]:
    """Lint ``paths`` as one vault, then add suppressions to each note with diagnostics.

    Returns what was done per note, and the diagnostics of notes that could not be read
    (NL001, NL002), which no comment can silence.
    """
    run = linter.run(paths)
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in run.diagnostics:
        by_path[diagnostic.path].append(diagnostic)
    done: list[Added] = []
    unread: list[Diagnostic] = []
    for path, diagnostics in by_path.items():
        if all(d.code in UNSUPPRESSIBLE for d in diagnostics):
            unread.extend(d for d in diagnostics if d.code in ("NL001", "NL002"))
            if any(d.code == "NL004" for d in diagnostics):
                done.append(Added(path, left=[d for d in diagnostics if d.code == "NL004"]))
            continue
        try:
            data = read_note(path)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            done.append(Added(path, error=f"{path}: cannot read: {exc}"))
            continue
        outcome = add_to_text(linter, text, path, diagnostics)
        if write and outcome.changed and outcome.error is None:
            outcome.error = write_back(linter, path, outcome.after, data)
            if outcome.error:
                outcome.comments = 0
        done.append(outcome)
    done.extend(Added(error=error, path="") for error in run.errors)
    return done, unread
