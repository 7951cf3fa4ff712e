"""A smoke run of ``benchmarks/privacy_bench.py`` at a tiny size (the figures
themselves come from running the script, not from the test suite)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "privacy_bench.py"


def test_the_benchmark_runs_and_ends_with_both_ratios():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tandems", "3", "--command-tandems", "1", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # It exits with an error when the plain side stored a sealed value, or the sealed side none.
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip().splitlines()
    assert re.fullmatch(r"encrypted/plain durable commands ratio: \d+\.\d\d", lines[-2])
    assert re.fullmatch(r"encrypted/plain rebuild ratio: \d+\.\d\d", lines[-1])
    assert lines[0].startswith("setup: 3 tandems")
    for row in ("commands/s, durable", "commands/s, no fsync", "rebuild events/s"):
        assert any(line.startswith(row) for line in lines), row
