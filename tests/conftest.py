"""Shared test helpers: lint texts with chosen rules, render diagnostics as CODE@line:col."""

from __future__ import annotations

import io
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notelint.config import Config, validate
from notelint.diagnostics import Diagnostic
from notelint.engine import Linter
from notelint.pack import RulePack
from notelint.pack import load as load_pack

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: the clock tests run at: after every timestamp in the fixtures, fixed for determinism
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def repo_pack() -> RulePack:
    return load_pack(ROOT / "rules")


def make_config(toml: str = "") -> Config:
    """A configuration from ``notelint.toml``-style text, rooted at the repository."""
    return validate(tomllib.loads(toml), ROOT)


def linter(
    select: Iterable[str] = ("ALL",), *, config: Config | None = None, pack: RulePack | None = None
) -> Linter:
    return Linter(
        config or make_config(),
        pack if pack is not None else repo_pack(),
        select=select,
        now=NOW,
    )


def lint_vault(
    texts: Sequence[str],
    select: Iterable[str] = ("ALL",),
    *,
    config: Config | None = None,
    pack: RulePack | None = None,
) -> list[Diagnostic]:
    """Lint several notes as one vault (``note0.md``, ``note1.md``, ...)."""
    run = linter(select, config=config, pack=pack)
    return run.finish(
        [run.lint_text(text, f"note{i}.md") for i, text in enumerate(texts)]
    ).diagnostics


def lint(
    text: str,
    select: Iterable[str] = ("ALL",),
    *,
    config: Config | None = None,
    pack: RulePack | None = None,
    path: str = "note.md",
) -> list[Diagnostic]:
    """Lint ``text`` with the selected rules, the repository's rule pack and a fixed clock."""
    run = linter(select, config=config, pack=pack)
    return run.finish([run.lint_text(text, path)]).diagnostics


def where(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """``CODE@line:column`` for each diagnostic, the form case files use."""
    return [f"{d.code}@{d.start.line}:{d.start.column}" for d in diagnostics]


def run_cli(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str, str]:
    """Run ``notelint`` in-process in ``cwd``; exit code, standard output and error."""
    from notelint.cli import main

    monkeypatch.chdir(cwd)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = main(args)
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()


@pytest.fixture
def seed_text() -> str:
    return (FIXTURES / "seed.md").read_text(encoding="utf-8")


def fresh_python(code: str, *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """What ``code`` prints in a new interpreter (it fails the test if the process does):
    how the tests see what a run imports, and what it remembers from one run to the next."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
