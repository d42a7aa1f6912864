"""Configuration: ``[tool.notelint]`` (or ``notelint.toml``) as validated pydantic models.

Discovery walks up from the working directory and takes the first of ``notelint.toml``,
``.notelint.toml`` or a ``pyproject.toml`` with a ``[tool.notelint]`` table, as ruff does.
Every model forbids unknown keys, so a typo is an error that names the key and the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Severity = Literal["error", "warning", "info"]


class ConfigError(Exception):
    """A configuration that cannot be used; the CLI prints it on one line and exits 2."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class FrontmatterOptions(_Model):
    required: tuple[str, ...] = ("id", "title", "desc", "updated", "created")
    allow_unknown: bool = Field(True, alias="allow-unknown")


class SpellingOptions(_Model):
    language: str = "en"
    locale: str = "en-US"
    ignore_acronyms: bool = Field(True, alias="ignore-acronyms")
    min_length: int = Field(2, alias="min-length", ge=1)
    words: tuple[str, ...] = ()

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        """A language pyspellchecker has a dictionary for (checked without importing it)."""
        from notelint.spelling import languages

        known = languages()
        if known and value not in known:
            raise ValueError(f"unknown language '{value}' (known: {', '.join(known)})")
        return value


class HeadingOptions(_Model):
    first_level: int = Field(2, alias="first-level", ge=1, le=6)


class DateOptions(_Model):
    #: tolerance for DT002, in hours
    future_tolerance_hours: int = Field(24, alias="future-tolerance-hours", ge=0)


class Config(_Model):
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = Field((), alias="extend-select")
    ignore: tuple[str, ...] = ()
    rules_dir: str | None = Field(None, alias="rules-dir")
    per_file_ignores: dict[str, tuple[str, ...]] = Field({}, alias="per-file-ignores")
    severity: dict[str, Severity] = {}
    cache_dir: str = Field(".notelint_cache", alias="cache-dir")
    #: notes larger than this (bytes) are reported as NL001 instead of being parsed: the
    #: largest note of the Dendron vault is 77 kB, and parsing runs at about 2 MB/s
    max_file_size: int = Field(5_000_000, alias="max-file-size", ge=1)
    frontmatter: FrontmatterOptions = FrontmatterOptions()
    spelling: SpellingOptions = SpellingOptions()
    headings: HeadingOptions = HeadingOptions()
    dates: DateOptions = DateOptions()
    #: the folder the configuration file sits in; relative paths are resolved from it
    root: Path = Field(Path("."), exclude=True)
    source: Path | None = Field(None, exclude=True)

    def resolve(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    @property
    def rules_path(self) -> Path | None:
        """The rule pack folder: configured, else ``rules/`` beside the configuration."""
        if self.rules_dir is not None:
            return self.resolve(self.rules_dir)
        default = self.root / "rules"
        return default.resolve() if self.source is not None and default.is_dir() else None


CONFIG_NAMES = ("notelint.toml", ".notelint.toml", "pyproject.toml")


def discover(start: Path) -> Path | None:
    """The first configuration file from ``start`` upwards, or None."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "notelint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: Path | None) -> Config:
    """Load and validate ``path`` (None: the defaults, rooted at the working directory)."""
    if path is None:
        return Config(root=Path.cwd())
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("notelint", {})
    for internal in ("root", "source"):
        if internal in data:
            raise ConfigError(f"{path}: '{internal}': unknown key")
    try:
        return Config.model_validate({**data, "root": path.parent.resolve(), "source": path})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")
        raise ConfigError(f"{path}: '{where}': {message}") from None


def find_and_load(explicit: Path | None, start: Path) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        return load(explicit)
    return load(discover(start))
