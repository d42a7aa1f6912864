"""``path:line:col: CODE message``: what problem matchers and Vim's errorformat read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from notelint.diagnostics import Diagnostic


def line(diagnostic: Diagnostic) -> str:
    start = diagnostic.start
    return f"{diagnostic.path}:{start.line}:{start.column}: {diagnostic.code} {diagnostic.message}"


def report(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    for diagnostic in diagnostics:
        out.write(line(diagnostic) + "\n")
