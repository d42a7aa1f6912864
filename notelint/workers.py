"""Lint many notes on every core: the process itself and forked children share the notes.

Why not ``concurrent.futures.ProcessPoolExecutor`` (used until now): on the Dendron vault
its two workers spent 1.25 s of CPU on 1,011 notes that cost 1.06 s in one process, and
the run took 0.77 s where two forked halves with nothing to send took 0.60 s. The pool
pickles every task and result, runs two threads in the parent, and leaves the parent
idle while its workers lint. Here the parent lints too (on two cores: itself and one
child), what it lints needs no encoding, and a child pays one 4-byte read per task and
one line of text per note.

How the notes are shared: they are cut into tasks (runs of consecutive notes) whose
numbers are written, as 4-byte records, into a pipe before forking; every process reads
the next record when it is free, so a slow note delays nobody. A pipe's reader holds the
pipe's lock for the whole read (Linux, the BSDs), and every read asks for exactly one
record, so each task goes to one process. A child writes a line per note into its own
pipe: the note's index, the digest of the bytes linted, the file's stamp and the result
in the cache's JSON form; the parent reads what has come after each of its own tasks,
and the rest at the end. A note whose line never comes (a child killed, a bug) is linted
by the parent, so a run never loses a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import suppress

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

    from notelint.engine import FileResult, Linter

#: a run is cut into at most this many tasks: their records (4 KB) fit in the pipe before
#: any process reads one, as a pipe holds at least one page everywhere
MAX_TASKS = 1024
_RECORD = 4
#: how much a child's pipe may hold (Linux): a child waits only when the parent has
#: not read for this many bytes of results (~700 notes of the Dendron vault)
_PIPE_SIZE = 1 << 20
#: within a task, the parent reads what the children wrote every this many notes: where
#: a pipe cannot be enlarged (64 KB on macOS), a task of ~100 notes would fill it
_DRAIN_EVERY = 8

#: a note's index, its result, the digest of its bytes (None: unread), the file's stamp
#: and, from a child, its result as JSON
Linted = tuple[int, "FileResult", str | None, str, str | None]


def lint_shared(linter: Linter, paths: list[str], processes: int, packed: bool) -> Iterator[Linted]:
    """Lint ``paths`` in this process and ``processes - 1`` forked children.

    Yields, in no particular order, each note's index in ``paths``, its result, the
    digest of the bytes linted (None: unread), the file's stamp
    (:func:`notelint.engine.stamp`) and, from a child, the result in the cache's JSON
    form (:func:`notelint.cache.dumps`); ``packed``: a child's result keeps its
    diagnostics as that JSON (:func:`notelint.cache.pack`).

    The first note is linted before forking, so that what the rules build once per run
    (the dictionary, the timeline index) is built once and inherited.

    Not for two threads at once: a child forked by one run would inherit the other's
    pipe ends and delay its end (the CLI runs one; a program calling the API in threads
    should pass ``jobs=1``, or run one at a time).
    """
    from notelint.cache import loads
    from notelint.engine import _read_and_lint

    count = len(paths)
    done = bytearray(count)
    done[0] = 1
    yield (0, *_read_and_lint(linter, paths[0]), None)
    _prepare_to_fork()
    size = -(-(count - 1) // MAX_TASKS)
    children: dict[int, int] = {}  # a child's process id -> its pipe's reading end
    pending: dict[int, bytearray] = {}  # a reading end -> a line begun but not ended
    tasks, records = os.pipe()
    try:
        try:
            _write_all(records, b"".join(_record(start) for start in range(1, count, size)))
        finally:
            os.close(records)
        for _ in range(processes - 1):
            reading, writing = os.pipe()
            mask = _block_interrupts()
            try:
                pid = os.fork()
            except OSError:  # no more processes allowed: go on with those there are
                _restore(mask)
                os.close(reading)
                os.close(writing)
                break
            if pid == 0:  # the child: never returns
                _child(linter, paths, size, tasks, writing, [reading, *children.values()], mask)
            children[pid] = reading
            pending[reading] = bytearray()
            _restore(mask)
            os.close(writing)
            _enlarge(reading)
            os.set_blocking(reading, False)

        def received(wait: bool) -> Iterator[Linted]:
            for line in _read_lines(pending, wait):
                try:
                    text = line.decode("ascii")
                    index_text, content, version, encoded = text.split("\t", 3)
                    index = int(index_text)
                    if not 0 <= index < count or done[index]:
                        continue
                    result = loads(encoded, paths[index], packed=packed, trusted=True)
                except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                    continue  # the note is linted again below
                done[index] = 1
                yield index, result, content or None, version, encoded

        while (start := _next_task(tasks)) is not None:
            for index in range(start, min(start + size, count)):
                done[index] = 1
                yield (index, *_read_and_lint(linter, paths[index]), None)
                if index % _DRAIN_EVERY == 0:  # a long task: let no child wait on its pipe
                    yield from received(wait=False)
            yield from received(wait=False)
        yield from received(wait=True)
        for pid in list(children):
            del children[pid]
            with suppress(ChildProcessError):  # SIGCHLD ignored: the system reaped it
                os.waitpid(pid, 0)
    finally:
        os.close(tasks)
        _end(children, pending)
    for index in range(count):  # what no child answered for
        if not done[index]:
            yield (index, *_read_and_lint(linter, paths[index]), None)


def _prepare_to_fork() -> None:
    """Build now what every child would otherwise build for itself, once the first note
    has built what it needed: the date patterns, if a rule of this run looks for dates."""
    import sys

    dates = sys.modules.get("notelint.dates")
    if dates is not None:
        dates.compile_patterns()


def _record(start: int) -> bytes:
    return start.to_bytes(_RECORD, "little")


def _next_task(tasks: int) -> int | None:
    """The first note of the next task nobody has taken; None when none is left."""
    record = os.read(tasks, _RECORD)
    return int.from_bytes(record, "little") if len(record) == _RECORD else None


def _child(
    linter: Linter,
    paths: list[str],
    size: int,
    tasks: int,
    out: int,
    inherited: list[int],
    mask: set[int] | None,
) -> NoReturn:
    """Take tasks until none is left, writing a line per note; never returns.

    Nothing of the parent's runs here: not its callers' code, nor their ``finally``
    clauses (which would stop the other children), nor exit handlers, nor a flush of
    output the parent had buffered. Interrupts are blocked from before the fork until
    this ``try`` is entered, and the child always ends with ``os._exit``, with a
    failure status if anything went wrong. ``inherited``: the parent's pipe ends the
    child must not hold (a pipe's end open in a child delays its end of file).
    """
    status = 1
    try:
        for fd in inherited:
            os.close(fd)
        _restore(mask)
        from notelint.cache import dumps
        from notelint.engine import _read_and_lint

        count = len(paths)
        while (start := _next_task(tasks)) is not None:
            lines = []
            for index in range(start, min(start + size, count)):
                result, content, version = _read_and_lint(linter, paths[index])
                lines.append(f"{index}\t{content or ''}\t{version}\t{dumps(result)}\n")
            _write_all(out, "".join(lines).encode("ascii"))
        status = 0
    finally:
        os._exit(status)


def _block_interrupts() -> set[int] | None:
    """Block the signals that interrupt a run (Ctrl-C, ``kill``) around a fork, so that
    none is handled in a child before it is ready for it; the mask to restore (None
    where signal masks are not available)."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _restore(mask: set[int] | None) -> None:
    if mask is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _enlarge(fd: int) -> None:
    """Let a child's pipe hold :data:`_PIPE_SIZE` bytes where the system allows it."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above the system's limit: the default size works too


def _read_lines(pending: dict[int, bytearray], wait: bool) -> Iterator[bytes]:
    """The whole lines the children have written so far; ``wait``: every line, until each
    child has closed its pipe (ended). A pipe that has ended is closed and forgotten.

    Waiting reads one pipe to its end, then the next: a child blocked on a full pipe
    only waits its turn, as every task has been taken by then and the others end. (No
    ``select``: it fails on descriptors numbered 1024 or more, which a program calling
    notelint may well have.)
    """
    for fd in list(pending):
        buffer = pending[fd]
        if wait:
            os.set_blocking(fd, True)
        while True:
            try:
                data = os.read(fd, _PIPE_SIZE)
            except BlockingIOError:
                break
            if not data:  # the child has ended: a line left unended is dropped
                os.close(fd)
                del pending[fd]
                break
            buffer += data
            end = buffer.rfind(b"\n")
            if end >= 0:
                lines = bytes(buffer[:end]).split(b"\n")
                del buffer[: end + 1]
                yield from lines
            if not wait:
                break


def _end(children: dict[int, int], pending: dict[int, bytearray]) -> None:
    """Stop and reap children still running (the run was interrupted or failed), and
    close the pipes still open."""
    if children:
        import signal

        for pid in children:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in children:
            with suppress(OSError):
                os.waitpid(pid, 0)
        children.clear()
    for fd in pending:
        os.close(fd)
    pending.clear()
