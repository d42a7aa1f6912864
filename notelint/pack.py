"""The rule pack (``rules/``): this vault's policy as data, loaded and validated once.

* ``words/*.txt``: accepted words, one per line, ``#`` comments;
* ``timeline.yaml``: reference events, each with a date or a start and an end, and aliases;
* ``frontmatter.yaml``: extra frontmatter fields and their types.

Nothing here runs code: YAML goes through the safe loader, and each entry is validated with
pydantic so that a mistake is an error naming the file and the line. As with the
configuration, a pack whose content was validated before is rebuilt from its remembered
validated form (:mod:`notelint.memo`), without parsing YAML or importing pydantic; and
:mod:`notelint.dates` is imported only when there are events to read (a vault without a
timeline need not load the date parser).
"""

from __future__ import annotations

import os

from notelint.config import ConfigError, problem
from notelint.record import NamedTuple, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import yaml

    from notelint.hints import FieldType
    from notelint.partialdate import PartialDate

#: pydantic's settings for the pack's classes (read only when validating)
_SCHEMA: dict[str, Any] = {"extra": "forbid", "arbitrary_types_allowed": True}
_DATES = ("date", "start", "end")


class _EventFields(NamedTuple):
    __pydantic_config__ = _SCHEMA

    name: str
    aliases: tuple[str, ...] = ()
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    line: int = 0


class TimelineEvent(_EventFields):
    """One reference event or era: a single ``date``, or a ``start`` and an ``end``.

    The dates may be given as a year, ``"YYYY-MM"``, ``"YYYY-MM-DD"`` or a date, as in
    ``timeline.yaml``; they are read into :class:`PartialDate`. A named tuple (see
    :mod:`notelint.record`), checked as it is made.
    """

    __slots__ = ()

    def __new__(
        cls,
        name: str,
        aliases: tuple[str, ...] = (),
        date: PartialDate | str | int | None = None,
        start: PartialDate | str | int | None = None,
        end: PartialDate | str | int | None = None,
        line: int = 0,
    ) -> TimelineEvent:
        from notelint.partialdate import PartialDate

        date, start, end = (
            value if value is None or isinstance(value, PartialDate) else PartialDate.parse(value)
            for value in (date, start, end)
        )
        if not name:
            raise ValueError("'name' must not be empty")
        if date is not None and (start is not None or end is not None):
            raise ValueError("give either 'date' or 'start'/'end', not both")
        if date is None and start is None:
            raise ValueError("needs a 'date' or a 'start'")
        if start is not None and end is not None and end.last < start.first:
            raise ValueError(f"ends ({end}) before it starts ({start})")
        return super().__new__(cls, name, aliases, date, start, end, line)

    @property
    def first(self) -> PartialDate:
        return self.date or self.start  # type: ignore[return-value]

    @property
    def last(self) -> PartialDate:
        return self.date or self.end or self.start  # type: ignore[return-value]

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def period(self) -> str:
        if self.date is not None:
            return str(self.date)
        return f"{self.start}–{self.end}" if self.end else f"{self.start}–"


class FieldSpec(NamedTuple):
    __pydantic_config__ = _SCHEMA

    type: FieldType
    required: bool = False


class RulePack(Record):
    """Everything under ``rules/`` (an empty pack when there is none): accepted ``words``,
    the ``timeline``'s events, extra frontmatter ``fields``; ``digest``: a digest of
    every file read, for the result cache."""

    __slots__ = ("root", "words", "timeline", "fields", "digest")

    def __init__(
        self,
        root: str | None = None,
        words: list[str] | None = None,
        timeline: list[TimelineEvent] | None = None,
        fields: dict[str, FieldSpec] | None = None,
        digest: str = "",
    ) -> None:
        self.root = root
        self.words: list[str] = [] if words is None else words
        self.timeline: list[TimelineEvent] = [] if timeline is None else timeline
        self.fields: dict[str, FieldSpec] = {} if fields is None else fields
        self.digest = digest


def load(root: str | os.PathLike[str] | None) -> RulePack:
    """Load and validate the pack at ``root``; raise ConfigError naming the file and line."""
    from notelint import memo
    from notelint.hashing import blake2b

    if root is None:
        return RulePack()
    root = os.fspath(root)
    pack = RulePack(root)
    if not os.path.isdir(root):
        raise ConfigError(f"{root}: rule pack folder not found")
    texts: list[tuple[str, str, str]] = []
    words_dir = os.path.join(root, "words")
    if os.path.isdir(words_dir):
        try:
            names = os.listdir(words_dir)
        except OSError as exc:
            raise ConfigError(f"{words_dir}: cannot read: {exc.strerror}") from None
        # as pathlib's glob matched them: without regard to case where the system has none
        for name in sorted(name for name in names if os.path.normcase(name).endswith(".txt")):
            path = os.path.join(words_dir, name)
            texts.append((name, path, _read(path)))
    for kind in ("timeline", "frontmatter"):
        path = os.path.join(root, f"{kind}.yaml")
        if os.path.isfile(path):
            texts.append((kind, path, _read(path)))
    digest = blake2b(digest_size=32)
    for name, _, text in texts:
        digest.update(name.encode() + b"\0" + text.encode())
    pack.digest = digest.hexdigest()
    remembered = memo.recall("pack", pack.digest)
    if remembered is not None:
        try:
            return _rebuild(pack, remembered)
        except (TypeError, ValueError, KeyError, AttributeError):
            pass  # a damaged memo: validate again
    for name, path, text in texts:
        if name == "timeline":
            pack.timeline = _timeline(path, text)
        elif name == "frontmatter":
            pack.fields = _fields(path, text)
        else:
            pack.words.extend(_words(text))
    memo.remember("pack", pack.digest, _validated(pack))
    return pack


