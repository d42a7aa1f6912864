"""FM: the frontmatter schema of a Dendron note (a table of field types, extensible by the pack).

The schema was learnt from the Dendron documentation vault (1,012 real notes): every note
there has ``id``, ``title``, ``desc``, ``updated`` and ``created``; 22 of them have a title
that YAML reads as a number (``title: 0.88``), which FM004 reports with a quoting fix.

Each field's type is a strict type in pydantic's sense (no coercion: ``0.88`` is not a
string, ``true`` is not an integer), and a YAML value only ever is a str, int, float, bool,
date, datetime, list or mapping, so the check is an ``isinstance`` test per field. It used
to be a pydantic model; importing pydantic and building the model cost about 70 ms, half
of linting one note, for a result that ``tests/test_frontmatter_types.py`` checks is the
same as pydantic's strict validation on generated values of every kind YAML produces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from notelint.diagnostics import Applicability, Diagnostic, Span
from notelint.registry import Context, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.frontmatter import Field
    from notelint.note import Note
    from notelint.pack import FieldSpec


def _string(value: object) -> bool:
    return isinstance(value, str)


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> bool:
    return _integer(value) or isinstance(value, float)


def _boolean(value: object) -> bool:
    return isinstance(value, bool)


def _list(value: object) -> bool:
    return isinstance(value, list)


def _string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _mapping(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)


def _date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


@dataclass(frozen=True, slots=True)
class Kind:
    """A field's type: how messages name it, and whether a YAML value has it."""

    expected: str
    accepts: Callable[[object], bool]


STRING = Kind("a string", _string)
EPOCH = Kind("integer epoch milliseconds", _integer)
BOOLEAN = Kind("a boolean", _boolean)

#: the frontmatter fields Dendron documents, with the types it writes; YAML ``null`` in a
#: field counts as absent (``tags:`` with nothing after it)
DENDRON: dict[str, Kind] = {
    "id": STRING,
    "title": STRING,
    "desc": STRING,
    "updated": EPOCH,
    "created": EPOCH,
    "tags": Kind("a string or a list of strings", lambda v: _string(v) or _string_list(v)),
    "stub": BOOLEAN,
    "nav_order": Kind("a number", _number),
    "nav_exclude": BOOLEAN,
    "nav_exclude_children": BOOLEAN,
    "published": BOOLEAN,
    "noindex": BOOLEAN,
    "color": STRING,
    "config": Kind("a mapping", _mapping),
    "traitIds": Kind("a list of strings", _string_list),
}

#: the types a rule pack's ``frontmatter.yaml`` can give a field
PACK_KINDS: dict[str, Kind] = {
    "string": STRING,
    "integer": Kind("an integer", _integer),
    "number": Kind("a number", _number),
    "boolean": BOOLEAN,
    "list": Kind("a list", _list),
    "string-list": Kind("a list of strings", _string_list),
    "date": Kind("a date (YYYY-MM-DD)", _date),
}


def schema(fields: dict[str, FieldSpec]) -> dict[str, Kind]:
    """Dendron's fields extended (or overridden) by the rule pack's ``frontmatter.yaml``."""
    return _schema(tuple(sorted((name, spec.type) for name, spec in fields.items())))


@cache
def _schema(extra: tuple[tuple[str, str], ...]) -> dict[str, Kind]:
    return {**DENDRON, **{name: PACK_KINDS[kind] for name, kind in extra}}


