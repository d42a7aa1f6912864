"""The date finder, the prose view, the timeline index: tables, round trips, no crashes."""

from __future__ import annotations

import datetime as dt
import doctest
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import notelint.dates
import notelint.partialdate
import notelint.timeline
from notelint.dates import PartialDate, ProseText, find_dates
from notelint.diagnostics import Span
from notelint.note import Note
from notelint.pack import TimelineEvent
from notelint.registry import Context
from notelint.timeline import TimelineIndex, note_events, timeline_index
from tests.conftest import lint, make_config, repo_pack, where

# (sentence, the date as written, start, end (None: same as start), precision)
FOUND = [
    ("In 1969 the border war began.", "1969", "1969", None, "year"),
    ("Taiwan 1958", "1958", "1958", None, "year"),
    ("1987 Gorbachev attempted to meet Deng.", "1987", "1987", None, "year"),
    ("Tiananmen Square 1989 and the end of the Soviet Union", "1989", "1989", None, "year"),
    ("the 1955 Geneva Summit", "1955", "1955", None, "year"),
    ("Conference of Communist Parties 1957", "1957", "1957", None, "year"),
    ("Khrushchev's visit to Beijing, 1958", "1958", "1958", None, "year"),
    ("(1961)", "1961", "1961", None, "year"),
    ("in 1969's spring", "1969", "1969", None, "year"),
    ("mid-1958", "1958", "1958", None, "year"),
    ("It will happen in 2969.", "2969", "2969", None, "year"),
    ("AD 1969", "AD 1969", "1969", None, "year"),
    ("A.D. 800", "A.D. 800", "800", None, "year"),
    ("1969 CE", "1969 CE", "1969", None, "year"),
    ("Caesar died in 44 BC.", "44 BC", "44 BC", None, "year"),
    ("in 500 BCE", "500 BCE", "500 BC", None, "year"),
    ("the 1950s", "1950s", "1950", "1959", "decade"),
    ("the 1960's", "1960's", "1960", "1969", "decade"),
    ("in the mid-1970s", "1970s", "1970", "1979", "decade"),
    ("2 March 1969", "2 March 1969", "1969-03-02", None, "day"),
    ("on the 2nd of March 1969 on", "2nd of March 1969", "1969-03-02", None, "day"),
    ("In 24th December 1978, Vietnam", "24th December 1978", "1978-12-24", None, "day"),
    ("on 17th February 1979 invaded", "17th February 1979", "1979-02-17", None, "day"),
    ("March 2, 1969", "March 2, 1969", "1969-03-02", None, "day"),
    ("March 2nd, 1969", "March 2nd, 1969", "1969-03-02", None, "day"),
    ("March 2 1969", "March 2 1969", "1969-03-02", None, "day"),
    ("2 Mar 1969", "2 Mar 1969", "1969-03-02", None, "day"),
    ("Mar. 2, 1969", "Mar. 2, 1969", "1969-03-02", None, "day"),
    ("Sept 14, 1950", "Sept 14, 1950", "1950-09-14", None, "day"),
    ("14 FEBRUARY 1950", "14 FEBRUARY 1950", "1950-02-14", None, "day"),
    ("02 March 1969", "02 March 1969", "1969-03-02", None, "day"),
    ("the 1st of May, 1988", "1st of May, 1988", "1988-05-01", None, "day"),
    ("30 February 1972", "30 February 1972", "1972-02-30", None, "day"),
    ("31st April 1961", "31st April 1961", "1961-04-31", None, "day"),
    ("Sunday, 2 March 1969", "Sunday, 2 March 1969", "1969-03-02", None, "day"),
    ("on Sunday the 2nd of March 1969", "Sunday the 2nd of March 1969", "1969-03-02", None, "day"),
    ("Sun 2 Mar 1969", "Sun 2 Mar 1969", "1969-03-02", None, "day"),
    ("Tue, Feb 14, 1950", "Tue, Feb 14, 1950", "1950-02-14", None, "day"),
    ("Sunday, 1969-03-02", "Sunday, 1969-03-02", "1969-03-02", None, "day"),
    ("In May 1988, a culture exchange", "May 1988", "1988-05", None, "month"),
    ("in March of 1969", "March of 1969", "1969-03", None, "month"),
    ("August, 2020 is here", "August, 2020", "2020-08", None, "month"),
    ("Dec 1978", "Dec 1978", "1978-12", None, "month"),
    ("1969-03-02", "1969-03-02", "1969-03-02", None, "day"),
    ("updated 2021-04-04T09:52", "2021-04-04", "2021-04-04", None, "day"),
    ("1961-13-02", "1961-13-02", "1961-13-02", None, "day"),
    ("1969-03", "1969-03", "1969-03", None, "month"),
    ("Date: 2021.07.23 - Time", "2021.07.23", "2021-07-23", None, "day"),
    ("1953–1964", "1953–1964", "1953", "1964", "year"),
    ("1953-1964", "1953-1964", "1953", "1964", "year"),
    ("1953 – 1964", "1953 – 1964", "1953", "1964", "year"),
    ("the Khrushchev era (1953-64)", "1953-64", "1953", "1964", "year"),
    ("1953–64", "1953–64", "1953", "1964", "year"),
    ("ruled from 1953 to 1964", "from 1953 to 1964", "1953", "1964", "year"),
    ("From 1953 until 1964", "From 1953 until 1964", "1953", "1964", "year"),
    ("between 1953 and 1964", "between 1953 and 1964", "1953", "1964", "year"),
    ("1964–1953", "1964–1953", "1964", "1953", "year"),
    ("from 1970 to 1965", "from 1970 to 1965", "1970", "1965", "year"),
    ("from 100 BC to AD 50", "from 100 BC to AD 50", "100 BC", "50", "year"),
    ("17–20 April 1961", "17–20 April 1961", "1961-04-17", "1961-04-20", "day"),
    ("April 17–20, 1961", "April 17–20, 1961", "1961-04-17", "1961-04-20", "day"),
    ("between 2 and 5 March 1969", "between 2 and 5 March 1969", "1969-03-02", "1969-03-05", "day"),
    ("2 March – 11 Sept 1969", "2 March – 11 Sept 1969", "1969-03-02", "1969-09-11", "day"),
    ("March–September 1969", "March–September 1969", "1969-03", "1969-09", "month"),
    ("from March 1953 to Oct 1964", "from March 1953 to Oct 1964", "1953-03", "1964-10", "month"),
    (
        "from 2 March 1969 to 11 September 1969",
        "from 2 March 1969 to 11 September 1969",
        "1969-03-02",
        "1969-09-11",
        "day",
    ),
    ("the 1950s–1960s", "1950s–1960s", "1950", "1969", "decade"),
    ("from 1953 to March 1964", "from 1953 to March 1964", "1953", "1964-03", "year"),
]  # fmt: skip

