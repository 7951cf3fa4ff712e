"""Cohort matching on the command line: the proposal with its explanations, then confirm."""

from __future__ import annotations

import re

import pytest
from test_cli_kit import COHORTS, Cli, bad_input, refused


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path, today="2026-09-14")
    cli.ok("import", str(COHORTS / "medic.json"), str(COHORTS / "medic-mentees.csv"), who="system")
    return cli


def test_propose_explains_pairs_and_who_is_left_out(run):
    before = run.events()
    out = run.ok("match", "propose", "medic", "--track", "clinical", who="katrin.vogel").stdout
    assert "Proposal for MEDiC 1:1 mentoring (clinical mentoring): 5 pairs" in out
    assert "wish 1.00×1 (CORE-WISH)" in out
    assert "Tim Schulz" in out
    assert "MEDIC-ELIG-3" in out
    assert "Nothing written" in out
    assert run.events() == before
    proposal = run.data("match", "propose", "medic", "--track", "clinical", who="katrin.vogel")
    pairs = {p["mentee"]: p["mentor"] for p in proposal["pairs"]}
    assert pairs["sophie.krueger"] != "weber"  # Dr. Weber examines her (MEDIC-INDEP-1)
    assert pairs["lena.hoffmann"] == "mueller"  # her first wish
    (tim,) = proposal["unmatched"]
    assert tim["mentee"] == "tim.schulz"
    assert tim["exclusions"][0]["rule_ids"] == ["MEDIC-ELIG-3"]


def test_a_programme_with_tracks_needs_one(run):
    bad_input(run("match", "propose", "medic", who="katrin.vogel"), "choose a track", "clinical")


def test_confirm_is_for_the_coordination_and_all_or_nothing(run):
    before = run.events()
    refused(
        run("match", "confirm", "medic", "--track", "scientific", who="paul.schmitt"), "CORE-AUTH"
    )
    assert run.events() == before
    made = run.data("match", "confirm", "medic", "--track", "scientific", who="katrin.vogel")
    assert {(t["mentee"], t["mentor"]) for t in made["tandems"]} == {
        ("paul.schmitt", "brandt"),
        ("marie.wagner", "nguyen"),
    }
    listed = run.data("tandem", "list", "--status", "getting_to_know", who="katrin.vogel")
    assert len(listed) == 2


def test_confirm_some_pairs_and_fix_others(run):
    out = run.ok(
        "match",
        "confirm",
        "medic",
        "--track",
        "clinical",
        "--pair-of",
        "lena.hoffmann",
        who="katrin.vogel",
    ).stdout
    assert "1 tandem created" in out
    fixed = run.data(
        "match",
        "propose",
        "medic",
        "--track",
        "clinical",
        "--fix",
        "jonas.becker=roth",
        who="katrin.vogel",
    )
    jonas = next(p for p in fixed["pairs"] if p["mentee"] == "jonas.becker")
    assert (jonas["mentor"], jonas["fixed"]) == ("roth", True)
    assert "lena.hoffmann" not in {p["mentee"] for p in fixed["pairs"]}  # she has her tandem
    bad_input(
        run(
            "match",
            "propose",
            "medic",
            "--track",
            "clinical",
            "--fix",
            "jonas.becker",
            who="katrin.vogel",
        ),
        "expected MENTEE=MENTOR",
    )
    bad_input(
        run(
            "match",
            "confirm",
            "medic",
            "--track",
            "clinical",
            "--pair-of",
            "lena.hoffmann",  # she has her tandem already
            who="katrin.vogel",
        ),
        "'lena.hoffmann' has no pair in this proposal",
    )


def test_match_propose_lists_the_mentors_with_free_places_left(run):
    proposal = run.data("match", "propose", "medic", "--track", "clinical", who="katrin.vogel")
    assert proposal["free_places"] == [["weber", 1]]  # capacity 2, one mentee proposed
    out = run.ok("match", "propose", "medic", "--track", "clinical", who="katrin.vogel").stdout
    assert "Free places left" in out
    assert re.search(r"Dr\. Hannah Weber\s*│\s*1\s*│", out)
    german = run.ok(
        "--lang", "de", "match", "propose", "medic", "--track", "clinical", who="katrin.vogel"
    ).stdout
    assert "Freie Plätze" in german
