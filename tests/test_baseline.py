"""Baselines: ``--write-baseline`` records, ``--baseline`` reports only what is new.

A recorded problem is matched by path, code and the text it points at, never by line, so
edits elsewhere in the note do not bring it back; identical problems are counted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notelint.baseline import VERSION, Baseline, BaselineError
from tests.conftest import lint
from tests.conftest import run_cli as run

NOTE = """---
id: abc
title: Sino-Soviet split
desc: ''
updated: 1617547732440
created: 1617529949389
---

## Background.

The the treaty of 1950 was signed.

## Talks

Both sides met met again.
"""

SELECT = ["--select", "FM,HD,SP002"]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "notelint.toml").write_text('include = ["notes/**/*.md"]\n')
    return tmp_path


def concise(vault: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    code, out, _ = run(["check", *SELECT, "--format", "concise", "-q", *extra], vault, monkeypatch)
    return code, out


# -- Diagnostic.snippet -------------------------------------------------------------------


def test_snippet_is_the_text_pointed_at_or_its_line() -> None:
    found = {d.code: d.snippet for d in lint(NOTE, ["HD007", "SP002", "FM"])}
    assert found == {"HD007": ".", "SP002": "met"}
    missing = lint("# Title\n\nText.\n", ["FM001"])
    assert [d.snippet for d in missing] == ["# Title"]  # an empty span: its line


def test_snippet_collapses_white_space_and_is_capped() -> None:
    note = "---\nid: abc\ntitle: x\ndesc: ''\nupdated: 1617547732440\ncreated: 1617529949389\n"
    note += "---\n\n## " + "Long " * 40 + "end.\n"
    (heading,) = [d for d in lint(note, ["HD007"])]
    assert heading.snippet == "."
    (empty,) = lint("---\n---\n\n##   A   b\t c \n", ["HD005"])
    assert empty.snippet == "## A b c"
    (long,) = lint("---\n---\n\n## " + "word " * 40 + "\n", ["HD005"])
    assert len(long.snippet) == 80 and long.snippet.startswith("## word word")


# -- writing --------------------------------------------------------------------------------


def test_write_baseline_records_path_code_text_and_count(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    assert (code, out) == (0, "")
    assert err == "Recorded 3 problems in base.json.\n"
    text = (vault / "base.json").read_text(encoding="utf-8")
    assert text == (
        "{\n"
        '  "notelint-baseline": 1,\n'
        '  "entries": [\n'
        '    {"path": "notes/a.md", "code": "HD007", "text": ".", "count": 1},\n'
        '    {"path": "notes/a.md", "code": "SP002", "text": "met", "count": 1},\n'
        '    {"path": "notes/a.md", "code": "SP002", "text": "the", "count": 1}\n'
        "  ]\n"
        "}\n"
    )
    assert json.loads(text)["notelint-baseline"] == VERSION
    # rewriting gives the same bytes (a stable diff)
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    assert (vault / "base.json").read_text(encoding="utf-8") == text


def test_an_empty_baseline(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, _ = run(["check", "--select", "FM", "--write-baseline", "b.json"], vault, monkeypatch)
    assert code == 0
    assert (vault / "b.json").read_text() == '{\n  "notelint-baseline": 1,\n  "entries": []\n}\n'
    assert Baseline.load(str(vault / "b.json")).total == 0


def test_identical_problems_are_one_entry_with_a_count() -> None:
    diagnostics = lint(NOTE.replace("met met", "met met, met met"), ["SP002"])
    baseline = Baseline.record("b.json", diagnostics)  # beside note.md: same folder
    assert dict(baseline.counts) == {
        ("note.md", "SP002", "the"): 1,
        ("note.md", "SP002", "met"): 2,
    }
    assert baseline.total == 3


# -- applying -------------------------------------------------------------------------------


def test_baseline_hides_recorded_problems_even_after_lines_move(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert concise(vault, monkeypatch)[0] == 1
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    assert concise(vault, monkeypatch, "--baseline", "base.json") == (0, "")
    note = vault / "notes" / "a.md"
    moved = NOTE.replace("## Background.", "Intro paragraph.\n\nMore.\n\n## Background.")
    note.write_text(moved, encoding="utf-8")
    assert concise(vault, monkeypatch)[1].count("\n") == 3  # same problems, new lines
    assert concise(vault, monkeypatch, "--baseline", "base.json") == (0, "")


def test_baseline_reports_new_problems_and_extra_occurrences(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    note = vault / "notes" / "a.md"
    # a second 'met met' (beyond the count of one) and a new heading problem
    note.write_text(NOTE + "\nThey met met once more.\n\n## Aftermath!\n\nText.\n")
    code, out = concise(vault, monkeypatch, "--baseline", "base.json")
    assert (code, out) == (
        1,
        "notes/a.md:17:10: SP002 Word 'met' is repeated\n"
        "notes/a.md:19:13: HD007 Heading ends with '!'\n",
    )


def test_stale_entries_are_mentioned(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    (vault / "notes" / "a.md").write_text(NOTE.replace("met met", "met"))
    code, out, err = run(
        ["check", *SELECT, "--format", "concise", "--baseline", "base.json"], vault, monkeypatch
    )
    assert (code, out) == (0, "All checks passed (1 note).\n")
    assert err == (
        "notelint: 1 problem recorded in base.json no longer occur "
        "(update it with --write-baseline)\n"
    )


def test_paths_are_relative_to_the_baseline_folder(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    # from inside notes/, the path on the command line is 'a.md': still the same note
    monkeypatch.chdir(vault / "notes")
    code, out, _ = run(
        ["check", *SELECT, "--format", "concise", "-q", "--baseline", "../base.json", "a.md"],
        vault / "notes",
        monkeypatch,
    )
    assert (code, out) == (0, "")


def test_baseline_applies_to_stdin(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["check", *SELECT, "--write-baseline", "base.json"], vault, monkeypatch)
    args = ["check", *SELECT, "-q", "--format", "concise", "--baseline", "base.json"]
    code, out, _ = run(
        [*args, "--stdin-filename", "notes/a.md"], vault, monkeypatch, stdin=NOTE + "\nA a.\n"
    )
    assert (code, out) == (1, "notes/a.md:17:3: SP002 Word 'a' is repeated\n")


def test_unreadable_notes_are_never_recorded(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\nid: \xff\n---\n")
    from tests.conftest import linter

    run_ = linter(["NL", "HD"]).run([str(tmp_path / "bad.md")])
    assert [d.code for d in run_.diagnostics] == ["NL002"]
    baseline = Baseline.record(str(tmp_path / "b.json"), run_.diagnostics)
    assert baseline.total == 0
    assert baseline.filter(run_.diagnostics).diagnostics == run_.diagnostics


# -- bad baselines: exit 2, one line -------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline 'base.json' does not exist"),
        ("{", "baseline 'base.json' is not valid JSON: Expecting property name"),
        (b"\xff\xfe", "baseline 'base.json' is not valid JSON"),
        ("[]", "baseline 'base.json' is not a notelint baseline"),
        ('{"notelint-baseline": 2, "entries": []}', "has format version 2; this notelint reads 1"),
        ('{"notelint-baseline": 1, "entries": {}}', "'entries' is not a list"),
        (
            '{"notelint-baseline": 1, "entries": [{"path": "a.md", "code": "X"}]}',
            "entry 1 needs 'path', 'code' and 'text' strings and a positive integer 'count'",
        ),
        (
            '{"notelint-baseline": 1, "entries": '
            '[{"path": "a.md", "code": "X", "text": "", "count": true}]}',
            "entry 1 needs",
        ),
    ],
)
def test_a_missing_or_corrupt_baseline_is_exit_2(
    vault: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes | None, message: str
) -> None:
    if isinstance(content, bytes):
        (vault / "base.json").write_bytes(content)
    elif content is not None:
        (vault / "base.json").write_text(content)
    code, out, err = run(["check", "--baseline", "base.json"], vault, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("notelint: error: ") and message in err
    assert err.count("\n") == 1


def test_baseline_load_error_is_a_baseline_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="does not exist"):
        Baseline.load(str(tmp_path / "none.json"))


def test_unwritable_baseline_is_exit_2(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["check", "--write-baseline", "missing/dir/b.json"], vault, monkeypatch)
    assert code == 2
    assert err.startswith("notelint: error: baseline 'missing/dir/b.json' cannot be written")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "b.json", "--write-baseline", "c.json"], "--baseline cannot be combined"),
        (["--diff", "--write-baseline", "c.json"], "--diff cannot be combined with --write"),
        (["--fix", "--add-suppressions"], "--fix cannot be combined with --add-suppressions"),
    ],
)
def test_conflicting_modes_are_exit_2(
    vault: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    code, _, err = run(["check", *args], vault, monkeypatch)
    assert code == 2 and message in err


def test_fix_then_write_baseline_records_what_is_left(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = run(
        ["check", *SELECT, "--fix", "--write-baseline", "base.json"], vault, monkeypatch
    )
    assert code == 0
    # HD007 and SP002 have safe fixes: nothing is left to record
    assert json.loads((vault / "base.json").read_text())["entries"] == []
    assert "Background\n" in (vault / "notes" / "a.md").read_text()


# -- the result cache keeps what a baseline matches on --------------------------------------


def test_cached_results_keep_their_snippets(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(["check", *SELECT, "--write-baseline", "first.json"], vault, monkeypatch)
    assert any((vault / ".notelint_cache").iterdir())  # the second run reads the cache
    run(["check", *SELECT, "--write-baseline", "second.json"], vault, monkeypatch)
    first = (vault / "first.json").read_text()
    assert '"text": "met"' in first
    assert (vault / "second.json").read_text() == first


def test_the_cache_key_follows_the_layout_of_cached_classes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Diagnostic.snippet was added without a version change: results cached before must
    not come back with an empty snippet (every baseline entry would then look new)."""
    from typing import NamedTuple

    from notelint import cache
    from tests.conftest import linter

    before = os.path.basename(cache.for_linter(linter(["HD"])).directory)

    class Grown(NamedTuple):
        code: str
        snippet: str
        extra: str

    monkeypatch.setitem(cache._CLASSES, "Diagnostic", Grown)
    assert os.path.basename(cache.for_linter(linter(["HD"])).directory) != before


def test_baseline_on_a_folder_without_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "b.json").write_text('{"notelint-baseline": 1, "entries": []}')
    code, out, err = run(["check", "--baseline", "b.json", "-q", "notes"], tmp_path, monkeypatch)
    assert (code, out, err) == (0, "", "")
