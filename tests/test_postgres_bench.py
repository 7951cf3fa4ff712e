"""A smoke run of ``benchmarks/postgres_bench.py`` at a tiny size, on the PostgreSQL
server the script starts for itself (tests/pg_server.py's; the figures themselves
come from running the script, not from the test suite)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "postgres_bench.py"
TINY = ["--seconds", "0.3", "--rounds", "1", "--processes", "2", "--mentees", "6"]
TINY += ["--lag-samples", "5", "--small", "5", "--tandems", "20"]


def test_the_benchmark_runs_and_ends_with_the_throughput_ratio():
    done = subprocess.run(
        [sys.executable, str(BENCH), *TINY], capture_output=True, text=True, timeout=300
    )
    # It exits with an error when a command failed or a commit was never seen by the reader.
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.rstrip().splitlines()
    assert re.fullmatch(r"postgres/sqlite 2-process throughput ratio: \d+\.\d\d", lines[-1])
    for backend in ("postgres", "sqlite"):
        assert any(re.match(rf"{backend} +2 +\d+", line) for line in lines), backend
        assert any(re.match(rf"{backend} +median \d+\.\d\d ms, p95", line) for line in lines)
    assert any(line.startswith("Engine(dsn) open on PostgreSQL: 5 tandems") for line in lines)
