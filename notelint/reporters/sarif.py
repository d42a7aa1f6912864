"""SARIF 2.1.0, the format GitHub code scanning and other CI dashboards import.

Rule metadata comes from the registry (the docstrings), so the help a dashboard shows is the
same text as ``notelint rule CODE``. Columns are 1-based characters, which SARIF calls
``columnKind: unicodeCodePoints``.
"""

from __future__ import annotations

from collections.abc import Sequence

from notelint import __version__, registry
from notelint.diagnostics import Diagnostic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    from pathlib import PurePath  # a SARIF run's only need of it (see notelint.config)

    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else pure.as_posix()


def _rule(rule: type[registry.Rule]) -> dict[str, Any]:
    doc = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": doc.split("## Bad", 1)[0].strip()},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.default},
        "properties": {"fixable": rule.fixable or "none"},
    }


def _region(d: Diagnostic) -> dict[str, int]:
    return {
        "startLine": d.start.line,
        "startColumn": d.start.column,
        "endLine": d.end.line,
        "endColumn": max(d.end.column, d.start.column + 1) if d.end == d.start else d.end.column,
    }


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(d.path)},
                    "region": _region(d),
                }
            }
        ],
    }
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.title} ({d.fix.applicability.value})"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": edit.start.line,
                                    "startColumn": edit.start.column,
                                    "endLine": edit.end.line,
                                    "endColumn": edit.end.column,
                                },
                                "insertedContent": {"text": edit.content},
                            }
                            for edit in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def document(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    rules = registry.all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "notelint",
                        "version": __version__,
                        "informationUri": "https://github.com/notelint/notelint",
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for d in diagnostics],
            }
        ],
    }


def report(diagnostics: Sequence[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    """The document as ``json.dump(..., indent=2, ensure_ascii=False)`` writes it, by the
    JSON reporter's faster writer."""
    from notelint.reporters.json import pretty

    out.write(pretty(document(diagnostics)) + "\n")
