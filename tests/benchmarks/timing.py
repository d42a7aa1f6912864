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
    """Run ``command`` ``runs`` times (after one warm-up run) and collect wall times.

    Peak memory is read by GNU time when it is installed: Linux carries a process's peak
    resident size across ``exec``, so a child forked from a large benchmark process (the
    spelling benchmarks hold a dictionary) would report the benchmark's own memory.
    """
    seconds, peak, code = [], 0.0, 0
    linux_time = sys.platform.startswith("linux") and Path("/usr/bin/time").exists()
    gnu_time = "/usr/bin/time" if linux_time else None
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "peak"
        wrapped = [gnu_time, "-o", str(report), "-f", "%M", *command] if gnu_time else command
        for index in range(runs + 1):
            start = time.perf_counter()
            process = subprocess.Popen(
                wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            code = process.returncode
            if index:  # the first run warms the file system cache
                seconds.append(elapsed)
                kib = _peak_kib(report) if gnu_time else usage.ru_maxrss
                peak = max(peak, kib / 1024)
    return Timing(label, seconds, peak, code)


def _peak_kib(report: Path) -> float:
    """GNU time's %M (KiB): the last line of its report (a non-zero exit adds a line)."""
    try:
        return float(report.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return 0.0
