"""Editors: ``--stdin-filename`` with every format, ``--fix`` on standard input, and the
README's recipes tried for real: the VS Code problem matcher on real output, and Vim,
headless, running ``:make`` and ``cexpr system()`` (skipped where Vim is not installed).

The recipe strings below are the ones the README shows; if the README has them, a test
checks that they are still the same.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.reporters import FORMATS
from tests.conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent

#: the note an editor holds in its buffer (never saved under this name)
NOTE = """---
id: abc
title: 0.10
desc: ''
updated: 1617547732440
created: 1617529949389
---

## Heading.

Zhōu Ēnlái met met them.
"""

EXPECTED = [
    ("notes/x.md", 3, 8, "FM004", "'title' is a number (0.1, from '0.10'), not a string"),
    ("notes/x.md", 9, 11, "HD007", "Heading ends with '.'"),
    ("notes/x.md", 11, 16, "SP002", "Word 'met' is repeated"),
]

#: VS Code: .vscode/tasks.json (README)
VSCODE_TASKS = r"""{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "notelint",
      "type": "shell",
      "command": "notelint check --format concise --exit-zero ${relativeFile}",
      "group": "test",
      "presentation": {"reveal": "never"},
      "problemMatcher": {
        "owner": "notelint",
        "source": "notelint",
        "fileLocation": ["autoDetect", "${workspaceFolder}"],
        "severity": "warning",
        "pattern": {
          "regexp": "^(.+?):(\\d+):(\\d+): ([A-Z]{2}\\d{3}) (.*)$",
          "file": 1,
          "line": 2,
          "column": 3,
          "code": 4,
          "message": 5
        }
      }
    }
  ]
}
"""

#: Vim/Neovim: after/ftplugin/markdown.vim (README), sourced as is by the tests
VIM_FTPLUGIN = r"""setlocal makeprg=notelint\ check\ --format\ concise\ --quiet
setlocal errorformat=%f:%l:%v:\ %m
"""
VIM_COMMANDS = r"""command! -buffer Notelint call setqflist([], ' ', {'title': 'notelint',
      \ 'efm': '%f:%l:%v: %m', 'lines': systemlist(
      \ 'notelint check --format concise --quiet --stdin-filename '
      \ . shellescape(expand('%')), getline(1, '$'))})
"""
VIM_FIX_COMMAND = r"""command! -buffer NotelintFix
      \ %!notelint check --fix --exit-zero --stdin-filename % 2>/dev/null
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notelint.toml").write_text(
        'include = ["notes/**/*.md"]\n[spelling]\nwords = ["Zhōu", "Ēnlái"]\n', encoding="utf-8"
    )
    return tmp_path


