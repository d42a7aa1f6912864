"""The engine: reading files (NL001/NL002), suppressions (NL003/NL004), selection, order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notelint.config import ConfigError
from notelint.paths import collect
from tests.conftest import NOW, lint, lint_vault, linter, make_config, repo_pack, where

GOOD = """---
id: abc
title: Korean War
desc: ''
updated: 1617547732440
created: 1617529949389
---
Text.
"""


def _run(paths: list[str], select: tuple[str, ...] = ("ALL",)) -> list[str]:
    run = linter(select)
    return [
        f"{Path(d.path).name}:{d.code}@{d.start.line}:{d.start.column}"
        for d in run.run(paths).diagnostics
    ]


def test_not_utf8_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(GOOD.encode() + "déjà \xff".encode("latin-1"))
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    found = _run([str(bad), str(good)], ("NL", "FM"))
    # line 9 ("déjà " in latin-1: d, 0xe9 is the first bad byte at column 2)
    assert found == ["bad.md:NL002@9:2"]


def test_utf16_with_bom_is_not_utf8(tmp_path: Path) -> None:
    note = tmp_path / "wide.md"
    note.write_bytes(GOOD.encode("utf-16"))
    assert _run([str(note)]) == ["wide.md:NL002@1:1"]


def test_directory_named_like_a_note_and_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "ok.md").write_text(GOOD)
    found = _run(list(collect([str(tmp_path)], tmp_path, [])))
    assert found == ["folder.md:NL001@1:1", "gone.md:NL001@1:1"]


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "n.md").write_text(GOOD)
    assert [Path(p).name for p in collect([str(tmp_path)], tmp_path, [])] == ["n.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    note = tmp_path / "secret.md"
    note.write_text(GOOD)
    note.chmod(0)
    assert _run([str(note)]) == ["secret.md:NL001@1:1"]


def test_collect_is_sorted_skips_hidden_and_honours_exclude(tmp_path: Path) -> None:
    for name in ["b.md", "a.md", "x.txt", ".hidden/c.md", "archive/old.md", "sub/z.md"]:
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(GOOD)
    found = [
        Path(p).relative_to(tmp_path).as_posix()
        for p in collect([str(tmp_path)], tmp_path, ["archive/**"])
    ]
    assert found == ["a.md", "b.md", "sub/z.md"]


def test_a_note_named_twice_is_linted_once(tmp_path: Path) -> None:
    """``notelint check a.md notes/`` once made FM007 report a.md as a duplicate of itself
    ("is also the id of " and nothing): the note was linted twice."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD.replace("id: abc", "id: abd"))
    given = [str(tmp_path / "sub" / "a.md"), str(tmp_path), f"{tmp_path}/./sub/a.md"]
    found = list(collect(given, tmp_path, []))
    assert [Path(p).relative_to(tmp_path).as_posix() for p in found] == ["sub/a.md", "b.md"]
    assert [d for d in _run(found) if ":FM007@" in d] == []
    assert [d for d in _run([*found, found[0]]) if ":FM007@" in d] == []  # the API too
    (tmp_path / "c.md").write_text(GOOD)  # a real duplicate of a.md's id
    twins = list(collect(given, tmp_path, []))
    assert sorted(d for d in _run(twins) if ":FM007@" in d) == ["a.md:FM007@2:5", "c.md:FM007@2:5"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([".", "sub"], ["./b.md", "./sub/a.md"]),
        (["./", "./sub/"], ["./b.md", "./sub/a.md"]),
        (["sub//", "."], ["sub//a.md", "./b.md"]),
        (["sub/../sub", "sub", "."], ["sub/../sub/a.md", "./b.md"]),
        (["./sub/a.md", "sub"], ["./sub/a.md"]),
    ],
)
def test_a_note_is_yielded_once_however_its_folder_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str], expected: list[str]
) -> None:
    """Notes are told apart by their normalised path, worked out once per folder."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    assert list(collect(given, tmp_path, [])) == expected


def test_results_are_sorted_by_path_line_column_code() -> None:
    text = GOOD.replace("id: abc", "id: a b").replace("title: Korean War\n", "")
    found = where(lint(text, ["FM"]))
    assert found == ["FM003@1:1", "FM006@2:5"]


# -- suppressions -------------------------------------------------------------------------

BROKEN_IDS = """---
id: -a
title: x
desc: ''
updated: 1617547732440
created: 1617529949389
---
"""


def test_disable_and_enable_a_region() -> None:
    body = (
        "<!-- notelint-disable NL003 -->\n"  # line 9
        "<!-- notelint-disable XX1 -->\n"  # line 10: silenced
        "<!-- notelint-enable NL -->\n"  # line 11: ends the region (a prefix of NL003)
        "<!-- notelint-disable YY1 -->\n"  # line 12: reported
    )
    assert where(lint(GOOD + body, ["NL003"])) == ["NL003@12:23"]
    # a region that is never closed runs to the end of the note
    assert lint(GOOD + body.replace("enable NL", "enable SP"), ["NL003"]) == []


def test_disable_file_silences_everything() -> None:
    text = BROKEN_IDS + "<!-- notelint-disable-file -->\n"
    assert lint(text, ["FM", "NL003"]) == []


def test_disable_next_line_covers_only_the_next_line() -> None:
    body = (
        "<!-- notelint-disable-next-line NL003 -->\n"
        "<!-- notelint-disable XX1 -->\n"
        "<!-- notelint-disable YY1 -->\n"
    )
    assert where(lint(GOOD + body, ["NL003"])) == ["NL003@11:23"]


def test_suppression_inside_code_is_text() -> None:
    body = "```\n<!-- notelint-disable-file -->\n```\n"
    assert where(lint(BROKEN_IDS + body, ["FM006"])) == ["FM006@2:5"]


def test_unknown_code_is_nl003_and_suppresses_nothing() -> None:
    body = "Text <!-- notelint-disable-next-line SP9x --> here.\n"
    assert where(lint(GOOD + body, ["NL003"])) == ["NL003@9:38"]


def test_unused_suppression_is_nl004_only_when_selected() -> None:
    body = "<!-- notelint-disable-next-line FM006 -->\nText.\n"
    assert where(lint(GOOD + body, ["FM", "NL004"])) == ["NL004@9:1"]
    assert lint(GOOD + body, ["FM"]) == []
    # a suppression for a rule that is not running cannot be judged
    assert lint(GOOD + body, ["FM001", "NL004"]) == []


def test_used_suppression_is_not_nl004() -> None:
    text = "<!-- notelint-disable-file FM006 -->\n"
    assert where(lint(BROKEN_IDS + text, ["FM006", "NL004"])) == []


def test_vault_rule_respects_suppressions() -> None:
    one = GOOD + "<!-- notelint-disable-file FM007 -->\n"
    assert [d.path for d in lint_vault([one, GOOD], ["FM007"])] == ["note1.md"]


# -- selection and configuration ---------------------------------------------------------


def test_select_by_prefix_and_ignore() -> None:
    codes = {rule.code for rule in linter(["FM"], config=make_config("ignore = ['FM00']")).rules}
    assert codes == set()
    codes = {rule.code for rule in linter(["FM00"], config=make_config("ignore = ['FM006']")).rules}
    assert codes == {f"FM00{i}" for i in range(1, 10)} - {"FM006"}


def test_unknown_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'ZZ9'"):
        linter(["ZZ9"])


def test_off_by_default_rules_need_selecting() -> None:
    assert "NL004" not in {rule.code for rule in linter(()).rules}
    assert "NL004" in {rule.code for rule in linter(["NL"]).rules}


def test_per_file_ignores_and_severity_overrides() -> None:
    config = make_config(
        "[per-file-ignores]\n'drafts/*.md' = ['FM006']\n[severity]\nFM00 = 'warning'\n"
    )
    run = linter(["FM006"], config=config)
    results = [run.lint_text(BROKEN_IDS, "drafts/a.md"), run.lint_text(BROKEN_IDS, "b.md")]
    found = run.finish(results).diagnostics
    assert [(d.path, d.code, d.severity) for d in found] == [("b.md", "FM006", "warning")]


def test_the_clock_is_injectable() -> None:
    assert linter().context.now == NOW


def test_empty_pack_is_fine() -> None:
    from notelint.pack import RulePack

    assert lint(GOOD, ["FM"], pack=RulePack()) == []
    assert repo_pack().root is not None


def test_unread_notes_are_reported_unless_ignored_for_all_or_for_that_file(tmp_path: Path) -> None:
    for name in ("a.md", "legacy/b.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"\xff\xfe not utf-8")
    paths = [str(tmp_path / "a.md"), str(tmp_path / "legacy" / "b.md")]
    config = make_config("[per-file-ignores]\n'legacy/*.md' = ['NL002']\n")
    config = config._replace(root=tmp_path)
    found = linter(["HD"], config=config).run(paths).diagnostics
    assert [(Path(d.path).name, d.code) for d in found] == [("a.md", "NL002")]
    assert linter(["HD"], config=config._replace(ignore=("NL",))).run(paths).diagnostics == []


def test_a_note_over_max_file_size_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its size comes from the file system: a multi-gigabyte ``x.md`` must not be read
    into memory only to be refused."""
    from notelint import engine

    note = tmp_path / "big.md"
    note.write_bytes(b"---\nid: x\n---\n" + b"x" * 300)
    run = linter(config=make_config("max-file-size = 100")._replace(root=tmp_path))
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(engine.NoteTooLargeError) as refused:
        engine.read_note(str(note), 100)
    assert refused.value.size == 314 and reads == []
    [found] = run.run([str(note)]).diagnostics
    assert (found.code, found.message, reads) == (
        "NL001",
        "File is too large to lint: 314 bytes (max-file-size 100)",
        [],
    )
    assert engine.read_note(str(note)) == note.read_bytes()  # no limit: read whole


