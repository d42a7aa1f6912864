"""SP: spelling of the prose (paragraphs, headings, lists, tables, quotes, title, desc).

The rules read ``note.prose``, so code, URLs, link and wikilink targets, HTML and ``#tags``
are never spell-checked; :mod:`notelint.spelling` does the rest (tokenising, dictionaries,
the locale, suggestions). One :class:`~notelint.spelling.Speller` is built per run.
"""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Applicability, Diagnostic, Span
from notelint.registry import Context, Rule
from notelint.spelling import Speller, Word, may_repeat, tokens, words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from notelint.note import Note


def speller(ctx: Context) -> Speller:
    """The run's speller: the configured language and locale, the pack's and config's words."""

    def build() -> Speller:
        options = ctx.config.spelling
        return Speller(
            language=options.language,
            locale=options.locale,
            extra=[*ctx.pack.words, *options.words],
            ignore_acronyms=options.ignore_acronyms,
            min_length=options.min_length,
            software_terms=options.software_terms,
        )

    return ctx.shared("spelling.speller", build)


#: a prose piece: its start, its end and its candidate words (:func:`tokens`)
_Piece = tuple[int, int, list[str]]


def _block_tokens(note: Note, ctx: Context) -> list[list[_Piece]]:
    """The candidate words of each piece of each prose block, found once per note for
    SP001 and SP002 (kept on the note for the run, ``Context.keep``).

    Both rules usually find nothing: a piece is tokenised word by word (:func:`words`)
    only when its candidates may hide a misspelling or a repeat.
    """
    blocks = ctx.kept(note, "spelling.tokens")
    if blocks is None:
        text = note.text
        blocks = [
            [
                (piece.start, piece.end, tokens(text, piece.start, piece.end))
                for piece in block.pieces
            ]
            for block in note.prose
        ]
        ctx.keep(note, "spelling.tokens", blocks)
    return blocks


def _quoted(options: list[str]) -> str:
    quoted = [f"'{option}'" for option in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


#: distinct unknown words per note that get suggestions (a few milliseconds each): a real
#: note has a few dozen; a generated or binary-like one must not make a run take minutes
SUGGESTION_LIMIT = 200


class MisspelledWord(Rule):
    """Words should be in the dictionary, the rule pack's word lists or the configured words.

    ## Why
    A typo in a note is found again by nobody: search misses it, and readers stumble on it.
    Possessives (`Brezhnev's`) and hyphenated compounds (`Sino-Soviet`) are checked by their
    parts; acronyms (`USSR`), words with digits, code, URLs and link targets are skipped.
    Names and terms of the vault belong in `rules/words/*.txt` (an entry with a capital
    letter must be written with it), or in `words` in the configuration. In English, a
    curated list of software terms is accepted too (cspell's software-terms dictionary:
    `kubectl`, `onboarding`, `Kubernetes`, case-sensitive like the word lists), unless
    `software-terms = false`. Up to three suggestions are given, most likely first; when
    there is exactly one, it is offered as an unsafe fix.

    ## Bad
    ```markdown
    ---
    title: The split
    ---
    Even when the victory was inveitable, Stalin still wanted them to unite.
    ```

    ## Good
    ```markdown
    ---
    title: The split
    ---
    Even when the victory was inevitable, Stalin still wanted them to unite.
    ```

    ## Options
    ```toml
    [spelling]
    language = "en"
    locale = "en-GB"          # also accept British spellings: colour, organise, centre
    ignore-acronyms = true    # skip ALL-CAPS words such as USSR, PRC
    min-length = 2            # skip shorter words
    words = ["Politburo"]     # accepted words besides the rule pack's word lists
    software-terms = true     # also accept software terms: kubectl, onboarding, Kubernetes
    ```
    """

    code, name = "SP001", "misspelled-word"
    fixable = "unsafe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        spell = speller(ctx)
        suggested: set[str] = set()
        text = note.text
        for block in _block_tokens(note, ctx):
            for start, end, texts in block:
                if spell.quiet(texts):
                    continue
                found = words(text, start, end, skip=spell.quiet_words, texts=texts)
                yield from self._check_piece(note, spell, found, suggested)

    def _check_piece(
        self, note: Note, spell: Speller, found: Iterator[Word], suggested: set[str]
    ) -> Iterator[Diagnostic]:
        for part in spell.misspelled_words(found):
            suggestions: list[str] = []
            if part.text in suggested or len(suggested) < SUGGESTION_LIMIT:
                suggested.add(part.text)
                suggestions = spell.suggest(part.text)
            message = f"Unknown word '{part.text}'"
            if suggestions:
                message += f" (did you mean {_quoted(suggestions)}?)"
            span = Span(part.start, part.end)
            fix = None
            if len(suggestions) == 1:
                fix = self.fix(
                    f"Replace with '{suggestions[0]}'",
                    (span, suggestions[0]),
                    applicability=Applicability.UNSAFE,
                )
            yield self.report(note, span, message, fix=fix, suggestions=suggestions)


#: repetitions that are grammatical: "what he had had", "he said that that was all"
_GRAMMATICAL = frozenset({"had", "that"})


class RepeatedWord(Rule):
    """A word should not be written twice in a row.

    ## Why
    `to to` and `the the` are slips of editing that a spell checker cannot see, because
    each word is spelt correctly. Only words separated by nothing but white space count
    (`to **to**` is left alone), and the grammatical `had had` and `that that` are allowed,
    as are repeated capitalised names (`Baden Baden`). A run of repeats (`the the the`) is
    one diagnostic, whose fix leaves one word.

    ## Bad
    ```markdown
    The Chinese goal was to to push the PRC's stance.
    ```

    ## Good
    ```markdown
    The Chinese goal was to push the PRC's stance.
    ```
    """

    code, name = "SP002", "repeated-word"
    fixable = "safe"

    def check(self, note: Note, ctx: Context) -> Iterator[Diagnostic]:
        text = note.text
        for block in _block_tokens(note, ctx):
            texts = block[0][2] if len(block) == 1 else [t for *_, found in block for t in found]
            if not may_repeat(texts):
                continue
            run: list[Word] = []
            found = (w for start, end, texts in block for w in words(text, start, end, (), texts))
            for word in [*found, None]:
                if run and word is not None and self._repeats(note.text, run[-1], word):
                    run.append(word)
                    continue
                if len(run) > 1:
                    yield self._report_run(note, run)
                run = [word] if word is not None else []

    @staticmethod
    def _repeats(text: str, previous: Word, word: Word) -> bool:
        lower = word.text.lower()
        if previous.text.lower() != lower or lower in _GRAMMATICAL:
            return False
        if previous.text[:1].isupper() and word.text[:1].isupper():
            return False
        gap = text[previous.end : word.start]
        return bool(gap) and gap.isspace() and gap.count("\n") <= 1

    def _report_run(self, note: Note, run: list[Word]) -> Diagnostic:
        """One diagnostic for a run of repeats (``the the the``), from the first repeat."""
        first, last = run[0], run[-1]
        fix = self.fix("Remove the repeated word", (Span(first.end, last.end), ""))
        message = f"Word '{run[1].text}' is repeated"
        if len(run) > 2:
            message += f" {len(run) - 1} times"
        return self.report(note, Span(run[1].start, last.end), message, fix=fix)
