"""CH: chronological order: sections, lists and periods of a history note read forward in time.

Built on the date finder (:mod:`notelint.dates`, the dates of every prose block, found once
per note and shared with DT) and the reference timeline (:mod:`notelint.timeline`).

What dates a heading or a list item (its *anchor*):

* the first valid date written in its text (``Taiwan 1958``, ``1953–1964``, ``The 1950s``,
  ``2 March 1969``), else
* the first timeline event or era its text names (``Khrushchev Era``, ``The Korean War``),
  unless a word before it says the text is about another time: ``Aftermath of the Korean
  War``, ``The road to the Sino-Indian War`` and ``The end of the Cultural Revolution`` are
  not dated by the event's start, and state no period (``after``, ``aftermath``,
  ``before``, ``since``, ``following``, ``legacy``, ``origins``, ``road``, ``prelude``,
  ``end``, ``impact`` …). An explicit date is always taken as written.

Anchors are compared by their start, each at its own precision: ``1962`` is not earlier
than the Cuban Missile Crisis (16 October 1962), ``1958`` is earlier than ``1962``, and
``1953–1964`` starts before ``1955``. Equal starts are in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from notelint.dates import BLOCKER, BlockDates, DateMention, note_dates
from notelint.diagnostics import Diagnostic, Span
from notelint.registry import Context, Rule
from notelint.timeline import EventMention, note_events

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.note import Note, Section
    from notelint.pack import TimelineEvent

Day = tuple[int, int, int]

#: how much of a heading's or a list item's text a message quotes
_ITEM_CHARS = 50
#: this many dated sibling sections, each earlier than the one above, are a newest-first log
NEWEST_FIRST_MIN = 3


@dataclass(frozen=True, slots=True)
class Anchor:
    """What dates a heading or a list item: a written date, else a timeline event.

    ``lo``/``hi`` bound the anchor's start at its precision (``1962`` is 1962-01-01 to
    1962-12-31); ``first``/``last`` bound the whole date or event (for periods).
    """

    span: Span
    shown: str
    label: str
    lo: Day
    hi: Day
    first: Day
    last: Day
    mention: DateMention | None = None
    event: TimelineEvent | None = None

    def before(self, other: Anchor) -> bool:
        """Whether this anchor certainly starts before ``other`` starts."""
        return self.hi < other.lo

    @property
    def period(self) -> str | None:
        """The period this anchor states, with its source; None for a single date."""
        if self.mention is not None:
            if self.mention.is_range or self.mention.precision == "decade":
                return f"{self.mention.text}, from the heading"
            return None
        event = self.event
        if event is not None and event.start is not None and event.end is not None:
            return f"{event.name}, {event.period}, from the timeline"
        return None


def _anchor(dates: BlockDates, events: Sequence[EventMention]) -> Anchor | None:
    """The anchor of one prose block: its first valid date, else its first event.

    A date that does not exist (DT004) or a range that ends before it starts (DT006)
    dates nothing: it is skipped, and the next date or the event decides.
    """
    for mention in dates.dates:
        if mention.is_valid() and mention.first <= mention.last:
            return Anchor(
                mention.span,
                mention.text,
                _label(dates),
                mention.start.first,
                mention.start.last,
                mention.first,
                mention.last,
                mention=mention,
            )
    event = _dating_event(dates, events)
    return _anchor_event(event, _label(dates)) if event is not None else None


#: words before an event's name that say the text is not about the event's own time:
#: ``Aftermath of the Korean War``, ``The road to the Sino-Indian War``
_RELATIVE = re.compile(
    r"\b(?:after|aftermath|before|since|following|legacy|origins?|roots|road|prelude|lead-up"
    r"|run-up|causes?|consequences?|effects?|impact|lessons?|memory|end|beyond|until)\b",
    re.IGNORECASE,
)


def _dating_event(dates: BlockDates, events: Sequence[EventMention]) -> EventMention | None:
    """The first event named with no relative word (``after``, ``aftermath`` …) before it."""
    for found in events:
        if not _RELATIVE.search(dates.view.text, 0, _view_offset(dates, found.start)):
            return found
    return None


def _view_offset(dates: BlockDates, source: int) -> int:
    """The view offset of a source offset of the block: the first view character that maps
    at or after it (view offsets map to source offsets in order)."""
    view = dates.view
    low, high = 0, len(view.text)
    while low < high:
        middle = (low + high) // 2
        if view.source(middle) < source:
            low = middle + 1
        else:
            high = middle
    return low


def _label(dates: BlockDates) -> str:
    """How a message names a heading or a list item: its prose, markup and link targets out."""
    text = dates.view.text
    if BLOCKER in text:
        text = dates.view.text.replace(BLOCKER, " ")
    return _quoted(text)


def _anchor_event(found: EventMention, label: str) -> Anchor:
    event = found.event
    return Anchor(
        found.span,
        f"{event.name}, {event.period}",
        label,
        event.first.first,
        event.first.last,
        event.first.first,
        event.last.last,
        event=event,
    )


def _blocks(note: Note, ctx: Context) -> list[tuple[BlockDates, Sequence[EventMention]]]:
    """Each prose block's dates and timeline events (source offsets), shared per run.

    Made once per note (CH001 to CH003 ask up to five times); without a timeline, every
    block names no event (one empty tuple, not an empty list per block).
    """
    found = ctx.kept(note, "chronology.blocks")
    if found is None:
        blocks = note_dates(note, ctx)
        if ctx.pack.timeline:
            found = list(zip(blocks, note_events(note, ctx), strict=True))
        else:
            found = [(block, ()) for block in blocks]
        ctx.keep(note, "chronology.blocks", found)
    return found  # type: ignore[no-any-return]


def heading_anchors(note: Note, ctx: Context) -> dict[int, Anchor]:
    """The anchor of every dated heading, by the start of the heading's text."""
    found: dict[int, Anchor] = {}
    for dates, events in _blocks(note, ctx):
        if dates.block.kind != "heading":
            continue
        anchor = _anchor(dates, events)
        if anchor is not None:
            found[dates.block.span.start] = anchor
    return found


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _ITEM_CHARS else text[: _ITEM_CHARS - 1].rstrip() + "…"


