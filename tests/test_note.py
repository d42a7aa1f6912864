"""The note model: frontmatter positions, headings, sections and prose spans in the source."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from notelint import frontmatter
from notelint.diagnostics import Span
from notelint.frontmatter import Frontmatter
from notelint.note import Note

FRONT = (
    "---\nid: abc\ntitle: Sino-Soviet Relations\ndesc: 'Why they split'\n"
    "updated: 1\ncreated: 1\n---\n"
)


def prose(text: str) -> list[str]:
    note = Note("n.md", text)
    return [note.slice(piece) for block in note.prose for piece in block.pieces]


def test_frontmatter_fields_have_positions_and_raw_text() -> None:
    note = Note("n.md", "---\nid: abc\ntitle: 0.10\ndesc: 'it''s'\n---\nBody\n")
    fields = note.frontmatter.fields  # type: ignore[union-attr]
    assert note.position(fields["title"].key_span.start) == (3, 1)
    assert note.position(fields["title"].value_span.start) == (3, 8)
    assert (fields["title"].value, fields["title"].raw) == (0.1, "0.10")
    assert fields["desc"].value == "it's" and fields["desc"].raw == "it''s"
    assert note.body_start == note.text.index("Body")


def test_title_and_desc_are_prose_at_their_own_positions() -> None:
    note = Note("n.md", FRONT)
    blocks = {block.kind: note.slice(block.pieces[0]) for block in note.prose}
    assert blocks == {"title": "Sino-Soviet Relations", "desc": "Why they split"}
    title = next(b for b in note.prose if b.kind == "title")
    assert note.position(title.pieces[0].start) == (3, 8)


def test_prose_excludes_code_html_urls_link_targets_wikilink_targets_tags_footnotes() -> None:
    text = (
        "Mao `code` <b>bold</b> see https://example.org/x and [the treaty](http://t.org/a) "
        "[[Alias|history.korea]] [[history.cold-war]] #cold-war.asia done[^1] &amp; end\n"
        "\n```\nfenced words\n```\n\n    indented code\n\n<div>\nhtml block\n</div>\n"
    )
    assert prose(text) == [
        *["Mao ", " ", "bold", " see ", " and ", "the treaty", " ", "Alias", " ", " "],
        *[" done", " ", " end"],
    ]


def test_prose_in_lists_quotes_tables_and_headings() -> None:
    text = "## Heading one ##\n\n- item *one*\n> quoted\n\n| a | b |\n|---|---|\n| cell | two |\n"
    note = Note("n.md", text)
    kinds = [(block.kind, [note.slice(p) for p in block.pieces]) for block in note.prose]
    assert kinds == [
        ("heading", ["Heading one"]),
        ("list_item", ["item ", "one"]),
        ("blockquote", ["quoted"]),
        ("table_cell", ["a"]),
        ("table_cell", ["b"]),
        ("table_cell", ["cell"]),
        ("table_cell", ["two"]),
    ]
    cell = note.prose[-1].pieces[0]
    assert note.position(cell.start) == (8, 10)


def test_positions_after_multibyte_characters_count_characters() -> None:
    note = Note("n.md", "Ĉu «tiel» 😀 inveitable\n")
    piece = note.prose[0].pieces[0]
    offset = note.text.index("inveitable")
    assert piece.start <= offset and note.position(offset) == (1, 13)


def test_headings_styles_and_markers() -> None:
    text = "Setext\n======\n\n## Closed ##\n\n#tag is not a heading\n\n> ### In a quote\n"
    note = Note("n.md", text)
    found = [
        (h.level, h.text, h.style, note.position(h.marker.start), h.container)
        for h in note.headings
    ]
    assert found == [
        (1, "Setext", "setext", (2, 1), ""),
        (2, "Closed", "atx_closed", (4, 1), ""),
        (3, "In a quote", "atx", (8, 3), "blockquote"),
    ]
    # each heading's inline token, in the same order (what HD003 reads the text from)
    assert [(t.type, t.content) for t in note.heading_inlines] == [
        ("inline", "Setext"),
        ("inline", "Closed"),
        ("inline", "In a quote"),
    ]


def test_section_tree() -> None:
    text = FRONT + "## A\n\n### A1\n\ntext\n\n## B\n\n#### B1\n\n### B2\n"
    root = Note("n.md", text).sections
    shape = [(s.heading.text, [c.heading.text for c in s.children]) for s in root.children]  # type: ignore[union-attr]
    assert shape == [("A", ["A1"]), ("B", ["B1", "B2"])]
    a1 = root.children[0].children[0]
    assert text[a1.body.start : a1.body.end] == "\n\ntext\n\n"  # from the end of the heading


def test_crlf_and_cr_only_line_breaks() -> None:
    for newline in ("\r\n", "\r"):
        note = Note(
            "n.md", FRONT.replace("\n", newline) + f"## Head{newline}{newline}Word here{newline}"
        )
        assert [note.position(h.text_span.start) for h in note.headings] == [(8, 4)]
        last = note.prose[-1].pieces[0]
        assert note.slice(last) == "Word here" and note.position(last.start) == (10, 1)


# -- properties -----------------------------------------------------------------------------

MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "- ",
        "1. ",
        "> ",
        "    ",
        "```\n",
        "`",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "[[",
        "]]",
        "|",
        "---",
        "===",
        "\n",
        "\n\n",
        "<!-- notelint-disable SP -->",
        "<b>",
        "</b>",
        "&amp;",
        "\\*",
        "http://x.org/a",
        "#tag",
        "[^1]",
        "[^1]: ",
        "Ĉ",
        "😀",
        " ",
        "\t",
        "\r\n",
        "word",
        "Khrushchev",
        "1969",
        "| a | b |\n|---|---|\n",
    ]
)
TEXTS = st.one_of(
    st.lists(MARKDOWN_BITS | st.text(string.printable, max_size=5), max_size=40).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
@example("[^1]: - [^1]: ")  # the footnote plugin leaves list closings with no opening
def test_every_span_is_in_bounds_ordered_and_verbatim(text: str) -> None:
    note = Note("n.md", text)
    for block in note.prose:
        previous = block.span.start if block.kind not in ("title", "desc") else 0
        for piece in block.pieces:
            assert previous <= piece.start <= piece.end <= len(text)
            assert "\n" not in note.slice(piece) and "\r" not in note.slice(piece)
            previous = piece.end
    for heading in note.headings:
        assert (
            0 <= heading.span.start <= heading.text_span.start <= heading.text_span.end <= len(text)
        )
        # markdown-it joins a multi-line heading's lines with "\n"; in a quote or a list
        # the container's prefix stands between them in the source
        source = note.slice(heading.text_span).replace("\r\n", "\n").replace("\r", "\n")
        assert source == heading.text or bool(heading.container)
        # HD006 reads a heading's first line from line0 rather than from its span
        assert note.position(heading.span.start).line - 1 == heading.line0
    for block in note.prose:
        if block.kind in ("paragraph", "list_item", "blockquote", "table_cell", "heading"):
            rendered = "".join(
                child.content
                for token in note.tokens
                if token.type == "inline"
                for child in token.children or []
                if child.type == "text"
            )
            for piece in block.pieces:
                assert note.slice(piece) in rendered, "a prose piece is text markdown-it rendered"


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-zA-Z_]{0,8}", fullmatch=True),
        st.one_of(
            st.integers(),
            st.text(max_size=20),
            st.booleans(),
            st.none(),
            st.floats(allow_nan=False),
        ),
        max_size=6,
    ),
    st.text(max_size=50),
)
def test_frontmatter_round_trips_with_positions(data: dict[str, object], body: str) -> None:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assume(yaml.safe_load(dumped) == data)  # PyYAML itself folds some breaks (U+0085)
    text = "---\n" + dumped + "---\n" + body
    note = Note("n.md", text)
    fm = note.frontmatter
    assert fm is not None and fm.ok
    assert {key: entry.value for key, entry in fm.fields.items()} == data
    for key, entry in fm.fields.items():
        assert yaml.safe_load(note.slice(entry.key_span)) == key
        assert note.position(entry.key_span.start).column == 1


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["0", "7", "010", "0o17", "0x1F", "0b101", "0b", "1_000", "+5", "-5", "1:30"])
    | st.from_regex(r"[-+]?[0-9_:xob]{1,8}", fullmatch=True)
)
def test_a_number_in_the_frontmatter_is_what_yaml_makes_of_it(raw: str) -> None:
    """Decimal integers skip PyYAML's constructor; YAML 1.1's other forms (octal by a
    leading 0, 0x, 0b, _, signs, sexagesimal) still go through it."""
    fm = Note("n.md", f"---\nkey: {raw}\n---\n").frontmatter
    assert fm is not None
    try:
        expected = yaml.safe_load(f"key: {raw}\n")
    except (yaml.YAMLError, ValueError):  # "0b": PyYAML's own int("", 2)
        assert not fm.ok  # reported (FM002), not raised
        return
    if fm.ok:
        assert fm.fields["key"].value == expected["key"]
        assert type(fm.fields["key"].value) is type(expected["key"])


_FM_KEYS = ["id", "title", "desc", "updated", "y", "yes", "on", "null", "No", "a.b", "a-b", "_x"]
_FM_KEYS += ["t", "~", "1958", "k k", "é", "-k", "? k", "[k]"]
_FM_VALUES = ["word", "two words", "yes", "True", "off", "null", "~", "0", "7", "017", "0x1A"]
_FM_VALUES += ["1958", "1626733467887", "1_000", "+5", "-5", "1:30", "0b", "1.5", ".inf", "1e3"]
_FM_VALUES += ["2021-07-19", "2021-02-30", "2021-07-19 10:00:00", "'quoted'", "'it''s'", "''"]
_FM_VALUES += ['"dq"', '"a\\"b"', '""', "'open", "'a' b", "a: b", "a:b", "a:", "a #c", "a#b", "C#"]
_FM_VALUES += ["[x]", "{a: 1}", "- x", "&a x", "*a", "!!str 5", "|", ">-", "%x", "@x", "`x"]
_FM_VALUES += ["it's", "é ü", "a\u2028b", "a\tb", "a\x85b", "<<", "=", "", "  ", "[[a.b]]"]
_FM_LINES = st.one_of(
    st.tuples(
        st.sampled_from(["id", "title", "t", "updated"]), st.just(": "),
        st.sampled_from(_FM_VALUES), st.sampled_from(["", " "]),
    ).map("".join),  # lines read without composing, unless their value sends them there
    st.tuples(
        st.sampled_from(_FM_KEYS), st.sampled_from([": ", ":  ", ":", ": \t"]),
        st.sampled_from(_FM_VALUES), st.sampled_from(["", " ", "  "]),
    ).map("".join),
    st.sampled_from(["", "  ", "# comment", "  nested: 1", "- item", "...", "\ufeffk: v"]),
)  # fmt: skip


def _fields(fm: Frontmatter | None) -> object:
    if fm is None:
        return None
    entries = [*fm.fields.values(), *fm.duplicates]
    return (
        fm.error,
        [(e.key, e.key_span, e.value_span, type(e.value), repr(e.value), e.raw) for e in entries],
        [
            (repr(e.node.value), e.node.tag, getattr(e.node, "style", None), e.is_plain_scalar)
            for e in entries
        ],
    )


@settings(max_examples=1000, deadline=None)
@given(st.lists(_FM_LINES, min_size=1, max_size=5).map("\n".join))
@example("id: abc\ntitle: 'it''s'\ndesc: ''\nupdated: 1626733467887\ncreated: 0\nstub: true")
@example("title: a\ntitle: b")
@example("title: a #b")
@example("title: a:")
@example("title: 017")
@example("y: 1\nyes: 2")
def test_simple_frontmatter_reads_as_composing_it_does(content: str) -> None:
    """Blocks of ``key: value`` lines are read without composing them; what is read is
    what composing (and constructing) gives: values, tags, styles, spans, duplicates."""
    text = f"---\n{content}\n---\nBody\n"
    read = _fields(Note("n.md", text).frontmatter)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(frontmatter, "_simple_fields", lambda *_: None)
        composed = _fields(Note("n.md", text).frontmatter)
    assert read == composed


def test_a_dendron_frontmatter_is_read_without_composing_it() -> None:
    """The property test above compares the two readings; this one checks that the
    common block takes the short one, and that a nested block does not."""
    block = FRONT + "Body\n"
    start, end = 4, block.index("\n---\n") + 1
    fields = frontmatter._simple_fields(block, start, end)
    assert fields is not None
    assert [(f.key, f.value) for f in fields] == [
        ("id", "abc"),
        ("title", "Sino-Soviet Relations"),
        ("desc", "Why they split"),
        ("updated", 1),
        ("created", 1),
    ]
    assert frontmatter._simple_fields("pods:\n  a: 1\n", 0, 13) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_frontmatter_text_parses_or_reports_in_bounds(content: str) -> None:
    text = "---\n" + content + "\n---\nBody\n"
    note = Note("n.md", text)
    fm = note.frontmatter
    assert fm is not None
    if fm.error is not None:
        assert 0 <= fm.error.span.start <= len(text)
        assert note.position(fm.error.span.start).line <= note.lines.count


_URL_PIECES = ["http", "HTTPS", "javascript", "JavaScript", "data", "file", "vbscript", "mailto"]
_URL_PIECES += [":", "//", " ", "\t", "\u00a0", "ü", "%41", "@", "[", "image/png;", "x", "/", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_URL_PIECES), max_size=6).map("".join) | st.text(max_size=20))
def test_link_verdict_is_markdown_its_own(url: str) -> None:
    """The parser skips URL normalisation but refuses the same links markdown-it would."""
    from markdown_it.common.normalize_url import normalizeLink, validateLink

    from notelint.parser import parser

    md = parser()
    assert md.validateLink(md.normalizeLink(url)) == validateLink(normalizeLink(url))


@given(st.text(alphabet="ab\n\r\u2028\x0c", max_size=30))
def test_line_starts_follow_each_line_break(text: str) -> None:
    """A line starts at 0 and after each ``\\n``, ``\\r\\n`` or lone ``\\r``, nowhere else."""
    import re

    from notelint.lines import LineIndex

    expected = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    assert LineIndex(text).starts == expected


def test_a_closing_left_alone_by_the_footnote_plugin_ends_no_container() -> None:
    """A footnote definition in a list in one makes the plugin drop the list's openings
    and keep its closings: inside a quote they must not end the quote."""
    note = Note("a.md", "> [^1]: - [^1]: \n>\n> # Inside quote\n")
    assert [(h.text, h.container, h.span) for h in note.headings] == [
        ("Inside quote", "blockquote", Span(19, 35))
    ]
    assert Note("a.md", "[^1]: - [^1]: ").headings == []


#: the one expression scrub() searched with before it was split by whether the text has
#: an '@', and a tag's look-behind moved after its '#': the two must find the same regions
_REGIONS_AS_FIRST_WRITTEN = (
    r"!\[\[[^\[\]\n]*\]\]"
    r"|\[\[(?:[^\[\]|\n]*\|)?[^\[\]|\n]*\]\]"
    r"|(?:https?|ftp|file)://[^\s<>\[\]()]+|www\.[^\s<>\[\]()]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w&#/])#[A-Za-z][\w\-./]*"
    r"|\[\^[^\]\s]+\]"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab#@.+-_&/[]|!^ :wtphfx\n", max_size=60), st.data())
@example("#tag+name@host.com", None)
@example("a#b #c &#d /#e [[x|y]] ![[z]] www.a.b http://q mail@a.b [^1]", None)
def test_regions_are_those_of_the_first_expression(text: str, data: st.DataObject | None) -> None:
    import re

    from notelint import markdown

    start, end = 0, len(text)
    if data is not None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
    pattern = markdown._NOT_PROSE if "@" in text[start:end] else markdown._NOT_PROSE_BUT_EMAIL
    found = [match.span() for match in pattern.finditer(text, start, end)]
    first = re.compile(_REGIONS_AS_FIRST_WRITTEN)
    assert found == [match.span() for match in first.finditer(text, start, end)]