def test_every_rule_gives_the_same_result_through_workers(tmp_path: Path) -> None:
    """Workers answer in the cache's JSON codec: every rule's diagnostics and every
    vault-wide rule's summary must survive it (as they do the cache)."""
    from notelint.engine import PARALLEL_MIN

    seed = Path(__file__).parent / "fixtures" / "seed.md"
    text = seed.read_text(encoding="utf-8")
    paths = []
    for index in range(PARALLEL_MIN * 2 + 2):
        path = tmp_path / f"n{index:03}.md"
        path.write_text(text.replace("id: ", f"id: n{index % 7}", 1), encoding="utf-8")
        paths.append(str(path))
    run = linter(["ALL"], config=make_config()._replace(root=tmp_path), pack=repo_pack())

    def shape(found: object) -> list[tuple[object, ...]]:
        return [(d.path, d.code, d.start, d.end, d.message, d.fix, d.suggestions) for d in found]

    alone = shape(run.run(paths, jobs=1).diagnostics)
    assert alone == shape(run.run(paths, jobs=2).diagnostics)
    assert {"FM007", "SP001", "SP002", "CH002", "DT007", "HD006"} <= {c for _, c, *_ in alone}
    # a note a child cannot answer for is linted again by the parent, so the same result
    # alone does not show that the codec carried it: every result must round-trip, and
    # a child's answers must be what reached the run
    from notelint import workers
    from notelint.cache import dumps, loads

    answered = 0
    for _, result, _, _, encoded in workers.lint_shared(run, paths, 2, packed=False):
        again = loads(dumps(result), result.path)
        assert (again.diagnostics, again.summaries) == (result.diagnostics, result.summaries)
        answered += encoded is not None
    assert answered


