"""Writing fixed notes: never a mix of old and new, never through a link out of the vault."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notelint.fixes import FixError, fix_files, write_atomic
from tests.conftest import linter, make_config

NOTE = (
    "---\nid: a\ntitle: T\ndesc: ''\nupdated: 1617547732440\ncreated: 1617529949389\n---\n"
    "## A\nText.\n"
)


@pytest.fixture
def link_out(tmp_path: Path) -> tuple[Path, Path]:
    """A vault whose ``link.md`` points at a note outside it: (vault, outside note)."""
    outside = tmp_path / "outside.md"
    outside.write_text(NOTE)
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "link.md").symlink_to(outside)
    return vault, outside


def test_a_symlink_out_of_the_vault_is_not_written(link_out: tuple[Path, Path]) -> None:
    vault, outside = link_out
    with pytest.raises(FixError, match="symbolic link out of the vault"):
        write_atomic(str(vault / "link.md"), "changed", NOTE.encode(), root=str(vault))
    assert outside.read_text() == NOTE


def test_fix_files_reports_the_refusal_and_leaves_the_target(link_out: tuple[Path, Path]) -> None:
    vault, outside = link_out
    run = linter(["HD006"], config=make_config()._replace(root=vault))
    [outcome] = fix_files(run, [str(vault / "link.md")], unsafe=False, write=True)
    assert outcome.error and "out of the vault" in outcome.error
    assert outside.read_text() == NOTE


def test_a_symlink_inside_the_vault_replaces_its_target(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(NOTE)
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    write_atomic(str(tmp_path / "link.md"), "new", NOTE.encode(), root=str(tmp_path))
    assert (tmp_path / "real.md").read_text() == "new" and (tmp_path / "link.md").is_symlink()


def test_interrupted_before_the_rename_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "a.md"
    note.write_text(NOTE)

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(note), "new content", NOTE.encode())
    assert note.read_text() == NOTE
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"], "no temporary file is left"


_WRITER = """
import sys
from notelint.fixes import write_atomic
path, old, new = sys.argv[1], open(sys.argv[1], "rb").read(), sys.argv[2] * 400_000
print("ready", flush=True)
while True:
    write_atomic(path, new, old)
    old = new.encode()
    new = new[::-1]
"""


@pytest.mark.slow
def test_killed_while_writing_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    """Kill a writer with SIGKILL at random moments: the note is always whole."""
    note = tmp_path / "a.md"
    for attempt in range(12):
        note.write_text("x" * 400_000)
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(note), "ab"], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        time.sleep(0.01 * (attempt + 1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        content = note.read_text()
        assert content in ("x" * 400_000, "ab" * 400_000, "ba" * 400_000), "a mix of versions"


def test_fix_leaves_a_note_over_max_file_size_alone(tmp_path: Path) -> None:
    note = tmp_path / "big.md"
    note.write_text(NOTE + "x" * 200)
    config = make_config("max-file-size = 100")._replace(root=tmp_path)
    [outcome] = fix_files(linter(["HD006"], config=config), [str(note)], unsafe=False, write=True)
    assert not outcome.changed and note.read_text() == NOTE + "x" * 200
