"""The Rule base class, the one explicit list of rules (:data:`CATALOGUE`), and selection
by code prefix.

A rule's metadata are class attributes; its docstring is its documentation: the first line
is the summary ``notelint rules`` lists, the rest (``## Why``, ``## Bad``, ``## Good``) is
what ``notelint rule CODE`` prints, and the Bad/Good examples run as tests.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from notelint.diagnostics import (
    SNIPPET_MAX,
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    Span,
)
from notelint.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any, ClassVar

    from notelint.config import Config
    from notelint.hints import Severity
    from notelint.note import Note
    from notelint.pack import RulePack


class Context(Record):
    """What a rule may read besides the note: configuration, rule pack, the clock, and a
    per-run ``memo`` for expensive shared things (the speller, the timeline index)."""

    __slots__ = ("config", "pack", "now", "memo")

    def __init__(
        self,
        config: Config,
        pack: RulePack,
        now: datetime | None = None,
        memo: dict[str, Any] | None = None,
    ) -> None:
        self.config = config
        self.pack = pack
        self.now = now
        self.memo: dict[str, Any] = {} if memo is None else memo

    def shared(self, key: str, build: Any) -> Any:
        """Build ``key`` once per run, on first use."""
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]

    def kept(self, note: Note, key: str) -> Any:
        """What :meth:`keep` kept for ``note`` under ``key`` in this run, else None."""
        entry = note.memo.get(key)
        return entry[1] if entry is not None and entry[0] is self else None

    def keep(self, note: Note, key: str, value: Any) -> Any:
        """Keep ``value`` for ``note`` under ``key`` in this run, for the other rules
        that need it (the words or dates of its prose), and return it.

        It is kept on the note, and goes with it. A memo of the run's, keyed weakly by
        note, ran a Python callback for every note and memo when the note was freed
        (1.3 % of a 10,000-note run). The context is kept with the value: another run's
        rules (another configuration) never read it.
        """
        note.memo[key] = (self, value)
        return value


class Rule:
    """Base class: subclasses set ``code``, ``name`` and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    #: "safe", "unsafe" or None: the best applicability this rule's fixes can have
    fixable: ClassVar[str | None] = None
    #: off-by-default rules run only when selected explicitly (by full code or prefix)
    default: ClassVar[bool] = True

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------------------

    def report(
        self,
        note: Note,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        suggestions: Iterable[str] = (),
    ) -> Diagnostic:
        if fix is not None:
            fix = Fix(
                fix.title,
                tuple(
                    Edit(e.span, e.content, note.position(e.span.start), note.position(e.span.end))
                    for e in fix.edits
                ),
                fix.applicability,
            )
        # what a baseline matches on instead of the line number: the text pointed at,
        # else that line's, white space collapsed
        start = note.position(span.start)
        pointed = note.slice(span) or note.slice(note.line_span(start.line - 1))
        return Diagnostic(
            self.code,
            self.name,
            self.severity,
            message,
            span,
            start,
            note.position(span.end),
            fix,
            tuple(suggestions),
            note.path,
            " ".join(pointed.split())[:SNIPPET_MAX],
        )

    @staticmethod
    def fix(
        title: str, *edits: tuple[Span, str], applicability: Applicability = Applicability.SAFE
    ) -> Fix:
        return Fix(title, tuple(Edit(span, content) for span, content in edits), applicability)

    # -- documentation ------------------------------------------------------------------

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n", 1)[0]

    @classmethod
    def documentation(cls) -> str:
        import inspect  # only documentation needs it (8 ms of a 0.1 s warm run)

        return inspect.getdoc(cls) or ""

    @classmethod
    def examples(cls) -> dict[str, list[str]]:
        """The code blocks under ``## Bad`` and ``## Good``: each block is one note.

        Several blocks under one heading are notes of one vault (for vault-wide rules).
        """
        return {
            name.lower(): blocks
            for name, blocks in _doc_blocks(cls.documentation()).items()
            if name in ("Bad", "Good")
        }

    @classmethod
    def example_options(cls) -> str:
        """The TOML block under ``## Options``: the configuration the examples use."""
        blocks = _doc_blocks(cls.documentation()).get("Options", [])
        return blocks[0] if blocks else ""


def _doc_blocks(doc: str) -> dict[str, list[str]]:
    """Fenced code blocks of a docstring, grouped by the ``## Section`` they sit under."""
    found: dict[str, list[str]] = {}
    section, block = "", None
    for line in doc.splitlines(keepends=True):
        if block is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif line.startswith("```"):
                block = []
        elif line.startswith("```"):
            found.setdefault(section, []).append("".join(block))
            block = None
        else:
            block.append(line)
    return found


class EngineRule(Rule):
    """A rule whose diagnostics the engine itself emits (reading files, suppressions).

    It is in the registry so it can be selected, ignored, documented and listed like any
    other; its :meth:`check` finds nothing because there is nothing left to check once a
    note has been read and parsed.
    """

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())


