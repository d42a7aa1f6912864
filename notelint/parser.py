"""The one markdown-it-py parser notelint uses, built to try fewer rules.

CommonMark, GFM tables and strikethrough, and footnotes. ``text_join`` is disabled so that
escapes and entities stay separate ``text_special`` tokens: every ``text`` token is then a
verbatim slice of the source (:mod:`notelint.markdown` locates prose by them).

Parsing is nearly half of a cold run's CPU, and markdown-it tries every rule wherever one
might match; the parser built here makes the same tokens while trying fewer: block rules
only on lines whose first character they could match (at a paragraph's lines too), a
paragraph and a setext heading in one walk of their lines, inline rules only at
characters they could start at, a wikilink that can only be text becomes text at once,
inline content in which no rule can start, or only code spans and plain links, becomes
its tokens directly, and tokens are made without Token's ``__init__``.
``build_parser(guarded=False)`` builds markdown-it's plain parser, and the tests compare
the two token streams on the shared corpus, the fixtures and generated Markdown.
"""

from __future__ import annotations

import re
from functools import cache, partial

# only notelint.note imports this module, to lint: markdown-it is loaded then anyway, and
# an import statement in a function costs ~1 µs each time it runs (_plain_inline: 1.4 %
# of a cold run's CPU)
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Literal

    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline


@cache
def parser() -> MarkdownIt:
    """CommonMark + GFM tables and strikethrough + footnotes, built once per process."""
    return build_parser()


