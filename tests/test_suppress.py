"""``--add-suppressions``: after it, the note lints clean, keeps its Markdown structure,
and differs from the original only by the comments added."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.parser import parser
from notelint.suppress import add_to_text
from tests.conftest import lint, linter, run_cli

FM = "---\nid: abc\ntitle: Split\ndesc: ''\nupdated: 1617547732440\ncreated: 1617529949389\n---\n"

#: a comment this module adds: inline after a space, or on a line of its own
_ADDED = re.compile(
    r" <!-- notelint-disable-next-line [^>]*-->(?=\r?\n|\Z)"
    r"| <!-- notelint-disable [^>]*--><!-- notelint-enable [^>]*-->(?=\r?\n|\Z)"
    r"|^<!-- notelint-(?:disable-next-line|disable-file|disable|enable) [^>]*-->\r?\n"
    r"|\r?\n<!-- notelint-(?:disable-file|enable) [^>]*-->\Z",
    re.MULTILINE,
)
_COMMENT = re.compile(r"<!-- notelint-[^>]*-->")

CASES = {
    "paragraph lines": FM + "\nSome text and\nthe the second line\nand teh third line.\n",
    "heading after a paragraph": FM + "\nText.\n## Heading.\n\nMore.\n",
    "heading at the top of the body": FM + "## Heading.\n\nText.\n",
    "heading after a blank line": FM + "\nText.\n\n## Heading.\n\nMore.\n",
    "list items": FM + "\n- one\n- two two\n- three\n  three three\n\nAfter.\n",
    "loose list": FM + "\n- one\n\n- two two\n\n- three\n",
    "nested list": FM + "\n- one\n  - two two\n  - three\n- four four\n",
    "ordered list after a paragraph": FM + "\nIntro:\n1. one one\n2. two\n",
    "blockquote": FM + "\n> quoted\n> the the quote\n\nText.\n",
    "table": FM + "\n| a | b |\n| --- | --- |\n| the the | x |\n| y | z |\n\nText.\n",
    "table right after a paragraph": FM + "\nText:\n\n| a |\n| --- |\n| b b |\nMore.\n",
    "hard break before": FM + "\nLine one  \nthe the line two.\n",
    "backslash break before": FM + "\nLine one\\\nthe the line two.\n",
    "code span across lines": FM + "\nSee `code\nspan` and and more.\n",
    "setext heading": FM + "\nText.\n\nHeading.\n--------\n\nMore.\n",
    "fenced code then text": FM + "\n```\ncode\n```\nthe the text.\n",
    "frontmatter problems": (
        "---\nid: abc\ntitle: 0.10\ndesc: ''\nupdated: 1\ncreated: 2\n---\n# Heading.\n"
    ),
    "no frontmatter": "# Title\n\nText text.\n",
    "unclosed frontmatter": "---\nid: abc\n\n## Heading.\n\nText.\n",
    "only a delimiter": "---",
    "a next-line comment under a wrapped heading": (
        FM + "\n    code\n## Head.\n<!-- notelint-disable-next-line SP002 -->\nThe the.\n- a a\n"
    ),
    "no final newline": FM + "\n| a |\n| --- |\n| b b |",
    "crlf": (FM + "\nSome text\nthe the line.\n\n## Heading.\n").replace("\n", "\r\n"),
    "empty sections": FM + "\n## A\n\n## B\n\n### C\n",
    "html block": FM + "\n<div>\nx\n</div>\n\nThe the text.\n",
    "after an html comment": FM + "\n<!-- a note -->\nThe the text.\n",
    "several on one line": FM + "\n## Heading.\nThe the and and.\n",
    "text right under a heading": FM + "\n## Heading\nThe the text.\n\nMore.\n",
    "heading after an empty section": FM + "\n## A\n\n## B.\n\nText.\n",
    "subheading after a heading": FM + "\n## A\n\n### B.\n\nText.\n",
    "heading right after a list": FM + "\n- item\n## B.\n\nText.\n",
}


def strip_added(text: str) -> str:
    """``text`` without the comments added (several may end one line: strip to a fixpoint)."""
    while (stripped := _ADDED.sub("", text)) != text:
        text = stripped
    return text


def rendered(text: str) -> str:
    """The note's HTML with notelint comments removed and white space collapsed, also
    next to tags (``<li>one </li>``, from ``- one <!-- … -->``, shows as ``<li>one</li>``)."""
    html = " ".join(_COMMENT.sub("", parser().render(text)).split())
    return re.sub(r" ?(<[^>]*>) ?", r"\1", html)


def suppress(text: str, select: tuple[str, ...] = ("ALL",)) -> tuple[str, list[str]]:
    run = linter(select)
    diagnostics = run.finish([run.lint_text(text, "note.md")]).diagnostics
    assert diagnostics, "the case must have something to suppress"
    outcome = add_to_text(run, text, "note.md", diagnostics)
    assert outcome.error is None
    after = run.finish([run.lint_text(outcome.after, "note.md")]).diagnostics
    return outcome.after, [f"{d.code}@{d.start.line}:{d.start.column}" for d in after]


@pytest.mark.parametrize("name", list(CASES))
def test_after_adding_the_note_is_clean_and_only_comments_were_added(name: str) -> None:
    before = CASES[name]
    after, remaining = suppress(before)
    assert remaining == []
    assert after != before
    # byte for byte, apart from the comments (a case may hold comments of its own)
    assert strip_added(after) == strip_added(before)
    assert "notelint-" in before or strip_added(before) == before
    assert rendered(after) == rendered(before)  # same Markdown structure


@pytest.mark.parametrize("name", list(CASES))
def test_adding_twice_adds_nothing_more(name: str) -> None:
    once, _ = suppress(CASES[name])
    run = linter()
    diagnostics = run.finish([run.lint_text(once, "note.md")]).diagnostics
    assert add_to_text(run, once, "note.md", diagnostics).after == once


def test_placements() -> None:
    """Each placement rule of notelint.suppress, on one note."""
    before = (
        FM + "Start text\n"  # line 8
        "teh text.\n"  # 9: appended to line 8 (paragraph text)
        "\n"
        "## Heading.\n"  # 11: a block after a blank line: a line of its own
        "\n"
        "| a | b |\n"
        "| --- | --- |\n"
        "| the the | x |\n"  # 15: a table row: disable/enable around the table
        "\n"
        "- one\n"
        "- two two\n"  # 18: appended to the item before
    )
    after, remaining = suppress(before, ("HD007", "SP"))
    assert remaining == []
    assert after == (
        FM + "Start text <!-- notelint-disable-next-line SP001 -->\n"
        "teh text.\n"
        "\n"
        "<!-- notelint-disable-next-line HD007 -->\n"
        "## Heading.\n"
        "\n"
        "<!-- notelint-disable SP002 -->\n"
        "| a | b |\n"
        "| --- | --- |\n"
        "| the the | x |\n"
        "<!-- notelint-enable SP002 -->\n"
        "\n"
        "- one <!-- notelint-disable-next-line SP002 -->\n"
        "- two two\n"
    )


def test_frontmatter_problems_take_a_file_comment_after_the_frontmatter() -> None:
    before = "---\nid: abc\ntitle: 0.10\ndesc: ''\nupdated: 1\ncreated: 2\n---\nText.\n"
    after, remaining = suppress(before, ("FM", "DT"))
    assert remaining == []
    assert after == before.replace(
        "---\nText.", "---\n<!-- notelint-disable-file DT003 FM004 -->\nText."
    )


def test_a_note_without_frontmatter_takes_the_file_comment_first() -> None:
    after, remaining = suppress("# Title\n\nText text.\n", ("FM", "SP"))
    assert remaining == []
    assert after == (
        "<!-- notelint-disable-file FM001 -->\n# Title\n\n"
        "<!-- notelint-disable-next-line SP002 -->\nText text.\n"
    )


def test_codes_are_added_to_an_existing_next_line_comment() -> None:
    before = FM + "\n<!-- notelint-disable-next-line SP001 -->\nThe the tezt.\n"
    after, remaining = suppress(before, ("SP",))
    assert remaining == []
    assert after == before.replace("line SP001 -->", "line SP001 SP002 -->")


def test_unreadable_and_unused_are_left(tmp_path: Path) -> None:
    run = linter(("NL004", "SP002"))
    text = FM + "\n<!-- notelint-disable-next-line SP002 -->\nFine text.\n"
    diagnostics = run.finish([run.lint_text(text, "note.md")]).diagnostics
    assert [d.code for d in diagnostics] == ["NL004"]
    outcome = add_to_text(run, text, "note.md", diagnostics)
    assert (outcome.after, [d.code for d in outcome.left]) == (text, ["NL004"])


# -- the command line ----------------------------------------------------------------------


def test_cli_add_suppressions_then_check_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    originals = {}
    for index, name in enumerate(["table", "list items", "frontmatter problems", "crlf"]):
        path = notes / f"n{index}.md"
        path.write_bytes(CASES[name].replace("id: abc", f"id: n{index}").encode())
        originals[path] = path.read_bytes()
    (notes / "clean.md").write_text(FM.replace("abc", "clean") + "\nFine.\n")
    originals[notes / "clean.md"] = (notes / "clean.md").read_bytes()
    select = ["--select", "FM,HD,DT,SP002"]
    assert run_cli(["check", *select, "-q", "notes"], tmp_path, monkeypatch)[0] == 1
    code, out, err = run_cli(
        ["check", *select, "--add-suppressions", "notes"], tmp_path, monkeypatch
    )
    assert (code, out) == (0, "")
    assert re.fullmatch(r"Added \d+ suppression comments to 4 notes\.\n", err)
    code, out, _ = run_cli(
        ["check", *select, "--format", "concise", "notes"], tmp_path, monkeypatch
    )
    assert (code, out) == (0, "All checks passed (5 notes).\n")
    for path, original in originals.items():
        after = path.read_bytes().decode()
        assert strip_added(after).encode() == original
    assert (notes / "clean.md").read_bytes() == originals[notes / "clean.md"]


def test_cli_add_suppressions_on_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note = FM + "\nThe the text.\n"
    code, out, _ = run_cli(
        ["check", "--select", "SP002", "--add-suppressions", "--stdin-filename", "x.md"],
        tmp_path,
        monkeypatch,
        stdin=note,
    )
    assert (code, out) == (0, FM + "\n<!-- notelint-disable-next-line SP002 -->\nThe the text.\n")


def test_cli_reports_what_cannot_be_suppressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe")
    code, _, err = run_cli(["check", "--add-suppressions", "bad.md"], tmp_path, monkeypatch)
    assert code == 0
    assert err.startswith("bad.md:1:1: NL002 File is not valid UTF-8")
    assert err.endswith("Added 0 suppression comments to 0 notes.\n")
    assert (tmp_path / "bad.md").read_bytes() == b"\xff\xfe"


def test_under_a_heading_the_comment_stays_on_the_line() -> None:
    """A comment line right under a heading would count as its blank line (HD006), and
    one between a heading and the next would fill the first's empty section (HD005)."""
    before = FM + "\n## Heading\nThe the text.\n\n## A\n\n## B.\n"
    after, remaining = suppress(before, ("HD", "SP002", "NL004"))
    assert remaining == []
    assert after == FM + (
        "\n<!-- notelint-disable-next-line HD006 -->\n## Heading\n"
        "The the text. <!-- notelint-disable SP002 --><!-- notelint-enable SP002 -->\n"
        # B's comments may neither fill A's empty section nor sit right under B: the
        # region starts above A and, with no quiet gap below, runs to the end
        "\n<!-- notelint-disable HD005 HD007 -->\n"
        "<!-- notelint-disable-next-line HD005 -->\n## A\n"
        "\n## B.\n"
    )


