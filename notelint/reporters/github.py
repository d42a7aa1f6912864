"""GitHub Actions workflow commands, which GitHub turns into annotations on the diff."""

from __future__ import annotations

from collections.abc import Sequence

from notelint.diagnostics import Diagnostic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def report(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    for d in diagnostics:
        properties = ",".join(
            [
                f"file={_escape(d.path, property_value=True)}",
                f"line={d.start.line}",
                f"col={d.start.column}",
                f"endLine={d.end.line}",
                f"endColumn={d.end.column}",
                f"title={_escape(d.code, property_value=True)}",
            ]
        )
        out.write(f"::{_LEVEL[d.severity]} {properties}::{_escape(d.code + ' ' + d.message)}\n")
