"""Reports, calendars and certificates on the command line (default programme)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from test_cli_kit import Cli, bad_input, refused


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


def held_meeting(
    run: Cli, t: str, day: str, next_day: str, mentee: str = "ana", mentor: str = "ben"
) -> None:
    run.ok("meeting", "propose", t, "--at", f"{day} 18:00", who=mentee)
    number = str(len(run.data("meeting", "list", t, who=mentee)["meetings"]))
    run.ok("meeting", "confirm", t, number, who=mentor)
    run.ok("meeting", "attend", t, number, who=mentee, today=next_day)
    run.ok("meeting", "attend", t, number, who=mentor, today=next_day)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_programmes_lists_rules_and_settings(run):
    listing = run.ok("programmes").stdout
    assert "medic" in listing
    assert "kerpen" in listing
    assert "ostalb" in listing
    medic = run.ok("programmes", "medic").stdout
    assert "MEDIC-ELIG-1" in medic
    assert "min_semester" in medic
    assert "semester" in medic
    (data,) = run.data("programmes", "kerpen")
    rules = {r["rule_id"]: r for r in data["rules"]}
    assert "hard" in rules["KERPEN-ELIG-1"]["kinds"]
    assert rules["KERPEN-ELIG-1"]["summary"].startswith("mentees are women")
    assert {s["name"]: s["value"] for s in data["settings"]}["min_topics_at_start"] == 4
    default = run.ok("programmes", "default").stdout
    assert "adds no rules" in default


def test_cadence_without_a_cadence_rule_says_so(run):
    t = run.tandem("ana", "ben")  # no agreement yet, so no rhythm agreed either
    run.ok("tandem", "accept", t, who="ben")
    assert "No cadence rows" in run.ok("cadence", t, who="ana").stdout
    assert run.data("cadence", t, who="ana")["periods"] == []


def test_core_rhythm_a_programme_without_a_rule_is_measured_as_agreed(run):
    t = run.active()  # 6 meetings agreed from 5 Oct 2026 to 30 Sep 2027
    rows = run.data("cadence", t, who="ana")["periods"]
    assert rows
    assert {r["rule_id"] for r in rows} == {"CORE-RHYTHM"}


def test_due_actions_for_a_date_and_their_delivery(run):
    t = run.active()
    held_meeting(run, t, "2026-10-12", "2026-10-13")
    due = run.data("due", "--date", "2026-10-13", who="system")
    kinds = {(a["rule_id"], a["kind"], a["recipient_role"]) for a in due["actions"]}
    assert ("CORE-9", "feedback-request", "mentee") in kinds
    assert ("CORE-9", "feedback-request", "mentor") in kinds
    # the day before the meeting nothing is due yet
    assert run.data("due", "--date", "2026-10-11", who="system")["actions"] == []
    # each sees what is addressed to her
    mine = run.data("due", "--date", "2026-10-13", who="ana")["actions"]
    assert {a["recipients"][0] for a in mine} == {"ana"}
    table = run.ok("due", "--date", "2026-10-13", "--tandem", t[:8], who="system").stdout
    assert "feedback request" in table
    assert "Ana Lopez, Dr. Ben Okafor" in table
    refused(run("due", "--acknowledge", who="ana", today="2026-10-13"), "CORE-AUTH")
    done = run.data("due", "--acknowledge", who="system", today="2026-10-13")
    assert len(done["acknowledged"]) == len(due["actions"])
    assert run.data("due", who="system", today="2026-10-13")["actions"] == []


def test_activity_log_as_the_viewer_may_see_it(run):
    t = run.active()
    log = run.data("activity", "ana", who="ana")
    assert [e["event"] for e in log][:2] == ["person-registered", "enrolled"]
    assert any(e["event"] == "agreement-approved" and e["tandem_id"] == t for e in log)
    table = run.ok("activity", "ana", who="ana").stdout
    assert "Ana Lopez" in table
    assert "Dr. Ben Okafor" in table
    bad_input(run("activity", "ana", who="dave"), "may not see the activity of ana")
    assert run.data("activity", "ana", "--since", "2030-01-01", who="ana") == []


def test_calendar_exports(run, tmp_path):
    t = run.active()
    run.ok(
        "meeting",
        "propose",
        t,
        "--at",
        "2026-10-12 18:00",
        "--place",
        'Room "4", 2nd floor',
        who="ana",
    )
    run.ok("meeting", "confirm", t, "1", who="ben")
    out = tmp_path / "cal" / "tandem.ics"
    assert "Wrote" in run.ok("calendar", "tandem", t, "-o", str(out), who="ana").stdout
    feed = Calendar.from_ical(out.read_bytes())
    (event,) = feed.walk("VEVENT")
    assert str(event["LOCATION"]) == 'Room "4", 2nd floor'
    assert "Ana Lopez" in str(event["SUMMARY"])
    printed = run.ok("calendar", "person", "ben", who="ben").stdout
    assert printed.startswith("BEGIN:VCALENDAR")
    assert "METHOD:PUBLISH" in printed
    programme = run.ok("calendar", "programme", "default", who="carla").stdout
    assert "BEGIN:VEVENT" in programme
    bad_input(run("calendar", "programme", "default", who="ana"), "[CORE-AUTH]")
    assert "METHOD:REQUEST" in run.ok("calendar", "meeting", t, "1", who="ana").stdout
    run.ok("meeting", "cancel", t, "1", "--reason", "ill", who="ana")
    assert "METHOD:CANCEL" in run.ok("calendar", "meeting", t, "1", who="ben").stdout


def test_certificate_pdf_holds_names_programme_period_and_meetings(tmp_path):
    run = Cli(tmp_path)
    people = (
        "id,name,role\n"
        "emre,Emre Yılmaz,mentee\n"
        "juergen,Dr. Jürgen Müller-Weiß,mentor\n"
        "carla,Carla Weiß,coordinator\n"
        "dave,Dave Schmidt,mentor\n"
    )
    run.ok("import", str(run.file("p.csv", people)), "-p", "default", who="system")
    t = run.active("emre", "juergen")
    held_meeting(run, t, "2026-10-12", "2026-10-13", "emre", "juergen")
    held_meeting(run, t, "2026-11-16", "2026-11-17", "emre", "juergen")
    run.ok("tandem", "close", t, who="emre", today="2027-06-28")
    refused(run("certificate", t, who="emre", today="2027-06-28"), "CORE-12")
    run.ok("tandem", "complete", t, who="carla", today="2027-06-30")
    target = tmp_path / "certificate.pdf"
    out = run.ok("certificate", t, "--out", str(target), who="emre", today="2027-07-01").stdout
    assert "Wrote the certificate of Emre Yılmaz" in out
    text = pdf_text(target)
    assert "Emre Yılmaz" in text  # the shipped font prints every name exactly
    assert "Dr. Jürgen Müller-Weiß" in text
    assert "“Mentoring (generic flow)”" in text
    assert "from 5 October 2026 to 30 June 2027" in text  # agreed start, completion
    assert "2 meetings were held" in text
    assert "Issued on 1 July 2027" in text  # the day it was written
    for person_or_tandem_id in ("emre", "juergen", "carla", t):  # no ids
        assert person_or_tandem_id not in text
    made = run.data("certificate", t, "--out", str(target), who="carla", today="2027-07-01")
    assert made["certificate"]["mentee_name"] == "Emre Yılmaz"
    assert made["certificate"]["programme_name"] == "Mentoring (generic flow)"
    german = tmp_path / "bescheinigung.pdf"
    out = run.ok(
        "--lang", "de", "certificate", t, "-o", str(german), who="emre", today="2027-07-01"
    )
    assert f"Teilnahmebescheinigung von Emre Yılmaz nach {german} geschrieben" in out.stdout
    text = pdf_text(german)
    assert (
        "Hiermit wird bescheinigt, dass Emre Yılmaz vom 5. Oktober 2026 bis 30. Juni 2027" in text
    )
    assert "Im Verlauf des Mentorings fanden 2 Treffen statt." in text
    assert "Ausgestellt am 1. Juli 2027" in text
    bad_input(run("certificate", t, who="dave", today="2027-07-01"), "[CORE-AUTH]")


def test_core_stalled_tandem_is_behind_in_health_and_due_for_the_coordination(run):
    """CORE-STALLED: eleven months without a meeting, on a programme without a
    cadence rule, make the tandem behind and ask the coordination once."""
    t = run.active(meetings=None)  # no number agreed: no rhythm, only the stall counts
    held_meeting(run, t, "2026-10-12", "2026-10-13")
    # 89 days after the meeting: not yet stalled (the default is 90 days)
    (row,) = run.data("health", "default", who="carla", today="2027-01-08")
    assert row["on_track"] is None
    assert row["behind"] == []
    (row,) = run.data("health", "default", who="carla", today="2027-09-10")
    assert row["on_track"] is False
    (why,) = row["behind"]
    assert why.startswith("[CORE-STALLED] no meeting held or planned since the last one on 12 Oct")
    page = run.ok("health", "default", who="carla", today="2027-09-10").stdout
    assert "0 on track, 1 behind" in page
    assert "[CORE-STALLED]" in page
    due = run.data("due", "--date", "2027-09-10", who="carla")["actions"]
    stalled = [a for a in due if a["rule_id"] == "CORE-STALLED"]
    assert [(a["kind"], a["recipient_role"], a["recipients"]) for a in stalled] == [
        ("stalled-tandem", "coordinator", [])
    ]
    assert stalled[0]["due_at"].startswith("2027-01-10")  # 90 days after the meeting's end
    # the two get CORE-9's inactivity reminder, not this one
    mine = run.data("due", "--date", "2027-09-10", who="ana")["actions"]
    assert "CORE-STALLED" not in {a["rule_id"] for a in mine}
    assert "stalled tandem" in run.ok("due", "--date", "2027-09-10", who="carla").stdout
    # a meeting planned for later ends the stall
    run.ok("meeting", "propose", t, "--at", "2027-09-20 18:00", who="ana", today="2027-09-10")
    (row,) = run.data("health", "default", who="carla", today="2027-09-11")
    assert row["behind"] == []
    due = run.data("due", "--date", "2027-09-11", who="carla")["actions"]
    assert "CORE-STALLED" not in {a["rule_id"] for a in due}


def test_core_stalled_counts_from_the_start_for_a_tandem_that_never_met(run):
    t = run.active(meetings=None)
    (row,) = run.data("health", "default", who="carla", today="2027-03-01")
    assert "since the tandem was formed on 5 October 2026" in row["behind"][0]
    due = run.data("due", "--date", "2027-03-01", "--tandem", t[:8], who="system")["actions"]
    assert [a["rule_id"] for a in due].count("CORE-STALLED") == 1
