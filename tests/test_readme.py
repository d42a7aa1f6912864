"""The README stays in step with the code: its rule table and its quick start."""

from __future__ import annotations

import os

from notelint.docs import replace_table
from tests.conftest import ROOT

README = ROOT / "README.md"


def test_rule_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    fresh = replace_table(text)
    if os.environ.get("NOTELINT_REGEN"):
        README.write_text(fresh, encoding="utf-8")
    assert text == fresh, "README rule table is stale: NOTELINT_REGEN=1 pytest tests/test_readme.py"


def test_quick_start_has_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "pip install . && notelint check notes/" in text
    assert "pip install -e '.[test]' && pytest" in text


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install -e '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text()


def test_rules_page_matches_registry() -> None:
    from notelint.docs import rules_page

    page = ROOT / "docs" / "rules.md"
    fresh = rules_page()
    if os.environ.get("NOTELINT_REGEN"):
        page.parent.mkdir(exist_ok=True)
        page.write_text(fresh, encoding="utf-8")
    assert page.read_text(encoding="utf-8") == fresh, (
        "docs/rules.md is stale: NOTELINT_REGEN=1 pytest tests/test_readme.py"
    )


def test_configuration_example_is_valid() -> None:
    """The README's configuration block uses only keys and types the models accept."""
    import tomllib

    from notelint.config import validate

    text = README.read_text(encoding="utf-8")
    start = text.index("```toml\n[tool.notelint]") + len("```toml\n")
    block = text[start : text.index("```", start)]
    data = tomllib.loads(block)["tool"]["notelint"]
    config = validate(data, ROOT)
    assert config.headings.first_level == 2 and config.spelling.locale == "en-GB"
