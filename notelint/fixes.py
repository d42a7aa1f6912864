"""Applying fixes: choose non-overlapping ones, apply, re-lint until stable, write safely.

The loop is ruff's: lint, take the fixes the caller allows (safe, or safe and unsafe),
sort them by position, skip any fix whose edits overlap one already accepted, apply them
all at once, then parse and lint the new text again, because one fix can make or unmake
another rule's problem. It stops when nothing is left to fix, and gives up with an error
naming the rules when the text has not settled after ``MAX_PASSES`` passes or comes back
to a text it has already been (two rules undoing each other).

Edits are character offsets into the text they were made for; everything outside their
spans is copied unchanged, so line breaks (LF or CRLF), the final newline or its absence
and every other byte of the note survive. Files are written through a temporary file in
the same folder and an atomic ``os.replace``, keeping the file's permissions, and only if
the file has not changed since it was read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from notelint.atomic import replacing
from notelint.diagnostics import Applicability, Diagnostic, Edit, Fix

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.cache import ResultCache
    from notelint.engine import FileResult, Linter

#: passes of lint-and-fix before the loop gives up
MAX_PASSES = 10


class FixError(Exception):
    """Fixing a note failed: the fixes do not settle, or the file changed under us."""


@dataclass(slots=True)
class FixResult:
    """The fixed text, how many fixes were applied, and what the final lint found."""

    text: str
    applied: int
    diagnostics: list[Diagnostic]
    #: the codes of the fixes applied, one entry per fix
    codes: list[str] = field(default_factory=list)
    #: a one-line error when linting itself failed (the text is then left as it was)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.applied > 0


def usable(diagnostic: Diagnostic, *, unsafe: bool) -> bool:
    """Whether ``diagnostic`` has a fix the caller allows."""
    fix = diagnostic.fix
    if fix is None or not fix.edits:
        return False
    return unsafe or fix.applicability == Applicability.SAFE


def _conflict(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both be applied unambiguously.

    They conflict when their spans share a character, when both start at one offset and
    either is an insertion (which goes first is undefined), or when an insertion falls
    strictly inside the other's span. Edits that merely touch do not conflict.
    """
    sa, sb = a.span, b.span
    if sa.start < sb.end and sb.start < sa.end:
        return True
    if sa.start == sb.start and (sa.start == sa.end or sb.start == sb.end):
        return True
    if sa.start == sa.end and sb.start < sa.start < sb.end:
        return True
    return sb.start == sb.end and sa.start < sb.start < sa.end


def choose(diagnostics: Iterable[Diagnostic], *, unsafe: bool) -> list[Diagnostic]:
    """The diagnostics whose fixes are applied this pass: in position order, each one
    skipped when any of its edits conflicts with an edit already accepted, or with another
    edit of the same fix."""
    candidates = [d for d in diagnostics if usable(d, unsafe=unsafe)]
    candidates.sort(
        key=lambda d: (
            min(e.span.start for e in d.fix.edits),  # type: ignore[union-attr]
            max(e.span.end for e in d.fix.edits),  # type: ignore[union-attr]
            d.code,
        )
    )
    accepted: list[Diagnostic] = []
    taken: list[Edit] = []
    for diagnostic in candidates:
        edits = diagnostic.fix.edits  # type: ignore[union-attr]
        inner = any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])
        if inner or any(_conflict(edit, other) for edit in edits for other in taken):
            continue
        accepted.append(diagnostic)
        taken.extend(edits)
    return accepted


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (non-conflicting) applied; everything else copied as is."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.span.start < cursor or edit.span.end > len(text):
            raise ValueError(f"edit {edit.span} overlaps another or lies outside the text")
        parts.append(text[cursor : edit.span.start])
        parts.append(edit.content)
        cursor = edit.span.end
    parts.append(text[cursor:])
    return "".join(parts)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    return apply_edits(text, [edit for fix in fixes for edit in fix.edits])


def _lint(linter: Linter, text: str, path: str) -> tuple[list[Diagnostic], str | None]:
    result = linter.lint_text(text, path)
    run = linter.finish([result])
    return run.diagnostics, (run.errors[0] if run.errors else None)


def fix_once(
    linter: Linter, text: str, path: str, *, unsafe: bool
) -> tuple[str, list[Diagnostic], list[Diagnostic], str | None]:
    """One pass: lint ``text``, apply the fixes :func:`choose` accepts.

    Returns the new text, the diagnostics whose fixes were applied, all diagnostics found,
    and the lint error if linting failed (then nothing is applied).
    """
    diagnostics, error = _lint(linter, text, path)
    if error is not None:
        return text, [], diagnostics, error
    chosen = choose(diagnostics, unsafe=unsafe)
    if not chosen:
        return text, [], diagnostics, None
    return apply_fixes(text, [d.fix for d in chosen]), chosen, diagnostics, None  # type: ignore[misc]


