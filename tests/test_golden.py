"""Golden notes: ``tests/fixtures/<name>.md`` beside ``<name>.expected.json``.

The CLI's JSON output for each fixture (run from the repository root, so with the
repository's configuration and rule pack) must equal the expected file. To regenerate
after a deliberate change, run ``NOTELINT_REGEN=1 pytest tests/test_golden.py`` and review
the diff of the JSON files.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from notelint.cli import main
from tests.conftest import FIXTURES, ROOT

GOLDEN = sorted(FIXTURES.glob("*.md"))


def _run(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--format", "json", "--no-cache", path.relative_to(ROOT).as_posix()])
    return json.loads(out.getvalue())


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _run(path, monkeypatch)
    expected_path = path.with_suffix(".expected.json")
    if os.environ.get("NOTELINT_REGEN"):
        expected_path.write_text(
            json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert found == expected
