"""The YAML frontmatter of a note, loaded safely and with the position of every field.

The block is composed (``yaml.compose``) rather than loaded, because the node graph keeps
what a plain ``safe_load`` throws away: each key's and value's line and column, keys given
twice, and the original spelling of a scalar (``0.10`` before it becomes ``0.1``). Values
are then constructed with the safe constructor only, after a bound on alias expansion so a
"billion laughs" document costs nothing. A block of one-line ``key: value`` fields, as most
notes have, is read without composing it, to the same fields (:func:`_simple_fields`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from notelint.diagnostics import Span
from notelint.lines import LineIndex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    simple = _simple_fields(text, fm.content_span.start, fm.content_span.end)
    if simple is not None:
        for entry in simple:
            if entry.key in fm.fields:
                fm.duplicates.append(fm.fields[entry.key])
            fm.fields[entry.key] = entry
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


# -- the common block, read without composing ---------------------------------------------

#: a line ``key: value`` whose key is a plain word, at the start of a line
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:(?: +|$)")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
#: what a block read without composing may hold: printable characters (as YAML's reader
#: allows them) but tabs, carriage returns, YAML 1.1's other line breaks and the BOM
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
#: the characters a plain scalar cannot start with (YAML's indicators)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_made = tuple.__new__
#: the style a composed plain scalar has: libyaml's is "", PyYAML's own parser's None
_PLAIN_STYLE = None if _Loader is yaml.SafeLoader else ""


def _simple_fields(text: str, start: int, end: int) -> list[Field] | None:
    """The fields of the block ``text[start:end]`` when each of its lines is ``key: value``
    with a plain key and a one-line scalar value (plain, or quoted without escapes);
    None for anything else, which is composed.

    Most frontmatter is such lines (Dendron's ``id``, ``title``, ``desc``, ``updated``,
    ``created``), and composing them was half of reading a note's frontmatter. Each value
    is what composing and constructing it gives, with the same spans: the tags are the
    resolver's own (a plain ``yes`` is a boolean, ``0x1A`` an integer, ``2021-07-19`` a
    timestamp) and a value that is not a string or a decimal integer is made by the
    safe constructor; one it refuses sends the block to the composer, which reports it.
    A property test compares the two readings on generated blocks.
    """
    if _UNUSUAL.search(text, start, end) or _RESOLVERS is None:
        return None
    fields: list[Field] = []
    constructor: list[Any] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end < 0:
            line_end = end
        key = _KEY.match(text, line_start, line_end)
        if key is None:
            if text[line_start:line_end].strip(" "):
                return None  # indented, a comment, a list: for the composer
            line_start = line_end + 1
            continue
        key_end = text.index(":", line_start, key.end())
        key_text = text[line_start:key_end]
        if key_text[0] in _RESOLVERS and _key_tag(key_text) != _STR:
            return None
        value_start = key.end()
        value_end = line_end
        while value_end > value_start and text[value_end - 1] == " ":
            value_end -= 1
        if value_end == value_start:
            return None  # null, or a nested block
        first = text[value_start]
        value: Any
        if first == "'" or first == '"':
            quoted = (_SINGLE_QUOTED if first == "'" else _DOUBLE_QUOTED).fullmatch(
                text, value_start, value_end
            )
            if quoted is None:
                return None
            raw = quoted.group(1)
            value = raw.replace("''", "'") if first == "'" else raw
            node = yaml.ScalarNode(_STR, value, style=first)
            value_span = _made(Span, (value_start + 1, value_end - 1))
        else:
            raw = text[value_start:value_end]
            if first in _INDICATORS or ": " in raw or " #" in raw or raw[-1] == ":":
                return None
            value_span = _made(Span, (value_start, value_end))
            if first not in _RESOLVERS:
                value = raw
                node = yaml.ScalarNode(_STR, raw, style=_PLAIN_STYLE)
            elif raw.isdigit() and raw.isascii() and (first != "0" or len(raw) == 1):
                value = int(raw)  # YAML 1.1 reads 0 and 1958 as integers, 017 as octal
                node = yaml.ScalarNode(_INT, raw, style=_PLAIN_STYLE)
            else:
                node = yaml.ScalarNode(_resolved(raw), raw, style=_PLAIN_STYLE)
                try:
                    value = _construct(constructor, node)
                except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                    return None  # for the composer to report
        key_span = _made(Span, (line_start, key_end))  # both in order: made unchecked
        fields.append(Field(key_text, key_span, value_span, node, value, raw))
        line_start = line_end + 1
    return fields or None


#: the tags of the keys seen so far that the resolver may read as something else
#: (``title`` starts as ``true`` does): a vault has a handful of keys
_KEY_TAGS: dict[str, str] = {}


def _key_tag(key: str) -> str:
    tag = _KEY_TAGS.get(key)
    if tag is None:
        tag = _resolved(key)
        if len(_KEY_TAGS) < 1000:
            _KEY_TAGS[key] = tag
    return tag


def _implicit_resolvers() -> frozenset[str] | None:
    """The first characters of the plain scalars YAML's resolver may give a tag other
    than a string; None when it has resolvers for any character, or by a node's path
    (then nothing is read without composing)."""
    resolvers = _Loader.yaml_implicit_resolvers
    if resolvers.get(None) or _Loader.yaml_path_resolvers:
        return None
    return frozenset(first for first in resolvers if first)


_RESOLVERS = _implicit_resolvers()


def _resolved(value: str) -> str:
    """The tag YAML's resolver gives the plain scalar ``value``: the loader's ``resolve``
    reads only its class's tables (no path resolvers are registered on the safe loader),
    so it is asked on the class, without making a loader."""
    return _Loader.resolve(_Loader, yaml.ScalarNode, value, (True, False))  # type: ignore[no-any-return]
