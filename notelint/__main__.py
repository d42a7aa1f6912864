"""``python -m notelint``: the same as the ``notelint`` command."""

from notelint.cli import run

run()
