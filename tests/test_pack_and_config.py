"""The rule pack loader and configuration discovery."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.config import ConfigError, discover, find_and_load
from notelint.dates import PartialDate
from notelint.pack import load
from tests.conftest import fresh_python, lint, make_config, where

NOTE = (
    "---\nid: abc\ntitle: x\ndesc: ''\nupdated: 1617547732440\ncreated: 1617529949389\n{extra}---\n"
)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_words_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "words/a.txt": "# names\nKhrushchev\n\n  Brezhnev  # leader\n",
            "words/b.txt": "xinjiang\n",
        },
    )
    assert load(tmp_path).words == ["Khrushchev", "Brezhnev", "xinjiang"]


def test_timeline_dates_at_three_precisions(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "timeline.yaml": (
                "- name: Khrushchev era\n  start: 1953\n  end: 1964\n"
                "- name: Secret Speech\n  date: 1956-02-25\n"
                "- name: Hungarian uprising\n  aliases: [Hungarian Revolution]\n  date: '1956-10'\n"
            )
        },
    )
    events = load(tmp_path).timeline
    assert [(e.name, e.first, e.last, e.line) for e in events] == [
        ("Khrushchev era", PartialDate(1953), PartialDate(1964), 1),
        ("Secret Speech", PartialDate(1956, 2, 25), PartialDate(1956, 2, 25), 4),
        ("Hungarian uprising", PartialDate(1956, 10), PartialDate(1956, 10), 6),
    ]
    assert events[2].phrases == ("Hungarian uprising", "Hungarian Revolution")


@pytest.mark.parametrize(
    ("timeline", "message"),
    [
        ("- name: x\n", "timeline.yaml:1: event needs a 'date' or a 'start'"),
        ("- name: x\n  date: 1969-02-30\n", "timeline.yaml:2: YAML"),
        (
            "- name: x\n  date: '1969-02-30'\n",
            "timeline.yaml:1: event 'date': '1969-02-30' is not a date",
        ),
        ("- name: x\n  date: 1969\n  start: 1968\n", "timeline.yaml:1: event give either 'date'"),
        ("- name: x\n  date: 1969\n  when: 1\n", "timeline.yaml:1: event 'when': unknown key"),
        ("name: x\n", "timeline.yaml:1: expected a list of events"),
        ("- just a string\n", "timeline.yaml:1: an event must be a mapping"),
    ],
)
def test_bad_timeline_names_file_and_line(tmp_path: Path, timeline: str, message: str) -> None:
    write(tmp_path, {"timeline.yaml": timeline})
    with pytest.raises(ConfigError) as caught:
        load(tmp_path)
    assert message in str(caught.value)


def test_frontmatter_extension_feeds_fm004_and_fm005(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"frontmatter.yaml": "fields:\n  course: string\n  exam: {type: date, required: true}\n"},
    )
    pack = load(tmp_path)
    config = make_config("[frontmatter]\nallow-unknown = false\n")
    text = NOTE.format(extra="course: 12\nexam: 2024-06-01\nother: 1\n")
    assert where(lint(text, ["FM"], config=config, pack=pack)) == ["FM004@7:9", "FM005@9:1"]
    missing = NOTE.format(extra="")
    assert where(lint(missing, ["FM003"], pack=pack)) == ["FM003@1:1"]


def test_bad_field_type_in_extension(tmp_path: Path) -> None:
    write(tmp_path, {"frontmatter.yaml": "course: text\n"})
    with pytest.raises(ConfigError, match=r"frontmatter.yaml:1: field 'course'"):
        load(tmp_path)


def test_discovery_prefers_the_nearest_folder_and_skips_pyproject_without_table(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {"notelint.toml": "", "a/pyproject.toml": "[tool.other]\n", "a/b/.notelint.toml": ""},
    )
    assert discover(tmp_path / "a" / "b") == str(tmp_path / "a" / "b" / ".notelint.toml")
    assert discover(tmp_path / "a") == str(tmp_path / "notelint.toml")


def test_paths_are_relative_to_the_configuration_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"pyproject.toml": "[tool.notelint]\nrules-dir = 'policy'\n", "policy/words/w.txt": "x\n"},
    )
    config = find_and_load(None, tmp_path)
    assert config.rules_path == str((tmp_path / "policy").resolve())
    assert load(config.rules_path).words == ["x"]


def test_the_root_is_the_folder_the_file_is_in_through_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``link/../notelint.toml``, where ``link`` leads elsewhere, is the file beside the
    link's target, as the system opens it: its folder is the root (rules/, cache-dir)."""
    (tmp_path / "real" / "inner").mkdir(parents=True)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "link").symlink_to(tmp_path / "real" / "inner")
    (tmp_path / "real" / "notelint.toml").write_text("ignore = ['FM004']\n")
    monkeypatch.chdir(tmp_path / "work")
    config = find_and_load("link/../notelint.toml", tmp_path)
    assert config.ignore == ("FM004",)
    assert config.root == str((tmp_path / "real").resolve())


