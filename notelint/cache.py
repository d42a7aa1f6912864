"""The result cache (as ruff's): a note whose content, settings and notelint are unchanged
is not linted again.

One folder per settings key under ``.notelint_cache/`` (which carries its own
``.gitignore``), its results spread over :data:`SHARDS` files by path, each a line per note:
path, content digest, the file's stamp (``engine.stamp``: a warm run reads only the notes
whose stamp moved), result as JSON. JSON, not pickle, because a cache folder can come from
anywhere (a pull request may commit one) and loading it must never run code: results are
rebuilt only from a fixed list of notelint's own classes. A cache that is unreadable,
corrupt or from another version is ignored and rewritten. Workers answer in the same JSON
form (:func:`dumps`), so whatever a result holds must be something :func:`encode` writes.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
import time
from collections.abc import Iterable

from notelint import __version__
from notelint.atomic import replacing
from notelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Span
from notelint.engine import FileResult, Linter, read_note, stamp
from notelint.hashing import blake2b
from notelint.memo import code_stamp, stale
from notelint.record import Record
from notelint.suppressions import Region, Suppression, SuppressionSet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: 2: each result is kept as its own JSON text, parsed only when the note is a hit, so a
#: 100,000-note cache costs its file's size in memory rather than a tree of lists;
#: 3: a diagnostic is one flat list (``D``) instead of nested class lists;
#: 4: a fix too (``F``), and a diagnostic's path is 0 when it is the result's own;
#: 5: the results of one key are sharded over 256 files (:data:`SHARDS`);
#: 6: a shard is lines of ``path TAB digest TAB result``, not one JSON object whose
#: results were JSON text inside JSON (every quote escaped, parsed twice);
#: 7: each line has the file's stamp too (``engine.stamp``), so that a warm run need not
#: read an unchanged note to know it is unchanged;
#: 8: a diagnostic that repeats an earlier one of its list but for where it is (``R``);
#: 9: a result's path is 0, the path its line (or a worker's answer) is for
FORMAT = 9
_CLASSES: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        Diagnostic,
        Edit,
        Fix,
        Span,
        Position,
        Region,
        Suppression,
        SuppressionSet,
        FileResult,
    )
}


def encode(value: Any, home: str | None = None) -> Any:
    """A compact JSON-able form of results: every container is a list whose first item
    says what it is (a class name, ``T`` tuple, ``L`` list, ``M`` mapping); notelint's
    classes list their fields in declaration order (the version is part of the cache key).

    The commonest values have flat forms (``D`` a diagnostic, ``F`` a fix), and a
    diagnostic of the note a result is for (``home``) writes its path as 0: paths were a
    quarter of the Dendron vault's cache, which a warm run parses whole.
    """
    if isinstance(value, Diagnostic):  # most of what is cached: see _diagnostics
        return _flat(value, home)
    if isinstance(value, Applicability):  # a str too: test it first
        return ["Applicability", value.value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Position):
        return ["Position", *value]
    if isinstance(value, Span):
        return ["Span", *value]
    if isinstance(value, Fix):
        return _flat_fix(value)
    if isinstance(value, FileResult):  # its path is the home its reader gives
        fields = _fields(FileResult)[1:]
        return ["FileResult", 0, *(encode(getattr(value, field), value.path) for field in fields)]
    if isinstance(value, Record | Suppression):
        name = type(value).__name__
        return [name, *(encode(getattr(value, field), home) for field in _fields(type(value)))]
    if isinstance(value, tuple):
        return ["T", *(encode(item, home) for item in value)]
    if isinstance(value, list):
        if value and isinstance(value[0], Diagnostic):
            return _flat_diagnostics(value, home)
        return ["L", *(encode(item, home) for item in value)]
    if isinstance(value, dict):
        return ["M", *(encode(part, home) for item in value.items() for part in item)]
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _flat(diagnostic: Diagnostic, home: str | None) -> list[Any]:
    """A diagnostic's flat form (``D``), as :func:`_diagnostics` reads it."""
    span, start, end, fix = diagnostic.span, diagnostic.start, diagnostic.end, diagnostic.fix
    return [
        "D",
        diagnostic.code,
        diagnostic.rule,
        diagnostic.severity,
        diagnostic.message,
        span[0],
        span[1],
        start[0],
        start[1],
        end[0],
        end[1],
        None if fix is None else _flat_fix(fix),
        list(diagnostic.suggestions),
        0 if diagnostic.path == home else diagnostic.path,
        diagnostic.snippet,
    ]


