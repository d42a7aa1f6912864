"""Vault-wide rules: what only the whole vault shows, from a summary of each note.

They run on every run, a warm one included, when no note is linted again: they live
apart from the per-note rules, whose modules a warm run never imports (FM007 belongs to
the frontmatter rules, and is reported with them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Position, Span
from notelint.registry import Context, VaultRule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from notelint.note import Note


class IdDuplicate(VaultRule):
    """Each note of the vault should have its own `id`.

    ## Why
    Dendron resolves links and backlinks by id: two notes with one id make one of them
    unreachable. This usually happens when a note is copied by hand. Reported on each
    note, naming the others.

    ## Bad
    ```markdown
    ---
    id: abc
    title: One
    ---
    ```

    ```markdown
    ---
    id: abc
    title: Copy of One
    ---
    ```

    ## Good
    ```markdown
    ---
    id: abc
    title: One
    ---
    ```

    ```markdown
    ---
    id: abd
    title: Copy of One
    ---
    ```
    """

    code, name = "FM007", "id-duplicate"

    def summarize(self, note: Note, ctx: Context) -> _IdSummary | None:
        """The note's id and where it is: its diagnostic, should the id be another's too,
        made only then (a warm run of the Dendron vault decoded 1,012 such diagnostics
        from the cache to report none)."""
        fm = note.frontmatter
        entry = fm.fields.get("id") if fm is not None and fm.ok else None
        if entry is None or not isinstance(entry.value, str) or not entry.value:
            return None
        found = self.report(note, entry.value_span, entry.value)
        return (entry.value, *found.span, *found.start, *found.end, found.snippet)

    def check_vault(self, summaries: list[tuple[str, Any]]) -> Iterator[Diagnostic]:
        by_id: dict[str, list[tuple[str, _IdSummary]]] = defaultdict(list)
        for path, summary in summaries:
            if _is_id_summary(summary):  # else no id, or from a damaged cache
                by_id[summary[0]].append((path, summary))
        for value, found in by_id.items():
            if len(found) < 2:
                continue
            for path, (_, start, end, line, column, end_line, end_column, snippet) in found:
                others = ", ".join(sorted(other for other, _ in found if other != path))
                yield Diagnostic(
                    self.code,
                    self.name,
                    self.severity,
                    f"'id' '{value}' is also the id of {others}",
                    Span(start, end),
                    Position(line, column),
                    Position(end_line, end_column),
                    path=path,
                    snippet=snippet,
                )


#: an id and where it is: the id, the span's start and end offsets, its start's line and
#: column, its end's line and column, and the snippet
_IdSummary = tuple[str, int, int, int, int, int, int, str]
_ID_SUMMARY_TYPES = (str, int, int, int, int, int, int, str)


def _is_id_summary(summary: Any) -> bool:
    return (
        summary.__class__ is tuple
        and tuple(map(type, summary)) == _ID_SUMMARY_TYPES
        and 0 <= summary[1] <= summary[2]
    )
