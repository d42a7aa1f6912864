"""The command line, end to end: formats, exit codes, one-line errors, configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli as run

NOTE = """---
id: abc
title: 0.10
desc: ''
updated: 1617547732440
created: 1617529949389
---
Text.
"""


def notelint_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """``python -m notelint ARGS`` in a fresh process, as a user runs it: its exit status
    and its streams as text (standard output captured unless ``stdout`` is given)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "notelint", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(NOTE)
    (tmp_path / "notes" / "b.md").write_text(NOTE.replace("0.10", "Fine").replace("abc", "abd"))
    (tmp_path / "notelint.toml").write_text('include = ["notes/**/*.md"]\n')
    return tmp_path


def test_json_matches_the_spec_field_for_field(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["check", "--format", "json", "notes"], vault, monkeypatch)
    assert code == 1 and err == ""
    assert json.loads(out) == [
        {
            "path": "notes/a.md",
            "line": 3,
            "column": 8,
            "end_line": 3,
            "end_column": 12,
            "code": "FM004",
            "rule": "field-type",
            "severity": "error",
            "message": "'title' is a number (0.1, from '0.10'), not a string",
            "fix": {
                "applicability": "unsafe",
                "edits": [
                    {"line": 3, "column": 8, "end_line": 3, "end_column": 12, "content": "'0.10'"}
                ],
            },
            "suggestions": [],
        }
    ]


def test_clean_json_is_an_empty_array(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["check", "--format", "json", "notes/b.md"], vault, monkeypatch)[:2] == (0, "[]\n")


def test_concise_format_and_summary(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["check", "--format", "concise"], vault, monkeypatch)
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "notes/a.md:3:8: FM004 'title' is a number (0.1, from '0.10'), not a string"
    assert lines[1] == "Found 1 problem in 2 notes."


def test_quiet_exit_zero_and_statistics(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        ["check", "--format", "concise", "--quiet", "--exit-zero", "notes"], vault, monkeypatch
    )
    assert (code, len(out.splitlines())) == (0, 1)
    code, out, _ = run(["check", "--statistics", "notes"], vault, monkeypatch)
    assert (code, out.split()) == (1, ["1", "FM004", "field-type"])


def test_full_format_shows_the_source_line_and_caret(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(["check", "--format", "full", "notes/a.md"], vault, monkeypatch)
    assert "3 | title: 0.10\n  |        ^^^^\n" in out


def test_github_format(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(["check", "--format", "github", "notes/a.md"], vault, monkeypatch)
    assert out.startswith(
        "::error file=notes/a.md,line=3,col=8,endLine=3,endColumn=12,title=FM004::FM004 "
    )


def test_select_and_ignore(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["check", "--ignore", "FM004", "notes"], vault, monkeypatch)[0] == 0
    assert run(["check", "--select", "FM001,FM002", "notes"], vault, monkeypatch)[0] == 0


def test_stdin_filename(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        ["check", "--format", "concise", "--stdin-filename", "notes/x.md", "-q"],
        vault,
        monkeypatch,
        stdin=NOTE,
    )
    assert (code, out) == (
        1,
        "notes/x.md:3:8: FM004 'title' is a number (0.1, from '0.10'), not a string\n",
    )


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["check", "missing/"], "", "missing/: no such file or directory"),
        (["check", "--bogus"], "", "unrecognized arguments: --bogus"),
        (["check", "--select", "QQ1"], "", "unknown rule code or prefix 'QQ1'"),
        (["check"], "colour = 1\n", "notelint.toml: 'colour': unknown key"),
        (
            ["check"],
            "[spelling]\nmin-length = 'x'\n",
            "'spelling.min-length': Input should be a valid integer",
        ),
        (["check"], "include = [\n", "notelint.toml: invalid TOML"),
        (["check", "--config", "nope.toml"], "", "nope.toml: configuration file not found"),
        (["rule", "ZZ001"], "", "unknown rule 'ZZ001'"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], config: str, message: str
) -> None:
    (tmp_path / "notelint.toml").write_text(config)
    code, _, err = run(args, tmp_path, monkeypatch)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notelint.toml",
            b"cache-dir = '\xff'\n",
            "notelint.toml: invalid TOML: not UTF-8 (byte 14)",
        ),
        (
            "pyproject.toml",
            b"[tool.notelint]\ncolour = 1\n",
            "pyproject.toml: 'colour': unknown key",
        ),
        ("pyproject.toml", b"tool = {notelint = 1}\n", "'tool.notelint' must be a table"),
    ],
)
def test_bad_configuration_files_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    code, _, err = run(["check", "--config", name], tmp_path, monkeypatch)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_malformed_timeline_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "timeline.yaml").write_text(
        "- name: Korean War\n  start: 1950-06-25\n  end: 1953-07-27\n"
        "- name: Backwards\n  start: 1964\n  end: 1953\n"
    )
    (tmp_path / "notelint.toml").write_text("")
    code, _, err = run(["check", "."], tmp_path, monkeypatch)
    assert code == 2
    assert "timeline.yaml:4: event ends (1953) before it starts (1964)" in err


