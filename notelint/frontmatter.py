"""The YAML frontmatter of a note, loaded safely and with the position of every field.

The block is composed (``yaml.compose``) rather than loaded, because the node graph keeps
what a plain ``safe_load`` throws away: each key's and value's line and column, keys given
twice, and the original spelling of a scalar (``0.10`` before it becomes ``0.1``). Values
are then constructed with the safe constructor only, after a bound on alias expansion so a
"billion laughs" document costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from notelint.diagnostics import Span
from notelint.lines import LineIndex

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DELIMITER = re.compile(r"---[ \t]*(?:\r\n?|\n|$)")
_CLOSING = re.compile(r"(?<=[\r\n])---[ \t]*(?=[\r\n]|\Z)")
MAX_NODES = 10_000  # after alias expansion; a real Dendron frontmatter has about 10


@dataclass(slots=True)
class Field:
    """One ``key: value`` pair of the top-level mapping."""

    key: str
    key_span: Span
    value_span: Span
    node: yaml.Node
    value: Any = None
    #: the value's source text, without quotes for a single-line quoted scalar
    raw: str = ""

    @property
    def is_plain_scalar(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode) and self.node.style in (None, "")


@dataclass(slots=True)
class FrontmatterError:
    message: str
    span: Span


@dataclass(slots=True)
class Frontmatter:
    """The block between the ``---`` lines.

    ``fields`` holds the last occurrence of each key (what YAML loaders keep);
    ``duplicates`` the earlier occurrences of keys given more than once.
    """

    span: Span
    content_span: Span
    fields: dict[str, Field] = field(default_factory=dict)
    duplicates: list[Field] = field(default_factory=list)
    error: FrontmatterError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def split(text: str) -> tuple[Frontmatter | None, int]:
    """Find the frontmatter block; return it (unparsed) and the offset where the body starts.

    An unclosed block is reported as an error and the body starts after its first line, so
    the rest of the note is still linted.
    """
    start = 1 if text.startswith("\ufeff") else 0
    opening = _DELIMITER.match(text, start)
    if opening is None:
        return None, 0
    content_start = opening.end()
    closing = _CLOSING.search(text, content_start)
    if closing is None:
        first = Span(start, opening.end())
        fm = Frontmatter(first, Span(content_start, content_start))
        fm.error = FrontmatterError("Frontmatter is not closed by a '---' line", first)
        return fm, content_start
    body = closing.end()
    if text.startswith("\r\n", body):
        body += 2
    elif text.startswith(("\n", "\r"), body):
        body += 1
    return Frontmatter(Span(start, body), Span(content_start, closing.start())), body


def parse(text: str, lines: LineIndex, fm: Frontmatter) -> None:
    """Compose the YAML of ``fm`` and fill in its fields (or its error)."""
    if fm.error is not None:
        return
    content = text[fm.content_span.start : fm.content_span.end]
    first_line0 = lines.position(fm.content_span.start).line - 1

    starts, length = lines.starts, lines.length

    def at(mark: Any) -> int:  # lines.offset(first_line0 + mark.line + 1, mark.column + 1)
        line0 = first_line0 + mark.line
        return min((starts[line0] if line0 < len(starts) else length) + mark.column, length)

    try:
        root = yaml.compose(content, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        offset = at(mark) if mark is not None else fm.content_span.start
        problem = exc.problem or exc.context or "syntax error"
        fm.error = FrontmatterError(f"YAML {problem}", Span(offset, offset))
        return
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        first = fm.content_span.start
        fm.error = FrontmatterError(f"YAML {str(exc).splitlines()[0]}", Span(first, first))
        return
    if root is None:  # an empty block is an empty mapping; FM003 reports what is missing
        return
    if not isinstance(root, yaml.MappingNode):
        begin = at(root.start_mark)
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a scalar"
        fm.error = FrontmatterError(f"Frontmatter is {kind}, not a mapping", Span(begin, begin))
        return
    # without an alias, a node takes at least one character of its own but for implicit
    # nulls (one per indicator): a short block without `*` cannot expand past the bound
    if ("*" in content or len(content) >= MAX_NODES // 10) and _expanded_size(root) > MAX_NODES:
        begin = at(root.start_mark)
        fm.error = FrontmatterError(
            f"Frontmatter expands to more than {MAX_NODES} YAML nodes (an alias bomb?)",
            Span(begin, begin),
        )
        return
    constructor: list[Any] = []  # made when a value needs it (~2 µs: most never do)
    for key_node, value_node in root.value:
        try:
            key = _construct(constructor, key_node)
            value = _construct(constructor, value_node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or key_node.start_mark
            offset = at(mark)
            fm.error = FrontmatterError(f"YAML {exc.problem}", Span(offset, offset))
            return
        except (ValueError, TypeError, OverflowError) as exc:  # 2021-02-30 as a timestamp
            offset = at(value_node.start_mark)
            fm.error = FrontmatterError(
                f"YAML cannot construct the value: {exc}", Span(offset, offset)
            )
            return
        key_span = Span(at(key_node.start_mark), at(key_node.end_mark))
        value_span = Span(at(value_node.start_mark), at(value_node.end_mark))
        raw = text[value_span.start : value_span.end]
        quoted = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("'", '"')
        if quoted and len(raw) >= 2 and "\n" not in raw:
            raw = raw[1:-1]
            value_span = Span(value_span.start + 1, value_span.end - 1)
        entry = Field(str(key), key_span, value_span, value_node, value, raw)
        if entry.key in fm.fields:
            fm.duplicates.append(fm.fields[entry.key])
        fm.fields[entry.key] = entry


def _construct(constructor: list[Any], node: yaml.Node) -> Any:
    """The value of ``node``: a plain string is the node's own text, and a decimal
    integer its number, as the safe constructor would make them (the keys and values of
    most notes' frontmatter, Dendron's timestamps among them: going through the
    constructor for strings made reading the Dendron vault's frontmatter take ~40 ms
    instead of ~34). Anything else goes to the constructor, made on first use in
    ``constructor``."""
    if node.__class__ is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        value = node.value
        # YAML 1.1 reads a leading 0 as octal, and allows _, signs, 0x, 0b and 1:30
        if node.tag == _INT and value.isascii() and value.isdigit() and value[0] != "0":
            return int(value)
    if not constructor:
        constructor.append(_Loader(""))
    return constructor[0].construct_object(node, deep=True)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


def _expanded_size(root: yaml.Node) -> int:
    """Count nodes as a constructor would visit them, aliases expanded, up to a bound."""
    count = 0
    stack: list[yaml.Node] = [root]
    while stack and count <= MAX_NODES:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return count
