"""JSON (SPEC §3): an array of objects sorted by path, line, column, code; and JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from notelint.diagnostics import Diagnostic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO


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
    """The array, written one object at a time: the same text as ``json.dump(...,
    indent=2, ensure_ascii=False)`` of the whole list, without holding the whole list."""
    separator = "[\n"
    for diagnostic in diagnostics:
        out.write(separator + "  " + pretty(as_dict(diagnostic), 1))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def pretty(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, nested
    ``level`` deep (its first line unindented, as a list item's is after the indentation).

    json's own encoder is pure Python once there is an indent (its C encoder has none):
    the Dendron-derived 10,000-note vault's 67,000 diagnostics took 2 s to write. Here
    strings go through the C string encoder and the layout is written directly.
    """
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{_string(str(key))}: {pretty(item, level + 1)}" for key, item in value.items()]
    elif isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [pretty(item, level + 1) for item in value]
    else:
        raise TypeError(f"not JSON: {type(value).__name__}")
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + inner + ("," + inner).join(items) + "\n" + "  " * level + closing


#: a string as json writes it with ``ensure_ascii=False`` (its C encoder where there is one)
_string = json.encoder.encode_basestring


def report_lines(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    for diagnostic in diagnostics:
        out.write(json.dumps(as_dict(diagnostic), ensure_ascii=False) + "\n")
