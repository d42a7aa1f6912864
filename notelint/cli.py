"""The command line: argument parsing, exit codes and one-line errors, nothing else.

Exit 0: no error or warning remains; 1: some remain; 2: the run itself failed (a bad
option, a bad configuration, a missing path), with one line on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections import Counter
from collections.abc import Sequence

from notelint import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, NoReturn

    from notelint.baseline import Baseline
    from notelint.cache import ResultCache
    from notelint.diagnostics import Diagnostic
    from notelint.engine import Linter
    from notelint.fixes import FileFix


class UsageError(Exception):
    """A problem with how notelint was called; exit 2."""


class _Parser(argparse.ArgumentParser):
    #: True while :func:`build_parser` runs, when argparse makes formatters only to check
    #: each argument's metavar and to name the subcommands, which needs no terminal width
    building: ClassVar[bool] = False

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        """A formatter of fixed width while building: argparse's own asks shutil for the
        terminal's width, and importing shutil (with zlib, bz2 and lzma) was ~2 ms of a
        warm run that prints no help. Help, usage and ``--version`` keep the real width."""
        if _Parser.building:
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{value}'")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser.

    While it is built, argparse's group titles and help texts are taken as written rather
    than looked up with ``gettext``: each of its dozen lookups searches the locale folders
    for a ``messages`` catalogue (Python ships none), and the first imports ``locale``:
    ~2 ms of a ~50 ms warm run. Messages made when the command line is parsed (errors)
    are still looked up.
    """
    _Parser.building = True
    translate = argparse._  # type: ignore[attr-defined]
    argparse._ = str  # type: ignore[attr-defined]
    try:
        return _build_parser()
    finally:
        _Parser.building = False
        argparse._ = translate  # type: ignore[attr-defined]


