"""The result cache and parallel runs: same answers as a plain run, never trusted blindly."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from notelint.cache import FORMAT, ResultCache, decode, encode, for_linter, shard_of
from notelint.diagnostics import Applicability, Span
from notelint.engine import PARALLEL_MIN, digest
from tests.conftest import fresh_python, linter, make_config

NOTE = (
    "---\nid: {id}\ntitle: {title}\ndesc: ''\n"
    "updated: 1617547732440\ncreated: 1617529949389\n---\nText.\n"
)


def vault(tmp_path: Path, count: int) -> list[str]:
    paths = []
    for index in range(count):
        path = tmp_path / f"n{index:04d}.md"
        title = "0.10" if index % 7 == 0 else f"Note {index}"
        note_id = "same" if index in (3, count - 1) else f"id{index}"
        path.write_text(NOTE.format(id=note_id, title=title))
        paths.append(str(path))
    return paths


def shape(diagnostics: list) -> list[tuple]:
    return [(d.path, d.code, d.start, d.end, d.message, d.fix, d.suggestions) for d in diagnostics]


def test_workers_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    paths = vault(tmp_path, PARALLEL_MIN * 3)
    run = linter(["FM", "NL"], config=make_config())
    alone = run.run(paths, jobs=1).diagnostics
    pooled = run.run(paths, jobs=2).diagnostics
    assert shape(alone) == shape(pooled)
    assert {d.code for d in alone} == {"FM004", "FM007"}


def test_cache_round_trip_and_invalidation(tmp_path: Path) -> None:
    paths = vault(tmp_path, 20)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    cold = run.run(paths, cache=for_linter(run)).diagnostics
    cache = for_linter(run)
    warm = run.run(paths, cache=cache).diagnostics
    assert len(cache.entries) == 20
    assert shape(cold) == shape(warm)
    assert (tmp_path / ".notelint_cache" / ".gitignore").read_text().endswith("*\n")
    # vault-wide rules still see every note: make the duplicate id unique in one note
    Path(paths[3]).write_text(NOTE.format(id="unique", title="x"))
    after = run.run(paths, cache=for_linter(run)).diagnostics
    assert "FM007" not in {d.code for d in after}
    # that run saved its hits again beside the new entry: all still load and agree
    reloaded = for_linter(run)
    assert shape(run.run(paths, cache=reloaded).diagnostics) == shape(run.run(paths).diagnostics)
    assert len(reloaded.entries) == 20 and not reloaded.dirty


def test_cache_key_changes_with_settings(tmp_path: Path) -> None:
    config = make_config()._replace(root=tmp_path)
    one = for_linter(linter(["FM"], config=config)).directory
    two = for_linter(linter(["FM", "NL"], config=config)).directory
    three = for_linter(linter(["FM"], config=config._replace(ignore=("FM004",)))).directory
    assert len({one, two, three}) == 3


@pytest.mark.parametrize(
    "content",
    [
        "not a cache",
        "",
        "notelint-cache 5 %s\n",
        "notelint-cache %f 0.0.0\n",
        '{"format": 5, "version": "%s", "entries": {}}',
        '%h\na.md\tx\t\t["os.system"]\n',
        "%h\na.md\tx\t\tnot json\n",
        "%h\na.md\tx\n",
        "%h\na.md\tx\t[]\n",  # a line of format 6: no stamp
        "%h\na.md\tx\t\t[]",  # cut short: no last line break
        '%h\n"a.md\tx\t\t[]\n',  # a quoted path that is not JSON
        "%h\n7\tx\t\t[]\n",
        "%h\nnaïve.md\tx\t\t[]\n",  # not ASCII
    ],
)
def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path, content: str) -> None:
    from notelint import __version__

    paths = vault(tmp_path, 3)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    cache = for_linter(run)
    Path(cache.directory).mkdir(parents=True)
    header = f"notelint-cache {FORMAT} {__version__}"
    damaged = content.replace("%h", header).replace("%s", __version__).replace("%f", str(FORMAT))
    for path in ["a.md", *paths]:
        Path(cache.shard_file(path)).write_text(damaged)
    reloaded = ResultCache(cache.folder, Path(cache.directory).name.removeprefix("results-"))
    assert reloaded.get("a.md", "x") is None
    found = run.run(paths, cache=reloaded).diagnostics
    assert [d.code for d in found] == ["FM004"]
    assert Path(cache.shard_file(paths[0])).read_text().split("\n")[0] == header


@pytest.mark.parametrize(
    "name",
    ["plain.md", "tab\there.md", "line\nbreak.md", '"quoted".md', "naïve.md", "b\udcffd.md"],
)
def test_any_path_a_note_can_have_survives_the_cache(tmp_path: Path, name: str) -> None:
    """Paths are written as they are only when they cannot break a shard's lines or its
    ASCII; a name that is not UTF-8 (here byte 0xff, decoded as a surrogate) still works."""
    note = tmp_path / name
    try:
        note.write_text(NOTE.format(id="-x", title="T"), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take that name")
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    cache = for_linter(run)
    first = run.run([str(note)], cache=cache).diagnostics
    again = ResultCache(cache.folder, Path(cache.directory).name.removeprefix("results-"))
    second = run.run([str(note)], cache=again).diagnostics
    assert str(note) in again.entries and not again.dirty  # a hit, not linted again
    assert first and shape(first) == shape(second)


def test_codec_round_trips_results() -> None:
    run = linter(["ALL"])
    result = run.lint_text(
        NOTE.format(id="-x", title="0.10") + "<!-- notelint-disable FM005, XX -->\n", "a.md"
    )
    assert result.suppressions is not None and result.suppressions.regions
    again = decode(json.loads(json.dumps(encode(result))), "a.md")
    assert again == result
    fixes = [d.fix for d in again.diagnostics if d.fix is not None]
    assert fixes and all(type(fix.applicability) is Applicability for fix in fixes)
    assert again.suppressions is not None and again.suppressions.unknown
    assert [type(span) for _, span, _, _ in again.suppressions.unknown] == [Span]


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    paths = vault(tmp_path, 2)
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be")
    config = make_config("cache-dir = 'blocked/cache'")._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    assert [d.code for d in run.run(paths, cache=for_linter(run)).diagnostics] == ["FM004"]


def test_cache_key_follows_the_installed_code(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from notelint import cache

    config = make_config()
    before = for_linter(linter(["FM"], config=config)).directory
    monkeypatch.setattr(cache, "code_stamp", lambda: "edited checkout")
    assert for_linter(linter(["FM"], config=config)).directory != before


def test_installed_stamp_names_the_dependencies() -> None:
    from notelint.memo import code_stamp

    stamp = code_stamp()
    assert "engine.py:" in stamp
    assert "pyspellchecker-" in stamp and "pyyaml-" in stamp.lower() and "pydantic-" in stamp


def test_a_packed_run_reports_exactly_what_a_plain_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large runs keep each note's diagnostics packed until reported; force it on a small
    vault (with a duplicate id, a severity override and a suppression) and compare."""
    from notelint import engine
    from notelint.engine import PackedDiagnostics

    paths = vault(tmp_path, 12)
    Path(paths[5]).write_text(
        NOTE.format(id="x5", title="0.10") + "<!-- notelint-disable-next-line -->\nText.\n"
    )
    config = make_config("[severity]\nFM004 = 'warning'")._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    plain = run.run(paths).diagnostics
    monkeypatch.setattr(engine, "PACKED_MIN", 1)
    packed = run.run(paths, cache=for_linter(run)).diagnostics
    assert isinstance(packed, PackedDiagnostics) and isinstance(plain, list)
    assert len(packed) == len(plain) and shape(list(packed)) == shape(plain)
    assert {d.code for d in plain} == {"FM004", "FM007", "NL004"}
    assert {d.severity for d in packed if d.code == "FM004"} == {"warning"}
    # and again from the cache the packed run wrote
    again = run.run(paths, cache=for_linter(run)).diagnostics
    assert shape(list(again)) == shape(plain)


