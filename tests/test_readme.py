"""The README's embedding example runs as written, and its Quick start is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_embedding_example_runs_as_written(tmp_path):
    code = re.search(r"```python\n(.*?)```", _section("Embedding"), re.S).group(1)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("{'CORE-1'} ['the mentee may not accept")
    assert lines[-1] == "TandemStatus.ACTIVE"
    assert (tmp_path / "mentoring.db").exists()


def test_quick_start_has_two_commands_and_ci_runs_the_second():
    block = re.search(r"```sh\n(.*?)```", _section("Quick start"), re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
