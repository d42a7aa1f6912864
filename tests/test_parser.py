"""The shared markdown-it parser (notelint/parser.py): what notelint changes about it."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notelint import parser as mdparser

GUARDED = mdparser.build_parser()
PLAIN = mdparser.build_parser(guarded=False)

# the modules, not the rule functions markdown_it.rules_block exports under their names
heading = importlib.import_module("markdown_it.rules_block.heading")
paragraph = importlib.import_module("markdown_it.rules_block.paragraph")


def test_block_rules_do_not_log_when_debug_logging_is_off() -> None:
    tokens = mdparser.parser().parse("# Title\n\nText.\n")
    assert [t.type for t in tokens][:3] == ["heading_open", "inline", "heading_close"]
    assert isinstance(heading.LOGGER, mdparser._NoDebug)
    assert isinstance(paragraph.LOGGER, mdparser._NoDebug)
    heading.LOGGER.debug("entering heading: %s, %s", 1, 2)  # takes anything, says nothing


def test_block_rules_keep_their_logger_when_debug_logging_is_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logger = logging.getLogger("markdown_it.rules_block.heading")
    monkeypatch.setattr(heading, "LOGGER", logger)
    level = logger.level
    logger.setLevel(logging.DEBUG)  # (clears the logger's cache of what is enabled)
    try:
        mdparser._quiet_block_rule_loggers()
    finally:
        logger.setLevel(level)
    assert heading.LOGGER is logger


# -- the block-rule guards change no token ------------------------------------------------

_LINE_PARTS = st.sampled_from(
    [
        "# ",
        "## ",
        "#",
        ">",
        "> ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "```",
        "~~~",
        "```py",
        "---",
        "***",
        "___",
        "- - -",
        "[x]: /url",
        "[x]:",
        "[^1]: note",
        "[^1]",
        "[[a|b]]",
        "<div>",
        "</div>",
        "<!-- c -->",
        "<br>",
        "|a|b|",
        "|-|-|",
        "a | b",
        "--|--",
        "===",
        "=",
        "-",
        "= =",
        "text",
        "words here",
        "1958",
        "&amp;",
        "\\\\",
        "`code`",
        "**b**",
        "_i_",
        "\t",
        "    ",
        "  ",
        " ",
    ]
)
_LINES = st.lists(st.lists(_LINE_PARTS, max_size=4).map("".join), min_size=1, max_size=12).map(
    "\n".join
)


def _stream(md: object, text: str) -> list[dict[str, object]]:
    return [token.as_dict() for token in md.parse(text)]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_guarded_block_rules_give_the_same_tokens(text: str) -> None:
    assert _stream(GUARDED, text) == _stream(PLAIN, text)


def test_guarded_block_rules_give_the_same_tokens_on_real_notes() -> None:
    here = Path(__file__).parent
    notes = [*here.glob("fixtures/*.md"), *(here.parent / "notes").glob("*.md")]
    assert len(notes) > 5
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert _stream(GUARDED, text) == _stream(PLAIN, text), note.name


_INLINE_PARTS = st.sampled_from(
    [
        "a",
        "b c",
        " ",
        "  ",
        "\n",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "~~",
        "~",
        "[",
        "]",
        "(",
        ")",
        "![",
        "!",
        "<",
        ">",
        "<b>",
        "</b>",
        "<http://x.y>",
        "&",
        "&amp;",
        "&#1;",
        "^",
        "^[n]",
        "[^1]",
        ":",
        "-",
        "--",
        "#",
        "=",
        "+",
        "@",
        "{",
        "}",
        "$",
        "%",
        "\\",
        "\\*",
        "[[a|b]]",
        "[[a.b]]",
        "[[a]]",
        "[[",
        "]]",
        "[[a]](u)",
        "[[a]][t]",
        "[t](u)",
        "[t][r]",
        "[t]: u",
        "http://x.y",
        "a@b.c",
        "'",
        '"',
    ]
)
_INLINES = st.lists(st.lists(_INLINE_PARTS, max_size=12).map("".join), min_size=1, max_size=4).map(
    "\n".join
)


@settings(max_examples=600, deadline=None)
@given(_INLINES)
def test_the_text_rule_stopping_less_gives_the_same_tokens(text: str) -> None:
    assert _stream(GUARDED, text) == _stream(PLAIN, text)
    assert _stream(GUARDED, f"# {text}\n\n> {text}\n") == _stream(PLAIN, f"# {text}\n\n> {text}\n")
    # reference definitions make a label a link (``[[a]]`` with ``[a]`` defined)
    defined = f"{text}\n\n[a]: /u\n[t]: /v\n[[a]]: /w\n"
    assert _stream(GUARDED, defined) == _stream(PLAIN, defined)


@pytest.mark.parametrize(
    "text",
    [
        "see [[a.b]] and [[Alias|c.d]]",
        "[[a]](u) [[a]][t] [[a\nb]] [[a*b*]] [[a]]",
        "[x [[a]] y](u)",
        "[[a]]\n\n[a]: /u",
        "[[a]]\n\n[[a]]: /u",
        "![[a.png]] [[a]]",
    ],
)
def test_wikilinks_made_text_at_once_give_the_same_tokens(text: str) -> None:
    assert _stream(GUARDED, text) == _stream(PLAIN, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \t\n-:.#", max_size=40))
def test_plain_inline_content_gives_markdown_its_own_tokens(text: str) -> None:
    """Content in which no inline rule can start is tokenised without markdown-it's inline
    parser: text per line, soft or hard breaks, spaces dropped as its newline rule does."""
    for source in (text, f"# {text}", f"- {text}", f"| {text} |\n| - |\n| {text} |"):
        assert _stream(GUARDED, source) == _stream(PLAIN, source)


def test_plain_inline_content_skips_the_inline_parser() -> None:
    from markdown_it.rules_core import inline

    rules = {rule.name: rule.fn for rule in GUARDED.core.ruler.__rules__}
    assert rules["inline"] is not inline
    tokens = GUARDED.parse("a  \n\t b \nc")[1].children
    assert [(t.type, t.content) for t in tokens] == [
        ("text", "a"),
        ("hardbreak", ""),
        ("text", "b"),
        ("softbreak", ""),
        ("text", "c"),
    ]


@pytest.mark.parametrize("silent", [False, True])
def test_each_inline_rule_refuses_the_characters_it_cannot_start_at(silent: bool) -> None:
    """What lets the parser try only the rules a character may start
    (``INLINE_RULE_STARTS``): every other rule refuses it, before it looks further."""
    from markdown_it.rules_inline import StateInline

    rules = [rule for rule in GUARDED.inline.ruler.__rules__ if rule.enabled]
    assert {rule.name for rule in rules} - {"text"} == set(mdparser.INLINE_RULE_STARTS)
    for rule in rules:
        starts = mdparser.INLINE_RULE_STARTS.get(rule.name)
        for character in mdparser.INLINE_STARTS:
            if starts is not None and character in starts:
                continue
            for after in ("a]", "[^1]", "x>", "`", "*a*", "#1;", "\n"):
                state = StateInline(character + after, GUARDED, {}, [])
                assert rule.fn(state, silent) is False, (rule.name, character + after)
                assert state.pos == 0 and state.tokens == [] and not state.pending


def test_the_parser_tries_only_the_rules_a_character_may_start() -> None:
    """Inline, and at the start of a block's line (the token streams are compared with
    the unguarded parser's above)."""
    assert "tokenize" in vars(GUARDED.inline) and "skipToken" in vars(GUARDED.inline)
    assert "tokenize" in vars(GUARDED.block)
    assert "tokenize" not in vars(PLAIN.inline) and "tokenize" not in vars(PLAIN.block)


