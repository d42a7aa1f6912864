"""The terminal format: each diagnostic with its source line and a caret, coloured on a tty."""

from __future__ import annotations

import os
from collections.abc import Sequence

from notelint.diagnostics import Diagnostic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def _colour(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(out, "isatty") and out.isatty())


def _source_lines(path: str, sources: dict[str, str]) -> list[str]:
    text = sources.get(path)
    if text is None:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            text = ""
    return text.splitlines()


def report(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    colour = _colour(out)
    bold, red, blue, cyan, reset = (
        ("\x1b[1m", "\x1b[31m", "\x1b[34m", "\x1b[36m", "\x1b[0m") if colour else ("",) * 5
    )
    cached_path, lines = None, []
    for d in diagnostics:
        if d.path != cached_path:
            cached_path, lines = d.path, _source_lines(d.path, sources)
        start = d.start
        out.write(f"{bold}{d.path}:{start.line}:{start.column}:{reset} ")
        out.write(f"{bold}{red}{d.code}{reset} {d.message}\n")
        if 0 < start.line <= len(lines):
            source = lines[start.line - 1].expandtabs(1)
            gutter = str(start.line)
            width = 1
            if d.end.line == start.line and d.end.column > start.column:
                width = d.end.column - start.column
            pad = " " * len(gutter)
            out.write(f"{blue}{pad} |{reset}\n")
            out.write(f"{blue}{gutter} |{reset} {source}\n")
            caret = " " * (start.column - 1) + "^" * width
            out.write(f"{blue}{pad} |{reset} {red}{caret}{reset}\n")
        if d.fix is not None:
            marker = "safe fix" if d.fix.applicability.value == "safe" else "unsafe fix"
            out.write(f"{cyan}  = {marker}: {d.fix.title}{reset}\n")
        out.write("\n")
