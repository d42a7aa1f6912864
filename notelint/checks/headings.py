"""HD: heading structure, the outline a note is read by.

Editors' outline views, Dendron's and Obsidian's previews and a published site's table of
contents are all built from a note's headings. These rules read ``note.headings`` (every
heading CommonMark finds, with the container it sits in) and ``note.sections`` (the outline
tree of the top-level headings).

Which headings each rule looks at, as CommonMark parses them:

* Lines in code blocks are never headings; ``#tag`` (no space after ``#``) is a Dendron tag,
  not a heading, and CommonMark agrees.
* A heading inside a list item or a blockquote (``- ## x``, ``> ## x``) is part of that
  list or quotation, not of the note's outline: the outline rules (HD001, HD002, HD003,
  HD005) and the blank-lines rule HD006 skip it. The rules about the heading itself
  (HD004 empty, HD007 punctuation, HD008 style) check it like any other heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.diagnostics import Applicability, Diagnostic, Span
from notelint.registry import Context, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it.token import Token

    from notelint.note import Heading, Note, Section

#: what HD007 calls trailing punctuation (the SPEC's list; `?` is a real question)
TRAILING_PUNCTUATION = ".,;:!"
_TRAILING = re.compile(r"\\?[.,;:!]+$")
_SPACE_BEFORE = re.compile(r"[ \t]+$")
#: endings that look like punctuation but are not: an HTML entity, an emoji shortcode
_ENTITY_END = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")
_EMOJI_END = re.compile(r":[\w+-]+:$")
#: HTML comments on one line: whole, an unclosed start, or the end of an earlier one
_COMMENTS = re.compile(r"<!--.*?-->|<!--.*$|^(?:(?!<!--).)*?-->")
#: text an ATX heading cannot end with without growing a closing sequence
_CLOSING_LIKE = re.compile(r"(?:^|[ \t])#+$")


def report_span(note: Note, heading: Heading) -> Span:
    """Where a heading is reported: from its ``#`` run to the end of the line (ATX), or its
    text line (setext, as the SPEC asks)."""
    if heading.style == "setext":
        line = note.line_span(heading.line0)
        return Span(max(line.start, heading.text_span.start), line.end)
    line = note.line_span(heading.line0)
    return Span(heading.marker.start, max(heading.marker.end, line.end))


def outline(note: Note) -> list[Heading]:
    """The headings of the note's outline: those not inside a list item or a blockquote."""
    return [heading for heading in note.headings if not heading.container]


