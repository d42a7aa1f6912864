"""The benchmarks' timing helpers (the benchmarks themselves are not in the test run)."""

from __future__ import annotations

import sys

from tests.benchmarks.timing import Timing, measure_rounds, round_ratios


def test_rounds_time_every_command_once_per_round_and_keep_exit_codes() -> None:
    quick = [sys.executable, "-c", "pass"]
    failing = [sys.executable, "-c", "raise SystemExit(3)"]
    timings = measure_rounds([("quick", quick, None), ("failing", failing, None)], runs=3)
    assert [t.label for t in timings] == ["quick", "failing"]
    assert [len(t.seconds) for t in timings] == [3, 3]  # the warm-up round is not kept
    assert [t.returncode for t in timings] == [0, 3]
    assert all(s > 0 for t in timings for s in t.seconds)


def test_round_ratios_pair_runs_of_the_same_round() -> None:
    cold = Timing("cold", [1.0, 2.0, 4.0], 0.0, 0)
    peer = Timing("peer", [2.0, 8.0, 4.0], 0.0, 0)
    assert round_ratios(cold, peer) == (0.5, 0.25, 1.0)
