"""Dates in prose: a finder with exact spans and a precision, shared by DT and CH.

``PartialDate`` is a date known to the year, the month or the day. ``find_dates`` finds
the dates of a piece of prose: years (``1969``, ``AD 1969``, ``1969 CE``, ``44 BC``),
decades (``1950s``), full dates in the usual English orders (``2 March 1969``,
``2nd of March 1969``, ``March 2, 1969``, ``2 Mar 1969``), month and year (``May 1988``),
ISO (``1969-03-02``, ``1969-03``), Dendron's dotted days (``2021.07.23``), weekday
prefixes (``Sunday, 2 March 1969``) and ranges (``1953–1964``, ``1953-64``,
``from 1953 to 1964``, ``between 1953 and 1964``, ``17–20 April 1961``).

A bare number is a year only in a date-like context: four digits, not money (``£1960``),
not part of a bigger number (``1,960``, ``19.60``), not a count (``1500 troops``,
``4189 times``); a number past 2099 needs a preposition (``in 2969``) and one of fewer
than four digits an era (``AD 800``). ``200 construction projects``, ``1 million troops``
and ``the 38th parallel`` are therefore not dates.

Hand-written patterns, not a library: ``dateparser.search.search_dates`` returns no spans
and no precision (``the 1950s`` became today's date), takes ``4189``, ``the 38th`` and
``£1960`` for dates and quietly turns ``30 February 1972`` into February 1972;
``dateutil`` has no search at all and raises on a date that does not exist. Here a date
that does not exist is found, so that DT004 can report it.

``ProseText`` joins the prose pieces of one block (markup between them removed, code and
link targets replaced by a blocker) and maps every offset back to the source, so a date
split by emphasis (``2 March **1969**``) is found with its exact source span.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from notelint.diagnostics import Span
from notelint.partialdate import PartialDate, gregorian_month_days

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from notelint.markdown import ProseBlock
    from notelint.note import Note


# -- vocabulary ------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: the last year of the Julian calendar in most of Europe: no weekday or leap-day checks
#: before it, because the proleptic Gregorian calendar is not what those writers used
GREGORIAN_FROM = 1583
#: a bare four-digit number above this needs a preposition to be a year (``in 2969``)
PLAIN_YEAR_MAX = 2099


def _cased(words: Sequence[str]) -> str:
    """An alternation of ``words`` in Title and UPPER case, longest first."""
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=lambda form: (-len(form), form)))


class _Lazy:
    """A regular expression compiled on first use, then kept.

    The date patterns are long alternations with look-behinds: compiling them all at import
    took ~15 ms, which a run whose rules never look for dates should not pay.
    """

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None
        _LAZY.append(self)

    def __call__(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return compiled


#: every lazily compiled pattern, for :func:`compile_patterns`
_LAZY: list[_Lazy] = []


def compile_patterns() -> None:
    """Compile every date pattern now. A parallel run calls this before forking: each
    process would otherwise compile the patterns it meets (~15 ms) on its own."""
    for lazy in _LAZY:
        lazy()


_END = r"(?![^\W_])"  # not followed by a letter or digit
_FULL_MONTH = _cased(list(MONTHS))
_ABBR_MONTH = _cased(list(MONTH_ABBREVIATIONS))


def _month(n: str = "") -> str:
    return rf"(?P<mon{n}>(?:{_FULL_MONTH}){_END}|(?:{_ABBR_MONTH})(?:\.|{_END}))"


_WEEKDAY = (
    rf"(?:(?P<wd>(?:{_cased([w for w in WEEKDAYS if len(w) > 4])}){_END}"
    rf"|(?:{_cased([w for w in WEEKDAYS if len(w) <= 4])})(?:\.|{_END}))"
    r",?\s+(?:the\s+)?)?"
)
_ORD = r"(?:st|nd|rd|th)"
_ERA_BEFORE = r"(?:A\.D\.|AD|C\.E\.|CE)"
_ERA_AFTER = r"(?:B\.C\.E\.|B\.C\.|A\.D\.|C\.E\.|BCE|BC|AD|CE)"


def _day(n: str = "") -> str:
    return rf"(?<![\w.,/:])(?P<day{n}>0?[1-9]|[12]\d|3\d)(?P<ord{n}>{_ORD})?{_END}"


def _year(n: str = "") -> str:
    """A year in a full date or range: four digits, or one to four with an era."""
    return (
        rf"(?:(?P<pre{n}>{_ERA_BEFORE})\s?(?P<ey{n}>\d{{1,4}})"
        rf"|(?P<y{n}>\d{{4}}|\d{{1,3}}(?=\s?{_ERA_AFTER}))(?:\s?(?P<post{n}>{_ERA_AFTER}))?)"
        rf"(?:(?<=\.)|{_END})"
    )


_CONN = r"(?P<conn>\s*[–—-]\s*|\s+(?P<word>to|until|till|through|and)\s+)"
_LEAD = r"(?:(?P<lead>[Ff]rom|[Bb]etween)\s+)?"
_OF = r"(?:(?P<of{n}>of)\s+)?"
_COMMA = r"(?P<comma{n}>,)?"


def _day_of_month(n: str) -> str:
    """``2 March``, ``2nd of March``."""
    return _day(n) + r"\s+" + _OF.format(n=n) + _month(n)


def _year_after(n: str) -> str:
    """The ``, 1969`` that ends a full date."""
    return _COMMA.format(n=n) + r"\s+" + _year(n)


_PATTERNS: list[tuple[str, _Lazy]] = [
    # ranges whose first end borrows the month and year of the second
    ("days", _Lazy(_LEAD + _day("1") + _CONN + _day_of_month("2") + _year_after("2"))),
    (
        "day-months",
        _Lazy(_LEAD + _day_of_month("1") + _CONN + _day_of_month("2") + _year_after("2")),
    ),
    ("months", _Lazy(_LEAD + _month("1") + _CONN + _month("2") + _year_after("2"))),
    (
        "month-days",
        _Lazy(_LEAD + _month("2") + r"\s+" + _day("1") + _CONN + _day("2") + _year_after("2")),
    ),
    (
        "month-day-months",
        _Lazy(
            _LEAD
            + _month("1")
            + r"\s+"
            + _day("1")
            + _CONN
            + _month("2")
            + r"\s+"
            + _day("2")
            + _year_after("2")
        ),
    ),
    # single dates
    ("dmy", _Lazy(_WEEKDAY + _day_of_month("") + _year_after(""))),
    ("mdy", _Lazy(_WEEKDAY + _month() + r"\s+" + _day() + _year_after(""))),
    (
        "iso",
        _Lazy(
            _WEEKDAY + r"(?<![\w./:-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:(?=T\d)|(?![\w]|-\d))"
        ),
    ),
    (
        "dotted",
        _Lazy(r"(?<![\w./:-])(?P<y>\d{4})\.(?P<m>\d\d)\.(?P<d>\d\d)(?![\w]|\.\d)"),
    ),
    ("iso-month", _Lazy(r"(?<![\w./:-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])(?![\w]|-\d)")),
    (
        "month-year",
        _Lazy(_month() + r",?\s+(?:of\s+)?" + _year()),
    ),
    (
        "year-range",
        _Lazy(
            _LEAD
            + r"(?<![\w.,£$€¥₹₽#/:+])(?<!\d[-–])"
            + _year("1")
            + _CONN
            + r"(?:(?P<short>\d\d)(?![\w]|[.,]\d|[-–/]\d)|"
            + _year("2")
            + r")"
        ),
    ),
    (
        "decade",
        _Lazy(r"(?<![\w.,£$€¥₹₽#/:+])(?<!\d[-–])(?P<y>\d{3}0)(?:'|’)?s(?![\w])"),
    ),
    ("era", _Lazy(r"(?<![\w.,£$€¥₹₽#/:+])(?<!\d[-–])" + _year())),
]

#: what may not stand right before a bare year: money, numbering, quantities
_BAD_BEFORE = _Lazy(
    r"(?:[£$€¥₹₽]\s?|\b(?:US|USD|EUR|GBP|Rs)\s?"
    r"|\b(?:[Nn]o|[Nn]os|[Nn]umbers?|[Pp]ages?|pp?|[Ll]ines?|[Cc]hapters?|[Vv]erses?|[Pp]ort"
    r"|[Vv]ersion|v|[Bb]uild|[Ii]ssues?|PR|[Tt]icket|[Ss]tep|[Ii]tem|[Ff]igure|[Ff]ig|[Tt]able"
    r"|[Ss]ection|[Rr]oom|[Ff]light|[Rr]oute|[Mm]odel|[Oo]ver|[Nn]early|[Aa]lmost"
    r"|[Aa]pproximately|[Rr]oughly|[Tt]op|ISO|RFC|PEP|[Cc]ode|[Ee]rror|[Ss]tatus|ID|id"
    r"|[Ll]evel|[Ss]core|[Ss]ize|[Ww]idth|[Hh]eight|[Ll]ength|[Ll]imit|[Mm]ax|[Mm]in"
    r"|[Mm]aximum|[Mm]inimum|[Tt]otal|[Cc]ount)\.?\s?)$"
)
#: what may not stand right after a bare year: a unit, a count noun, a multiplier
_BAD_AFTER = _Lazy(
    r"\s?(?:%|[x×]\s?\d|(?:percent|per\s?cent|millions?|billions?|thousands?|hundreds?"
    r"|times|people|persons|men|women|children|troops|soldiers|sailors|casualties|deaths"
    r"|dead|killed|wounded|prisoners|refugees|workers|students|members|delegates|votes"
    r"|words|pages|lines|notes|files|items|entries|characters|chars|bytes|[KMGT]i?B|px"
    r"|pixels|ms|seconds|secs|minutes|mins|hours|hrs|days|weeks|months|years|km|kilometres"
    r"|kilometers|miles|metres|meters|m|cm|mm|ft|feet|kg|tons|tonnes|dollars|pounds"
    r"|euros|yuan|roubles|rubles|USD|projects|tanks|aircraft|planes|ships|guns|rifles"
    r"|missiles|warheads|units|copies|users|downloads|stars|commits|tests|rows|columns"
    r"|cells|points|vehicles|divisions|villages|towns|cities|households|families"
    r"|acres|hectares|calories|steps|requests|packages|plugins|errors|results|links"
    r"|headings|sections|tokens|records|documents|instances|nodes|edges|bits|lb|lbs"
    r"|oz|kb|mb|gb|insertions|deletions|additions|changes|cases|incidents|attacks"
    r"|violations|occasions)(?![^\W_]))",
    re.IGNORECASE,
)
_STRONG_BEFORE = _Lazy(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Dd]uring|[Aa]fter|[Bb]efore"
    r"|[Cc]irca|c\.|ca\.|[Yy]ear|of|[Ee]arly|[Ll]ate|[Ss]pring|[Ss]ummer|[Aa]utumn"
    r"|[Ff]all|[Ww]inter)\s+|\b[Mm]id-?)$"
)
#: What a text must contain for a pattern to match there: a cheap search that lets
#: :func:`find_dates` skip the long patterns in most text. Each is a part every match of
#: its pattern has (a month name starts with its abbreviation; ``era`` only yields dates
#: written with an era), so skipping changes no result. Simple patterns that start with
#: a digit or a letter are searched far faster than ones that start with a look-behind.
_MONTH_HINT = _Lazy(_cased([name[:3] for name in MONTHS]))
#: a month name as the patterns write it; searched only where the hint is (``Markdown``)
_ANY_MONTH = _Lazy(rf"(?:{_FULL_MONTH}|{_ABBR_MONTH}){_END}|(?:{_ABBR_MONTH})\.")
_GATES: dict[str, _Lazy] = {
    "iso": _Lazy(r"\d\d\d\d-\d\d-\d\d"),
    "dotted": _Lazy(r"\d\d\d\d\.\d\d\.\d\d"),
    "iso-month": _Lazy(r"\d\d\d\d-[01]\d"),
    "year-range": _Lazy(rf"\d(?:\s?{_ERA_AFTER})?{_CONN}"),
    "decade": _Lazy(r"\d\d0['’]?s"),
    "era": _Lazy(r"AD|CE|BC|A\.D\.|C\.E\.|B\.C\."),
}
_NEED_MONTH = frozenset(
    ("days", "day-months", "months", "month-days", "month-day-months", "dmy", "mdy", "month-year")
)
_ANY_DIGIT = _Lazy(r"\d")
#: every date the patterns find without a month name has an era or four digits in a row
#: (a year is four digits unless an era goes with it; ISO and dotted dates and decades
#: have one), after no letter or digit (each pattern's look-behind), and after a ``#``
#: only in an ISO or dotted date: with issue numbers (``#3420``), 1,193 of the Dendron
#: vault's blocks passed a gate of any four digits and ran every pattern; 382 pass this
#: one, 152 of which have a date
_YEAR_DIGITS = _Lazy(r"(?<![\w#])\d\d\d\d|#\d\d\d\d[-.]\d\d")
#: what every match of :data:`_YEAR_DIGITS` has, found without its look-behind (998 of
#: the Dendron vault's 5,978 views with a digit pass it, and are asked that one)
_FOUR_DIGITS = _Lazy(r"\d\d\d\d")
_BARE_YEAR = _Lazy(r"(?<![\w.,£$€¥₹₽#/:+])(?<!\d[-–])(?P<y>\d{4})(?![\w]|[.,]\d|[-–/]\d)")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in prose: ``start`` to ``end`` (equal for a single date).

    ``precision`` is ``day``, ``month``, ``year`` or ``decade``; ``style`` a template of
    how it is written (``Dth of Month YYYY``) for DT008; ``parts`` the two ends of a range
    (each a mention with its own span); ``weekday`` (0 = Monday) and ``weekday_span`` the
    weekday written before a full date.
    """

    span: Span
    text: str
    start: PartialDate
    end: PartialDate
    precision: str
    style: str
    weekday: int | None = None
    weekday_span: Span | None = None
    parts: tuple[DateMention, ...] = ()

    @property
    def is_range(self) -> bool:
        return bool(self.parts)

    @property
    def singles(self) -> tuple[DateMention, ...]:
        """The dates written: the ends of a range, else the mention itself."""
        return self.parts or (self,)

    def is_valid(self) -> bool:
        return all(_exists(part.start) and _exists(part.end) for part in self.singles)

    @property
    def first(self) -> tuple[int, int, int]:
        """The earliest day meant (only for a valid mention)."""
        return self.start.first

    @property
    def last(self) -> tuple[int, int, int]:
        """The latest day meant (only for a valid mention)."""
        return self.end.last

    def shifted(self, view: ProseText) -> DateMention:
        """This mention with its spans mapped from ``view`` offsets to source offsets."""
        return DateMention(
            view.span(self.span.start, self.span.end),
            self.text,
            self.start,
            self.end,
            self.precision,
            self.style,
            self.weekday,
            None if self.weekday_span is None else view.span(*self.weekday_span_tuple),
            tuple(part.shifted(view) for part in self.parts),
        )

    @property
    def weekday_span_tuple(self) -> tuple[int, int]:
        span = self.weekday_span or Span(0, 0)
        return (span.start, span.end)


