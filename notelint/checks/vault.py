"""Vault-wide rules: what only the whole vault shows, from a summary of each note.

They run on every run, a warm one included, when no note is linted again: they live
apart from the per-note rules, whose modules a warm run never imports (FM007 belongs to
the frontmatter rules, and is reported with them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from notelint.diagnostics import Diagnostic
from notelint.registry import Context, VaultRule

if TYPE_CHECKING:
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

    def summarize(self, note: Note, ctx: Context) -> Diagnostic | None:
        fm = note.frontmatter
        entry = fm.fields.get("id") if fm is not None and fm.ok else None
        if entry is None or not isinstance(entry.value, str) or not entry.value:
            return None
        return self.report(note, entry.value_span, entry.value)

    def check_vault(self, summaries: list[Any]) -> Iterator[Diagnostic]:
        by_id: dict[str, list[Diagnostic]] = defaultdict(list)
        for found in summaries:
            if isinstance(found, Diagnostic):  # else none, or from a damaged cache
                by_id[found.message].append(found)
        for value, found in by_id.items():
            if len(found) < 2:
                continue
            for diagnostic in found:
                others = ", ".join(sorted(d.path for d in found if d is not diagnostic))
                yield diagnostic._replace(message=f"'id' '{value}' is also the id of {others}")
