"""The shared markdown-it parser: what notelint changes about it."""

from __future__ import annotations

import importlib
import logging

import pytest

from notelint import markdown

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