def _flat_diagnostics(diagnostics: list[Diagnostic], home: str | None) -> list[Any]:
    """A list of diagnostics (``L``), each in its flat form, or, when it is an earlier one
    of the list again but for its span and positions (no fix), as ``["R", index of that
    one, start, end, line, column, end line, end column]``: a note that misspells a word
    ten times has ten diagnostics that differ only in where they are. A third of the
    Dendron vault's diagnostics are such repeats; written whole, they were a quarter of
    the text a warm run parses."""
    flat: list[Any] = ["L"]
    first: dict[tuple[Any, ...], int] = {}
    for index, diagnostic in enumerate(diagnostics):
        if diagnostic.__class__ is Diagnostic and diagnostic.fix is None:
            # what a repeat shares with the one it repeats: all but span, start and end
            key = diagnostic[:4] + diagnostic[7:]
            try:
                earlier = first.setdefault(key, index)
            except TypeError:  # suggestions in a list (a diagnostic made by hand)
                earlier = index
            if earlier != index:
                span, start, end = diagnostic.span, diagnostic.start, diagnostic.end
                flat.append(["R", earlier, span[0], span[1], *start, *end])
                continue
        flat.append(encode(diagnostic, home))
    return flat


def _flat_fix(fix: Fix) -> list[Any]:
    """A fix's flat form (``F``), as :func:`_fix` reads it."""
    edits = [[e.span.start, e.span.end, e.content, *e.start, *e.end] for e in fix.edits]
    return ["F", fix.title, fix.applicability.value, *edits]


def decode(value: Any, home: str = "") -> Any:
    """Inverse of :func:`encode`; only notelint's own classes are ever constructed.

    A warm run decodes every cached diagnostic (about 150,000 values for the Dendron
    vault), so scalars are passed through inline instead of through a call each.
    """
    if value.__class__ is not list:
        return value
    tag = value[0]
    if tag == "D":
        return _diagnostics(home, (value,))[0]
    if tag == "F":
        return _fix_of(value)
    if tag == "L" and len(value) > 1 and value[1].__class__ is list and value[1][0] == "D":
        return _diagnostics(home, itertools.islice(value, 1, None))
    if tag == "FileResult":
        return _file_result_of(value, home)
    items = [item if item.__class__ is not list else decode(item, home) for item in value[1:]]
    if tag == "T":
        return tuple(items)
    if tag == "L":
        return items
    if tag == "M":
        return dict(zip(items[::2], items[1::2], strict=True))
    if tag == "Applicability":
        return _APPLICABILITY[items[0]]
    return _DECODERS[tag](*items)  # KeyError for anything else: the cache is then ignored


def dumps(result: FileResult) -> str:
    """A result as compact JSON text: what the cache keeps and a worker sends back.

    Without its path (0), which whoever reads it knows (:func:`loads`): the cache has it
    at the start of the line, the run that asked a worker has it by the note's index. A
    fifteenth of the Dendron vault's cache was paths written twice."""
    return json.dumps(encode(result), separators=(",", ":"))


def loads(text: str, path: str, packed: bool = False, trusted: bool = False) -> FileResult:
    """Inverse of :func:`dumps`, for the note at ``path``; ``ValueError`` (or another error
    of bad data) for text that is not a result. ``packed``: the result's diagnostics stay
    JSON text (its ``packed``: their count, then ``text`` itself), never encoded again: a
    large run would decode them here only to encode them again. They are still decoded
    once, to be refused here if damaged, unless the text is ``trusted`` (a worker's
    answer), not read from a cache folder that may come from anywhere."""
    raw = _json(text)
    if not packed:
        return _file_result_of(raw, path)
    if trusted and raw.__class__ is list and len(raw) == 7 and raw[2].__class__ is list:
        count = len(raw[2]) - 1
        raw[2] = ["L"]  # decoded when reported
        result = _file_result_of(raw, path)
    else:
        result = _file_result_of(raw, path)  # its diagnostics decoded, to be refused if damaged
        count = len(result.diagnostics)
        result.diagnostics = []
    # the text as it came, not encoded again (a warm run of the 100k vault spent ~0.8 s
    # writing each note's diagnostics back to JSON)
    result.packed = f"[{count},{text}]"
    return result


