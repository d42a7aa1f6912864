"""The speller: tokenising, knowing words, British spellings, suggestions, the prepared cache."""

from __future__ import annotations

import doctest
import itertools
import os
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from notelint import spelling
from notelint.memo import KEEP_DAYS
from notelint.spelling import (
    Dictionary,
    Speller,
    Word,
    _Memo,
    _within,
    american_forms,
    distance,
    may_repeat,
    parts,
    tokens,
    words,
)
from tests.conftest import ROOT, lint, make_config, where


def test_module_examples() -> None:
    result = doctest.testmod(spelling)
    assert result.attempted >= 10 and result.failed == 0


def test_words_keep_exact_offsets_in_a_slice() -> None:
    text = "## Khrushchev’s visit — naïve hopes"
    found = list(words(text, 3))
    assert [(w.text, w.start, w.end) for w in found] == [
        ("Khrushchev’s", 3, 15),
        ("visit", 16, 21),
        ("naïve", 24, 29),
        ("hopes", 30, 35),
    ]
    assert all(text[w.start : w.end] == w.text for w in found)


@pytest.mark.parametrize(
    "text",
    ["note_id", "dendron.yml", "src/index", "camelCase", "VSCode", "iOS", "U2", "x86", "a@b"],
)
def test_identifiers_are_not_words(text: str) -> None:
    assert [w.text for w in words(f"see {text} now")] == ["see", "now"]


def test_parts_of_compounds_and_clitics() -> None:
    assert [(p.text, p.start) for p in parts(Word("co-existence", 4, 16))] == [
        ("co", 4),
        ("existence", 7),
    ]
    assert [p.text for p in parts(Word("Soviets", 0, 7))] == ["Soviets"]
    assert [p.text for p in parts(Word("they're", 0, 7))] == ["they"]
    assert [p.text for p in parts(Word("won't", 0, 5))] == ["wo"]


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("colour", "color"),
        ("behaviours", "behaviors"),
        ("organise", "organize"),
        ("organising", "organizing"),
        ("organisations", "organizations"),
        ("analysed", "analyzed"),
        ("centre", "center"),
        ("metres", "meters"),
        ("defence", "defense"),
        ("travelled", "traveled"),
        ("counsellor", "counselor"),
        ("enrolment", "enrollment"),
        ("programme", "program"),
        ("catalogue", "catalog"),
        ("manoeuvre", "maneuver"),
        ("paediatric", "pediatric"),
        ("judgement", "judgment"),
        ("offences", "offenses"),
        ("marvellous", "marvelous"),
        ("fulfil", "fulfill"),
        ("oestrogen", "estrogen"),
        ("haemorrhage", "hemorrhage"),
        ("centred", "centered"),
    ],
)
def test_british_spelling_rules(british: str, american: str) -> None:
    assert american in american_forms(british)


@pytest.mark.parametrize(
    "typo",
    [
        "chaeck",
        "cooefficient",
        "appealling",
        "compilling",
        "wel",
        "stil",
        "sence",
        "expence",
        "namme",
        "addres",
        "clustred",
        "configureable",
    ],
)
def test_british_rules_do_not_excuse_typos(typo: str) -> None:
    assert not Speller(locale="en-GB").known(typo)


@pytest.fixture(scope="module")
def british() -> Speller:
    return Speller(locale="en-GB", extra=["Khrushchev", "gulag", "Kai-Shek"])


@pytest.mark.parametrize(
    "word",
    [
        "colour",
        "Organisation",
        "centres",
        "travelling",
        "programmes",
        "Khrushchev",
        "Kai",
        "Gulag",
        "workflow",
        "backlinks",
        "USSR",
        "NGOs",
        "x",
    ],
)
def test_known(british: Speller, word: str) -> None:
    assert british.known(word)


@pytest.mark.parametrize(
    "word", ["colur", "khrushchev", "inveitable", "occured", "teh", "Severence", "wrok"]
)
def test_unknown(british: Speller, word: str) -> None:
    assert not british.known(word)


