"""Prose spans located in the source, from the tokens of :mod:`notelint.parser`.

Every ``text`` token is a verbatim slice of the source (the parser keeps escapes and
entities apart), and is found by a forward search from the previous one, within its
block's lines. Nothing is located by counting characters of rendered text.
"""

from __future__ import annotations

import re

from notelint.diagnostics import Span
from notelint.lines import LineIndex
from notelint.record import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it.token import Token

#: Regions of prose that are not prose: wikilink targets (the alias part of
#: ``[[Alias|a.b.c]]`` stays), embeds, URLs, e-mail addresses, ``#tags`` and footnote
#: labels (``[^1]`` without a definition is text to markdown-it, but never prose).
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NOT_PROSE_PARTS = (
    r"!\[\[[^\[\]\n]*\]\]",
    r"\[\[(?:[^\[\]|\n]*\|)?[^\[\]|\n]*\]\]",
    r"(?:https?|ftp|file)://[^\s<>\[\]()]+",
    r"www\.[^\s<>\[\]()]+",
    _EMAIL,
    r"#(?<![\w&#/]#)[A-Za-z][\w\-./]*",  # a '#' not after these: '#' first, see below
    r"\[\^[^\]\s]+\]",
)
_NOT_PROSE = re.compile("|".join(_NOT_PROSE_PARTS))
#: the same without e-mail addresses, for text without an ``@``. Searching the Dendron
#: vault's 4,600 segments that may hold a region (its wikilinks send most paragraphs
#: here) took ~17 ms, ~8 ms now: the e-mail alternative was tried at every letter of every
#: word and ran to the word's end each time, and a tag's look-behind came before its
#: ``#``, which kept the engine from skipping to the characters a region can start with
_NOT_PROSE_BUT_EMAIL = re.compile("|".join(part for part in _NOT_PROSE_PARTS if part != _EMAIL))
_ALIAS = re.compile(r"\[\[([^\[\]|\n]*)\|")
#: a span made without ``Span.__new__``'s check (a Python call), where it cannot fail
_made = tuple.__new__


class ProseBlock(NamedTuple):
    """The prose of one block (a paragraph, a heading, a table cell, the title …).

    ``pieces`` are the spans of verbatim source text that are prose, in order; the gaps
    between them are markup, code, links' targets and the like. ``container`` says what
    the block sits in: ``list_item``, ``blockquote`` or ``""``. A named tuple, not a
    frozen data class, whose ``__init__`` sets each field through ``object.__setattr__``:
    a note has a block per paragraph, list item, heading and cell (23 on average).
    """

    kind: str
    span: Span
    pieces: tuple[Span, ...]
    container: str = ""


class HtmlSpan(NamedTuple):
    """An HTML block or inline HTML, located in the source (suppressions live here)."""

    span: Span


def _all_prose(segment: str) -> bool:
    """Whether ``segment`` cannot hold a non-prose region: each has one of these in it."""
    return not (
        "[" in segment or "@" in segment or "#" in segment or "://" in segment or "www." in segment
    )


def scrub(text: str, start: int, end: int) -> list[Span]:
    """Split ``text[start:end]`` into spans that leave out non-prose regions."""
    segment = text[start:end]
    if _all_prose(segment):  # most text: no search needed
        return [Span(start, end)] if start < end else []
    spans: list[Span] = []
    cursor = start
    not_prose = _NOT_PROSE if "@" in segment else _NOT_PROSE_BUT_EMAIL
    for match in not_prose.finditer(text, start, end):
        if match.start() > cursor:
            spans.append(Span(cursor, match.start()))
        alias = _ALIAS.match(match.group())
        if alias and alias.group(1):
            spans.append(Span(match.start() + 2, match.start() + 2 + len(alias.group(1))))
        cursor = match.end()
    if cursor < end:
        spans.append(Span(cursor, end))
    return spans


def _skip_link_tail(text: str, cursor: int, limit: int) -> int:
    """After a link's text, move past ``](target "title")`` or ``][label]``."""
    close = text.find("]", cursor, limit)
    if close < 0:
        return cursor
    after = close + 1
    if text.startswith("(", after):
        close = text.find(")", after + 1, limit)
        if close >= 0 and text.find("(", after + 1, close) < 0:
            return close + 1  # most targets: no parenthesis inside
        depth = 0
        for index in range(after, limit):
            char = text[index]
            if char == "\\":
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return index + 1
        return limit
    if text.startswith("[", after):
        end = text.find("]", after + 1, limit)
        return end + 1 if end >= 0 else after
    return after


def walk_inline(
    text: str, inline: Token, start: int, limit: int, html: list[HtmlSpan]
) -> list[Span]:
    """Locate the prose of one inline token's children between ``start`` and ``limit``."""
    pieces: list[Span] = []
    cursor = start
    children = inline.children or []
    link_depth = 0
    autolink = False
    skip_image = False
    for child in children:
        kind = child.type
        if kind == "text":
            found = text.find(child.content, cursor, limit) if child.content else -1
            if found < 0:
                continue
            end = found + len(child.content)
            if not autolink and not skip_image:
                if _all_prose(child.content):  # the content is text[found:end]
                    pieces.append(_made(Span, (found, end)))  # 0 <= found <= end: unchecked
                else:
                    pieces.extend(scrub(text, found, end))
            cursor = end
        elif kind in ("code_inline", "html_inline", "text_special"):
            needle = child.markup if kind == "text_special" else child.content
            found = text.find(needle, cursor, limit) if needle else -1
            if found >= 0:
                cursor = found + len(needle)
                if kind == "html_inline":
                    html.append(HtmlSpan(Span(found, cursor)))
        elif kind == "link_open":
            link_depth += 1
            autolink = child.markup in ("autolink", "linkify")
        elif kind == "link_close":
            link_depth -= 1
            if autolink:
                found = text.find(">", cursor, limit)
                cursor = found + 1 if found >= 0 else cursor
            else:
                cursor = _skip_link_tail(text, cursor, limit)
            autolink = False
        elif kind == "image":
            found = text.find("![", cursor, limit)
            if found >= 0:
                cursor = _skip_link_tail(text, found + 2, limit)
        elif kind == "footnote_ref":
            found = text.find("[^", cursor, limit)
            if found >= 0:
                end = text.find("]", found, limit)
                cursor = end + 1 if end >= 0 else cursor
    return pieces


def block_range(lines: LineIndex, line0: int, token: Token) -> tuple[int, int]:
    """Source offsets covered by a block token whose ``map`` is relative to ``line0``."""
    first, last = token.map or (0, 0)
    starts = lines.starts  # LineIndex.line_start of both, inline: a block per paragraph
    first, last = line0 + first, line0 + last
    count = len(starts)
    return (
        starts[first] if first < count else lines.length,
        starts[last] if last < count else lines.length,
    )
