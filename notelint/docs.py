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


def rules_page() -> str:
    """``docs/rules.md``: every rule's full documentation, as ``notelint rule CODE`` prints."""
    parts = [
        "# notelint rules",
        "",
        "Generated from the rules' docstrings (`NOTELINT_REGEN=1 pytest tests/test_readme.py`);",
        "`notelint rule CODE` prints the same text.",
        "",
    ]
    for rule in registry.all_rules():
        fix = {"safe": "safe fix", "unsafe": "unsafe fix", None: "no fix"}[rule.fixable]
        default = "on by default" if rule.default else "off by default"
        body = rule.documentation().split("\n", 1)
        rest = _demote(body[1].strip() if len(body) > 1 else "")
        parts += [
            f"## {rule.code} {rule.name}",
            "",
            f"**{body[0]}**",
            "",
            f"Severity: {rule.severity}; {fix}; {default}.",
            "",
            rest,
            "",
        ]
    return "\n".join(parts).rstrip() + "\n"


def _demote(doc: str) -> str:
    """Turn a docstring's ``## Section`` headings into ``####``, leaving code blocks alone."""
    lines, fenced = [], False
    for line in doc.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            line = "##" + line
        lines.append(line)
    return "\n".join(lines)
