"""Every rule documents itself, and its docstring's Bad and Good examples are tests.

``## Bad`` must be flagged with exactly the rule's own code, ``## Good`` must be clean of
it; several code blocks under one heading are the notes of one vault; ``## Options`` is
the configuration the examples run with.
"""

from __future__ import annotations

import re

import pytest

from notelint import registry
from tests.conftest import lint_vault, make_config

RULES = registry.all_rules()
EXAMPLE_RULES = [rule for rule in RULES if rule.examples()]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}\d{3}", code) for code in codes)
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", name) for name in names)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule: type[registry.Rule]) -> None:
    doc = rule.documentation()
    assert doc, f"{rule.code} has no docstring"
    assert "should" in rule.summary(), "the summary states the norm, with 'should'"
    assert "## Why" in doc


def _run(rule: type[registry.Rule], which: str) -> list[str]:
    examples = rule.examples()
    assert "bad" in examples and "good" in examples, "both ## Bad and ## Good"
    config = make_config(rule.example_options())
    return [d.code for d in lint_vault(examples[which], select=[rule.code], config=config)]


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=lambda rule: rule.code)
def test_bad_example_is_flagged(rule: type[registry.Rule]) -> None:
    codes = _run(rule, "bad")
    assert codes and set(codes) == {rule.code}


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=lambda rule: rule.code)
def test_good_example_is_clean(rule: type[registry.Rule]) -> None:
    assert _run(rule, "good") == []


def test_every_rule_but_the_unreadable_file_ones_has_examples() -> None:
    missing = {rule.code for rule in RULES} - {rule.code for rule in EXAMPLE_RULES}
    assert missing == {"NL001", "NL002"}  # these need files, tested in test_engine.py


@pytest.mark.parametrize(
    "rule", [rule for rule in EXAMPLE_RULES if rule.fixable], ids=lambda rule: rule.code
)
def test_fixing_bad_gives_good(rule: type[registry.Rule]) -> None:
    """For a fixable rule, fixing each Bad note (unsafe fixes included) gives its Good note
    exactly, and the fixed notes are clean of the rule."""
    from notelint.fixes import fix_text
    from tests.conftest import linter

    examples = rule.examples()
    config = make_config(rule.example_options())
    run = linter([rule.code], config=config)
    fixed = [
        fix_text(run, text, f"note{i}.md", unsafe=True).text
        for i, text in enumerate(examples["bad"])
    ]
    assert fixed == examples["good"]
    assert lint_vault(fixed, select=[rule.code], config=config) == []