def _exists(date: PartialDate) -> bool:
    """Whether a date exists, by the Julian leap rule before the Gregorian calendar."""
    if date.is_valid():
        return True
    julian_leap_day = date.month == 2 and date.day == 29 and date.year % 4 == 0
    return date.year < GREGORIAN_FROM and julian_leap_day


def days_in_month(year: int, month: int) -> int:
    if year < GREGORIAN_FROM and month == 2:
        return 29 if year % 4 == 0 else 28
    return gregorian_month_days(year, month)


def weekday_of(date: PartialDate) -> int | None:
    """The weekday (0 = Monday) of a valid Gregorian day, else None."""
    if date.day is None or date.month is None or not date.is_valid():
        return None
    if not GREGORIAN_FROM <= date.year <= 9999:
        return None
    return dt.date(date.year, date.month, date.day).weekday()


# -- the finder ---------------------------------------------------------------------------


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def _month_style(name: str) -> str:
    return "Month" if name.lower() in MONTHS else "Mon"


def _year_of(match: re.Match[str], n: str = "") -> tuple[int, str] | None:
    """The year (negative for BC) and its style, from the groups of :func:`_year`."""
    pre, post = match.group(f"pre{n}"), match.group(f"post{n}")
    digits = match.group(f"ey{n}") if pre else match.group(f"y{n}")
    if digits is None:
        return None
    number = int(digits)
    if number == 0:
        return None
    if pre:
        return number, f"{pre} YYYY"
    if post:
        bc = post.startswith("B")
        return (-number if bc else number), f"YYYY {post}"
    return number, "YYYY"