def plain_text(inline: Token) -> str:
    """A heading's text as a reader sees it: markup and HTML dropped, code kept."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return " ".join("".join(parts).split())


class HeadingIncrement(Rule):
    """Heading levels should increase one step at a time.

    ## Why
    Outlines nest by level: `##` then `####` leaves a section without a parent, and the
    table of contents shows a gap. With `[headings] first-level = 2` (the default) the
    frontmatter title is the note's H1, so the first heading of the body should be an H2:
    a first heading at H3 skips a level too (as markdownlint's MD001 does when the
    frontmatter has a title; notelint does so whether or not there is a title, since
    `first-level` says where the body starts). With `first-level = 1` the note carries its
    own H1 and, as in MD001 without a title, the first heading is not judged: only the
    steps between headings are. Headings in list items and blockquotes are not part of the
    outline and are skipped; MD001 counts them.

    ## Bad
    ```markdown
    ## Khrushchev era

    #### Taiwan 1958
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    ### Taiwan 1958
    ```
    """

    code, name = "HD001", "heading-increment"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        top = ctx.config.headings.first_level
        previous, first = top - 1, True
        for heading in outline(note):
            if previous and heading.level > previous + 1:
                message = f"Heading level jumps from h{previous} to h{heading.level}"
                if first:
                    message = f"First heading is h{heading.level}, below the first level h{top}"
                yield self.report(note, report_span(note, heading), message)
            previous, first = heading.level, False


class HeadingTopLevel(Rule):
    """Body headings should not be above `first-level` (the title is the H1).

    ## Why
    Dendron, Obsidian's publish and most static sites render the frontmatter `title` as the
    page's H1. A `#` heading in the body is then a second title: the outline gets two roots
    and the page two H1s. With `[headings] first-level = 2` (the default) an H1 in the body
    is reported; with `first-level = 1` nothing is. Headings in list items and blockquotes
    are not part of the outline and are skipped. markdownlint's MD025 (with
    `front_matter_title`) reports every body H1 only when the frontmatter has a `title`,
    and otherwise the second H1 onwards, and counts H1s in lists and blockquotes too.

    The fix demotes the heading to `first-level` by adding `#` (a setext H1 becomes a setext
    H2 when `first-level` is 2). It is unsafe: the headings below it keep their levels, so
    the outline may need more than one edit.

    ## Bad
    ```markdown
    ---
    title: Sino-Soviet Relations
    ---
    # Khrushchev era

    Text.
    ```

    ## Good
    ```markdown
    ---
    title: Sino-Soviet Relations
    ---
    ## Khrushchev era

    Text.
    ```
    """

    code, name = "HD002", "heading-top-level"
    fixable = "unsafe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        first = ctx.config.headings.first_level
        for heading in outline(note):
            if heading.level >= first:
                continue
            fix = None
            title = f"Demote the heading to h{first}"
            if heading.style != "setext":
                fix = self.fix(
                    title,
                    (
                        Span(heading.marker.start, heading.marker.start),
                        "#" * (first - heading.level),
                    ),
                    applicability=Applicability.UNSAFE,
                )
            elif first == 2:
                fix = self.fix(
                    title,
                    (heading.marker, "-" * (heading.marker.end - heading.marker.start)),
                    applicability=Applicability.UNSAFE,
                )
            yield self.report(
                note,
                report_span(note, heading),
                f"Heading is h{heading.level}, above the first level h{first}",
                fix=fix,
            )


class HeadingDuplicate(Rule):
    """Sibling headings should not have the same text.

    ## Why
    Two sections with one name under one parent are ambiguous in the outline, and their
    anchors collide: a link to `#1958` reaches only the first. Headings under different
    parents may repeat (`### Causes` under each war). The text compared is what a reader
    sees (emphasis and link markup dropped, white space collapsed), ignoring case, because
    anchors are made lower case; markdownlint's MD024 (`siblings_only`) compares the text
    case-sensitively, and also compares headings in lists and blockquotes, which are not
    part of the outline here. Reported on the later heading.

    ## Bad
    ```markdown
    ## Khrushchev era

    ### Taiwan 1958

    Text.

    ### Taiwan 1958

    More text.
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    ### Taiwan 1958

    Text.

    ### The Taiwan Strait again

    More text.
    ```
    """

    code, name = "HD003", "heading-duplicate"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for section in note.sections.walk():
            if len(section.children) > 1:  # one heading repeats none
                yield from self._siblings(note, section.children)

    def _siblings(self, note: Note, children: list[Section]) -> Iterator[Diagnostic]:
        seen: dict[str, Heading] = {}
        inlines = note.heading_inlines
        for child in children:
            heading = child.heading
            if heading is None:
                continue
            text = plain_text(inlines[heading.index])
            if not text:
                continue  # HD004's business
            key = text.casefold()
            if key in seen:
                line = seen[key].line0 + 1
                yield self.report(
                    note,
                    report_span(note, heading),
                    f"Heading '{text}' repeats the sibling heading on line {line}",
                )
            else:
                seen[key] = heading


class HeadingEmpty(Rule):
    """A heading should have text.

    ## Why
    An empty heading (`##` alone on a line) is an untitled entry in the outline and an
    anchor nobody can link to; it is usually a heading started and never finished. Checked
    everywhere CommonMark finds a heading, list items and blockquotes included.

    ## Bad
    ```markdown
    ## Khrushchev era

    ###

    Text.
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    ### Taiwan 1958

    Text.
    ```
    """

    code, name = "HD004", "heading-empty"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for heading in note.headings:
            if not heading.text.strip():
                yield self.report(note, report_span(note, heading), "Heading has no text")


class SectionEmpty(Rule):
    """A section should have content.

    ## Why
    A heading followed directly by a heading of the same or a higher level, or by the end
    of the note, announces a section that is not there: a placeholder left behind. A
    heading followed by its own subsections is a parent, not empty. Anything but blank
    lines counts as content (an HTML comment too). Headings in list items and blockquotes
    belong to those blocks, not to the outline, and are skipped.

    ## Bad
    ```markdown
    ## Khrushchev era

    ## Brezhnev era

    Text.
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    Text.

    ## Brezhnev era

    Text.
    ```
    """

    code, name = "HD005", "section-empty"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for section in note.sections.walk():
            heading = section.heading
            if heading is None or section.children:
                continue
            if note.slice(section.own_body).strip():
                continue
            if section.span.end >= len(note.text):
                message = f"Section '{heading.text}' is empty at the end of the note"
            else:
                message = f"Section '{heading.text}' is empty"
            yield self.report(note, report_span(note, heading), message)


class HeadingBlankLines(Rule):
    """A heading should have a blank line before and after it.

    ## Why
    Many Markdown tools (and people) only see a heading that stands apart: a `#` line
    glued to a paragraph is easy to miss when reading the source, and some renderers and
    converters do not treat it as a heading at all. A heading on the first line of the body
    (right after the frontmatter) or on the last line of the note needs no blank line on
    that side. A line holding nothing but an HTML comment counts as blank, as in
    markdownlint's MD022: it renders as nothing, and templates put a `<!-- what goes here
    -->` right under a heading. Headings in list items and blockquotes are skipped (a blank
    line there would need the container's prefix); MD022 checks them too.

    The fix inserts the missing blank line(s), with the note's own line break.

    ## Bad
    ```markdown
    ## Khrushchev era
    The Secret Speech, 1956.
    ### Taiwan 1958
    The crisis.
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    The Secret Speech, 1956.

    ### Taiwan 1958

    The crisis.
    ```
    """

    code, name = "HD006", "heading-blank-lines"
    fixable = "safe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        lines = note.lines
        first_body_line = note.body_line0
        for heading in outline(note):
            top = heading.line0  # the line of its text: the first (ATX: the only) line
            bottom = note.position(heading.span.end).line - 1 if heading.style == "setext" else top
            before = top > first_body_line and not self._blank(note, top - 1)
            after = bottom + 1 < lines.count and not self._blank(note, bottom + 1)
            if not before and not after:
                continue
            edits: list[tuple[Span, str]] = []
            where = []
            if before:
                start = lines.line_start(top)
                edits.append((Span(start, start), note.newline))
                where.append("before")
            if after:
                start = lines.line_start(bottom + 1)
                edits.append((Span(start, start), note.newline))
                where.append("after")
            side = " or ".join(where)
            title = f"Insert a blank line {' and '.join(where)} the heading"
            yield self.report(
                note,
                report_span(note, heading),
                f"Heading has no blank line {side} it",
                fix=self.fix(title, *edits),
            )

    @staticmethod
    def _blank(note: Note, line0: int) -> bool:
        """A line of white space, or (outside code) of nothing but HTML comments, which
        render as nothing: a template's `<!-- what goes here -->` under its heading."""
        start = note.lines.line_start(line0)
        text = note.text[start : note.lines.line_start(line0 + 1)].strip()
        if not text:
            return True
        if "<!--" not in text and "-->" not in text:
            return False  # most lines under a heading: text, which no comment hides
        return not note.in_code(start) and not _COMMENTS.sub("", text).strip()


class HeadingPunctuation(Rule):
    """A heading should not end in `.`, `,`, `;`, `:` or `!`.

    ## Why
    A heading is a title, not a sentence; a trailing full stop or colon also ends up in the
    anchor and in every table of contents. A question mark is allowed (a heading may ask a
    question). An ending that is an HTML entity (`&amp;`) or an emoji shortcode (`:tada:`)
    is not punctuation. markdownlint's MD026 also counts the full-width forms (`。`, `：`);
    this rule keeps to the five ASCII marks. Checked in list items and blockquotes too.

    The fix removes the trailing marks and the white space before them (and the backslash
    of an escaped mark, `\\.`). There is no fix when the heading is nothing but punctuation.

    ## Bad
    ```markdown
    ## Causes of the split:

    Text.
    ```

    ## Good
    ```markdown
    ## Causes of the split

    Text.
    ```
    """

    code, name = "HD007", "heading-punctuation"
    fixable = "safe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for heading in note.headings:
            span = heading.text_span
            text = note.slice(span)
            match = _TRAILING.search(text)
            if match is None or _ENTITY_END.search(text) or _EMOJI_END.search(text):
                continue
            marks = match.group().lstrip("\\")
            space = _SPACE_BEFORE.search(text, 0, match.start())
            cut = span.start + (space.start() if space else match.start())
            fix = None
            if note.slice(Span(span.start, cut)).strip():
                plural = "" if len(marks) == 1 else "s"
                fix = self.fix(f"Remove the trailing mark{plural}", (Span(cut, span.end), ""))
            where = Span(span.start + match.end() - len(marks), span.end)
            yield self.report(note, where, f"Heading ends with '{marks}'", fix=fix)


class HeadingStyle(Rule):
    """Headings should be ATX headings (`## Title`), not setext or closed ATX.

    ## Why
    One heading style keeps the source readable and diffs small. A setext heading (text
    underlined with `===` or `---`) only has two levels, and a `---` underline is easily
    mistaken for a thematic break; a closed ATX heading (`## Title ##`) has a closing run
    to keep in step. A setext heading is reported on its text line, a closed heading on
    its closing `#` run.

    The fix rewrites the heading as ATX when that gives the same heading: not for a setext
    heading of several lines, one inside a list item or blockquote, or text that would end
    in a `#` run (which an ATX heading would read as its closing sequence).

    ## Bad
    ```markdown
    Khrushchev era
    --------------

    ### Taiwan 1958 ###

    Text.
    ```

    ## Good
    ```markdown
    ## Khrushchev era

    ### Taiwan 1958

    Text.
    ```
    """

    code, name = "HD008", "heading-style"
    fixable = "safe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        for heading in note.headings:
            if heading.style == "setext":
                yield self._setext(note, heading)
            elif heading.style == "atx_closed":
                yield self._closed(note, heading)

    def _setext(self, note: Note, heading: Heading) -> Diagnostic:
        text = heading.text
        fix = None
        if not heading.container and "\n" not in text and not _CLOSING_LIKE.search(text):
            start = note.lines.line_start(heading.line0)
            end = note.line_span(note.position(heading.marker.start).line - 1).end
            fix = self.fix(
                "Rewrite as an ATX heading", (Span(start, end), f"{'#' * heading.level} {text}")
            )
        return self.report(
            note, report_span(note, heading), f"Setext heading (h{heading.level})", fix=fix
        )

    def _closed(self, note: Note, heading: Heading) -> Diagnostic:
        line = note.line_span(heading.line0)
        end_of_text = heading.text_span.end if heading.text else heading.marker.end
        closing = note.text.find("#", end_of_text, line.end)
        if closing < 0:  # not expected: the note saw a closing run
            closing = end_of_text
        closing_span = Span(closing, _rstrip(note, closing, line.end))
        fix = None
        if not _CLOSING_LIKE.search(heading.text):
            fix = self.fix("Remove the closing '#' run", (Span(end_of_text, line.end), ""))
        return self.report(note, closing_span, "Closed ATX heading", fix=fix)


def _rstrip(note: Note, start: int, end: int) -> int:
    """``end`` moved back over trailing spaces and tabs, not before ``start``."""
    while end > start and note.text[end - 1] in " \t":
        end -= 1
    return end