def test_the_inline_rules_are_the_known_ones() -> None:
    """The text rule stops only at :data:`mdparser.INLINE_STARTS` when the inline rules
    are these; a rule added by a plugin or a new markdown-it must be looked at."""
    enabled = {rule.name for rule in GUARDED.inline.ruler.__rules__ if rule.enabled}
    assert enabled == mdparser.INLINE_RULES
    if hasattr(GUARDED.inline, "terminator_re"):
        assert GUARDED.inline.terminator_re is mdparser._TERMINATORS
        assert GUARDED.inline.terminator_re.pattern != PLAIN.inline.terminator_re.pattern


def test_every_guarded_rule_exists() -> None:
    """A renamed block rule would silently lose its guard."""
    names = {rule.name for rule in GUARDED.block.ruler.__rules__}
    assert set(mdparser.LINE_STARTS) <= names


def test_the_inline_loop_adds_text_without_append_pending(monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it-py 4.1 and 4.2 have ``terminator_re`` (the shortcuts are taken) but no
    ``StateInline.append_pending``: text is then added to ``pending`` itself."""
    monkeypatch.setattr(mdparser, "_buffers_pending_text", lambda: False)
    guarded = mdparser.build_parser()
    for text in ("see [[a.b]] and *b* [t](u) `c` ~~d~~ &amp; x]", "a [[b_c]] [[d]](u)"):
        assert _stream(guarded, text) == _stream(PLAIN, text)


def test_block_tokens_are_made_directly_only_where_markdown_it_is_the_known_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The block parser makes its tokens without Token's ``__init__`` (the streams are
    compared with the plain parser's above); with a Token of other fields, or a
    ``StateBlock.push`` that does something else, it keeps markdown-it's own."""
    assert "parse" in vars(GUARDED.block) and "parse" not in vars(PLAIN.block)
    monkeypatch.setattr(mdparser, "_TOKEN_FIELDS", (*mdparser._TOKEN_FIELDS, "extra"))
    assert "parse" not in vars(mdparser.build_parser().block)
    monkeypatch.undo()
    monkeypatch.setattr(mdparser, "_BLOCK_PUSH_NAMES", ("Token",))
    assert "parse" not in vars(mdparser.build_parser().block)


@st.composite
def _destinations(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(st.text(alphabet="ab <>()\\&;#\x00\x1f\x7f\n\té", max_size=20))
    pos = draw(st.integers(0, len(text)))
    return text, pos, draw(st.integers(pos, len(text)))


@given(_destinations())
@example(("a(b)", 0, 4))  # parentheses to balance: markdown-it's loop
@example(("a\\)b c", 0, 7))  # an escaped parenthesis
@example(("<a b>", 0, 5))  # in angle brackets
@example(("a)b", 0, 3))  # ended by a parenthesis
@example(("ab", 1, 1))  # nothing left
def test_a_link_destination_is_read_as_markdown_it_reads_it(case: tuple[str, int, int]) -> None:
    """The parser reads a plain destination by pattern (no per-character loop): ok, end
    and text are markdown-it's own for any text, position and limit."""
    text, pos, maximum = case
    fast = mdparser.parser().helpers.parseLinkDestination(text, pos, maximum)
    slow = PLAIN.helpers.parseLinkDestination(text, pos, maximum)
    assert (fast.ok, fast.pos, fast.str) == (slow.ok, slow.pos, slow.str)


def test_the_plain_parser_keeps_markdown_its_own_link_destination_reader() -> None:
    from markdown_it import helpers

    assert PLAIN.helpers.parseLinkDestination is helpers.parseLinkDestination
    assert mdparser.parser().helpers.parseLinkDestination is not helpers.parseLinkDestination


@pytest.mark.parametrize(
    "text",
    [
        "one line",
        "two\nlines",
        "  indented\n first line",
        "a\n    lazy code-like line\nb",
        "> quoted\nlazy line\n> again",
        "a\n```\ncode\n```",
        "a\n> quote",
        "a\n***",
        "a\n- item",
        "a\n1. item",
        "a\n2. item",
        "a\n<div>\n</div>",
        "a\n# heading",
        "a | b\n--|--\nc | d",
        "a\n| b |\n| - |",
        "a\n[^1]: note",
        "a\n[x]: /url",
        "a\n===",
        "- a\n  b\n- c\n\tlazy",
        "1. a\n   b\n\n   c",
        "- \ta\n  \tb",
        "> - a\n> b\nc",
        "text \u2003\n\u2002more\u2003",
        "title\n===",
        "title\n---",
        "two\nlines\n--- \t",
        "a\n- -",
        "a\n  ==",
        "a\n    ===",
        "a\n\n===",
        "a\n> b\n===",
        "- a\n  ---\n- b\n---",
        "> a\n===\n> b\n> ---",
        "a\n# h\n===",
        "[^1]: a\n    ---\nb",
        "- a\n- b\n- c\n\n  d\n  ===",
    ],
)
def test_paragraphs_end_where_markdown_it_ends_them(text: str) -> None:
    """The parser's own ``paragraph`` (rules tried by a line's first character, top-level
    lines sliced at once) makes markdown-it's tokens, in and out of containers."""
    for source in (text, f"- {text}", f"> {text}", f"  {text}\n\n{text}"):
        assert _stream(GUARDED, source) == _stream(PLAIN, source)


def test_the_paragraph_rules_are_markdown_its_where_their_terminators_are_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parser's own ``paragraph``, and the one walk for a setext heading or a
    paragraph in ``lheading``'s place, are there only where the paragraph's terminators
    are the ones they try by a line's first character."""
    from markdown_it.rules_block.paragraph import paragraph as markdown_it_paragraph

    def rule_fn(md: object, name: str) -> object:
        rules = md.block.ruler.__rules__  # type: ignore[attr-defined]
        return next(rule.fn for rule in rules if rule.name == name)

    assert rule_fn(PLAIN, "paragraph") is markdown_it_paragraph
    assert rule_fn(GUARDED, "paragraph") is not markdown_it_paragraph
    assert rule_fn(GUARDED, "lheading").__name__ == "heading_or_paragraph"  # type: ignore[attr-defined]
    monkeypatch.setitem(mdparser.LINE_STARTS, "table", "|")  # a terminator with a guard
    unknown = mdparser.build_parser()
    assert rule_fn(unknown, "paragraph") is markdown_it_paragraph
    assert rule_fn(unknown, "lheading").__name__ == "guarded"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "run `notelint check` now",
        "`a` and ``b ` c`` and ```d```",
        "`` ` `` ` `  ` `   `",
        "unclosed ` here and `` there",
        "`a\nb`\nc  \n`d` \ne",
        "`x`  \n  y",
        "a\n`b`",
        "`[[a.b]]` and [[c.d]] `e`",
        "![[a.png]] `x` and wow!",
        "![[a.png]](u) `x`",
        "`a`]",
        "x`",
        "`a`` b` and ``c` d``",
    ],
)
def test_code_spans_and_text_are_markdown_its_own(text: str) -> None:
    """Content whose only special characters are backticks (and ``!``, and wikilinks that
    can only be text) is tokenised without markdown-it's inline parser."""
    for source in (text, f"# {text}", f"- {text}", f"{text}\n\n[a]: /u"):
        assert _stream(GUARDED, source) == _stream(PLAIN, source)