def _day_style(match: re.Match[str], n: str = "") -> str:
    day = "Dth" if match.group(f"ord{n}") else "D"
    return day + (" of" if match.groupdict().get(f"of{n}") else "")


def _weekday(match: re.Match[str]) -> tuple[int | None, Span | None]:
    """The weekday a date names, and the span of its word (an abbreviation's dot, as in
    ``Sun. 2 March 1969``, is not part of the word)."""
    if "wd" in match.re.groupindex and match.group("wd"):
        word = match.group("wd").removesuffix(".")
        start = match.start("wd")
        return WEEKDAYS[word.lower()], Span(start, start + len(word))
    return None, None


def _plausible_connector(match: re.Match[str]) -> bool:
    """``and`` needs ``between``; ``between`` needs ``and`` or a dash."""
    word = (match.group("word") or "").lower()
    lead = (match.group("lead") or "").lower() if "lead" in match.re.groupindex else ""
    if word == "and":
        return lead == "between"
    if lead == "between":
        return word in ("", "and")
    return True


def _single(
    text: str, start: int, end: int, date: PartialDate, style: str, **kw: Any
) -> DateMention:
    precision = kw.pop("precision", date.precision)
    return DateMention(
        Span(start, end),
        text[start:end],
        date,
        kw.pop("end_date", date),
        precision,
        style,
        **kw,
    )


