"""What the installed code is, and a memo of inputs it has already validated.

Validating the configuration and the rule pack with pydantic is the right tool, but
importing pydantic and building its validators costs about 70 ms: half of a one-note run
and more than a whole warm-cache run of the vault. The configuration and the rule pack
change far less often than notes, so their *validated* form is remembered in the user
cache folder (beside the prepared dictionary), keyed by a digest of the input and of the
installed code. A later run with the same input builds notelint's plain objects from the
remembered JSON without importing pydantic; anything else (a new input, another notelint,
another pydantic, a damaged file) validates again. The memo holds only JSON, rebuilt into
notelint's own classes by the module that owns them, so reading it runs no code.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from functools import cache

from notelint import __version__
from notelint.hashing import blake2b

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

#: packages whose upgrade can change results: import name -> distribution name
DEPENDENCIES = {
    "spellchecker": "pyspellchecker",
    "markdown_it": "markdown_it_py",
    "mdit_py_plugins": "mdit_py_plugins",
    "yaml": "PyYAML",
    "pydantic": "pydantic",
}


def cache_home() -> str:
    """notelint's folder in the user cache: ``$NOTELINT_CACHE_DIR``, else the XDG cache."""
    explicit = os.environ.get("NOTELINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "notelint")


@cache
def code_stamp() -> str:
    """What the code is, beyond its version number: the size and time of every module of
    notelint (an edited checkout or an editable install gets a new key) and the installed
    versions of the packages results depend on (the names of their ``dist-info`` folders
    on the import path, read without importing the packages).

    Every run asks (the result cache's key, the memo's), so the folders are read with
    ``os.scandir`` and ``os.listdir``, each once: ``Path.rglob`` and a glob per package
    took ~1.7 ms, and finding each package with ``importlib.util.find_spec`` ~0.5 ms.
    """
    import sys

    package = os.path.dirname(os.path.realpath(__file__))
    stamp = [__version__, *_modules(package, "")]
    prefixes = {distribution.lower() + "-": name for name, distribution in DEPENDENCIES.items()}
    found: dict[str, list[str]] = {name: [] for name in DEPENDENCIES}
    for folder in dict.fromkeys(sys.path):  # in order, each once
        try:
            entries = os.listdir(folder or ".")
        except OSError:  # a zip file, a folder that is gone
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name = prefixes.get(entry.lower().split("-", 1)[0] + "-")
                if name is not None:
                    found[name].append(entry)
    stamp.extend(f"{name}:{sorted(entries)}" for name, entries in found.items())
    return "|".join(stamp)


def _modules(folder: str, prefix: str) -> list[str]:
    """``path:size:mtime`` of every ``.py`` file under ``folder``, sorted by path."""
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found.extend(_modules(entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".py"):
                info = entry.stat()
                found.append(f"{prefix}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return found


def _path(kind: str, source: str) -> str:
    digest = blake2b(f"{kind}\0{code_stamp()}\0{source}".encode(), digest_size=12)
    return os.path.join(cache_home(), f"valid-{kind}-{digest.hexdigest()}.json")


def recall(kind: str, source: str) -> Any | None:
    """The validated form remembered for ``source`` (the raw input), or None."""
    try:
        with open(_path(kind, source), "rb") as file:
            return json.loads(file.read())["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


#: a file of the user cache folder unused for this long is removed when another of its
#: kind is written (memos, prepared dictionaries, suggestion memos)
KEEP_DAYS = 30


def stale(
    folder: str | os.PathLike[str],
    matches: Callable[[str], object],
    keep: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[tuple[str, os.stat_result]]:
    """The entries of ``folder`` (path and ``lstat``) whose names ``matches`` accepts, but
    ``keep``, that have not been written (or marked as used) for :data:`KEEP_DAYS` days.

    Every upgrade and every change of an input makes new files under new keys; the old
    ones would otherwise pile up. At worst a deleted file is made again.
    """
    import time

    cutoff = time.time() - KEEP_DAYS * 86400
    folder = os.fspath(folder)
    kept = {os.fspath(path) for path in keep}
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        if not matches(name) or path in kept:
            continue
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if info.st_mtime < cutoff:
            yield path, info


def prune(
    folder: str | os.PathLike[str], pattern: str, keep: Iterable[str | os.PathLike[str]]
) -> None:
    """Delete the :func:`stale` files of ``folder`` whose names match ``pattern``."""
    from fnmatch import fnmatchcase

    for path, _ in stale(folder, lambda name: fnmatchcase(name, pattern), keep):
        with suppress(OSError):
            os.unlink(path)


def remember(kind: str, source: str, value: Any) -> None:
    """Remember ``value`` (JSON-able) as the validated form of ``source``; best effort.

    Each edit of the configuration and each upgrade adds a file, so writing one also
    removes those of the same kind not written for :data:`KEEP_DAYS` days (an input
    still in use is then validated once more).
    """
    from notelint.atomic import replacing

    path = _path(kind, source)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with replacing(path) as out:
            json.dump({"kind": kind, "value": value}, out, default=str)
    except OSError:
        return
    prune(os.path.dirname(path), f"valid-{kind}-*.json", keep={path})