#: prose made of words, typos, identifiers and the characters that make a word an identifier
_PROSE = st.lists(
    st.sampled_from(
        [
            "the",
            "The",
            "THE",
            "teh",
            "colour",
            "Khrushchev",
            "don't",
            "Sino-Soviet",
            "co-existence",
            "camelCase",
            "VSCode",
            "NGOs",
            "x86",
            "note_id",
            "naïve",
            "Zhōu",
            "workflow",
            "inveitable",
            "had",
            "that",
            " ",
            " ",
            "  ",
            "\n",
            "\n\n",
            ".",
            ",",
            "/",
            "_",
            "@",
            ":",
            "=",
            "-",
            "'",
            "’",
            "src",
            "yml",
            "a",
            "I",
            "Ⅻ",
            "ß",
            "İ",
        ]
    ),
    max_size=30,
).map("".join)


@given(_PROSE, st.integers(0, 5), st.integers(0, 5))
def test_candidate_words_hold_every_word_in_order(text: str, start: int, cut: int) -> None:
    end = max(start, len(text) - cut)
    candidates = iter(tokens(text, start, end))
    assert all(word.text in candidates for word in words(text, start, end))


@given(_PROSE)
def test_quiet_pieces_have_no_misspelled_word_and_skipping_them_changes_nothing(
    british: Speller, text: str
) -> None:
    speller = british  # its verdicts are kept from one example to the next, as in a run
    full = list(speller.misspelled_words(words(text)))
    if speller.quiet(tokens(text)):
        assert full == []
    assert list(speller.misspelled_words(words(text, skip=speller.quiet_words))) == full


#: few words, many of them the same but for case: repeats are common
_REPEATS = st.builds(
    str.join,
    st.sampled_from([" ", "\n", " _", "/ "]),
    st.lists(st.sampled_from(["the", "The", "THE", "İ", "i̇", "don't", "Don't", "x86"])),
)


@given(_PROSE | _REPEATS | st.text(max_size=60), st.integers(0, 5), st.integers(0, 5))
@example("the cat the dog", 0, 0)  # a word again: found from where the last one ended
def test_words_are_where_the_pattern_finds_them(text: str, start: int, cut: int) -> None:
    """words() finds each candidate again in the text from where the one before ended,
    without match objects: its words are, in order, among the pattern's own matches at
    the same offsets, for any text and any slice of it, given the candidates or not."""
    end = max(start, len(text) - cut)
    found = [(m.group(), *m.span()) for m in spelling._WORD.finditer(text, start, end)]
    made = list(words(text, start, end))
    assert made == list(words(text, start, end, (), tokens(text, start, end)))
    positions = iter(found)
    assert all(tuple(word) in positions for word in made)  # in order, each a match


@given(_PROSE | _REPEATS)
def test_a_repeat_is_always_a_possible_repeat(text: str) -> None:
    found = list(words(text))
    repeated = any(
        a.text.lower() == b.text.lower() and text[a.end : b.start].isspace()
        for a, b in itertools.pairwise(found)
    )
    assert may_repeat(tokens(text)) or not repeated


def test_fast_paths_agree_with_word_by_word_checks() -> None:
    text = "The the color is teh workflow of src/teh and note_teh, camelCase don't.\n"
    speller = Speller(locale="en-GB")
    assert not speller.quiet(tokens(text))
    assert speller.quiet(tokens("the colour of the workflow"))
    assert [w.text for w in speller.misspelled_words(words(text))] == ["teh"]
    assert may_repeat(tokens(text))
    assert not may_repeat(tokens("to be or not to be"))
    found = lint(text, ["SP"])
    assert where(found) == ["SP002@1:5", "SP001@1:18"]


def test_american_locale_rejects_british_forms() -> None:
    american = Speller(locale="en-US")
    assert not american.known("colour")
    assert american.known("color")


