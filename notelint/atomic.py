"""Replacing a file atomically: the one way notelint writes anything.

Content goes to a temporary file in the target's folder (so the rename stays on one file
system) and replaces the target with ``os.replace``: a reader, or a process killed at any
moment, sees the old content or the new, never a mix. If writing fails the temporary file
is removed. Fixed notes, baselines, the result cache and the prepared dictionary all use it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str],
    *,
    binary: bool = False,
    mode: int | None = None,
    durable: bool = False,
) -> Iterator[IO[Any]]:
    """A handle whose content replaces ``path`` when the ``with`` block ends without error.

    ``mode`` sets the new file's permission bits (``mkstemp`` makes it 0600); ``durable``
    flushes it to disk before the rename (for notes: the user's own data).
    """
    import tempfile  # with random and shutil, a few ms a read-only run need not pay

    folder, name = os.path.split(os.fspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        text = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(descriptor, "wb" if binary else "w", **text) as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
