"""The rule pack (``rules/``): this vault's policy as data, loaded and validated once.

* ``words/*.txt``: accepted words, one per line, ``#`` comments;
* ``timeline.yaml``: reference events, each with a date or a start and an end, and aliases;
* ``frontmatter.yaml``: extra frontmatter fields and their types.

Nothing here runs code: YAML goes through the safe loader, and each entry is validated with
pydantic so that a mistake is an error naming the file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from notelint.config import ConfigError
from notelint.dates import PartialDate

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldType = Literal["string", "integer", "number", "boolean", "list", "string-list", "date"]


class TimelineEvent(BaseModel):
    """One reference event or era: a single ``date``, or a ``start`` and an ``end``."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    line: int = 0

    @field_validator("date", "start", "end", mode="before")
    @classmethod
    def _partial(cls, value: object) -> PartialDate | None:
        return None if value is None else PartialDate.parse(value)

    @model_validator(mode="after")
    def _consistent(self) -> TimelineEvent:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise ValueError("give either 'date' or 'start'/'end', not both")
        if self.date is None and self.start is None:
            raise ValueError("needs a 'date' or a 'start'")
        if self.start is not None and self.end is not None and self.end.last < self.start.first:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self

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


class FieldSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: FieldType
    required: bool = False


@dataclass(slots=True)
class RulePack:
    """Everything under ``rules/``; an empty pack when there is none."""

    root: Path | None = None
    words: list[str] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    #: a digest of every file read, for the result cache
    digest: str = ""


def load(root: Path | None) -> RulePack:
    """Load and validate the pack at ``root``; raise ConfigError naming the file and line."""
    import hashlib

    pack = RulePack(root)
    if root is None:
        return pack
    if not root.is_dir():
        raise ConfigError(f"{root}: rule pack folder not found")
    digest = hashlib.sha256()
    words_dir = root / "words"
    if words_dir.is_dir():
        for path in sorted(words_dir.glob("*.txt")):
            text = _read(path)
            digest.update(path.name.encode() + b"\0" + text.encode())
            pack.words.extend(_words(text))
    timeline = root / "timeline.yaml"
    if timeline.is_file():
        text = _read(timeline)
        digest.update(b"timeline\0" + text.encode())
        pack.timeline = _timeline(timeline, text)
    schema = root / "frontmatter.yaml"
    if schema.is_file():
        text = _read(schema)
        digest.update(b"frontmatter\0" + text.encode())
        pack.fields = _fields(schema, text)
    pack.digest = digest.hexdigest()
    return pack


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _words(text: str) -> list[str]:
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _compose(path: Path, text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark or exc.context_mark).line + 1  # type: ignore[union-attr]
        raise ConfigError(f"{path}:{line}: YAML {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML {exc}") from None


def _construct(path: Path, node: yaml.Node) -> Any:
    try:
        return _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark or node.start_mark).line + 1  # type: ignore[union-attr]
        raise ConfigError(f"{path}:{line}: YAML {exc.problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # 1969-02-30 as a timestamp
        line = _first_bad_line(node)
        raise ConfigError(f"{path}:{line}: YAML cannot construct a value: {exc}") from None


def _first_bad_line(node: yaml.Node) -> int:
    """The line of the first scalar the safe constructor rejects, for the error message."""
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                _Loader("").construct_object(current)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return current.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for pair in current.value for value in pair)
    return node.start_mark.line + 1


def _problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
    message = message.removeprefix("Value error, ")
    return f"'{where}': {message}" if where else message


def _timeline(path: Path, text: str) -> list[TimelineEvent]:
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
        try:
            events.append(TimelineEvent.model_validate({**data, "line": line}))
        except ValidationError as exc:
            raise ConfigError(f"{path}:{line}: event {_problem(exc)}") from None
    return events


def _fields(path: Path, text: str) -> dict[str, FieldSpec]:
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
            specs[str(name)] = FieldSpec.model_validate(spec)
        except ValidationError as exc:
            line = lines.get(name, 1)
            raise ConfigError(f"{path}:{line}: field '{name}': {_problem(exc)}") from None
    return specs
