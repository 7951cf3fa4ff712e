"""``mentorcore calendar``: exports and their messages in the invocation's language."""

from __future__ import annotations

from icalendar import Calendar
from test_cli_kit import Cli

LINK = "https://meet.example.org/ana-ben"


def _planned(run: Cli) -> str:
    run.default_people()
    t = run.active()
    run.ok(
        "meeting",
        "propose",
        t,
        "--at",
        "2026-10-12 18:00",
        "--format",
        "video",
        "--place",
        LINK,
        who="ana",
    )
    return t


def test_a_german_export_speaks_german_and_names_people_not_ids(tmp_path):
    run = Cli(tmp_path)
    t = _planned(run)
    out = tmp_path / "tandem.ics"
    said = run.ok("--lang", "de", "calendar", "tandem", t, "-o", str(out), who="ana").stdout
    assert said.strip() == f"Kalender des Tandems nach {out} geschrieben"
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Mentoringtreffen: Ana Lopez und Dr. Ben Okafor"
    assert "Format: Videotelefonat" in str(event["DESCRIPTION"]).splitlines()
    assert str(event["URL"]) == LINK
    assert "LOCATION" not in event
    person = tmp_path / "ana.ics"
    said = run.ok("--lang", "de", "calendar", "person", "ana", "-o", str(person), who="ana")
    assert said.stdout.strip() == f"Kalender von Ana Lopez nach {person} geschrieben"
    meeting = tmp_path / "invite.ics"
    said = run.ok("--lang", "de", "calendar", "meeting", t, "1", "-o", str(meeting), who="ben")
    assert said.stdout.strip() == f"Treffen 1 nach {meeting} geschrieben"
    printed = run.ok("--lang", "de", "calendar", "programme", "default", who="carla").stdout
    assert "SUMMARY;LANGUAGE=de:Mentoringtreffen: Ana Lopez und Dr. Ben Okafor" in printed
    helped = run.ok("--lang", "de", "calendar", "--help").stdout
    assert "Treffen als iCalendar exportieren" in helped


def test_an_english_export_speaks_english(tmp_path):
    run = Cli(tmp_path)
    t = _planned(run)
    out = tmp_path / "ana.ics"
    said = run.ok("--lang", "en", "calendar", "person", "ana", "-o", str(out), who="ana")
    assert said.stdout.strip() == f"Wrote the calendar of Ana Lopez to {out}"
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Mentoring meeting: Ana Lopez and Dr. Ben Okafor"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"
    printed = run.ok("--lang", "en", "calendar", "tandem", t, who="ben").stdout
    (event,) = Calendar.from_ical(printed.encode()).walk("VEVENT")
    assert f"Link to the video call: {LINK}" in str(event["DESCRIPTION"]).splitlines()
