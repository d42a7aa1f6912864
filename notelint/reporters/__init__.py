"""Output formats. Each reporter turns sorted diagnostics into text; none of them lints."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TextIO

    from notelint.diagnostics import Diagnostic

    Reporter = Callable[[Sequence[Diagnostic], TextIO, dict[str, str]], None]

FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif")


def get(name: str) -> Reporter:
    """The reporter for a ``--format`` value, imported on demand."""
    if name == "full":
        from notelint.reporters.full import report
    elif name == "concise":
        from notelint.reporters.concise import report
    elif name in ("json", "json-lines"):
        from notelint.reporters.json import report, report_lines

        return report if name == "json" else report_lines
    elif name == "github":
        from notelint.reporters.github import report
    elif name == "sarif":
        from notelint.reporters.sarif import report
    else:
        raise ValueError(name)
    return report
