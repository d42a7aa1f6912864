"""Lint one note, or a vault: rules, suppressions, vault-wide rules, deterministic order.

Data flows one way: path -> text -> ``Note`` (parsed once) -> each selected rule ->
suppressions -> sorted diagnostics. Vault-wide rules get a small summary of each note and
run once every note has been read.
"""

from __future__ import annotations

import errno
import os
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cache
from operator import attrgetter
from stat import S_ISDIR, S_ISREG

from notelint import registry
from notelint.config import Config, ConfigError
from notelint.diagnostics import SORT_KEY, Diagnostic, Position, Span
from notelint.hashing import blake2b
from notelint.pack import RulePack
from notelint.paths import glob_match, relative_to
from notelint.record import Record
from notelint.registry import Context, Rule, VaultRule
from notelint.suppressions import SuppressionSet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

    from notelint.cache import ResultCache
    from notelint.note import Note
    from notelint.workers import Linted


class FileResult(Record):
    """What linting one note gave: its ``diagnostics``, the ``summaries`` its vault-wide
    rules keep of it, its suppression regions (``suppressions``: for vault-wide rules and
    NL004; None when it has none, as most notes: nothing to keep, cache or decode), a
    one-line ``error`` when linting itself failed (a bug: reported, exit 2), and, in a
    large run, ``packed``: its diagnostics as compact JSON text until they are reported.
    """

    __slots__ = ("path", "diagnostics", "summaries", "suppressions", "error", "packed")

    def __init__(
        self,
        path: str,
        diagnostics: list[Diagnostic] | None = None,
        summaries: dict[str, Any] | None = None,
        suppressions: SuppressionSet | None = None,
        error: str | None = None,
        packed: str | None = None,
    ) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        self.summaries: dict[str, Any] = {} if summaries is None else summaries
        self.suppressions = suppressions
        self.error = error
        self.packed = packed


class RunResult(Record):
    """A whole run: its sorted diagnostics, the one-line errors, the number of files."""

    __slots__ = ("diagnostics", "errors", "files")

    def __init__(
        self, diagnostics: list[Diagnostic] | PackedDiagnostics, errors: list[str], files: int
    ) -> None:
        self.diagnostics = diagnostics
        self.errors = errors
        self.files = files


#: from this many notes on, each note's diagnostics stay packed until they are reported.
#: Packing costs time (a worker's answer is encoded again, every note decoded again to
#: report it) to save memory: the 10k vault ran ~3 % faster cold and ~13 % warm with its
#: diagnostics as objects, in ~100-130 MB instead of ~50-60 MB; at 100,000 notes objects
#: would take about a gigabyte
PACKED_MIN = 20_000


class PackedDiagnostics(Collection[Diagnostic]):
    """The sorted diagnostics of a large run, decoded one note at a time when iterated.

    A 100,000-note vault can have ~670,000 diagnostics; as objects they take about a
    kilobyte each, packed as JSON text a third of that. Iterating (to report, count or
    filter) decodes one note's diagnostics at a time, in path order.
    """

    def __init__(
        self,
        results: list[FileResult],
        extra: dict[str, list[Diagnostic]],
        finish: Callable[[list[Diagnostic]], None],
    ) -> None:
        self._results = sorted(results, key=lambda result: result.path)
        self._extra = extra
        self._finish = finish
        from notelint.cache import packed_count

        self._count = sum(packed_count(r) for r in self._results) + sum(
            len(found) for found in extra.values()
        )

    def __len__(self) -> int:
        return self._count

    def __contains__(self, item: object) -> bool:
        return any(item == diagnostic for diagnostic in self)

    def __iter__(self) -> Iterator[Diagnostic]:
        from notelint.cache import unpack

        for result in self._results:
            found = [*unpack(result), *self._extra.get(result.path, ())]
            self._finish(found)
            yield from found