class SectionsOutOfOrder(Rule):
    """Sibling sections should follow each other in chronological order.

    ## Why
    A history note is read forward in time; a section filed after a later one (`Taiwan
    1958` after `Sino-Indian War 1962`) is a slip of copy and paste or a section written
    later and put at the end. A heading is dated by the first date in its text, else by
    the first timeline event or era it names (not one after a word such as `aftermath`,
    `after` or `origins`); undated headings (`Nuclear Weapons`) are skipped, and the
    dated ones around them are still compared. Ranges and eras compare
    by their start, each at its own precision (`1962` is not earlier than the Cuban
    Missile Crisis). A section is reported when it starts before the latest-starting
    preceding sibling, which the message names. Dates in a section's body (a
    back-reference to an earlier year) do not date it. Sections are siblings when they
    share a parent in the outline: `###` sections under different `##` are not compared.

    Three or more dated siblings that each start before the one above them (or on the same
    day) are a newest-first log (a changelog, a journal, Dendron's release notes), written backwards
    on purpose, and are not reported; two sections in reverse order are.

    ## Bad
    ```markdown
    ## Sino-Indian War 1962

    The USSR sold MiG fighters to India.

    ## Taiwan 1958

    Mao shelled the offshore islands.
    ```

    ## Good
    ```markdown
    ## Taiwan 1958

    Mao shelled the offshore islands.

    ## Sino-Indian War 1962

    The USSR sold MiG fighters to India.
    ```
    """

    code, name = "CH001", "sections-out-of-order"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        anchors = heading_anchors(note, ctx)
        if not anchors:
            return
        for section in note.sections.walk():
            dated = [
                anchors[child.heading.text_span.start]
                for child in section.children
                if child.heading is not None and child.heading.text_span.start in anchors
            ]
            if _newest_first(dated):
                continue
            latest: Anchor | None = None
            for anchor in dated:
                if latest is not None and anchor.before(latest):
                    yield self.report(
                        note,
                        anchor.span,
                        f"Section '{anchor.label}' ({anchor.shown}) comes after "
                        f"'{latest.label}' ({latest.shown})",
                    )
                elif latest is None or latest.lo < anchor.lo:
                    latest = anchor