def build_parser(guarded: bool = True) -> MarkdownIt:
    """A new parser as :func:`parser` makes it; ``guarded=False``: without the guards
    that skip rules which cannot match (:func:`_guard_block_rules`,
    :func:`_stop_text_only_where_a_rule_may_start`); the tests compare the two token
    streams."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark")
    md.enable(["table", "strikethrough"]).use(footnote_plugin)
    md.disable("text_join")
    # notelint never reads a link's ``href``: skip normalising every URL (mdurl parsing,
    # punycode, percent-encoding) and only decide, as markdown-it would, whether it is
    # allowed, since that changes where a link ends and so the token stream
    md.normalizeLink = _keep_link  # type: ignore[method-assign]
    md.validateLink = _allowed_link  # type: ignore[method-assign]
    _quiet_block_rule_loggers()
    if guarded:
        _normalize_only_what_needs_it(md)
        _read_options_directly(md)
        _guard_block_rules(md)
        _stop_text_only_where_a_rule_may_start(md)
        _try_only_the_inline_rules_a_character_may_start(md)
        _tokenize_plain_inlines_directly(md)
        _make_block_tokens_directly(md)
        _read_plain_link_destinations_by_pattern(md)
    return md


#: the inline rules of :func:`parser` but ``text``, and the characters each can start at
#: (``text``: any other); a test checks that each refuses every other character
INLINE_RULE_STARTS = {
    "newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~",
    "emphasis": "_*", "link": "[", "image": "!", "footnote_inline": "^",
    "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&",
}  # fmt: skip
#: the inline rules of :func:`parser`
INLINE_RULES = frozenset({"text", *INLINE_RULE_STARTS})
#: where the text rule must stop: where a rule may start, and at ``]``, which ends a link
#: label (looked for by stepping from stop to stop)
INLINE_STARTS = "".join(sorted({*"".join(INLINE_RULE_STARTS.values()), "]"}))
_TERMINATORS = re.compile(f"[{re.escape(INLINE_STARTS)}]")


#: markdown-it's Token fields, in order, as every version notelint allows (3.0 to 4.3)
#: declares them
_TOKEN_FIELDS = (
    "type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup",
    "info", "meta", "block", "hidden",
)  # fmt: skip


def _inline_rules_are_known(md: MarkdownIt) -> bool:
    """Whether the parser's inline rules are exactly :data:`INLINE_RULES`: a rule added
    by a plugin or a new markdown-it could start anywhere, and the shortcuts that know
    where rules start are then not taken."""
    return {rule.name for rule in md.inline.ruler.__rules__ if rule.enabled} == INLINE_RULES


def _normalize_only_what_needs_it(md: MarkdownIt) -> None:
    """Skip the ``normalize`` core rule on a text that has neither a carriage return nor
    a NUL: it rewrites every line break (``\\r\\n?|\\n`` to ``\\n``) and every NUL by
    regular expression, which left most notes as they were at ~3 % of parsing."""
    rules = md.core.ruler.__rules__
    found = [rule for rule in rules if rule.name == "normalize" and rule.enabled]
    if not found:
        return
    normalize = found[0].fn

    def normalize_if_needed(state: StateCore) -> None:
        if "\r" in state.src or "\0" in state.src:
            normalize(state)

    md.core.ruler.at("normalize", normalize_if_needed)


def _read_options_directly(md: MarkdownIt) -> None:
    """Let the rules read the parser's options from a dict: markdown-it keeps them in an
    ``OptionsDict`` (a ``MutableMapping``), whose ``get`` runs three Python calls; the
    block and inline rules ask it for ``html``, ``maxNesting`` and the like at every
    line and character they are tried on (~2 % of parsing)."""
    from markdown_it.utils import OptionsDict

    options = md.options
    if type(options) is OptionsDict and isinstance(getattr(options, "_options", None), dict):
        options.get = options._options.get  # type: ignore[method-assign]


def _stop_text_only_where_a_rule_may_start(md: MarkdownIt) -> None:
    """Let the inline ``text`` rule run on over punctuation that starts no inline rule.

    markdown-it's ``text`` rule stops at every character some rule of some plugin might
    start at (``-``, ``:``, ``#``, ``=``, ``+``, ``>``, ``@`` …); there, each of the other
    twelve rules is tried and refuses, and the character is added to the text alone. In
    notelint's parser only :data:`INLINE_STARTS` start a rule or end a link label, so the
    text rule may stop only there: the same text and tokens, and parsing the Dendron vault
    ~665 -> ~595 ms. Done only when the inline rules are known
    (:func:`_inline_rules_are_known`) and markdown-it-py reads ``terminator_re`` (4.x).
    """
    if _inline_rules_are_known(md) and hasattr(md.inline, "terminator_re"):
        md.inline.terminator_re = _TERMINATORS


def _try_only_the_inline_rules_a_character_may_start(md: MarkdownIt) -> None:
    """At each character, try only the inline rules that can start there, in their order.

    markdown-it tries every rule, in order, wherever the text rule stops: at a ``[`` (the
    Dendron vault's wikilinks) that is text, newline, escape, backticks, strikethrough and
    emphasis, each refusing, before the link rule, then image, autolink, HTML, entity and
    the footnote rules after it. With the text rule stopping only at
    :data:`INLINE_STARTS` (:func:`_stop_text_only_where_a_rule_may_start`), a character
    outside them can only start text, and one of them only the rules of
    :data:`INLINE_RULE_STARTS` that name it; each other rule refuses it by its first test
    (a test checks that of every rule). ``tokenize`` and ``skipToken`` (which link labels
    use) are markdown-it's own loops but for the rules they try: parsing the Dendron
    vault ~530 -> ~487 ms. Done only when the text rule stops only there.
    """
    from markdown_it.parser_inline import ParserInline

    inline = md.inline
    if (
        getattr(inline, "terminator_re", None) is not _TERMINATORS
        or type(inline).tokenize is not ParserInline.tokenize
        or type(inline).skipToken is not ParserInline.skipToken
    ):
        return
    rules = [rule for rule in inline.ruler.__rules__ if rule.enabled]
    text_only = tuple(rule.fn for rule in rules if rule.name == "text")
    by_character = {
        character: tuple(
            rule.fn for rule in rules if character in INLINE_RULE_STARTS.get(rule.name, "")
        )
        for character in INLINE_STARTS
    }
    rules_at = by_character.get
    buffered = _buffers_pending_text()

    def add_pending(state: StateInline, text: str) -> None:
        state.pending += text

    def tokenize(state: StateInline) -> None:
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        src = state.src
        append_pending = state.append_pending if buffered else partial(add_pending, state)
        # with no reference definitions, a wikilink is text (see _wikilink_text)
        wikilinks = "references" not in state.env
        while state.pos < end:
            pos = state.pos
            if wikilinks and src[pos] == "[":
                link = _wikilink_text(src, pos, end)
                if link is not None:
                    append_pending(link)
                    state.pos = pos + len(link)
                    continue
            ok = False
            if state.level < max_nesting:
                for rule in rules_at(src[pos], text_only):
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state: StateInline) -> None:
        pos = state.pos
        skipped = state.cache  # where a token starting at a position ends
        if pos in skipped:
            state.pos = skipped[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            for rule in rules_at(state.src[pos], text_only):
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too deeply nested: skip to the end, as markdown-it
        if not ok:
            state.pos += 1
        skipped[pos] = state.pos

    inline.tokenize = tokenize  # type: ignore[method-assign]
    inline.skipToken = skip_token  # type: ignore[method-assign]


#: a wikilink whose target starts no inline rule (``[[a.b.c]]``, ``[[Alias|a.b]]``) and
#: that no ``(`` or ``[`` follows (what would make it a link's text)
_WIKILINK = re.compile(rf"\[\[[^{re.escape(INLINE_STARTS)}]*\]\](?![(\[])")


def _wikilink_text(src: str, pos: int, end: int) -> str | None:
    """The wikilink at ``pos`` (before ``end``) that markdown-it would make text of, as is.

    A Dendron vault has a wikilink in most paragraphs (the Dendron vault: 3,465), and
    markdown-it takes each for a link twice, at each ``[``: it scans the label to its
    ``]``, finds no ``(`` after it and no reference definition to look the label up in,
    and refuses; each ``[`` and ``]`` is then added to the text alone (~8 % of parsing).
    That verdict is certain when the note defines no reference (the caller's test), no
    ``(`` or ``[`` follows (an inline or full reference link) and nothing inside starts
    an inline rule: then the wikilink is text, and is added to it at once.
    """
    found = _WIKILINK.match(src, pos, end)
    return None if found is None else found.group()


def _buffers_pending_text() -> bool:
    """Whether markdown-it's inline state has ``append_pending`` (4.3): 4.1 and 4.2, which
    the shortcuts above work with too, only have the ``pending`` string to add to."""
    from markdown_it.rules_inline import StateInline

    return hasattr(StateInline, "append_pending")


def _tokenize_plain_inlines_directly(md: MarkdownIt) -> None:
    """Give inline content in which no inline rule can start its tokens directly.

    58 % of the Dendron vault's 23,000 inline tokens hold none of :data:`INLINE_STARTS`
    but line breaks: markdown-it would build an inline state for each, run the text and
    newline rules and four post-processing passes, to make a ``text`` token per line
    with a ``softbreak`` (or ``hardbreak``) between. :func:`_plain_inline` makes the same
    tokens as markdown-it's ``newline`` rule does, and the rest goes to markdown-it;
    without its four post-processing passes when the content has no ``*``, ``_`` or
    ``~``: they pair emphasis and strikethrough delimiters, join the text they leave and
    count levels again, and found nothing to do in 79 % of the rest (~4 % of parsing).
    Content whose only such characters are wikilinks that can only be text
    (:func:`_wikilink_text`) is plain too, and so is a ``!`` that no ``[`` follows. Content
    whose only such characters are backticks gets its code spans directly
    (:func:`_code_spans_and_text`), and content whose only such characters are in plain
    links its links (:func:`_links_and_text`). Done only when the inline rules are known
    (:func:`_inline_rules_are_known`) and the core ``inline`` rule is markdown-it's own;
    the tests compare the token streams with and without.
    """
    from markdown_it.rules_core import inline as core_inline

    rules = {rule.name: rule.fn for rule in md.core.ruler.__rules__}
    if not _inline_rules_are_known(md) or rules.get("inline") is not core_inline:
        return
    from markdown_it.rules_inline import StateInline

    special = _SPECIAL_BUT_BANG
    others = INLINE_STARTS.replace("`", "").replace("!", "").replace("\n", "")
    not_backtick = re.compile(f"[{re.escape(others)}]").search
    inline_parser = md.inline
    parse = inline_parser.parse
    # the post-processing passes only pair and join emphasis and strikethrough delimiters
    delimiters = re.compile("[*_~]").search
    plain_post_processing = {rule.name for rule in inline_parser.ruler2.__rules__} == {
        "balance_pairs",
        "strikethrough",
        "emphasis",
        "fragments_join",
    }

    def inline(state: StateCore) -> None:
        wikilinks = "references" not in state.env
        for token in state.tokens:
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                content = token.content
                found = special.search(content)
                if found is not None and wikilinks and "[[" in content:
                    found = special.search(_WIKILINK.sub("", content))
                if found is None:
                    token.children.extend(_plain_inline(content))
                elif "`" in found.string and not_backtick(found.string) is None:
                    token.children.extend(_code_spans_and_text(content))
                elif (
                    wikilinks
                    and "](" in content
                    and (links := _links_and_text(content, state.md)) is not None
                ):
                    token.children.extend(links)
                elif plain_post_processing and delimiters(content) is None:
                    children = token.children
                    inline_parser.tokenize(StateInline(content, state.md, state.env, children))
                else:
                    parse(content, state.md, state.env, token.children)

    md.core.ruler.at("inline", inline)


#: where an inline rule may start on a line, but ``!``: it starts an image only before
#: ``[``, which is here itself (or a wikilink's: ``![[a.png]]`` is no image either, with
#: no reference to look its label up in)
_SPECIAL_BUT_BANG = re.compile(
    f"[{re.escape(INLINE_STARTS.replace(chr(10), '').replace('!', ''))}]"
)
#: an inline link as most are written, ``[text](target)``: text in which no inline rule
#: can start (a ``!`` not before ``[`` cannot), a target that ends at the ``)`` with no
#: space, ``<``, ``\\`` or parenthesis in it, and no ``!`` before it (an image); or a
#: wikilink that can only be text (:data:`_WIKILINK`)
_LINK_OR_WIKILINK = re.compile(
    rf"{_WIKILINK.pattern}"
    rf"|(?<!!)\[(?P<text>[^{re.escape(INLINE_STARTS.replace('!', ''))}]*)\]"
    r"\((?P<target>[^\x00-\x20\x7f\\()<][^\x00-\x20\x7f\\()]*)\)"
)


def _links_and_text(content: str, md: MarkdownIt) -> list[Token] | None:
    """The inline tokens of ``content`` whose only :data:`INLINE_STARTS` (but ``\\n``) are
    in plain inline links and in wikilinks that can only be text (the note defines no
    reference: the caller's test); None for any other content.

    markdown-it's ``link`` rule reads such a link's text up to its ``]`` (no bracket is
    inside to balance), its target as :func:`_read_plain_link_destinations_by_pattern`
    does, and finds no title before the ``)``; it makes ``link_open`` with the target as
    ``href``, the text's tokens one level in, and ``link_close``. A target the parser's
    ``validateLink`` refuses (``javascript:``) makes no link: then None. The text around
    and inside links is made as plain content is (:func:`_plain_inline`). A tenth of the
    Dendron vault's inline content is of this kind.
    """
    tokens: list[Token] = []
    text_start = 0  # where the text not yet made into tokens starts
    checked = 0  # where the text not yet looked at for special characters starts
    special = _SPECIAL_BUT_BANG.search
    for link in _LINK_OR_WIKILINK.finditer(content):
        if special(content, checked, link.start()) is not None:
            return None
        checked = link.end()
        target = link.group("target")
        if target is None:
            continue  # a wikilink: text, with the text around it
        href = md.normalizeLink(unescapeAll(target))
        if not md.validateLink(href):
            return None
        tokens.extend(_plain_inline(content[text_start : link.start()]))
        opening = _inline_token("link_open", "a", 1)
        opening.attrs = {"href": href}
        tokens.append(opening)
        for inside in _plain_inline(link.group("text")):
            inside.level = 1
            tokens.append(inside)
        tokens.append(_inline_token("link_close", "a", -1))
        text_start = checked
    if not tokens or special(content, checked) is not None:
        return None
    tokens.extend(_plain_inline(content[text_start:]))
    return tokens


def _code_spans_and_text(content: str) -> list[Token]:
    """The inline tokens of ``content`` whose only :data:`INLINE_STARTS` (but ``\\n``, and
    wikilinks that can only be text) are backticks: code spans, as markdown-it's
    ``backticks`` rule makes them, and between them text as :func:`_plain_inline` does.

    A run of backticks opens a code span that the next run of the same length closes;
    a run that nothing closes is text. A fifth of the Dendron vault's inline content
    with any rule to try is of this kind (file names, commands in backticks).
    """
    tokens: list[Token] = []
    find = content.find
    length = len(content)
    last_runs: dict[int, int] = {}  # the start of the last run of each length
    at = find("`")
    while at >= 0:
        end = at + 1
        while end < length and content[end] == "`":
            end += 1
        last_runs[end - at] = at
        at = find("`", end)
    text_start = 0
    opener = find("`")
    while opener >= 0:
        after = opener + 1
        while after < length and content[after] == "`":
            after += 1
        size = after - opener
        # the next run of the same length closes it; none after it (the last run of that
        # length is before it): the run is text, found without looking
        closer = find("`", after) if last_runs.get(size, -1) >= after else -1
        while closer >= 0:
            closer_end = closer + 1
            while closer_end < length and content[closer_end] == "`":
                closer_end += 1
            if closer_end - closer == size:
                break
            closer = find("`", closer_end)
        if closer < 0:
            opener = find("`", after)
            continue
        tokens.extend(_plain_inline(content[text_start:opener]))
        code = content[after:closer].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]  # one space off each side, unless it is all spaces
        token = _inline_token("code_inline", "code", 0)
        token.markup = content[opener:after]
        token.content = code
        tokens.append(token)
        text_start = closer_end
        opener = find("`", closer_end)
    tokens.extend(_plain_inline(content[text_start:]))
    return tokens


def _made_inline_token(kind: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
    """``Token(kind, tag, nesting)`` as an inline rule makes it (level 0), without the
    data class's ``__init__`` and ``__post_init__``: 0.14 µs against 0.27, for the tens
    of thousands of inline tokens the shortcuts above make. (The block parser's ``push``
    in :func:`_make_block_tokens_directly` sets the same fields itself: a call to this
    for each of its 100,000 tokens would cost what setting them directly saves.)"""
    token = _new(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = 0
    token.children = None
    token.content = ""
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = False
    token.hidden = False
    return token


_new = object.__new__
#: how the shortcuts make an inline token: directly where Token has the fields every
#: markdown-it-py notelint allows declares (a test compares the two), else by its class
_inline_token = _made_inline_token if getattr(Token, "__slots__", None) == _TOKEN_FIELDS else Token


def _plain_inline(content: str) -> list[Token]:
    """The inline tokens of ``content`` that holds no :data:`INLINE_STARTS` but ``\\n``:
    as markdown-it's ``newline`` rule makes them, a ``text`` token per non-empty line,
    and between lines a ``hardbreak`` where the line ended with two spaces or more (all
    of them dropped), else a ``softbreak`` (one trailing space dropped); the spaces and
    tabs that start the next line are skipped."""
    tokens: list[Token] = []
    lines = content.split("\n")
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if number:
            line = line.lstrip(" \t")
        if number < last:
            if line.endswith("  "):
                line, kind = line.rstrip(" "), "hardbreak"
            else:
                line, kind = line.removesuffix(" "), "softbreak"
        if line:
            text = _inline_token("text", "", 0)
            text.content = line
            tokens.append(text)
        if number < last:
            tokens.append(_inline_token(kind, "br", 0))
    return tokens


#: the characters a line can start with (after its indentation) for each of these block
#: rules to match it; each rule refuses any other line by that test itself
LINE_STARTS = {
    "fence": "~`",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    "footnote_def": "[",
}


def _guard_block_rules(md: MarkdownIt) -> None:
    """Let a block rule see only lines it could match, by their first character.

    markdown-it tries every block rule on every line start (and each paragraph line
    again, to see whether it ends the paragraph): ~400,000 tries for the Dendron vault,
    each paying a call, a debug log and an indentation check before the rule looks at
    the one character that refuses almost all of them. The guard looks at it first:
    parsing went from ~697 to ~655 ms. It only refuses lines the rule itself refuses
    (:data:`LINE_STARTS`), so the tokens are the same; a test compares guarded and plain
    parsers on the corpus and on generated Markdown. ``lheading`` has its own guard
    (:func:`_guarded_setext`, ~21 ms more).

    Where a line starts a block (rather than continuing a paragraph), the parser's loop
    goes further (:func:`_try_only_the_block_rules_a_line_may_start`).
    """
    unguarded = {rule.name: rule.fn for rule in md.block.ruler.__rules__}
    for rule in md.block.ruler.__rules__:
        starts = LINE_STARTS.get(rule.name)
        if starts is not None:
            md.block.ruler.at(rule.name, _guarded(rule.fn, starts), {"alt": rule.alt})
        elif rule.name == "lheading":
            md.block.ruler.at(rule.name, _guarded_setext(rule.fn), {"alt": rule.alt})
    _end_paragraphs_by_the_rules_a_line_may_start(md, unguarded)
    _try_only_the_block_rules_a_line_may_start(md, unguarded)


def _rules_by_first_character(
    rules: list[Any], unguarded: dict[str, Any]
) -> tuple[Callable[[str, tuple[Any, ...]], tuple[Any, ...]], tuple[Any, ...]]:
    """Which of ``rules`` (markdown-it's Rule records, in order) a line may start, by its
    first character: the lookup (``get``) of a table from each character some rule of
    :data:`LINE_STARTS` names to the rules it may start (those unguarded) and the rules
    that have no such test; and those alone, for any other character."""
    unchecked = tuple(rule.fn for rule in rules if rule.name not in LINE_STARTS)
    by_character = {
        character: tuple(
            unguarded[rule.name] if rule.name in LINE_STARTS else rule.fn
            for rule in rules
            if character in LINE_STARTS.get(rule.name, character)
        )
        for character in "".join(LINE_STARTS.values())
    }
    return by_character.get, unchecked


def _try_only_the_block_rules_a_line_may_start(md: MarkdownIt, unguarded: dict[str, Any]) -> None:
    """At each line that starts a block, try only the rules its first character allows.

    The guards (:func:`_guard_block_rules`) still cost a call per rule and line; the
    block parser's loop (``md.block.tokenize``: markdown-it's own but for the rules it
    tries) picks, by the line's first character, the rules of :data:`LINE_STARTS` that
    name it, called without their guard, and every rule that has no such test, in the
    ruler's order. Rules that look for a paragraph's end still call the guarded ones.
    Parsing the Dendron vault ~480 -> ~460 ms. Only when the block parser is
    markdown-it's own; the rules are those of the parser as built.
    """
    from markdown_it.parser_block import ParserBlock

    block = md.block
    if type(block).tokenize is not ParserBlock.tokenize:
        return
    rules = [rule for rule in block.ruler.__rules__ if rule.enabled]
    every = tuple(rule.fn for rule in rules)
    rules_at, unchecked = _rules_by_first_character(rules, unguarded)

    def tokenize(state: StateBlock, start_line: int, end_line: int) -> None:
        line = start_line
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        src = state.src
        length = len(src)
        while line < end_line:
            state.line = line = state.skipEmptyLines(line)
            if line >= end_line or state.sCount[line] < state.blkIndent:
                break  # the end, or the end of a nested block (a list item, a quote)
            if state.level >= max_nesting:
                state.line = end_line  # too deeply nested: skip the rest, as markdown-it
                break
            pos = state.bMarks[line] + state.tShift[line]
            ok = False
            for rule in rules_at(src[pos], unchecked) if pos < length else every:
                ok = rule(state, line, end_line, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines  # an empty line before this block: loose
            line = state.line
            if line - 1 < end_line and state.isEmpty(line - 1):
                has_empty_lines = True  # a paragraph may have taken the empty line after it
            if line < end_line and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line

    block.tokenize = tokenize  # type: ignore[method-assign]


def _end_paragraphs_by_the_rules_a_line_may_start(
    md: MarkdownIt, unguarded: dict[str, Any]
) -> None:
    """Let a paragraph try, at each of its lines, only the rules that line may start.

    markdown-it's ``paragraph`` tries each of the seven rules that can end a paragraph
    (a fence, a quote, a rule, a list, HTML, a heading, a table) on each of its lines
    after the first; the guards refuse most of them, but each try is still a call (~6 %
    of the block parser's time on the Dendron vault). This is markdown-it's
    ``paragraph`` but for the rules it tries: by the line's first character, as
    :func:`_try_only_the_block_rules_a_line_may_start` picks them, and for a paragraph
    at the top level (no indentation to strip), its lines are sliced from the source
    at once rather than by ``getLines``. Only where the ``paragraph`` rule is
    markdown-it's own and its terminators are the rules of :data:`LINE_STARTS` and
    ``table``; the tests compare the token streams.

    ``lheading`` (a setext heading), tried just before ``paragraph``, walks the same
    lines with the same stops, looking for an underline, and refuses when there is none;
    then ``paragraph`` walks them again. In its place here, one walk makes either: the
    heading where an underline comes first, else the paragraph, with the ``parentType``
    lheading's refusal leaves. (The guard of :func:`_guarded_setext` looked for an
    underline up to the next blank line, whatever ended the paragraph before it: every
    item of a long tight list read all the items after it.) Where lheading would stop
    at an earlier end than ``paragraph`` (an end below ``lineMax``), the two run one by
    one as before.
    """
    from markdown_it.common.utils import mdTrim
    from markdown_it.rules_block.lheading import lheading as markdown_it_lheading
    from markdown_it.rules_block.paragraph import paragraph as markdown_it_paragraph

    ruler = md.block.ruler
    rules = [rule for rule in ruler.__rules__ if rule.enabled]
    terminators = [rule for rule in rules if "paragraph" in rule.alt]
    names = [rule.name for rule in terminators]
    if (
        unguarded.get("paragraph") is not markdown_it_paragraph
        or [rule.fn for rule in terminators] != ruler.getRules("paragraph")
        or set(names).difference(LINE_STARTS) != {"table"}
    ):
        return
    rules_at, unchecked = _rules_by_first_character(terminators, unguarded)

    def walk(state: StateBlock, start_line: int, end_line: int, setext: bool) -> tuple[int, str]:
        """The line a paragraph from ``start_line`` ends before, as markdown-it's
        ``paragraph`` finds it (``end_line``: the last line it may take); ``setext``: or
        the line of a setext underline that comes first, as ``lheading`` finds it, with
        its marker (``=`` or ``-``)."""
        following = start_line + 1
        starts, shifts, ends, counts, src = (
            state.bMarks,
            state.tShift,
            state.eMarks,
            state.sCount,
            state.src,
        )
        while following < end_line:
            pos = starts[following] + shifts[following]
            line_end = ends[following]
            if pos >= line_end:
                break  # an empty line
            count, indent = counts[following], state.blkIndent
            if count - indent > 3:
                following += 1  # indented code continues a paragraph
                continue
            if setext and count >= indent and src[pos] in "-=":
                line = src[pos:line_end]
                if not line.lstrip(line[0]).strip(" \t"):
                    return following, line[0]  # an underline: "---", "== "
            if count < 0:
                following += 1  # a quote's lazy line
                continue
            for rule in rules_at(src[pos], unchecked):
                if rule(state, following, end_line, True):
                    return following, ""
            following += 1
        return following, ""

    def push_paragraph(state: StateBlock, start_line: int, following: int) -> None:
        if following == start_line + 1 and state.blkIndent == 0:  # a line at the top level
            content = mdTrim(state.src[state.bMarks[start_line] : state.eMarks[start_line]])
        else:
            content = mdTrim(state.getLines(start_line, following, state.blkIndent, False))
        state.line = following
        token = state.push("paragraph_open", "p", 1)
        token.map = [start_line, following]
        token = state.push("inline", "", 0)
        token.content = content
        token.map = [start_line, following]
        token.children = []
        state.push("paragraph_close", "p", -1)

    def paragraph(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        old_parent_type = state.parentType
        state.parentType = "paragraph"
        # a paragraph runs on past the end it was given, to lineMax
        push_paragraph(state, start_line, walk(state, start_line, state.lineMax, False)[0])
        state.parentType = old_parent_type
        return True

    ruler.at("paragraph", paragraph, {"alt": []})
    if unguarded.get("lheading") is not markdown_it_lheading or [
        rule.name for rule in rules[-2:]
    ] != ["lheading", "paragraph"]:
        return
    setext = next(rule.fn for rule in rules if rule.name == "lheading")  # the guarded one

    def heading_or_paragraph(
        state: StateBlock, start_line: int, end_line: int, silent: bool
    ) -> bool:
        if end_line != state.lineMax or state.is_code_block(start_line):
            # lheading would look no further than end_line where paragraph goes on to
            # lineMax, and ask the terminators with another end: the two, one by one. (A
            # paragraph in a quote, 525 in the shared corpus: one walk gave the same tokens
            # there and on 200,000 generated notes, but nothing here guarantees it.)
            return setext(state, start_line, end_line, silent) or paragraph(
                state, start_line, end_line, silent
            )
        old_parent_type = state.parentType
        state.parentType = "paragraph"
        following, marker = walk(state, start_line, end_line, True)
        if not marker:  # a paragraph, after lheading's refusal (which leaves parentType)
            push_paragraph(state, start_line, following)
            return True
        content = mdTrim(state.getLines(start_line, following, state.blkIndent, False))
        tag = "h1" if marker == "=" else "h2"
        state.line = following + 1
        token = state.push("heading_open", tag, 1)
        token.markup = marker
        token.map = [start_line, following + 1]
        token = state.push("inline", "", 0)
        token.content = content
        token.map = [start_line, following]
        token.children = []
        token = state.push("heading_close", tag, -1)
        token.markup = marker
        state.parentType = old_parent_type
        return True

    ruler.at("lheading", heading_or_paragraph, {"alt": []})


#: the names ``StateBlock.push`` and ``ParserBlock.parse`` use, in every such version: what
#: :func:`_make_block_tokens_directly` does in their place
_BLOCK_PUSH_NAMES = ("Token", "block", "level", "tokens", "append")
_BLOCK_PARSE_NAMES = ("StateBlock", "tokenize", "line", "lineMax", "tokens")


def _make_block_tokens_directly(md: MarkdownIt) -> None:
    """Let the block parser make its tokens without Token's ``__init__``.

    The block rules make two thirds of a note's tokens (98,000 for the Dendron vault),
    each through ``StateBlock.push``. Token is a data class whose ``__init__`` fills two
    dictionaries by factory and calls ``__post_init__``, which makes a third; here its
    fields are set directly: parsing the vault's bodies ~363 -> ~355 ms.
    ``md.block.parse`` is markdown-it's own but for the state it makes, whose ``push``
    is markdown-it's but for how it makes a token. Done only where Token has the fields
    and ``StateBlock.push`` and ``ParserBlock.parse`` use the names they have in every
    markdown-it-py notelint allows, the block parser is markdown-it's own, and the two
    ``push`` make equal tokens.
    """
    import dataclasses

    from markdown_it.parser_block import ParserBlock
    from markdown_it.rules_block import StateBlock

    block = md.block
    if (
        tuple(field.name for field in dataclasses.fields(Token)) != _TOKEN_FIELDS
        or type(block).parse is not ParserBlock.parse
        or ParserBlock.parse.__code__.co_names != _BLOCK_PARSE_NAMES
        or StateBlock.push.__code__.co_names != _BLOCK_PUSH_NAMES
    ):
        return
    new = object.__new__

    class _StateBlock(StateBlock):
        def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
            token = new(Token)  # each field set by its own statement: ~15 % faster than
            token.type = ttype  # by tuples (which are built, then unpacked)
            token.tag = tag
            token.nesting = nesting
            token.attrs = {}
            token.map = None
            token.children = None
            token.content = ""
            token.markup = ""
            token.info = ""
            token.meta = {}
            token.block = True
            token.hidden = False
            if nesting < 0:
                self.level -= 1  # a closing tag
            token.level = self.level
            if nesting > 0:
                self.level += 1  # an opening tag
            self.tokens.append(token)
            return token

    plain, direct = StateBlock("", md, {}, []), _StateBlock("", md, {}, [])
    for nesting in (1, 0, -1):
        plain.push("a", "b", nesting)  # type: ignore[arg-type]
        direct.push("a", "b", nesting)  # type: ignore[arg-type]
    if direct.tokens != plain.tokens:
        return

    def parse(src: str, md: MarkdownIt, env: Any, out_tokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = _StateBlock(src, md, env, out_tokens)
        block.tokenize(state, state.line, state.lineMax)
        return state.tokens

    block.parse = parse  # type: ignore[method-assign]


#: a link destination's characters up to one that ends it or needs a closer look: white
#: space and control characters end it, and ``\\``, ``(`` and ``)`` are markdown-it's to weigh
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()]*")


def _read_plain_link_destinations_by_pattern(md: MarkdownIt) -> None:
    """Read a link's destination with one pattern when it has no ``<``, ``\\`` or ``(``.

    markdown-it's ``parseLinkDestination`` steps through a destination a character at a
    time (1.2 % of a cold run's CPU, with its ``charCodeAt`` calls). Most destinations
    are a plain run of characters ended by ``)`` or a space: the pattern finds that end
    at C speed, and anything else (``<…>``, a backslash, parentheses to balance) goes to
    markdown-it's own function. This parser's helpers are its own namespace, so the
    plain parser the tests compare with keeps markdown-it's function; a test also
    compares the two on generated destinations.
    """
    from types import SimpleNamespace

    from markdown_it.common.utils import unescapeAll

    helpers = md.helpers
    original = helpers.parseLinkDestination
    result_class = type(original("", 0, 0))  # markdown-it's result: ok, pos, str
    plain = _PLAIN_DESTINATION.match

    def parse_link_destination(string: str, pos: int, maximum: int) -> Any:
        if pos < maximum and string[pos] != "<":
            end = plain(string, pos, maximum).end()  # type: ignore[union-attr]
            if end == maximum or string[end] not in "\\(":
                result = result_class()
                if end > pos:
                    result.str = unescapeAll(string[pos:end])
                    result.pos = end
                    result.ok = True
                return result
        return original(string, pos, maximum)

    names = {name: getattr(helpers, name) for name in dir(helpers) if not name.startswith("_")}
    md.helpers = SimpleNamespace(**{**names, "parseLinkDestination": parse_link_destination})


def _guarded_setext(rule: Any) -> Any:
    """``lheading`` (a setext heading) needs an underline among the lines that follow, up
    to the next blank one: a line of only ``=`` or only ``-`` (and trailing spaces or
    tabs); without one it refuses, after trying the paragraph's terminators on every line
    (as ``paragraph`` then does again). A list item (``- item``) right under a paragraph
    is no underline: letting those through cost ~12 ms on the Dendron vault.
    Refused here, it leaves the state as the rule leaves it when it refuses:
    ``parentType`` set to ``"paragraph"`` unless its first line is indented code. (No
    token depends on that today: ``parentType`` is read only by ``list`` while checking a
    paragraph's terminators, after ``paragraph`` has set it; the guard keeps the state
    the same anyway, so that a markdown-it that reads it elsewhere stays correct.)"""

    def guarded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        starts, shifts, ends, src = state.bMarks, state.tShift, state.eMarks, state.src
        line = start_line + 1
        while line < end_line:
            pos = starts[line] + shifts[line]
            if pos >= ends[line]:
                break  # a blank line: no underline beyond it
            if src[pos] in "-=":
                underline = src[pos : ends[line]].rstrip(" \t")
                if not underline.strip(underline[0]):  # only the marker: "---", "=="
                    return rule(state, start_line, end_line, silent)  # type: ignore[no-any-return]
            line += 1
        if not state.is_code_block(start_line):
            state.parentType = "paragraph"
        return False

    return guarded


def _guarded(rule: Any, starts: str) -> Any:
    def guarded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        pos = state.bMarks[start_line] + state.tShift[start_line]
        src = state.src
        if pos < len(src) and src[pos] not in starts:
            return False
        return rule(state, start_line, end_line, silent)  # type: ignore[no-any-return]

    guarded.__name__ = f"guarded_{getattr(rule, '__name__', 'rule')}"
    return guarded


class _NoDebug:
    """Stands in for the logger of a markdown-it block rule module when its debug
    messages are off: ``debug`` is ``"".format``, a C function that takes any arguments
    and does nothing with them."""

    __slots__ = ()
    debug = staticmethod("".format)


def _quiet_block_rule_loggers() -> None:
    """Every markdown-it-py block rule calls ``LOGGER.debug`` each time it is tried, for
    every line: 328,000 calls for the Dendron vault, ~25 ms (3 % of parsing) spent
    finding out that debug logging is off. Where it is off when the parser is built, the
    rule modules get :class:`_NoDebug` instead; where it is on, they keep their logger."""
    import logging
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("markdown_it.rules_block."):
            continue
        logger = getattr(module, "LOGGER", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            module.LOGGER = _NoDebug()


def _keep_link(url: str) -> str:
    return url


def _allowed_link(url: str) -> bool:
    """markdown-it's verdict on ``url`` as its default ``normalizeLink`` would have left it.

    Only a ``vbscript:``, ``javascript:``, ``file:`` or ``data:`` URL can be refused, and
    normalising never adds a ``:`` nor changes a leading ``http:`` or ``https:``: those
    two cases are decided here, anything else by markdown-it's own two steps.
    """
    if ":" not in url or url.lstrip().lower().startswith(("http:", "https:")):
        return True
    from markdown_it.common.normalize_url import normalizeLink, validateLink

    return validateLink(normalizeLink(url))