# text that holds no date at all
NOT_DATES = [
    "some 200 Chinese construction projects",
    "the Chinese had claimed that the Soviets had violated Chinese borders 4189 times",
    "the 1 million Chinese Troops",
    "the 38th parallel",
    "It cost £1960.",
    "It cost $1960.",
    "It cost US$ 1960.",
    "1,960 men",
    "19.60 per cent",
    "a 1960.5 average",
    "1920x1080 pixels",
    "version v1960",
    "1500 troops crossed",
    "2000 people marched",
    "page 1960",
    "No. 1960",
    "ISO 8601",
    "RFC 2119",
    "port 8080",
    "over 1000 notes",
    "1024 bytes",
    "1000ms",
    "it rose 1960%",
    "1960 km of border",
    "issue #1960",
    "in 4189 cases",
    "227 files changed, 1131 insertions(+)",
    "555-1960",
    "1998–02",
    "the 2nd of March",
    "March 2",
    "May we begin?",
    "the 21st century",
    "30 February",
    "abc1969def",
    "0000-00-00",
    "a distance of 1988km",
]


def _one(sentence: str):  # type: ignore[no-untyped-def]
    found = find_dates(sentence)
    assert len(found) == 1, [(m.text, str(m.start)) for m in found]
    return found[0]


@pytest.mark.parametrize(("sentence", "written", "start", "end", "precision"), FOUND)
def test_found_with_value_span_and_precision(
    sentence: str, written: str, start: str, end: str | None, precision: str
) -> None:
    mention = _one(sentence)
    at = sentence.index(written)
    assert mention.span == Span(at, at + len(written))
    assert mention.text == written
    assert (str(mention.start), str(mention.end)) == (start, end or start)
    assert mention.precision == precision