def _validated(pack: RulePack) -> dict[str, Any]:
    """The pack's validated content as JSON-able data (dates as [year, month, day])."""
    events = []
    for event in pack.timeline:
        data = event._asdict()
        for key in _DATES:
            if data[key] is not None:
                data[key] = [data[key].year, data[key].month, data[key].day]
        events.append(data)
    fields = {name: spec._asdict() for name, spec in pack.fields.items()}
    return {"words": pack.words, "timeline": events, "fields": fields}


def _rebuild(pack: RulePack, data: dict[str, Any]) -> RulePack:
    """The pack from :func:`_validated`'s data."""
    from notelint.partialdate import PartialDate

    pack.words = [str(word) for word in data["words"]]
    for event in data["timeline"]:
        dates = {key: PartialDate(*event[key]) for key in _DATES if event[key] is not None}
        values = {**event, **dates, "aliases": tuple(event["aliases"])}
        pack.timeline.append(TimelineEvent(**values))
    pack.fields = {name: FieldSpec(**spec) for name, spec in data["fields"].items()}
    return pack


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:  # universal newlines, as read_text
            return file.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _words(text: str) -> list[str]:
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(path: str, text: str) -> yaml.Node | None:
    import yaml

    try:
        return yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark or exc.context_mark).line + 1  # type: ignore[union-attr]
        raise ConfigError(f"{path}:{line}: YAML {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML {exc}") from None


def _construct(path: str, node: yaml.Node) -> Any:
    import yaml

    try:
        return _loader()("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark or node.start_mark).line + 1  # type: ignore[union-attr]
        raise ConfigError(f"{path}:{line}: YAML {exc.problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # 1969-02-30 as a timestamp
        line = _first_bad_line(node)
        raise ConfigError(f"{path}:{line}: YAML cannot construct a value: {exc}") from None


def _first_bad_line(node: yaml.Node) -> int:
    """The line of the first scalar the safe constructor rejects, for the error message."""
    import yaml

    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                _loader()("").construct_object(current)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return current.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for pair in current.value for value in pair)
    return node.start_mark.line + 1


def _validate(cls: type, data: dict[str, Any]) -> Any:
    """``cls`` from ``data``, checked by pydantic (imported only here, on a memo miss)."""
    from pydantic import TypeAdapter

    from notelint.hints import FieldType  # noqa: F401 - the annotations' names, for pydantic
    from notelint.partialdate import PartialDate  # noqa: F401

    return TypeAdapter(cls).validate_python(data)


def _timeline(path: str, text: str) -> list[TimelineEvent]:
    import yaml
    from pydantic import ValidationError

    from notelint.partialdate import PartialDate

    root = _compose(path, text)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(f"{path}:{root.start_mark.line + 1}: expected a list of events")
    events = []
    for node in root.value:
        line = node.start_mark.line + 1
        data = _construct(path, node)
        if not isinstance(data, dict):
            raise ConfigError(f"{path}:{line}: an event must be a mapping")
        data = {**data, "line": line}
        for key in _DATES:
            if data.get(key) is not None:
                try:
                    data[key] = PartialDate.parse(data[key])
                except ValueError as exc:
                    raise ConfigError(f"{path}:{line}: event '{key}': {exc}") from None
        try:
            events.append(_validate(TimelineEvent, data))
        except ValidationError as exc:
            raise ConfigError(f"{path}:{line}: event {problem(exc)}") from None
    return events


def _fields(path: str, text: str) -> dict[str, FieldSpec]:
    import yaml
    from pydantic import ValidationError

    root = _compose(path, text)
    if root is None:
        return {}
    data = _construct(path, root)
    fields = data.get("fields", data) if isinstance(data, dict) else None
    if not isinstance(fields, dict):
        raise ConfigError(f"{path}:1: expected a mapping of field names to types")
    lines = {}
    node = root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "fields" and isinstance(value, yaml.MappingNode):
                node = value
        lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}  # type: ignore[union-attr]
    specs = {}
    for name, spec in fields.items():
        if isinstance(spec, str):
            spec = {"type": spec}
        try:
            specs[str(name)] = _validate(FieldSpec, spec)
        except ValidationError as exc:
            line = lines.get(name, 1)
            raise ConfigError(f"{path}:{line}: field '{name}': {problem(exc)}") from None
    return specs
