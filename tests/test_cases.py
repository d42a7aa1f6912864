"""Case files: ``tests/cases/<FAMILY>.yaml``, named cases with exact positions.

Each case has ``source``, ``expect`` (the exact ``CODE@line:column`` list, in output
order), optional ``select`` (default: the file's family), ``options`` (``notelint.toml``
text) and ``fixed`` (the text after applying fixes, unsafe ones included when
``unsafe: true``); the fixed text is linted again and must be clean of the selected rules,
or, with ``residual: true`` (problems that have no fix), report exactly ``expect`` again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import lint, linter, make_config, where

CASES = Path(__file__).resolve().parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case.setdefault("select", [path.stem])
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any]) -> None:
    config = make_config(case.get("options", ""))
    found = lint(case["source"], case["select"], config=config)
    assert where(found) == case["expect"], [
        f"{d.code}@{d.start.line}:{d.start.column} {d.message}" for d in found
    ]
    if "fixed" in case:
        from notelint.fixes import fix_text

        run = linter(case["select"], config=config)
        result = fix_text(run, case["source"], "note.md", unsafe=case.get("unsafe", False))
        assert result.text == case["fixed"]
        left = where(lint(result.text, case["select"], config=config))
        # ``residual: true`` marks a case whose problems have no fix: exactly they remain
        assert left == (case["expect"] if case.get("residual") else [])