def test_packed_worker_results_and_cache_hits_stay_whole_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers of a packed run send diagnostics that are never made into objects, and a
    packed cache hit is kept packed; what the cache writes back must still be the whole
    result, for later runs that are not packed (and for --fix, which reads diagnostics)."""
    from notelint import engine

    paths = vault(tmp_path, PARALLEL_MIN * 2 + 4)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    plain = shape(run.run(paths).diagnostics)
    monkeypatch.setattr(engine, "PACKED_MIN", 1)
    cold = run.run(paths, jobs=2, cache=for_linter(run)).diagnostics
    assert isinstance(cold, engine.PackedDiagnostics) and shape(list(cold)) == plain
    Path(paths[0]).write_text(Path(paths[0]).read_text() + "\nMore.\n")  # one shard is dirty
    warm = run.run(paths, jobs=2, cache=for_linter(run)).diagnostics
    assert shape(list(warm)) == plain
    monkeypatch.setattr(engine, "PACKED_MIN", 10**9)
    cache = for_linter(run)
    again = run.run(paths, cache=cache).diagnostics
    assert isinstance(again, list) and shape(again) == plain
    hits = [cache.get(path, digest(Path(path).read_bytes())) for path in paths]
    assert all(hit is not None and hit.packed is None for hit in hits)
    per_note = [row for row in plain if row[1] not in {"FM007", "NL004"}]  # vault-wide
    assert sum(len(hit.diagnostics) for hit in hits if hit) == len(per_note) > 0


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        (r'(\["D",(?:"[^"]*",){4}\d+),\d+,', r"\1,-1,"),  # a span ending at -1
        # a line written as text: the warm run once failed sorting, with a traceback
        (r'(\["D",(?:"[^"]*",){4}\d+,\d+,)(\d+)', r'\1"\2"'),
    ],
)
def test_a_damaged_cached_diagnostic_is_a_miss_packed_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packed: bool, pattern: str, replacement: str
) -> None:
    """Valid JSON that no run could have written is refused when the entry is read, in a
    packed run too (whose diagnostics otherwise stay text until reported, or until the
    shard is written back): the note is linted again."""
    from notelint import engine

    paths = vault(tmp_path, 3)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    plain = shape(run.run(paths, cache=for_linter(run)).diagnostics)
    shard = Path(for_linter(run).shard_file(paths[0]))
    text = shard.read_text()
    damaged = re.sub(pattern, replacement, text, count=1)
    assert damaged != text
    shard.write_text(damaged)
    if packed:
        monkeypatch.setattr(engine, "PACKED_MIN", 1)
    cache = for_linter(run)
    assert cache.get(paths[0], digest(Path(paths[0]).read_bytes()), packed=packed) is None
    Path(paths[1]).write_text(Path(paths[1]).read_text() + "\nMore.\n")  # writes shards back
    found = run.run(paths, cache=cache).diagnostics
    assert shape(list(found)) == plain


def test_a_result_asked_for_packed_then_whole_comes_back_whole(
    tmp_path: Path,
) -> None:
    paths = vault(tmp_path, 2)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    run.run(paths, cache=for_linter(run))
    cache = for_linter(run)
    content = digest(Path(paths[0]).read_bytes())
    first = cache.get(paths[0], content, packed=True)
    assert first is not None and first.packed is not None and not first.diagnostics
    again = cache.get(paths[0], content)
    assert again is not None and again.packed is None and again.diagnostics


@pytest.mark.parametrize("fmt", ["json", "concise", "sarif", "github"])
def test_packed_runs_print_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from notelint import engine
    from tests.conftest import run_cli

    vault(tmp_path, 6)
    (tmp_path / "notelint.toml").write_text("")
    args = ["check", "--no-cache", "--format", fmt, "--select", "FM", "."]
    plain = run_cli(args, tmp_path, monkeypatch)
    monkeypatch.setattr(engine, "PACKED_MIN", 1)
    assert run_cli(args, tmp_path, monkeypatch) == plain


def test_a_warm_run_imports_no_parser(tmp_path: Path) -> None:
    """With every note cached, a run needs no Markdown or YAML parser, no pydantic and
    no hashlib (OpenSSL): importing them is most of what a warm run would cost (start-up
    is the floor)."""
    import os

    vault(tmp_path, 5)
    script = (
        "import sys\n"
        "from notelint.cli import main\n"
        "try:\n    main(['check', '--select', 'FM,HD', '.'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'markdown_it', 'yaml', 'pydantic', 'multiprocessing', 'hashlib'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(tmp_path / "home")}
    runs = [fresh_python(script, cwd=tmp_path, env=env).splitlines()[-1] for _ in range(2)]
    assert runs == ["['markdown_it', 'yaml']", "[]"]


def test_a_warm_run_never_imports_pathlib_or_typing(tmp_path: Path) -> None:
    """Paths are str throughout a warm run: importing pathlib (with urllib.parse and
    ipaddress) cost it ~3 ms, a twentieth of a warm run of the Dendron vault; and no
    module it needs imports typing (~2.7 ms; see notelint.record). An editable install
    imports pathlib at start-up, so the modules are taken away and any later import of
    them fails the run, rather than looked for afterwards."""
    vault(tmp_path, 5)
    (tmp_path / "rules" / "words").mkdir(parents=True)  # the rule pack is read too
    (tmp_path / "rules" / "words" / "vault.txt").write_text("notelint\n")
    (tmp_path / "notelint.toml").write_text("")
    run = (
        "import sys\n"
        "from notelint.cli import main\n"
        "print('exit', main(['check', '--select', 'FM,HD', '.']))\n"
    )
    blocked = (
        "import sys\n"
        "blocked = ('pathlib', 'urllib', 'ipaddress', 'typing')\n"
        "class Blocked:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in blocked:\n"
        "            raise ImportError(f'{name} imported')\n"
        "for name in [m for m in sys.modules if m.split('.')[0] in blocked]:\n"
        "    del sys.modules[name]\n"
        "sys.meta_path.insert(0, Blocked())\n"
    )
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(tmp_path / "home")}
    cold = fresh_python(run, cwd=tmp_path, env=env)
    assert fresh_python(blocked + run, cwd=tmp_path, env=env) == cold
    assert cold.endswith(
        "Found 3 problems in 5 notes.\n1 with a fix (see `notelint rule CODE`).\nexit 1\n"
    )
    # the blocker works: a run that lints, with the spelling rules, needs pathlib
    spelling = fresh_python(blocked + run.replace("'FM,HD'", "'SP'"), cwd=tmp_path, env=env)
    assert spelling.endswith("exit 2\n")  # an internal error: ImportError: pathlib imported


def test_the_flat_diagnostic_form_names_every_field() -> None:
    """Diagnostics are cached as one flat list (``encode`` writes it, ``_diagnostics``
    unpacks it): a field added to Diagnostic must be added to both, or a warm run would
    silently drop it. Every field, set to a value of its own, survives the round trip."""
    from notelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Span

    assert list(Diagnostic._fields) == [
        "code", "rule", "severity", "message", "span", "start", "end", "fix",
        "suggestions", "path", "snippet",
    ]  # fmt: skip
    fix = Fix("t", (Edit(Span(1, 2), "x", Position(1, 2), Position(1, 3)),), Applicability.UNSAFE)
    every = Diagnostic(
        "SP001", "r", "warning", "m", Span(1, 4), Position(1, 2), Position(1, 5), fix,
        ("a", "b"), "other.md", "snip",
    )  # fmt: skip
    for home in ("a.md", "other.md"):  # another note's path, and the result's own (0)
        assert decode(json.loads(json.dumps(encode(every, home))), home) == every
        assert decode(json.loads(json.dumps(encode([every], home))), home) == [every]


def test_a_diagnostic_repeated_but_for_where_it_is_is_written_short() -> None:
    """A diagnostic that is an earlier one of its list again but for its span and
    positions is written as ``R`` and that one's index, and comes back equal: a third of
    the Dendron vault's diagnostics are such repeats (a word misspelled again)."""
    from notelint.diagnostics import Diagnostic, Edit, Fix, Position

    def word(start: int, line: int, fix: Fix | None = None, path: str = "a.md") -> Diagnostic:
        return Diagnostic(
            "SP001", "misspelled-word", "error", "Unknown word 'Dendron'",
            Span(start, start + 7), Position(line, 1), Position(line, 8), fix,
            ("Tendon",), path, "Dendron",
        )  # fmt: skip

    fix = Fix("t", (Edit(Span(0, 7), "x", Position(1, 1), Position(1, 8)),))
    diagnostics = [
        word(0, 1),
        word(10, 2),  # a repeat of the first
        word(20, 3)._replace(message="Unknown word 'Dendron'!"),  # another message
        word(30, 4, fix),  # a fix is its own: written whole
        word(40, 5, fix),
        word(50, 6, path="b.md"),  # another note's
        word(60, 7),  # a repeat of the first again
        word(70, 8)._replace(message="Unknown word 'Dendron'!"),  # of the third
    ]
    flat = json.loads(json.dumps(encode(diagnostics, "a.md")))
    assert [item[:2] for item in flat[1:]] == [
        ["D", "SP001"], ["R", 0], ["D", "SP001"], ["D", "SP001"], ["D", "SP001"],
        ["D", "SP001"], ["R", 0], ["R", 2],
    ]  # fmt: skip
    assert flat[2] == ["R", 0, 10, 17, 2, 1, 2, 8]
    assert decode(flat, "a.md") == diagnostics


