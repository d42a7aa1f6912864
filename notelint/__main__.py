"""``python -m notelint``: the same as the ``notelint`` command."""

import sys

from notelint.cli import main

sys.exit(main())
