"""How long ``mentorcore --help`` takes against a bare Python start.

Each figure is the median wall time of whole processes (start to exit), run
interleaved: ``python -c pass`` (the baseline) and the ``mentorcore`` console
script next to this interpreter with ``--help`` (or, if there is none, the
same entry point through ``python -c``). Last line: ``cli-help/python ratio: X.XX``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def command() -> list[str]:
    """``mentorcore --help`` as this interpreter's environment runs it."""
    script = Path(sys.executable).parent / "mentorcore"
    if script.exists():
        return [str(script), "--help"]
    return [sys.executable, "-c", "from mentorcore.cli import main; main()", "--help"]


def wall(argv: list[str]) -> float:
    """Seconds from starting *argv* to its exit; it must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="Runs of each (default 7).")
    args = parser.parse_args()
    baseline, cli = [sys.executable, "-c", "pass"], command()
    wall(baseline), wall(cli)  # warm the file cache and the bytecode
    python_times, cli_times = [], []
    for _ in range(args.runs):
        python_times.append(wall(baseline))
        cli_times.append(wall(cli))
    py, help_ = statistics.median(python_times), statistics.median(cli_times)
    print(f"python -c pass    (median of {args.runs}): {py * 1000:7.1f} ms")
    print(f"mentorcore --help (median of {args.runs}): {help_ * 1000:7.1f} ms")
    print(f"cli-help/python ratio: {help_ / py:.2f}")


if __name__ == "__main__":
    main()