def stdin_check(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    code, out, _ = run(
        ["check", "--stdin-filename", "notes/x.md", *args], project, monkeypatch, stdin=NOTE
    )
    return code, out


# -- --stdin-filename with every format -----------------------------------------------------


def test_every_format_is_tested() -> None:
    assert set(FORMATS) == {"full", "concise", "json", "json-lines", "github", "sarif"}


def test_stdin_concise(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = stdin_check(project, monkeypatch, "--format", "concise", "-q")
    assert code == 1
    assert out == "".join(f"{p}:{line}:{col}: {c} {m}\n" for p, line, col, c, m in EXPECTED)


def test_stdin_full_shows_the_buffer_not_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the file on disk is another (clean) version: the buffer's text is what is shown
    (project / "notes" / "x.md").write_text(NOTE.replace("0.10", "Ten").replace("met met", "met"))
    code, out = stdin_check(project, monkeypatch, "--format", "full")
    assert code == 1
    assert "notes/x.md:3:8: FM004 'title' is a number" in out
    assert "3 | title: 0.10\n  |        ^^^^\n" in out
    assert "11 | Zhōu Ēnlái met met them.\n" in out


def test_stdin_json_and_json_lines(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = stdin_check(project, monkeypatch, "--format", "json")
    found = [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in json.loads(out)]
    assert (code, found) == (1, EXPECTED)
    code, out = stdin_check(project, monkeypatch, "--format", "json-lines")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in lines] == EXPECTED


def test_stdin_github(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = stdin_check(project, monkeypatch, "--format", "github")
    assert code == 1
    assert [line.split("::")[1] for line in out.splitlines()] == [
        f"error file={p},line={line},col={col},endLine={line},endColumn={end},title={c}"
        for (p, line, col, c, _), end in zip(EXPECTED, (12, 12, 19), strict=True)
    ]


def test_stdin_sarif(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    code, out = stdin_check(project, monkeypatch, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((ROOT / "tests" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    places = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["ruleId"],
        )
        for r in results
    ]
    assert (code, places) == (1, [e[:4] for e in EXPECTED])


def test_stdin_statistics(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = stdin_check(project, monkeypatch, "--statistics")
    assert code == 1
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["1", "FM004"],
        ["1", "HD007"],
        ["1", "SP002"],
    ]


# -- --fix with standard input: the fixed note on standard output ---------------------------


def test_fix_stdin_prints_the_fixed_note(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_disk = project / "notes" / "x.md"
    on_disk.write_text("old content\n")
    code, out, err = run(
        ["check", "--fix", "--stdin-filename", "notes/x.md"], project, monkeypatch, stdin=NOTE
    )
    # the safe fixes (HD007, SP002) are applied; FM004's quoting is unsafe and remains
    assert out == NOTE.replace("## Heading.", "## Heading").replace("met met", "met")
    assert (code, err) == (
        1,
        "notes/x.md:3:8: FM004 'title' is a number (0.1, from '0.10'), not a string\n",
    )
    assert on_disk.read_text() == "old content\n"  # nothing written


def test_unsafe_fix_stdin_and_a_clean_note(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["check", "--fix", "--unsafe-fixes", "--stdin-filename", "notes/x.md"]
    code, out, err = run(args, project, monkeypatch, stdin=NOTE)
    fixed = NOTE.replace("## Heading.", "## Heading").replace("met met", "met")
    assert (code, out, err) == (0, fixed.replace("title: 0.10", "title: '0.10'"), "")
    # a clean note comes back byte for byte
    code, out, err = run(args, project, monkeypatch, stdin=out)
    assert (code, out, err) == (0, fixed.replace("title: 0.10", "title: '0.10'"), "")


def test_diff_stdin(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        ["check", "--diff", "--stdin-filename", "notes/x.md"], project, monkeypatch, stdin=NOTE
    )
    assert code == 1
    assert "--- a/notes/x.md\n+++ b/notes/x.md\n" in out
    assert "-## Heading.\n+## Heading\n" in out


# -- VS Code: the problem matcher on real output --------------------------------------------


def test_vscode_problem_matcher_reads_the_concise_format(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = json.loads(VSCODE_TASKS)["tasks"][0]
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])  # a JavaScript regexp; this one reads the same
    (project / "notes" / "x.md").write_text(NOTE)
    # what the task runs (${relativeFile} = notes/x.md), with the summary VS Code also sees
    code, out, _ = run(
        ["check", "--format", "concise", "--exit-zero", "notes/x.md"], project, monkeypatch
    )
    assert code == 0
    found = []
    for line in out.splitlines():
        match = regexp.match(line)
        if match:
            found.append(
                (
                    match.group(pattern["file"]),
                    int(match.group(pattern["line"])),
                    int(match.group(pattern["column"])),
                    match.group(pattern["code"]),
                    match.group(pattern["message"]),
                )
            )
    assert found == EXPECTED
    assert "Found 3 problems in 1 note." in out  # the summary matches no problem


def test_a_windows_path_is_read_whole() -> None:
    pattern = json.loads(VSCODE_TASKS)["tasks"][0]["problemMatcher"]["pattern"]
    match = re.match(pattern["regexp"], r"C:\vault\a.md:3:8: FM004 'title': a number")
    assert match is not None
    assert match.groups() == (r"C:\vault\a.md", "3", "8", "FM004", "'title': a number")


# -- Vim, for real, headless ---------------------------------------------------------------

VIM = shutil.which("vim")


def _vim(script: str, cwd: Path) -> list[str]:
    """Run ``script`` in a headless Vim (no vimrc, no viminfo, no swap files); it writes
    its findings to ``out.txt``, returned as lines."""
    (cwd / "script.vim").write_text(script, encoding="utf-8")
    bindir = str(Path(sys.executable).parent)
    # the user's environment, as an editor has it (so also their prepared dictionary)
    env = {**os.environ, "PATH": os.pathsep.join([bindir, os.environ.get("PATH", "")])}
    env["LANG"] = "C.UTF-8"
    done = subprocess.run(
        [VIM or "vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", "script.vim"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    out = cwd / "out.txt"
    assert out.exists(), f"vim failed ({done.returncode}): {done.stdout}{done.stderr}"
    return out.read_text(encoding="utf-8").splitlines()


_DUMP = """
let s:found = []
for s:e in getqflist()
  if s:e.valid
    execute 'cc ' . (index(getqflist(), s:e) + 1)
    let s:here = strpart(getline('.'), col('.') - 1, 8)
    call add(s:found, join([bufname(s:e.bufnr), s:e.lnum, s:here, s:e.text], '|'))
  endif
endfor
call writefile(s:found, 'out.txt')
qall!
"""


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_vim_make_fills_the_quickfix_list(project: Path) -> None:
    (project / "notes" / "x.md").write_text(NOTE, encoding="utf-8")
    (project / "ftplugin.vim").write_text(VIM_FTPLUGIN, encoding="utf-8")
    script = "set encoding=utf-8 hidden\nedit notes/x.md\nsource ftplugin.vim\nsilent make! %\n"
    # each entry puts the cursor on the problem (the text from there is shown): '%v' reads
    # notelint's character columns right after the non-ASCII 'Zhōu Ēnlái' too
    assert _vim(script + _DUMP, project) == [
        "notes/x.md|3|0.10|FM004 'title' is a number (0.1, from '0.10'), not a string",
        "notes/x.md|9|.|HD007 Heading ends with '.'",
        "notes/x.md|11|met them|SP002 Word 'met' is repeated",
    ]


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_vim_lints_the_unsaved_buffer_through_stdin(project: Path) -> None:
    (project / "notes" / "x.md").write_text(NOTE, encoding="utf-8")
    (project / "ftplugin.vim").write_text(VIM_FTPLUGIN + VIM_COMMANDS, encoding="utf-8")
    script = (
        "set encoding=utf-8 hidden\n"
        "edit notes/x.md\n"
        "source ftplugin.vim\n"
        # an edit not written to disk: the heading is fixed, a new problem added
        "call setline(9, '## Heading')\n"
        "call append(line('$'), 'And and more.')\n"
        "Notelint\n" + _DUMP
    )
    assert _vim(script, project) == [
        "notes/x.md|3|0.10|FM004 'title' is a number (0.1, from '0.10'), not a string",
        "notes/x.md|11|met them|SP002 Word 'met' is repeated",
        "notes/x.md|12|and more|SP002 Word 'and' is repeated",
    ]


@pytest.mark.skipif(VIM is None, reason="vim is not installed")
def test_vim_fixes_the_buffer_through_stdin(project: Path) -> None:
    (project / "notes" / "x.md").write_text(NOTE, encoding="utf-8")
    (project / "fix.vim").write_text(VIM_FIX_COMMAND, encoding="utf-8")
    script = (
        "set encoding=utf-8 hidden\n"
        "edit notes/x.md\n"
        "source fix.vim\n"
        "silent NotelintFix\n"
        "call writefile(getline(1, '$'), 'out.txt')\n"
        "qall!\n"
    )
    fixed = NOTE.replace("## Heading.", "## Heading").replace("met met", "met")
    assert _vim(script, project) == fixed.splitlines()  # the problem left is not in the buffer
    assert (project / "notes" / "x.md").read_text(encoding="utf-8") == NOTE  # not saved


# -- Emacs, for real, in batch mode --------------------------------------------------------

EMACS = shutil.which("emacs")

#: Emacs: a Flymake backend that lints the buffer through standard input (README)
EMACS_FLYMAKE = r""";;; notelint-flymake.el --- notelint for Flymake  -*- lexical-binding: t -*-
(require 'flymake)

(defvar-local notelint--flymake-process nil)

(defun notelint-flymake (report-fn &rest _args)
  "Flymake backend: lint the buffer with notelint, through standard input."
  (when (process-live-p notelint--flymake-process)
    (kill-process notelint--flymake-process))
  (let ((source (current-buffer)))
    (save-restriction
      (widen)
      (setq notelint--flymake-process
            (make-process
             :name "notelint-flymake" :noquery t :connection-type 'pipe
             :coding 'utf-8-unix
             :buffer (generate-new-buffer " *notelint-flymake*")
             :command (list "notelint" "check" "--format" "concise" "--quiet" "--exit-zero"
                            "--stdin-filename" (or buffer-file-name (buffer-name)))
             :sentinel
             (lambda (process _event)
               (when (memq (process-status process) '(exit signal))
                 (unwind-protect
                     (when (with-current-buffer source
                             (eq process notelint--flymake-process))
                       (with-current-buffer (process-buffer process)
                         (goto-char (point-min))
                         (let (diagnostics)
                           (while (re-search-forward
                                   "^.+?:\\([0-9]+\\):\\([0-9]+\\): \\([A-Z][A-Z][0-9]+ .*\\)$"
                                   nil t)
                             (let ((region (flymake-diag-region
                                            source
                                            (string-to-number (match-string 1))
                                            (string-to-number (match-string 2)))))
                               (push (flymake-make-diagnostic
                                      source (car region) (cdr region) :warning
                                      (match-string 3))
                                     diagnostics)))
                           (funcall report-fn (nreverse diagnostics)))))
                   (kill-buffer (process-buffer process)))))))
      (process-send-region notelint--flymake-process (point-min) (point-max))
      (process-send-eof notelint--flymake-process))))

(defun notelint-flymake-setup ()
  (add-hook 'flymake-diagnostic-functions #'notelint-flymake nil t)
  (flymake-mode 1))
"""

#: Emacs: M-x compile with this command; the built-in 'gnu' regexp reads the output
EMACS_COMPILE = "notelint check --format concise --quiet"


def _emacs(lisp: str, cwd: Path) -> list[str]:
    (cwd / "test.el").write_text(lisp, encoding="utf-8")
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": os.pathsep.join([bindir, os.environ.get("PATH", "")])}
    env["LANG"] = "C.UTF-8"
    done = subprocess.run(
        [EMACS or "emacs", "--batch", "-Q", "-l", "test.el"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    out = cwd / "out.txt"
    assert out.exists(), f"emacs failed ({done.returncode}): {done.stdout}{done.stderr}"
    return out.read_text(encoding="utf-8").splitlines()


_EMACS_HERE = (
    '(format "%s|%d|%s" (file-name-nondirectory (or buffer-file-name ""))'
    " (line-number-at-pos) (buffer-substring (point) (min (line-end-position) (+ (point) 8))))"
)


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed")
def test_emacs_compile_and_next_error(project: Path) -> None:
    (project / "notes" / "x.md").write_text(NOTE, encoding="utf-8")
    lisp = f"""
(require 'compile)
(let ((found '()))
  (compile "{EMACS_COMPILE} notes/x.md")
  (let ((process (get-buffer-process "*compilation*")))
    (while (process-live-p process) (accept-process-output process 0.1)))
  (accept-process-output nil 0.2)
  (with-current-buffer "*compilation*" (goto-char (point-min)))
  (condition-case nil
      (while t
        (next-error)
        (with-current-buffer (window-buffer)
          (goto-char (window-point))
          (push {_EMACS_HERE} found)))
    (error nil))
  (with-temp-file "out.txt" (insert (mapconcat #'identity (nreverse found) "\n"))))
"""
    assert _emacs(lisp, project) == ["x.md|3|0.10", "x.md|9|.", "x.md|11|met them"]


@pytest.mark.skipif(EMACS is None, reason="emacs is not installed")
def test_emacs_flymake_backend_lints_the_unsaved_buffer(project: Path) -> None:
    (project / "notes" / "x.md").write_text(NOTE, encoding="utf-8")
    lisp = (
        EMACS_FLYMAKE
        + f"""
(defvar notelint-test-result 'waiting)
(find-file "notes/x.md")
(goto-char (point-max))
(insert "And and more.\n")          ; not saved
(notelint-flymake (lambda (diagnostics &rest _) (setq notelint-test-result diagnostics)))
(while (eq notelint-test-result 'waiting) (accept-process-output nil 0.1))
(with-temp-file (expand-file-name "../out.txt")
  (dolist (d notelint-test-result)
    (insert (with-current-buffer (flymake-diagnostic-buffer d)
              (save-excursion (goto-char (flymake-diagnostic-beg d)) {_EMACS_HERE}))
            "|" (flymake-diagnostic-text d) "\n")))
"""
    )
    assert _emacs(lisp, project) == [
        "x.md|3|0.10|FM004 'title' is a number (0.1, from '0.10'), not a string",
        "x.md|9|.|HD007 Heading ends with '.'",
        "x.md|11|met them|SP002 Word 'met' is repeated",
        "x.md|12|and more|SP002 Word 'and' is repeated",
    ]


# -- the README shows these same recipes ---------------------------------------------------


def test_readme_recipes_match_the_tested_ones() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if "errorformat" not in readme:
        pytest.skip("the README has no editor recipes yet")
    for recipe in (VIM_FTPLUGIN, VIM_COMMANDS, VIM_FIX_COMMAND, EMACS_FLYMAKE):
        assert recipe.strip() in readme
    regexp = json.loads(VSCODE_TASKS)["tasks"][0]["problemMatcher"]["pattern"]["regexp"]
    assert json.dumps(regexp) in readme