@pytest.mark.parametrize("text", NOT_DATES)
def test_look_alikes_are_not_dates(text: str) -> None:
    assert [m.text for m in find_dates(text)] == []


def test_table_sizes() -> None:
    assert len(FOUND) >= 60
    assert len(NOT_DATES) >= 30


def test_range_parts_have_their_own_spans() -> None:
    text = "from 2 March 1969 to 11 September 1969"
    mention = _one(text)
    first, second = mention.parts
    assert text[first.span.start : first.span.end] == "2 March 1969"
    assert text[second.span.start : second.span.end] == "11 September 1969"
    days = _one("17–20 April 1961")
    assert [part.text for part in days.parts] == ["17", "20 April 1961"]


def test_weekday_and_style() -> None:
    mention = _one("on Monday, 2nd of March 1969")
    assert mention.weekday == 0
    assert mention.weekday_span == Span(3, 9)
    assert mention.style == "Dth of Month YYYY"
    assert _one("March 2, 1969").style == "Month D, YYYY"
    assert _one("2 Mar 1969").style == "D Mon YYYY"


def test_doctests() -> None:
    for module in (notelint.dates, notelint.partialdate, notelint.timeline):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


# -- hypothesis: formatted dates come back --------------------------------------------

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _short(month: int) -> str:
    return MONTH_NAMES[month - 1][:3]


DAY_STYLES = {
    "D Month YYYY": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Dth Month YYYY": lambda d: f"{_ordinal(d.day)} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Dth of Month YYYY": lambda d: f"{_ordinal(d.day)} of {MONTH_NAMES[d.month - 1]} {d.year}",
    "Month D, YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    "Month Dth, YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {_ordinal(d.day)}, {d.year}",
    "D Mon YYYY": lambda d: f"{d.day} {_short(d.month)} {d.year}",
    "Mon D, YYYY": lambda d: f"{_short(d.month)} {d.day}, {d.year}",
    "YYYY-MM-DD": lambda d: d.isoformat(),
    "YYYY.MM.DD": lambda d: d.strftime("%Y.%m.%d"),
    "Weekday, D Month YYYY": lambda d: f"{d:%A}, {d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Wkd D Mon YYYY": lambda d: f"{d:%a} {d.day} {_short(d.month)} {d.year}",
}
MONTH_STYLES = {
    "Month YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}",
    "Mon YYYY": lambda d: f"{_short(d.month)} {d.year}",
    "YYYY-MM": lambda d: f"{d.year}-{d.month:02d}",
}
YEAR_STYLES = {
    "YYYY": lambda y: f"{y}",
    "AD YYYY": lambda y: f"AD {y}",
    "YYYY CE": lambda y: f"{y} CE",
}
dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2099, 12, 31))
#: words around the date; none of them is a date or a count
before = st.sampled_from(["On ", "In ", "By ", "The treaty of ", "(", "", "Signed "])
after = st.sampled_from([" the talks began.", ".", ")", ", and then", "", " was quiet."])


@given(date=dates, style=st.sampled_from(sorted(DAY_STYLES)), head=before, tail=after)
def test_day_styles_round_trip(date: dt.date, style: str, head: str, tail: str) -> None:
    written = DAY_STYLES[style](date)
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.start == PartialDate(date.year, date.month, date.day)
    assert mention.precision == "day"
    if "Weekday" in style or "Wkd" in style:
        assert mention.weekday == date.weekday()


@given(date=dates, style=st.sampled_from(sorted(MONTH_STYLES)), head=before, tail=after)
def test_month_styles_round_trip(date: dt.date, style: str, head: str, tail: str) -> None:
    written = MONTH_STYLES[style](date)
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.start == PartialDate(date.year, date.month)
    assert mention.precision == "month"


@given(
    year=st.integers(1000, 2099), style=st.sampled_from(sorted(YEAR_STYLES)), head=before,
    tail=after,
)  # fmt: skip
def test_year_styles_round_trip(year: int, style: str, head: str, tail: str) -> None:
    written = YEAR_STYLES[style](year)
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.start == PartialDate(year)
    assert mention.precision == "year"


