"""What pip installs carries its catalogues: the wheels of mentorcore and of
the three programme plugins hold the compiled German and English catalogues."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "mentorcore": ROOT,
    "mentorcore_medic": ROOT / "plugins/medic",
    "mentorcore_ostalb": ROOT / "plugins/ostalb",
    "mentorcore_kerpen": ROOT / "plugins/kerpen",
}


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
         *map(str, PACKAGES.values())],
        check=True,
        capture_output=True,
    )  # fmt: skip
    found = {}
    for wheel in out.glob("*.whl"):
        package = wheel.name.split("-")[0]
        with zipfile.ZipFile(wheel) as z:
            found[package] = set(z.namelist())
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_a_wheel_holds_its_compiled_catalogues(wheels, package):
    names = wheels[package]
    for language in ("de", "en"):
        assert f"{package}/locale/{language}/LC_MESSAGES/{package}.mo" in names
    if package == "mentorcore":
        assert "mentorcore/locale/de/LC_MESSAGES/click.mo" in names
        assert "mentorcore/py.typed" in names
        # the person export's documented format (DSGVO Art. 20)
        assert "mentorcore/read/person_export.schema.json" in names