def test_linting_leaves_no_reference_cycles() -> None:
    """A note's objects are freed by reference counting as soon as it is linted: a cycle
    (the outline's sections once pointed at their parents) left each note to the garbage
    collector, whose collections over 10,000 notes took ~0.4 s."""
    import gc

    fixtures = sorted((Path(__file__).parent / "fixtures").glob("*.md"))
    run = linter()
    run.lint_file(str(fixtures[0]))  # what a run builds once (the dictionary, memos)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for fixture in fixtures:
            assert run.lint_file(str(fixture)).error is None
        gc.collect()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_what_a_run_keeps_for_a_note_is_read_by_that_run_only() -> None:
    """Rules share what they derive from a note (its words, its dates) through the run's
    context; a context of another run, with another configuration, builds its own."""
    from notelint.dates import note_dates
    from notelint.note import Note
    from notelint.registry import Context

    note = Note("n.md", "Fighting began on 2 March 1969.\n")
    first, second = (Context(make_config(), repo_pack(), NOW) for _ in range(2))
    assert first.kept(note, "dates") is None
    dates = note_dates(note, first)
    assert first.kept(note, "dates") is dates and note_dates(note, first) is dates
    assert second.kept(note, "dates") is None
    assert note_dates(note, second) is not dates
    assert [m.text for block in note_dates(note, second) for m in block.dates] == ["2 March 1969"]
