"""The named types of the configuration's and the rule pack's fields.

A module of their own, imported by type checkers and by the two functions that hand the
configuration's and the rule pack's named tuples to pydantic (``_validate`` in
:mod:`notelint.config` and :mod:`notelint.pack`): pydantic resolves the fields'
annotations, strings under ``from __future__ import annotations``, among the names of the
function that calls it. They are made with :mod:`typing`, which no other module imports
when it runs (:mod:`notelint.record` says why).
"""

from __future__ import annotations

from typing import Annotated, Literal

from annotated_types import Ge, Le

__all__ = ["Annotated", "FieldType", "Ge", "Le", "Severity"]

#: how serious a diagnostic is (``severity`` in the configuration can change a rule's)
Severity = Literal["error", "warning", "info"]

#: what an extra frontmatter field of the rule pack (``rules/frontmatter.yaml``) holds
FieldType = Literal["string", "integer", "number", "boolean", "list", "string-list", "date"]