def _build_parser() -> argparse.ArgumentParser:
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
    check.add_argument("--config", help="use this configuration file instead of discovery")
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
    check.add_argument(
        "--baseline", metavar="FILE", help="report only diagnostics not recorded in FILE"
    )
    check.add_argument(
        "--write-baseline", metavar="FILE", help="record the diagnostics in FILE and exit 0"
    )
    check.add_argument(
        "--add-suppressions",
        action="store_true",
        help="insert notelint-disable-next-line comments for every diagnostic, exit 0",
    )

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code")
    commands.add_parser("rules", help="list every rule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _OUTLIVING.clear()
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal must not crash the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
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
    except OSError as exc:  # the report could not be written: a full disk, /dev/full
        return _unwritable(exc)


def run() -> NoReturn:
    """The ``notelint`` console script and ``python -m notelint``: :func:`main`, then exit
    at once with its status, skipping the interpreter's teardown (freeing every module
    and object one by one: ~3-5 ms of a ~110 ms warm run, ~15 ms of a parallel cold run
    with its dictionary and token streams, for a process about to end).

    Only a process of its own exits this way; a program or test calling :func:`main`
    gets the status back. Exit handlers (a coverage tool's, a plugin's) run first, then
    the standard streams are flushed. Output that cannot be flushed (a full disk) is a
    one-line error and status 2; a closed pipe, an exception, or a profiler, tracer or
    other thread waiting for the end of the process (:func:`_may_skip_teardown`) takes
    the ordinary exit.

    The collector's thresholds are raised (:data:`GC_THRESHOLD`) before the set-up
    rather than after it: its imports make only objects that live as long as the
    process, yet CPython's default thresholds collected ~12 times among them.
    """
    import gc

    gc.set_threshold(*GC_THRESHOLD)
    code = main()
    if not _may_skip_teardown():
        sys.exit(code)
    try:
        atexit._run_exitfuncs()  # what the ordinary exit would run; then there are none
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        sys.exit(code)
    except OSError as exc:  # what was still buffered could not be written
        os._exit(_unwritable(exc))
    except BaseException:
        sys.exit(code)
    os._exit(code)


def _may_skip_teardown() -> bool:
    """Whether ending without teardown loses nothing once the exit handlers have run:
    ``atexit`` can run them (CPython's; elsewhere, play safe), no profiler or tracer
    waits for the program to return (``python -m cProfile``, a debugger) and no other
    thread is still running."""
    threading = sys.modules.get("threading")  # notelint starts no thread; a plugin might
    return (
        hasattr(atexit, "_run_exitfuncs")
        and sys.gettrace() is None
        and sys.getprofile() is None
        and (threading is None or threading.active_count() == 1)
    )


#: collect the youngest generation every 200,000 allocations instead of 700: a warm run
#: of the Dendron vault decodes ~100,000 objects that all stay, and each collection
#: among them (two at 50,000) only walked them to find nothing (~4 ms)
GC_THRESHOLD = (200_000, 20, 20)

#: what a run over files made (its results, the cache's shards, the linter), kept past
#: :func:`main` until the next call: freeing it object by object when :func:`_check`
#: returned took ~4 ms of a ~75 ms warm run of the Dendron vault, in a process that
#: :func:`run` then ends without its teardown
_OUTLIVING: list[object] = []


def _tune_garbage_collector() -> None:
    """Collect cycles less often: linting makes millions of short-lived objects (tokens,
    spans, diagnostics) that reference counting frees, and few cycles. CPython's default
    thresholds ran about nine full collections per run of the Dendron vault, ~10 % of
    its CPU time. What the set-up built (configuration, rules, dictionary) is frozen out
    of every later collection, which also keeps forked workers from copying its pages.
    Only the CLI does this: the process is its own, unlike a program calling the API."""
    import gc

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _unwritable(exc: OSError) -> int:
    """Standard output could not be written (a full disk, ``/dev/full``): exit 2."""
    return _fail(f"cannot write the output: {exc.strerror or exc}")


def _fail(message: str) -> int:
    import contextlib

    with contextlib.suppress(OSError):  # stderr cannot be written either: the status says it
        print(f"notelint: error: {message}", file=sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> int:
    from notelint import config as config_module
    from notelint import pack as pack_module
    from notelint import reporters
    from notelint.engine import Linter
    from notelint.paths import PathError, collect, from_include

    _exclusive(args)
    try:
        args.loaded_baseline = _load_baseline(args.baseline)
        config = config_module.find_and_load(args.config, os.getcwd())
        pack = pack_module.load(config.rules_path)
        linter = Linter(config, pack, select=args.select, ignore=args.ignore)
        _tune_garbage_collector()
        sources: dict[str, str] = {}
        fixed: list[FileFix] = []
        paths: list[str] | None = None
        if args.stdin_filename is not None:
            data = sys.stdin.buffer.read()
            if args.add_suppressions:
                return _suppress_stdin(args, linter, data)
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
                return _diff_files(args, linter, paths, _cache(linter, args))
            if args.add_suppressions:
                return _suppress_files(args, linter, paths)
            cache = _cache(linter, args)
            fixed = _fix_files(args, linter, paths, cache) if args.fix else []
            result = linter.run(paths, jobs=args.jobs, cache=cache)
            _OUTLIVING.extend((result, cache, linter, paths))
    except (config_module.ConfigError, PathError) as exc:
        return _fail(str(exc))

    out = sys.stdout
    if args.write_baseline is not None:
        return _write_baseline(args, result.diagnostics, result.errors)
    linted = paths if paths is not None else [args.stdin_filename]
    diagnostics = _baselined(args, result.diagnostics, linted)
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
    remaining = _baselined(args, result.diagnostics, [path])
    reporters.get("concise")(remaining, sys.stderr, {path: text})
    failing = any(d.severity in ("error", "warning") for d in remaining)
    return 1 if failing and not args.exit_zero else 0


def _exclusive(args: argparse.Namespace) -> None:
    """Options that each decide what the run does: at most one of them (``--fix`` goes
    with ``--diff``, as in ruff, and before ``--write-baseline``: record what is left)."""
    modes = [
        name
        for name, on in (
            ("--diff", args.diff),
            ("--add-suppressions", args.add_suppressions),
            ("--write-baseline", args.write_baseline is not None),
        )
        if on
    ]
    if args.fix and args.add_suppressions:
        modes.insert(0, "--fix")
    if args.baseline is not None and (args.write_baseline is not None or args.add_suppressions):
        modes.insert(0, "--baseline")
    if len(modes) > 1:
        raise UsageError(f"{modes[0]} cannot be combined with {modes[1]}")


def _load_baseline(path: str | None) -> Baseline | None:
    """The ``--baseline`` file; a file that cannot be used is a usage error (exit 2).
    notelint.baseline is imported only here, when one is named."""
    if path is None:
        return None
    from notelint.baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _baselined(
    args: argparse.Namespace, diagnostics: list[Diagnostic], linted: list[str]
) -> list[Diagnostic]:
    """``--baseline``: only the diagnostics the baseline does not record."""
    baseline = getattr(args, "loaded_baseline", None)
    if baseline is None:
        return diagnostics
    filtered = baseline.filter(diagnostics, linted)
    if filtered.stale and not args.quiet:
        print(
            f"notelint: {filtered.stale} {_plural(filtered.stale, 'problem')} recorded in "
            f"{baseline.path} no longer occur (update it with --write-baseline)",
            file=sys.stderr,
        )
    return filtered.diagnostics


def _write_baseline(
    args: argparse.Namespace, diagnostics: list[Diagnostic], errors: list[str]
) -> int:
    """``--write-baseline FILE``: record the diagnostics, exit 0 (2 if the run failed)."""
    from notelint.baseline import Baseline, BaselineError

    for error in errors:
        print(f"notelint: error: {error}", file=sys.stderr)
    if errors:
        return 2
    baseline = Baseline.record(args.write_baseline, diagnostics)
    try:
        baseline.write()
    except BaselineError as exc:
        return _fail(str(exc))
    if not args.quiet:
        count = baseline.total
        print(
            f"Recorded {count} {_plural(count, 'problem')} in {args.write_baseline}.",
            file=sys.stderr,
        )
    return 0


def _suppress_files(args: argparse.Namespace, linter: Linter, paths: list[str]) -> int:
    """``--add-suppressions``: comment every remaining diagnostic away, exit 0 (2 when a
    note could not be changed)."""
    from notelint import reporters
    from notelint.diagnostics import SORT_KEY
    from notelint.suppress import add_to_files

    done, unread = add_to_files(linter, paths)
    left = sorted([*unread, *(d for outcome in done for d in outcome.left)], key=SORT_KEY)
    reporters.get("concise")(left, sys.stderr, {})
    if not args.quiet:
        count = sum(outcome.comments for outcome in done if outcome.changed)
        notes = sum(1 for outcome in done if outcome.changed)
        print(
            f"Added {count} suppression {_plural(count, 'comment')} to {notes} "
            f"{_plural(notes, 'note')}.",
            file=sys.stderr,
        )
    errors = [outcome.error for outcome in done if outcome.error]
    for error in errors:
        print(f"notelint: error: {error}", file=sys.stderr)
    return 2 if errors else 0


def _suppress_stdin(args: argparse.Namespace, linter: Linter, data: bytes) -> int:
    """``--add-suppressions`` on standard input: the commented note goes to standard
    output (unchanged when it is not UTF-8)."""
    from notelint.suppress import add_to_text

    path = args.stdin_filename
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        sys.stdout.buffer.write(data)
        return 0
    result = linter.finish([linter.lint_text(text, path)])
    outcome = add_to_text(linter, text, path, result.diagnostics)
    sys.stdout.buffer.write(outcome.after.encode("utf-8"))
    sys.stdout.flush()
    if outcome.error or result.errors:
        return _fail(outcome.error or result.errors[0])
    return 0


def _diff_files(
    args: argparse.Namespace, linter: Linter, paths: list[str], cache: ResultCache | None
) -> int:
    """``--diff``: print what ``--fix`` would change, change nothing."""
    from notelint.fixes import fix_files, unified_diff

    done = fix_files(linter, paths, unsafe=args.unsafe_fixes, write=False, cache=cache)
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


def _fix_files(
    args: argparse.Namespace, linter: Linter, paths: list[str], cache: ResultCache | None
) -> list[FileFix]:
    """``--fix``: fix and write each file; what remains is reported by the normal run."""
    from notelint.fixes import fix_files

    done = fix_files(linter, paths, unsafe=args.unsafe_fixes, write=True, cache=cache)
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

    if code.upper() not in registry.CATALOGUE:
        return _fail(f"unknown rule '{code}'")
    rule = registry.rule_class(code.upper())  # only its own module
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