def test_a_diagnostic_made_by_hand_with_a_list_of_suggestions_is_cached_whole() -> None:
    """A rule's report makes a tuple of suggestions; a program may make a list, which
    cannot be compared as a repeat's fields are: it is written whole, not refused."""
    from notelint.diagnostics import Diagnostic, Position

    made = Diagnostic(
        "SP001", "misspelled-word", "error", "m", Span(0, 1), Position(1, 1),
        Position(1, 2), None, ["a"], "a.md", "s",  # type: ignore[arg-type]
    )  # fmt: skip
    flat = json.loads(json.dumps(encode([made, made._replace(span=Span(2, 3))], "a.md")))
    assert [item[0] for item in flat[1:]] == ["D", "D"]
    assert [d.suggestions for d in decode(flat, "a.md")] == [("a",), ("a",)]


@pytest.mark.parametrize(
    "repeat",
    [
        ["R", 1, 10, 17, 2, 1, 2, 8],  # itself: only an earlier one can be repeated
        ["R", 5, 10, 17, 2, 1, 2, 8],  # none such
        ["R", -1, 10, 17, 2, 1, 2, 8],  # counted from the end
        ["R", True, 10, 17, 2, 1, 2, 8],  # a bool is not an index
        ["R", "0", 10, 17, 2, 1, 2, 8],
        ["R", 0, 17, 10, 2, 1, 2, 8],  # a span that ends before it starts
        ["R", 0, -1, 17, 2, 1, 2, 8],
        ["R", 0, 10, 17, "2", 1, 2, 8],  # a line written as text
        ["R", 0, 10, 17, 2, 1, 2, 8.0],
        ["X", 0, 10, 17, 2, 1, 2, 8],  # not a repeat
        ["R", 0, 10, 17, 2, 1, 2],  # cut short
        ["R", 0, 10, 17, 2, 1, 2, 8, 9],
    ],
)
def test_a_damaged_repeat_is_refused(repeat: list) -> None:
    first = ["D", "SP001", "r", "error", "m", 0, 7, 1, 1, 1, 8, None, [], 0, "s"]
    assert len(decode(["L", first, ["R", 0, 10, 17, 2, 1, 2, 8]], "a.md")) == 2
    with pytest.raises((TypeError, ValueError, KeyError)):
        decode(["L", first, repeat], "a.md")


