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

#: SPEC §7, the rule catalogue: codes are stable and their names fixed
CATALOGUE = {
    "NL001": "file-unreadable",
    "NL002": "not-utf8",
    "NL003": "bad-suppression",
    "NL004": "unused-suppression",
    "FM001": "frontmatter-missing",
    "FM002": "frontmatter-invalid",
    "FM003": "field-missing",
    "FM004": "field-type",
    "FM005": "field-unknown",
    "FM006": "id-format",
    "FM007": "id-duplicate",
    "FM008": "title-empty",
    "FM009": "key-duplicate",
    "HD001": "heading-increment",
    "HD002": "heading-top-level",
    "HD003": "heading-duplicate",
    "HD004": "heading-empty",
    "HD005": "section-empty",
    "HD006": "heading-blank-lines",
    "HD007": "heading-punctuation",
    "HD008": "heading-style",
    "DT001": "created-after-updated",
    "DT002": "timestamp-future",
    "DT003": "timestamp-implausible",
    "DT004": "date-invalid",
    "DT005": "weekday-mismatch",
    "DT006": "range-reversed",
    "DT007": "date-contradicts-timeline",
    "DT008": "date-format-mixed",
    "DT009": "date-after-note",
    "CH001": "sections-out-of-order",
    "CH002": "list-out-of-order",
    "CH003": "date-outside-period",
    "SP001": "misspelled-word",
    "SP002": "repeated-word",
}
#: the catalogue's off-by-default rules (SPEC: DT008; NL004 as ruff's RUF100)
OFF_BY_DEFAULT = {"DT008", "NL004"}
#: fixes the catalogue names, with their applicability
CATALOGUE_FIXES = {
    "HD002": "unsafe",
    "HD006": "safe",
    "HD007": "safe",
    "SP001": "unsafe",
    "SP002": "safe",
}
EXAMPLE_RULES = [rule for rule in RULES if rule.examples()]


def test_registry_is_the_spec_catalogue_in_order() -> None:
    assert [(rule.code, rule.name) for rule in RULES] == list(CATALOGUE.items())
    assert {rule.code for rule in RULES if not rule.default} == OFF_BY_DEFAULT
    for code, applicability in CATALOGUE_FIXES.items():
        assert registry.rule_class(code).fixable == applicability, code


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
