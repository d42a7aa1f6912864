"""Baselines: adopt notelint on a vault with old problems, and report only new ones.

``notelint check --write-baseline FILE`` records every diagnostic of the run; later,
``notelint check --baseline FILE`` reports only the diagnostics beyond what FILE records.

A diagnostic is recorded by its path, its code and the text it points at
(``Diagnostic.snippet``), never by its line or column, so adding or removing lines above an
old problem does not bring it back. Several identical problems in one note (the same
misspelling three times) are one entry with a count: a fourth occurrence is new and is
reported; the first three, in file order, are the recorded ones. Paths are relative to the
folder that holds the baseline file, with ``/`` separators, so the file can be committed and
used from any working directory and on any system.

The file is JSON, sorted, one entry per line, so that rewriting it gives a small diff::

    {
      "notelint-baseline": 1,
      "entries": [
        {"path": "notes/a.md", "code": "SP001", "text": "inveitable", "count": 2}
      ]
    }

``notelint-baseline`` is the format's version. NL001 (unreadable) and NL002 (not UTF-8) are
never recorded: a note that was not read is always reported, as suppression comments cannot
hide it either.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from notelint.atomic import replacing
from notelint.diagnostics import Diagnostic

#: the version of the file format this module reads and writes
VERSION = 1
#: codes a baseline never records (the engine's ALWAYS_REPORTED)
NEVER_RECORDED = ("NL001", "NL002")

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, text)


class BaselineError(Exception):
    """The baseline file cannot be read or written, or is not a notelint baseline."""


def _folder(baseline_path: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_path))


def relative(path: str, folder: str) -> str:
    """``path`` relative to ``folder``, with ``/`` separators (``..`` when outside it)."""
    try:
        found = os.path.relpath(os.path.abspath(path), folder)
    except ValueError:  # another drive on Windows
        found = os.path.abspath(path)
    return found.replace(os.sep, "/")


def key(diagnostic: Diagnostic, folder: str) -> Key:
    return (relative(diagnostic.path, folder), diagnostic.code, diagnostic.snippet)


@dataclass(slots=True)
class Baseline:
    """The recorded diagnostics of one baseline file: a count per key."""

    path: str
    counts: Counter[Key] = field(default_factory=Counter)

    @classmethod
    def record(cls, path: str, diagnostics: Iterable[Diagnostic]) -> Baseline:
        """A baseline for ``path`` holding ``diagnostics`` (except NL001/NL002)."""
        folder = _folder(path)
        counts = Counter(key(d, folder) for d in diagnostics if d.code not in NEVER_RECORDED)
        return cls(path, counts)

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline file; :class:`BaselineError` (one line) when it is missing,
        unreadable, not JSON, of another version or malformed."""
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise BaselineError(f"baseline '{path}' does not exist") from None
        except OSError as exc:
            raise BaselineError(f"baseline '{path}' cannot be read: {exc.strerror}") from None
        except (UnicodeDecodeError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise BaselineError(f"baseline '{path}' is not valid JSON: {reason}") from None
        if not isinstance(data, dict) or "notelint-baseline" not in data:
            raise BaselineError(f"baseline '{path}' is not a notelint baseline")
        version = data["notelint-baseline"]
        if version != VERSION:
            raise BaselineError(
                f"baseline '{path}' has format version {version!r}; this notelint reads {VERSION}"
            )
        entries = data.get("entries")
        if not isinstance(entries, list):
            raise BaselineError(f"baseline '{path}': 'entries' is not a list")
        counts: Counter[Key] = Counter()
        for number, entry in enumerate(entries, 1):
            if not (
                isinstance(entry, dict)
                and all(isinstance(entry.get(name), str) for name in ("path", "code", "text"))
                and type(entry.get("count", 1)) is int
                and entry.get("count", 1) > 0
            ):
                raise BaselineError(
                    f"baseline '{path}': entry {number} needs 'path', 'code' and 'text' "
                    "strings and a positive integer 'count'"
                )
            counts[(entry["path"], entry["code"], entry["text"])] += entry.get("count", 1)
        return cls(path, counts)

    def dumps(self) -> str:
        """The file's text: sorted entries, one per line, stable across runs."""
        lines = [
            json.dumps(
                {"path": path, "code": code, "text": text, "count": count}, ensure_ascii=False
            )
            for (path, code, text), count in sorted(self.counts.items())
        ]
        body = ",\n".join(f"    {line}" for line in lines)
        entries = f"[\n{body}\n  ]" if lines else "[]"
        return f'{{\n  "notelint-baseline": {VERSION},\n  "entries": {entries}\n}}\n'

    def write(self) -> None:
        """Write the file atomically (a temporary file in the same folder, then a rename)."""
        try:
            with replacing(self.path, mode=0o644) as handle:
                handle.write(self.dumps())
        except OSError as exc:
            raise self._unwritable(exc) from None

    def _unwritable(self, exc: OSError) -> BaselineError:
        return BaselineError(f"baseline '{self.path}' cannot be written: {exc.strerror}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def filter(
        self, diagnostics: Iterable[Diagnostic], linted: Iterable[str] | None = None
    ) -> Filtered:
        """The diagnostics beyond the recorded ones, in their order (sorted by position,
        so the first occurrences of a key are the recorded ones).

        ``linted``, the paths of the run, limits the count of stale entries (recorded,
        no longer found) to those notes: a run over a few notes (a pre-commit hook) says
        nothing about the others.
        """
        folder = _folder(self.path)
        left = Counter(self.counts)
        kept: list[Diagnostic] = []
        matched = 0
        for diagnostic in diagnostics:
            found = key(diagnostic, folder)
            if diagnostic.code not in NEVER_RECORDED and left[found] > 0:
                left[found] -= 1
                matched += 1
            else:
                kept.append(diagnostic)
        scope = None if linted is None else {relative(path, folder) for path in linted}
        stale = sum(count for (path, _, _), count in left.items() if scope is None or path in scope)
        return Filtered(kept, matched, stale)


@dataclass(slots=True)
class Filtered:
    """What applying a baseline did: the new diagnostics, how many were recorded ones,
    and how many recorded entries matched nothing (fixed since: the baseline can shrink)."""

    diagnostics: list[Diagnostic]
    matched: int
    stale: int
