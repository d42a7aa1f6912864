"""``Note``: a file read once and parsed once, with everything rules need, in source offsets.

Parsing order: split the frontmatter, compose its YAML with positions, parse the body with
markdown-it-py (token lines are relative to the body; ``body_line0`` shifts them), then
derive headings, the section tree, prose blocks and suppression comments from the one token
stream. Rules only read this object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from notelint import frontmatter as fm_module
from notelint.diagnostics import Position, Span
from notelint.frontmatter import Frontmatter
from notelint.lines import LineIndex
from notelint.markdown import HtmlSpan, ProseBlock, block_range, scrub, walk_inline
from notelint.parser import parser
from notelint.suppressions import Suppression

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it.token import Token

_ATX_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)(?=[ \t]*$)")
_SUPPRESSION = re.compile(
    r"<!--\s*notelint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->"
)
_CODE_LIST = re.compile(r"[^\s,]+")
_made = tuple.__new__


@dataclass(slots=True)
class Heading:
    """A heading as CommonMark parses it.

    ``marker`` is the run of ``#`` (ATX) or the underline (setext); ``text_span`` the
    heading's text; ``span`` the whole heading, line(s) included.
    """

    level: int
    text: str
    span: Span
    text_span: Span
    marker: Span
    style: str  # "atx", "atx_closed" or "setext"
    line0: int  # 0-based line of the heading text
    container: str = ""  # "", "list_item" or "blockquote"
    index: int = 0  # position in Note.headings


@dataclass(slots=True, eq=False)
class Section:
    """A heading and everything up to the next heading of the same or a higher level.

    The root section (``heading is None``, level 0) is the whole body. A section knows
    its children, not its parent: a link both ways made each note's outline a cycle that
    only the garbage collector could free (~120,000 objects a collection on 10,000 notes).
    """

    heading: Heading | None
    level: int
    span: Span
    children: list[Section] = field(default_factory=list)

    @property
    def body(self) -> Span:
        """From the end of the heading to the end of the section, subsections included."""
        start = self.heading.span.end if self.heading else self.span.start
        return Span(start, self.span.end)

    @property
    def own_body(self) -> Span:
        """From the end of the heading to its first subsection."""
        end = self.children[0].span.start if self.children else self.span.end
        return Span(self.body.start, end)

    def walk(self) -> list[Section]:
        """This section and all below it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


#: what :meth:`Note._walk_tokens` does with each token type it needs (others it skips,
#: after one dictionary lookup rather than a chain of comparisons)
(
    _OPEN_CONTAINER,
    _CLOSE_CONTAINER,
    _OPEN_CELL,
    _CLOSE_CELL,
    _OPEN_HEADING,
    _CLOSE_HEADING,
    _CODE,
    _HTML,
    _INLINE,
) = range(9)
_WALK_STEPS = {
    "blockquote_open": _OPEN_CONTAINER,
    "list_item_open": _OPEN_CONTAINER,
    "blockquote_close": _CLOSE_CONTAINER,
    "list_item_close": _CLOSE_CONTAINER,
    "th_open": _OPEN_CELL,
    "td_open": _OPEN_CELL,
    "th_close": _CLOSE_CELL,
    "td_close": _CLOSE_CELL,
    "heading_open": _OPEN_HEADING,
    "heading_close": _CLOSE_HEADING,
    "fence": _CODE,
    "code_block": _CODE,
    "html_block": _HTML,
    "inline": _INLINE,
}