@given(year=st.integers(1, 9999), head=before, tail=after)
def test_bc_years_round_trip(year: int, head: str, tail: str) -> None:
    written = f"{year} BC"
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.start == PartialDate(-year)


@given(decade=st.integers(100, 209), head=before, tail=after)
def test_decades_round_trip(decade: int, head: str, tail: str) -> None:
    written = f"{decade * 10}s"
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert (mention.start, mention.end) == (PartialDate(decade * 10), PartialDate(decade * 10 + 9))
    assert mention.precision == "decade"


RANGE_STYLES = {
    "YYYY–YYYY": lambda a, b: f"{a.year}–{b.year}",
    "YYYY-YYYY": lambda a, b: f"{a.year}-{b.year}",
    "from YYYY to YYYY": lambda a, b: f"from {a.year} to {b.year}",
    "between YYYY and YYYY": lambda a, b: f"between {a.year} and {b.year}",
    "from D Month YYYY to D Month YYYY": lambda a, b: (
        f"from {DAY_STYLES['D Month YYYY'](a)} to {DAY_STYLES['D Month YYYY'](b)}"
    ),
}


@given(
    first=dates, second=dates, style=st.sampled_from(sorted(RANGE_STYLES)),
    head=st.sampled_from(["", "It ran ", "("]), tail=after,
)  # fmt: skip
def test_ranges_round_trip(
    first: dt.date, second: dt.date, style: str, head: str, tail: str
) -> None:
    written = RANGE_STYLES[style](first, second)
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.is_range
    precision = "day" if "Month" in style else "year"
    assert mention.precision == precision
    if precision == "year":
        assert (mention.start, mention.end) == (PartialDate(first.year), PartialDate(second.year))
    else:
        assert mention.start == PartialDate(first.year, first.month, first.day)
        assert mention.end == PartialDate(second.year, second.month, second.day)


@given(year=st.integers(1000, 2097), span=st.integers(1, 99 - 1))
def test_abbreviated_ranges_round_trip(year: int, span: int) -> None:
    end = year + span
    if end // 100 != year // 100:
        return
    written = f"{year}-{end % 100:02d}"
    if end % 100 <= 12:  # 1969-03 is March 1969, not a range
        return
    mention = _one(f"({written})")
    assert (mention.start, mention.end) == (PartialDate(year), PartialDate(end))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_no_input_raises(text: str) -> None:
    for mention in find_dates(text):
        assert 0 <= mention.span.start < mention.span.end <= len(text)
        assert text[mention.span.start : mention.span.end] == mention.text


_DATEISH = st.text(
    alphabet=st.sampled_from(list("0123456789 -–.,/'sthndofMarchMayADBCE£$()#\n")), max_size=40
)


@settings(max_examples=300)
@given(_DATEISH)
def test_date_like_noise_never_raises(text: str) -> None:
    for mention in find_dates(text):
        assert text[mention.span.start : mention.span.end] == mention.text
        mention.is_valid()


_DATE_WORD_LIST = [
    "1969", "1953", "64", "1950s", "1950’s", "2", "2nd", "of", "March", "MARCH", "Mar.",
    "Sept", "May", "may", "Sunday,", "AD", "A.D.", "BC", "B.C.E.", "CE", "44", "from",
    "between", "and", "to", "–", "-", "1969-03-02", "1969-03", "2021.07.23", "T10", "£",
    "troops", "in", "2969", ",", ".", "17", "April", "31", "February", "JAN", "x", "(", "/",
    ":", "#", " ", "\n", "#3420", "#1969", "#1969-03-02", "#1969-03", "#2021.07.23", "x1969",
    "#1950s", "(#1969)",
]  # fmt: skip
_DATE_WORDS = st.lists(st.sampled_from(_DATE_WORD_LIST), max_size=12).map(" ".join)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_DATE_WORDS, _DATEISH))
def test_skipping_patterns_by_their_gates_changes_nothing(text: str) -> None:
    """find_dates skips a pattern whose gate finds nothing; trying every pattern must
    find exactly the same dates."""
    gated = find_dates(text)
    with (
        mock.patch.object(notelint.dates, "_GATES", {}),
        mock.patch.object(notelint.dates, "_MONTH_HINT", notelint.dates._Lazy("")),
        mock.patch.object(notelint.dates, "_ANY_MONTH", notelint.dates._Lazy("")),
    ):
        assert find_dates(text) == gated


