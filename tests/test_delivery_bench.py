"""A smoke run of ``benchmarks/delivery_bench.py`` at a tiny size (the figures
themselves come from running the script, not from the test suite)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "delivery_bench.py"


def test_the_benchmark_runs_and_ends_with_both_ratios():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tandems", "2,4", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # It exits with an error when the first run leaves a message unsent, or an idle run sends one.
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip().splitlines()
    assert re.fullmatch(r"delivery plan/notifications ratio: \d+\.\d\d", lines[-2])
    assert re.fullmatch(r"idle run/notifications ratio: \d+\.\d\d", lines[-1])
    assert any(line.startswith("setup 4: ") and "meeting-invitation 8" in line for line in lines)
    for row in ("notifications cold (baseline)", "plan cold", "first run (cold)", "idle run cold"):
        assert any(line.startswith(row) for line in lines), row
    assert any(line.startswith("growth 4/2 tandems") for line in lines)
