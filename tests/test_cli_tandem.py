"""A tandem's lifecycle on the command line: request to completion, agreements, goals."""

from __future__ import annotations

import pytest
from test_cli_kit import Cli, bad_input, refused


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


def status(run: Cli, t: str, who: str = "system") -> str:
    return str(run.data("tandem", "status", t, who=who)["tandem"]["status"])


def test_request_accept_and_getting_to_know(run):
    t = run.tandem()
    assert status(run, t) == "requested"
    out = run.ok("tandem", "accept", t, who="ben").stdout
    assert "Accepted" in out
    assert "now getting to know" in out
    run.ok("tandem", "opt-in", t, who="ana")
    refused(run("tandem", "opt-in", t, who="ana"), "CORE-2")  # not twice
    run.ok("tandem", "opt-in", t, who="ben")
    assert status(run, t) == "agreement_drafting"


def test_decline_and_opt_out_end_a_tandem(run):
    t = run.tandem()
    run.ok("tandem", "decline", t, "--reason", "no time this year", who="ben")
    assert status(run, t) == "declined"
    t2 = run.tandem(mentor="dave")
    run.ok("tandem", "accept", t2, who="dave")
    run.ok("tandem", "opt-out", t2, "--reason", "different expectations", who="dave")
    view = run.data("tandem", "status", t2, who="ana")
    assert view["tandem"]["status"] == "dissolved"


def test_assign_is_for_the_coordination(run):
    before = run.events()
    refused(run("tandem", "assign", "ana", "ben", "-p", "default", who="ana"), "CORE-AUTH")
    refused(run("tandem", "assign", "ana", "ben", "-p", "default", who="ben"), "CORE-AUTH")
    assert run.events() == before
    made = run.data("tandem", "assign", "ana", "ben", "-p", "default", who="carla")
    assert made["tandem"]["status"] == "getting_to_know"


def test_the_draft_is_the_mentees_until_she_submits_it(run):
    t = run.tandem()
    run.ok("tandem", "accept", t, who="ben")
    run.ok("tandem", "opt-in", t, who="ana")
    run.ok("tandem", "opt-in", t, who="ben")
    refused(run("agreement", "draft", t, "--goals", "x", who="ben"), "CORE-3")
    run.ok(
        "agreement",
        "draft",
        t,
        "--start",
        "2026-10-12",
        "--end",
        "2027-09-30",
        "--meetings",
        "6",
        "--format",
        "in_person",
        "--format",
        "video",
        "--topic",
        "career paths",
        "--goals",
        "choose a specialty",
        who="ana",
    )
    seen_by_ben = run.ok("tandem", "status", t, who="ben").stdout
    assert "withheld: the agreement draft: [CORE-3]" in seen_by_ben
    seen_by_ana = run.data("tandem", "status", t, who="ana")["tandem"]["proposal"]
    assert seen_by_ana["terms"]["meetings_planned"] == 6
    assert seen_by_ana["terms"]["contact_formats"] == ["in_person", "video"]
    refused(run("agreement", "approve", t, "--version", "1", who="ben"), "CORE-LIFECYCLE")
    run.ok("agreement", "submit", t, who="ana")
    run.ok("agreement", "return", t, "--comments", "add a goal for the PJ", who="ben")
    # a new draft keeps the earlier one's values; only the goals change
    run.ok("agreement", "draft", t, "--goals", "choose a specialty; plan the PJ", who="ana")
    proposal = run.data("tandem", "status", t, who="ana")["tandem"]["proposal"]
    assert (proposal["version"], proposal["state"]) == (1, "draft")
    assert proposal["terms"]["period_start"] == "2026-10-12"
    assert proposal["terms"]["goals"] == "choose a specialty; plan the PJ"
    run.ok("agreement", "submit", t, who="ana")
    refused(run("agreement", "approve", t, "--version", "2", who="ben"), "CORE-4")
    out = run.ok("agreement", "approve", t, who="ben").stdout
    assert "Version 1 approved" in out
    assert "now active" in out