def test_the_flat_fix_form_names_every_field() -> None:
    """Fixes are cached flat too: a field added to Fix or Edit must be added there."""
    from notelint.diagnostics import Edit, Fix

    assert Fix._fields == ("title", "edits", "applicability")
    assert Edit._fields == ("span", "content", "start", "end")


@pytest.mark.parametrize(
    "fix",
    [
        ["F", 7, "safe", [0, 1, "x", 1, 1, 1, 2]],  # a title that is not text
        ["F", "t", "safe", [0, 1, 8, 1, 1, 1, 2]],  # content that is not text
        ["F", "t", "safe", [2, 1, "x", 1, 1, 1, 2]],  # a span that ends before it starts
        ["F", "t", "maybe", [0, 1, "x", 1, 1, 1, 2]],  # no such applicability
        ["F", "t", "safe", [0, 1, "x"]],  # an edit cut short
        ["F", "t", "safe", [0.5, 1, "x", 1, 1, 1, 2]],  # offsets slice the text: ints only
        ["F", "t", "safe", [0, 1, "x", "1", 1, 1, 2]],  # a position that would fail later
        ["F", "t", "safe", [0, 1, "x", 1, 1, 1, True]],
        # classes written by name, which encode never does: refused, not built unchecked
        ["Fix", "t", ["L", 1, 2], ["Applicability", "safe"]],
        ["Edit", ["Span", 0, 1], 7],
        ["Diagnostic", "SP001", "r", "error", "m", None, None, None, None, ["T"], "a", ""],
        ["Position", "a", "b"],
        # a type that would fail later: sorting compares paths, positions, codes and
        # messages, a baseline hashes snippets, reporters join suggestions
        ["D", "SP001", "r", "error", "m", 0, 1, "8", 1, 8, 2, None, [], 0, "s"],
        ["D", "SP001", "r", "error", "m", 0, 1, 8, 1, 8, 2, None, [], 7, "s"],
        ["D", 5, "r", "error", "m", 0, 1, 8, 1, 8, 2, None, [], 0, "s"],
        ["D", "SP001", "r", "error", ["m"], 0, 1, 8, 1, 8, 2, None, [], 0, "s"],
        ["D", "SP001", "r", "error", "m", 0, 1, 8, 1, 8, 2, None, [1], 0, "s"],
        ["D", "SP001", "r", "error", "m", 0, 1, 8, 1, 8, 2, None, [], 0, ["L"]],
        ["Span", 0.5, 1],
        ["Suppression", "disable", ["T", ["T", 5, ["Span", 0, 1]]], ["Span", 0, 1], 1],
        ["Suppression", "disable", ["T"], ["Span", 0, 1], "1"],
        [
            "Region",
            ["Suppression", "disable", ["T"], ["Span", 0, 1], 1],
            ["T"],
            "1",
            2,
            ["Position", 1, 1],
            ["Position", 1, 2],
            False,
        ],
        ["SuppressionSet", ["L", 5], ["L"]],
        ["SuppressionSet", ["L"], ["L", ["T", "X", ["Span", 0, 1], 3, 4]]],
        ["FileResult", 7, ["L"], ["M"], None, None, None],
        ["FileResult", 0, ["L", 5], ["M"], None, None, None],
        ["FileResult", 0, ["L"], ["M"], 5, None, None],
        ["FileResult", 0, ["L"], ["M"], None, 5, None],
        ["FileResult", 0, ["L"], ["M"], None, None, "[0,[]]"],
    ],
)
def test_a_damaged_cached_fix_or_value_is_refused(fix: list) -> None:
    with pytest.raises((TypeError, ValueError, KeyError)):
        decode(fix)


