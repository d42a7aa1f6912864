"""The shared markdown-it parser: what notelint changes about it."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint import markdown

GUARDED = markdown.build_parser()
PLAIN = markdown.build_parser(guarded=False)

# the modules, not the rule functions markdown_it.rules_block exports under their names
heading = importlib.import_module("markdown_it.rules_block.heading")
paragraph = importlib.import_module("markdown_it.rules_block.paragraph")


def test_block_rules_do_not_log_when_debug_logging_is_off() -> None:
    tokens = markdown.parser().parse("# Title\n\nText.\n")
    assert [t.type for t in tokens][:3] == ["heading_open", "inline", "heading_close"]
    assert isinstance(heading.LOGGER, markdown._NoDebug)
    assert isinstance(paragraph.LOGGER, markdown._NoDebug)
    heading.LOGGER.debug("entering heading: %s, %s", 1, 2)  # takes anything, says nothing


def test_block_rules_keep_their_logger_when_debug_logging_is_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logger = logging.getLogger("markdown_it.rules_block.heading")
    monkeypatch.setattr(heading, "LOGGER", logger)
    level = logger.level
    logger.setLevel(logging.DEBUG)  # (clears the logger's cache of what is enabled)
    try:
        markdown._quiet_block_rule_loggers()
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


def test_every_guarded_rule_exists() -> None:
    """A renamed block rule would silently lose its guard."""
    names = {rule.name for rule in GUARDED.block.ruler.__rules__}
    assert set(markdown.LINE_STARTS) <= names