class VaultRule(Rule):
    """A rule that needs every note: it summarises each, then checks the summaries.

    Workers send back only summaries, never the notes themselves, in the result cache's
    JSON form: a summary must be small and made of what ``notelint.cache.encode`` writes
    (plain values, lists, tuples, dicts, notelint's diagnostics and suppressions). A test
    runs every rule through workers (``test_every_rule_gives_the_same_result_through_workers``).
    A summary may come from a cache folder: :meth:`check_vault` must check its shape.
    """

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())

    def summarize(self, note: Note, ctx: Context) -> Any:
        raise NotImplementedError

    def check_vault(self, summaries: list[tuple[str, Any]]) -> Iterator[Diagnostic]:
        """Diagnostics from every note's summary, given with the note's path."""
        raise NotImplementedError


#: every rule, in catalogue order: code -> (module of ``notelint.checks``, class name, on
#: by default, vault-wide). A static table, as ruff keeps one, so that choosing rules needs
#: no import: a run whose every note is a cache hit imports only the modules of its
#: vault-wide rules (and the engine's), not the six rule modules with their regexes,
#: date parser and speller (~9 ms of a ~120 ms warm run of the Dendron vault). A test
#: checks it against the rule classes.
CATALOGUE: dict[str, tuple[str, str, bool, bool]] = {
    "NL001": ("engine", "FileUnreadable", True, False),
    "NL002": ("engine", "NotUtf8", True, False),
    "NL003": ("engine", "BadSuppression", True, False),
    "NL004": ("engine", "UnusedSuppression", False, False),
    "FM001": ("frontmatter", "FrontmatterMissing", True, False),
    "FM002": ("frontmatter", "FrontmatterInvalid", True, False),
    "FM003": ("frontmatter", "FieldMissing", True, False),
    "FM004": ("frontmatter", "FieldType", True, False),
    "FM005": ("frontmatter", "FieldUnknown", True, False),
    "FM006": ("frontmatter", "IdFormat", True, False),
    "FM007": ("vault", "IdDuplicate", True, True),
    "FM008": ("frontmatter", "TitleEmpty", True, False),
    "FM009": ("frontmatter", "KeyDuplicate", True, False),
    "HD001": ("headings", "HeadingIncrement", True, False),
    "HD002": ("headings", "HeadingTopLevel", True, False),
    "HD003": ("headings", "HeadingDuplicate", True, False),
    "HD004": ("headings", "HeadingEmpty", True, False),
    "HD005": ("headings", "SectionEmpty", True, False),
    "HD006": ("headings", "HeadingBlankLines", True, False),
    "HD007": ("headings", "HeadingPunctuation", True, False),
    "HD008": ("headings", "HeadingStyle", True, False),
    "DT001": ("dates", "CreatedAfterUpdated", True, False),
    "DT002": ("dates", "TimestampFuture", True, False),
    "DT003": ("dates", "TimestampImplausible", True, False),
    "DT004": ("dates", "DateInvalid", True, False),
    "DT005": ("dates", "WeekdayMismatch", True, False),
    "DT006": ("dates", "RangeReversed", True, False),
    "DT007": ("dates", "DateContradictsTimeline", True, False),
    "DT008": ("dates", "DateFormatMixed", False, False),
    "DT009": ("dates", "DateAfterNote", True, False),
    "CH001": ("chronology", "SectionsOutOfOrder", True, False),
    "CH002": ("chronology", "ListOutOfOrder", True, False),
    "CH003": ("chronology", "DateOutsidePeriod", True, False),
    "SP001": ("spelling", "MisspelledWord", True, False),
    "SP002": ("spelling", "RepeatedWord", True, False),
}


def rule_class(code: str) -> type[Rule]:
    """The class of rule ``code``, importing only its own module (KeyError: no such rule)."""
    module, name, _, _ = CATALOGUE[code]
    qualified = f"notelint.checks.{module}"
    __import__(qualified)  # not importlib.import_module: importlib is one more module to load
    return getattr(sys.modules[qualified], name)  # type: ignore[no-any-return]


def is_vault_rule(code: str) -> bool:
    """Whether rule ``code`` is vault-wide (a :class:`VaultRule`), without importing it."""
    return CATALOGUE[code][3]


def all_rules() -> list[type[Rule]]:
    """Every rule, in catalogue order (this imports every rule module)."""
    return [rule_class(code) for code in CATALOGUE]


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether ``code`` is named by any selector: a full code or a prefix (``SP``, ``HD00``)."""
    return any(code.startswith(selector) for selector in selectors)


def is_known_selector(selector: str, codes: Iterable[str]) -> bool:
    return selector == "ALL" or any(code.startswith(selector) for code in codes)


def select(selected: Iterable[str], ignored: Iterable[str]) -> list[str]:
    """The codes chosen by ``select`` (default: those on by default) minus ``ignore``, in
    catalogue order.

    As in ruff, an off-by-default rule needs naming by its full code, or a prefix in
    ``select``; ``ALL`` selects everything.
    """
    selected, ignored = list(selected), list(ignored)
    chosen = []
    for code, (_, _, default, _) in CATALOGUE.items():
        wanted = ("ALL" in selected or matches(code, selected)) if selected else default
        if wanted and not matches(code, ignored):
            chosen.append(code)
    return chosen
