"""``path:line:col: CODE message``: what problem matchers and Vim's errorformat read."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from notelint.diagnostics import Diagnostic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

#: lines per write. Under ``PYTHONUNBUFFERED`` (or ``-u``) every write is a system call:
#: one per line took ~4 ms for the Dendron vault's 6,300 lines to /dev/null and ~8 ms to
#: a pipe, against ~1.5 ms in chunks of 100; chunks of about 10 kB are also a little
#: faster than single lines when buffered, and faster than chunks of 1,000 in any case
CHUNK = 100


def line(diagnostic: Diagnostic) -> str:
    start = diagnostic.start
    return f"{diagnostic.path}:{start.line}:{start.column}: {diagnostic.code} {diagnostic.message}"


def report(diagnostics: Iterable[Diagnostic], out: TextIO, sources: dict[str, str]) -> None:
    lines = map(line, diagnostics)
    while chunk := list(islice(lines, CHUNK)):
        out.write("\n".join(chunk) + "\n")