def test_text_with_a_comment_under_a_heading_is_not_a_blank_line() -> None:
    """HD006 took ``text <!-- a --><!-- b -->`` for the end of an earlier comment plus a
    comment, so for a blank line (fixed in notelint/checks/headings.py)."""
    note = FM + "\n## Heading\nText. <!-- a --><!-- b -->\n\nMore.\n"
    assert [d.message for d in lint(note, ["HD006"])] == ["Heading has no blank line after it"]
    closing = FM + "\n<!-- a\nb -->\n## Heading\nend of it -->\n\nMore.\n"
    assert lint(closing, ["HD006"]) == []


# -- any arrangement of Markdown lines ------------------------------------------------------

_LINES = [
    "", "## Head.", "# Top", "Text the the.", "- item item", "  - sub sub", "1. one one",
    "> quote quote", "| a | b |", "|---|---|", "| c c | d |", "```", "code code",
    "    indented indented", "<!-- c -->", "<div>", "</div>", "Setext", "------", "====",
    "line  ", "back\\", "`span", "span` x x", "<!-- notelint-disable-next-line SP002 -->",
    "---", "***", "Zhōu the the",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_LINES), max_size=14), st.booleans(), st.booleans(), st.booleans())
def test_any_note_is_clean_afterwards_or_left_alone(
    lines: list[str], frontmatter: bool, crlf: bool, final_newline: bool
) -> None:
    text = (FM if frontmatter else "") + "\n".join(lines) + ("\n" if final_newline else "")
    if crlf:
        text = text.replace("\n", "\r\n")
    run = linter(("HD", "SP002", "FM", "NL"))
    diagnostics = run.finish([run.lint_text(text, "n.md")]).diagnostics
    outcome = add_to_text(run, text, "n.md", diagnostics)
    if outcome.error is not None:
        assert outcome.after == text  # left alone, and said so
        return
    after = run.finish([run.lint_text(outcome.after, "n.md")]).diagnostics
    assert {d.code for d in after} <= {d.code for d in outcome.left}
    assert strip_added(outcome.after) == strip_added(text)
