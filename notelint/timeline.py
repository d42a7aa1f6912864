"""The reference timeline as an index: which events and eras a piece of prose names.

Built once per run from ``ctx.pack.timeline`` (:func:`timeline_index`) and shared by the
date (DT) and chronology (CH) families. A phrase (an event's name or one of its aliases)
matches case-insensitively on whole words: ``end of the Soviet Union`` matches
``the End of the Soviet Union,`` but not ``weekend of the Soviet Union``. Words are runs of
letters and digits; between two words the text must have the same kind of separator as
the phrase (white space, a hyphen or dash, an apostrophe), so ``Sino-Soviet`` matches
``Sino–Soviet`` but not ``Sino. Soviet``.

One slip is forgiven: in a phrase of two or more words, one word after the first may be
typed with two neighbouring letters swapped (``the USSR collpased in 1990``,
``The Invasion fo Czechoslovakia``). Misspellings are the spelling family's business;
without this, a typo would hide the wrong date next to it. Such matches have
``exact=False``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from notelint.dates import note_dates

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from notelint.diagnostics import Span
    from notelint.note import Note
    from notelint.pack import TimelineEvent

_WORD = re.compile(r"[^\W_]+")
_SEPARATOR_KIND = str.maketrans(
    {"-": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "'": "'", "’": "'", "ʼ": "'"}
)


def _separator(gap: str) -> str:
    """The kind of a gap between two words: ``" "``, ``"-"``, ``"'"``, else the gap itself.

    White space is one kind whatever its length or line breaks; dashes and apostrophes
    are one kind each; any other gap (``" ("``, ``". "``) must be written as in the phrase,
    white space aside.
    """
    if gap.isspace():
        return " "
    inner = gap.strip()
    kind = inner.translate(_SEPARATOR_KIND)
    if len(inner) == 1 and kind in ("-", "'"):
        return kind
    return "".join(gap.split())


def _swapped(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with two neighbouring letters swapped."""
    if len(typed) != len(word) or typed == word:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == word[diff[1]]
        and typed[diff[1]] == word[diff[0]]
    )


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    words: tuple[str, ...]
    separators: tuple[str, ...]
    event: TimelineEvent


@dataclass(frozen=True, slots=True)
class EventMention:
    """A timeline event named in the text: ``phrase`` is the name or alias that matched."""

    event: TimelineEvent
    start: int
    end: int
    phrase: str
    exact: bool = True

    def shifted(self, view: Any) -> EventMention:
        """This mention with offsets mapped from ``view`` (a ProseText) to the source."""
        span = view.span(self.start, self.end)
        return EventMention(self.event, span.start, span.end, self.phrase, self.exact)

    @property
    def span(self) -> Span:
        from notelint.diagnostics import Span

        return Span(self.start, self.end)


class TimelineIndex:
    """Find the timeline events a text names.

    >>> from notelint.pack import TimelineEvent
    >>> era = TimelineEvent(name="Khrushchev era", start=1953, end=1964)
    >>> [(m.start, m.end, m.event.name) for m in TimelineIndex([era]).find("the KHRUSHCHEV Era")]
    [(4, 18, 'Khrushchev era')]
    """

    def __init__(self, events: Iterable[TimelineEvent]) -> None:
        self.events = list(events)
        self._by_first: dict[str, list[_Phrase]] = defaultdict(list)
        for event in self.events:
            for text in dict.fromkeys(event.phrases):
                words = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
                if not words:
                    continue
                separators = tuple(
                    _separator(text[left[2] : right[1]]) for left, right in pairwise(words)
                )
                phrase = _Phrase(text, tuple(w for w, _, _ in words), separators, event)
                self._by_first[phrase.words[0]].append(phrase)
        for phrases in self._by_first.values():
            phrases.sort(key=lambda phrase: -len(phrase.words))

    def __len__(self) -> int:
        return len(self.events)

    def find(self, text: str) -> list[EventMention]:
        """The events named in ``text``, in order, longest phrase first where they overlap."""
        if not self._by_first:
            return []
        # most blocks name no event: a phrase can only start at a word that begins one,
        # and whether there is any such word is found without a match object per word
        if self._by_first.keys().isdisjoint(map(str.casefold, _WORD.findall(text))):
            return []
        words = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
        found: list[EventMention] = []
        taken_until = -1
        for index, (word, start, _) in enumerate(words):
            if start < taken_until:
                continue
            for phrase in self._by_first.get(word, ()):
                exact = self._match(phrase, text, words, index)
                if exact is None:
                    continue
                end = words[index + len(phrase.words) - 1][2]
                found.append(EventMention(phrase.event, start, end, phrase.text, exact))
                taken_until = end
                break
        return found

    @staticmethod
    def _match(
        phrase: _Phrase, text: str, words: list[tuple[str, int, int]], index: int
    ) -> bool | None:
        """None when ``phrase`` does not match at ``words[index]``; else whether exactly."""
        if index + len(phrase.words) > len(words):
            return None
        slips = 0
        for offset in range(1, len(phrase.words)):
            word, start, _ = words[index + offset]
            previous_end = words[index + offset - 1][2]
            if _separator(text[previous_end:start]) != phrase.separators[offset - 1]:
                return None
            expected = phrase.words[offset]
            if word == expected:
                continue
            if slips or not _swapped(word, expected):
                return None
            slips += 1
        return slips == 0

    def named(self, name: str) -> TimelineEvent | None:
        """The event whose name is ``name`` (case-insensitive)."""
        wanted = name.casefold()
        return next((e for e in self.events if e.name.casefold() == wanted), None)


def timeline_index(ctx: Any) -> TimelineIndex:
    """The run's one index over ``ctx.pack.timeline``."""
    return ctx.shared("timeline.index", lambda: TimelineIndex(ctx.pack.timeline))


def view_events(note: Note, ctx: Any) -> list[list[EventMention]]:
    """Per prose block (aligned with :func:`notelint.dates.note_dates`), the events named.

    Offsets are in each block's view (``BlockDates.view``), for rules that look at the
    words between an event and a date; memoised per note and run, like the dates.
    """
    found = ctx.kept(note, "timeline.events")
    if found is None:
        index = timeline_index(ctx)
        blocks = note_dates(note, ctx)
        found = [index.find(block.view.text) if len(index) else [] for block in blocks]
        ctx.keep(note, "timeline.events", found)
    return found


def note_events(note: Note, ctx: Any) -> list[list[EventMention]]:
    """Like :func:`view_events`, with source offsets (for reporting); memoised per note and
    run too, since CH001, CH002 and CH003 each ask for them."""
    found = ctx.kept(note, "timeline.events.source")
    if found is None:
        found = [
            [mention.shifted(block.view) for mention in events]
            for block, events in zip(note_dates(note, ctx), view_events(note, ctx), strict=True)
        ]
        ctx.keep(note, "timeline.events.source", found)
    return found