class Note:
    """One note, parsed once: ``Note(path, text)``."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        #: what rules derive from the note and share, per run (``Context.keep``)
        self.memo: dict[str, tuple[object, object]] = {}
        self.lines = LineIndex(text)
        self.frontmatter: Frontmatter | None
        self.frontmatter, self.body_start = fm_module.split(text)
        if self.frontmatter is not None:
            fm_module.parse(text, self.lines, self.frontmatter)
        self.body_line0 = self.lines.position(self.body_start).line - 1
        if self.body_start == len(text) and text and text[-1] in "\r\n":
            self.body_line0 = self.lines.count - 1
        self.tokens: list[Token] = parser().parse(text[self.body_start :])
        self.headings: list[Heading] = []
        #: the inline token of each heading, in the order of ``headings``
        self.heading_inlines: list[Token] = []
        self.prose: list[ProseBlock] = []
        self._html: list[HtmlSpan] = []
        self._code: list[Span] = []
        self._walk_tokens()
        self._frontmatter_prose()

    # -- positions -------------------------------------------------------------------

    def position(self, offset: int) -> Position:
        return self.lines.position(offset)

    def line_span(self, line0: int) -> Span:
        """The 0-based line ``line0`` without its line break."""
        start = self.lines.line_start(line0)
        end = self.lines.line_start(line0 + 1)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return _made(Span, (start, end))  # 0 <= start <= end: made without the check

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def newline(self) -> str:
        """The note's line break, for fixes that insert lines."""
        index = self.text.find("\n")
        if index > 0 and self.text[index - 1] == "\r":
            return "\r\n"
        if index < 0 and "\r" in self.text:
            return "\r"
        return "\n"

    # -- the token walk ----------------------------------------------------------------

    def _walk_tokens(self) -> None:
        text, lines, line0 = self.text, self.lines, self.body_line0
        containers: list[str] = []  # the kinds of the open containers, innermost last
        levels: list[int] = []  # their tokens' nesting levels
        in_cell = False
        heading_open: Token | None = None
        step = _WALK_STEPS.get
        for token in self.tokens:
            kind = token.type
            what = step(kind)
            if what is None:  # most tokens: paragraph and list openings and closings
                continue
            if what == _OPEN_CONTAINER:
                containers.append(kind[:-5])
                levels.append(token.level)
            elif what == _CLOSE_CONTAINER:
                # a closing ends the container opened at its level: the footnote plugin
                # can drop a list's openings and leave its closings, alone or inside
                # another container, which they must not end
                if levels and levels[-1] == token.level:
                    containers.pop()
                    levels.pop()
            elif what == _OPEN_CELL:
                in_cell = True
            elif what == _CLOSE_CELL:
                in_cell = False
            elif what == _OPEN_HEADING:
                heading_open = token
            elif what == _CLOSE_HEADING:
                heading_open = None
            elif what == _CODE:
                self._code.append(Span(*block_range(lines, line0, token)))
            elif what == _HTML:
                self._html.append(HtmlSpan(Span(*block_range(lines, line0, token))))
            elif token.map is not None:  # _INLINE
                container = containers[-1] if containers else ""
                start, limit = block_range(lines, line0, token)
                if heading_open is not None:
                    heading = self._heading(heading_open, token, container)
                    self.heading_inlines.append(token)
                    start, limit = heading.text_span.start, heading.text_span.end
                pieces = walk_inline(text, token, start, limit, self._html)
                if heading_open is not None:
                    block_kind = "heading"
                elif in_cell:
                    block_kind = "table_cell"
                else:
                    block_kind = container or "paragraph"
                # the block and its span made without their __new__ (Python functions; a
                # note has 23 blocks on average): the span runs from a line's start or a
                # heading's text to a later line's start or the text's end, never back
                block = (block_kind, _made(Span, (start, limit)), tuple(pieces), container)
                self.prose.append(_made(ProseBlock, block))

    def _heading(self, opening: Token, inline: Token, container: str) -> Heading:
        text, lines, line0 = self.text, self.lines, self.body_line0
        first, last = opening.map or (0, 1)
        setext = opening.markup in ("=", "-")
        level = int(opening.tag[1])
        content = inline.content
        if setext:
            text_line = line0 + first
            underline = self.line_span(line0 + last - 1)
            run = _SETEXT_UNDERLINE.search(text, underline.start, underline.end)
            marker = Span(run.start(), run.end()) if run else underline
            # the text may run over several lines, each behind its container's prefix
            # (`> `): the span runs from the first line's text to the last line's text
            parts = content.split("\n")
            first_line = self.line_span(text_line)
            last_line = self.line_span(line0 + last - 2)
            start = text.find(parts[0], first_line.start, first_line.end)
            end = text.rfind(parts[-1], last_line.start, last_line.end)
            if start < 0 or end < 0 or not content:
                text_span = first_line
            else:
                text_span = Span(start, end + len(parts[-1]))
            style = "setext"
        else:
            line = self.line_span(line0 + first)
            hashes = text.find("#" * level, line.start, line.end)
            marker = Span(hashes, hashes + level)
            found = text.find(content, marker.end, line.end) if content else -1
            if found < 0:
                found = marker.end
            text_span = Span(found, found + len(content))
            rest = text[text_span.end : line.end]
            closed = bool(_ATX_CLOSING.match(rest)) or (not content and "#" in rest)
            style = "atx_closed" if closed else "atx"
            text_line = line0 + first
        span_start = lines.line_start(line0 + first)
        span = Span(span_start, self.line_span(line0 + last - 1).end)
        heading = Heading(
            level,
            content,
            span,
            text_span,
            marker,
            style,
            text_line,
            container,
            len(self.headings),
        )
        self.headings.append(heading)
        return heading

    def _frontmatter_prose(self) -> None:
        fm = self.frontmatter
        if fm is None or not fm.ok:
            return
        for key in ("title", "desc"):
            entry = fm.fields.get(key)
            if entry is None or not isinstance(entry.value, str) or not entry.value:
                continue
            if entry.raw != entry.value:  # folded, escaped or multi-line: not verbatim
                continue
            span = entry.value_span
            pieces = tuple(scrub(self.text, span.start, span.end))
            self.prose.insert(0 if key == "title" else 1, ProseBlock(key, span, pieces))

    # -- derived views -----------------------------------------------------------------

    @cached_property
    def sections(self) -> Section:
        """The section tree of the body's top-level headings (not those in lists/quotes)."""
        end = len(self.text)
        root = Section(None, 0, Span(self.body_start, end))
        stack = [root]
        for heading in self.headings:
            if heading.container:
                continue
            while stack[-1].level >= heading.level:
                closed = stack.pop()
                closed.span = Span(closed.span.start, heading.span.start)
            parent = stack[-1]
            section = Section(heading, heading.level, Span(heading.span.start, end))
            parent.children.append(section)
            stack.append(section)
        return root

    @cached_property
    def suppressions(self) -> list[Suppression]:
        """Suppression comments in HTML blocks and inline HTML (never in code)."""
        found: list[Suppression] = []
        for html in sorted(self._html, key=lambda h: h.span.start):
            for match in _SUPPRESSION.finditer(self.text, html.span.start, html.span.end):
                codes = tuple(
                    (m.group(), Span(match.start(2) + m.start(), match.start(2) + m.end()))
                    for m in _CODE_LIST.finditer(match.group(2))
                )
                span = Span(match.start(), match.end())
                found.append(
                    Suppression(match.group(1), codes, span, self.position(span.start).line)
                )
        return found

    def in_code(self, offset: int) -> bool:
        return any(span.start <= offset < span.end for span in self._code)