#: the C scanner json.loads runs, without json.loads's two Python calls and two regular
#: expression matches around it: a warm run of the Dendron vault parses 1,012 results
_scan = json.JSONDecoder().scan_once


def _json(text: str) -> Any:
    """``json.loads`` of text that :func:`dumps` wrote (no white space around it): a
    ValueError for anything else."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(text):
        raise ValueError("not one JSON value")
    return value


def _file_result_of(raw: Any, path: str) -> FileResult:
    """:func:`decode` of the result (``FileResult``) of the note at ``path``, checked:
    unpacked in place, where the generic way made a list of its items first. Its
    ``summaries`` are checked by the vault-wide rules that read them."""
    if raw.__class__ is not list or len(raw) != 7 or raw[0] != "FileResult":
        raise ValueError("not a cached result")
    _, written, diagnostics, summaries, suppressions, error, packed = raw
    if (
        written.__class__ is not int
        or written  # a result's path is its line's (0): one naming a path is refused
        or diagnostics.__class__ is not list
        or diagnostics[:1] != ["L"]
        or (error is not None and error.__class__ is not str)
        or packed is not None  # only a run packs a result: never read from a cache
    ):
        raise ValueError("not a cached result")
    # decode(diagnostics) without its dispatch: they are diagnostics or nothing
    made = _diagnostics(path, itertools.islice(diagnostics, 1, None))
    if summaries.__class__ is list:
        summaries = _summaries(summaries, path)
    if suppressions is not None:
        suppressions = decode(suppressions, path)
    if summaries.__class__ is not dict or (
        suppressions is not None and suppressions.__class__ is not SuppressionSet
    ):
        raise TypeError("not a result")
    return FileResult(path, made, summaries, suppressions, error)


def _summaries(value: list[Any], home: str) -> Any:
    """:func:`decode` of a result's summaries: usually one rule's, a tuple of plain values
    (FM007: the note's id and where it is), made here without a call per level."""
    if len(value) == 3 and value[0] == "M":
        summary = value[2]
        if (
            summary.__class__ is list
            and summary[0] == "T"
            and list not in map(type, summary)  # nothing nested ("T" itself is a str)
        ):
            return {value[1]: tuple(summary[1:])}
    return decode(value, home)


# -- packed diagnostics: a large run keeps each note's diagnostics as JSON text until they
# are reported: their count, then the whole result in the form :func:`dumps` writes


def pack(result: FileResult) -> None:
    """Replace a result's diagnostics by their packed text (no-op if already packed)."""
    if result.packed is None:
        result.packed = f"[{len(result.diagnostics)},{dumps(result)}]"
        result.diagnostics = []


def unpack(result: FileResult) -> list[Diagnostic]:
    """A result's diagnostics as objects, packed or not."""
    if result.packed is None:
        return result.diagnostics
    return _file_result_of(_json(result.packed)[1], result.path).diagnostics


def packed_count(result: FileResult) -> int:
    """How many diagnostics a result has, without unpacking them."""
    if result.packed is None:
        return len(result.diagnostics)
    return int(result.packed[1 : result.packed.index(",")])


def _whole(result: FileResult) -> FileResult:
    """``result`` with its diagnostics as objects again if they were packed."""
    if result.packed is None:
        return result
    return FileResult(result.path, unpack(result), result.summaries, result.suppressions)


def _diagnostics(home: str, items: Iterable[Any]) -> list[Diagnostic]:
    """Diagnostics from their flat forms (``["D", code, rule, ...]``, or ``R``: see
    :func:`_flat_diagnostics`), in one loop that unpacks each itself: a warm run of the
    Dendron vault rebuilds 6,300 of them, and a call per diagnostic was a third of the
    time (one flat list decodes three times faster than five nested ones). ``home``: the
    path a diagnostic's 0 stands for.
    """
    made: list[Diagnostic] = []
    append = made.append
    for item in items:
        if len(item) == 8:  # a repeat: only where it is is its own
            tag, index, start, end, line, column, end_line, end_column = item
            if tag != "R" or index.__class__ is not int or not 0 <= index < len(made):
                raise ValueError("not a cached diagnostic")
            code, rule, severity, message, _, _, _, _, suggestions, path, snippet = made[index]
            tag, fix = "D", None
        else:
            (
                tag,
                code,
                rule,
                severity,
                message,
                start,
                end,
                line,
                column,
                end_line,
                end_column,
                fix,
                suggestions,
                path,
                snippet,
            ) = item
            if path == 0:
                path = home
        # what Span would refuse, and a type that would fail later (sorting compares
        # paths, positions, codes and messages; a baseline hashes snippets; reporters join
        # suggestions): ~0.1 µs of the ~1.2 µs a diagnostic takes to rebuild
        if (
            tag != "D"
            or not 0 <= start <= end
            or start.__class__ is not int
            or end.__class__ is not int
            or line.__class__ is not int
            or column.__class__ is not int
            or end_line.__class__ is not int
            or end_column.__class__ is not int
            or code.__class__ is not str
            or rule.__class__ is not str
            or severity.__class__ is not str
            or message.__class__ is not str
            or path.__class__ is not str
            or snippet.__class__ is not str
        ):
            raise ValueError("not a cached diagnostic")
        if suggestions:
            _join(suggestions)  # TypeError unless every one is a str
        append(
            _tuple(
                Diagnostic,
                (
                    code,
                    rule,
                    severity,
                    message,
                    _tuple(Span, (start, end)),
                    _tuple(Position, (line, column)),
                    _tuple(Position, (end_line, end_column)),
                    None if fix is None else _fix_of(fix),
                    tuple(suggestions),
                    path,
                    snippet,
                ),
            )
        )
    return made


_join = "".join  # TypeError unless every item is a str

#: a named tuple made without its ``__new__`` (a Python call): a warm run rebuilds tens of
#: thousands of spans, positions, edits and fixes, each checked by hand beside it
_tuple = tuple.__new__


def _position(*values: Any) -> Position:
    """A position written on its own (a suppression region's ends), checked."""
    if not _typed(values, (int, int)):
        raise TypeError("not a position")
    return _tuple(Position, values)


def _span(*values: Any) -> Span:
    if not _typed(values, (int, int)):
        raise TypeError("not a span")
    return Span(*values)


def _suppression(*values: Any) -> Suppression:
    """``kind, codes, span, line``; each of ``codes`` a code and its span."""
    if not _typed(values, (str, tuple, Span, int)) or not all(
        _typed(code, (str, Span)) for code in values[1]
    ):
        raise TypeError("not a suppression")
    return Suppression(*values)


def _region(*values: Any) -> Region:
    """``comment, codes, first_line, last_line, start, end, used``."""
    kinds = (Suppression, tuple, int, int, Position, Position, bool)
    if not _typed(values, kinds) or not _texts(values[1]):
        raise TypeError("not a suppression region")
    return Region(*values)


def _suppression_set(regions: Any, unknown: Any) -> SuppressionSet:
    """Its regions, and each unknown code with its span, start and end."""
    if regions.__class__ is not list or any(region.__class__ is not Region for region in regions):
        raise TypeError("not suppression regions")
    kinds = (str, Span, Position, Position)
    if unknown.__class__ is not list or not all(_typed(entry, kinds) for entry in unknown):
        raise TypeError("not unknown suppression codes")
    return SuppressionSet(regions, unknown)


def _texts(values: Any) -> bool:
    """Whether every one of ``values`` is a str."""
    return all(value.__class__ is str for value in values)


def _typed(values: Any, kinds: tuple[type, ...]) -> bool:
    """Whether ``values`` is a tuple of exactly these classes (a bool is not an int)."""
    return values.__class__ is tuple and tuple(map(type, values)) == kinds


#: what a class-named list decodes through: only the classes :func:`encode` writes by
#: name, each checked (diagnostics and fixes have flat forms, ``D`` and ``F``, and
#: nothing writes them by name: a cache that does is refused, not decoded unchecked)
_DECODERS: dict[str, Any] = {
    "Span": _span,
    "Position": _position,
    "Region": _region,
    "Suppression": _suppression,
    "SuppressionSet": _suppression_set,
}
_APPLICABILITY = {member.value: member for member in Applicability}


def _fix_of(value: Any) -> Fix:
    """A fix from its flat form, ``["F", title, applicability, *edits]``, each edit as
    ``[start, end, content, line, column, end line, end column]``. Checked as
    :func:`_diagnostics` checks a diagnostic (a warm run of the Dendron vault rebuilds
    1,800 fixes), with no call but the tuples' own."""
    if value.__class__ is not list or len(value) < 3 or value[0] != "F":
        raise ValueError("not a fix")
    title = value[1]
    if title.__class__ is not str:
        raise TypeError("not a fix")
    made = []
    for start, end, content, line, column, end_line, end_column in itertools.islice(value, 3, None):
        if (
            content.__class__ is not str
            or start.__class__ is not int
            or end.__class__ is not int
            or line.__class__ is not int
            or column.__class__ is not int
            or end_line.__class__ is not int
            or end_column.__class__ is not int
            or not 0 <= start <= end
        ):
            raise ValueError("not an edit")
        made.append(
            _tuple(
                Edit,
                (
                    _tuple(Span, (start, end)),
                    content,
                    _tuple(Position, (line, column)),
                    _tuple(Position, (end_line, end_column)),
                ),
            )
        )
    return _tuple(Fix, (title, tuple(made), _APPLICABILITY[value[2]]))


def _fields(cls: Any) -> tuple[str, ...]:
    """The field names a cached class is rebuilt from, in order."""
    if issubclass(cls, Record):  # its own slots after those of the classes it extends
        return tuple(
            name for base in reversed(cls.__mro__) for name in getattr(base, "__slots__", ())
        )
    return tuple(cls._fields)  # a NamedTuple


#: results are spread over this many files by a hash of the note's path, so that a run
#: over a few notes (a commit hook, an editor) reads their shards, not the whole vault's
#: cache (243 MB for 100,000 notes)
SHARDS = 256


def shard_of(path: str) -> str:
    """The name of the shard file that holds ``path``'s result."""
    return blake2b(path.encode("utf-8", "surrogatepass"), digest_size=1).hexdigest()


class ResultCache:
    """Results of one settings key, in :data:`SHARDS` files of one folder; a shard is read
    when a note of it is first asked for and written back, if it changed, at the end."""

    def __init__(self, folder: str | os.PathLike[str], key: str, clock: Iterable[str] = ()) -> None:
        self.folder = os.fspath(folder)
        #: how the encoded result of a note that a rule reading the clock (``clock``)
        #: reports on starts a diagnostic: such a result is not kept (see :meth:`put`)
        self._clock_marks = tuple(f'["D","{code}",' for code in sorted(clock))
        self.directory = os.path.join(self.folder, f"results-{key}")
        #: the shards' paths start with this
        self._prefix = os.path.join(self.directory, "")
        self.shards: dict[str, dict[str, list[Any]]] = {}
        self.dirty: set[str] = set()

    @property
    def entries(self) -> dict[str, list[Any]]:
        """Every entry of the shards read so far."""
        return {path: entry for shard in self.shards.values() for path, entry in shard.items()}

    def shard_file(self, path: str) -> str:
        """The file holding ``path``'s result."""
        return self._file(shard_of(path))

    def _file(self, shard: str) -> str:
        return f"{self._prefix}{shard}.txt"

    def _shard(self, path: str) -> dict[str, list[Any]]:
        name = shard_of(path)
        entries = self.shards.get(name)
        if entries is None:
            entries = self.shards[name] = self._load(self._file(name))
        return entries

    @staticmethod
    def _load(file: str) -> dict[str, list[Any]]:
        """A shard's entries; nothing from a file that is missing, damaged or foreign.

        The file is ASCII: a first line naming the format and notelint's version, then a
        line per note, ``path TAB content digest TAB stamp TAB result as JSON``, and a last
        line break (a file cut short is refused). A path that is not plain ASCII, or holds
        a tab or a line break, or starts with a quote, is written as a JSON string.
        """
        try:
            # bytes, decoded whole (~40 % faster than text), read as notes are (read_note:
            # without a file object, 256 shards in ~1.2 ms rather than ~1.8)
            lines = read_note(file).decode("ascii").split("\n")
            if lines[0] != _HEADER or lines[-1]:
                return {}
            entries: dict[str, list[Any]] = {}
            for line in lines[1:-1]:
                path, content, version, result = line.split("\t")
                if path.startswith('"'):
                    path = json.loads(path)
                    if not isinstance(path, str):
                        return {}
                entries[path] = [content, result, version]
            return entries
        except (OSError, ValueError):
            return {}

    def unchanged(self, path: str, packed: bool = False) -> FileResult | None:
        """The result kept for ``path`` if the file's stamp is the one recorded with it
        (:func:`notelint.engine.stamp`): the note has not been written since, and need
        not be read. None when it may have changed, or has no recorded stamp."""
        entry = self._shard(path).get(path)
        if entry is None or not entry[2]:
            return None
        try:
            version = stamp(os.stat(path))
        except OSError:
            return None
        return self._result(path, entry, packed) if version == entry[2] else None

    def get(
        self, path: str, content: str, packed: bool = False, version: str | None = None
    ) -> FileResult | None:
        """The result kept for ``path`` at ``content``, if any; ``packed``: with its
        diagnostics as JSON text (see :func:`loads`). ``version``: the file's stamp,
        recorded with the result when it is another (a checkout rewrote the note, the same
        bytes)."""
        entry = self._shard(path).get(path)
        if entry is None or entry[0] != content:
            return None
        result = self._result(path, entry, packed)
        if result is not None and version is not None and version != entry[2]:
            entry[2] = version
            self.dirty.add(shard_of(path))
        return result

    @staticmethod
    def _result(path: str, entry: list[Any], packed: bool) -> FileResult | None:
        if isinstance(entry[1], FileResult):  # asked for before in this run (--fix)
            return entry[1] if packed else _whole(entry[1])
        try:
            result = loads(entry[1], path, packed=packed)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
            return None  # damaged (a result nested 200,000 deep is RecursionError)
        entry[1] = result  # the run holds the result anyway: drop its text until saving
        return result

    def put(
        self,
        path: str,
        content: str,
        result: FileResult,
        encoded: str | None = None,
        version: str = "",
    ) -> None:
        """Keep ``result`` for ``path`` at ``content``; ``encoded``: its :func:`dumps`,
        when the caller already has it (a worker's answer); ``version``: the file's stamp
        when it was read (:func:`notelint.engine.stamp`), ``""`` for none."""
        if result.error is not None:
            return
        text = encoded or dumps(_whole(result))
        if self._clock_marks and (
            result.suppressions is not None or any(map(text.__contains__, self._clock_marks))
        ):
            # what a rule reading the clock reports changes as time passes (a timestamp
            # stops being in the future), and so may what a suppression of it does: kept,
            # such a result would go stale; one with nothing from it stays true later
            if self._shard(path).pop(path, None) is not None:
                self.dirty.add(shard_of(path))
            return
        self._shard(path)[path] = [content, text, version]
        self.dirty.add(shard_of(path))

    def save(self) -> None:
        """Write each changed shard atomically, keeping its entries for notes not seen in
        this run (a commit hook sees a few notes of the vault). Failure to write is not an
        error: the next run lints again.

        A run that makes this key's folder also removes the folders of other keys that no
        run has used for a month (:func:`prune`); a run that writes nothing marks its
        folder as used, at most once a day."""
        if not self.dirty:
            self._mark_used()
            return
        made = not os.path.isdir(self.directory)
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as out:
                    out.write("# created by notelint\n*\n")
            for name in sorted(self.dirty):
                self._write(self._file(name), self.shards[name])
        except OSError:
            return
        self.dirty.clear()
        if made:
            prune(self.folder, keep=self.directory)

    def _mark_used(self) -> None:
        """Set the folder's time to now if it is more than a day old: writing a shard sets
        it too, but a warm run of an unchanged vault writes nothing."""
        try:
            if time.time() - os.stat(self.directory).st_mtime > _DAY:
                os.utime(self.directory)
        except OSError:
            pass

    @staticmethod
    def _write(file: str, entries: dict[str, list[Any]]) -> None:
        """Write a shard, leaving out notes that no longer exist (renamed or deleted: a
        vault's cache would otherwise keep every path it ever had)."""
        kept = {path: entry for path, entry in entries.items() if os.path.exists(path)}
        entries.clear()
        entries.update(kept)
        with replacing(file) as out:
            out.write(f"{_HEADER}\n")
            for path, (content, result, version) in entries.items():
                if not isinstance(result, str):  # a hit of this run, encoded again
                    result = dumps(_whole(result))
                out.write(f"{_path_field(path)}\t{content}\t{version}\t{result}\n")


#: the first line of a shard: what wrote it
_HEADER = f"notelint-cache {FORMAT} {__version__}"

_DAY = 86_400
#: the name of a key's folder (see :func:`prune`)
_KEY_FOLDER = r"results-[0-9a-f]{16}\Z"
#: what a key's folder holds: shards, and the temporary files of a write cut short
_KEY_FILE = r"\.?[0-9a-f]{2}\.txt(?:\.[^/]*\.tmp)?\Z"


def prune(folder: str, keep: str) -> None:
    """Remove the key folders of ``folder``, but ``keep``, that no run has used for
    :data:`notelint.memo.KEEP_DAYS` days (:func:`notelint.memo.stale`): each upgrade and
    each change of the settings starts a folder (110 MB for a 100,000-note vault), and
    nothing else would ever remove the old ones.

    Only what notelint writes is removed: a folder named as a key's, holding nothing but
    shard files, file by file (not ``shutil.rmtree``), so that a ``cache-dir`` pointed at
    a folder of the user's own loses nothing else. Failures are ignored.
    """
    # compiled here, not when the module loads: a run that makes no new folder never
    # needs them
    key_folder, key_file = re.compile(_KEY_FOLDER).match, re.compile(_KEY_FILE).match
    for path, info in stale(folder, key_folder, keep=[keep]):
        if not stat.S_ISDIR(info.st_mode):  # a link named as a key's folder is left alone
            continue
        try:
            # through the folder opened without following a link, where the system can:
            # a folder replaced by a link after it was looked at must not lead elsewhere
            where = os.open(path, _OPEN_FOLDER) if _BY_DESCRIPTOR else path
            try:
                files = os.listdir(where)
                if all(map(key_file, files)):
                    for file in files:
                        if _BY_DESCRIPTOR:
                            os.unlink(file, dir_fd=where)
                        else:
                            os.unlink(os.path.join(path, file))
            finally:
                if _BY_DESCRIPTOR:
                    os.close(where)
            os.rmdir(path)  # refused unless it is an empty folder
        except OSError:
            continue


_OPEN_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_BY_DESCRIPTOR = (
    hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and os.unlink in os.supports_dir_fd
    and os.listdir in os.supports_fd
)


def _path_field(path: str) -> str:
    """``path`` as a shard writes it: as it is, or as a JSON string (ASCII-escaped) when
    it could be mistaken for one, or would break the line or the file's encoding."""
    if path.isascii() and not path.startswith('"') and not any(c in path for c in "\t\n\r"):
        return path
    return json.dumps(path)


def for_linter(linter: Linter) -> ResultCache:
    """The cache of this run's settings: notelint's version, the configuration, the rule
    pack's content and the selected rules.

    Not the day, though DT002 reads the clock: a key of the day made every day's first
    run a cold one (50 s for a 100,000-note vault) and a folder a day. Time only moves
    forward, so a timestamp not in the future stays so, and a result in which DT002
    reports nothing stays true; a result in which it reports something is not kept
    (:meth:`ResultCache.put`). A clock set back by the user can leave a cached result
    without a DT002 it would now have, until the note changes. A run with a fixed clock
    (``Context.now``: tests, the API) has that moment in its key instead."""
    config = linter.config
    parts = [
        __version__,
        code_stamp(),
        json.dumps(config.settings(), sort_keys=True),
        str(config.root),
        linter.context.pack.digest,
        ",".join(sorted(linter.codes)),
        # who reads: a result depends on what the user may read (a note another user
        # cannot read is NL001 for them), and a stamp is taken without reading the note
        str(os.geteuid()) if hasattr(os, "geteuid") else "",
        # the layout of the cached classes: a field added between releases (the version
        # stays) must not decode old entries with that field silently defaulted
        ";".join(f"{name}:{','.join(_fields(cls))}" for name, cls in _CLASSES.items()),
    ]
    clock = linter.codes & CLOCK_RULES
    if clock and linter.context.now is not None:
        parts.append(linter.context.now.isoformat())  # a fixed clock: its results are its own
        clock = set()
    key = blake2b("\0".join(parts).encode(), digest_size=8).hexdigest()
    return ResultCache(os.path.join(config.root, config.cache_dir), key, clock)


#: rules whose result depends on when they run, not only on the note
CLOCK_RULES = {"DT002"}
