"""Offsets to 1-based lines and columns, with the line breaks markdown-it uses.

markdown-it normalises ``\\r\\n`` and a lone ``\\r`` to ``\\n`` before it numbers lines, so
this index treats all three as one line break: token line numbers and ours then agree
for CRLF and CR-only files too. Columns count characters (code points), as ruff does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from notelint.diagnostics import Position

_BREAK = re.compile(r"\r\n?|\n")
_made = tuple.__new__


class LineIndex:
    """Start offset of every line of a text, and the conversions built on it."""

    __slots__ = ("length", "starts")

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self.starts: list[int] = [0]
            self.starts.extend(m.end() for m in _BREAK.finditer(text))
        else:  # the usual case, twice as fast: each line's length and its "\n"
            lengths = [len(line) + 1 for line in text.split("\n")[:-1]]
            self.starts = list(accumulate(lengths, initial=0))
        self.length = len(text)

    @property
    def count(self) -> int:
        return len(self.starts)

    def line_start(self, line0: int) -> int:
        """Offset of 0-based line ``line0``; past the last line, the end of the text."""
        if line0 >= len(self.starts):
            return self.length
        return self.starts[max(line0, 0)]

    def position(self, offset: int) -> Position:
        offset = min(max(offset, 0), self.length)
        line0 = bisect_right(self.starts, offset) - 1
        # a named tuple's own __new__ is a Python function: made directly, as every
        # diagnostic's start and end are (26,000 for the Dendron vault)
        return _made(Position, (line0 + 1, offset - self.starts[line0] + 1))

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position` for 1-based ``line`` and ``column``."""
        return min(self.line_start(line - 1) + column - 1, self.length)
