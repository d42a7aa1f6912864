"""The speller: words in prose, pyspellchecker's dictionary, the vault's words, suggestions.

Three parts, each cheap where a commit hook needs it to be:

* **Tokenising.** :func:`words` finds the words of one prose piece with their exact source
  offsets. Hyphenated compounds (``Sino-Soviet``) and possessives (``Brezhnev's``) come out
  as one word and are checked by their parts; identifiers are skipped rather than guessed
  at: words with digits or underscores, ``camelCase``, and words glued to a path or a file
  name (``src/index``, ``dendron.yml``). Most pieces of prose need no more than
  :func:`tokens` (one scan) and a set inclusion: :meth:`Speller.quiet` remembers, per
  run, which token texts have no misspelled part, so only a piece holding an unknown
  token is tokenised word by word.
* **Knowing a word.** :class:`Speller` accepts a word found in the language's dictionary,
  in the curated list of software terms shipped with notelint (``data/software-terms.txt``,
  from cspell's software-terms dictionary; English only, ``software-terms = false`` turns it
  off), in the rule pack's word lists or in the configuration's ``words`` (an entry with a
  capital letter must be written with it, SPEC section 6). With ``locale = "en-GB"`` British
  spellings are mapped to the dictionary's American forms by spelling rules (``colour`` ->
  ``color``, ``organise`` -> ``organize``, ``centre`` -> ``center``, ``travelled`` ->
  ``traveled``, ``programme`` -> ``program`` ...), not by a list of words.
* **Suggesting.** pyspellchecker's own ``candidates()`` builds every string within two
  edits, which for a word of n letters is about (54n)^2 strings: seconds for a long word.
  Here the dictionary carries a SymSpell-style index of single deletions (``word`` minus
  one letter -> the words), so that every dictionary word within two edits of a typo is
  found with O(n^2) lookups, then ranked by a weighted edit distance and word frequency.

The dictionary is prepared once per machine (pyspellchecker's JSON takes ~120 ms to
load): words and deletions are grouped into buckets of newline-joined strings and written
with :mod:`marshal` under the user's cache folder, behind its length and CRC-32. Loading the
prepared words is a few thousand string objects instead of 160,000; a missing, stale,
corrupt or unwritable cache only means building it again in memory.
"""

from __future__ import annotations

import itertools
import marshal
import math
import os
import re
import struct
import unicodedata
import zlib
from collections.abc import Container, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from notelint.atomic import replacing
from notelint.hashing import blake2b
from notelint.record import NamedTuple

#: bump when the prepared form changes shape
FORMAT = 5
_MAGIC = b"NOTELINT-SPELLING\n"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

#: a word: letters and digits, with apostrophes and hyphens inside it
_WORD = re.compile(r"[^\W_]++(?:['’\-‐][^\W_]++)*+")
_APOSTROPHES = "'’"
_made = tuple.__new__
#: the characters :func:`parts` splits or strips at
_JOINERS = frozenset("'’-‐")
_DIGIT = re.compile(r"\d")
_JOINER = re.compile(r"['’\-‐]")
_HYPHEN = re.compile(r"([\-‐])")
#: what an apostrophe may join to a word: it's, don't, they're, we've, I'll, I'd, I'm
_CLITICS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
#: prefixes written with a hyphen that are not words of their own
_PREFIXES = frozenset(
    {
        "anti",
        "co",
        "de",
        "e",
        "inter",
        "mid",
        "multi",
        "non",
        "post",
        "pre",
        "pro",
        "re",
        "self",
        "semi",
        "sub",
        "un",
        "neo",
        "quasi",
        "ex",
    }
)


class Word(NamedTuple):
    """A word of prose: its text and its offsets in the source.

    A named tuple rather than a frozen dataclass: a large vault has hundreds of thousands
    of words, and a tuple is built three times faster.
    """

    text: str
    start: int
    end: int


def words(
    text: str,
    start: int = 0,
    end: int | None = None,
    skip: Container[str] = (),
    texts: list[str] | None = None,
) -> Iterator[Word]:
    """The words of ``text[start:end]`` with exact offsets, identifiers left out.

    Words whose text is in ``skip`` are left out too, before anything else is asked of
    them (SP001 skips the words it already knows to be spelt right). ``texts``: the
    piece's :func:`tokens`, when the caller has them.

    Each candidate is found again in the text from where the one before ended, rather
    than by a match object each: a candidate starts with a letter or digit and the text
    between two candidates has none, so the first occurrence from there is the
    candidate itself (a third of SP001's time went to ``finditer``'s match objects).

    >>> [w.text for w in words("Khrushchev's Sino-Soviet talks, 1958")]
    ["Khrushchev's", 'Sino-Soviet', 'talks']
    >>> [w.text for w in words("see dendron.yml in src/index and note_id or camelCase")]
    ['see', 'in', 'and', 'or']
    >>> [(w.text, w.start) for w in words("Café — über naïve", 0)]
    [('Café', 0), ('über', 7), ('naïve', 12)]
    """
    end = len(text) if end is None else end
    find = text.find
    last = start
    for token in _WORD.findall(text, start, end) if texts is None else texts:
        first = find(token, last, end)
        last = first + len(token)
        if token in skip:
            continue
        before = text[first - 1] if first > start else " "
        if before in "_/\\@$%~=" or (before == "." and first > start + 1):
            continue
        after = text[last] if last < end else " "
        if after in "_/\\@=":
            continue
        if after in ".:":
            after2 = text[last + 1] if last + 1 < end else " "
            if after2.isalnum() or after2 == "/":
                continue  # a file name, a domain, an object path, a scheme
        if (not token.isalpha() or not token[1:].islower()) and _identifier(token):
            continue
        yield _made(Word, (token, first, last))  # without Word's __new__, a Python function


#: the longest candidate word :meth:`Speller.quiet` judges by itself
_QUIET_LENGTH = 64


def _identifier(token: str) -> bool:
    """A token that is never a word whatever its neighbours: digits, or mixed case."""
    if not token.isalpha() and _DIGIT.search(token):
        return True
    return not token[1:].islower() and _camel(token)  # most words: lower or Title case


