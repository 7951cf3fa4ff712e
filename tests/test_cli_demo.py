"""``mentorcore demo``: a cohort's year, and what it leaves behind to explore."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar
from pypdf import PdfReader
from test_cli_kit import ROOT, Cli, bad_input

from mentorcore.cli import cli


def demo(programme: str, out: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["demo", programme, "--out", str(out), *extra],
        env={"MENTORCORE_LANG": "en"},
        catch_exceptions=False,
    )


@pytest.fixture(scope="module")
def medic(tmp_path_factory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("demo")
    return demo("medic", out), out


def test_make_demo_runs_the_medic_demo():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^demo:.*\n\t(.+)$", makefile, re.M)
    assert target, "the Makefile has no demo target"
    assert target.group(1).strip() == "$(BIN)/mentorcore demo medic --out out/demo"


def test_the_medic_year_shows_what_the_quick_start_promises(medic):
    result, out = medic
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert re.search(r"\d tandems created by Katrin Vogel", text)  # matched tandems
    assert "Health of MEDiC 1:1 mentoring: 6 on track, 1 behind" in text
    assert "Due actions on 23 September 2027" in text
    assert "feedback request" in text
    assert f"calendar:    {out / 'medic-meetings.ics'}" in text
    assert f"certificate: {out / 'certificate-lena.hoffmann.pdf'}" in text
    for rule in ("MEDIC-ELIG-1", "MEDIC-MATCH-1", "CORE-3", "MEDIC-SCOPE-1", "CORE-7", "CORE-12"):
        assert f"[{rule}]" in text, rule
    assert "Marie Wagner asks for another mentor" in text


def test_the_demo_writes_a_calendar_and_a_certificate(medic):
    _, out = medic
    feed = Calendar.from_ical((out / "medic-meetings.ics").read_bytes())
    events = feed.walk("VEVENT")
    assert len(events) > 40
    assert all(str(e["CLASS"]) == "CONFIDENTIAL" for e in events)  # coordinators see no content
    text = " ".join(
        PdfReader(out / "certificate-lena.hoffmann.pdf").pages[0].extract_text().split()
    )
    assert "Lena Hoffmann" in text
    assert "Dr. Jürgen Müller" in text
    assert "MEDiC 1:1 mentoring" in text
    assert "from 1 October 2026 to 23 September 2027" in text  # the demo runs in English
    run = Cli(out, today="2027-09-23")
    run.db = out / "medic.db"
    (lena,) = run.data("tandem", "list", "--person", "lena.hoffmann", who="lena.hoffmann")
    meetings = run.data("meeting", "list", lena["id"], who="lena.hoffmann")["meetings"]
    held = sum(m["status"] == "held" for m in meetings)
    assert held == 9  # getting to know, seven in the year, the closing conversation
    assert f"{held} meetings were held" in text


def test_the_demo_database_can_be_explored(medic):
    _, out = medic
    run = Cli(out, today="2027-09-23")
    run.db = out / "medic.db"
    tandems = run.data("tandem", "list", who="katrin.vogel")
    emre = next(t for t in tandems if t["mentee"] == "emre.yilmaz")
    cadence = run.data("cadence", emre["id"], who="emre.yilmaz")
    assert {p["status"] for p in cadence["periods"]} == {"behind"}
    health = run.data("health", "medic", who="katrin.vogel")
    assert {h["on_track"] for h in health} == {True, False}
    page = run.ok("health", "medic", who="katrin.vogel").stdout
    assert "behind" in page
    assert "[MEDIC-CAD-2]" in page
    due = run.data("due", who="system")["actions"]
    assert {"CORE-9", "MEDIC-CAD-1", "MEDIC-END-1"} <= {a["rule_id"] for a in due}


@pytest.mark.parametrize(
    ("programme", "rules"),
    [
        ("ostalb", ["OSTALB-ELIG-1", "OSTALB-MATCH-1", "OSTALB-CONF-1"]),
        ("kerpen", ["KERPEN-ELIG-1", "KERPEN-TOPICS-2"]),
    ],
)
def test_the_other_cohorts_play_their_year(tmp_path, programme, rules):
    result = demo(programme, tmp_path, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    reasons = " ".join(r["why"] for r in summary["refusals"])
    for rule in rules:
        assert f"[{rule}]" in reasons
    assert Path(summary["calendar"]).exists()
    assert Path(summary["certificate"]).exists()
    assert summary["meetings_held"] > 30


def test_a_mistake_no_rule_refuses_stops_the_demo(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    data = json.loads((ROOT / "examples" / "cohorts" / "medic.json").read_text(encoding="utf-8"))
    data["demo"]["mistakes"] = ["few-topics"]  # MEDiC asks for no number of topics
    (cohort / "medic.json").write_text(json.dumps(data), encoding="utf-8")
    (cohort / "medic-mentees.csv").write_bytes(
        (ROOT / "examples/cohorts/medic-mentees.csv").read_bytes()
    )
    result = demo("medic", tmp_path / "out", "--cohort", str(cohort))
    bad_input(result, "demo.mistakes", "no rule of MEDiC 1:1 mentoring refuses this")
    data["demo"]["mistakes"] = ["out-of-scope", "dance"]
    (cohort / "medic.json").write_text(json.dumps(data), encoding="utf-8")
    result = demo("medic", tmp_path / "out", "--cohort", str(cohort))
    bad_input(result, "'dance' is none of request")


def test_an_unknown_programme_or_cohort_is_bad_input(tmp_path):
    bad_input(demo("nope", tmp_path), "no cohort file", "nope.json")
    (tmp_path / "cohort").mkdir()
    (tmp_path / "cohort" / "medic.json").write_text('{"programme": "medic", "people": []}')
    bad_input(
        demo("medic", tmp_path, "--cohort", str(tmp_path / "cohort")), "needs a 'demo' section"
    )


def test_core_mail_1_the_demo_shows_its_mail_and_writes_it_with_mail_to_dir(tmp_path):
    import email
    from email.policy import default

    mail = tmp_path / "mail"
    result = demo("medic", tmp_path / "out", "--mail-to-dir", str(mail))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "8. Mail, " in text
    sent = re.search(r"(\d+) messages sent during the year", text)
    assert sent, text
    owed_now = re.search(r"(\d+) messages it would send now", text)
    assert owed_now, text
    files = sorted(mail.glob("*.eml"))
    assert len(files) == int(sent.group(1)) + int(owed_now.group(1))
    kinds = {email.message_from_bytes(f.read_bytes(), policy=default)["X-Mentorcore-Kind"]
             for f in files}  # fmt: skip
    assert {"feedback-request", "evaluation", "feedback-reminder"} <= kinds
    assert "9. Open feedback on 23 September 2027" in text
    assert re.search(r"\d+ answers owed", text)
