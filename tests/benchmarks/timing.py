"""Whole-process timing for benchmarks: repeated runs, medians, peak memory.

Each run is a fresh process (start-up included, as a commit hook or an editor pays it);
peak resident memory comes from ``os.wait4``'s rusage of that one child.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass


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
    seconds, peak, code = [], 0.0, 0
    for index in range(runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        code = process.returncode
        if index:  # the first run warms the file system cache
            seconds.append(elapsed)
            peak = max(peak, usage.ru_maxrss / 1024)
    return Timing(label, seconds, peak, code)
