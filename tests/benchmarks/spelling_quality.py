"""Benchmark: spelling quality on public data (not a test; run by hand).

    python -m tests.benchmarks.spelling_quality [--sample 3000] [--locale en-GB]

1. **Misspellings.** The Wikipedia list of common misspellings, as codespell ships it
   (``codespell_lib/data/dictionary.txt`` in its wheel), is fetched at run time with
   ``pip download --no-deps codespell`` into a temporary folder (never committed). Each
   misspelling is put in a sentence and linted with SP001 through the whole engine:
   *recall* is the share flagged; *top-1* and *top-3* the share whose first / first three
   suggestions contain one of codespell's corrections, and *lone* the share of right ones
   among the suggestions that come alone (those are offered as a fix). They are measured
   on two disjoint fixed random samples: the **tuning** sample, which the ranking's
   constants were chosen on, and the **held-out** sample, never looked at while tuning,
   whose numbers are the ones to quote; each also on its part whose correction the
   dictionary knows at all (the reachable pairs).
2. **False positives.** SP001 over a real vault (``../shared/corpus/dendron-site``):
   flagged words per 10,000 prose words, and the most frequent flagged words.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from notelint.checks import spelling as spelling_checks
from notelint.config import validate
from notelint.engine import Linter
from notelint.note import Note
from notelint.pack import load as load_pack
from notelint.spelling import Speller, american_forms, words

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "In the report we noted that {} was mentioned twice."


def codespell_pairs() -> list[tuple[str, tuple[str, ...]]]:
    """(misspelling, corrections) from codespell's dictionary, fetched now into a temp dir."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", folder, "codespell"],
            check=True,
        )
        wheel = next(Path(folder).glob("codespell-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            text = archive.read("codespell_lib/data/dictionary.txt").decode("utf-8")
    pairs = []
    for line in text.splitlines():
        wrong, _, right = line.partition("->")
        corrections = tuple(c.strip() for c in right.split(",") if c.strip())
        if wrong.isalpha() and wrong.isascii() and wrong.islower() and corrections:
            pairs.append((wrong, corrections))
    return pairs


def linter(locale: str, software_terms: bool = True) -> Linter:
    config = validate({"spelling": {"locale": locale, "software-terms": software_terms}}, ROOT)
    return Linter(config, load_pack(ROOT / "rules"), select=["SP001"])


def quality(
    pairs: list[tuple[str, tuple[str, ...]]], run: Linter, sample: int, british: bool
) -> None:
    """Recall on every pair; suggestions on the tuning and the held-out samples."""
    speller = spelling_checks.speller(run.context)
    started = time.perf_counter()
    flagged = 0
    for wrong, _ in pairs:
        sentence = SENTENCE.format(wrong)
        flagged += any(
            part.text == wrong for word in words(sentence) for part in speller.misspelled(word)
        )
    elapsed = time.perf_counter() - started
    total = len(pairs)
    print(f"misspellings: {total} (codespell dictionary, alphabetic lower-case entries)")
    print(f"recall: {flagged / total:.4f} ({flagged}/{total}), checked in {elapsed:.1f} s")
    tuning, held_out = samples(len(pairs), sample)
    for label, chosen in (("tuning", tuning), ("held-out", held_out)):
        suggestions_on(label, [pairs[index] for index in chosen], run, speller, british)


#: the seeds of the two samples: the tuning one (the sample every earlier measurement used)
#: and the held-out one, drawn from what the tuning sample left
TUNING_SEED, HELD_OUT_SEED = 20261128, 4


def samples(size: int, sample: int) -> tuple[list[int], list[int]]:
    """Two disjoint fixed random samples of indices below ``size``: tuning, held out."""
    tuning = random.Random(TUNING_SEED).sample(range(size), min(sample, size))
    rest = sorted(set(range(size)) - set(tuning))
    held_out = random.Random(HELD_OUT_SEED).sample(rest, min(sample, len(rest)))
    return sorted(tuning), sorted(held_out)


def suggestions_on(
    label: str,
    chosen: list[tuple[str, tuple[str, ...]]],
    run: Linter,
    speller: Speller,
    british: bool,
) -> None:
    """Top-1, top-3 and the precision of lone suggestions on one sample, linted whole."""
    suggested: dict[str, list[str]] = {}
    started = time.perf_counter()
    for wrong, _ in chosen:
        found = run.lint_text(SENTENCE.format(wrong), "bench.md").diagnostics
        hits = [d for d in found if d.message.startswith(f"Unknown word '{wrong}'")]
        suggested[wrong] = [s.lower() for s in hits[0].suggestions] if hits else []
    linted = time.perf_counter() - started
    top1 = top3 = known = top1_known = top3_known = lone = lone_right = 0
    misses: list[str] = []
    for wrong, corrections in chosen:
        wanted = {c.lower() for c in corrections}
        got = suggested.get(wrong, [])
        if british:  # a British and an American spelling of the same word are the same answer
            wanted |= {form for c in wanted for form in american_forms(c)}
            got = [next((f for f in sorted(american_forms(g)) if f in wanted), g) for g in got]
        first, three = bool(got[:1]) and got[0] in wanted, bool(wanted & set(got[:3]))
        top1 += first
        top3 += three
        if len(got) == 1:
            lone += 1
            lone_right += first
        if any(speller.known(c) for c in corrections):
            known += 1
            top1_known += first
            top3_known += three
        if not three and len(misses) < 25:
            misses.append(f"{wrong}->{'/'.join(corrections)}: {got}")
    n = len(chosen)
    print(
        f"\n{label} sample of {n}, linted in {linted:.1f} s:"
        f" top-1 {top1 / n:.4f}  top-3 {top3 / n:.4f}"
        f"  lone {lone_right / max(lone, 1):.4f} ({lone} lone)"
    )
    print(
        f"  of which {known} have a correction the dictionary knows:"
        f" top-1 {top1_known / known:.4f}  top-3 {top3_known / known:.4f}"
    )
    print("  some misses:", *misses, sep="\n    ")


def false_positives(run: Linter, corpus: Path, top: int) -> None:
    total = flagged = 0
    counts: Counter[str] = Counter()
    notes = sorted(corpus.rglob("*.md"))
    for path in notes:
        text = path.read_text(encoding="utf-8", errors="replace")
        note = Note(str(path), text)
        total += sum(
            1
            for block in note.prose
            for piece in block.pieces
            for _ in words(text, piece.start, piece.end)
        )
        for diagnostic in run.lint_text(text, str(path)).diagnostics:
            flagged += 1
            counts[diagnostic.message.split("'")[1]] += 1
    print(f"\nfalse positives on {corpus} ({len(notes)} notes, {total} prose words):")
    print(f"flagged: {flagged} = {flagged / total * 10_000:.1f} per 10,000 words")
    print(f"distinct flagged words: {len(counts)}; the {top} most frequent:")
    for word, count in counts.most_common(top):
        print(f"  {count:5d}  {word}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--locale", default="en-GB")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dendron-site"))
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--no-software-terms", action="store_true")
    args = parser.parse_args()
    run = linter(args.locale, not args.no_software_terms)
    print(f"locale {args.locale}, software terms {'off' if args.no_software_terms else 'on'}\n")
    quality(codespell_pairs(), run, args.sample, args.locale.lower() == "en-gb")
    if not args.skip_corpus:
        false_positives(run, Path(args.corpus), args.top)


if __name__ == "__main__":
    main()
