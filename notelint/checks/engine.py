"""NL: problems the engine finds while reading notes and their suppression comments."""

from __future__ import annotations

from notelint.registry import EngineRule


class FileUnreadable(EngineRule):
    """A note should be a readable file.

    ## Why
    A note that cannot be read is not checked at all: a permission problem, a folder named
    like a note (`x.md/`), a broken symbolic link, a file that vanished during the run, or
    a file larger than `max-file-size` (5 MB by default: an export or a binary, not a note).
    The run goes on with the other notes; the problem is reported at line 1. NL001 and NL002
    are reported even when `--select` names other rules (a note that was not read is never
    silently skipped); `ignore` and `per-file-ignores` do silence them.
    """

    code, name = "NL001", "file-unreadable"


class NotUtf8(EngineRule):
    """A note should be valid UTF-8.

    ## Why
    Markdown tools, Dendron and Git diffs all assume UTF-8. The diagnostic points at the
    first byte that does not decode (its line, and the column of the characters before it),
    so the bad byte can be found in an editor. A UTF-16 file is reported the same way.
    """

    code, name = "NL002", "not-utf8"


class BadSuppression(EngineRule):
    """A suppression comment should name known rule codes or prefixes.

    ## Why
    A typo in `<!-- notelint-disable SP01 -->` silently suppresses nothing, or everything
    you did not mean to.

    ## Bad
    ```markdown
    <!-- notelint-disable-next-line XX999 -->
    Some text.
    ```

    ## Good
    ```markdown
    <!-- notelint-disable-next-line FM008 -->
    Some text.
    ```
    """

    code, name = "NL003", "bad-suppression"


class UnusedSuppression(EngineRule):
    """A suppression comment should silence something.

    ## Why
    Once the problem it silenced is fixed, a suppression only hides the next, real problem
    on that line. Like ruff's RUF100, this rule is off by default: select `NL004`.

    ## Bad
    ```markdown
    <!-- notelint-disable-next-line -->
    Some text.
    ```

    ## Good
    ```markdown
    Some text.
    ```
    """

    code, name = "NL004", "unused-suppression"
    severity = "warning"
    default = False