def test_an_empty_configuration_name_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^'': configuration file not found$"):
        find_and_load("", tmp_path)


def test_a_path_is_matched_relative_to_a_root_written_loosely(tmp_path: Path) -> None:
    """Globs match the path from the configuration's folder, however that is written."""
    from notelint.paths import relative_to

    note = str(tmp_path / "notes" / "a.md")
    for root in (tmp_path, str(tmp_path), f"{tmp_path}/", f"{tmp_path}//", f"{tmp_path}/./"):
        assert relative_to(note, root) == "notes/a.md"
    assert relative_to(str(tmp_path), tmp_path) == "."
    assert relative_to("elsewhere/./b.md", tmp_path / "notes") == "elsewhere/b.md"


def test_internal_keys_cannot_be_configured(tmp_path: Path) -> None:
    write(tmp_path, {"notelint.toml": "root = '/'\n"})
    with pytest.raises(ConfigError, match="'root': unknown key"):
        find_and_load(None, tmp_path)


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        # keys in kebab-case or as field names, and named in errors as they are written
        ("max-file-size = 0\n", "'max-file-size': Input should be greater than or equal"),
        ("max_file_size = 0\n", "'max-file-size': Input should be greater than or equal"),
        ("[spelling]\nmin_length = 'x'\n", "'spelling.min-length': Input should be"),
        ("[spelling]\nmin-lenght = 2\n", "'spelling.min-lenght': unknown key"),
        ("[spelling]\nmin-length = 2\nmin_length = 3\n", "'spelling.min-length': given twice"),
        ("ignore = ['X']\nIGNORE = ['Y']\n", "'IGNORE': unknown key"),
        # a Literal type, which pydantic finds in notelint.hints when it validates
        ("[severity]\nFM004 = 'fatal'\n", "'severity.FM004': Input should be 'error', 'warning'"),
        # a glob is a key of per-file-ignores, not a field: kept as written
        ("[per-file-ignores]\n'a_b/*.md' = 'HD'\n", "'per-file-ignores.a_b/*.md': Input should"),
    ],
)
def test_configuration_keys_are_named_as_written(tmp_path: Path, toml: str, error: str) -> None:
    write(tmp_path, {"notelint.toml": toml})
    with pytest.raises(ConfigError, match=re.escape(error)):
        find_and_load(None, tmp_path)


def test_kebab_and_field_names_give_the_same_configuration(tmp_path: Path) -> None:
    write(tmp_path, {"a/notelint.toml": "extend-select = ['HD']\n[spelling]\nmin-length = 3\n"})
    write(tmp_path, {"b/notelint.toml": "extend_select = ['HD']\n[spelling]\nmin_length = 3\n"})
    one, two = find_and_load(None, tmp_path / "a"), find_and_load(None, tmp_path / "b")
    assert one.extend_select == two.extend_select == ("HD",)
    assert one.spelling == two.spelling and one.spelling.min_length == 3