def _range(text: str, start: int, end: int, first: DateMention, second: DateMention) -> DateMention:
    order = ("day", "month", "year", "decade")
    precision = max(first.precision, second.precision, key=order.index)
    return DateMention(
        Span(start, end),
        text[start:end],
        first.start,
        second.end,
        precision,
        f"{first.style}–{second.style}",
        parts=(first, second),
    )


def _count_context(text: str, start: int, end: int) -> bool:
    """Whether a number at ``start:end`` reads as money, a count or a numbering."""
    before = text[max(0, start - 24) : start]
    return bool(_BAD_BEFORE().search(before) or _BAD_AFTER().match(text, end))


def _build(kind: str, match: re.Match[str], text: str) -> DateMention | None:
    """Turn one pattern match into a mention, or None when it is not a date after all."""
    if kind in _PARTIAL_RANGES:
        return _partial_range(kind, match, text)
    if kind == "year-range":
        return _year_range(match, text)
    start, end = match.start(), match.end()
    if kind in ("dmy", "mdy"):
        year = _year_of(match)
        if year is None:
            return None
        number, year_style = year
        date = PartialDate(number, _month_number(match.group("mon")), int(match.group("day")))
        month = _month_style(match.group("mon"))
        comma = "," if match.group("comma") else ""
        if kind == "dmy":
            style = f"{_day_style(match)} {month}{comma} {year_style}"
        else:
            style = f"{month} {_day_style(match)}{comma} {year_style}"
        weekday, weekday_span = _weekday(match)
        return _single(text, start, end, date, style, weekday=weekday, weekday_span=weekday_span)
    if kind == "iso":
        date = PartialDate(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if date.year == 0:
            return None
        weekday, weekday_span = _weekday(match)
        return _single(
            text, start, end, date, "YYYY-MM-DD", weekday=weekday, weekday_span=weekday_span
        )
    if kind == "dotted":
        date = PartialDate(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        return None if date.year == 0 else _single(text, start, end, date, "YYYY.MM.DD")
    if kind == "iso-month":
        date = PartialDate(int(match.group("y")), int(match.group("m")))
        return None if date.year == 0 else _single(text, start, end, date, "YYYY-MM")
    if kind == "month-year":
        year = _year_of(match)
        if year is None:
            return None
        number, year_style = year
        date = PartialDate(number, _month_number(match.group("mon")))
        return _single(text, start, end, date, f"{_month_style(match.group('mon'))} {year_style}")
    if kind == "decade":
        number = int(match.group("y"))
        if not 1000 <= number <= PLAIN_YEAR_MAX or _count_context(text, start, start):
            return None
        return _single(
            text, start, end, PartialDate(number), "YYYYs",
            end_date=PartialDate(number + 9), precision="decade",
        )  # fmt: skip
    if kind == "era":
        year = _year_of(match)
        if year is None or year[1] == "YYYY":
            return None
        return _single(text, start, end, PartialDate(year[0]), year[1])
    return None


_PARTIAL_RANGES = ("days", "day-months", "months", "month-days", "month-day-months")


def _partial_range(kind: str, match: re.Match[str], text: str) -> DateMention | None:
    """``17–20 April 1961``, ``2 March – 11 September 1969``, ``March–May 1969`` …"""
    if not _plausible_connector(match):
        return None
    year = _year_of(match, "2")
    if year is None:
        return None
    number, year_style = year
    groups = match.groupdict()
    month2 = _month_number(groups["mon2"])
    month1 = _month_number(groups["mon1"]) if groups.get("mon1") else month2
    month = _month_style(groups["mon2"])
    comma = "," if groups.get("comma2") else ""
    second_start = match.end("conn")
    if kind == "months":
        first_date, second_date = PartialDate(number, month1), PartialDate(number, month2)
        first_span = match.span("mon1")
        style = f"{month} {year_style}"
    else:
        first_date = PartialDate(number, month1, int(groups["day1"]))
        second_date = PartialDate(number, month2, int(groups["day2"]))
        if kind in ("month-days", "month-day-months"):
            style = f"{month} {_day_style(match, '2')}{comma} {year_style}"
        else:
            style = f"{_day_style(match, '2')} {month}{comma} {year_style}"
        first_start = match.start("day1")
        if kind in ("month-days", "month-day-months"):
            first_start = match.start("mon2" if kind == "month-days" else "mon1")
        first_end = match.end("mon1") if kind == "day-months" else match.end("day1")
        first_span = (first_start, first_end)
        if kind == "month-days":
            second_start = match.start("day2")
    first = _single(text, *first_span, first_date, style)
    second = _single(text, second_start, match.end(), second_date, style)
    return _range(text, match.start(), match.end(), first, second)


def _year_range(match: re.Match[str], text: str) -> DateMention | None:
    """``1953–1964``, ``1953-64``, ``from 1953 to 1964``, ``between 1953 and 1964``."""
    if not _plausible_connector(match):
        return None
    first_year = _year_of(match, "1")
    if first_year is None:
        return None
    y1, style1 = first_year
    if match.group("short"):
        if match.group("word") or style1 != "YYYY":
            return None
        y2 = y1 - y1 % 100 + int(match.group("short"))
        if y2 <= y1:
            return None
        style2 = "YY"
    else:
        second_year = _year_of(match, "2")
        if second_year is None:
            return None
        y2, style2 = second_year
    first_start = match.start("pre1") if match.group("pre1") else match.start("y1")
    if style1 == "YYYY":
        strong = bool(match.group("lead"))
        if not _is_plain_year(y1, text, first_start, strong=strong):
            return None
        if _count_context(text, first_start, match.end()):
            return None
    if style2 == "YYYY" and not 1000 <= y2 <= 9999:
        return None
    first = _single(text, first_start, match.start("conn"), PartialDate(y1), style1)
    second = _single(text, match.end("conn"), match.end(), PartialDate(y2), style2)
    return _range(text, match.start(), match.end(), first, second)


def _is_plain_year(number: int, text: str, start: int, *, strong: bool = False) -> bool:
    """Whether a bare four-digit number at ``start`` can be a year by its size and context."""
    if number < 1000:
        return False
    if number <= PLAIN_YEAR_MAX:
        return True
    return strong or bool(_STRONG_BEFORE().search(text, max(0, start - 12), start))


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text``, in order, with spans into ``text``.

    >>> found = find_dates("On 2nd of March 1969 fighting began.")
    >>> [(m.text, str(m.start), m.precision) for m in found]
    [('2nd of March 1969', '1969-03-02', 'day')]
    >>> [(m.text, str(m.start), str(m.end)) for m in find_dates("the Khrushchev era (1953-64)")]
    [('1953-64', '1953', '1964')]
    >>> find_dates("200 Chinese construction projects, 4189 times, 1 million troops, £1960")
    []
    """
    if not _ANY_DIGIT().search(text):
        return []
    has_month = _MONTH_HINT().search(text) is not None and _ANY_MONTH().search(text) is not None
    if (
        not has_month
        and not (_FOUR_DIGITS().search(text) and _YEAR_DIGITS().search(text))
        and not _GATES["era"]().search(text)
    ):
        return []  # most text with a digit in it: a step number, a version, a count
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_left(taken, (start, start))
        if index > 0 and taken[index - 1][1] > start:
            return False
        return not (index < len(taken) and taken[index][0] < end)

    def take(mention: DateMention) -> None:
        bisect.insort(taken, (mention.span.start, mention.span.end))
        found.append(mention)

    for kind, pattern in _PATTERNS:
        if kind in _NEED_MONTH:
            if not has_month:
                continue
        elif kind in _GATES and not _GATES[kind]().search(text):
            continue
        for match in pattern().finditer(text):
            if not free(match.start(), match.end()):
                continue
            mention = _build(kind, match, text)
            if mention is not None:
                take(mention)
    for match in _BARE_YEAR().finditer(text):
        start, end = match.span()
        if not free(start, end):
            continue
        number = int(match.group("y"))
        if not _is_plain_year(number, text, start) or _count_context(text, start, end):
            continue
        take(_single(text, start, end, PartialDate(number), "YYYY"))
    found.sort(key=lambda mention: mention.span.start)
    return _combine(text, found)


_JOIN = _Lazy(r"\s*[–—-]\s*|\s+(?P<word>to|until|till|through|and)\s+")
_LEAD_BEFORE = _Lazy(r"\b(?P<lead>[Ff]rom|[Bb]etween)\s+$")


def _combine(text: str, found: list[DateMention]) -> list[DateMention]:
    """Join two adjacent dates with a range connector into one range mention."""
    result: list[DateMention] = []
    index = 0
    while index < len(found):
        current = found[index]
        following = found[index + 1] if index + 1 < len(found) else None
        if following is not None and not current.is_range and not following.is_range:
            join = _JOIN().fullmatch(text, current.span.end, following.span.start)
            lead = _LEAD_BEFORE().search(text, max(0, current.span.start - 9), current.span.start)
            word = (join.group("word") or "") if join else ""
            lead_word = lead.group("lead").lower() if lead else ""
            plausible = join is not None and (word != "and" or lead_word == "between")
            if plausible and current.weekday is None and following.weekday is None:
                start = lead.start() if lead else current.span.start
                result.append(_range(text, start, following.span.end, current, following))
                index += 2
                continue
        result.append(current)
        index += 1
    return result


# -- prose of a block as one text --------------------------------------------------------

_LINK_TAIL = _Lazy(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]")
_MARKUP = _Lazy(r"[*_~\[\]!]+")
_SPACE_ENTITY = _Lazy(r"&nbsp;|&#160;|&#[xX][aA]0;")
#: stands for code, a link target, HTML …: nothing matches across it
BLOCKER = "\ufffc"
_SENTENCE_END = _Lazy(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[^\W_a-z])")
_ABBREVIATION = _Lazy(
    r"(?:\b(?:c|ca|St|Mr|Mrs|Ms|Dr|Jr|Sr|vs|etc|e\.g|i\.e|No|no|Vol|vol|pp|p|approx|Gen|Col"
    r"|Lt|Capt|Sgt|Prof|Fig|fig|Mt|Ft|cf|viz|al|U\.S|U\.K|U\.N|[A-Z]))\.$"
)


def _separator(gap: str) -> str:
    """What stands in a block's view for the source between two of its prose pieces: its
    white space once markup that only decorates is dropped, else :data:`BLOCKER`. (Each
    pattern is applied only where it could match: the entity and the link tail need
    their first character.)"""
    if gap.isspace():
        return gap
    if "&" in gap:
        gap = _SPACE_ENTITY().sub(" ", gap)
    if "]" in gap:
        gap = _LINK_TAIL().sub("", gap)
    rest = _MARKUP().sub("", gap)
    return rest if not rest.strip() else BLOCKER


class ProseText:
    """The prose pieces of one block joined into one string, with offsets back to the source.

    Between two pieces, markup that only decorates (``**``, ``_``, ``[``, ``](url)``) is
    dropped and white space is kept; anything else (code, HTML, a wikilink target) becomes
    :data:`BLOCKER`, so no date or phrase is found across it.
    """

    def __init__(self, source: str, pieces: Sequence[Span]) -> None:
        #: per chunk of the view: where it starts in the view, and (source start,
        #: length, verbatim?)
        self._view_starts: list[int] = []
        self._segments: list[tuple[int, int, bool]] = []
        if len(pieces) == 1 and pieces[0].end > pieces[0].start:  # most blocks: one piece
            start, end = pieces[0].start, pieces[0].end
            self._view_starts.append(0)
            self._segments.append((start, end - start, True))
            self.text = source[start:end]
            return
        chunks: list[str] = []
        view_starts, segments = self._view_starts, self._segments
        length = 0
        previous_end = -1
        for start, end in pieces:
            if end <= start:
                continue
            if start > previous_end >= 0:
                separator = _separator(source[previous_end:start])
                if separator:
                    view_starts.append(length)
                    segments.append((previous_end, len(separator), False))
                    chunks.append(separator)
                    length += len(separator)
            view_starts.append(length)
            segments.append((start, end - start, True))
            chunks.append(source[start:end])
            length += end - start
            previous_end = end
        self.text = "".join(chunks)

    def source(self, index: int) -> int:
        """The source offset of view character ``index``."""
        if not self._segments:
            return 0
        at = max(0, bisect.bisect_right(self._view_starts, index) - 1)
        source_start, size, verbatim = self._segments[at]
        offset = index - self._view_starts[at]
        return source_start + min(offset, size - 1) if verbatim else source_start

    def span(self, start: int, end: int) -> Span:
        """The source span of view characters ``start:end``."""
        if end <= start:
            where = self.source(start)
            return Span(where, where)
        first, last = self.source(start), self.source(end - 1) + 1
        return Span(first, max(first, last))

    def sentences(self) -> list[tuple[int, int]]:
        """Sentences as view ranges: split after ``.``, ``!`` or ``?`` before a capital."""
        bounds: list[tuple[int, int]] = []
        start = 0
        for match in _SENTENCE_END().finditer(self.text):
            head = self.text[max(0, match.start() - 6) : match.start() + 1]
            if match.group().startswith(".") and _ABBREVIATION().search(head):
                continue
            bounds.append((start, match.end()))
            start = match.end()
        if start < len(self.text) or not bounds:
            bounds.append((start, len(self.text)))
        return bounds


class BlockDates:
    """The dates of one prose block; all spans are source offsets.

    ``sentences`` are the block's sentences as source spans; ``view`` the joined prose
    (for rules that look at the words between two things, in view offsets). The view of a
    block with no digit in it, which can name no date, is joined only when a rule asks,
    and sentences are split on first use: most blocks name no date and no rule asks.
    """

    __slots__ = ("_source", "_view", "_view_sentences", "block", "dates", "view_dates")

    def __init__(
        self,
        source: str,
        block: ProseBlock,
        view: ProseText | None = None,
        dates: Sequence[DateMention] = (),
        view_dates: Sequence[DateMention] = (),
    ) -> None:
        self._source = source
        self.block = block
        self._view = view
        self.dates = dates
        self.view_dates = view_dates
        self._view_sentences: list[tuple[int, int]] | None = None

    @property
    def view(self) -> ProseText:
        """The block's prose joined into one string (see :class:`ProseText`)."""
        if self._view is None:
            self._view = ProseText(self._source, self.block.pieces)
        return self._view

    @property
    def view_sentences(self) -> list[tuple[int, int]]:
        """The block's sentences as view ranges."""
        if self._view_sentences is None:
            self._view_sentences = self.view.sentences()
        return self._view_sentences

    @property
    def sentences(self) -> list[Span]:
        """The block's sentences as source spans."""
        return [self.view.span(start, end) for start, end in self.view_sentences]


def _blocks_dates(text: str, blocks: list[ProseBlock]) -> list[BlockDates]:
    """The dates of each block of the note ``text``. Every date has a digit: a block whose
    source has none (the Dendron vault's 17,400 of 23,400) is neither joined nor searched,
    and costs one search and an object."""
    digit = _ANY_DIGIT().search
    return [
        _dated(text, block)
        if digit(text, block.span.start, block.span.end)
        else BlockDates(text, block)
        for block in blocks
    ]


def _dated(text: str, block: ProseBlock) -> BlockDates:
    """The dates of a block with a digit in its source."""
    view = ProseText(text, block.pieces)
    in_view = find_dates(view.text)
    return BlockDates(text, block, view, [mention.shifted(view) for mention in in_view], in_view)


def note_dates(note: Note, ctx: Any = None) -> list[BlockDates]:
    """The dates of every prose block of ``note``, found once per note and run.

    With a rule ``Context`` the result is kept on the note for the run (``Context.keep``)
    so that every DT and CH rule shares one search.
    """
    if ctx is None:
        return _blocks_dates(note.text, note.prose)
    found = ctx.kept(note, "dates")
    if found is None:
        found = ctx.keep(note, "dates", _blocks_dates(note.text, note.prose))
    return found


def iter_mentions(note: Note, ctx: Any = None) -> Iterator[DateMention]:
    """Every date mention of the note, in source order of blocks."""
    for block in note_dates(note, ctx):
        yield from block.dates