def test_a_vault_rule_skips_a_summary_of_the_wrong_shape() -> None:
    from notelint.checks.vault import IdDuplicate

    rule = IdDuplicate()
    good = ("abc", 8, 11, 2, 5, 2, 8, "abc")
    damaged = [None, 5, "x", ["L"], ("abc", 8, 11, 2, 5, 2, "8", "abc"), ("abc", 11, 8, *good[3:])]
    assert [d.path for d in rule.check_vault([("a.md", good), ("b.md", good)])] == ["a.md", "b.md"]
    assert list(rule.check_vault([(f"{n}.md", bad) for n, bad in enumerate(damaged)])) == []
    assert list(rule.check_vault([("a.md", good), *(("b.md", bad) for bad in damaged)])) == []


def test_a_diagnostic_of_another_note_keeps_its_path() -> None:
    """Paths equal to the result's are written as 0; FM007's summaries name other notes."""
    from notelint.diagnostics import Diagnostic, Position, Span
    from notelint.engine import FileResult

    def at(path: str) -> Diagnostic:
        return Diagnostic(
            "FM007", "id-duplicate", "error", "m", Span(0, 1), Position(1, 1), Position(1, 2),
            path=path,
        )  # fmt: skip

    result = FileResult("a.md", [at("a.md")], {"FM007": [at("b.md")]})
    data = encode(result)
    assert data[1] == data[2][1][13] == 0 and data[3][2][1][13] == "b.md"
    assert decode(json.loads(json.dumps(data)), "a.md") == result


def test_a_run_over_a_few_notes_reads_only_their_shards(tmp_path: Path) -> None:
    """A commit hook lints a few notes of a large vault: it must not parse every result,
    and writing back keeps the other notes' results."""
    paths = vault(tmp_path, 60)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    run.run(paths, cache=for_linter(run))
    few = for_linter(run)
    run.run(paths[:2], cache=few)
    assert set(few.shards) == {shard_of(path) for path in paths[:2]}
    Path(paths[0]).write_text(NOTE.format(id="changed", title="x"))
    run.run(paths[:1], cache=few)  # a changed note: its shard is written back
    everything = for_linter(run)
    run.run(paths, cache=everything)
    assert len(everything.entries) == 60 and not everything.dirty


