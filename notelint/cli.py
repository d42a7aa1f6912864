"""The command line: argument parsing, exit codes and one-line errors, nothing else.

Exit 0: no error or warning remains; 1: some remain; 2: the run itself failed (a bad
option, a bad configuration, a missing path), with one line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from notelint import __version__

if TYPE_CHECKING:
    from notelint.cache import ResultCache
    from notelint.engine import Linter
    from notelint.fixes import FileFix


class UsageError(Exception):
    """A problem with how notelint was called; exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{value}'")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    from notelint.reporters import FORMATS

    parser = _Parser(
        prog="notelint", description="A linter for Markdown notes with YAML frontmatter."
    )
    parser.add_argument("--version", action="version", version=f"notelint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="lint notes (files or folders)")
    check.add_argument(
        "paths", nargs="*", help="files or folders (default: the configured include, else .)"
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: full on a terminal, else concise)",
    )
    check.add_argument(
        "--select", type=_codes, default=[], help="comma-separated codes or prefixes to run"
    )
    check.add_argument(
        "--ignore", type=_codes, default=[], help="comma-separated codes or prefixes to skip"
    )
    check.add_argument(
        "--config", type=Path, help="use this configuration file instead of discovery"
    )
    check.add_argument(
        "--stdin-filename", help="read the note from standard input, report it under this path"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when diagnostics remain"
    )
    check.add_argument(
        "--fix", action="store_true", help="apply safe fixes in place, report what remains"
    )
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and change nothing (exit 1 if any)",
    )
    check.add_argument(
        "--statistics", action="store_true", help="print a count per rule instead of the list"
    )
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print only diagnostics, no summary"
    )
    check.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache"
    )
    check.add_argument(
        "--jobs", type=_jobs, default=None, help="worker processes (default: all cores)"
    )

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code")
    commands.add_parser("rules", help="list every rule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return _check(args)
        if args.command == "rule":
            return _rule(args.code)
        return _rules()
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except BrokenPipeError:
        sys.stderr.close()
        return 2


def _fail(message: str) -> int:
    print(f"notelint: error: {message}", file=sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> int:
    from notelint import config as config_module
    from notelint import pack as pack_module
    from notelint import reporters
    from notelint.engine import Linter
    from notelint.paths import PathError, collect, from_include

    try:
        config = config_module.find_and_load(args.config, Path.cwd())
        pack = pack_module.load(config.rules_path)
        linter = Linter(config, pack, select=args.select, ignore=args.ignore)
        sources: dict[str, str] = {}
        fixed: list[FileFix] = []
        if args.stdin_filename is not None:
            data = sys.stdin.buffer.read()
            if args.fix or args.diff:
                return _fix_stdin(args, linter, data)
            sources[args.stdin_filename] = data.decode("utf-8", errors="replace")
            result = linter.finish([linter.lint_bytes(data, args.stdin_filename)])
        else:
            if args.paths:
                paths = list(collect(args.paths, config.root, config.exclude))
            elif config.include:
                paths = from_include(config.root, config.include, config.exclude)
            else:
                paths = list(collect(["."], config.root, config.exclude))
            if args.diff:
                return _diff_files(args, linter, paths)
            fixed = _fix_files(args, linter, paths) if args.fix else []
            result = linter.run(paths, jobs=args.jobs, cache=_cache(linter, args))
    except (config_module.ConfigError, PathError) as exc:
        return _fail(str(exc))

    out = sys.stdout
    diagnostics = result.diagnostics
    if args.statistics:
        _statistics(diagnostics)
    else:
        name = args.format or ("full" if out.isatty() else "concise")
        reporters.get(name)(diagnostics, out, sources)
        if not args.quiet and name in ("full", "concise"):
            _summary(diagnostics, result.files)
    errors = [*result.errors, *(f.error for f in fixed if f.error)]
    for error in errors:
        print(f"notelint: error: {error}", file=sys.stderr)
    if errors:
        return 2
    failing = any(d.severity in ("error", "warning") for d in diagnostics)
    return 1 if failing and not args.exit_zero else 0


def _cache(linter: Linter, args: argparse.Namespace) -> ResultCache | None:
    if args.no_cache:
        return None
    from notelint.cache import for_linter

    return for_linter(linter)


def _fix_stdin(args: argparse.Namespace, linter: Linter, data: bytes) -> int:
    """``--fix``/``--diff`` on standard input: the fixed note (or the diff) goes to
    standard output, what remains to standard error."""
    from notelint import reporters
    from notelint.fixes import fix_source, unified_diff

    path = args.stdin_filename
    outcome = fix_source(linter, data, path, unsafe=args.unsafe_fixes)
    if args.diff:
        sys.stdout.write(unified_diff(path, outcome.before, outcome.after))
        if outcome.error:
            return _fail(outcome.error)
        return 1 if outcome.changed else 0
    fixed = outcome.after.encode("utf-8") if outcome.changed and not outcome.error else data
    sys.stdout.buffer.write(fixed)
    sys.stdout.flush()
    if outcome.error:
        return _fail(outcome.error)
    result = linter.finish([linter.lint_bytes(fixed, path)])
    text = fixed.decode("utf-8", errors="replace")
    reporters.get("concise")(result.diagnostics, sys.stderr, {path: text})
    failing = any(d.severity in ("error", "warning") for d in result.diagnostics)
    return 1 if failing and not args.exit_zero else 0


def _diff_files(args: argparse.Namespace, linter: Linter, paths: list[str]) -> int:
    """``--diff``: print what ``--fix`` would change, change nothing."""
    from notelint.fixes import fix_files, unified_diff

    done = fix_files(linter, paths, unsafe=args.unsafe_fixes, write=False)
    changed = [f for f in done if f.changed and not f.error]
    for outcome in changed:
        sys.stdout.write(unified_diff(outcome.path, outcome.before, outcome.after))
    if not args.quiet:
        count = sum(f.applied for f in changed)
        print(
            f"Would fix {count} {_plural(count, 'problem')} in {len(changed)} "
            f"{_plural(len(changed), 'note')}.",
            file=sys.stderr,
        )
    errors = [f.error for f in done if f.error]
    for error in errors:
        print(f"notelint: error: {error}", file=sys.stderr)
    return 2 if errors else 1 if changed else 0


def _fix_files(args: argparse.Namespace, linter: Linter, paths: list[str]) -> list[FileFix]:
    """``--fix``: fix and write each file; what remains is reported by the normal run."""
    from notelint.fixes import fix_files

    done = fix_files(linter, paths, unsafe=args.unsafe_fixes, write=True)
    if not args.quiet:
        count = sum(f.applied for f in done if not f.error)
        notes = sum(1 for f in done if f.changed and not f.error)
        print(
            f"Fixed {count} {_plural(count, 'problem')} in {notes} {_plural(notes, 'note')}.",
            file=sys.stderr,
        )
    return done


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _summary(diagnostics: Sequence[object], files: int) -> None:
    count = len(diagnostics)
    if count == 0:
        print(f"All checks passed ({files} {'note' if files == 1 else 'notes'}).")
        return
    fixable = sum(1 for d in diagnostics if getattr(d, "fix", None) is not None)
    print(f"Found {count} {_plural(count, 'problem')} in {files} {_plural(files, 'note')}.")
    if fixable:
        print(f"{fixable} with a fix (see `notelint rule CODE`).")


def _statistics(diagnostics: Sequence[object]) -> None:
    counts = Counter((d.code, d.rule) for d in diagnostics)  # type: ignore[attr-defined]
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:>6}  {code}  {name}")


def _rule(code: str) -> int:
    from notelint import registry

    rule = registry.by_code().get(code.upper())
    if rule is None:
        return _fail(f"unknown rule '{code}'")
    fix = {"safe": "safe fix", "unsafe": "unsafe fix", None: "no fix"}[rule.fixable]
    default = "on by default" if rule.default else "off by default"
    print(f"# {rule.code} {rule.name}\n")
    print(f"Severity: {rule.severity}; {fix}; {default}.\n")
    print(rule.documentation())
    return 0


def _rules() -> int:
    from notelint import registry

    for rule in registry.all_rules():
        fix = rule.fixable or "-"
        flag = "" if rule.default else " (off by default)"
        print(
            f"{rule.code}  {rule.name:<28} {rule.severity:<8} fix:{fix:<7} {rule.summary()}{flag}"
        )
    return 0
