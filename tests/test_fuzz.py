"""Fuzzing whole notes (frontmatter + Markdown + dates + suppressions) with every rule:
no exception, every position inside the file, and fixing is idempotent.

The default profile keeps the suite fast; ``HYPOTHESIS_PROFILE=long pytest
tests/test_fuzz.py`` runs many more examples locally.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.fixes import fix_text
from notelint.lines import LineIndex
from tests.conftest import linter

settings.register_profile("long", max_examples=5000, deadline=None)
settings.register_profile("default", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

VALUES = st.sampled_from(
    [
        "abc",
        "-x",
        "0.10",
        "''",
        "' '",
        "1617547732440",
        "1617547732",
        "99999999999999",
        "2021-02-30",
        "[a, b]",
        "{a: 1}",
        "true",
        "",
        "~",
        "&a x",
        "*a",
        "!!python/none",
        "'Sino-Soviet Relations'",
        "Khrushchev's visit, 1958",
    ]
)
KEYS = st.sampled_from(["id", "title", "desc", "updated", "created", "tags", "id", "x"])
FRONTMATTER = st.one_of(
    st.just(""),
    st.lists(st.tuples(KEYS, VALUES), max_size=7).map(
        lambda pairs: "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n"
    ),
    st.just("---\nid: [\n"),
)
BODY_BITS = st.sampled_from(
    [
        "## Khrushchev Era",
        "### Taiwan 1958",
        "# Title",
        "#### Deep",
        "Heading\n===",
        "## Closed ##",
        "##",
        "## Ends with a colon:",
        "- 1953 Stalin died",
        "- 1950 the treaty",
        "1. first",
        "> quoted 1969",
        "```\ncode 1990\n```",
        "| 1950 | 1969 |\n|---|---|\n| a | b |",
        "In 1990 the USSR collapsed.",
        "on Monday, 2 March 1969",
        "30 February 1972",
        "from 1970 to 1965",
        "1953–1964",
        "the the",
        "inveitable assitance",
        "<!-- notelint-disable SP001 -->",
        "<!-- notelint-enable -->",
        "<!-- notelint-disable-next-line HD006 -->",
        "<!-- notelint-disable XX -->",
        "[[alias|a.b.c]]",
        "https://example.org/x",
        "#tag",
        "Ĉu 😀 naïve café",
        "",
        "\t",
        "2969",
        "the 1950s and 1960s",
        "between 1953 and 1964",
        "24th December 1978",
    ]
)
NOTES = st.tuples(
    FRONTMATTER,
    st.lists(BODY_BITS, max_size=14),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
).map(lambda t: (t[0] + t[2].join(t[1]) + (t[2] if t[3] else "")).replace("\n", t[2]))

_LINTER = None


def everything():  # type: ignore[no-untyped-def]
    global _LINTER  # built once: the dictionary and the timeline index are expensive
    if _LINTER is None:
        _LINTER = linter(["ALL"])
    return _LINTER


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(NOTES)
def test_no_exception_and_positions_inside_the_file(text: str) -> None:
    run = everything()
    result = run.lint_text(text, "fuzz.md")
    assert result.error is None, result.error
    lines = LineIndex(text)
    for d in run.finish([result]).diagnostics:
        for position in (d.start, d.end):
            assert 1 <= position.line <= lines.count
            line_length = lines.line_start(position.line) - lines.line_start(position.line - 1)
            assert 1 <= position.column <= line_length + 1, (d.code, position)
        assert d.start <= d.end


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(NOTES)
def test_fixing_is_idempotent(text: str) -> None:
    run = everything()
    once = fix_text(run, text, "fuzz.md", unsafe=True)
    if once.error:
        return  # fighting rules are reported, not written; the error itself is tested elsewhere
    twice = fix_text(run, once.text, "fuzz.md", unsafe=True)
    assert twice.text == once.text
    assert twice.applied == 0
