"""``mentorcore demo`` from wheels in a fresh virtual environment, far from any checkout.

The wheels of mentorcore and the three programme plugins are built from
copies of their sources (``pip wheel --no-deps``), installed into a new venv
with their dependencies from PyPI, and the demo runs there from a folder
that holds no ``examples/cohorts``: the cohorts must come from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_kit import ROOT

PLUGINS = ("medic", "ostalb", "kerpen")
#: What a build must not take along from a working copy.
LITTER = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "*.db", ".*_cache"
)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["MENTORCORE_LANG"] = "en"
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def sources(into: Path) -> list[Path]:
    """Clean copies of the four projects' sources (no build folders of earlier runs)."""
    core = into / "mentorcore"
    core.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, core / name)
    shutil.copytree(ROOT / "src", core / "src", ignore=LITTER)
    plugins = [into / p for p in PLUGINS]
    for p in PLUGINS:
        shutil.copytree(ROOT / "plugins" / p, into / p, ignore=LITTER)
    return [core, *plugins]


@pytest.mark.slow
def test_demo_runs_from_wheels_in_a_fresh_venv(tmp_path):
    wheels = tmp_path / "wheels"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    run(*pip, "wheel", "--no-deps", "-q", "-w", wheels, *sources(tmp_path / "src"), cwd=tmp_path)
    built = sorted(wheels.glob("*.whl"))
    assert len(built) == 4, built
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    core = next(w for w in built if w.name.startswith("mentorcore-"))
    others = [w for w in built if w != core]
    run(python, "-m", "pip", "install", "-q", f"{core}[cli,web]", *others, cwd=tmp_path)

    mentorcore = venv / "bin" / "mentorcore"
    for programme in PLUGINS:
        away = tmp_path / "elsewhere" / programme  # no checkout around: cohorts from the wheel
        away.mkdir(parents=True)
        done = run(mentorcore, "demo", programme, "--out", "tmp", cwd=away)
        out = away / "tmp"
        assert (out / f"{programme}.db").is_file(), done.stdout[-2000:]
        assert (out / f"{programme}-meetings.ics").stat().st_size > 0
        assert list(out.glob("certificate-*.pdf")), done.stdout[-2000:]
        assert "Health of" in done.stdout
        assert "messages sent during the year" in done.stdout  # the outbox (issue 14)

    # the web face from the wheel: its pages, templates and stylesheet (issue 17)
    db = tmp_path / "elsewhere" / "medic" / "tmp" / "medic.db"
    _serves_its_pages(mentorcore, db, tmp_path)


def _serves_its_pages(mentorcore: Path, db: Path, cwd: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    server = subprocess.Popen(
        [str(mentorcore), "--db", str(db), "serve", "--port", str(port)],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        base, page, css = f"http://127.0.0.1:{port}", "", ""
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/signin", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "katrin.vogel" in page or "Katrin Vogel" in page, page[:2000]
        link = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        css = urllib.request.urlopen(base + link if link.startswith("/") else link, timeout=5)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
