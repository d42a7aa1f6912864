"""Benchmark: what spelling costs (not a test; timings belong here, not in timed tests).

    python -m tests.benchmarks.spelling_speed [--runs 5] [--corpus ../shared/corpus/dendron-site]

1. Dictionary: ``SpellChecker()`` construction against loading the prepared form, with the
   software terms as a run has them by default (cold:
   built from nothing into an empty cache folder; warm: read from the cache).
2. Suggestions: the cost per unknown word (median and maximum, and the first call, which
   loads the deletion index), computed afresh (the on-disk memo of suggestions is not
   read), on the seed note's unknown words and on every distinct unknown word of the
   corpus; pyspellchecker's own ``candidates()`` on the seed's words for comparison (each
   capped by a time limit, as it can take seconds).
3. Whole process: ``notelint check --select SP --no-cache`` on one note and on the corpus.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from notelint.config import validate
from notelint.engine import Linter
from notelint.note import Note
from notelint.pack import load as load_pack
from tests.benchmarks.timing import measure

ROOT = Path(__file__).resolve().parents[2]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def dictionary() -> None:
    from spellchecker import SpellChecker

    from notelint import spelling

    SpellChecker()  # warm the imports
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        SpellChecker()
        runs.append(time.perf_counter() - start)
    print(f"SpellChecker() construction            median {_ms(statistics.median(runs))}")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        spelling.load_words("en", Path(folder), True)
        print(f"prepared form, cold (build and write)  {_ms(time.perf_counter() - start)}")
        runs, deletions = [], []
        for _ in range(5):
            spelling.load_words.cache_clear()
            start = time.perf_counter()
            prepared = spelling.load_words("en", Path(folder), True)
            runs.append(time.perf_counter() - start)
            start = time.perf_counter()
            spelling.load_index(prepared, "en", Path(folder), True)
            deletions.append(time.perf_counter() - start)
        print(f"prepared words, warm (load)            median {_ms(statistics.median(runs))}")
        print(
            f"suggestion index, warm (first suggestion) median {_ms(statistics.median(deletions))}"
        )


def unknown_words(paths: list[Path], locale: str) -> list[str]:
    """Every distinct unknown word part of these notes, in order of first appearance."""
    from notelint.checks.spelling import speller
    from notelint.spelling import words

    config = validate({"spelling": {"locale": locale}}, ROOT)
    run = Linter(config, load_pack(ROOT / "rules"), select=["SP001"])
    spell = speller(run.context)
    found: dict[str, None] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        note = Note(str(path), text)
        for block in note.prose:
            for piece in block.pieces:
                for word in words(text, piece.start, piece.end):
                    for part in spell.misspelled(word):
                        found.setdefault(part.text, None)
    return list(found)


def suggestion_costs(label: str, unknown: list[str]) -> None:
    from notelint.spelling import Speller, _Memo

    spell = Speller(locale="en-GB")
    # no memo of earlier runs: it would turn every word a previous run met into a lookup
    spell._memo_entries = _Memo()
    costs = []
    for word in unknown:
        start = time.perf_counter()
        spell.suggest(word)
        costs.append(time.perf_counter() - start)
    if not costs:
        print(f"{label}: no unknown words")
        return
    rest = costs[1:] or costs
    print(
        f"{label}: {len(unknown)} unknown words; first (loads the index) {_ms(costs[0])};"
        f" then median {_ms(statistics.median(rest))}, max {_ms(max(rest))},"
        f" total {costs and sum(costs):.2f} s"
    )


def naive_unknown(path: Path) -> list[str]:
    """The seed's words as pyspellchecker alone sees them: whole tokens, compounds included."""
    from spellchecker import SpellChecker

    from notelint.spelling import words

    text = path.read_text(encoding="utf-8")
    note = Note(str(path), text)
    tokens = [
        word.text.lower()
        for block in note.prose
        for piece in block.pieces
        for word in words(text, piece.start, piece.end)
    ]
    return sorted(SpellChecker().unknown(tokens))


def pyspellchecker_costs(unknown: list[str], budget: float) -> None:
    from spellchecker import SpellChecker

    checker = SpellChecker()
    costs, skipped = [], 0
    started = time.perf_counter()
    for word in unknown:
        if time.perf_counter() - started > budget:
            skipped += 1
            continue
        start = time.perf_counter()
        checker.correction(word.lower())
        costs.append(time.perf_counter() - start)
    print(
        f"pyspellchecker correction(): median {_ms(statistics.median(costs))},"
        f" max {_ms(max(costs))}, total {sum(costs):.1f} s for {len(costs)} words"
        + (f" ({skipped} skipped after a {budget:.0f} s budget)" if skipped else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dendron-site"))
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for pyspellchecker")
    args = parser.parse_args()
    seed = ROOT / "tests" / "fixtures" / "seed.md"
    corpus = Path(args.corpus)

    print("== dictionary")
    dictionary()

    print("\n== suggestions per unknown word (one process, per-run cache cleared)")
    seed_unknown = unknown_words([seed], "en-GB")
    suggestion_costs("seed note", seed_unknown)
    corpus_unknown = unknown_words(sorted(corpus.rglob("*.md")), "en-GB")
    suggestion_costs("corpus", corpus_unknown)
    naive = naive_unknown(seed)
    print(f"pyspellchecker alone on the seed: {len(naive)} unknown tokens, e.g. {naive[:4]}")
    pyspellchecker_costs(naive, args.budget)

    print(f"\n== whole process, {args.runs} runs each, medians")
    notelint = shutil.which("notelint") or str(Path(sys.executable).with_name("notelint"))
    note = str(ROOT / "notes" / "history.sino-soviet-relations.md")
    for label, command in (
        (
            "notelint check --select SP <one note>",
            [notelint, "check", "-q", "--no-cache", "--select", "SP", note],
        ),
        (
            "notelint check --select SP <seed, 23 typos>",
            [notelint, "check", "-q", "--no-cache", "--select", "SP", str(seed)],
        ),
        (
            "notelint check --select SP <corpus>",
            [notelint, "check", "-q", "--no-cache", "--select", "SP", str(corpus)],
        ),
        (
            "notelint check --select FM <corpus>",
            [notelint, "check", "-q", "--no-cache", "--select", "FM", str(corpus)],
        ),
    ):
        print(measure(label, command, runs=args.runs, cwd=str(ROOT)).line())


if __name__ == "__main__":
    main()