def tokens(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The texts of every candidate word of ``text[start:end]``, in order, found in one scan.

    Every word :func:`words` yields is among them (it leaves identifiers out, judging each
    by its neighbours); the two are the same ``finditer``. A rule that usually finds nothing
    asks these first, at C speed, and tokenises a piece word by word only when one of them
    needs a closer look (:meth:`Speller.quiet`, :func:`may_repeat`).

    >>> tokens("see dendron.yml in src/index, Sino-Soviet")
    ['see', 'dendron', 'yml', 'in', 'src', 'index', 'Sino-Soviet']
    """
    return _WORD.findall(text, start, len(text) if end is None else end)


def may_repeat(texts: list[str]) -> bool:
    """Whether two neighbours of ``texts`` are the same word but for case.

    A word of :func:`words` repeated with only white space between (what SP002 reports) is
    two neighbours here: the candidates between them would lie in that white space.

    >>> may_repeat(["to", "To", "be"]), may_repeat(["to", "be", "to"])
    (True, False)
    """
    lowered = list(map(str.lower, texts))
    return any(map(str.__eq__, lowered, itertools.islice(lowered, 1, None)))


def _camel(token: str) -> bool:
    """``camelCase``, ``PascalCase``, ``iOS``, ``VSCode``: mixed case inside a word.

    An upper-case letter after a lower-case one, or two capitals followed by lower case;
    ``NGOs`` (an acronym's plural) is not mixed case.
    """
    for part in _JOINER.split(token) if _JOINERS.intersection(token) else (token,):
        if any(a.islower() and b.isupper() for a, b in itertools.pairwise(part)):
            return True
        core = part[:-1] if part.endswith("s") else part
        if core[:2].isupper() and not core.isupper():
            return True
    return False


def parts(word: Word) -> Iterator[Word]:
    """The parts of a word that are checked: hyphenated compounds split, clitics removed.

    >>> [p.text for p in parts(Word("Khrushchev's", 0, 12))]
    ['Khrushchev']
    >>> [(p.text, p.start) for p in parts(Word("Sino-Soviet", 10, 21))]
    [('Sino', 10), ('Soviet', 15)]
    >>> [p.text for p in parts(Word("couldn't", 0, 8))]
    ['could']
    """
    if not _JOINERS.intersection(word.text):
        yield word  # most words: nothing to split or strip
        return
    offset = word.start
    for piece in _HYPHEN.split(word.text):
        if piece in "-‐":
            offset += len(piece)
            continue
        stem = piece
        for mark in _APOSTROPHES:
            head, found, tail = piece.partition(mark)
            if found and tail.lower() in _CLITICS and _WORD.fullmatch(head):
                stem = head[:-1] if tail.lower() == "t" and head.lower().endswith("n") else head
                break
        yield Word(stem, offset, offset + len(stem))
        offset += len(piece)


# -- British spellings -------------------------------------------------------------------

#: British -> American spelling rules: (pattern, replacement), tried in every combination
_BRITISH_RULES: tuple[tuple[str, str], ...] = (
    # colour, behaviour; never after a t: "-tor" is British too (operator, not "operatour")
    (r"(?<=[a-z][a-su-z])our(?=s?$|ed$|ing$|ite|able|ful|less|er|ism|ist)", "or"),
    (r"(?<=[a-z]{2})is(?=(?:e|es|ed|er|ers|ing|ation|ations|able)$)", "iz"),  # organise
    (r"(?<=[a-z]{2})isation", "ization"),  # organisation, organisational
    (r"(?<=[a-z])ys(?=(?:e|es|ed|er|ing)$)", "yz"),  # analyse, paralysed
    (r"(?:(?<=[tbvg])|(?<=ch))re(?=s?$)", "er"),  # centre, fibres, manoeuvre, meagre, sepulchre
    (r"(?<=nt)red$", "ered"),  # centred
    (r"(?<=nt)ring$", "ering"),  # centring
    (r"(?<=[fct])ence(?=s?$)", "ense"),  # defence, offence, licence, pretence
    # travelled, counsellor, marvellous: after one e or a (not "appealling", "compilled")
    (r"(?<=[^aeiou][ea])ll(?=ed$|ing$|er$|ers$|or$|ors$|ous)", "l"),
    # enrol, fulfil, instalment, distil (not "wel", "stil"); skilful, wilful
    (r"([aeiou][^aeiou]{1,3}[aio])l(?=s?$|ment|ments)", r"\1ll"),
    (r"(?<=[^aeiou]i)l(?=ful)", "ll"),
    (r"(?<=gr)amme(?=s?$)", "am"),  # programme, kilogramme
    (r"ogue(?=s?$)", "og"),  # catalogue, analogue
    # the Greek and Latin combining forms written with ae / oe: paedi-, paedo-, haem-, anaem-,
    # anaes-, palaeo-, leukaem-, faec-, mediaev-, gynaec-, caes-; manoeuv-, oestr-,
    # oesoph-, oedem-, foet-, -rrhoea, amoeb-, coel-
    (
        r"(?<=p)ae(?=d[io])|(?<=^h)ae(?=m)|(?<=an)ae(?=[ms])|(?<=pal)ae(?=o)|(?<=leuk)ae(?=m)"
        r"|(?<=f)ae(?=c)|(?<=medi)ae(?=v)|(?<=gyn)ae(?=c)|(?<=^c)ae(?=s)",
        "e",
    ),
    (
        r"(?<=man)oe(?=u)|^oe(?=[sd])|(?<=f)oe(?=t)|(?<=rrh)oe|(?<=am)oe(?=b)|(?<=c)oe(?=l)",
        "e",
    ),
    (r"dgement", "dgment"),  # judgement, acknowledgements
    (r"(?<=[kz])eable$", "able"),  # likeable, sizeable
)


@lru_cache(maxsize=1)
def _british() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rules compiled, on first use (at import they cost a run without en-GB ~5 ms)."""
    return tuple((re.compile(pattern), replacement) for pattern, replacement in _BRITISH_RULES)


def american_forms(word: str) -> set[str]:
    """What a British spelling may be in an American dictionary (the word itself included).

    >>> sorted(american_forms("colour"))
    ['color', 'colour']
    >>> "organization" in american_forms("organisation")
    True
    >>> {"maneuver", "traveled", "center", "program", "defense"} <= set().union(
    ...     *(american_forms(w) for w in ("manoeuvre", "travelled", "centre", "programme",
    ...                                   "defence")))
    True
    """
    forms = {word}
    for pattern, replacement in _british():
        forms |= {pattern.sub(replacement, form) for form in forms}
    return forms


#: American -> British spellings to try on a suggestion; each result is kept only when the
#: British rules above map it back (so these may over-generate)
_AMERICAN: tuple[tuple[str, str], ...] = (
    ("or", "our"),
    ("iz", "is"),
    ("yz", "ys"),
    ("er", "re"),
    ("ense", "ence"),
    ("eled", "elled"),
    ("eling", "elling"),
    ("aled", "alled"),
    ("aling", "alling"),
    ("eler", "eller"),
    ("elor", "ellor"),
    ("elous", "ellous"),
    ("ll", "l"),
    ("am", "amme"),
    ("og", "ogue"),
    ("e", "ae"),
    ("e", "oe"),
    ("dgment", "dgement"),
    ("ered", "red"),
    ("ering", "ring"),
    ("able", "eable"),
)


def british_form(typo: str, suggestion: str) -> str:
    """The British spelling of an American ``suggestion``, when one is as close to ``typo``.

    The dictionary is American; a British writer who mistypes ``behaviour`` should be
    offered ``behaviour``, not ``behavior``. A British form is offered when it is at most
    half an edit further from the typo than the American one.

    >>> british_form("behavoiur", "behavior"), british_form("colur", "color")
    ('behaviour', 'colour')
    >>> british_form("teh", "the")
    'the'
    """
    limit = distance(typo, suggestion) + 0.5
    best, best_key = suggestion, (0, 0.0)
    frontier = [suggestion]
    for depth in (1, 2):  # manoeuvre is maneuver with two changes
        found = []
        for form in frontier:
            for american, british in _AMERICAN:
                start = form.find(american)
                while start >= 0:
                    variant = form[:start] + british + form[start + len(american) :]
                    if variant not in (form, suggestion) and suggestion in american_forms(variant):
                        found.append(variant)
                        cost = distance(typo, variant)
                        if cost <= limit and (depth, -cost) > best_key:
                            best, best_key = variant, (depth, -cost)
                    start = form.find(american, start + 1)
        frontier = found
    return best


# -- the prepared dictionary ---------------------------------------------------------------


def _find(buckets: list[bytes], key: str) -> str | None:
    """The value stored for ``key`` in newline-joined ``key\\tvalue`` buckets, or None.

    A key's bucket is its CRC-32 (stable across processes, unlike ``hash``) modulo the
    number of buckets, a power of two; a bucket holds a few dozen short lines. Buckets are
    ``bytes``: :mod:`marshal` loads them without decoding, and a lookup decodes one value.
    """
    raw = key.encode()
    bucket = buckets[zlib.crc32(raw) & (len(buckets) - 1)]
    needle = b"\n" + raw + b"\t"
    at = bucket.find(needle)
    if at < 0:
        return None
    at += len(needle)
    return bucket[at : bucket.index(b"\n", at)].decode()


def _join(table: dict[str, list[str]], per_bucket: int = 20) -> list[bytes]:
    size = 1 << max(4, (len(table) // per_bucket).bit_length())
    grouped: list[list[str]] = [[] for _ in range(size)]
    for key, values in table.items():
        grouped[zlib.crc32(key.encode()) & (size - 1)].append(f"{key}\t{' '.join(values)}")
    return [("\n" + "\n".join(lines) + "\n").encode() for lines in grouped]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Dictionary:
    """A language's words with their frequencies, and the index of single deletions.

    ``words`` buckets map a word to its frequency (all that checking needs). A word that
    must be written with its capitals (``Kubernetes``) is there as written, and its lower
    case maps to ``=Kubernetes``: not a word, but the spelling to suggest. ``index``
    buckets map every word and every single deletion of a word to ``"F w1:f1 w2:f2 …"``:
    its own frequency ``F`` (0 when it is only a deletion) and the words that become it when
    one letter is dropped, with theirs, so that one lookup answers both questions a
    suggestion asks of a string. Both are lists of plain ``str``, which :mod:`marshal` loads
    in milliseconds.
    """

    def __init__(self, words: list[bytes], index: list[bytes] | None = None) -> None:
        self._words = words
        self._index = index

    def __contains__(self, word: str) -> bool:
        found = _find(self._words, word)
        return found is not None and found[:1] != "="

    def frequency(self, word: str) -> int:
        found = _find(self._words, word)
        return int(found) if found and found[:1] != "=" else 0

    def cased(self, lower: str) -> str | None:
        """The case-sensitive word whose lower case ``lower`` is (``Kubernetes``), if any."""
        found = _find(self._words, lower)
        return found[1:] if found and found[:1] == "=" else None

    def lookup(self, key: str) -> tuple[int, list[str]]:
        """``key``'s frequency (0: not a word) and ``word:frequency`` of the words one
        letter longer that become ``key`` when that letter is dropped."""
        found = _find(self._index, key) if self._index else None
        if not found:
            return 0, []
        own, *longer = found.split(" ")
        return int(own), longer

    @classmethod
    def build(cls, frequencies: dict[str, int], cased: dict[str, int] | None = None) -> Dictionary:
        """From lower-case ``frequencies`` and ``cased`` words (known only as written).

        A cased word is suggested through its lower case (mapped back by :meth:`cased`),
        unless that is a word itself or the cased one is an acronym (``ADMIN``): an acronym
        is not what a lower-case typo was meant to be.
        """
        entries = {word: [str(count)] for word, count in frequencies.items()}
        searched = dict(frequencies)
        for word, count in sorted((cased or {}).items()):
            entries[word] = [str(count)]
            lower = word.lower()
            if lower not in searched and not word.isupper() and not _acronym_plural(word):
                entries[lower] = ["=" + word]
                searched[lower] = count
        words = _join(entries)
        table: dict[str, list[str]] = {word: [str(count)] for word, count in searched.items()}
        for word, count in searched.items():
            if len(word) >= 3:
                entry = f"{word}:{count}"
                for key in _deletes(word):
                    table.setdefault(key, ["0"]).append(entry)
        return cls(words, _join(table))


def cache_dir() -> Path:
    """Where prepared dictionaries live: notelint's folder in the user cache."""
    from notelint.memo import cache_home

    return Path(cache_home())


def _package() -> Path:
    """pyspellchecker's folder, found without importing it (the import costs ~10 ms)."""
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pyspellchecker is not installed")
    return Path(spec.origin).parent


def languages() -> list[str]:
    """The languages pyspellchecker ships dictionaries for (empty if it cannot be found)."""
    try:
        resources = _package() / "resources"
    except ModuleNotFoundError:
        return []
    return sorted(path.name.removesuffix(".json.gz") for path in resources.glob("*.json.gz"))


#: curated software terms (cspell's ``@cspell/dict-software-terms``, MIT; rebuilt by
#: ``tests/tools/software_terms.py``): accepted and suggested in English
SOFTWARE_TERMS = Path(__file__).resolve().parent / "data" / "software-terms.txt"
#: the frequency a software term counts as when pyspellchecker's list lacks it: a little
#: above the long tail's 50 (tuned on the tuning sample of the spelling benchmark)
TERM_FREQUENCY = 500


@lru_cache(maxsize=1)
def _terms_digest() -> str:
    """The software-terms list's content: a prepared form built from another is stale."""
    try:
        return blake2b(SOFTWARE_TERMS.read_bytes(), digest_size=32).hexdigest()[:16]
    except OSError:
        return "missing"


def software_terms() -> list[str]:
    """The entries of the software-terms list (empty when the file cannot be read)."""
    try:
        text = SOFTWARE_TERMS.read_text(encoding="utf-8")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()[:1] not in ("", "#")]


def _key(language: str, terms: bool = False) -> str:
    """The prepared form's name: the format, pyspellchecker's version and its word file,
    and the software terms' content when they are part of it.

    The version comes from the name of the ``dist-info`` folder and the word file is
    identified by its size and modification time, so no import and no hashing of 4 MB is
    needed to know whether the prepared form is current; the terms (40 kB) are hashed.
    """
    package = _package()
    versions = sorted(p.name for p in package.parent.glob("pyspellchecker-*.dist-info"))
    try:
        stat = (package / "resources" / f"{language}.json.gz").stat()
        stamp = f"{stat.st_size}-{stat.st_mtime_ns}"
    except OSError:
        stamp = "missing"
    raw = f"{FORMAT}|{language}|{package}|{versions}|{stamp}"
    if terms:
        raw += f"|terms {_terms_digest()} {TERM_FREQUENCY}"
    return blake2b(raw.encode(), digest_size=32).hexdigest()[:16]


def _read(path: Path) -> object | None:
    """A cached object, or None when it is missing or does not match its length and CRC.

    The header holds the payload's length and CRC-32: enough to refuse a truncated or
    damaged file (the cache is the user's own, not a trust boundary), and 4 times cheaper
    than a cryptographic digest on the 36 MB suggestion index.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 12
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    length, crc = struct.unpack("<QI", data[len(_MAGIC) : head])
    payload = memoryview(data)[head:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _write(path: Path, value: object) -> None:
    """Write atomically (temporary file and rename); an unwritable folder is not an error."""
    payload = marshal.dumps(value)
    header = _MAGIC + struct.pack("<QI", len(payload), zlib.crc32(payload))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path, binary=True) as out:
            out.write(header + payload)
    except OSError:
        pass


def _frequencies(language: str) -> dict[str, int]:
    from spellchecker import SpellChecker

    try:
        checker = SpellChecker(language=language, distance=1)
    except ValueError as exc:
        from notelint.config import ConfigError

        raise ConfigError(f"spelling.language: {exc}") from None
    return dict(checker.word_frequency.dictionary)


def _valid(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 16
        and len(value) & (len(value) - 1) == 0
        and type(value[0]) is bytes
        and type(value[-1]) is bytes
    )


@lru_cache(maxsize=4)
def load_words(language: str, folder: Path | None = None, terms: bool = False) -> Dictionary:
    """The prepared words of ``language``, with the software terms when ``terms`` (the
    suggestion index is loaded on first use)."""
    words_file, _ = _prepared_files(language, folder, terms)
    words = _read(words_file)
    if not _valid(words):
        return _prepare(language, folder, terms)
    _mark_used(words_file)
    return Dictionary(words)  # type: ignore[arg-type]


def load_index(
    dictionary: Dictionary, language: str, folder: Path | None = None, terms: bool = False
) -> None:
    """Attach the suggestion index to ``dictionary``, from the cache or rebuilt."""
    if dictionary._index is not None:
        return
    _, index_file = _prepared_files(language, folder, terms)
    index = _read(index_file)
    if not _valid(index):
        index = _prepare(language, folder, terms)._index
    else:
        _mark_used(index_file)
    dictionary._index = index  # type: ignore[assignment]


def _mark_used(path: Path) -> None:
    """Date a prepared file by its last use (at most daily), so that pruning keeps the
    ones any installation still reads: see :func:`notelint.memo.prune`."""
    import time

    try:
        if path.stat().st_mtime < time.time() - 86400:
            os.utime(path)
    except OSError:
        pass


def _prepared_files(language: str, folder: Path | None, terms: bool) -> tuple[Path, Path]:
    """Where the prepared words and suggestion index of ``language`` are kept."""
    folder = folder or cache_dir()
    key = _key(language, terms)
    return folder / f"words-{language}-{key}.bin", folder / f"index-{language}-{key}.bin"


def _with_terms(frequencies: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """The language's frequencies with the software terms added, and the cased terms.

    A lower-case term the language already has keeps the language's frequency; the others
    count as :data:`TERM_FREQUENCY`. A term with a capital is case-sensitive (SPEC section
    6), kept apart for :meth:`Dictionary.build`.
    """
    merged = dict(frequencies)
    cased: dict[str, int] = {}
    for term in software_terms():
        if term == term.lower():
            merged.setdefault(term, TERM_FREQUENCY)
        else:
            cased[term] = TERM_FREQUENCY
    return merged, cased


def _prepare(language: str, folder: Path | None, terms: bool) -> Dictionary:
    """Build the prepared form from pyspellchecker's list (seconds) and write both files."""
    frequencies, cased = _frequencies(language), {}
    if terms:
        frequencies, cased = _with_terms(frequencies)
    prepared = Dictionary.build(frequencies, cased)
    words_file, index_file = _prepared_files(language, folder, terms)
    _write(words_file, prepared._words)
    _write(index_file, prepared._index)
    # each pyspellchecker upgrade or word-list change makes new files (the index is 36 MB)
    from notelint.memo import prune

    for pattern in ("words-*.bin", "index-*.bin", "deletions-*.bin"):
        prune(words_file.parent, pattern, keep={words_file, index_file})
    return prepared


# -- ranking -------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {char: (row, col) for row, keys in enumerate(_KEYBOARD) for col, char in enumerate(keys)}


def _substitution(a: str, b: str) -> float:
    """Substituting ``b`` for ``a``: cheaper between vowels and between neighbouring keys."""
    if a in _VOWELS and b in _VOWELS:
        return 0.6
    ka, kb = _KEY_AT.get(a), _KEY_AT.get(b)
    if ka and kb and abs(ka[0] - kb[0]) <= 1 and abs(ka[1] - kb[1]) <= 1:
        return 0.75
    if {a, b} in ({"c", "s"}, {"s", "z"}, {"c", "k"}):
        return 0.6
    return 1.0


def _indel(word: str, index: int) -> float:
    """Inserting or dropping ``word[index]``: cheap for a doubled letter or a vowel."""
    char = word[index]
    if (index > 0 and word[index - 1] == char) or (
        index + 1 < len(word) and word[index + 1] == char
    ):
        return 0.45
    return 0.8 if char in _VOWELS else 1.0


def distance(source: str, target: str) -> float:
    """A weighted optimal-string-alignment distance from a typo to a candidate.

    >>> distance("occured", "occurred") < distance("occured", "occupied")
    True
    >>> distance("teh", "the")
    0.7
    """
    found = _within(source, target, math.inf)
    assert found is not None
    return found


#: substitution costs met so far: ``_SUBSTITUTIONS[a][b]`` (a pure function of the letters)
_SUBSTITUTIONS: dict[str, dict[str, float]] = {}
#: slack under which an abandoned distance is surely above the limit once rounded
_SLACK = 1e-3


#: swapping two neighbouring letters (``teh``)
#: swapping two neighbouring letters (``teh``)
_TRANSPOSE = 0.7
#: what restoring a letter the typo left out costs, as a share of adding that letter: a
#: left-out letter is the commonest slip of typing (Damerau 1964; Kukich 1992), commoner
#: than an extra or a wrong one, so ``certicate`` is taken for ``certificate`` before the
#: rare ``corticate``, one changed letter away
_OMIT = 0.6


def _indels(word: str) -> list[float]:
    return [_indel(word, index) for index in range(len(word))]


def _within(
    source: str, target: str, limit: float, source_cost: list[float] | None = None
) -> float | None:
    """:func:`distance`, or None as soon as it is sure to be above ``limit``.

    The same table with the same arithmetic, so a returned value equals ``distance``'s;
    what is saved is the per-cell calls and the rows after the search has gone too far.
    Every cell of a row is at least the smaller minimum of the two rows before it
    (all costs are positive), so once two consecutive rows are above the limit, so is
    the end. ``source_cost`` is ``_indels(source)``, when the caller has it.
    """
    n, m = len(source), len(target)
    if _CHEAPEST * abs(n - m) > limit + _SLACK:
        return None
    cut = limit + _SLACK
    if source_cost is None:
        source_cost = _indels(source)
    target_cost = [cost * _OMIT for cost in _indels(target)]
    previous2: list[float] = []
    previous = [0.0] * (m + 1)
    for j in range(1, m + 1):
        previous[j] = previous[j - 1] + target_cost[j - 1]
    low_before = min(previous)
    for i in range(1, n + 1):
        a = source[i - 1]
        drop = source_cost[i - 1]
        substitute = _SUBSTITUTIONS.get(a)
        if substitute is None:
            substitute = _SUBSTITUTIONS[a] = {}
        current = [previous[0] + drop] + [0.0] * m
        for j in range(1, m + 1):
            b = target[j - 1]
            if a == b:
                change = previous[j - 1]
            else:
                cost = substitute.get(b)
                if cost is None:
                    cost = substitute[b] = _substitution(a, b)
                change = previous[j - 1] + cost
            best = min(previous[j] + drop, current[j - 1] + target_cost[j - 1], change)
            if i > 1 and j > 1 and a == target[j - 2] and source[i - 2] == b and a != b:
                best = min(best, previous2[j - 2] + _TRANSPOSE)
            current[j] = best
        low = min(current)
        if low > cut and low_before > cut:
            return None
        low_before = low
        previous2, previous = previous, current
    return round(previous[m], 4)


# -- the speller ---------------------------------------------------------------------------

#: ranking: one edit is worth a factor of 10^4 in word frequency; suggestions scoring more
#: than 10^2.5 worse than the best are left out (tuned on codespell's list: with these,
#: a lone suggestion, the one offered as a fix, is right about 95 % of the time)
_EDIT_WEIGHT = 4.0
_MARGIN = 2.5
#: words this long are searched for run-together compounds with a typo in one half
#: (``chceksum`` -> ``checksum``), when nothing in the dictionary is within this cost
_COMPOUND_MIN = 7
_COMPOUND_GATE = 1.5
#: a compound suggestion counts as a word this much rarer than its rarer half (it is not in
#: the dictionary: a made-up compound must not crowd out a real word a little further away)
_COMPOUND_PRIOR = 1e-5
#: words this long may be corrected up to this cost (three cheap edits: ``unsucesfuly`` ->
#: ``unsuccessfully``); shorter ones up to 2, and words of four letters or fewer up to 1
_LONG = 8
_LONG_COST = 3.0


def _limit(size: int) -> float:
    """The highest cost at which a word of ``size`` letters is still a typo of a suggestion.

    A short word two edits away from another is a different word, not a typo of it; a long
    word keeps its shape through three slips, and few long words lie that close together.
    """
    if size <= 4:
        return 1.0
    return _LONG_COST if size >= _LONG else 2.0


#: the cheapest single edit of :func:`distance` (restoring an omitted doubled letter)
_CHEAPEST = 0.45 * _OMIT

#: words of writing about notes and software that pyspellchecker's list (built from film
#: subtitles) lacks; general vocabulary only: product names belong in a vault's word list
TECHNICAL = frozenset(
    """
    api app apps async boolean booleans cli config configs css dev devs diff diffs
    dropdown emoji emojis enum etc frontmatter html http https init json localhost
    lookup lookups markdown metadata middleware namespace namespaces plugin plugins
    refactor refactored refactoring regex repo repos runtime signup sql subfolder
    subfolders todo todos toml txt ui unicode uri url urls username usernames vscode
    webpage webpages wiki wikilink wikilinks wikis yaml yml
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()  # noqa: SIM905 - a word list reads better as words
)

#: a closed compound is accepted when both halves are words at least this frequent
_COMPOUND_FREQUENCY = 5000


class Speller:
    """Knows words and suggests replacements; built once per run (``ctx.shared``).

    >>> speller = Speller(extra=["Khrushchev", "vault"], locale="en-GB")
    >>> [speller.known(w) for w in ("Khrushchev", "khrushchev", "Vault", "colour", "colur")]
    [True, False, True, True, False]
    >>> speller.suggest("inveitable")
    ['inevitable']
    """

    def __init__(
        self,
        *,
        language: str = "en",
        locale: str = "en-US",
        extra: Iterable[str] = (),
        ignore_acronyms: bool = True,
        min_length: int = 2,
        software_terms: bool = True,
        folder: Path | None = None,
    ) -> None:
        self.language = language
        #: the software terms are English words (and English names)
        self.terms = software_terms and language == "en"
        self.british = locale.lower().replace("_", "-") in ("en-gb", "en-au", "en-nz", "en-ie")
        self.ignore_acronyms = ignore_acronyms
        self.min_length = min_length
        self.folder = folder
        self.dictionary = load_words(language, folder, self.terms)
        #: case-insensitive entries (lower case) and case-sensitive ones (as written)
        self.loose: set[str] = set()
        self.exact: set[str] = set()
        for entry in extra:
            for token in re.split(r"[\s\-‐]+", entry.strip()):
                if token:
                    (self.exact if token != token.lower() else self.loose).add(token)
        self.exact_lower = {entry.lower(): entry for entry in self.exact}
        self._extra_index: dict[str, list[str]] | None = None
        self._suggestions: dict[str, list[str]] = {}
        #: suggestions by lower-case word (``Dendron`` and ``dendron`` rank the same words)
        self._ranked: dict[tuple[str, int], list[str]] = {}
        #: suggestions of earlier runs (see :meth:`_memo`), read on the first suggestion
        self._memo_entries: _Memo | None = None
        self._memo_path: Path | None = None
        self._known: dict[str, bool] = {}
        #: candidate words (:func:`tokens`) known to have no misspelled part, and not
        self._quiet: set[str] = set()
        self._loud: set[str] = set()

    # -- knowing -----------------------------------------------------------------------

    def skipped(self, word: str) -> bool:
        """Too short, an acronym, or not in a script this dictionary could know."""
        if len(word) < self.min_length:
            return True
        acronym = len(word) > 1 and (word.isupper() or _acronym_plural(word))
        return self.ignore_acronyms and acronym

    def known(self, word: str) -> bool:
        """Whether one part of a word (no hyphen, no clitic) is spelt acceptably."""
        cached = self._known.get(word)
        if cached is None:
            cached = self._known[word] = self._lookup(word)
        return cached

    def _lookup(self, word: str) -> bool:
        if word in self.exact or self.skipped(word):
            return True
        lower = word.lower()
        if lower in self.exact_lower:
            return False  # the vault writes it with capitals: "khrushchev" is a misspelling
        if lower in self.loose or lower in self.dictionary:
            return True
        if word != lower and word in self.dictionary:
            return True  # a case-sensitive software term: "Kubernetes"
        folded = _fold(lower)
        if folded is None:
            return True  # another script: not this dictionary's business
        if folded != lower and _fold(word) in self.exact:
            return True  # "Zhōu" for the vault's "Zhou"
        if folded != lower and (folded in self.dictionary or folded in self.loose):
            return True
        if self.british and any(form in self.dictionary for form in american_forms(folded)):
            return True
        if lower.endswith("s") and (lower[:-1] in self.loose or word[:-1] in self.exact):
            return True  # plural of a vault word: "Politburos" is not a misspelling
        if self.language == "en" and lower in TECHNICAL:
            return True
        return self._compound(folded)

    def _compound(self, word: str) -> bool:
        """``workflow``, ``backlinks``, ``keybindings``: two common words written as one.

        Both halves must have at least three letters and be frequent words (the frequency
        list's long tail holds fragments that would excuse real typos).
        """
        if len(word) < 6:
            return False
        frequency = self.dictionary.frequency
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if head == tail:
                continue
            if frequency(head) >= _COMPOUND_FREQUENCY and (
                frequency(tail) >= _COMPOUND_FREQUENCY or tail in TECHNICAL
            ):
                return True
        return False

    def misspelled_words(self, words: Iterable[Word]) -> Iterator[Word]:
        """The parts of ``words`` that are not known, in order.

        The same as :meth:`misspelled` on each word; a word already known to be spelt
        right, and with nothing to split (most words of a note), costs one dict lookup.
        """
        known = self._known
        for word in words:
            if known.get(word.text) and _JOINERS.isdisjoint(word.text):
                continue
            yield from self.misspelled(word)

    @property
    def quiet_words(self) -> set[str]:
        """The words :meth:`quiet` found to have no misspelled part so far (this run)."""
        return self._quiet

    def quiet(self, texts: list[str]) -> bool:
        """Whether no word among the candidate words ``texts`` (:func:`tokens`) of a piece
        has a misspelled part, so that :meth:`misspelled_words` of the piece's
        :func:`words` would yield nothing; False means: look closer.

        A verdict depends on the word's text only, and is kept for the run: a note's
        words are mostly ones seen before, and then the answer costs a set inclusion.
        Identifiers by their own letters (digits, mixed case) are never checked; a long
        token is left to the closer look, which may skip it by its neighbours.
        """
        quiet = self._quiet
        if quiet.issuperset(texts):
            return True
        loud = self._loud
        for text in set(texts).difference(quiet):
            if text in loud:
                return False
            # a word of one part is known() or not; misspelled() would ask just that
            if _identifier(text) or (
                len(text) <= _QUIET_LENGTH
                and (
                    self.known(text)
                    if _JOINERS.isdisjoint(text)
                    else next(self.misspelled(Word(text, 0, len(text))), None) is None
                )
            ):
                quiet.add(text)
            else:
                loud.add(text)
                return False
        return True

    def misspelled(self, word: Word) -> Iterator[Word]:
        """The parts of ``word`` that are not known."""
        if self._known.get(word.text) and not _JOINERS.intersection(word.text):
            return  # the common case, answered without splitting
        pieces = list(parts(word))
        for index, part in enumerate(pieces):
            if not part.text or self.known(part.text):
                continue
            if index < len(pieces) - 1 and part.text.lower() in _PREFIXES:
                continue
            yield part

    # -- suggesting --------------------------------------------------------------------

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` replacements for an unknown word, most likely first (cached)."""
        cached = self._suggestions.get(word)
        if cached is None:
            cached = self._memo().get(word) if limit == MEMO_LIMIT else None
            if cached is None:
                cached = self._suggest(word, limit)
                if limit == MEMO_LIMIT:
                    self._remember(word, cached)
            self._suggestions[word] = cached
        return cached

    # -- the memo of suggestions -------------------------------------------------------

    def _memo(self) -> _Memo:
        """The suggestions computed by earlier runs with the same inputs (read once).

        A suggestion takes milliseconds and a vault has hundreds of distinct unknown
        words (mostly names), the same from one run to the next. So each one computed is
        appended to a file in the cache folder whose name is a digest of everything a
        suggestion depends on: the prepared dictionary's key, the locale, the vault's words
        (pack and configuration) and this module's source (the algorithm). A line carries
        its own CRC-32: a torn or damaged line is skipped, never trusted. Appends are single
        ``write`` calls on a file opened with ``O_APPEND``, so worker processes of one run
        add their lines side by side; a line both write is read twice, the same.
        """
        if self._memo_entries is None:
            self._memo_entries = _Memo()
            folder = self.folder or cache_dir()
            try:
                key = _memo_key(
                    _key(self.language, self.terms),
                    self.british,
                    sorted(self.loose),
                    sorted(self.exact),
                )
            except (OSError, ModuleNotFoundError):
                return self._memo_entries
            self._memo_path = folder / f"suggestions-{self.language}-{key}.txt"
            self._memo_entries = _read_memo(self._memo_path)
        return self._memo_entries

    def _remember(self, word: str, suggestions: list[str]) -> None:
        path = self._memo_path
        if path is None:
            return
        body = "\t".join([word, *suggestions])
        line = f"{body}\t{zlib.crc32(body.encode()):08x}\n".encode()
        try:
            if path.exists():
                if path.stat().st_size > MEMO_BYTES:
                    return
            else:
                _prune_memos(path)
            handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(handle, line)
            finally:
                os.close(handle)
        except OSError:
            self._memo_path = None  # an unwritable cache folder only means no memo

    def _suggest(self, word: str, limit: int) -> list[str]:
        lower = _fold(word.lower())
        if not lower or len(lower) < 2:
            return []
        if lower in self.exact_lower:
            return [self.exact_lower[lower]]
        cased = self.dictionary.cased(lower)
        if cased:
            return [cased]  # "kubernetes" for the software term "Kubernetes"
        chosen = self._ranked.get((lower, limit))
        if chosen is None:
            chosen = self._ranked[lower, limit] = self._rank(lower, limit)
        return [_match_case(word, candidate) for candidate in chosen]

    def _rank(self, lower: str, limit: int) -> list[str]:
        """The suggestions for a lower-case word, before they take the word's capitals."""
        load_index(self.dictionary, self.language, self.folder, self.terms)
        limit_cost = _limit(len(lower))
        candidates = self._candidates(lower)
        scored = self._score(lower, candidates, limit_cost)
        # a run-together compound with a typo in it is looked for only when no dictionary
        # word is near: made-up compounds lie near many typos of real words
        if len(lower) >= _COMPOUND_MIN and (not scored or scored[0][2] > _COMPOUND_GATE):
            compounds = {
                word: (frequency, 1)
                for word, frequency in self._compounds(lower).items()
                if word not in candidates
            }
            scored += self._score(lower, compounds, limit_cost)
        best = min((score for score, _, _ in scored), default=math.inf)
        scored.sort()
        chosen = [candidate for score, candidate, _ in scored if score <= best + _MARGIN][:limit]
        if self.british:
            chosen = list(dict.fromkeys(british_form(lower, candidate) for candidate in chosen))
        cased = self.dictionary.cased
        return [cased(candidate) or candidate for candidate in chosen]

    def _score(
        self, lower: str, candidates: dict[str, tuple[int, int]], limit_cost: float
    ) -> list[tuple[float, str, float]]:
        """``(score, candidate, cost)`` of the candidates within ``limit_cost``, best first.

        The score is the noisy channel's: the cost of the edits (:func:`distance`, which
        weighs each edit by how often people make it) against the word's frequency (how
        likely it is to have been meant). Candidates are visited by a lower bound of their
        score (every edit costs at least ``_CHEAPEST``, and a difference in length takes
        that many edits), and the visit stops once no later one can come within the margin
        of the best: what is left out would be left out of the result anyway.
        """
        size = len(lower)
        bounded = sorted(
            (
                _EDIT_WEIGHT * _CHEAPEST * max(edits, abs(len(candidate.lower()) - size))
                - math.log10(frequency + 1),
                candidate,
            )
            for candidate, (frequency, edits) in candidates.items()
        )
        scored: list[tuple[float, str, float]] = []
        best = math.inf
        source_cost = _indels(lower)
        for bound, candidate in bounded:
            if bound > best + _MARGIN:
                break
            cost = _within(lower, candidate.lower(), limit_cost, source_cost)
            if cost is not None and cost <= limit_cost:
                frequency, _ = candidates[candidate]
                score = cost * _EDIT_WEIGHT - math.log10(frequency + 1)
                scored.append((score, candidate, cost))
                best = min(best, score)
        scored.sort()
        return scored

    def _candidates(self, word: str) -> dict[str, tuple[int, int]]:
        """Dictionary words within two edits of ``word``: ``(frequency, edits)`` each.

        Every string one edit away is looked up in the index, which answers whether it is a
        word and which words it becomes by losing one letter; so is every deletion of those.
        That covers all pairs of edits with O(n^2) lookups instead of building the
        O(n^2 * 54^2) strings two edits away. ``edits`` is 1 for the words one edit away
        (in ``edits(word)`` or one letter longer than ``word``), else 2 (a lower bound).
        A long word also has its triple deletions looked up (C(n, 3) more lookups, a
        fraction of the rest): a typo with three letters too many or two too many and one
        wrong (``seperatated`` -> ``separated``) is found too.
        """
        index = self.dictionary._index
        assert index is not None  # load_index() came first
        mask = len(index) - 1
        crc32 = zlib.crc32
        first = _edits(word)
        found: dict[str, tuple[int, int]] = {}
        own, longer = self.dictionary.lookup(word)
        for entry in longer:
            name, _, frequency = entry.partition(":")
            found[name] = (int(frequency), 1)
        if len(word) <= 20:
            second = {edit[:i] + edit[i + 1 :] for edit in first for i in range(len(edit))}
            second -= first
        else:
            second = set()
        if _LONG <= len(word) <= 20:
            twice = {d[:i] + d[i + 1 :] for d in _deletes(word) for i in range(len(d))}
            second |= {d[:i] + d[i + 1 :] for d in twice for i in range(len(d))} - first
        # the lookups of Dictionary.lookup, inlined: millions of them in a large run, almost
        # all of them misses, which one comprehension sorts out
        for probes, edits in ((first, 1), (second, 2)):
            hits = [
                (raw, bucket)
                for probe in probes
                if (bucket := index[crc32(raw := probe.encode()) & mask]).find(b"\n" + raw + b"\t")
                >= 0
            ]
            for raw, bucket in hits:
                probe = raw.decode()
                at = bucket.find(b"\n" + raw + b"\t") + len(raw) + 2
                own_text, *longer = bucket[at : bucket.index(b"\n", at)].decode().split(" ")
                own = int(own_text)
                if own and (edits == 1 or probe not in found):
                    found[probe] = (own, edits)
                for entry in longer:
                    name, _, frequency = entry.partition(":")
                    if name not in found:
                        found[name] = (int(frequency), 2)
        for candidate in self._extra_candidates(word):
            known = found.get(candidate, (0, 1))[0]
            found[candidate] = (max(known, 10_000), 1)
        found.pop(word, None)
        return found

    def _compounds(self, word: str) -> dict[str, int]:
        """Compounds :meth:`known` accepts one edit from ``word`` in one half: frequencies.

        ``chceksum`` is no word's typo, but ``sum`` is a word and ``chcek`` one edit from
        ``check``. At each cut where one half is a common word, the other half's common
        neighbours are joined to it; not when ``word`` is itself two words of the dictionary,
        one of them rare. A compound is not in the dictionary, so its frequency
        is made up: that of its rarer half, scaled down by ``_COMPOUND_PRIOR``.
        """
        found: dict[str, int] = {}
        frequency = self.dictionary.frequency
        cuts = [(word[:cut], word[cut:]) for cut in range(3, len(word) - 2)]
        halves = [(frequency(head), frequency(tail)) for head, tail in cuts]
        if any(head_f and tail_f for head_f, tail_f in halves):
            return {}  # two words already (``autocompleting``): a rare compound, not a typo
        for (head, tail), (head_f, tail_f) in zip(cuts, halves, strict=True):
            if head_f >= _COMPOUND_FREQUENCY:
                for near, near_f in self._near(tail).items():
                    if near != head:
                        found[head + near] = min(head_f, near_f)
            if tail_f >= _COMPOUND_FREQUENCY:
                for near, near_f in self._near(head).items():
                    if near != tail:
                        found[near + tail] = min(tail_f, near_f)
        return {word: max(1, int(count * _COMPOUND_PRIOR)) for word, count in found.items()}

    def _near(self, part: str) -> dict[str, int]:
        """The common words one edit from ``part`` that can be half of a compound."""
        lookup = self.dictionary.lookup
        found: dict[str, int] = {}
        _, longer = lookup(part)
        for entry in longer:
            name, _, frequency = entry.partition(":")
            found[name] = int(frequency)
        for probe in _edits(part):
            own, _ = lookup(probe)
            if own:
                found[probe] = own
        return {
            word: frequency
            for word, frequency in found.items()
            if frequency >= _COMPOUND_FREQUENCY and len(word) >= 3 and word.isalpha()
        }

    def _extra_candidates(self, word: str) -> set[str]:
        """Vault words within two edits: their own small deletion index, built on demand."""
        if self._extra_index is None:
            index: dict[str, list[str]] = {}
            for entry in (*self.loose, *self.exact):
                lowered = entry.lower()
                for key in {lowered, *_deletes(lowered)}:
                    index.setdefault(key, []).append(entry)
                for key in {d for k in _deletes(lowered) for d in _deletes(k)}:
                    index.setdefault(key, []).append(entry)
            self._extra_index = index
        keys = {word, *_deletes(word)} | {d for k in _deletes(word) for d in _deletes(k)}
        return {entry for key in keys for entry in self._extra_index.get(key, ())}


#: the memo keeps the default number of suggestions only
MEMO_LIMIT = 3
#: a memo file this large is still read but no longer appended to
MEMO_BYTES = 4 << 20
#: bump when a memo line changes shape
_MEMO_FORMAT = 1


def _prune_memos(current: Path) -> None:
    """Delete the memo files beside ``current`` that have not been written for a month.

    Every change of the word lists or of this module starts a new memo. A memo in use by
    another vault is appended to whenever that vault meets a new word, so it is young; at
    worst a deleted one is suggested again.
    """
    from notelint.memo import prune

    prune(current.parent, "suggestions-*.txt", keep={current})


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """This module's source: a memo written by another version of the algorithm is stale."""
    return blake2b(Path(__file__).read_bytes(), digest_size=32).hexdigest()


def _memo_key(dictionary: str, british: bool, loose: list[str], exact: list[str]) -> str:
    raw = "\0".join(
        [str(_MEMO_FORMAT), dictionary, str(british), _source_digest(), *loose, "\0", *exact]
    )
    return blake2b(raw.encode(), digest_size=32).hexdigest()[:16]


def _read_memo(path: Path) -> _Memo:
    """A memo file (empty when it cannot be read)."""
    memo = _Memo(path)
    memo.refresh()
    return memo


class _Memo:
    """The lines of a memo file, looked up by word; a line's CRC is checked when it is used.

    A run over one note asks for a handful of words: those are searched for in the text.
    A run over a vault asks for hundreds: after a few searches the lines are indexed. The
    last line for a word counts; when it is damaged, the word is suggested again. A word
    not found is looked for again in what was appended since (by the run's other worker
    processes, which meet the same names), and only whole lines are taken in.
    """

    SEARCHES = 32

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._read = 0  # bytes of the file taken in, up to the end of a line
        self._text = "\n"
        self._lines: dict[str, str] | None = None
        self._searches = 0

    def refresh(self) -> bool:
        """Take in the whole lines appended since the last read; whether there were any."""
        if self._path is None:
            return False
        try:
            with open(self._path, "rb") as handle:
                handle.seek(self._read)
                data = handle.read()
        except OSError:
            return False
        data = data[: data.rfind(b"\n") + 1]
        if not data:
            return False
        self._read += len(data)
        text = data.decode("utf-8", errors="replace")
        self._text += text
        if self._lines is not None:
            self._lines.update(self._index(text))
        return True

    @staticmethod
    def _index(text: str) -> dict[str, str]:
        return {line.partition("\t")[0]: line for line in text.split("\n")}

    def get(self, word: str) -> list[str] | None:
        line = self._line(word)
        if line is None and self.refresh():
            line = self._line(word)
        if line is None:
            return None
        body, _, crc = line.rpartition("\t")
        if not body or len(crc) != 8 or f"{zlib.crc32(body.encode()):08x}" != crc:
            return None
        head, *suggestions = body.split("\t")
        return suggestions if head == word and all(suggestions) else None

    def _line(self, word: str) -> str | None:
        if self._lines is None and self._searches < self.SEARCHES:
            self._searches += 1
            at = self._text.rfind("\n" + word + "\t")
            if at < 0:
                return None
            return self._text[at + 1 : self._text.find("\n", at + 1)]
        if self._lines is None:
            self._lines = self._index(self._text)
        return self._lines.get(word)


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    found |= {a + c + b for a, b in splits for c in _LETTERS}
    return found


def _acronym_plural(word: str) -> bool:
    """``NGOs``, ``PDFs``: an acronym with a plural ``s``."""
    return len(word) > 2 and word.endswith("s") and word[:-1].isupper()


def _fold(word: str) -> str | None:
    """``café`` -> ``cafe``; None for a word in a script other than Latin."""
    if word.isascii():
        return word
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )
    return folded if folded.isascii() else None


def _match_case(original: str, candidate: str) -> str:
    """Give a suggestion the typo's capitalisation (``Teh`` -> ``The``, ``TEH`` -> ``THE``)."""
    if candidate != candidate.lower():
        return candidate  # a vault word keeps its own capitals
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate
