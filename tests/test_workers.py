"""Forked processes sharing a run's notes: every note once, nothing lost, nobody left."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from notelint import workers
from notelint.cache import dumps
from tests.conftest import linter, make_config
from tests.test_cache_and_workers import shape, vault

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")


def _no_children_left() -> bool:
    """Whether this process has no child, running or ended and unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _slow_in(monkeypatch: pytest.MonkeyPatch, parent: bool) -> None:
    """Make linting slow in the parent (or in the children), so that the others take
    tasks too: which process takes which is otherwise a race."""
    import time

    from notelint import engine

    me = os.getpid()
    real = engine._read_and_lint

    def slow(linter: object, path: str) -> object:
        if (os.getpid() == me) == parent:
            time.sleep(0.005)
        return real(linter, path)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_read_and_lint", slow)


@pytest.mark.parametrize("slow_parent", [True, False])
def test_every_note_comes_back_once_with_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_parent: bool
) -> None:
    _slow_in(monkeypatch, parent=slow_parent)
    paths = vault(tmp_path, 60)
    run = linter(["FM", "NL"], config=make_config())
    linted = list(workers.lint_shared(run, paths, 3, packed=False))
    assert sorted(index for index, *_ in linted) == list(range(60))
    for index, result, content, version, encoded in linted:
        assert result.path == paths[index]
        assert content is not None and len(content) == 32
        assert version == ""  # written just now: not settled, no stamp
        assert encoded is None or encoded == dumps(result)
    by_children = [index for index, *_, encoded in linted if encoded is not None]
    if slow_parent:
        assert by_children, "no child linted a note"
    else:
        assert len(by_children) < 59, "the parent linted none"
    assert _no_children_left()


def test_tasks_of_several_notes_cover_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "MAX_TASKS", 4)  # 59 notes after the first: tasks of 15
    paths = vault(tmp_path, 60)
    run = linter(["FM", "NL"], config=make_config())
    alone = [run.lint_file(path) for path in paths]
    linted = sorted(workers.lint_shared(run, paths, 2, packed=False), key=lambda item: item[0])
    assert [index for index, *_ in linted] == list(range(60))
    assert [shape(r.diagnostics) for _, r, *_ in linted] == [shape(r.diagnostics) for r in alone]


def _dies(*args: object) -> NoReturn:
    os._exit(3)


#: a well-formed result, for a note that is not the one it names
_RESULT = b'["FileResult","x.md",["L"],["M"],null,null,null]'


def _talks_nonsense(
    linter: object, paths: list[str], size: int, tasks: int, out: int, *inherited: object
) -> NoReturn:
    """Take every task and answer each with lines that are not results."""
    while workers._next_task(tasks) is not None:
        workers._write_all(
            out,
            b"1\tx\t\t[]\n"  # not a result
            b"not a line\n"
            b"7\t\t\t{\n"  # not JSON
            b"99999\t\t\t" + _RESULT + b"\n"  # a note the run does not have
            b"-1\t\t\t" + _RESULT + b"\n"  # the same, counted from the end
            b"0\t\t\t" + _RESULT + b"\n",  # the first note, which the parent linted
        )
    workers._write_all(out, b"2\t\t\t")  # a line cut short by the child's end
    os._exit(0)


@pytest.mark.parametrize("child", [_dies, _talks_nonsense])
def test_a_child_that_fails_loses_no_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: object
) -> None:
    monkeypatch.setattr(workers, "_child", child)
    paths = vault(tmp_path, 40)
    run = linter(["FM", "NL"], config=make_config())
    linted = list(workers.lint_shared(run, paths, 2, packed=False))
    assert sorted(index for index, *_ in linted) == list(range(40))
    assert all(encoded is None for *_, encoded in linted)  # the parent linted them all
    assert _no_children_left()


def test_a_run_given_up_stops_its_children(tmp_path: Path) -> None:
    paths = vault(tmp_path, 200)
    run = linter(["FM", "NL"], config=make_config())
    shared = workers.lint_shared(run, paths, 3, packed=False)
    next(shared)
    next(shared)  # the children are running now
    shared.close()
    assert _no_children_left()


def test_parallel_runs_need_no_pool_nor_threads(tmp_path: Path) -> None:
    """The fork-based sharing needs neither multiprocessing nor a thread (forking a
    process that runs threads is what makes fork unsafe); ``threading`` itself comes
    with ``logging``, which markdown-it imports."""
    import subprocess
    import sys

    paths = vault(tmp_path, 120)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from notelint.config import validate\n"
        "from notelint.engine import Linter\n"
        "from notelint.pack import load\n"
        f"paths = {paths!r}\n"
        "config = validate({}, Path(paths[0]).parent)\n"
        "result = Linter(config, load(None)).run(paths, jobs=2)\n"
        "assert len({d.path for d in result.diagnostics}) > 0\n"
        "import threading\n"
        "print(sorted(m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules),"
        " threading.active_count())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] 1"


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else -1


def test_a_fork_refused_leaves_the_parent_to_lint_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No more processes allowed (EAGAIN): the run goes on in this process, and the
    pipe made for the child is closed."""
    import errno

    def refused() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    paths = vault(tmp_path, 30)
    run = linter(["FM", "NL"], config=make_config())
    before = _open_descriptors()
    linted = list(workers.lint_shared(run, paths, 2, packed=False))
    assert sorted(index for index, *_ in linted) == list(range(30))
    assert _open_descriptors() == before


def test_a_caller_that_ignores_sigchld_still_gets_its_results(tmp_path: Path) -> None:
    """The system then reaps the children itself, and waiting for them fails."""
    import signal

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        paths = vault(tmp_path, 40)
        run = linter(["FM", "NL"], config=make_config())
        linted = list(workers.lint_shared(run, paths, 3, packed=False))
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert sorted(index for index, *_ in linted) == list(range(40))


def test_descriptors_numbered_past_1024_are_read(tmp_path: Path) -> None:
    """A program with many files open gets pipes numbered past ``select``'s limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1200
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip("cannot open enough files here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        paths = vault(tmp_path, 40)
        run = linter(["FM", "NL"], config=make_config())
        linted = list(workers.lint_shared(run, paths, 2, packed=False))
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert sorted(index for index, *_ in linted) == list(range(40))


def test_an_interrupt_in_a_starting_child_never_reaches_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child interrupted as it starts ends there: it never runs its parent's callers
    (this test's code, pytest) nor their clean-up; its notes are linted by the parent."""
    parent = os.getpid()
    real = workers._restore

    def interrupted(mask: object) -> None:
        real(mask)  # type: ignore[arg-type]
        if os.getpid() != parent:
            raise KeyboardInterrupt

    monkeypatch.setattr(workers, "_restore", interrupted)
    marks = tmp_path / "marks"
    paths = vault(tmp_path, 40)
    run = linter(["FM", "NL"], config=make_config())
    try:
        linted = list(workers.lint_shared(run, paths, 3, packed=False))
    finally:
        with marks.open("a") as out:
            out.write(f"{os.getpid()}\n")
    assert marks.read_text() == f"{parent}\n"
    assert sorted(index for index, *_ in linted) == list(range(40))
    assert all(encoded is None for *_, encoded in linted)
    assert _no_children_left()
