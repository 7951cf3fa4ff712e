"""A command imports only what it uses: NumPy and SciPy when it matches, fpdf2
and fontTools when it writes a PDF, neither for help, listings or a status.

Each command runs in a fresh interpreter (an import, once made, stays), which
reports the heavy packages it ended up with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_cli_kit import COHORTS, Cli
from test_cli_reports import held_meeting

HEAVY = ("numpy", "scipy", "fpdf", "fontTools")

#: Runs ``mentorcore`` with the arguments after ``-c``, then prints its exit
#: code and which of HEAVY were imported, as JSON on the last line.
RUNNER = f"""
import json, sys
from mentorcore.cli import main
try:
    main()
    code = 0
except SystemExit as exit:
    code = exit.code
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"exit": code, "heavy": heavy}}))
"""


def heavy_imports(*argv: str) -> tuple[set[str], str]:
    """Run ``mentorcore *argv*`` in a new process; insist on exit 0 and return
    the heavy packages it imported and what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORCORE_")}
    env["MENTORCORE_LANG"] = "en"  # the German programmes would speak German
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.splitlines()
    report = json.loads(last)
    assert report["exit"] == 0, done.stdout + done.stderr
    return set(report["heavy"]), "\n".join(printed)


def on(run: Cli, who: str, *args: str, today: str | None = None) -> tuple[str, ...]:
    """The global options for *run*'s database and clock, acting as *who*, then *args*."""
    return ("--db", str(run.db), "--today", today or run.today, "--as", who, *args)


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


def test_help_imports_no_numpy_scipy_or_pdf_fonts():
    heavy, printed = heavy_imports("--help")
    assert heavy == set()
    for command in ("match", "certificate", "demo", "tandem", "programmes"):
        assert command in printed  # every command is still registered


def test_programmes_imports_no_numpy_scipy_or_pdf_fonts(run):
    heavy, printed = heavy_imports(*on(run, "system", "programmes"))
    assert heavy == set()
    assert "medic" in printed


def test_tandem_status_imports_no_numpy_scipy_or_pdf_fonts(run):
    t = run.active()
    heavy, printed = heavy_imports(*on(run, "ana", "tandem", "status", t))
    assert heavy == set()
    assert "Ana Lopez" in printed


def test_match_propose_imports_numpy_and_scipy_but_no_pdf_fonts(tmp_path):
    run = Cli(tmp_path, today="2026-09-14")
    run.ok("import", str(COHORTS / "medic.json"), str(COHORTS / "medic-mentees.csv"), who="system")
    heavy, printed = heavy_imports(
        *on(run, "katrin.vogel", "match", "propose", "medic", "--track", "clinical")
    )
    assert {"numpy", "scipy"} <= heavy
    assert not heavy & {"fpdf", "fontTools"}
    assert "Proposal for MEDiC 1:1 mentoring (clinical mentoring)" in printed


def test_certificate_imports_fpdf_and_fonttools(run, tmp_path):
    t = run.active()
    held_meeting(run, t, "2026-10-12", "2026-10-13")
    run.ok("tandem", "close", t, who="ana", today="2027-06-28")
    run.ok("tandem", "complete", t, who="carla", today="2027-06-30")
    target = tmp_path / "certificate.pdf"
    heavy, _ = heavy_imports(
        *on(run, "ana", "certificate", t, "--out", str(target), today="2027-07-01")
    )
    assert {"fpdf", "fontTools"} <= heavy
    assert target.read_bytes().startswith(b"%PDF")