def test_a_cached_result_can_be_asked_for_twice(tmp_path: Path) -> None:
    """``--fix`` asks the cache first, then the lint run asks again: both must hit."""
    paths = vault(tmp_path, 2)
    run = linter(["FM"], config=make_config()._replace(root=tmp_path))
    run.run(paths, cache=for_linter(run))
    cache = for_linter(run)
    content = digest(Path(paths[0]).read_bytes())
    first = cache.get(paths[0], content)
    assert first is not None and cache.get(paths[0], content) is first


def test_fix_lints_again_only_notes_whose_cached_result_has_a_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mostly clean vault: ``--fix`` with a warm cache re-lints only the notes with a
    fix to apply, and fixes them exactly as a run without the cache does."""
    from notelint import fixes

    clean = NOTE.format(id="a", title="Clean") + "\n## Heading\n\nText.\n"
    broken = NOTE.format(id="b", title="Broken") + "\n## Heading\nText.\n"  # HD006, safe fix
    paths = []
    for name, text in (("clean.md", clean), ("broken.md", broken)):
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    run = linter(["HD"], config=make_config()._replace(root=tmp_path))
    run.run(paths, cache=for_linter(run))
    linted: list[str] = []
    real = fixes.fix_source

    def counting(linter_, data, path, *, unsafe):  # type: ignore[no-untyped-def]
        linted.append(Path(path).name)
        return real(linter_, data, path, unsafe=unsafe)

    monkeypatch.setattr(fixes, "fix_source", counting)
    read = _settled(monkeypatch)  # the stamps recorded now are trusted next time
    run.run(paths, cache=for_linter(run))
    read.clear()
    done = fixes.fix_files(run, paths, unsafe=False, write=True, cache=for_linter(run))
    assert linted == ["broken.md"]
    # the clean note is not even read (broken.md: read to fix, and before writing back)
    assert {Path(path).name for path in read} == {"broken.md"}
    assert [(Path(f.path).name, f.applied) for f in done] == [("clean.md", 0), ("broken.md", 1)]
    assert (tmp_path / "broken.md").read_text() == broken.replace("## Heading\n", "## Heading\n\n")


def test_writing_a_shard_forgets_notes_that_are_gone(tmp_path: Path) -> None:
    """Renamed and deleted notes leave the cache when their shard is next written."""
    by_shard: dict[str, list[str]] = {}
    index = 0
    while not any(len(names) == 2 for names in by_shard.values()):
        name = str(tmp_path / f"n{index}.md")
        by_shard.setdefault(shard_of(name), []).append(name)
        index += 1
    kept, gone = next(names for names in by_shard.values() if len(names) == 2)
    for path in (kept, gone):
        Path(path).write_text(NOTE.format(id=Path(path).stem, title="T"))
    run = linter(["FM"], config=make_config()._replace(root=tmp_path))
    run.run([kept, gone], cache=for_linter(run))
    Path(gone).unlink()
    Path(kept).write_text(NOTE.format(id="changed", title="T"))  # its shard is written again
    run.run([kept], cache=for_linter(run))
    reloaded = for_linter(run)
    reloaded.get(kept, "")  # reads the shard
    assert set(reloaded.entries) == {kept}


def _settled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the notes read, and take every file as settled (written long ago)."""
    from notelint import engine

    monkeypatch.setattr(engine, "SETTLE_NS", -(10**18))
    read: list[str] = []

    def counting(real: Any) -> Any:
        def read_counted(path: str, limit: int | None = None) -> Any:
            if path.endswith(".md"):  # not the cache's shards, read the same way
                read.append(path)
            return real(path, limit)

        return read_counted

    monkeypatch.setattr(engine, "read_stamped", counting(engine.read_stamped))
    monkeypatch.setattr(engine, "read_note", counting(engine.read_note))
    return read


def test_a_warm_run_reads_no_note_whose_stamp_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _settled(monkeypatch)
    paths = vault(tmp_path, 6)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    cold = run.run(paths, cache=for_linter(run)).diagnostics
    assert sorted(read) == sorted(paths)
    read.clear()
    warm = run.run(paths, cache=for_linter(run)).diagnostics
    assert read == [] and shape(warm) == shape(cold)


def test_a_note_written_again_is_read_whatever_its_times_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same size and modification time (``touch -d``, a copy keeping times) do not
    hide a change: the change time moved. The same bytes written again are a hit by
    their digest, and the new stamp is kept for the next run."""
    read = _settled(monkeypatch)
    paths = vault(tmp_path, 4)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    run.run(paths, cache=for_linter(run))
    note = Path(paths[1])
    before = note.stat()
    changed = note.read_text().replace("Note 1", "0.1250")  # same length, FM004 now
    assert len(changed) == len(note.read_text())
    note.write_text(changed)
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    Path(paths[2]).write_text(Path(paths[2]).read_text())  # rewritten, unchanged
    read.clear()
    cache = for_linter(run)
    found = run.run(paths, cache=cache).diagnostics
    assert sorted(read) == sorted(paths[1:3])
    assert [d.path for d in found if d.code == "FM004"] == [paths[0], paths[1]]
    read.clear()
    assert shape(run.run(paths, cache=for_linter(run)).diagnostics) == shape(found)
    assert read == []


def test_a_note_changed_just_now_gets_no_stamp(tmp_path: Path) -> None:
    """A second write in the same tick of the file system's clock could keep the first
    one's stamp: a note changed within ``SETTLE_NS`` is read again next time."""
    from notelint.engine import read_stamped

    note = tmp_path / "n.md"
    note.write_text("text\n")
    assert read_stamped(str(note)) == (b"text\n", "")
    paths = vault(tmp_path, 3)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    cache = for_linter(run)
    run.run(paths, cache=cache)
    assert all(entry[2] == "" for entry in cache.entries.values())