def _newest_first(dated: list[Anchor]) -> bool:
    """Whether three or more dated siblings run backwards: a changelog, a journal.

    Each starts certainly before the one above it or on the same day (two releases on one
    day), and at least one starts earlier; a year next to a day in that year is neither.
    """
    pairs = list(pairwise(dated))
    return (
        len(dated) >= NEWEST_FIRST_MIN
        and all(below.before(above) or _same(above, below) for above, below in pairs)
        and any(below.before(above) for above, below in pairs)
    )


def _same(one: Anchor, other: Anchor) -> bool:
    """Whether two anchors start on the same day, at the same precision."""
    return (one.lo, one.hi) == (other.lo, other.hi)


@dataclass(slots=True)
class _Item:
    """A direct item of a list: the prose blocks that are its own text."""

    blocks: list[tuple[BlockDates, Sequence[EventMention]]]


def _list_items(note: Note, ctx: Context) -> list[list[_Item]]:
    """Every list of the body as its direct items, each with its own prose blocks (a
    nested list is a list of its own, and its text is not its parent item's)."""
    lists: list[list[_Item]] = []
    list_stack: list[list[_Item]] = []
    item_stack: list[_Item] = []
    #: the start of each inline block in an item -> that (innermost) item
    owner: dict[int, _Item] = {}
    base, lines = note.body_line0, note.lines
    in_heading = False
    token: Token
    for token in note.tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            items: list[_Item] = []
            lists.append(items)
            list_stack.append(items)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if list_stack:
                list_stack.pop()
        elif kind == "list_item_open" and list_stack:
            item = _Item([])
            list_stack[-1].append(item)
            item_stack.append(item)
        elif kind == "list_item_close":
            if item_stack:
                item_stack.pop()
        elif kind in ("heading_open", "heading_close"):
            in_heading = kind == "heading_open"
        elif kind == "inline" and token.map is not None and item_stack and not in_heading:
            owner[lines.line_start(base + token.map[0])] = item_stack[-1]
    if owner:
        for dates, events in _blocks(note, ctx):
            if dates.block.container == "list_item" and dates.block.kind != "heading":
                found = owner.get(dates.block.span.start)
                if found is not None:
                    found.blocks.append((dates, events))
    return lists


def _item_anchor(item: _Item) -> Anchor | None:
    """The item's first date in any of its blocks, else the first event it names."""
    for dates, _ in item.blocks:
        anchor = _anchor(dates, [])
        if anchor is not None:
            return anchor
    for dates, events in item.blocks:
        event = _dating_event(dates, events)
        if event is not None:
            return _anchor_event(event, _label(dates))
    return None


class ListOutOfOrder(Rule):
    """The items of a dated list should follow each other in chronological order.

    ## Why
    A list whose items are mostly dated is a timeline, and a timeline out of order misleads
    the reader about what caused what. The rule looks at one list's direct items (a nested
    list is a list of its own) and only at lists where at least two items are dated and at
    least two thirds of them are: a list of topics with a year here and there is not a
    timeline. An item is dated by its first date, else the first timeline event it names;
    ranges compare by their start. An item is reported when it starts before the dated
    item before it (undated items between them are skipped).

    ## Bad
    ```markdown
    - Mao Zedong died in 1976
    - Brezhnev died in 1982
    - Gorbachev visited Beijing in May 1989
    - Deng Xiaoping came to power in 1978
    ```

    ## Good
    ```markdown
    - Mao Zedong died in 1976
    - Deng Xiaoping came to power in 1978
    - Brezhnev died in 1982
    - Gorbachev visited Beijing in May 1989
    ```
    """

    code, name = "CH002", "list-out-of-order"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        if not any(block.container == "list_item" for block in note.prose):
            return
        # a list needs two dated items, and an item is dated by a date or an event in one
        # of its own blocks: with fewer than two such blocks, no list needs building
        dated_blocks = sum(
            1
            for dates, events in _blocks(note, ctx)
            if dates.block.container == "list_item"
            and dates.block.kind != "heading"
            and (dates.dates or events)
        )
        if dated_blocks < 2:
            return
        for items in _list_items(note, ctx):
            anchors = [_item_anchor(item) for item in items]
            dated = [(item, a) for item, a in zip(items, anchors, strict=True) if a is not None]
            if len(dated) < 2 or 3 * len(dated) < 2 * len(items):
                continue
            for (_, earlier), (_, anchor) in pairwise(dated):
                if anchor.before(earlier):
                    yield self.report(
                        note,
                        anchor.span,
                        f"Item '{anchor.label}' ({anchor.shown}) comes after "
                        f"'{earlier.label}' ({earlier.shown})",
                    )