@pytest.mark.parametrize(
    ("typo", "first"),
    [
        ("inveitable", "inevitable"),
        ("assitance", "assistance"),
        ("collpased", "collapsed"),
        ("occured", "occurred"),
        ("amterials", "materials"),
        ("hieght", "height"),
        ("commerical", "commercial"),
        ("decalred", "declared"),
        ("beligerent", "belligerent"),
        ("catatrophe", "catastrophe"),
        ("rapproachement", "rapprochement"),
        ("Severence", "Severance"),
        ("Teh", "The"),
        ("Khrushchov", "Khrushchev"),
    ],
)
def test_suggestions_most_likely_first(british: Speller, typo: str, first: str) -> None:
    found = british.suggest(typo)
    assert 1 <= len(found) <= 3
    assert found[0] == first


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("certicate", ["certificate", "corticate"]),  # letters left out: the cheap slip
        ("untill", ["until"]),  # a doubled letter
        ("teh", ["the"]),  # two letters swapped
        ("seperate", ["separate"]),  # a vowel for a vowel
        ("unsucesfully", ["unsuccessfully"]),  # three cheap slips in a long word
        ("seperatated", ["separated"]),  # two letters too many and one wrong
        ("chceksum", ["checksum", "cheeksum"]),  # a compound with a typo in one half
        ("anothe", ["another"]),  # en-GB: no made-up British form ("anothre")
        ("acsess", ["access", "assess", "cases"]),  # ... nor "accaess"
        ("bumpted", ["bumped"]),  # ... nor "bumpaed"
        ("autoformatting", []),  # two words already: no made-up compound is offered
        ("aggegator", ["aggregator", "aggregators"]),  # not "aggregatour": "-tor" is British
    ],
)
def test_suggestions_for_typical_typos(british: Speller, typo: str, expected: list[str]) -> None:
    assert british.suggest(typo) == expected


_LOWER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=12)


@given(_LOWER, _LOWER)
def test_distance_is_zero_only_for_equal_words_and_bounded(source: str, target: str) -> None:
    cost = distance(source, target)
    assert (cost == 0) == (source == target)
    # never more than dropping every letter of the typo and adding every letter of the word
    assert 0 <= cost <= len(source) + len(target)
    # symmetric but for the discount on restoring a left-out letter: swapping the two turns
    # each restored letter into a dropped one, which costs 1 / _OMIT as much
    back = distance(target, source)
    assert spelling._OMIT * cost - 1e-3 <= back <= cost / spelling._OMIT + 1e-3


@given(_LOWER, _LOWER, st.floats(min_value=0, max_value=6))
def test_bounded_distance_agrees_with_distance(source: str, target: str, limit: float) -> None:
    cost = distance(source, target)
    bounded = _within(source, target, limit)
    assert bounded == cost if bounded is not None else cost > limit


def test_suggestions_are_cached_and_bounded(british: Speller) -> None:
    assert british.suggest("xqzvkjw") == []
    assert british.suggest("xqzvkjw") is british.suggest("xqzvkjw")
    long = "internationalisationnalisationn"  # 31 letters: distance-2 search is skipped
    assert isinstance(british.suggest(long), list)


def test_distance_prefers_common_slips() -> None:
    assert distance("occured", "occurred") < 1
    assert distance("recieve", "receive") < distance("recieve", "relieve")
    assert distance("abc", "abc") == 0


def test_buckets_round_trip() -> None:
    prepared = Dictionary.build({"inevitable": 6329, "height": 30000, "the": 10**6})
    assert "height" in prepared and "heigt" not in prepared
    assert prepared.frequency("the") == 10**6
    assert prepared.lookup("heigt") == (0, ["height:30000"])
    assert prepared.lookup("height") == (30000, [])
    assert prepared.lookup("zzz") == (0, [])


