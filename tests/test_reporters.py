"""Output formats: SARIF against the official schema, GitHub commands, JSON lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.reporters import concise, get
from notelint.reporters.sarif import document
from tests.conftest import lint

SCHEMA = Path(__file__).resolve().parent / "sarif-schema-2.1.0.json"
NOTE = """---
id: -abc
title: 0.10
desc: ''
updated: 1617547732440
created: 1617529949389
---
Text, with "quotes", 100% and a: colon.
"""


def render(name: str) -> str:
    out = io.StringIO()
    get(name)(lint(NOTE, ["FM"], path="notes/a b.md"), out, {})
    return out.getvalue()


def test_sarif_is_valid_against_the_official_schema() -> None:
    log = json.loads(render("sarif"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {"id", "name", "shortDescription", "fullDescription", "help"} <= set(rules[0])
    results = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]
    ]
    assert results == [
        ("FM006", {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 9}),
        ("FM004", {"startLine": 3, "startColumn": 8, "endLine": 3, "endColumn": 12}),
    ]
    assert (
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "notes/a b.md"
    )
    assert rules[run["results"][1]["ruleIndex"]]["id"] == "FM004"
    replacement = run["results"][1]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": "'0.10'"}


def test_sarif_of_a_clean_run_and_of_a_zero_width_location_is_valid() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document([]), schema)
    missing = lint("Text.\n", ["FM001"])
    jsonschema.validate(document(missing), schema)


def test_github_workflow_commands_escape_properties() -> None:
    lines = render("github").splitlines()
    assert lines[1].startswith(
        "::error file=notes/a b.md,line=3,col=8,endLine=3,endColumn=12,title=FM004::"
    )
    assert len(lines) == 2


def test_json_lines_are_one_object_per_line() -> None:
    objects = [json.loads(line) for line in render("json-lines").splitlines()]
    assert [(o["code"], o["line"], o["column"]) for o in objects] == [
        ("FM006", 2, 5),
        ("FM004", 3, 8),
    ]


def test_concise_writes_every_line_once_across_chunks() -> None:
    """The concise format writes lines in chunks of ``CHUNK``; the text is the same."""
    (found,) = lint(NOTE, ["FM004"], path="a.md")
    for count in (0, 1, concise.CHUNK, concise.CHUNK + 1, 2 * concise.CHUNK + 3):
        out = io.StringIO()
        concise.report(iter([found] * count), out, {})
        assert out.getvalue() == f"{concise.line(found)}\n" * count


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_the_json_layout_is_json_dumps_with_indent_2(value: object) -> None:
    """The report's own writer (json's indented encoder is pure Python) must write the
    very text json.dumps(indent=2, ensure_ascii=False) does, for any JSON value."""
    from notelint.reporters.json import pretty

    assert pretty(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_the_json_report_is_the_text_json_dump_writes() -> None:
    """Byte for byte: editors and CI diff it, and it is written a diagnostic at a time."""
    from notelint.reporters.json import as_dict

    found = lint((Path(__file__).parent / "fixtures" / "seed.md").read_text(encoding="utf-8"))
    assert any(d.fix for d in found) and any(d.suggestions for d in found)
    for diagnostics in (found, []):
        out = io.StringIO()
        get("json")(diagnostics, out, {})
        whole = [as_dict(d) for d in diagnostics]
        assert out.getvalue() == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


def test_the_sarif_report_is_the_text_json_dump_writes() -> None:
    found = lint((Path(__file__).parent / "fixtures" / "seed.md").read_text(encoding="utf-8"))
    out = io.StringIO()
    get("sarif")(found, out, {})
    assert out.getvalue() == json.dumps(document(found), indent=2, ensure_ascii=False) + "\n"
