"""Hostile input: every file a repository can hold gets a diagnostic or a one-line error,
the other notes are still linted, nothing raises, and nothing takes more than seconds.

Inputs are generated at test time (nothing large is committed). Each case runs the real
CLI in a fresh process with a time limit and an address-space limit, beside a good note
that must still be linted (its FM004 must appear).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD = """---
id: good
title: 0.10
desc: ''
updated: 1617547732440
created: 1617529949389
---
Text.
"""
FRONT = (
    "---\nid: abc\ntitle: Hostile\ndesc: ''\nupdated: 1617547732440\ncreated: 1617529949389\n---\n"
)
SECONDS = 10
MEMORY = 2 * 1024**3


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def check(folder: Path, *extra: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "notelint",
            "check",
            "--format",
            "concise",
            "--no-cache",
            *extra,
            ".",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,
        preexec_fn=_limits,
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - start


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        path = folder / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)

    return make


def _nested(prefix: str, depth: int) -> Callable[[Path], None]:
    lines = [
        ("  " * i if prefix == "- " else "")
        + (prefix * (i + 1) if prefix == "> " else prefix)
        + "x"
        for i in range(depth)
    ]
    return _write("deep.md", FRONT + "\n".join(lines) + "\n")


def _symlink_loop(folder: Path) -> None:
    (folder / "loop").mkdir()
    (folder / "loop" / "again").symlink_to(folder / "loop")
    (folder / "loop" / "self.md").symlink_to(folder / "loop" / "self.md")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "binary file": (_write("bin.md", bytes(range(256)) * 64), "bin.md:2:118: NL002"),
    "invalid UTF-8": (
        _write("latin.md", FRONT.encode() + "café\n".encode("latin-1")),
        "latin.md:8:4: NL002",
    ),
    "UTF-8 BOM": (_write("bom.md", "\ufeff" + FRONT + "Text.\n"), ""),
    "UTF-16 with BOM": (
        _write("wide.md", (FRONT + "Text.\n").encode("utf-16")),
        "wide.md:1:1: NL002",
    ),
    "CRLF": (
        _write(
            "crlf.md", (FRONT + "## A\r\n\r\nText.\r\n").replace("\n", "\r\n").replace("\r\r", "\r")
        ),
        "",
    ),
    "CR only": (_write("cr.md", FRONT.replace("\n", "\r") + "Text.\r"), ""),
    "empty file": (_write("empty.md", ""), "empty.md:1:1: FM001"),
    "only ---": (_write("dashes.md", "---"), "dashes.md:1:1: FM002"),
    "unclosed frontmatter": (_write("open.md", "---\nid: abc\ntitle: x\n"), "open.md:1:1: FM002"),
    "YAML syntax error": (
        _write("yaml.md", "---\nid: abc\ntitle: [x\n---\n"),
        "yaml.md:4:1: FM002",
    ),
    "merge conflict in frontmatter": (
        _write(
            "merge.md",
            "---\nid: abc\n<<<<<<< HEAD\ntitle: Ours\n=======\n"
            "title: Theirs\n>>>>>>> branch\n---\n",
        ),
        "merge.md:",
    ),
    "alias bomb": (
        _write(
            "bomb.md",
            "---\n"
            + "".join(
                f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9 if i else ['lol'] * 9)}]\n"
                for i in range(10)
            )
            + "---\n",
        ),
        "bomb.md:2:1: FM002",
    ),
    "python object tag": (
        _write("tag.md", "---\nid: !!python/object/apply:os.system ['touch pwned']\n---\n"),
        "tag.md:2:5: FM002",
    ),
    "1 MB line": (_write("line.md", FRONT + "word " * 200_000 + "\n"), ""),
    "10,000 nested lists": (_nested("- ", 10_000), ""),
    "10,000 nested quotes": (_nested("> ", 10_000), ""),
    "directory named x.md": (lambda folder: (folder / "x.md").mkdir(), "x.md:1:1: NL001"),
    "symlink loop": (_symlink_loop, "self.md:1:1: NL001"),
    "dangling symlink": (
        lambda folder: (folder / "gone.md").symlink_to(folder / "nowhere.md"),
        "gone.md:1:1: NL001",
    ),
    # would wait for a writer forever
    "named pipe called pipe.md": (
        lambda folder: os.mkfifo(folder / "pipe.md"),
        "pipe.md:1:1: NL001 File cannot be read: it is not a regular file",
    ),
    # would never end
    "link to /dev/zero": (
        lambda folder: (folder / "zero.md").symlink_to("/dev/zero"),
        "zero.md:1:1: NL001 File cannot be read: it is not a regular file",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    make, expected = CASES[name]
    (tmp_path / "notelint.toml").write_text("select = ['ALL']\nignore = ['DT008']\n")
    (tmp_path / "good.md").write_text(GOOD)
    make(tmp_path)
    code, out, err, seconds = check(tmp_path)
    assert "Traceback" not in err and err.count("\n") <= 1, err
    assert code in (0, 1), (code, err)  # 2 would be an internal error or a refused run
    assert "good.md:3:8: FM004" in out, "the other notes are still linted"
    assert expected in out, out
    assert seconds < SECONDS, f"{name} took {seconds:.1f} s"
    assert not (tmp_path / "pwned").exists()


@pytest.mark.slow
def test_50_mb_note_is_refused_quickly(tmp_path: Path) -> None:
    (tmp_path / "notelint.toml").write_text("")
    (tmp_path / "good.md").write_text(GOOD)
    with (tmp_path / "huge.md").open("w") as handle:
        handle.write(FRONT)
        for _ in range(50 * 1024):
            handle.write(("Khrushchev visited Beijing in 1958. " * 28)[:1023] + "\n")
    code, out, err, seconds = check(tmp_path)
    assert code == 1 and "Traceback" not in err
    assert "huge.md:1:1: NL001 File is too large to lint" in out
    assert "good.md:3:8: FM004" in out
    assert seconds < SECONDS


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "secret.md").write_text(GOOD)
    (tmp_path / "secret.md").chmod(0)
    _, out, err, _ = check(tmp_path)
    assert "secret.md:1:1: NL001 File cannot be read: Permission denied" in out and not err


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, permissions do not stop reading: simulate the error the OS would give."""
    from tests.conftest import linter

    (tmp_path / "secret.md").write_text(GOOD)
    real_open = open

    def deny(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    real_os_open = os.open

    def deny_descriptor(path: str, *args: int) -> int:
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied")
        return real_os_open(path, *args)

    monkeypatch.setattr("builtins.open", deny)
    monkeypatch.setattr(os, "open", deny_descriptor)
    found = linter().run([str(tmp_path / "secret.md")]).diagnostics
    assert [(d.code, d.message) for d in found] == [
        ("NL001", "File cannot be read: Permission denied")
    ]


def test_note_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    from notelint.paths import collect
    from tests.conftest import linter

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(GOOD)
    paths = list(collect([str(tmp_path)], tmp_path, []))
    (tmp_path / "a.md").unlink()
    found = linter(["NL", "FM004"]).run(paths).diagnostics
    assert [(Path(d.path).name, d.code) for d in found] == [("a.md", "NL001"), ("b.md", "FM004")]