# -- suppression comments, property-based ------------------------------------------------

COMMENTS = st.sampled_from(
    [
        "<!-- notelint-disable -->",
        "<!-- notelint-enable -->",
        "<!-- notelint-disable FM006 -->",
        "<!-- notelint-enable FM -->",
        "<!-- notelint-disable-next-line -->",
        "<!-- notelint-disable-next-line NL003, FM -->",
        "<!-- notelint-disable-file FM006 -->",
        "<!-- notelint-disable XX1 -->",
        "<!--notelint-disable-->",
        "<!-- notelint-disable ALL -->",
        "text",
        "",
        "```",
        "- item <!-- notelint-disable YY -->",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(COMMENTS, max_size=12))
def test_suppressions_never_raise_and_stay_in_bounds(lines: list[str]) -> None:
    text = NOTE.format(extra="").replace("id: abc", "id: -abc") + "\n".join(lines) + "\n"
    found = lint(text, ["FM006", "NL003", "NL004"])
    line_count = text.count("\n") + 1
    for diagnostic in found:
        assert 1 <= diagnostic.start.line <= line_count
    if "<!-- notelint-disable-file FM006 -->" in lines and "```" not in lines:
        assert "FM006" not in {d.code for d in found}


def test_a_configuration_file_seen_before_is_not_parsed_again(tmp_path: Path) -> None:
    """Its text keys the memo of its validated settings: no TOML parser is imported, and
    the same Config comes back; a memo cut short is read past."""
    config = tmp_path / "notelint.toml"
    config.write_text("ignore = ['FM004']\n[spelling]\nwords = ['Dendron']\n")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from notelint.config import load\n"
        f"config = load(Path({str(config)!r}))\n"
        "print(config.ignore, config.spelling.words, 'tomllib' in sys.modules)\n"
    )
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(tmp_path / "user-cache")}
    outputs = [fresh_python(code, env=env) for _ in range(2)]
    assert outputs == ["('FM004',) ('Dendron',) True\n", "('FM004',) ('Dendron',) False\n"]
    for memo in (tmp_path / "user-cache").glob("valid-config-file-*.json"):
        memo.write_text('{"kind": "config-file", "val')  # cut short
    assert fresh_python(code, env=env) == "('FM004',) ('Dendron',) True\n"


def test_a_discovered_pyproject_seen_before_is_not_parsed_again(tmp_path: Path) -> None:
    """Discovery asks whether a pyproject.toml has a [tool.notelint] table: a file that
    does not name notelint is skipped unparsed, one loaded before is known by its text.
    One without the table, even loaded by name once, is still passed over."""
    project = tmp_path / "project"
    (project / "deep").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.notelint]\nignore = ['FM004']\n")
    (project / "deep" / "pyproject.toml").write_text("# notelint: not configured here\n")
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from notelint.config import find_and_load, load\n"
        f"deep = Path({str(project / 'deep')!r})\n"
        "load(deep / 'pyproject.toml')\n"
        "config = find_and_load(None, deep)\n"
        "folder = os.path.basename(os.path.dirname(config.source))\n"
        "print(folder, config.ignore, 'tomllib' in sys.modules)\n"
    )
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(tmp_path / "user-cache")}
    outputs = [fresh_python(code, env=env) for _ in range(2)]
    assert outputs == ["project ('FM004',) True\n", "project ('FM004',) True\n"]
    # the pyproject that names notelint without the table is parsed each time (it was
    # not remembered when loaded by name); once it is gone, nothing is parsed
    (project / "deep" / "pyproject.toml").unlink()
    code = code.replace("load(deep / 'pyproject.toml')\n", "")
    assert fresh_python(code, env=env) == "project ('FM004',) False\n"