def test_rule_pack_yaml_error_has_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "timeline.yaml").write_text("- name: x\n  date: 1950\n- name: [\n")
    (tmp_path / "notelint.toml").write_text("")
    code, _, err = run(["check", "."], tmp_path, monkeypatch)
    assert code == 2 and "timeline.yaml:4:" in err


def test_configuration_in_pyproject_is_discovered_upwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.notelint]\nignore = ['FM004']\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "a.md").write_text(NOTE)
    assert run(["check", "."], tmp_path / "deep" / "er", monkeypatch)[0] == 0


def test_rule_and_rules_render_the_docstrings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = run(["rule", "fm004"], tmp_path, monkeypatch)
    assert code == 0 and out.startswith("# FM004 field-type") and "## Bad" in out
    code, out, _ = run(["rules"], tmp_path, monkeypatch)
    assert code == 0 and "FM009  key-duplicate" in out


@pytest.mark.slow
def test_console_script_and_module_entry_points(vault: Path) -> None:
    script = str(Path(sys.executable).with_name("notelint"))
    for command in ([script], [sys.executable, "-m", "notelint"]):
        done = subprocess.run(
            [*command, "check", "--format", "concise", "notes"],
            cwd=vault,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, done.stderr
        assert done.stdout.startswith("notes/a.md:3:8: FM004")
        assert done.stderr == ""


@pytest.mark.slow
def test_the_fast_exit_flushes_buffered_output_and_keeps_the_status(vault: Path) -> None:
    """``run`` ends the process with ``os._exit``: what is still buffered must be written
    first (output to a pipe is block-buffered unless PYTHONUNBUFFERED is set)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    for fmt, last in (("json", "]"), ("concise", "1 with a fix (see `notelint rule CODE`).")):
        done = notelint_process("check", "--format", fmt, "notes", cwd=vault, env=env)
        assert done.returncode == 1, done.stderr
        assert done.stdout.endswith(f"{last}\n")
    done = notelint_process("check", "missing", cwd=vault, env=env)
    assert (done.returncode, done.stderr) == (
        2,
        "notelint: error: missing: no such file or directory\n",
    )


@pytest.mark.slow
def test_the_fast_exit_runs_the_exit_handlers_first(vault: Path) -> None:
    """Coverage tools and plugins finish their work at exit: a registered handler runs,
    once, before ``run`` ends the process."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "from notelint.cli import run\n"
        "sys.argv = ['notelint', 'check', '-q', 'notes']\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=vault, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "handler ran\n")
    assert done.stdout.startswith("notes/a.md:3:8: FM004")


@pytest.mark.slow
def test_a_parallel_run_exits_fast_with_everything_written(vault: Path) -> None:
    """After a parallel run (its children ended and reaped), ``run`` ends the process:
    the output is the one-process run's, whole, with its status."""
    from notelint.engine import PARALLEL_MIN

    for index in range(PARALLEL_MIN * 2 + 1):
        text = NOTE.replace("abc", f"n{index:03}").replace("Text.", f"Text {index} the the.")
        (vault / "notes" / f"n{index:03}.md").write_text(text)
    outputs = []
    for jobs in ("1", "2"):
        done = notelint_process("check", "--no-cache", "--jobs", jobs, "notes", cwd=vault)
        assert (done.returncode, done.stderr) == (1, "")
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("SP002") == PARALLEL_MIN * 2 + 1


@pytest.mark.slow
def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback(vault: Path) -> None:
    (vault / "notes" / "c.md").write_text(NOTE.replace("Text.", "Between 1964–1953 or Ĉ."))
    done = subprocess.run(
        [sys.executable, "-m", "notelint", "check", "--format", "concise", "notes/c.md"],
        cwd=vault,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"\\u2013" in done.stdout


def test_building_the_parser_leaves_shutil_alone_but_help_wraps_to_the_terminal(
    tmp_path: Path,
) -> None:
    """Formatters made while building have a fixed width (no ``shutil`` import in a run
    that prints no help); ``--help`` still wraps to ``COLUMNS``."""
    script = (
        "import sys\n"
        "from notelint.cli import build_parser\n"
        "build_parser().parse_args(['check', '-q', '.'])\n"
        "print('shutil' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr
    lines = {}
    for columns in ("40", "200"):
        env = {**os.environ, "COLUMNS": columns}
        shown = notelint_process("check", "--help", cwd=tmp_path, env=env)
        lines[columns] = shown.stdout.splitlines()
    assert len(lines["40"]) > len(lines["200"])  # narrower: help texts wrap onto more lines


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("buffered", [True, False])
def test_output_that_cannot_be_written_is_a_one_line_error(vault: Path, buffered: bool) -> None:
    """A full disk (``/dev/full``) as standard output: exit 2 and one line, whether the
    write fails at once (unbuffered) or only when the buffer is flushed at the end."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    for fmt in ("json", "concise"):
        with open("/dev/full", "w") as full:
            done = notelint_process(
                "check", "--format", fmt, "notes", cwd=vault, env=env, stdout=full
            )
        assert done.returncode == 2, done.stderr
        assert done.stderr == "notelint: error: cannot write the output: No space left on device\n"