# -- the prose view ---------------------------------------------------------------------


def test_prose_view_maps_back_through_markup() -> None:
    text = "Fighting began on 2 March **1969**, see `code 1970` and [[a.b.c]] 1971."
    note = Note("n.md", text)
    (block,) = note.prose
    view = ProseText(text, block.pieces)
    assert "`" not in view.text and "**" not in view.text
    found = find_dates(view.text)
    spans = [view.span(m.span.start, m.span.end) for m in found]
    assert [text[s.start : s.end] for s in spans] == ["2 March **1969", "1971"]


@pytest.mark.parametrize(
    ("gap", "separator"),
    [
        ("  ", "  "),
        ("**", ""),
        (" _", " "),
        ("](https://x.y/1969) ", " "),
        ("][ref] ", " "),
        ("&nbsp;", " "),
        ("**&#160;", " "),
        ("`code`", notelint.dates.BLOCKER),
        ("](u) or ", notelint.dates.BLOCKER),
    ],
)
def test_what_stands_between_two_prose_pieces(gap: str, separator: str) -> None:
    """Markup that only decorates is dropped, white space (and a no-break space entity)
    kept; anything else blocks a date or phrase from being read across it."""
    assert notelint.dates._separator(gap) == separator


def test_a_date_is_read_across_a_link_but_not_across_code() -> None:
    text = "It began in [March](https://x.y/3) 1969 and ended in `March` 1970."
    note = Note("n.md", text)
    (block,) = note.prose
    view = ProseText(text, block.pieces)
    found = find_dates(view.text)
    spans = [view.span(m.span.start, m.span.end) for m in found]
    assert [text[s.start : s.end] for s in spans] == ["March](https://x.y/3) 1969", "1970"]


def test_sentences() -> None:
    text = "Mao died. In 1970 it was over. St. Petersburg c. 1950 was cold! F"
    view = ProseText(text, [Span(0, len(text))])
    pieces = [view.text[start:end].strip() for start, end in view.sentences()]
    assert pieces == ["Mao died.", "In 1970 it was over.", "St. Petersburg c. 1950 was cold!", "F"]


# -- the timeline index -----------------------------------------------------------------

ERA = TimelineEvent(name="Khrushchev era", aliases=("Khrushchev Era",), start=1953, end=1964)
COLLAPSE = TimelineEvent(
    name="dissolution of the Soviet Union",
    aliases=("end of the Soviet Union", "USSR collapsed"),
    date="1991-12-26",
)
TREATY = TimelineEvent(name="Sino-Soviet Treaty", date="1950-02-14")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the End Of The Soviet Union.", [("End Of The Soviet Union", True)]),
        ("the weekend of the Soviet Union", []),
        ("the end of the Soviet Unions", []),
        ("the USSR collapsed in 1990", [("USSR collapsed", True)]),
        ("the USSR collpased in 1990", [("USSR collpased", False)]),
        ("the USSRR collapsed", []),
        ("the end of the Sovjet Union", []),
        ("The KHRUSHCHEV ERA ended", [("KHRUSHCHEV ERA", True)]),
        ("the Sino–Soviet Treaty", [("Sino–Soviet Treaty", True)]),
        ("the Sino Soviet Treaty", []),
        ("the Khrushchev\nera", [("Khrushchev\nera", True)]),
        ("Khrushchev. Era", []),
    ],
)
def test_index_finds_whole_words(text: str, expected: list[tuple[str, bool]]) -> None:
    found = TimelineIndex([ERA, COLLAPSE, TREATY]).find(text)
    assert [(text[m.start : m.end], m.exact) for m in found] == expected


def test_index_prefers_the_longest_phrase() -> None:
    long = TimelineEvent(name="Sino-Soviet Treaty of Alliance", date="1950-02-14")
    found = TimelineIndex([TREATY, long]).find("the Sino-Soviet Treaty of Alliance was")
    assert [m.phrase for m in found] == ["Sino-Soviet Treaty of Alliance"]


