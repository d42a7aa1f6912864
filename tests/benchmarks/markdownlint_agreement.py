"""Agreement of notelint's heading rules with markdownlint's, on the Dendron vault.

Not a test (pytest does not collect this folder's files: no ``test_`` prefix). Run it
from the repository root:

    /work/venv/bin/python tests/benchmarks/markdownlint_agreement.py [CORPUS] [--keep DIR]

It installs markdownlint-cli2 with npm into a temporary folder (or ``--keep DIR``, reused
when it is already there), runs it over every note of ``CORPUS`` (default
``../shared/corpus/dendron-site``) with only these rules on, runs notelint with the
matching heading rules, and prints, per rule pair, the count on each side and every line
where exactly one of them reports:

| markdownlint | notelint | configuration |
| --- | --- | --- |
| MD001 heading-increment | HD001 heading-increment | |
| MD003 heading-style | HD008 heading-style | `style: atx` |
| MD022 blanks-around-headings | HD006 heading-blank-lines | |
| MD024 no-duplicate-heading | HD003 heading-duplicate | `siblings_only: true` |
| MD025 single-title | HD002 heading-top-level | `front_matter_title` (the default pattern) |
| MD026 no-trailing-punctuation | HD007 heading-punctuation | |

Findings are compared as (file, line) pairs; markdownlint's MD022 reports a heading once
for "above" and once for "below", which counts as one line here.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PAIRS = [
    ("MD001", "HD001"),
    ("MD003", "HD008"),
    ("MD022", "HD006"),
    ("MD024", "HD003"),
    ("MD025", "HD002"),
    ("MD026", "HD007"),
]
MARKDOWNLINT_CONFIG = {
    "config": {
        "default": False,
        "MD001": True,
        "MD003": {"style": "atx"},
        "MD022": True,
        "MD024": {"siblings_only": True},
        "MD025": {"front_matter_title": "^\\s*title\\s*[:=]"},
        "MD026": True,
    },
    "gitignore": False,
    "noBanner": True,
    "noProgress": True,
}
#: default formatter: ``path:line[:column] [error] MDxxx/name description [detail]``
_LINE = re.compile(r"^(?P<path>.+?\.md):(?P<line>\d+)(?::\d+)?\s+(?:error\s+)?(?P<code>MD\d{3})/")

Finding = tuple[str, int]  # (path relative to the corpus, 1-based line)


def install(folder: Path) -> Path:
    """markdownlint-cli2 installed with npm into ``folder``; its executable."""
    binary = folder / "node_modules" / ".bin" / "markdownlint-cli2"
    if binary.exists():
        return binary
    folder.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed")
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", "markdownlint-cli2"],
        cwd=folder,
        check=True,
    )
    return binary


def version(folder: Path) -> str:
    found = []
    for name in ("markdownlint-cli2", "markdownlint"):
        package = folder / "node_modules" / name / "package.json"
        if package.exists():
            found.append(f"{name} {json.loads(package.read_text())['version']}")
    return ", ".join(found)


def run_markdownlint(binary: Path, corpus: Path, work: Path) -> dict[str, set[Finding]]:
    config = work / ".markdownlint-cli2.jsonc"
    config.write_text(json.dumps(MARKDOWNLINT_CONFIG, indent=2), encoding="utf-8")
    process = subprocess.run(
        [str(binary), "--config", str(config), "**/*.md", "#node_modules"],
        cwd=corpus,
        capture_output=True,
        text=True,
    )
    if process.returncode not in (0, 1):
        raise SystemExit(f"markdownlint-cli2 failed ({process.returncode}):\n{process.stderr}")
    found: dict[str, set[Finding]] = defaultdict(set)
    for line in (process.stdout + process.stderr).splitlines():
        match = _LINE.match(line)
        if match:
            found[match["code"]].add((match["path"], int(match["line"])))
    return found


def run_notelint(corpus: Path) -> tuple[dict[str, set[Finding]], dict[tuple[str, Finding], str]]:
    """notelint's heading rules with the default configuration (first-level 2)."""
    from notelint.config import Config
    from notelint.engine import Linter
    from notelint.pack import RulePack

    linter = Linter(Config(root=corpus), RulePack(), select=[code for _, code in PAIRS])
    found: dict[str, set[Finding]] = defaultdict(set)
    messages: dict[tuple[str, Finding], str] = {}
    paths = sorted(corpus.rglob("*.md"))
    results = [linter.lint_file(str(path)) for path in paths]
    for diagnostic in linter.finish(results).diagnostics:
        relative = Path(diagnostic.path).relative_to(corpus).as_posix()
        key = (relative, diagnostic.start.line)
        found[diagnostic.code].add(key)
        messages[diagnostic.code, key] = diagnostic.message
    return found, messages


def source_line(corpus: Path, finding: Finding) -> str:
    lines = (corpus / finding[0]).read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[finding[1] - 1] if 0 < finding[1] <= len(lines) else ""


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    options.add_argument(
        "corpus", nargs="?", type=Path, default=ROOT.parent / "shared/corpus/dendron-site"
    )
    options.add_argument("--keep", type=Path, help="install markdownlint-cli2 here and keep it")
    args = options.parse_args()
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory(prefix="notelint-mdl-") as scratch:
        folder = args.keep.resolve() if args.keep else Path(scratch)
        binary = install(folder)
        print(f"markdownlint: {version(folder)}; corpus: {corpus}")
        started = time.perf_counter()
        theirs = run_markdownlint(binary, corpus, Path(scratch))
        mdl_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours, messages = run_notelint(corpus)
    ours_seconds = time.perf_counter() - started
    notes = sum(1 for _ in corpus.rglob("*.md"))
    print(f"{notes} notes; markdownlint-cli2 {mdl_seconds:.1f} s, notelint {ours_seconds:.1f} s\n")
    print("| pair | markdownlint | notelint | both | only markdownlint | only notelint |")
    print("| --- | --- | --- | --- | --- | --- |")
    for md, hd in PAIRS:
        a, b = theirs.get(md, set()), ours.get(hd, set())
        print(f"| {md}/{hd} | {len(a)} | {len(b)} | {len(a & b)} | {len(a - b)} | {len(b - a)} |")
    for md, hd in PAIRS:
        a, b = theirs.get(md, set()), ours.get(hd, set())
        if a == b:
            continue
        print(f"\n## {md} vs {hd}")
        for label, side in ((f"only {md}", a - b), (f"only {hd}", b - a)):
            for finding in sorted(side):
                message = messages.get((hd, finding))
                extra = f"  [{message}]" if message else ""
                text = source_line(corpus, finding).strip()[:90]
                print(f"{label}: {finding[0]}:{finding[1]}: {text}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
