"""Feedback on the command line: open, give, overview (CORE-FEEDBACK-1..3)."""

from __future__ import annotations

import pytest
from test_cli_kit import Cli, bad_input, refused

LATER = "2026-10-14"
PLANTED = "the residency talk helped"


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


@pytest.fixture
def met(run) -> str:
    """ana and ben's tandem, met on 12 October; feedback is owed from 13 October."""
    t = run.active()
    run.ok("meeting", "propose", t, "--at", "2026-10-12 18:00", who="ana")
    run.ok("meeting", "confirm", t, "1", who="ben")
    run.ok("meeting", "attend", t, "1", who="ana", today="2026-10-13")
    return t


def test_core_feedback_1_open_lists_what_is_owed(run, met):
    out = run.ok("feedback", "open", who="ana", today=LATER).stdout
    assert "1 answer owed" in out
    assert "feedback request" in out
    assert "rating*" in out
    data = run.data("feedback", "open", who="carla", today=LATER)
    assert {r["person_id"] for r in data["requests"]} == {"ana", "ben"}


def test_core_feedback_1_give_by_number_then_refused_twice(run, met):
    out = run.ok(
        "feedback",
        "give",
        met,
        "1",
        "--answer",
        "rating=4",
        "--answer",
        f"went_well={PLANTED}",
        who="ana",
        today=LATER,
    ).stdout
    assert "your answer to the feedback request is recorded" in out
    assert "No feedback is owed." in run.ok("feedback", "open", who="ana", today=LATER).stdout
    key = run.data("feedback", "open", who="ben", today=LATER)["requests"][0]["key"]
    ana_key = key.removesuffix("/mentor") + "/mentee"
    refused(
        run("feedback", "give", met, ana_key, "--answer", "rating=3", who="ana", today=LATER),
        "CORE-FEEDBACK-1",
    )


def test_core_feedback_1_bad_answers_name_the_field(run, met):
    bad_input(
        run("feedback", "give", met, "1", "--answer", "rating=9", who="ana", today=LATER),
        "rating",
    )
    bad_input(
        run("feedback", "give", met, "1", "--answer", "rating", who="ana", today=LATER),
        "expected FIELD=VALUE",
    )
    bad_input(run("feedback", "give", met, "7", "--answer", "rating=4", who="ana", today=LATER))


def test_core_feedback_3_overview_for_the_coordination_only(run, met):
    run.ok("feedback", "give", met, "1", "--answer", "rating=5", who="ana", today=LATER)
    out = run.ok("feedback", "overview", "-p", "default", who="carla", today=LATER).stdout
    assert "Owed" in out
    assert "Dr. Ben Okafor" in out
    data = run.data("feedback", "overview", "-p", "default", who="carla", today=LATER)
    assert [(c["kind"], c["given"], c["owed"]) for c in data["counts"]] == [
        ("feedback-request", 1, 1)
    ]
    denied = run("feedback", "overview", "-p", "default", who="ana", today=LATER)
    assert denied.exit_code == 2  # not visible, like every read refused
    assert "[CORE-FEEDBACK-3]" in denied.stderr
