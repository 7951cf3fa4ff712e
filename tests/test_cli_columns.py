"""``health``, ``tandem status`` and ``tandem list`` at 80 columns: no word broken.

A demo year's database is rendered twice, at 80 columns and so wide that
nothing wraps; every word of the narrow page must be a word of the wide one
(a rule ID or a name cut across two lines would leave pieces that are not),
and no line may be wider than 80 columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from mentorcore.cli import cli

#: Box-drawing characters of rich's tables, which stand between words.
BOX = re.compile("[\u2500-\u257f]")


@pytest.fixture(scope="module")
def medic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    done = CliRunner().invoke(
        cli, ["demo", "medic", "--out", str(out)], env={"MENTORCORE_LANG": "en"}
    )
    assert done.exit_code == 0, done.output
    return out / "medic.db"


def page(db: Path, lang: str, columns: int, *args: str) -> str:
    done = CliRunner().invoke(
        cli,
        ["--db", str(db), "--as", "katrin.vogel", "--today", "2027-09-23", *args],
        env={"MENTORCORE_LANG": lang, "COLUMNS": str(columns), "MENTORCORE_AS": None},
    )
    assert done.exit_code == 0, done.output
    return done.stdout


def words(text: str) -> set[str]:
    return {w.rstrip(":") for w in BOX.sub(" ", text).split()}


def tandems(db: Path) -> list[str]:
    listing = page(db, "en", 400, "tandem", "list")
    return sorted(set(re.findall(r"^│ ([0-9a-f]{8}) ", listing, re.M)))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_health_status_and_list_break_no_word_at_80_columns(medic, lang):
    shown = tandems(medic)
    assert len(shown) >= 7
    for args in [
        ("health", "medic"),
        ("tandem", "list"),
        *(("tandem", "status", t) for t in shown),
    ]:
        narrow = page(medic, lang, 80, *args)
        wide = page(medic, lang, 400, *args)
        assert max(cell_len(line) for line in narrow.splitlines()) <= 80, args
        broken = words(narrow) - words(wide)
        assert not broken, (args, broken, narrow)
        assert "MEDIC-CAD-1" in narrow or args[0] != "health"


def test_health_at_80_columns_is_a_few_lines_per_tandem(medic):
    narrow = page(medic, "en", 80, "health", "medic")
    assert len(narrow.splitlines()) <= 10 + 6 * 7 + 12  # head, seven tandems, the reasons


def test_piped_output_follows_columns(medic):
    assert max(map(cell_len, page(medic, "en", 60, "tandem", "list").splitlines())) <= 60
    wider = page(medic, "en", 100, "health", "medic")
    assert 80 < max(map(cell_len, wider.splitlines())) <= 100