def test_index_is_built_once_per_run_and_shared() -> None:
    ctx = Context(make_config(), repo_pack())
    assert timeline_index(ctx) is timeline_index(ctx)
    note = Note("n.md", "The **USSR collapsed** in 1991.")
    events = note_events(note, ctx)
    assert events is not None
    (mention,) = events[0]
    assert note.text[mention.start : mention.end] == "USSR collapsed"
    assert note_events(note, ctx)[0][0].event is mention.event


def test_repository_timeline_dates() -> None:
    """Spot checks of rules/timeline.yaml against reference dates."""
    events = {event.name: event for event in repo_pack().timeline}
    assert str(events["Sino-Soviet Treaty"].date) == "1950-02-14"
    assert str(events["dissolution of the Soviet Union"].date) == "1991-12-26"
    assert events["Khrushchev era"].period.startswith("1953")
    assert str(events["Sino-Soviet border conflict"].start) == "1969-03-02"


def test_seed_note_dt_findings(seed_text: str) -> None:
    found = lint(seed_text, ["DT"])
    assert where(found) == ["DT007@79:102", "DT008@79:102", "DT008@79:295", "DT007@100:59"]


def test_dt002_uses_the_real_clock_without_an_injected_one() -> None:
    from notelint.checks.dates import TimestampFuture

    note = Note("n.md", "---\nupdated: 4102444800000\ncreated: 1617529949389\n---\n")
    ctx = Context(make_config(), repo_pack(), now=None)
    assert [d.code for d in TimestampFuture().check(note, ctx)] == ["DT002"]
    past = Context(make_config(), repo_pack(), now=dt.datetime(2101, 1, 1))
    assert list(TimestampFuture().check(note, past)) == []


_MARKDOWN = st.text(
    alphabet=st.sampled_from(list("#*_`[]()|-–>\n 0123456789MarchMonday,.ofthBCAD")), max_size=120
)


@settings(max_examples=150, deadline=None)
@given(_MARKDOWN)
def test_dt_rules_never_fail_on_any_note(body: str) -> None:
    from tests.conftest import linter

    run = linter(["DT"])
    result = run.lint_text(
        "---\nupdated: 1617547732440\ncreated: 1617529949389\n---\n" + body, "n.md"
    )
    assert result.error is None


@given(
    date=dates,
    extra=st.integers(1, 27),
    form=st.sampled_from(["{a}–{b} {m} {y}", "{a}-{b} {m} {y}", "between {a} and {b} {m} {y}"]),
    head=before,
    tail=after,
)
def test_day_ranges_round_trip(date: dt.date, extra: int, form: str, head: str, tail: str) -> None:
    last = date + dt.timedelta(days=extra)
    if last.month != date.month or last.year != date.year:
        return
    written = form.format(a=date.day, b=last.day, m=MONTH_NAMES[date.month - 1], y=date.year)
    mention = _one(head + written + tail)
    assert mention.span == Span(len(head), len(head) + len(written))
    assert mention.start == PartialDate(date.year, date.month, date.day)
    assert mention.end == PartialDate(last.year, last.month, last.day)


@pytest.mark.parametrize(
    ("text", "weekday", "end"),
    [("Sun. 2 March 1969", 6, 3), ("Tues. 4 March 1969", 1, 4), ("Sun 2 March 1969", 6, 3)],
)
def test_an_abbreviated_weekday_with_a_dot(text: str, weekday: int, end: int) -> None:
    """``Sun.`` used to raise KeyError('sun.'): the dot was looked up with the word."""
    (mention,) = find_dates(text)
    assert (mention.weekday, mention.weekday_span) == (weekday, Span(0, end))
    assert mention.start == PartialDate(1969, 3, int(text.split()[1]))


def test_gregorian_month_days_is_the_calendar_modules() -> None:
    """PartialDate counts a month's days itself (a warm run does not import calendar)."""
    import calendar

    from notelint.partialdate import gregorian_month_days

    for year in range(1, 10_000):
        for month in range(1, 13):
            assert gregorian_month_days(year, month) == calendar.monthrange(year, month)[1]
    assert gregorian_month_days(0, 2) == gregorian_month_days(-44, 2) == 31  # unchecked