def test_a_result_nested_too_deep_to_decode_is_a_miss(tmp_path: Path) -> None:
    paths = vault(tmp_path, 2)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    cache = for_linter(run)
    cache.put(paths[0], digest(Path(paths[0]).read_bytes()), run.lint_file(paths[0]))
    entry = cache.entries[paths[0]]
    entry[1] = "[" * 200_000
    assert cache.get(paths[0], entry[0]) is None
    assert [d.code for d in run.run(paths, cache=cache).diagnostics] == ["FM004"]


def test_each_user_has_a_cache_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user may read decides results (NL001), and a stamp is taken without
    reading the note: a result cached for root must not be served to another user."""
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    mine = for_linter(run).directory
    monkeypatch.setattr(os, "geteuid", lambda: 4242, raising=False)
    assert for_linter(run).directory != mine


def test_a_note_without_suppressions_keeps_none() -> None:
    """Most notes: nothing to filter, keep, cache or decode."""
    run = linter(["ALL"])
    assert run.lint_text(NOTE.format(id="x", title="t"), "a.md").suppressions is None
    unknown_only = run.lint_text(
        NOTE.format(id="x", title="t") + "<!-- notelint-disable XX -->\n", "b.md"
    )
    assert unknown_only.suppressions is None
    assert [d.code for d in unknown_only.diagnostics] == ["NL003"]


def test_a_warm_run_with_few_notes_changed_lints_them_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Processes are counted from the notes to lint, not from the vault: forking for
    two changed notes would cost more than it saves."""
    from notelint import workers

    paths = vault(tmp_path, PARALLEL_MIN * 3)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM", "NL"], config=config)
    run.run(paths, cache=for_linter(run), jobs=2)
    for path in paths[:2]:
        Path(path).write_text(NOTE.format(id=Path(path).stem, title="Changed"))
    forks: list[int] = []
    real = workers.lint_shared

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        forks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(workers, "lint_shared", counting)
    found = run.run(paths, cache=for_linter(run), jobs=2).diagnostics
    assert forks == []
    assert shape(found) == shape(run.run(paths, jobs=1).diagnostics)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: " " + text,
        lambda text: text + " ",
        lambda text: text + "x",
        lambda text: text + "[]",
        lambda text: text[:-1],  # cut short
    ],
    ids=["space before", "space after", "text after", "value after", "cut short"],
)
def test_a_cached_result_is_one_json_value_and_nothing_else(damage: Any) -> None:
    """Results are read with JSON's scanner alone (no white space around them, as
    dumps() writes them): anything around the value is refused, and a miss."""
    from notelint.cache import dumps, loads
    from notelint.engine import FileResult

    text = dumps(FileResult("a.md"))
    assert loads(text, "a.md").path == "a.md"
    with pytest.raises(ValueError):
        loads(damage(text), "a.md")


@pytest.mark.parametrize("severity", ["", '[severity]\nFM007 = "warning"\nFM = "info"\n'])
def test_a_run_orders_notes_not_every_diagnostic_and_gives_the_same_list(
    tmp_path: Path, severity: str
) -> None:
    """Linter.run tells finish() that each note's diagnostics are in report order, so that
    only the notes are put in order (and a note a vault-wide rule reports on is sorted
    again): the same list, in the same order, as sorting every diagnostic."""
    paths = vault(tmp_path, 15)  # n0014 has a duplicate id (line 2) and FM004 (line 3)
    run = linter(["FM", "HD", "NL"], config=make_config(severity))
    results = [run.lint_file(path) for path in reversed(paths)]  # out of path order
    ordered = run.finish(results, in_order=True).diagnostics
    assert ordered == run.finish(results).diagnostics
    assert [d.code for d in ordered].count("FM007") == 2
    assert {d.severity for d in ordered} == ({"warning", "info"} if severity else {"error"})
    assert ordered == run.run(paths).diagnostics


def test_vault_diagnostics_of_a_note_not_linted_are_put_in_order_too() -> None:
    """finish(in_order=True) with a vault-wide diagnostic of a path that no result has:
    the whole list is sorted, as sorting every diagnostic would."""
    from notelint.diagnostics import SORT_KEY
    from notelint.engine import Linter

    run = linter(["FM", "HD"])
    results = [run.lint_text("# A\nText.\n## B\n", path) for path in ("d.md", "b.md")]
    stray = run.lint_text("# A\nText.\n## B\n", "c.md").diagnostics
    assert stray and all(d.path == "c.md" for d in stray)
    ordered = Linter._in_order(results, stray)
    everything = [*results[0].diagnostics, *results[1].diagnostics, *stray]
    assert ordered == sorted(everything, key=SORT_KEY)
    paths = [d.path for d in ordered]
    assert paths == sorted(paths) and set(paths) == {"b.md", "c.md", "d.md"}