def fix_text(linter: Linter, text: str, path: str, *, unsafe: bool) -> FixResult:
    """Fix ``text`` (the note at ``path``) until no allowed fix is left.

    Raises :class:`FixError` when the fixes do not settle within ``MAX_PASSES`` passes or
    bring back a text seen before; the message names the rules involved.
    """
    current = text
    applied = 0
    codes: list[str] = []
    seen = {_digest(current)}  # digests, not texts: a big note is not kept ten times
    recent: list[set[str]] = []
    for _ in range(MAX_PASSES):
        current, chosen, diagnostics, error = fix_once(linter, current, path, unsafe=unsafe)
        if error is not None:
            return FixResult(current, applied, diagnostics, codes, error)
        if not chosen:
            return FixResult(current, applied, diagnostics, codes)
        applied += len(chosen)
        codes.extend(d.code for d in chosen)
        recent.append({d.code for d in chosen})
        if _digest(current) in seen:
            raise FixError(f"{path}: fixes undo each other: {_names(recent[-2:])}")
        seen.add(_digest(current))
    diagnostics, _ = _lint(linter, current, path)
    if not choose(diagnostics, unsafe=unsafe):
        return FixResult(current, applied, diagnostics, codes)
    raise FixError(f"{path}: fixes did not settle after {MAX_PASSES} passes: {_names(recent[-3:])}")


def _digest(text: str) -> bytes:
    from notelint.hashing import blake2b

    return blake2b(text.encode("utf-8", "surrogatepass")).digest()


def _names(passes: list[set[str]]) -> str:
    return ", ".join(sorted(set().union(*passes))) if passes else "none"


# -- writing files -------------------------------------------------------------------------


def write_atomic(path: str, text: str, original: bytes, *, root: str | None = None) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8), atomically.

    The new content goes to a temporary file in the same folder (so the rename stays on one
    file system), is flushed to disk, gets the old file's permission bits, and replaces the
    old file with ``os.replace``: a process killed at any moment leaves the old content or
    the new, never a mix. A symbolic link is followed (its target is replaced, the link
    stays) only when the target lies inside ``root``, the vault: a link out of it may point
    at anything on the machine. Refuses (:class:`FixError`) when the file no longer holds
    ``original``, the bytes the fixes were made from: someone else changed it meanwhile.
    """
    target = os.path.realpath(path)
    if root is not None and os.path.islink(path):
        vault = os.path.realpath(root)
        if os.path.commonpath([vault, target]) != vault:
            raise FixError(f"{path}: a symbolic link out of the vault ({target}); not written")
    from notelint.engine import read_note

    try:
        now = read_note(target)
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as exc:
        raise FixError(f"{path}: cannot re-read before writing: {exc.strerror}") from None
    if now != original:
        raise FixError(f"{path}: changed since it was read; not written")
    try:
        with replacing(target, binary=True, mode=mode, durable=True) as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        raise FixError(f"{path}: cannot write: {exc.strerror}") from None


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one note, as ``git diff`` shows it (a missing final newline
    is marked), with the note's own line breaks kept in the lines."""
    import difflib

    old, new = _lines(before), _lines(after)
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")
    )


def _lines(text: str) -> list[str]:
    """Lines split at ``\\n`` only, ends kept (CRLF stays whole, a form feed is no break)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


# -- fixing files --------------------------------------------------------------------------


@dataclass(slots=True)
class FileFix:
    """What fixing one file did (or would do): the text before and after, and how many
    fixes; ``error`` when the file could not be fixed or written."""

    path: str
    before: str = ""
    after: str = ""
    applied: int = 0
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_source(linter: Linter, data: bytes, path: str, *, unsafe: bool) -> FileFix:
    """Fix a note given as bytes. Bytes that are not UTF-8, or more than ``max-file-size``,
    are left alone (the lint run reports them as NL002 or NL001)."""
    text = linter.lintable_text(data)
    if text is None:
        return FileFix(path)
    try:
        result = fix_text(linter, text, path, unsafe=unsafe)
    except FixError as exc:
        return FileFix(path, text, text, 0, str(exc))
    return FileFix(path, text, result.text, result.applied, result.error)


def fix_files(
    linter: Linter,
    paths: Iterable[str],
    *,
    unsafe: bool,
    write: bool,
    cache: ResultCache | None = None,
) -> list[FileFix]:
    """Fix each file; with ``write``, write back the changed ones atomically.

    A file that cannot be read is skipped (the lint run reports it as NL001). A note whose
    cached result has no fix to apply is not linted again: on a vault that is mostly clean,
    ``--fix`` then costs about what a warm run does.
    """
    from notelint.engine import NoteTooLargeError, digest, read_note

    done: list[FileFix] = []
    for path in paths:
        # a note whose stamp is unchanged is known without being read (as in a warm run)
        cached = cache.unchanged(path) if cache is not None else None
        if cached is not None and not _fixable(cached, unsafe):
            done.append(FileFix(path))
            continue
        try:
            data = read_note(path, linter.config.max_file_size)
        except NoteTooLargeError:  # linting reports it (NL001); nothing is fixed
            done.append(FileFix(path))
            continue
        except OSError:  # unreadable: linting reports it
            continue
        if cached is None and cache is not None:
            cached = cache.get(path, digest(data))
            if cached is not None and not _fixable(cached, unsafe):
                done.append(FileFix(path))
                continue
        outcome = fix_source(linter, data, path, unsafe=unsafe)
        if write and outcome.changed and outcome.error is None:
            outcome.error = write_back(linter, path, outcome.after, data)
            if outcome.error:
                outcome.applied = 0
        done.append(outcome)
    return done


def _fixable(result: FileResult, unsafe: bool) -> bool:
    """Whether a cached result has a fix that ``--fix`` would apply."""
    return any(usable(d, unsafe=unsafe) for d in result.diagnostics)


def write_back(linter: Linter, path: str, text: str, original: bytes) -> str | None:
    """Write a changed note inside the linter's vault; the error message, or None."""
    try:
        write_atomic(path, text, original, root=str(linter.config.root))
    except FixError as exc:
        return str(exc)
    return None
