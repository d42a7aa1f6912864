"""JSON (SPEC §3): an array of objects sorted by path, line, column, code; and JSON lines."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from notelint.diagnostics import Diagnostic


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    fix = diagnostic.fix
    return {
        "path": diagnostic.path,
        "line": diagnostic.start.line,
        "column": diagnostic.start.column,
        "end_line": diagnostic.end.line,
        "end_column": diagnostic.end.column,
        "code": diagnostic.code,
        "rule": diagnostic.rule,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "fix": None
        if fix is None
        else {
            "applicability": fix.applicability.value,
            "edits": [
                {
                    "line": edit.start.line,
                    "column": edit.start.column,
                    "end_line": edit.end.line,
                    "end_column": edit.end.column,
                    "content": edit.content,
                }
                for edit in fix.edits
            ],
        },
        "suggestions": list(diagnostic.suggestions),
    }


def report(diagnostics: Iterable[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    """The array, written one object at a time (the same text as ``json.dump(..., indent=2)``
    of the whole list, without holding the whole list)."""
    separator = "[\n"
    for diagnostic in diagnostics:
        item = json.dumps(as_dict(diagnostic), indent=2, ensure_ascii=False)
        out.write(separator + textwrap.indent(item, "  "))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def report_lines(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    for diagnostic in diagnostics:
        out.write(json.dumps(as_dict(diagnostic), ensure_ascii=False) + "\n")