def test_a_new_key_folder_removes_the_unused_folders_of_other_keys(tmp_path: Path) -> None:
    """Each upgrade and each change of the settings starts a key folder; one that no run
    has used for 30 days is removed when a new one is made, and nothing but such a
    folder, holding nothing but shards, is ever removed."""
    import time

    paths = vault(tmp_path, 3)
    folder = tmp_path / ".notelint_cache"
    month_ago = time.time() - 31 * 86400

    def key_folder(name: str, files: list[str], when: float) -> Path:
        made = folder / name
        made.mkdir(parents=True)
        for file in files:
            (made / file).write_text("x")
        os.utime(made, (when, when))
        return made

    old = key_folder("results-0123456789abcdef", ["00.txt", "ff.txt", ".3a.txt.k2j.tmp"], month_ago)
    recent = key_folder("results-1123456789abcdef", ["00.txt"], time.time() - 5 * 86400)
    foreign = key_folder("results-2123456789abcdef", ["00.txt", "notes.md"], month_ago)
    named = key_folder("results-2023", ["00.txt"], month_ago)
    (folder / "results-3123456789abcdef").write_text("a file")
    os.utime(folder / "results-3123456789abcdef", (month_ago, month_ago))
    elsewhere = key_folder("../elsewhere", ["00.txt"], month_ago)  # shard-like, not ours
    (folder / "results-4123456789abcdef").symlink_to(elsewhere)
    os.utime(folder / "results-4123456789abcdef", (month_ago, month_ago), follow_symlinks=False)
    config = make_config()._replace(root=tmp_path)
    run = linter(["FM"], config=config)
    run.run(paths, cache=for_linter(run))
    assert not old.exists()
    assert recent.exists() and foreign.exists() and named.exists()
    assert (folder / "results-3123456789abcdef").exists()
    assert (elsewhere / "00.txt").exists()  # a link is not followed
    assert Path(for_linter(run).directory).exists()


def test_a_run_that_writes_nothing_marks_its_key_folder_used(tmp_path: Path) -> None:
    """A warm run of an unchanged vault writes no shard; it sets its folder's time, at
    most once a day, so that the folder is not taken for unused."""
    import time

    paths = vault(tmp_path, 3)
    run = linter(["FM"], config=make_config()._replace(root=tmp_path))
    run.run(paths, cache=for_linter(run))
    directory = for_linter(run).directory
    for age, touched in ((10 * 86400, True), (3600, False)):
        then = time.time() - age
        os.utime(directory, (then, then))
        run.run(paths, cache=for_linter(run))
        assert (os.stat(directory).st_mtime > time.time() - 60) is touched


def test_the_clock_is_not_in_the_key_and_what_it_changes_is_not_kept(tmp_path: Path) -> None:
    """DT002 reads the clock. A key of the day made every day's first run a cold one; a
    result in which DT002 reports nothing stays true as time passes and is kept, one in
    which it reports something (a timestamp in the future) is linted again each run,
    and so is one with a suppression (it might suppress DT002)."""
    from notelint import pack as pack_module
    from notelint.engine import Linter

    config = make_config()._replace(root=tmp_path)
    paths = vault(tmp_path, 3)
    future = NOTE.format(id="f", title="F").replace(
        "updated: 1617547732440", "updated: 9617547732440"
    )
    Path(paths[1]).write_text(future)
    suppressed = NOTE.format(id="s", title="S") + "<!-- notelint-disable-next-line HD001 -->\n"
    Path(paths[2]).write_text(suppressed)

    def real_clock() -> Linter:
        return Linter(config, pack_module.load(None), select=["DT", "NL"])

    cache = for_linter(real_clock())
    assert for_linter(real_clock()).directory == cache.directory  # today, tomorrow
    assert for_linter(linter(["DT"], config=config)).directory != cache.directory  # fixed
    found = real_clock().run(paths, cache=cache).diagnostics
    assert [(Path(d.path).name, d.code) for d in found] == [("n0001.md", "DT002")]
    again = ResultCache(cache.folder, os.path.basename(cache.directory).removeprefix("results-"))
    hits = [again.get(path, digest(Path(path).read_bytes())) for path in paths]
    assert [hit is not None for hit in hits] == [True, False, False]
    # a kept note that comes to report DT002 is no longer kept
    Path(paths[0]).write_text(future.replace("id: f", "id: g"))
    real_clock().run(paths, cache=for_linter(real_clock()))
    again = ResultCache(cache.folder, os.path.basename(cache.directory).removeprefix("results-"))
    assert paths[0] not in again._shard(paths[0])  # its old entry is gone, not left stale


@pytest.mark.parametrize("written", ['"a.md"', '"b.md"', "1", "false", "null"])
def test_a_cached_result_names_no_path_of_its_own(written: str) -> None:
    """A result's path is the one its line names (0 in the result): a result that names
    one, or anything else, is refused rather than trusted."""
    from notelint.cache import loads

    assert loads('["FileResult",0,["L"],["M"],null,null,null]', "a.md").path == "a.md"
    with pytest.raises(ValueError):
        loads(f'["FileResult",{written},["L"],["M"],null,null,null]', "a.md")
