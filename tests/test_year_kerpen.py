"""A mentoring year of the City of Kerpen through the command line (seed 004).

From an empty database: the experienced leaders from the project team's JSON
file, the junior leaders from a CSV (UTF-8 with a byte-order mark, German
values: „weiblich“, „w“, „Mentee“); the coordination matches, never a mentor
in the mentee's line of management („ohne Weisungsbefugnis“); getting to
know, decision, agreements within the mentoring year naming enough topics
(„dass zu Beginn ... genügend Themen für die Programmlaufzeit genannt
werden“); meetings, one where the mentor takes her mentee along to her own
appointment; an amendment bringing new topics in June („Themen ... klären
oder erledigen sich schnell“); feedback; closing conversations in December,
completion and a certificate; and one tandem that meets too little.

The coordinator's reports are read on 2027-03-15, 2027-07-01 and, after
the mentoring year, on 2028-01-05. The year is played once per module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from year_kit import STORES, YEARS, Reports, Year, on_store, pdf_text

C = "claudia.schnitzler"
KATHARINA, JANA, MERVE = "katharina.lueck", "jana.krueger", "merve.sahin"
PAIRS = {KATHARINA: "huelsmann.g", JANA: "foerster.r", MERVE: "wisniewska.e"}
NAMES = {KATHARINA: "Katharina Lück", JANA: "Jana Krüger", MERVE: "Merve Şahin"}
EARLY, MID, END = "2027-03-15", "2027-07-01", "2028-01-05"
MONTHLY = ["2027-02-16", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
           "2027-07-13", "2027-08-10", "2027-09-14", "2027-10-12", "2027-11-09"]  # fmt: skip


@dataclass
class Played:
    year: Year
    proposal: dict
    early: Reports
    mid: Reports
    end: Reports
    amended: dict
    health_de: str
    certificate: Path
    delivered: dict[str, int]


@pytest.fixture(scope="module", params=STORES)
def played(tmp_path_factory, request) -> Played:
    y = Year(tmp_path_factory.mktemp("kerpen"), "kerpen", C, "2027-01-04")
    on_store(y, request)
    delivered: dict[str, int] = {}
    y.ok("import", str(YEARS / "kerpen.json"), str(YEARS / "kerpen-mentees.csv"), who="system")
    proposal = y.data("match", "propose", "kerpen", who=C, today="2027-01-11")
    y.ok("match", "confirm", "kerpen", who=C, today="2027-01-11")
    y.tandem_rows("2027-01-11")

    for k, (mentee, mentor) in enumerate(PAIRS.items()):
        y.meeting(
            mentee, mentor, ("2027-01-18", "2027-01-19", "2027-01-20")[k], kind="getting_to_know"
        )
        y.ok("tandem", "opt-in", y.of(mentee), who=mentee, today="2027-01-21")
        y.ok("tandem", "opt-in", y.of(mentee), who=mentor, today="2027-01-22")

    topics = {
        KATHARINA: ["first_leadership", "new_leader_with_colleagues", "time_management",
                    "network"],
        JANA: ["next_career_step", "presence", "family_and_work", "network"],
        MERVE: ["leadership_assertiveness", "conflicts", "part_time_leadership",
                "feedback_on_style"],
    }  # fmt: skip
    for mentee, mentor in PAIRS.items():
        chosen = [arg for topic in topics[mentee] for arg in ("--topic", topic)]
        y.ok(
            "agreement", "draft", y.of(mentee), "--start", "2027-02-01", "--end", "2027-12-31",
            "--meetings", "10", "--frequency", "einmal im Monat", *chosen,
            "--goals", "Sicherheit in der Führungsrolle", who=mentee, today="2027-01-25",
        )  # fmt: skip
        y.ok("agreement", "submit", y.of(mentee), who=mentee, today="2027-01-25")
        y.ok("agreement", "approve", y.of(mentee), who=mentor, today="2027-01-27")

    # Katharina and Jana meet monthly; Dr. Förster takes Jana along to the council
    # committee in May; Merve meets in February and then not until September.
    for mentee in (KATHARINA, JANA):
        for day in MONTHLY[:2]:
            y.meeting(mentee, PAIRS[mentee], day)
    y.meeting(MERVE, "wisniewska.e", "2027-02-18", fmt="video")
    early = y.reports(EARLY)
    delivered[EARLY] = y.acknowledge(EARLY)

    for day in MONTHLY[2:5]:
        y.meeting(KATHARINA, "huelsmann.g", day)
        if day == "2027-05-11":
            n = y.plan(JANA, "foerster.r", day, fmt="shadowing", proposer="foerster.r",
                       agenda="Sitzung des Hauptausschusses", on="2027-05-03")  # fmt: skip
            y.hold(JANA, "foerster.r", n, day)
        else:
            y.meeting(JANA, "foerster.r", day)
    # Jana's family topic settled itself (home office): new topics by amendment
    y.ok(
        "agreement", "amend", y.of(JANA), "--topic", "next_career_step", "--topic", "presence",
        "--topic", "network", "--topic", "visibility", "--topic", "knowledge_transfer",
        who=JANA, today="2027-06-10",
    )  # fmt: skip
    y.ok("agreement", "approve", y.of(JANA), who="foerster.r", today="2027-06-14")
    amended = y.data("tandem", "status", y.of(JANA), who=JANA, today="2027-06-14")["tandem"]
    # the two monthly pairs fix July's meeting at June's (a month's rhythm is kept
    # by planning the next one: an open month with none held or planned is behind)
    july = {m: y.plan(m, PAIRS[m], MONTHLY[5], on=MONTHLY[4]) for m in (KATHARINA, JANA)}
    mid = y.reports(MID)
    health_de = y.ok("--lang", "de", "health", "kerpen", who=C, today=MID).stdout
    delivered[MID] = y.acknowledge(MID)

    for mentee, number in july.items():
        y.hold(mentee, PAIRS[mentee], number, MONTHLY[5])
    for day in MONTHLY[6:]:
        y.meeting(KATHARINA, "huelsmann.g", day)
        y.meeting(JANA, "foerster.r", day)
    y.meeting(MERVE, "wisniewska.e", "2027-09-21")
    # closing conversations in December; the project team completes
    for mentee in (KATHARINA, JANA):
        y.meeting(mentee, PAIRS[mentee], "2027-12-07", kind="closing")
        y.ok("tandem", "close", y.of(mentee), who=mentee, today="2027-12-08")
        y.ok("tandem", "complete", y.of(mentee), who=C, today="2027-12-09")
    certificate = y.folder / "bescheinigung-lueck.pdf"
    y.ok("certificate", y.of(KATHARINA), "-o", str(certificate), who=KATHARINA, today="2027-12-10")
    end = y.reports(END)
    delivered[END] = y.acknowledge(END)
    return Played(y, proposal, early, mid, end, amended, health_de, certificate, delivered)


def test_kerpen_year_matching_outside_the_line_of_management(played):
    pairs = {(p["mentee"], p["mentor"]) for p in played.proposal["pairs"]}
    assert pairs == set(PAIRS.items())
    assert "KERPEN-INDEP-1" in {rule for rule, _why in played.proposal["rules"]}
    assert played.early.statuses == dict.fromkeys(PAIRS, "active")


def test_kerpen_year_in_march(played):
    r = played.early
    assert set(r.health) == set(NAMES.values())
    for mentee in (KATHARINA, JANA):
        t = played.year.of(mentee)
        assert ("CORE-9", "feedback-request", "mentee") in r.actions(t)
    assert played.delivered[EARLY] == len(r.due)


def test_kerpen_year_in_july(played):
    r = played.mid
    # Merve and Ewa Wiśniewska met once since February: behind the ten agreed (CORE-8)
    merve = r.actions(played.year.of(MERVE))
    assert ("CORE-8", "amendment-due", "mentee") in merve
    assert ("CORE-9", "inactivity-reminder", "mentee") in merve
    # the agreement stays between the two: the coordination sees no deviations
    assert any("CORE-PRIVACY" in w for w in r.cadence[MERVE]["withheld"])
    agreement = played.amended["agreement"]
    assert agreement["version"] == 2
    assert {"visibility", "knowledge_transfer"} <= set(agreement["terms"]["topics"])
    assert "family_and_work" not in agreement["terms"]["topics"]
    assert "Merve Şahin" in played.health_de


def test_kerpen_year_after_the_mentoring_year(played):
    r = played.end
    assert r.statuses == {KATHARINA: "completed", JANA: "completed", MERVE: "active"}
    merve = r.actions(played.year.of(MERVE))
    # the mentoring year ended on 31 December: Merve's tandem is due to close
    assert ("KERPEN-YEAR-1", "closing-due", "mentee") in merve
    assert ("KERPEN-YEAR-1", "closing-due", "mentor") in merve
    for mentee in (KATHARINA, JANA):  # completed: nothing more is asked of them
        assert not {a for a in r.actions(played.year.of(mentee)) if a[0] == "KERPEN-YEAR-1"}
    assert played.delivered[END] == len(r.due)


def test_kerpen_year_certificate(played):
    text = pdf_text(played.certificate)
    assert "Katharina Lück" in text
    assert "Gabriele Hülsmann" in text
    assert "Kerpen" in text


def test_kerpen_year_health_measures_the_agreed_meetings(played):
    """Kerpen's document names no cadence; where a pair agreed a number of meetings,
    the health report measures against the agreement (issue 15, "Ostalb's own
    rhythm": "this also gives Kerpen ... a health report"): in July Merve's tandem
    (2 of 10 meetings agreed from February to December) is behind, Katharina's
    (6 held, monthly) on track."""
    r = played.mid
    assert NAMES[KATHARINA] in r.on_track()
    assert NAMES[JANA] in r.on_track()
    assert NAMES[MERVE] not in r.on_track()
    assert r.behind(NAMES[MERVE]) or r.health[NAMES[MERVE]]["behind"]
    assert "im Rückstand" in played.health_de


def test_kerpen_year_ends_with_the_mentoring_year(played):
    """Kerpen's mentoring year (issue 15): after 31 December the tandem still open
    is told to close (KERPEN-YEAR-1), not to amend its agreement into the next
    year (CORE-8), which KERPEN-YEAR-1 would refuse, and it is not invited to the
    next year's introductory workshop."""
    merve = played.end.actions(played.year.of(MERVE))
    keys = [a["key"] for a in played.end.due if a["tandem_id"] == played.year.of(MERVE)]
    assert not [k for k in keys if "/period-over:" in k], keys
    assert not {a for a in merve if a[1] == "introductory-workshop"}, merve
