"""Documentation generated from the registry: the README's rule table."""

from __future__ import annotations

from notelint import registry

TABLE_START = "<!-- rules-table:start (generated: NOTELINT_REGEN=1 pytest tests/test_readme.py) -->"
TABLE_END = "<!-- rules-table:end -->"


def rule_table() -> str:
    """A Markdown table of every rule: code, name, summary, default severity, fix."""
    rows = [
        "| code | name | what it checks | severity | fix |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in registry.all_rules():
        summary = rule.summary().replace("|", "\\|")
        if not rule.default:
            summary += " *(off by default)*"
        rows.append(
            f"| {rule.code} | {rule.name} | {summary} | {rule.severity} | {rule.fixable or ''} |"
        )
    return "\n".join(rows)


def replace_table(readme: str) -> str:
    """``readme`` with the text between the table markers regenerated."""
    head, rest = readme.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{rule_table()}\n{TABLE_END}{tail}"
