"""The fixing machinery: choosing edits, applying them, the fix loop, writing files, the CLI.

The property tests generate notes from heading-heavy lines (headings of every level and
style, glued to text, in lists and quotes, with trailing punctuation, code fences, tags),
joined with LF or CRLF, with or without a final newline, and check that fixing touches
nothing outside the fixes' spans, that fixing twice is fixing once, and that line breaks
and the final newline survive.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.cli import main
from notelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Span
from notelint.fixes import (
    MAX_PASSES,
    FixError,
    apply_edits,
    choose,
    fix_once,
    fix_text,
    unified_diff,
    write_atomic,
)
from notelint.note import Note
from notelint.registry import Context, Rule
from tests.conftest import ROOT, linter

HD = linter(["HD"])


# -- choosing and applying edits -------------------------------------------------------------


def _diagnostic(code: str, *edits: tuple[int, int, str], unsafe: bool = False) -> Diagnostic:
    applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
    fix = Fix("fix", tuple(Edit(Span(a, b), c) for a, b, c in edits), applicability)
    origin = Position(1, 1)
    return Diagnostic(code, "name", "error", "m", Span(0, 0), origin, origin, fix)


def test_overlapping_fix_is_skipped_touching_one_is_not() -> None:
    first = _diagnostic("A", (2, 5, "x"))
    overlapping = _diagnostic("B", (4, 6, "y"))
    touching = _diagnostic("C", (5, 7, "z"))
    assert choose([overlapping, touching, first], unsafe=False) == [first, touching]


def test_insertions_at_one_offset_conflict() -> None:
    one = _diagnostic("A", (3, 3, "\n"))
    two = _diagnostic("B", (3, 3, "\n"))
    replace_from_there = _diagnostic("C", (3, 4, ""))
    assert choose([one, two, replace_from_there], unsafe=False) == [one]


def test_insertion_inside_a_replacement_conflicts() -> None:
    replace = _diagnostic("A", (2, 6, "x"))
    inside = _diagnostic("B", (4, 4, "y"))
    at_end = _diagnostic("C", (6, 6, "z"))
    assert choose([inside, replace, at_end], unsafe=False) == [replace, at_end]


def test_a_fix_is_taken_whole_or_not_at_all() -> None:
    first = _diagnostic("A", (0, 1, ""))
    both = _diagnostic("B", (5, 5, "\n"), (0, 0, "\n"))  # its second edit hits A's span
    assert choose([first, both], unsafe=False) == [first]


def test_unsafe_fixes_only_when_asked() -> None:
    unsafe = _diagnostic("A", (0, 1, "x"), unsafe=True)
    assert choose([unsafe], unsafe=False) == []
    assert choose([unsafe], unsafe=True) == [unsafe]


@st.composite
def _edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="ab\r\n#", max_size=40))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    edits = [
        Edit(
            Span(start, start if draw(st.booleans()) else end),
            draw(st.text(alphabet="xy\n", max_size=3)),
        )
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
    ]
    return text, edits


@given(_edits())
def test_apply_edits_keeps_everything_outside_the_spans(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    result = apply_edits(text, list(reversed(edits)))
    _assert_only_spans_changed(text, result, edits)


def _assert_only_spans_changed(before: str, after: str, edits: list[Edit]) -> None:
    """Walk the gaps between the edits: each must be found verbatim where it should be."""
    shift, cursor = 0, 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        gap = before[cursor : edit.span.start]
        assert after[cursor + shift : edit.span.start + shift] == gap
        assert after[edit.span.start + shift :].startswith(edit.content)
        shift += len(edit.content) - (edit.span.end - edit.span.start)
        cursor = edit.span.end
    assert after[cursor + shift :] == before[cursor:]


# -- the loop ---------------------------------------------------------------------------------


class _Swap(Rule):
    """A rule that replaces ``old`` with ``new`` wherever it finds it (test only)."""

    old = new = ""

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        at = note.text.find(self.old)
        if at >= 0:
            span = Span(at, at + len(self.old))
            yield self.report(note, span, "swap", fix=self.fix("swap", (span, self.new)))


class _XtoY(_Swap):
    """Test rule."""

    code, name, old, new = "ZZ001", "x-to-y", "x", "y"


class _YtoX(_Swap):
    """Test rule."""

    code, name, old, new = "ZZ002", "y-to-x", "y", "x"


class _Grow(Rule):
    """Test rule: always appends one more character."""

    code, name = "ZZ003", "grow"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        end = Span(len(note.text), len(note.text))
        yield self.report(note, end, "grow", fix=self.fix("grow", (end, "+")))


def _with_rules(*rules: type[Rule]) -> object:
    run = linter(["HD"])
    run.rules = [rule() for rule in rules]
    run.codes = {rule.code for rule in rules}
    return run


def test_fixes_that_undo_each_other_are_an_error_naming_both_rules() -> None:
    with pytest.raises(FixError, match="ZZ001, ZZ002"):
        fix_text(_with_rules(_XtoY, _YtoX), "x", "n.md", unsafe=False)  # type: ignore[arg-type]


def test_fixes_that_never_settle_hit_the_cap() -> None:
    with pytest.raises(FixError, match=f"after {MAX_PASSES} passes: ZZ003"):
        fix_text(_with_rules(_Grow), "a", "n.md", unsafe=False)  # type: ignore[arg-type]


def test_a_fix_enabling_another_runs_in_a_later_pass() -> None:
    result = fix_text(_with_rules(_XtoY), "xx", "n.md", unsafe=False)  # type: ignore[arg-type]
    assert (result.text, result.applied, result.diagnostics) == ("yy", 2, [])


def test_fix_result_reports_what_remains() -> None:
    result = fix_text(HD, "# Title\ntext\n", "n.md", unsafe=False)
    assert result.text == "# Title\n\ntext\n"
    assert result.applied == 1
    assert [d.code for d in result.diagnostics] == ["HD002"]


# -- properties on generated notes ------------------------------------------------------------

_WORD = st.sampled_from(["Era", "Taiwan 1958", "C#", "Wait", "x", "Mao *and* Stalin"])
_MARK = st.sampled_from(["", "", ".", ":", "!", "...", " ;", "?", "\\."])


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 11))
    word, mark = draw(_WORD), draw(_MARK)
    hashes = "#" * draw(st.integers(1, 6))
    return [
        f"{hashes} {word}{mark}",
        f"{hashes} {word}{mark} {'#' * draw(st.integers(1, 3))}",
        hashes,
        "text line",
        "",
        "",
        draw(st.sampled_from(["===", "---", "-"])),
        f"- {hashes} {word}{mark}",
        f"> {hashes} {word}{mark}",
        "```",
        "#tag #history",
        f"<!-- {word} -->",
    ][kind]


@st.composite
def _notes(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_line(), max_size=14))
    if draw(st.booleans()):
        lines = ["---", "title: T", "---", *lines]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines)
    return text + newline if lines and draw(st.booleans()) else text


_SETTINGS = settings(
    max_examples=int(os.environ.get("NOTELINT_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_SETTINGS
@given(_notes(), st.booleans())
def test_fixing_changes_only_fix_spans_and_is_idempotent(text: str, unsafe: bool) -> None:
    current = text
    for _ in range(MAX_PASSES):
        after, chosen, _, error = fix_once(HD, current, "n.md", unsafe=unsafe)
        assert error is None
        edits = [edit for d in chosen for edit in d.fix.edits]  # type: ignore[union-attr]
        _assert_only_spans_changed(current, after, edits)
        if not chosen:
            break
        current = after
    once = fix_text(HD, text, "n.md", unsafe=unsafe)
    assert once.text == current
    twice = fix_text(HD, once.text, "n.md", unsafe=unsafe)
    assert twice.text == once.text
    assert twice.applied == 0


@_SETTINGS
@given(_notes(), st.booleans())
def test_fixing_keeps_line_breaks_final_newline_and_other_lines(text: str, unsafe: bool) -> None:
    fixed = fix_text(HD, text, "n.md", unsafe=unsafe).text
    if "\r\n" in text:  # generated notes use one line break throughout
        assert fixed.count("\n") == fixed.count("\r\n")
    else:
        assert "\r" not in fixed
    assert fixed.endswith("\n") == text.endswith("\n")
    # only heading lines, setext underlines and blank lines may change
    headingish = {h.line0 for h in Note("n.md", text).headings}
    for heading in Note("n.md", text).headings:
        if heading.style == "setext":
            headingish.add(Note("n.md", text).position(heading.marker.start).line - 1)
    kept = [
        line
        for number, line in enumerate(text.splitlines())
        if line.strip() and number not in headingish
    ]
    remaining = [line for line in fixed.splitlines() if line.strip()]
    iterator = iter(remaining)
    assert all(line in iterator for line in kept), (kept, remaining)


def _outline(text: str) -> list[tuple[int, str, str]]:
    from notelint.checks.headings import plain_text

    note = Note("n.md", text)
    return [
        (heading.level, plain_text(inline), heading.container)
        for heading, inline in zip(note.headings, note.heading_inlines, strict=True)
    ]


@_SETTINGS
@given(_notes())
def test_layout_fixes_keep_every_heading_exactly(text: str) -> None:
    """HD006 (blank lines) and HD008 (setext or closed to ATX) change how a heading is
    written, never which headings there are: same levels, same text, same containers."""
    fixed = fix_text(linter(["HD006", "HD008"]), text, "n.md", unsafe=False).text
    assert _outline(fixed) == _outline(text)


@_SETTINGS
@given(_notes())
def test_punctuation_fix_only_strips_heading_ends(text: str) -> None:
    fixed = fix_text(linter(["HD007"]), text, "n.md", unsafe=False).text
    before, after = _outline(text), _outline(fixed)
    assert [(level, where) for level, _, where in after] == [
        (level, where) for level, _, where in before
    ]
    for (_, old, _), (_, new, _) in zip(before, after, strict=True):
        assert old.startswith(new)
        assert old[len(new) :].strip(" .,;:!\\") == ""


# -- writing files ----------------------------------------------------------------------------


def test_write_atomic_replaces_content_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_bytes(b"old\r\n")
    note.chmod(0o640)
    write_atomic(str(note), "new\r\n", b"old\r\n")
    assert note.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_write_atomic_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_bytes(b"changed by someone else\n")
    with pytest.raises(FixError, match="changed since it was read"):
        write_atomic(str(note), "fixed\n", b"what we read\n")
    assert note.read_bytes() == b"changed by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_write_atomic_through_a_symlink_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(str(link), "new\n", b"old\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"


def test_unified_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("n.md", "## A\ntext", "## A\n\ntext")
    assert diff.splitlines() == [
        "--- a/n.md",
        "+++ b/n.md",
        "@@ -1,2 +1,3 @@",
        " ## A",
        "+",
        " text",
        "\\ No newline at end of file",
    ]


# -- the command line -------------------------------------------------------------------------

GLUED = "---\ntitle: T\n---\n# Title\ntext\n### Part.\nmore"


def _cli(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        import sys

        real = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    buffer = io.BytesIO()
    out.buffer = buffer  # type: ignore[attr-defined]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(args)
    finally:
        if stdin is not None:
            sys.stdin = real
    return code, out.getvalue() + buffer.getvalue().decode("utf-8"), err.getvalue()


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "notelint.toml").write_text('select = ["HD"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_bytes(GLUED.encode())
    (tmp_path / "clean.md").write_bytes(b"## Fine\n\ntext\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_diff_prints_the_diff_changes_nothing_and_exits_1(vault: Path) -> None:
    code, out, err = _cli(["check", "--diff", "a.md", "clean.md"])
    assert code == 1
    assert "--- a/a.md\n+++ b/a.md\n" in out
    assert "+### Part\n" in out
    assert "clean.md" not in out
    assert "Would fix 3 problems in 1 note." in err
    assert (vault / "a.md").read_bytes() == GLUED.encode()


def test_cli_diff_exits_0_when_nothing_to_fix(vault: Path) -> None:
    assert _cli(["check", "--diff", "clean.md"])[:2] == (0, "")


def test_cli_fix_writes_safe_fixes_and_reports_what_remains(vault: Path) -> None:
    code, out, err = _cli(["check", "--fix", "a.md"])
    assert (vault / "a.md").read_text() == (
        "---\ntitle: T\n---\n# Title\n\ntext\n\n### Part\n\nmore"
    )
    assert out.splitlines()[:2] == [
        "a.md:4:1: HD002 Heading is h1, above the first level h2",
        "a.md:8:1: HD001 Heading level jumps from h1 to h3",
    ]
    assert code == 1
    assert "Fixed 3 problems in 1 note." in err


def test_cli_unsafe_fixes_demote(vault: Path) -> None:
    code, out, _ = _cli(["check", "--fix", "--unsafe-fixes", "a.md"])
    assert (vault / "a.md").read_text() == (
        "---\ntitle: T\n---\n## Title\n\ntext\n\n### Part\n\nmore"
    )
    assert code == 0
    assert out.startswith("All checks passed")


def test_cli_fix_stdin_prints_the_fixed_note(vault: Path) -> None:
    code, out, err = _cli(["check", "--fix", "--stdin-filename", "a.md"], stdin=b"## A\r\ntext\r\n")
    assert out == "## A\r\n\r\ntext\r\n"
    assert (code, err) == (0, "")


def test_cli_fix_reports_a_fight_as_an_error(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint import fixes

    def fight(*args: object, **kwargs: object) -> None:
        raise FixError("a.md: fixes undo each other: ZZ001, ZZ002")

    monkeypatch.setattr(fixes, "fix_text", fight)
    code, _, err = _cli(["check", "--fix", "a.md"])
    assert code == 2
    assert "fixes undo each other: ZZ001, ZZ002" in err
    assert (vault / "a.md").read_bytes() == GLUED.encode()


def test_repository_notes_need_no_heading_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for path in sorted((ROOT / "notes").rglob("*.md")):
        text = path.read_bytes().decode("utf-8")
        assert fix_text(HD, text, str(path), unsafe=False).applied == 0, path
    assert os.path.isdir(ROOT / "notes")


def test_cli_diff_on_stdin_prints_the_diff_only(vault: Path) -> None:
    code, out, _ = _cli(["check", "--diff", "--stdin-filename", "n.md"], stdin=b"## A.\n\ntext\n")
    assert code == 1
    assert out == "--- a/n.md\n+++ b/n.md\n@@ -1,3 +1,3 @@\n-## A.\n+## A\n \n text\n"
