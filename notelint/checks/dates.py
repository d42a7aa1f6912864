"""DT: date consistency: the frontmatter timestamps, and the dates written in the prose.

The prose dates come from :mod:`notelint.dates` (found once per note and shared with CH),
the events they are checked against from the rule pack's timeline (:mod:`notelint.timeline`).
A date is compared at its own precision: ``April 1961`` agrees with an event on 17–20 April
1961, ``1961`` with anything in 1961, ``the 1950s`` with anything in that decade.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from notelint.dates import (
    GREGORIAN_FROM,
    MONTHS,
    WEEKDAY_NAMES,
    BlockDates,
    DateMention,
    days_in_month,
    iter_mentions,
    note_dates,
    weekday_of,
)
from notelint.diagnostics import Applicability, Diagnostic
from notelint.registry import Context, Rule
from notelint.timeline import EventMention, view_events

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.frontmatter import Field
    from notelint.note import Note

#: 2000-01-01T00:00:00Z in epoch milliseconds; Dendron did not exist before
MS_2000 = 946_684_800_000
#: below this an epoch value read as seconds is before 5138, read as milliseconds before 1973
SECONDS_LIMIT = 100_000_000_000
_MONTH_NAMES = [name.title() for name in MONTHS]


def _timestamp(note: Note, key: str) -> tuple[Field, int] | None:
    """The frontmatter field ``key`` when it is an integer (other types are FM004's)."""
    fm = note.frontmatter
    if fm is None or not fm.ok:
        return None
    entry = fm.fields.get(key)
    if entry is None or isinstance(entry.value, bool) or not isinstance(entry.value, int):
        return None
    return entry, entry.value


def _in_seconds(value: int) -> bool:
    return MS_2000 // 1000 <= value < SECONDS_LIMIT


def _plausible_ms(value: int) -> bool:
    return value >= MS_2000


def _utc(ms: int) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def show_ms(ms: int, *, precise: bool = False) -> str:
    """An epoch value in milliseconds as ``YYYY-MM-DD HH:MM`` UTC (or its digits).

    ``precise`` adds seconds and milliseconds, for two values in the same minute.
    """
    moment = _utc(ms)
    if moment is None:
        return str(ms)
    if precise:
        return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"
    return moment.strftime("%Y-%m-%d %H:%M")


class CreatedAfterUpdated(Rule):
    """A note's `created` timestamp should not be later than its `updated` timestamp.

    ## Why
    A note cannot be updated before it exists: one of the two was typed or merged by hand
    (a copied note keeps the old `created`, a hand-edited `updated` loses a digit). Sorting
    by either then puts the note in the wrong place. Reported at `updated`; values in
    seconds are DT003's business and are not compared. Two values in the same minute are
    shown to the millisecond (Dendron itself sometimes writes `created` one millisecond
    after `updated`).

    ## Bad
    ```markdown
    ---
    id: abc
    updated: 1617529949389
    created: 1617547732440
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    updated: 1617547732440
    created: 1617529949389
    ---
    ```
    """

    code, name = "DT001", "created-after-updated"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        created, updated = _timestamp(note, "created"), _timestamp(note, "updated")
        if created is None or updated is None:
            return
        (_, created_ms), (entry, updated_ms) = created, updated
        if not (_plausible_ms(created_ms) and _plausible_ms(updated_ms)):
            return
        if created_ms > updated_ms:
            precise = show_ms(created_ms) == show_ms(updated_ms)
            yield self.report(
                note,
                entry.value_span,
                f"'updated' ({show_ms(updated_ms, precise=precise)}) is earlier than "
                f"'created' ({show_ms(created_ms, precise=precise)})",
            )


class TimestampFuture(Rule):
    """The `created` and `updated` timestamps should not be in the future.

    ## Why
    A timestamp from the future is a typo (a wrong digit), a clock set wrong, or a value
    in microseconds; it makes the note sort first for years. One day of tolerance
    (`[tool.notelint.dates] future-tolerance-hours`, default 24) allows for time zones.

    ## Bad
    ```markdown
    ---
    id: abc
    updated: 4617547732440
    created: 1617529949389
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    updated: 1617547732440
    created: 1617529949389
    ---
    ```
    """

    code, name = "DT002", "timestamp-future"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        now = ctx.now or dt.datetime.now(dt.UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
        tolerance = dt.timedelta(hours=ctx.config.dates.future_tolerance_hours)
        limit_ms = int((now + tolerance).timestamp() * 1000)
        for key in ("created", "updated"):
            found = _timestamp(note, key)
            if found is None:
                continue
            entry, value = found
            if _plausible_ms(value) and value > limit_ms:
                yield self.report(
                    note, entry.value_span, f"'{key}' ({show_ms(value)}) is in the future"
                )


class TimestampImplausible(Rule):
    """The `created` and `updated` timestamps should be epoch milliseconds after 2000.

    ## Why
    Dendron writes milliseconds since 1970. A value in seconds (ten digits, as `date +%s`
    prints) reads as a moment in January 1970, and any value before 2000-01-01 was not
    written by a note-taking tool. The fix for seconds multiplies by 1000 (unsafe: the
    value may be wrong in another way).

    ## Bad
    ```markdown
    ---
    id: abc
    updated: 1617547732
    created: 1617529949389
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    updated: 1617547732000
    created: 1617529949389
    ---
    ```
    """

    code, name = "DT003", "timestamp-implausible"
    fixable = "unsafe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for key in ("created", "updated"):
            found = _timestamp(note, key)
            if found is None:
                continue
            entry, value = found
            if _in_seconds(value):
                fix = self.fix(
                    "Multiply by 1000 (seconds to milliseconds)",
                    (entry.value_span, str(value * 1000)),
                    applicability=Applicability.UNSAFE,
                )
                message = (
                    f"'{key}' ({value}) is in seconds, not milliseconds "
                    f"({show_ms(value * 1000)} as seconds)"
                )
                yield self.report(note, entry.value_span, message, fix=fix)
            elif value < MS_2000:
                yield self.report(
                    note,
                    entry.value_span,
                    f"'{key}' ({value}) is before 2000-01-01 ({show_ms(value)})",
                )


def _why_invalid(mention: DateMention) -> str | None:
    """Why a single date does not exist, or None when it does."""
    for date in (mention.start, mention.end):
        if date.month is not None and not 1 <= date.month <= 12:
            return f"there is no month {date.month}"
        if date.day is not None and date.month is not None:
            if date.day < 1:
                return f"there is no day {date.day}"
            length = days_in_month(date.year, date.month)
            if date.day > length:
                year = str(date.year) if date.year > 0 else f"{-date.year} BC"
                return f"{_MONTH_NAMES[date.month - 1]} {year} has {length} days"
    return None


class DateInvalid(Rule):
    """A date in the prose should exist.

    ## Why
    `30 February 1972`, `31st April 1961` and `1961-13-02` are typos of a real date; a
    reader cannot tell which. Leap years count (29 February 1972 exists, 29 February 1900
    does not); before 1583 the Julian leap rule is used.

    ## Bad
    ```markdown
    The treaty was signed on 30 February 1972.
    ```

    ## Good
    ```markdown
    The treaty was signed on 29 February 1972.
    ```
    """

    code, name = "DT004", "date-invalid"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for mention in iter_mentions(note, ctx):
            for part in mention.singles:
                problem = _why_invalid(part)
                if problem:
                    yield self.report(note, part.span, f"'{part.text}' does not exist: {problem}")


def _weekday_like(written: str, weekday: int) -> str:
    """``weekday``'s name in the form ``written`` uses (full or short, capitals)."""
    name = WEEKDAY_NAMES[weekday]
    if len(written.rstrip(".")) <= 4:
        name = name[:3]
    return name.upper() if written.isupper() and len(written) > 1 else name


class WeekdayMismatch(Rule):
    """A weekday written with a date should be that date's weekday.

    ## Why
    `Monday, 2 March 1969` cannot be right: 2 March 1969 was a Sunday, so either the day
    or the weekday is wrong. The fix replaces the weekday (unsafe: the date may be the
    mistake). Dates before 1583 are not checked (Julian calendar).

    ## Bad
    ```markdown
    Fighting broke out on Monday, 2 March 1969.
    ```

    ## Good
    ```markdown
    Fighting broke out on Sunday, 2 March 1969.
    ```
    """

    code, name = "DT005", "weekday-mismatch"
    fixable = "unsafe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for mention in iter_mentions(note, ctx):
            for part in mention.singles:
                if part.weekday is None or part.weekday_span is None:
                    continue
                actual = weekday_of(part.start)
                if actual is None or actual == part.weekday or part.start.year < GREGORIAN_FROM:
                    continue
                written = note.slice(part.weekday_span)
                right = _weekday_like(written, actual)
                fix = self.fix(
                    f"Replace '{written}' with '{right}'",
                    (part.weekday_span, right),
                    applicability=Applicability.UNSAFE,
                )
                yield self.report(
                    note,
                    part.weekday_span,
                    f"'{written}' does not match {part.start}, a {WEEKDAY_NAMES[actual]}",
                    fix=fix,
                )


class RangeReversed(Rule):
    """A date range should end after it starts.

    ## Why
    `1964–1953` and `from 1970 to 1965` are reversed: the ends were swapped or one of
    them is a typo. Ranges are compared at their precision: `March–May 1969` is fine,
    `1969–1969` too.

    ## Bad
    ```markdown
    The Khrushchev era (1964–1953) began with the Secret Speech.
    ```

    ## Good
    ```markdown
    The Khrushchev era (1953–1964) began with the Secret Speech.
    ```
    """

    code, name = "DT006", "range-reversed"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for mention in iter_mentions(note, ctx):
            if not mention.is_range or not mention.is_valid():
                continue
            first, second = mention.parts
            if second.last < first.first:
                yield self.report(
                    note,
                    mention.span,
                    f"'{mention.text}' ends ({_shown(second)}) before it starts ({_shown(first)})",
                )


def _shown(mention: DateMention) -> str:
    if mention.precision == "decade":
        return f"{mention.start.year}s"
    return str(mention.start)


#: words between a date and an event phrase that say the date is not the event's
_RELATION = re.compile(
    r"\b(?:after|before|since|until|till|following|preceding|prior|later|earlier|ago"
    r"|anniversary|years|decades|months|weeks|days|when|whereas|while)\b",
    re.IGNORECASE,
)


def _distance(start: int, end: int, event: EventMention) -> int:
    return max(0, event.start - end, start - event.end)


class DateContradictsTimeline(Rule):
    """A date written next to a timeline event should agree with the timeline.

    ## Why
    `the USSR collapsed in 1990` puts a well-known event in the wrong year; the rule
    pack's `timeline.yaml` knows it was 1991-12-26. Each date is attributed to the
    nearest event phrase in its sentence, so `Tiananmen Square 1989 and the end of the
    Soviet Union` dates Tiananmen Square, not the collapse; a date separated from the
    phrase by `after`, `before`, `since`, `years` and the like is about something else and
    is not compared. Dates are compared at their own precision (`1969` agrees with an
    event from March to September 1969).

    ## Bad
    ```markdown
    The USSR collapsed in 1990, two years after the Sino-Soviet thaw.
    ```

    ## Good
    ```markdown
    The USSR collapsed in 1991, two years after the Sino-Soviet thaw.
    ```
    """

    code, name = "DT007", "date-contradicts-timeline"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        if not ctx.pack.timeline:
            return
        for block, events in zip(note_dates(note, ctx), view_events(note, ctx), strict=True):
            if not events or not block.view_dates:
                continue
            text = block.view.text
            for (view_date, date), sentence in self._in_sentences(block):
                in_sentence = [e for e in events if sentence[0] <= e.start < sentence[1]]
                if not in_sentence or not view_date.is_valid():
                    continue
                start, end = view_date.span.start, view_date.span.end
                nearest = min(
                    in_sentence, key=lambda e: (_distance(start, end, e), e.start > start)
                )
                between = text[min(end, nearest.end) : max(start, nearest.start)]
                if _RELATION.search(between):
                    continue
                event = nearest.event
                if view_date.first <= event.last.last and event.first.first <= view_date.last:
                    continue
                named = text[nearest.start : nearest.end]
                who = f"'{named}'"
                if named.casefold() != event.name.casefold():
                    who += f" ({event.name})"
                suggestions = []
                if view_date.precision == "year" and event.first.year == event.last.year:
                    suggestions.append(str(event.first.year))
                yield self.report(
                    note,
                    date.span,
                    f"'{date.text}' contradicts the timeline: {who} is {event.period}",
                    suggestions=suggestions,
                )

    @staticmethod
    def _in_sentences(
        block: BlockDates,
    ) -> Iterator[tuple[tuple[DateMention, DateMention], tuple[int, int]]]:
        """Pairs ((view mention, source mention), sentence range) in the block."""
        for view_date, date in zip(block.view_dates, block.dates, strict=True):
            for sentence in block.view_sentences:
                if sentence[0] <= view_date.span.start < sentence[1]:
                    yield (view_date, date), sentence
                    break


def _body_mentions(note: Note, ctx: Context) -> Iterator[DateMention]:
    """The date mentions of every prose block but the frontmatter title."""
    for block in note_dates(note, ctx):
        if block.block.kind != "title":
            yield from block.dates


class DateFormatMixed(Rule):
    """A note should write its full dates in one style.

    ## Why
    `2nd of March 1969` in one paragraph and `24 December 1978` in the next reads as two
    authors; house styles pick one (`2 March 1969`, `March 2, 1969` or `1969-03-02`).
    The first full date of the body sets the style; each date written otherwise is
    reported. Only dates with a day count; years and months are not a style, and the
    frontmatter `title` follows the vault's naming convention (`2021-12-22 Office Hours`),
    not the prose style. Off by default: select `DT008` to use it.

    ## Bad
    ```markdown
    Fighting broke out on the 2nd of March 1969, and Vietnam invaded Cambodia on
    25 December 1978.
    ```

    ## Good
    ```markdown
    Fighting broke out on 2 March 1969, and Vietnam invaded Cambodia on 25 December 1978.
    ```
    """

    code, name = "DT008", "date-format-mixed"
    severity = "warning"
    default = False

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        first: DateMention | None = None
        for mention in _body_mentions(note, ctx):
            for part in mention.singles:
                if part.precision != "day":
                    continue
                if first is None:
                    first = part
                elif part.style != first.style:
                    line = note.position(first.span.start).line
                    yield self.report(
                        note,
                        part.span,
                        f"'{part.text}' is written '{part.style}', not '{first.style}' "
                        f"as '{first.text}' on line {line}",
                    )


class DateAfterNote(Rule):
    """A date in the prose should not be later than the note's `updated` timestamp.

    ## Why
    A note cannot report what had not happened when it was last written: a date after
    `updated` is a typo (`2969` for `1969`) or a prediction written as a fact. Compared at
    the date's precision: `2021` in a note updated on 4 April 2021 is fine, `May 2021` is
    not. Notes without a plausible `updated` are not checked, nor is the `title`: notes
    are often made ahead of the day or year they are named after (a journal, a meeting,
    the `2022` collection of a year's events).

    ## Bad
    ```markdown
    ---
    id: abc
    updated: 1617547732440
    ---
    The border war broke out in March 2969.
    ```

    ## Good
    ```markdown
    ---
    id: abc
    updated: 1617547732440
    ---
    The border war broke out in March 1969.
    ```
    """

    code, name = "DT009", "date-after-note"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        found = _timestamp(note, "updated")
        if found is None or not _plausible_ms(found[1]):
            return
        mentions = list(_body_mentions(note, ctx))
        moment = _utc(found[1]) if mentions else None  # most notes name no date
        if moment is None:
            return
        updated = (moment.year, moment.month, moment.day)
        for mention in mentions:
            for part in mention.singles:
                if not part.is_valid() or part.first <= updated:
                    continue
                yield self.report(
                    note,
                    part.span,
                    f"'{part.text}' is later than the note's 'updated' ({moment:%Y-%m-%d})",
                )