class Linter:
    """The selected rules with their context; lints texts, files and whole vaults."""

    def __init__(
        self,
        config: Config,
        pack: RulePack,
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        now: datetime | None = None,
    ) -> None:
        self.config = config
        self.context = Context(config, pack, now)
        self.known_codes = list(registry.CATALOGUE)
        selected = list(select) or [*config.select, *config.extend_select]
        ignored = [*config.ignore, *ignore]
        for selector in [*selected, *ignored, *config.severity]:
            if not registry.is_known_selector(selector, self.known_codes):
                raise ConfigError(f"unknown rule code or prefix '{selector}'")
        for patterns in config.per_file_ignores.values():
            for selector in patterns:
                if not registry.is_known_selector(selector, self.known_codes):
                    raise ConfigError(f"per-file-ignores: unknown rule code or prefix '{selector}'")
        self.ignored = ignored
        self.selected = registry.select(selected, ignored)
        self.codes = set(self.selected)
        self._rules: list[Rule] | None = None
        self._made: dict[str, Rule] = {}

    @property
    def rules(self) -> list[Rule]:
        """The selected rules, made on first use: a run whose every note is a cache hit
        needs only the vault-wide ones (:meth:`_vault_rules`), and importing the other
        rule modules was ~9 ms of a ~120 ms warm run of the Dendron vault."""
        if self._rules is None:
            self._rules = [self._rule(code) for code in self.selected]
        return self._rules

    @rules.setter
    def rules(self, rules: list[Rule]) -> None:
        self._rules = rules

    def _rule(self, code: str) -> Rule:
        """The one instance of rule ``code`` in this run (shared by :attr:`rules` and
        :meth:`_vault_rules`)."""
        rule = self._made.get(code)
        if rule is None:
            rule = self._made[code] = registry.rule_class(code)()
        return rule

    def _vault_rules(self) -> list[VaultRule]:
        """The selected vault-wide rules, without making the others if no note was linted."""
        rules = self._rules
        if rules is None:
            rules = [self._rule(code) for code in self.selected if registry.is_vault_rule(code)]
        return [rule for rule in rules if isinstance(rule, VaultRule)]

    # -- one note ----------------------------------------------------------------------

    def _ignored_in(self, path: str) -> list[str]:
        """The codes and prefixes ``per-file-ignores`` drops for ``path``."""
        if not self.config.per_file_ignores:
            return []
        relative = relative_to(path, self.config.root)
        dropped: list[str] = []
        for pattern, codes in self.config.per_file_ignores.items():
            if glob_match(relative, [pattern]):
                dropped.extend(codes)
        return dropped

    def rules_for(self, path: str) -> list[Rule]:
        dropped = self._ignored_in(path)
        if not dropped:
            return self.rules
        return [rule for rule in self.rules if not registry.matches(rule.code, dropped)]

    def lint_text(self, text: str, path: str) -> FileResult:
        """Lint one note's text; never raises for any input."""
        result = FileResult(path)
        try:
            note = _note_class()(path, text)
            rules = self.rules_for(path)
            for rule in rules:
                if isinstance(rule, VaultRule):
                    result.summaries[rule.code] = rule.summarize(note, self.context)
                else:
                    result.diagnostics.extend(rule.check(note, self.context))
            suppressions = SuppressionSet.of(note, self.known_codes)
            for rule in rules:
                if rule.code == "NL003":  # reported here, from the suppressions
                    result.diagnostics.extend(self._bad_suppressions(rule, note, suppressions))
            if suppressions.regions:  # most notes have none: nothing to filter, keep or cache
                result.diagnostics = [d for d in result.diagnostics if suppressions.allows(d)]
                result.suppressions = suppressions
            # in report order already: the run's sort (stable, on the same key) then finds
            # each note's diagnostics in order, and sorting the Dendron vault's 7,300 on a
            # warm run took ~0.7 ms instead of ~1.2
            result.diagnostics.sort(key=SORT_KEY)
        except RecursionError:
            result.error = f"{path}: too deeply nested to lint"
        except Exception as exc:
            result.error = f"{path}: internal error: {type(exc).__name__}: {exc}"
        return result

    @staticmethod
    def _bad_suppressions(rule: Rule, note: Note, suppressions: SuppressionSet) -> list[Diagnostic]:
        return [
            rule.report(note, span, f"Suppression names unknown rule '{code}'")
            for code, span, _, _ in suppressions.unknown
        ]

    def lint_file(self, path: str) -> FileResult:
        """Read and lint one file: NL001 when it cannot be read, NL002 when not UTF-8."""
        try:
            data = read_note(path, self.config.max_file_size)
        except NoteTooLargeError as exc:
            return self._too_large(path, exc.size)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "it is a directory"
            return self._engine_diagnostic(path, "NL001", f"File cannot be read: {reason}")
        return self.lint_bytes(data, path)

    def lintable_text(self, data: bytes) -> str | None:
        """The text of a note that may be linted: None when it is over ``max-file-size``
        or not UTF-8 (what :meth:`lint_bytes` reports as NL001 and NL002)."""
        if len(data) > self.config.max_file_size:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def lint_bytes(self, data: bytes, path: str) -> FileResult:
        """Decode and lint a note's bytes: NL002 when they are not UTF-8, NL001 when they
        are more than ``max-file-size`` (a dump or a binary, not a note)."""
        if len(data) > self.config.max_file_size:
            return self._too_large(path, len(data))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return self._not_utf8(path, data, exc.start)
        return self.lint_text(text, path)

    def _too_large(self, path: str, size: int) -> FileResult:
        limit = self.config.max_file_size
        message = f"File is too large to lint: {size:,} bytes (max-file-size {limit:,})"
        return self._engine_diagnostic(path, "NL001", message)

    def _not_utf8(self, path: str, data: bytes, bad: int) -> FileResult:
        line_start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        column = len(data[line_start:bad].decode("utf-8", errors="replace")) + 1
        message = f"File is not valid UTF-8: byte 0x{data[bad]:02x} at offset {bad}"
        return self._engine_diagnostic(path, "NL002", message, Position(line, column))

    def _engine_diagnostic(
        self, path: str, code: str, message: str, at: Position | None = None
    ) -> FileResult:
        result = FileResult(path)
        at = at or Position(1, 1)
        if registry.matches(code, [*self.ignored, *self._ignored_in(path)]):
            return result
        rule = registry.rule_class(code)
        end = Position(at.line, at.column + 1) if code == "NL002" else at
        result.diagnostics.append(
            Diagnostic(code, rule.name, rule.severity, message, Span(0, 0), at, end, path=path)
        )
        return result

    # -- a vault -------------------------------------------------------------------------

    def finish(self, results: list[FileResult], *, in_order: bool = False) -> RunResult:
        """Run vault-wide rules over the summaries, apply overrides, sort.

        ``in_order``: the results are of distinct paths, and each one's diagnostics are in
        report order and of its path, as :meth:`lint_text` leaves them and the cache and
        the worker processes keep them (:meth:`run` says so): the notes are then put in
        order, not every diagnostic (see :meth:`_in_order`).
        """
        errors = [result.error for result in results if result.error]
        if any(result.packed is not None for result in results):
            extra = _by_path(self._vault_diagnostics(results))
            diagnostics = PackedDiagnostics(results, extra, self._sorted)
            return RunResult(diagnostics, errors, len(results))
        vault = self._vault_diagnostics(results)
        if in_order:
            diagnostics = self._in_order(results, vault)
            self._apply_severity(diagnostics)  # severity is not part of the order
        else:
            diagnostics = [d for result in results for d in result.diagnostics]
            diagnostics.extend(vault)
            self._sorted(diagnostics)
        return RunResult(diagnostics, errors, len(results))

    @staticmethod
    def _in_order(results: list[FileResult], vault: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics of results each in report order (``finish(in_order=True)``) and of
        vault-wide rules, in report order: the same list as sorting them all, stably, in
        the order given. The notes are sorted by path, and only a note that a vault-wide
        rule reports on is sorted again: sorting the Dendron vault's 7,300 diagnostics
        took ~2 ms of a ~60 ms warm run, and the 10k vault's 73,000 ~20 ms of its end."""
        extra = _by_path(vault)
        ordered: list[Diagnostic] = []
        for result in sorted(results, key=_PATH):
            more = extra.pop(result.path, None)
            if more:
                ordered.extend(sorted([*result.diagnostics, *more], key=SORT_KEY))
            else:
                ordered.extend(result.diagnostics)
        if extra:  # a vault-wide rule reported on a note that was not linted
            ordered.extend(found for more in extra.values() for found in more)
            ordered.sort(key=SORT_KEY)
        return ordered

    def _sorted(self, diagnostics: list[Diagnostic]) -> None:
        self._apply_severity(diagnostics)
        diagnostics.sort(key=SORT_KEY)

    def _vault_diagnostics(self, results: list[FileResult]) -> list[Diagnostic]:
        """What vault-wide rules find over the notes' summaries, and NL004."""
        diagnostics: list[Diagnostic] = []
        by_path = {result.path: result for result in results}
        for rule in self._vault_rules():
            code = rule.code
            summaries = [(r.path, r.summaries[code]) for r in results if code in r.summaries]
            for found in rule.check_vault(summaries):
                owner = by_path.get(found.path)
                if owner and owner.suppressions and not owner.suppressions.allows(found):
                    continue
                diagnostics.append(found)
        if "NL004" in self.codes:
            diagnostics.extend(self._unused_suppressions(results))
        return diagnostics

    def _unused_suppressions(self, results: list[FileResult]) -> list[Diagnostic]:
        from notelint.checks.engine import UnusedSuppression

        found = []
        for result in results:
            if result.suppressions is None:
                continue
            for region in result.suppressions.regions:
                if region.used or (
                    region.codes
                    and not any(registry.matches(code, region.codes) for code in self.codes)
                ):
                    continue
                named = ", ".join(region.codes) or "all rules"
                found.append(
                    Diagnostic(
                        "NL004",
                        UnusedSuppression.name,
                        UnusedSuppression.severity,
                        f"Suppression of {named} silences nothing",
                        region.comment.span,
                        region.start,
                        region.end,
                        path=result.path,
                    )
                )
        return found

    def _apply_severity(self, diagnostics: list[Diagnostic]) -> None:
        overrides = sorted(self.config.severity.items(), key=lambda item: -len(item[0]))
        if not overrides:
            return
        for index, diagnostic in enumerate(diagnostics):
            for prefix, severity in overrides:
                if diagnostic.code.startswith(prefix):
                    diagnostics[index] = diagnostic._replace(severity=severity)
                    break

    def run(
        self,
        paths: Iterable[str],
        *,
        jobs: int | None = 1,
        cache: ResultCache | None = None,
    ) -> RunResult:
        """Lint every path: cached results are reused, the rest is linted, in worker
        processes when there are enough notes to repay starting them. A path given twice
        is linted once."""
        paths = list(dict.fromkeys(paths))
        workers = min(jobs or os.cpu_count() or 1, len(paths) // PARALLEL_MIN)
        packed = len(paths) >= PACKED_MIN
        if packed:
            from notelint.cache import pack
        results: list[FileResult | None] = [None] * len(paths)
        misses: list[int] = []
        for index, path in enumerate(paths):
            if cache is None:
                misses.append(index)
                continue
            hit = cache.unchanged(path, packed=packed)  # by its stamp, without reading it
            if hit is None:
                read = _read(path, self.config.max_file_size)
                if read is None:
                    misses.append(index)  # linting it reports NL001
                    continue
                data, version = read
                content = digest(data)
                hit = cache.get(path, content, packed=packed, version=version)
                if hit is None:
                    if workers > 1:
                        misses.append(index)
                        continue
                    hit = self.lint_bytes(data, path)
                    cache.put(path, content, hit, version=version)
            results[index] = hit
            if packed:
                pack(hit)
        for at, result, content, version, encoded in self._lint_many(
            [paths[index] for index in misses], workers, packed
        ):
            index = misses[at]
            results[index] = result
            if cache is not None and content is not None:
                cache.put(paths[index], content, result, encoded, version=version)
            if packed:
                pack(result)
        if cache is not None:
            cache.save()
        return self.finish([result for result in results if result is not None], in_order=True)

    def _lint_many(self, paths: list[str], workers: int, packed: bool = False) -> Iterator[Linted]:
        """Lint files, here or with ``workers`` processes in all (this one among them,
        :mod:`notelint.workers`). Yields, in no particular order, each file's index in
        ``paths``, its result, the digest of the bytes linted (None: unread), the file's
        :func:`stamp` and, from a forked child, the result in the cache's JSON form;
        ``packed``: such a result keeps its diagnostics as that JSON (``cache.pack``).
        The processes are as many as these notes repay (a warm run with two notes
        changed lints them here)."""
        workers = min(workers, len(paths) // PARALLEL_MIN)
        if workers <= 1 or not hasattr(os, "fork"):
            for index, path in enumerate(paths):
                yield (index, *_read_and_lint(self, path), None)
            return
        from notelint.workers import lint_shared

        yield from lint_shared(self, paths, workers, packed)


_PATH = attrgetter("path")


def _by_path(diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Diagnostics grouped by the note they are of, each group in the order given."""
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for found in diagnostics:
        grouped[found.path].append(found)
    return grouped


#: fewer notes than this per process and forking costs more than it saves
PARALLEL_MIN = 48


def _read_and_lint(linter: Linter, path: str) -> tuple[FileResult, str | None, str]:
    """Lint a file; return the digest of the bytes that were linted (None: unread) and
    the file's :func:`stamp` when they were read."""
    read = _read(path, linter.config.max_file_size)
    if read is None:
        return linter.lint_file(path), None, ""
    data, version = read
    return linter.lint_bytes(data, path), digest(data), version


class NoteTooLargeError(OSError):
    """A note over ``max-file-size``: refused before it is read (NL001)."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "too large")
        self.size = size


#: how a note is opened: binary on Windows (no line-break translation, no stop at ^Z),
#: and without blocking, so that a named pipe is refused rather than waited on
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_note(path: str, limit: int | None = None) -> bytes:
    """All the bytes of the regular file ``path``; ``OSError`` with a reason otherwise,
    :class:`NoteTooLargeError` when it has more than ``limit`` bytes (then not read at all).

    Opened without blocking and checked before reading: a named pipe called ``x.md``
    would otherwise wait for a writer forever, and a device (a link to ``/dev/zero``)
    would never end. A directory raises ``IsADirectoryError``.

    With ``os.read`` on a descriptor rather than ``open()``: the file object ``open()``
    builds cost more than reading a note (1,012 notes: ~10 ms against ~5).
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        return _read_open(descriptor, os.fstat(descriptor), limit)
    finally:
        os.close(descriptor)


def read_stamped(path: str, limit: int | None = None) -> tuple[bytes, str]:
    """:func:`read_note`, and the file's :func:`stamp` as it was before it was read."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        return _read_open(descriptor, info, limit), stamp(info)
    finally:
        os.close(descriptor)


def _read_open(descriptor: int, info: os.stat_result, limit: int | None) -> bytes:
    """The bytes of the open file ``descriptor``, whose status is ``info``, to its end
    (not to the size ``info`` gives: it may have grown, and ``/proc`` says 0)."""
    mode = info.st_mode
    if not S_ISREG(mode):
        if S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "it is a directory")
        raise OSError(errno.EINVAL, "it is not a regular file (a pipe, socket or device)")
    if limit is not None and info.st_size > limit:
        raise NoteTooLargeError(info.st_size)
    chunks = []
    size = 0
    wanted = info.st_size + 1  # all of it, then its end
    while chunk := os.read(descriptor, wanted):
        chunks.append(chunk)
        size += len(chunk)
        if limit is not None and size > limit:  # it grew, or says it is empty (/proc)
            raise NoteTooLargeError(size)
        wanted = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: a file changed less than this long before it is read gets no stamp (nanoseconds)
SETTLE_NS = 2_000_000_000


def stamp(info: os.stat_result) -> str:
    """What identifies a version of a file without reading it, for the result cache:
    size, modification and change times, inode. On POSIX the change time moves with every
    write and every change of the other times (``touch -d`` included), and a program
    cannot set it back, so a file whose stamp is the same has not been written since, as
    Git and ruff assume. (On Windows ``st_ctime`` is the creation time: there the stamp
    rests on the modification time and the size, as ruff's cache does.)

    A file changed within :data:`SETTLE_NS` of now gets none (``""``): a second write in
    the same tick of the file system's clock could keep its stamp, so its content is
    read and hashed again on the next run, when it has settled. So is a file of the
    future. The clock compared is this machine's: a network drive whose server runs
    more than 2 s behind, or that caches attributes, weakens that guard.
    """
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) <= SETTLE_NS:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _read(path: str, limit: int | None = None) -> tuple[bytes, str] | None:
    try:
        return read_stamped(path, limit)
    except OSError:
        return None


def digest(data: bytes) -> str:
    """The content key of a note for the result cache."""
    return blake2b(data, digest_size=16).hexdigest()


# The note model, which linting needs and a warm run does not, imported on first use: an
# import statement in a function costs ~1-3 µs each time it runs (~0.3 % of a cold run).


@cache
def _note_class() -> type[Note]:
    from notelint.note import Note

    return Note