#: words before a date that make it only the bound of a stretch of time: a date before
#: the period that the stretch runs from (``since 1950``), or one after the period that
#: it runs to (``until 1970``); such a stretch reaches into the period
_FROM_BEFORE = re.compile(
    r"\b(?:[Ss]ince|[Aa]fter|[Ff]ollowing)\s+(?:(?:the\s+)?(?:early|mid|late)[\s-]+)?(?:the\s+)?$"
)
_TO_AFTER = re.compile(r"\b(?:[Uu]ntil|[Tt]ill|[Uu]p\s+to|[Bb]efore)\s+(?:the\s+)?$")


class DateOutsidePeriod(Rule):
    """A date in a section should fall in the period that the section's heading states.

    ## Why
    A section headed by a period (`Khrushchev Era`, `1953–1964`, `The 1960s`, `The Korean
    War`) promises what happened then; a date outside it (`1969` under the Khrushchev
    era) is a typo or an event filed under the wrong era. The period is a range or decade
    written in the heading, else a timeline era or event with a start and an end that the
    heading names (`Aftermath of the Korean War` names one but states no period); a
    heading with a single year, month or day states no period, and neither does the
    frontmatter title. Every date in the section's body is checked,
    subsections included (their headings too); a date outside several nested periods is
    reported once, against the innermost. Dates are compared at their own precision, and
    a range or decade in the body is outside only when no part of it is inside (`in the
    1950s` under the Stalin era, which ended in March 1953, is not reported). Only dates
    are checked: an event named in the body (`the death of Stalin`) is not a date.

    A back-reference to an earlier year (`the treaty of 1950`, under the Khrushchev era) is
    reported: it is outside the period, and whether it belongs there is the writer's call
    (a suppression comment records it). Only a date that merely bounds a stretch of time
    reaching into the period is not: `since 1950`, `after 1950` or `following 1950` before
    the period, `until 1970`, `till 1970`, `up to 1970` or `before 1970` after it.

    ## Bad
    ```markdown
    ## Khrushchev Era

    Fighting broke out on Zhenbao Island in 1969.
    ```

    ## Good
    ```markdown
    ## Brezhnev Era

    Fighting broke out on Zhenbao Island in 1969.
    ```
    """

    code, name = "CH003", "date-outside-period"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        anchors = heading_anchors(note, ctx)
        if not anchors:
            return  # most notes: no heading names a date
        periods: list[tuple[Section, Anchor, str]] = []
        for section in note.sections.walk():
            if section.heading is None:
                continue
            anchor = anchors.get(section.heading.text_span.start)
            source = anchor.period if anchor is not None else None
            if anchor is not None and source is not None:
                periods.append((section, anchor, source))
        if not periods:
            return
        # a sweep in document order: the sections whose body holds the current date are
        # a stack of nested sections (innermost last), at most six deep
        open_: list[tuple[Section, Anchor, str]] = []
        following = 0
        for dates, _ in _blocks(note, ctx):
            for view_date, mention in zip(dates.view_dates, dates.dates, strict=True):
                where = mention.span.start
                while following < len(periods) and periods[following][0].body.start <= where:
                    open_.append(periods[following])
                    following += 1
                open_ = [entry for entry in open_ if where < entry[0].body.end]
                if not mention.is_valid() or not open_:
                    continue
                found = self._outside(mention, open_)
                if found is None:
                    continue
                section, period, source = found
                if self._bounds_stretch(dates.view.text[: view_date.span.start], mention, period):
                    continue
                yield self.report(
                    note, mention.span, f"'{mention.text}' is outside '{period.label}' ({source})"
                )

    @staticmethod
    def _outside(
        mention: DateMention, holding: list[tuple[Section, Anchor, str]]
    ) -> tuple[Section, Anchor, str] | None:
        """The innermost of the periods holding ``mention`` that does not contain it."""
        for section, period, source in reversed(holding):
            if mention.last < period.first or mention.first > period.last:
                return section, period, source
        return None

    @staticmethod
    def _bounds_stretch(before: str, mention: DateMention, period: Anchor) -> bool:
        if mention.is_range:
            return False
        if mention.last < period.first:
            return bool(_FROM_BEFORE.search(before))
        return bool(_TO_AFTER.search(before))
