"""notelint: a linter for Markdown notes with YAML frontmatter (Dendron, Obsidian, Foam).

The public API is small: :func:`lint_text` for one note's text, :func:`lint_paths` for files
and folders. Both use the configuration found from the working directory unless given one.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from notelint.config import Config
    from notelint.diagnostics import Diagnostic

__version__ = "0.1.0"
__all__ = ["__version__", "lint_paths", "lint_text"]


def _linter(config: Config | None, select: Iterable[str], ignore: Iterable[str]):  # type: ignore[no-untyped-def]
    import os

    from notelint import config as config_module
    from notelint import pack
    from notelint.engine import Linter

    config = config or config_module.find_and_load(None, os.getcwd())
    return Linter(config, pack.load(config.rules_path), select=select, ignore=ignore)


def lint_text(
    text: str,
    path: str = "<note>",
    *,
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Diagnostic]:
    """Lint one note's text as if it were the file ``path``; returns sorted diagnostics."""
    linter = _linter(config, select, ignore)
    return linter.finish([linter.lint_text(text, path)]).diagnostics


def lint_paths(
    paths: Iterable[str],
    *,
    config: Config | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Diagnostic]:
    """Lint files and folders (folders recursively, ``*.md``); returns sorted diagnostics."""
    from notelint.paths import collect

    linter = _linter(config, select, ignore)
    return linter.run(list(collect(paths, linter.config.root, linter.config.exclude))).diagnostics
