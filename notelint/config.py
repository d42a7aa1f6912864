"""Configuration: ``[tool.notelint]`` (or ``notelint.toml``) as named tuples.

Discovery walks up from the working directory and takes the first of ``notelint.toml``,
``.notelint.toml`` or a ``pyproject.toml`` with a ``[tool.notelint]`` table, as ruff does.

The named tuples are the schema: pydantic validates a table against them (every class
forbids unknown keys, so a typo is an error that names the key and the file; keys are
written in kebab-case, ``min-length``, or as the field name). Named tuples, not data
classes, because every run rebuilds the configuration (:mod:`notelint.record` says what
data classes cost). Validation only runs when the table is new: its validated form is
remembered (:mod:`notelint.memo`), so that a run with an unchanged configuration never
imports pydantic, whose import and validator building cost more than linting one note.
"""

from __future__ import annotations

import json
import os

from notelint.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pydantic import ValidationError

    # named in annotations, for pydantic too (_validate)
    from notelint.hints import Annotated, Ge, Le, Severity


class ConfigError(Exception):
    """A configuration that cannot be used; the CLI prints it on one line and exits 2."""


def kebab(name: str) -> str:
    """A field's key as written in TOML: ``min_length`` -> ``min-length``."""
    return name.replace("_", "-")


#: pydantic's settings for every configuration class (read only when validating); keys
#: in kebab-case are given their fields' names first (:func:`_field_names`)
SCHEMA: dict[str, Any] = {"extra": "forbid"}


class FrontmatterOptions(NamedTuple):
    __pydantic_config__ = SCHEMA
    required: tuple[str, ...] = ("id", "title", "desc", "updated", "created")
    allow_unknown: bool = True


class SpellingOptions(NamedTuple):
    __pydantic_config__ = SCHEMA
    language: str = "en"
    locale: str = "en-US"
    ignore_acronyms: bool = True
    min_length: Annotated[int, Ge(1)] = 2
    words: tuple[str, ...] = ()
    software_terms: bool = True


class HeadingOptions(NamedTuple):
    __pydantic_config__ = SCHEMA
    first_level: Annotated[int, Ge(1), Le(6)] = 2


class DateOptions(NamedTuple):
    __pydantic_config__ = SCHEMA
    #: tolerance for DT002, in hours
    future_tolerance_hours: Annotated[int, Ge(0)] = 24


#: the option tables of :class:`Config`, by field name
SECTIONS: dict[str, Any] = {
    "frontmatter": FrontmatterOptions,
    "spelling": SpellingOptions,
    "headings": HeadingOptions,
    "dates": DateOptions,
}


class Config(NamedTuple):
    __pydantic_config__ = SCHEMA
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_dir: str | None = None
    per_file_ignores: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated
    severity: dict[str, Severity] = {}  # noqa: RUF012 - never mutated
    cache_dir: str = ".notelint_cache"
    #: notes larger than this (bytes) are reported as NL001 instead of being parsed: the
    #: largest note of the Dendron vault is 77 kB, and parsing runs at about 2 MB/s
    max_file_size: Annotated[int, Ge(1)] = 5_000_000
    frontmatter: FrontmatterOptions = FrontmatterOptions()
    spelling: SpellingOptions = SpellingOptions()
    headings: HeadingOptions = HeadingOptions()
    dates: DateOptions = DateOptions()
    #: the folder the configuration file sits in; relative paths are resolved from it.
    #: Paths are str here and in every module a warm run needs, not ``pathlib.Path``:
    #: importing pathlib (and urllib.parse and ipaddress with it) cost a warm run ~3 ms
    root: str = "."
    source: str | None = None

    def resolve(self, relative: str) -> str:
        return os.path.realpath(os.path.join(self.root, relative))

    @property
    def rules_path(self) -> str | None:
        """The rule pack folder: configured, else ``rules/`` beside the configuration."""
        if self.rules_dir is not None:
            return self.resolve(self.rules_dir)
        default = os.path.join(self.root, "rules")
        return (
            os.path.realpath(default)
            if self.source is not None and os.path.isdir(default)
            else None
        )

    def settings(self) -> dict[str, Any]:
        """The validated settings as JSON-able data (without ``root`` and ``source``):
        what the memo stores and what the result cache's key includes."""
        data = self._asdict()
        del data["root"], data["source"]
        for name in SECTIONS:
            data[name] = data[name]._asdict()
        return data


def validate(data: dict[str, Any], root: str, source: str | None = None) -> Config:
    """A :class:`Config` from a ``[tool.notelint]`` table; ConfigError names the bad key.

    Tables already validated by this installation are rebuilt from the memo instead.
    """
    from notelint import memo

    for internal in ("root", "source"):
        if internal in data:
            raise ConfigError(f"'{internal}': unknown key")
    raw = json.dumps(data, sort_keys=True, default=str)
    settings = memo.recall("config", raw)
    if not isinstance(settings, dict):
        settings = _validate(data).settings()
        memo.remember("config", raw, settings)
    try:
        return _build(settings, root, source)
    except (TypeError, ValueError, AttributeError):  # a memo from a damaged file
        return _build(_validate(data).settings(), root, source)


