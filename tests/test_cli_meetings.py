"""Meetings on the command line: propose, confirm, decline, reschedule, cancel, attend, document."""

from __future__ import annotations

import pytest
from test_cli_kit import Cli, bad_input, refused


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


@pytest.fixture
def tandem(run) -> str:
    return run.active()


def meetings(run: Cli, t: str, who: str = "ana") -> list[dict]:
    return run.data("meeting", "list", t, who=who)["meetings"]


def test_propose_reads_the_time_in_the_programmes_zone(run, tandem):
    out = run.ok(
        "meeting",
        "propose",
        tandem,
        "--at",
        "2026-10-12 18:00",
        "--place",
        "Café Rosa",
        "--agenda",
        "electives",
        who="ana",
    ).stdout
    assert "Meeting 1 proposed for 12 October 2026, 18:00" in out  # Berlin time
    (m,) = meetings(run, tandem)
    assert m["start"] == "2026-10-12T16:00:00+00:00"  # Berlin summer time
    assert (m["status"], m["place"], m["format"]) == ("proposed", "Café Rosa", "in_person")
    run.ok(
        "meeting",
        "propose",
        tandem,
        "--at",
        "2026-11-02T18:00+01:00",
        "--format",
        "video",
        "--minutes",
        "45",
        "--kind",
        "first_conversation",
        who="ana",
    )
    second = meetings(run, tandem)[1]
    assert (second["start"], second["duration_minutes"]) == ("2026-11-02T17:00:00+00:00", 45)


def test_only_the_other_side_confirms_and_the_mentee_schedules(run, tandem):
    refused(run("meeting", "propose", tandem, "--at", "2026-10-12 18:00", who="ben"), "CORE-6")
    run.ok("meeting", "propose", tandem, "--at", "2026-10-12 18:00", who="ana")
    refused(run("meeting", "confirm", tandem, "1", who="ana"), "CORE-6")
    run.ok("meeting", "confirm", tandem, "1", who="ben")
    assert meetings(run, tandem)[0]["status"] == "confirmed"


def test_reschedule_asks_for_a_new_confirmation(run, tandem):
    run.ok("meeting", "propose", tandem, "--at", "2026-10-12 18:00", who="ana")
    run.ok("meeting", "confirm", tandem, "1", who="ben")
    refused(run("meeting", "reschedule", tandem, "1", who="ben"), "CORE-MEETING")  # no change
    run.ok(
        "meeting",
        "reschedule",
        tandem,
        "1",
        "--at",
        "2026-10-13 17:00",
        "--format",
        "phone",
        who="ben",
    )
    m = meetings(run, tandem)[0]
    assert (m["status"], m["format"], m["start"]) == (
        "proposed",
        "phone",
        "2026-10-13T15:00:00+00:00",
    )
    run.ok("meeting", "confirm", tandem, "1", who="ana")


def test_attendance_once_it_has_begun_then_documentation(run, tandem):
    run.ok("meeting", "propose", tandem, "--at", "2026-10-12 18:00", who="ana")
    meeting_id = meetings(run, tandem)[0]["id"]
    run.ok("meeting", "confirm", tandem, meeting_id[:6], who="ben")
    before = run.events()
    refused(run("meeting", "attend", tandem, "1", who="ana"), "CORE-7")
    assert run.events() == before
    later = "2026-10-13"
    run.ok(
        "meeting",
        "prepare",
        tandem,
        "1",
        "--set",
        "topics=electives abroad",
        who="ana",
        today=later,
    )
    run.ok("meeting", "attend", tandem, "1", who="ana", today=later)
    run.ok("meeting", "attend", tandem, "1", who="ben", today=later)
    bad_input(
        run("meeting", "document", tandem, "1", "--set", "content", who="ana", today=later),
        "expected FIELD=VALUE",
    )
    bad_input(
        run("meeting", "document", tandem, "1", "--set", "mood=good", who="ana", today=later),
        "mood",
    )
    run.ok(
        "meeting",
        "document",
        tandem,
        "1",
        "--set",
        "content=talked about electives",
        "--set",
        "tasks=write to two clinics",
        who="ana",
        today=later,
    )
    (m,) = meetings(run, tandem, who="ben")
    assert (m["status"], m["attended_by"]) == ("held", ["mentee", "mentor"])
    assert dict(m["notes"]["values"])["tasks"] == "write to two clinics"
    listing = run.ok("meeting", "list", tandem, who="ben", today=later).stdout
    assert "content: talked about electives" in listing
    # the coordination sees that they met, not what they said (CORE-PRIVACY)
    hidden = run.ok("meeting", "list", tandem, who="carla", today=later).stdout
    assert "withheld from meeting 1: the meeting notes: [CORE-PRIVACY]" in hidden
    assert "talked about electives" not in hidden


def test_decline_cancel_and_missed(run, tandem):
    for day in ("2026-10-12", "2026-10-19", "2026-10-26"):
        run.ok("meeting", "propose", tandem, "--at", f"{day} 18:00", who="ana")
    run.ok("meeting", "decline", tandem, "1", "--reason", "on duty", who="ben")
    run.ok("meeting", "cancel", tandem, "2", "--reason", "exam moved", who="ana")
    run.ok("meeting", "confirm", tandem, "3", who="ben")
    refused(run("meeting", "missed", tandem, "3", who="ben"), "CORE-7")  # not begun yet
    run.ok(
        "meeting", "missed", tandem, "3", "--reason", "nobody came", who="ben", today="2026-10-27"
    )
    assert [(m["status"], m["reason"]) for m in meetings(run, tandem)] == [
        ("declined", "on duty"),
        ("cancelled", "exam moved"),
        ("missed", "nobody came"),
    ]
    refused(run("meeting", "confirm", tandem, "2", who="ben"), "CORE-MEETING")


def test_meetings_are_named_by_number_or_id(run, tandem):
    bad_input(run("meeting", "confirm", tandem, "1", who="ben"), "no meeting number 1")
    bad_input(run("meeting", "confirm", tandem, "ab", who="ben"), "at least 4 characters")
    bad_input(
        run("meeting", "propose", tandem, "--at", "next monday", who="ana"), "2026-10-12 18:00"
    )
