"""The pre-commit hooks, for real: ``git commit`` in a new repository refuses a broken note
and accepts it once fixed.

The repository under test uses this checkout as its hook repository (``repo:`` a local
path, ``rev:`` the checkout's HEAD), exactly as another project would use notelint from
GitHub: pre-commit clones it, builds the hook's virtual environment by pip-installing it
(the package index must be reachable; nothing else is fetched) and runs ``notelint check``
through ``git commit``. So the test covers the committed ``.pre-commit-hooks.yaml`` and
packaging (commit your changes before running it). ``PRE_COMMIT_HOME`` is a temporary
folder: nothing of the user's pre-commit cache is read or written. Building the
environment takes most of the time (15 s here, once per module); marked slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

ROOT = Path(__file__).resolve().parent.parent

NOTE = """---
id: 4d2a9e6c1b
title: 0.10
desc: Relations between two states
updated: 1617547732440
created: 1617529949389
---

## Background.

The treaty was signed in 1950.
"""

pytestmark = pytest.mark.slow


def _git(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path, pre_commit_home: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(pre_commit_home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("VIRTUAL_ENV", None)
    repo = tmp_path / "vault"
    repo.mkdir()
    assert _git(["init", "-q", "-b", "main"], repo, env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {head.stdout.strip()}\n"
        "    hooks:\n"
        "      - id: notelint\n"
        "      - id: notelint-fix\n"
        "        stages: [manual]\n",
        encoding="utf-8",
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    return repo, env


def test_commit_is_refused_with_the_diagnostic_then_accepted(
    project: tuple[Path, dict[str, str]],
) -> None:
    repo, env = project
    note = repo / "history.treaty.md"
    note.write_text(NOTE, encoding="utf-8")
    assert _git(["add", "."], repo, env).returncode == 0

    started = time.monotonic()
    refused = _git(["commit", "-m", "a broken note"], repo, env)
    elapsed = time.monotonic() - started
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "notelint" in output and "Failed" in output
    assert (
        "history.treaty.md:3:8: FM004 'title' is a number (0.1, from '0.10'), "
        "not a string" in output
    )
    assert "history.treaty.md:9:14: HD007 Heading ends with '.'" in output
    assert _git(["rev-parse", "--verify", "HEAD"], repo, env).returncode != 0  # no commit
    print(f"first commit attempt (builds the hook environment): {elapsed:.1f} s")

    note.write_text(
        NOTE.replace("title: 0.10", "title: '0.10'").replace("## Background.", "## Background"),
        encoding="utf-8",
    )
    assert _git(["add", "."], repo, env).returncode == 0
    accepted = _git(["commit", "-m", "the note, fixed"], repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "notelint" in accepted.stderr and "Passed" in accepted.stderr


def test_the_fix_hook_fixes_the_note_and_refuses_until_it_is_staged(
    project: tuple[Path, dict[str, str]],
) -> None:
    """``notelint-fix`` rewrites the note (pre-commit then fails: files were modified);
    once the fixed note is staged, the commit goes through."""
    repo, env = project
    note = repo / "note.md"
    note.write_text(NOTE.replace("title: 0.10", "title: The treaty"), encoding="utf-8")
    assert _git(["add", "."], repo, env).returncode == 0
    run = [sys.executable, "-m", "pre_commit", "run", "--hook-stage", "manual", "notelint-fix"]
    fixed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert fixed.returncode != 0
    assert "files were modified by this hook" in fixed.stdout
    assert "## Background\n" in note.read_text(encoding="utf-8")
    assert _git(["add", "."], repo, env).returncode == 0
    accepted = _git(["commit", "-m", "fixed by the hook"], repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