def test_amendments_need_the_other_side(run):
    t = run.active()
    run.ok("agreement", "amend", t, "--end", "2028-03-31", "--meetings", "9", who="ben")
    refused(run("agreement", "approve", t, who="ben"), "CORE-5")  # not its author
    view = run.data("tandem", "status", t, who="ana")["tandem"]
    assert view["agreement"]["terms"]["period_end"] == "2027-09-30"  # v1 stays in force
    assert view["proposal"]["terms"]["goals"] == "decide on a specialty"  # kept from v1
    run.ok("agreement", "approve", t, who="ana")
    view = run.data("tandem", "status", t, who="ana")["tandem"]
    assert (view["agreement"]["version"], view["agreement"]["terms"]["meetings_planned"]) == (2, 9)
    run.ok("agreement", "amend", t, "--open-end", who="ana")
    run.ok("agreement", "reject", t, "--comments", "we keep an end date", who="ben")
    assert run.data("tandem", "status", t, who="ana")["tandem"]["proposal"] is None
    bad_input(
        run("agreement", "amend", t, "--end", "2028-01-01", "--open-end", who="ana"),
        "either --end or --open-end",
    )


def test_goals_are_set_by_the_mentee_and_reviewed_together(run):
    t = run.active()
    refused(run("goal", "set", t, "publish a case report", who="ben"), "CORE-13")
    assert "Goal 1 recorded" in run.ok("goal", "set", t, "choose a specialty", who="ana").stdout
    run.ok(
        "goal", "review", t, "1", "--status", "achieved", "--note", "internal medicine", who="ben"
    )
    goals = run.data("tandem", "status", t, who="ana")["tandem"]["goals"]
    assert [(g["text"], g["status"], g["note"]) for g in goals] == [
        ("choose a specialty", "achieved", "internal medicine")
    ]
    bad_input(run("goal", "review", t, "2", "--status", "open", who="ana"), "no goal number 2")
    bad_input(run("goal", "review", t, "1", "--status", "great", who="ana"), "'great'")


def test_close_and_complete(run):
    t = run.active()
    refused(run("tandem", "complete", t, who="ana"), "CORE-LIFECYCLE")
    run.ok("tandem", "close", t, "--note", "period ends", who="ana")
    out = run.ok("tandem", "complete", t, who="carla").stdout
    assert "Completed" in out
    assert "now completed" in out


def test_dissolve_needs_a_reason(run):
    t = run.active()
    bad_input(run("tandem", "dissolve", t, who="carla"), "--reason")
    refused(run("tandem", "dissolve", t, "--reason", " ", who="carla"), "CORE-DISSOLVE")
    run.ok("tandem", "dissolve", t, "--reason", "mentor moved away", who="carla")
    assert status(run, t) == "dissolved"


def test_rematch_then_another_mentor(run):
    t = run.active()
    refused(run("tandem", "rematch", t, who="ben"), "CORE-REMATCH")
    run.ok("tandem", "rematch", t, "--reason", "other specialty", who="ana")
    before = run.events()
    refused(
        run("tandem", "assign", "ana", "ben", "-p", "default", "--replaces", t[:8], who="carla"),
        "CORE-REMATCH",
    )
    assert run.events() == before
    made = run.data(
        "tandem", "assign", "ana", "dave", "-p", "default", "--replaces", t[:8], who="carla"
    )
    new = made["tandem"]["id"]
    listed = {x["id"]: x for x in run.data("tandem", "list", who="ana")}
    assert listed[new]["predecessor"] == t
    assert (listed[new]["mentor"], listed[t]["status"]) == ("dave", "dissolved")
    assert "re-matches tandem" in run.ok("tandem", "status", new, who="ana").stdout


def test_status_lists_what_the_viewer_may_do(run):
    t = run.active()
    page = run.ok("tandem", "status", t, who="ana").stdout
    assert "Dr. Ben Okafor (ben)" in page
    assert "Agreement in force: version 1" in page
    assert "You (mentee) may now:" in page
    assert "meeting propose" in page  # the command to type
    data = run.data("tandem", "status", t, who="carla")
    assert data["tandem"]["viewer_role"] == "coordinator"
    assert data["tandem"]["agreement"] is None  # CORE-PRIVACY keeps it from the coordination
    assert any("[CORE-PRIVACY]" in why for _, why in data["tandem"]["withheld"])


def test_list_shows_each_viewer_her_tandems(run):
    mine = run.tandem()
    run.tandem(mentee="fay", mentor="dave")
    assert [t["id"] for t in run.data("tandem", "list", "--person", "ana", who="ben")] == [mine]
    assert len(run.data("tandem", "list", who="carla")) == 2
    bad_input(run("tandem", "list", who="eve"), "no person 'eve'")  # no one of that id
    only = run.data("tandem", "list", "--status", "requested", "-p", "default", who="system")
    assert len(only) == 2
    bad_input(run("tandem", "list", "-p", "nope", who="system"), "no programme 'nope'")
