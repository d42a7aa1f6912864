"""Benchmark: whole-process ``notelint check`` on the Dendron corpus and on one note.

Run from the repository root, with notelint installed:

    python -m tests.benchmarks.bench_check [--runs 5] [--corpus ../shared/corpus/dendron-site]

Prints the median, min and max wall time of each command over several fresh processes, and
the peak memory, beside ``python -c pass`` and the bare imports (the floor start-up cannot
go below). Not part of the test suite: timings belong in benchmarks, not in timed tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tests.benchmarks.timing import measure

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dendron-site"))
    parser.add_argument("--select", default=None, help="rules to run (default: the defaults)")
    args = parser.parse_args()
    notelint = shutil.which("notelint") or str(Path(sys.executable).with_name("notelint"))
    select = ["--select", args.select] if args.select else []
    note = str(ROOT / "notes" / "history.sino-soviet-relations.md")
    imports = "import yaml, markdown_it, pydantic, spellchecker"
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("imports (yaml, markdown_it, pydantic, spellchecker)", [sys.executable, "-c", imports]),
        ("notelint check <one note>", [notelint, "check", "-q", "--no-cache", *select, note]),
        ("notelint check <corpus>", [notelint, "check", "-q", "--no-cache", *select, args.corpus]),
        (
            "notelint check <corpus>, warm result cache",
            [notelint, "check", "-q", *select, args.corpus],
        ),
    ]
    print(f"notelint benchmark: {args.runs} runs each, fresh processes, medians\n")
    for label, command in cases:
        print(measure(label, command, args.runs, cwd=str(ROOT)).line(), flush=True)


if __name__ == "__main__":
    main()
