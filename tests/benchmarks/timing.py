"""Whole-process timing for benchmarks: repeated runs, medians, peak memory.

Each run is a fresh process (start-up included, as a commit hook or an editor pays it);
peak resident memory comes from ``os.wait4``'s rusage of that one child.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Timing:
    label: str
    seconds: list[float]
    peak_mib: float
    returncode: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def line(self) -> str:
        low, high = min(self.seconds), max(self.seconds)
        return (
            f"{self.label:<48} median {self.median:7.3f} s  (min {low:.3f}, max {high:.3f}, "
            f"n={len(self.seconds)})  peak {self.peak_mib:6.1f} MiB  exit {self.returncode}"
        )


def measure(label: str, command: list[str], runs: int = 5, cwd: str | None = None) -> Timing:
    """Run ``command`` ``runs`` times (after one warm-up run) and collect wall times."""
    return measure_rounds([(label, command, cwd)], runs)[0]


def measure_rounds(cases: list[tuple[str, list[str], str | None]], runs: int = 5) -> list[Timing]:
    """Time several commands in interleaved rounds: each runs once per round (after one
    warm-up run each), the order turning from round to round.

    On a shared machine whose speed drifts by ±15 % over minutes, timing one command's
    runs back to back and then the next's compares different machines; in rounds, each
    pair of a round saw the same one (see :func:`round_ratios`).

    Peak memory is read by GNU time when it is installed: Linux carries a process's peak
    resident size across ``exec``, so a child forked from a large benchmark process (the
    spelling benchmarks hold a dictionary) would report the benchmark's own memory.
    """
    seconds: list[list[float]] = [[] for _ in cases]
    peaks = [0.0] * len(cases)
    codes = [0] * len(cases)
    linux_time = sys.platform.startswith("linux") and Path("/usr/bin/time").exists()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "peak"
        for round_index in range(runs + 1):
            shift = round_index % len(cases)
            for index in [*range(shift, len(cases)), *range(shift)]:
                _, command, cwd = cases[index]
                wrapped = ["/usr/bin/time", "-o", str(report), "-f", "%M", *command]
                start = time.perf_counter()
                process = subprocess.Popen(
                    wrapped if linux_time else command,
                    cwd=cwd,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                _, status, usage = os.wait4(process.pid, 0)
                elapsed = time.perf_counter() - start
                codes[index] = os.waitstatus_to_exitcode(status)
                if round_index:  # the first round warms the file system cache
                    seconds[index].append(elapsed)
                    kib = _peak_kib(report) if linux_time else usage.ru_maxrss
                    peaks[index] = max(peaks[index], kib / 1024)
    return [
        Timing(label, times, peak, code)
        for (label, _, _), times, peak, code in zip(cases, seconds, peaks, codes, strict=True)
    ]


def round_ratios(numerator: Timing, denominator: Timing) -> tuple[float, float, float]:
    """The median, lowest and highest ratio of two commands timed in the same rounds."""
    ratios = sorted(a / b for a, b in zip(numerator.seconds, denominator.seconds, strict=True))
    return statistics.median(ratios), ratios[0], ratios[-1]


def _peak_kib(report: Path) -> float:
    """GNU time's %M (KiB): the last line of its report (a non-zero exit adds a line)."""
    try:
        return float(report.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return 0.0
