"""Finding the notes to lint: directories walked without following links, globs matched."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache


class PathError(Exception):
    """A path given on the command line that does not exist (exit 2)."""


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob with ``**`` (any folders), ``*`` and ``?`` (within a name)."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(path: str, patterns: Iterable[str]) -> bool:
    """Whether a ``/``-separated relative path matches any pattern (or its folder does)."""
    path = path.removeprefix("./")
    return any(
        _glob_regex(pattern.removeprefix("./")).match(path)
        or _glob_regex(pattern.removeprefix("./").rstrip("/") + "/**").match(path)
        for pattern in patterns
    )


def relative_to(path: str, root: str | os.PathLike[str]) -> str:
    """``path`` relative to ``root`` with ``/`` separators, for matching globs; as it is
    (with ``/`` separators) when it is not under ``root``."""
    absolute = os.path.abspath(path)
    base = os.path.join(os.path.normpath(root), "")  # with one separator at its end
    # compared as the system compares names (without case on Windows, as pathlib did)
    folded, folded_base = os.path.normcase(absolute), os.path.normcase(base)
    if folded.startswith(folded_base):
        absolute = absolute[len(base) :]
    elif folded == folded_base[:-1]:
        absolute = "."
    else:
        absolute = os.path.normpath(path)
    return absolute if os.sep == "/" else absolute.replace(os.sep, "/")


def collect(
    paths: Iterable[str], root: str | os.PathLike[str], exclude: Iterable[str]
) -> Iterator[str]:
    """Every note under ``paths``, in a stable order, as each path was given, and once.

    Folders are walked without following symbolic links (no loops); hidden folders are
    skipped; a folder named like a note (``x.md/``) is yielded so that reading it reports
    NL001. Explicitly named files are always yielded.
    """
    excluded = list(exclude)
    seen: set[str] = set()  # a note named twice (``a.md notes/``) is linted once
    for given in paths:
        if not os.path.lexists(given):
            raise PathError(f"{given}: no such file or directory")
        if not os.path.isdir(given) or (os.path.islink(given) and given.endswith(".md")):
            if _first(given, seen):
                yield given
            continue
        for folder, dirnames, filenames in os.walk(given):
            kept = []
            for name in sorted(dirnames):
                if name.startswith("."):
                    continue
                if name.endswith(".md"):
                    filenames.append(name)
                else:
                    kept.append(name)
            dirnames[:] = kept
            # the folder joined and normalised once, not for each of its notes (~1 ms of
            # a warm run of the Dendron vault, which has a thousand in one folder)
            prefix = os.path.join(folder, "")
            key_prefix = os.path.normpath(folder)
            key_prefix = "" if key_prefix == "." else os.path.join(key_prefix, "")
            for name in sorted(filenames):
                if not name.endswith(".md"):
                    continue
                path = prefix + name
                if excluded and glob_match(relative_to(path, root), excluded):
                    continue
                key = key_prefix + name  # normpath(path): see _first
                if key not in seen:
                    seen.add(key)
                    yield path


def _first(path: str, seen: set[str]) -> bool:
    """Whether ``path`` (as ``normpath`` writes it) is not in ``seen``; adds it."""
    key = os.path.normpath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def from_include(
    root: str | os.PathLike[str], include: Iterable[str], exclude: Iterable[str]
) -> list[str]:
    """The configured ``include`` globs, resolved from the configuration's folder."""
    found = []
    for path in collect([os.fspath(root)], root, exclude):
        relative = relative_to(path, root)
        if glob_match(relative, include):
            found.append(os.path.relpath(path))
    return found