def describe(value: object, raw: str) -> str:
    """Say what YAML made of a value, quoting the source when it reads differently."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"a boolean ({raw})"
    if isinstance(value, int | float):
        shown = f"{value!r}" if raw == repr(value) else f"{value!r}, from '{raw}'"
        return f"{'an integer' if isinstance(value, int) else 'a number'} ({shown})"
    if isinstance(value, dt.datetime | dt.date):
        return f"a date ({raw})"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ('{short}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _fields(note: Note) -> dict[str, Field] | None:
    """The fields of a frontmatter that parsed; None when there is none to check."""
    fm = note.frontmatter
    if fm is None or not fm.ok:
        return None
    return fm.fields


class FrontmatterMissing(Rule):
    """A note should start with a YAML frontmatter block.

    ## Why
    Dendron, Obsidian and Foam keep a note's identity (`id`, `title`) and its timestamps in
    the frontmatter; a note without one has none of them. Reported at line 1.

    ## Bad
    ```markdown
    ## Khrushchev era

    Text.
    ```

    ## Good
    ```markdown
    ---
    id: 4ca62c06-1fc3-4d0f-9d86-40167535894f
    title: Sino-Soviet Relations
    desc: ''
    updated: 1617547732440
    created: 1617529949389
    ---
    ## Khrushchev era

    Text.
    ```
    """

    code, name = "FM001", "frontmatter-missing"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        if note.frontmatter is None:
            yield self.report(note, Span(0, 0), "Note has no frontmatter")


class FrontmatterInvalid(Rule):
    """The frontmatter should be a closed block holding a YAML mapping.

    ## Why
    A YAML error or a missing closing `---` makes tools drop the whole frontmatter, and with
    it the note's id and title. Reported at the YAML error's line (line 1 when the block is
    not closed). The body is still checked.

    ## Bad
    ```markdown
    ---
    id: abc
    title: [unclosed
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: '[closed]'
    desc: ''
    updated: 1617547732440
    created: 1617529949389
    ---
    ```
    """

    code, name = "FM002", "frontmatter-invalid"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fm = note.frontmatter
        if fm is not None and fm.error is not None:
            yield self.report(note, fm.error.span, fm.error.message)


class FieldMissing(Rule):
    """The frontmatter should have every required field.

    ## Why
    Dendron needs `id`, `title`, `desc`, `updated` and `created` (the default of
    `[tool.notelint.frontmatter] required`); the rule pack's `frontmatter.yaml` can mark
    more fields `required: true`. Reported at line 1.

    ## Bad
    ```markdown
    ---
    id: abc
    title: Korean War
    desc: ''
    updated: 1617547732440
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: Korean War
    desc: ''
    updated: 1617547732440
    created: 1617529949389
    ---
    ```
    """

    code, name = "FM003", "field-missing"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fields = _fields(note)
        if fields is None:
            return
        required = list(ctx.config.frontmatter.required)
        required += [name for name, spec in ctx.pack.fields.items() if spec.required]
        start = note.frontmatter.span.start  # type: ignore[union-attr]
        for name in dict.fromkeys(required):
            if name not in fields:
                yield self.report(note, Span(start, start), f"Required field '{name}' is missing")


class FieldType(Rule):
    """Each frontmatter field should have its type.

    ## Why
    YAML guesses types: `title: 0.10` is the number 0.1, so Dendron shows the title "0.1";
    `updated: 2021-04-04` is a date, not the epoch milliseconds Dendron sorts by. The fix
    for a title or description that YAML reads as something else quotes it (unsafe: the
    shown text changes from `0.1` to `0.10`, which is usually what was meant). An epoch in
    seconds is an integer, so it is DT003's business, not this rule's.

    ## Bad
    ```markdown
    ---
    id: abc
    title: 0.10
    desc: ''
    updated: 1617547732440
    created: 1617529949389
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: '0.10'
    desc: ''
    updated: 1617547732440
    created: 1617529949389
    ---
    ```
    """

    code, name = "FM004", "field-type"
    fixable = "unsafe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fields = _fields(note)
        if not fields:
            return
        kinds = schema(ctx.pack.fields)
        for name, entry in fields.items():
            kind = kinds.get(name)
            if kind is None or entry.value is None or kind.accepts(entry.value):
                continue
            message = f"'{name}' is {describe(entry.value, entry.raw)}, not {kind.expected}"
            fix = None
            if kind is STRING and entry.is_plain_scalar and entry.raw:
                quoted = "'" + entry.raw.replace("'", "''") + "'"
                fix = self.fix(
                    f"Quote the value: {quoted}",
                    (entry.value_span, quoted),
                    applicability=Applicability.UNSAFE,
                )
            yield self.report(note, entry.value_span, message, fix=fix)


class FieldUnknown(Rule):
    """The frontmatter should only have known fields, when `allow-unknown = false`.

    ## Why
    In a vault with a fixed schema a misspelt key (`tittle`) is silently ignored by Dendron.
    Known fields are Dendron's documented ones plus the rule pack's `frontmatter.yaml`.
    Nothing is reported while `[tool.notelint.frontmatter] allow-unknown` is true (the
    default), because real vaults carry plugin fields (`pods`, `nav_order`, ...).

    ## Options
    ```toml
    [frontmatter]
    allow-unknown = false
    ```

    ## Bad
    ```markdown
    ---
    id: abc
    tittle: Korean War
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: Korean War
    ---
    ```
    """

    code, name = "FM005", "field-unknown"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fields = _fields(note)
        if not fields or ctx.config.frontmatter.allow_unknown:
            return
        kinds = schema(ctx.pack.fields)
        for name, entry in fields.items():
            if name not in kinds:
                yield self.report(note, entry.key_span, f"Field '{name}' is not in the schema")


_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?")
_ID_CHAR = re.compile(r"[A-Za-z0-9_-]")


class IdFormat(Rule):
    """The `id` should be letters, digits, `-` and `_`, not starting or ending with `-` or `_`.

    ## Why
    This is Dendron's own rule for ids. Its generators have produced 16-, 21- and
    23-character nanoids and UUIDs, all of which pass; an id with spaces or dots breaks
    links and publishing.

    ## Bad
    ```markdown
    ---
    id: sino soviet.relations
    ---
    ```

    ## Good
    ```markdown
    ---
    id: 4ca62c06-1fc3-4d0f-9d86-40167535894f
    ---
    ```
    """

    code, name = "FM006", "id-format"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fields = _fields(note)
        entry = fields.get("id") if fields else None
        if entry is None or not isinstance(entry.value, str) or _ID.fullmatch(entry.value):
            return
        value = entry.value
        if not value:
            problem = "is empty"
        elif value[0] in "-_":
            problem = f"starts with '{value[0]}'"
        elif value[-1] in "-_":
            problem = f"ends with '{value[-1]}'"
        else:
            odd = sorted({char for char in value if not _ID_CHAR.fullmatch(char)})
            problem = "has " + ", ".join(f"'{char}'" for char in odd)
        yield self.report(note, entry.value_span, f"'id' '{value}' {problem}")


class TitleEmpty(Rule):
    """The `title` should not be empty.

    ## Why
    Dendron shows the title in the tree, in lookups and as the page's H1; an empty title
    shows nothing.

    ## Bad
    ```markdown
    ---
    id: abc
    title: ' '
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: Korean War
    ---
    ```
    """

    code, name = "FM008", "title-empty"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fields = _fields(note)
        entry = fields.get("title") if fields else None
        if entry is None:
            return
        if entry.value is None or (isinstance(entry.value, str) and not entry.value.strip()):
            span = (
                entry.value_span
                if entry.value_span.end > entry.value_span.start
                else entry.key_span
            )
            yield self.report(note, span, "'title' is empty")


class KeyDuplicate(Rule):
    """A frontmatter key should appear once.

    ## Why
    YAML loaders keep the last of two equal keys without a word, so an edit to the first
    one does nothing. Reported on the second occurrence.

    ## Bad
    ```markdown
    ---
    id: abc
    title: Korean War
    title: The Korean War
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: The Korean War
    ---
    ```
    """

    code, name = "FM009", "key-duplicate"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        fm = note.frontmatter
        if fm is None or not fm.ok or not fm.duplicates:
            return  # most notes: no key given twice
        first: dict[str, int] = {}
        seen: list[Field] = sorted(
            [*fm.fields.values(), *fm.duplicates], key=lambda entry: entry.key_span.start
        )
        for entry in seen:
            if entry.key in first:
                yield self.report(
                    note,
                    entry.key_span,
                    f"Key '{entry.key}' is already defined on line {first[entry.key]}",
                )
            else:
                first[entry.key] = note.position(entry.key_span.start).line