def _validate(data: dict[str, Any]) -> Config:
    """Validate with pydantic: the only place configuration imports it."""
    from pydantic import TypeAdapter, ValidationError

    from notelint.hints import Annotated, Ge, Le, Severity  # noqa: F401 - for pydantic

    try:
        config = TypeAdapter(Config).validate_python(_field_names(data))
    except ValidationError as exc:
        raise ConfigError(problem(exc)) from None
    from notelint.spelling import languages

    known = languages()
    if known and config.spelling.language not in known:
        raise ConfigError(
            f"'spelling.language': unknown language '{config.spelling.language}' "
            f"(known: {', '.join(known)})"
        )
    return config


def _field_names(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the keys written in kebab-case (``min-length``) renamed to their
    fields' names (``min_length``), in the sections' tables too; other keys are kept as
    written, for pydantic to name in its error. A key written both ways is an error."""

    def rename(table: dict[str, Any], fields: tuple[str, ...], where: str) -> dict[str, Any]:
        names = {kebab(name): name for name in fields}
        renamed: dict[str, Any] = {}
        for key, value in table.items():
            name = names.get(key, key)
            if name in renamed:
                raise ConfigError(f"'{where}{kebab(name)}': given twice")
            renamed[name] = value
        return renamed

    top = rename(data, Config._fields, "")
    for section, options in SECTIONS.items():
        if isinstance(top.get(section), dict):
            top[section] = rename(top[section], options._fields, f"{section}.")
    return top


def problem(exc: ValidationError) -> str:
    """pydantic's first error as notelint says it: ``'spelling.min-length': Input should
    be ...``, or ``'colour': unknown key`` (used for the configuration and the rule pack).
    Fields are named as they are written, in kebab-case."""
    fields = {name for options in (Config, *SECTIONS.values()) for name in options._fields}
    error = exc.errors()[0]
    where = ".".join(kebab(part) if part in fields else str(part) for part in error["loc"])
    unknown = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
    message = "unknown key" if unknown else error["msg"].removeprefix("Value error, ")
    return f"'{where}': {message}" if where else message


def _build(settings: dict[str, Any], root: str, source: str | None) -> Config:
    """A Config from validated settings (JSON lists become the fields' tuples)."""
    values: dict[str, Any] = {"root": root, "source": source}
    for name, value in settings.items():
        if name in SECTIONS:
            value = SECTIONS[name](**{k: _tuples(v) for k, v in value.items()})
        values[name] = _tuples(value)
    return Config(**values)


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


CONFIG_NAMES = ("notelint.toml", ".notelint.toml", "pyproject.toml")


def discover(start: str | os.PathLike[str]) -> str | None:
    """The first configuration file from ``start`` upwards, or None."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if not os.path.isfile(candidate):
                continue
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_tool_table(path: str) -> bool:
    """Whether a ``pyproject.toml`` has a ``[tool.notelint]`` table: without parsing it
    when it does not name notelint at all, or when :func:`load` has remembered its text
    (it remembers a pyproject only with that table)."""
    try:
        text = _read_text(path)
        if "notelint" not in text:
            return False
        if isinstance(_remembered(path, text), dict):
            return True
        tool = _parse_toml(path, text).get("tool")
    except ConfigError:
        return False
    return isinstance(tool, dict) and "notelint" in tool


def _memo_key(path: str, text: str) -> str:
    return f"{os.path.basename(path)}\0{text}"


def _remembered(path: str, text: str) -> Any:
    """The validated settings remembered for a configuration file's text, or None."""
    from notelint import memo

    return memo.recall("config-file", _memo_key(path, text))


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return file.read().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start + 1})") from None


def _parse_toml(path: str, text: str) -> dict[str, Any]:
    import tomllib  # ~2 ms to import: only for a configuration file not seen before

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: str | os.PathLike[str] | None) -> Config:
    """Load and validate ``path`` (None: the defaults, rooted at the working directory).

    A file this installation has loaded before is rebuilt from the memo of its text,
    without parsing TOML (or importing a parser): every run of the CLI loads one. A
    ``pyproject.toml`` is remembered only when it has a ``[tool.notelint]`` table, which
    is what lets discovery trust the memo too (:func:`_has_tool_table`).
    """
    if path is None:
        return Config(root=os.getcwd())
    from notelint import memo

    path = os.fspath(path)
    text = _read_text(path)
    # the folder as the system finds it: symbolic links followed before any `..`
    root = os.path.realpath(os.path.dirname(path) or ".")
    settings = _remembered(path, text)
    if isinstance(settings, dict):
        try:
            return _build(settings, root, path)
        except (TypeError, ValueError, AttributeError):
            pass  # a damaged memo: load the file again
    data = _parse_toml(path, text)
    remember = True
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        remember = isinstance(tool, dict) and "notelint" in tool  # see _has_tool_table
        data = tool.get("notelint", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: 'tool.notelint' must be a table")
    try:
        config = validate(data, root, path)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if remember:
        memo.remember("config-file", _memo_key(path, text), config.settings())
    return config


def find_and_load(explicit: str | os.PathLike[str] | None, start: str | os.PathLike[str]) -> Config:
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError(f"{os.fspath(explicit) or repr('')}: configuration file not found")
        return load(explicit)
    return load(discover(start))