@pytest.mark.parametrize(
    "text",
    [
        "see [the docs](https://dendron.so/notes/abc) and [[a.b]]",
        "[a](u) [b](v)  \nc [](w)",
        "![a](u.png) and [b](v)",
        "wow! [a](u) ![[b.png]]",
        "[a](javascript:alert) [b](u)",
        '[a](<u>) [b](u "t") [c]( u ) [d](u(1)) [e](u\\)',
        "[a [[b]] c](u) [[d]](u) [[e]][f]",
        "[a](u&amp;v) [b](%41) [c](u)x",
        "[a](u)](v) [x]",
        "[wow!](u) [![i](p)](u)",
    ],
)
def test_plain_links_and_text_are_markdown_its_own(text: str) -> None:
    """Content whose only special characters are in plain inline links (and wikilinks
    that can only be text) is tokenised without markdown-it's inline parser."""
    for source in (text, f"# {text}", f"- {text}", f"{text}\n\n[a]: /u", f"{text}\nnext"):
        assert _stream(GUARDED, source) == _stream(PLAIN, source)


_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not _CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_the_parsers_give_the_same_tokens_on_the_shared_corpus() -> None:
    """Every note of the real vault beside the repository (when it is there)."""
    notes = sorted(_CORPUS.rglob("*.md"))
    assert len(notes) > 100
    for note in notes:
        text = note.read_text(encoding="utf-8", errors="replace")
        assert _stream(GUARDED, text) == _stream(PLAIN, text), note.name


@pytest.mark.parametrize(
    ("kind", "tag", "nesting"),
    [("text", "", 0), ("softbreak", "br", 0), ("link_open", "a", 1), ("link_close", "a", -1)],
)
def test_inline_tokens_made_directly_are_tokens(kind: str, tag: str, nesting: int) -> None:
    """The shortcuts make inline tokens without Token's ``__init__``: the same tokens."""
    from markdown_it.token import Token

    assert mdparser._inline_token is mdparser._made_inline_token  # the Token of 3.0 to 4.3
    made = mdparser._inline_token(kind, tag, nesting)  # type: ignore[arg-type]
    assert made == Token(kind, tag, nesting)  # type: ignore[arg-type]
    assert made.as_dict() == Token(kind, tag, nesting).as_dict()  # type: ignore[arg-type]
    assert made.attrs is not mdparser._inline_token(kind, tag, nesting).attrs  # type: ignore[arg-type]