@pytest.mark.slow
def test_corrupt_cache_is_rebuilt_and_unwritable_cache_is_harmless(tmp_path: Path) -> None:
    key = spelling._key("en")
    (tmp_path / f"words-en-{key}.bin").write_bytes(spelling._MAGIC + b"\0" * 32 + b"garbage")
    (tmp_path / f"index-en-{key}.bin").write_bytes(b"not even the magic")
    rebuilt = spelling.load_words("en", tmp_path)
    assert "inevitable" in rebuilt
    assert spelling._valid(spelling._read(tmp_path / f"words-en-{key}.bin"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    speller = Speller(folder=blocked / "cache")
    assert speller.known("inevitable") and speller.suggest("inveitable") == ["inevitable"]
    assert not (blocked / "cache").exists()


def test_repository_notes_are_clean() -> None:
    config = make_config('[spelling]\nlocale = "en-GB"')
    for path in sorted((ROOT / "notes").rglob("*.md")):
        found = lint(path.read_text(encoding="utf-8"), ["SP"], config=config, path=str(path))
        assert where(found) == [], [d.message for d in found]


def test_suggestions_per_note_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint.checks import spelling as checks

    monkeypatch.setattr(checks, "SUGGESTION_LIMIT", 2)
    found = lint("Teh hieght of teh inveitable summer.\n", ["SP001"])
    assert [(d.message.split("'")[1], bool(d.suggestions)) for d in found] == [
        ("Teh", True),
        ("hieght", True),
        ("teh", False),
        ("inveitable", False),
    ]


@pytest.mark.parametrize(
    ("typo", "first"),
    [
        ("behavoiur", "behaviour"),
        ("colur", "colour"),
        ("organisaton", "organisation"),
        ("travveled", "travelled"),
        ("programm", "programme"),
        ("manouvre", "manoeuvre"),
    ],
)
def test_british_locale_suggests_british_spellings(british: Speller, typo: str, first: str) -> None:
    assert british.suggest(typo)[0] == first


def test_american_locale_suggests_american_spellings() -> None:
    assert Speller(locale="en-US").suggest("behavoiur")[0] == "behavior"


def test_unknown_language_is_a_configuration_error(tmp_path: Path) -> None:
    from notelint.config import ConfigError, load

    path = tmp_path / "notelint.toml"
    path.write_text('[spelling]\nlanguage = "xx"\n')
    with pytest.raises(ConfigError, match=r"'spelling.language'.*unknown language 'xx'"):
        load(path)
    path.write_text('[spelling]\nlanguage = "de"\n')
    assert load(path).spelling.language == "de"


def _memo_speller(monkeypatch: pytest.MonkeyPatch, folder: Path, **options: object) -> Speller:
    """A speller whose memo of suggestions lives in ``folder`` (the dictionary stays put)."""
    speller = Speller(**options)  # type: ignore[arg-type]
    spelling.load_index(speller.dictionary, speller.language, None, speller.terms)
    monkeypatch.setattr(spelling, "cache_dir", lambda: folder)
    return speller


def _memo_line(word: str, *suggestions: str) -> bytes:
    body = "\t".join([word, *suggestions])
    return f"{body}\t{zlib.crc32(body.encode()):08x}\n".encode()


def test_suggestion_memo_is_written_read_and_keyed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = _memo_speller(monkeypatch, tmp_path, extra=["Dendron"])
    assert first.suggest("inveitable") == ["inevitable"]
    (memo,) = tmp_path.glob("suggestions-en-*.txt")
    assert memo.read_bytes() == _memo_line("inveitable", "inevitable")
    # a later run with the same inputs takes a remembered line as it is
    memo.write_bytes(memo.read_bytes() + _memo_line("qwxzy", "remembered"))
    assert _memo_speller(monkeypatch, tmp_path, extra=["Dendron"]).suggest("qwxzy") == [
        "remembered"
    ]
    # ... but not with other vault words, another locale or another dictionary
    assert Speller(extra=["Dendron", "Giscus"]).suggest("qwxzy") != ["remembered"]
    assert Speller(extra=["Dendron"], locale="en-GB").suggest("qwxzy") != ["remembered"]
    assert Speller(extra=["Dendron"], software_terms=False).suggest("qwxzy") != ["remembered"]
    monkeypatch.setattr(spelling, "_key", lambda language, terms=False: "another-dictionary")
    assert Speller(extra=["Dendron"]).suggest("qwxzy") != ["remembered"]
    assert len(list(tmp_path.glob("suggestions-en-*.txt"))) == 5


def test_suggestion_memo_skips_damaged_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _memo_speller(monkeypatch, tmp_path).suggest("inveitable")
    (memo,) = tmp_path.glob("suggestions-en-*.txt")
    good = _memo_line("hieght", "remembered")
    damaged = [
        good.replace(b"remembered", b"rememberet"),  # the CRC no longer matches
        b"inveitable\tforged\n",  # no CRC at all
        b"\xff\xfe\x00garbage\t\t\n",
        _memo_line("teh", "")[:-1] + b"0\n",  # wrong CRC, empty suggestion
        good[:-5],  # torn by a crash in the middle of a write
    ]
    memo.write_bytes(memo.read_bytes() + b"".join(damaged))
    speller = _memo_speller(monkeypatch, tmp_path)
    assert speller.suggest("inveitable") == ["inevitable"]
    assert speller.suggest("hieght")[0] == "height"
    assert speller.suggest("teh")[0] == "the"
    memo.write_bytes(b"\x00" * 64)  # not a memo at all
    assert _memo_speller(monkeypatch, tmp_path).suggest("inveitable") == ["inevitable"]


def test_suggestion_memo_is_indexed_after_a_few_searches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _memo_speller(monkeypatch, tmp_path).suggest("inveitable")
    (memo,) = tmp_path.glob("suggestions-en-*.txt")
    typos = [f"qwxz{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(2 * _Memo.SEARCHES)]
    lines = [_memo_line(typo, f"remembered{i}") for i, typo in enumerate(typos)]
    memo.write_bytes(memo.read_bytes() + b"".join(lines) + _memo_line("hieght", "x")[:-3] + b"\n")
    speller = _memo_speller(monkeypatch, tmp_path)
    assert [speller.suggest(typo) for typo in typos] == [
        [f"remembered{i}"] for i in range(len(typos))
    ]
    assert speller._memo()._lines is not None  # the later ones came from the index
    assert speller.suggest("hieght")[0] == "height"  # its line is damaged
    assert speller.suggest("inveitable") == ["inevitable"]


def test_suggestion_memo_takes_in_lines_appended_by_other_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    speller = _memo_speller(monkeypatch, tmp_path)
    assert speller.suggest("inveitable") == ["inevitable"]
    (memo,) = tmp_path.glob("suggestions-en-*.txt")
    with memo.open("ab") as out:  # another worker process of the same run
        out.write(_memo_line("qwxzy", "remembered") + _memo_line("qwxzv", "torn")[:-4])
    assert speller.suggest("qwxzy") == ["remembered"]
    assert speller.suggest("qwxzv") != ["torn"]  # half a line is not taken in


def test_a_new_memo_deletes_memos_unused_for_a_month(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stale, recent = tmp_path / "suggestions-en-stale.txt", tmp_path / "suggestions-en-recent.txt"
    other = tmp_path / "words-en-0123.bin"
    for path in (stale, recent, other):
        path.write_bytes(_memo_line("teh", "the"))
    old = time.time() - (KEEP_DAYS + 1) * 86400
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    _memo_speller(monkeypatch, tmp_path).suggest("inveitable")
    assert not stale.exists() and recent.exists() and other.exists()
    assert len(list(tmp_path.glob("suggestions-en-*.txt"))) == 2


def test_preparing_a_dictionary_deletes_prepared_files_unused_for_a_month(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each pyspellchecker upgrade or word-list change prepares new files (the index alone
    is 36 MB); those no installation has read for a month go when new ones are made."""
    monkeypatch.setattr(spelling, "_frequencies", lambda language: {"word": 10, "other": 5})
    stale = [tmp_path / name for name in ("words-en-old.bin", "index-en-old.bin")]
    used = tmp_path / "words-en-used.bin"
    for path in (*stale, used):
        path.write_bytes(b"x")
    old = time.time() - (KEEP_DAYS + 1) * 86400
    for path in (*stale, used):
        os.utime(path, (old, old))
    spelling._mark_used(used)  # another installation read it today
    dictionary = spelling.load_words("en", tmp_path)
    assert "word" in dictionary and "other" in dictionary
    assert not any(path.exists() for path in stale) and used.exists()
    assert len(list(tmp_path.glob("index-en-*.bin"))) == 1
