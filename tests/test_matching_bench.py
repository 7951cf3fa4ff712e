"""A smoke run of ``benchmarks/match_bench.py`` on a tiny cohort (the figures
themselves come from running the script, not from the test suite)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "match_bench.py"


def test_the_benchmark_runs_and_reaches_the_optimum(capsys):
    spec = importlib.util.spec_from_file_location("match_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    last = module.main(["--mentees", "60", "--mentors", "35", "--rounds", "1"])
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == last
    assert re.fullmatch(r"match/baseline ratio: \d+\.\d\d, optimal: yes", last)
    assert "greedy:" in out
    assert "peak extra memory (tracemalloc)" in out
