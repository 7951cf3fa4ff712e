"""A year of the Ostalbkreis scholarship mentoring through the command line (seed 001).

From an empty database: the physicians from the coordination's JSON file and
the scholarship holders as the Landratsamt's Excel saves them (``;``,
Windows-1252, German headers); the programme assigns each the best-fitting
mentor („wird ein/e möglichst passende/r Mentor/in zugewiesen“) and the
holder is e-mailed the contact; after a first getting-to-know both decide;
the two agree duration and rhythm themselves („Die Dauer des Kontakts und der
zeitliche Rhythmus der Gespräche erfolgt in Absprache“), meetings in person,
by video and as shadowing, proposed by either side; the conversations stay
confidential; an amendment; feedback; a closing conversation and the
certificate of the holder who starts her career.

The coordinator's reports are read early in the second quarter
(2027-04-12), near the end of the third (2027-09-15) and in December
(2027-12-15). The year is played once per module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from year_kit import STORES, YEARS, Reports, Year, on_store, pdf_text

C = "ingrid.woessner"
ANNA, MAX, ZOE = "anna-lena.buehler", "maximilian.gross", "zoe.oeztuerk"
PAIRS = {ANNA: "dr.strasser", MAX: "dr.demir", ZOE: "dr.koehler"}
NAMES = {ANNA: "Anna-Lena Bühler", MAX: "Maximilian Groß", ZOE: "Zoë Öztürk"}
EARLY, MID, END = "2027-04-12", "2027-09-15", "2027-12-15"


@dataclass
class Played:
    year: Year
    matched: list
    early: Reports
    mid: Reports
    end: Reports
    listed_by_coordinator: dict
    amended: dict
    health_de: str
    certificate: Path
    delivered: dict[str, int]


@pytest.fixture(scope="module", params=STORES)
def played(tmp_path_factory, request) -> Played:
    y = Year(tmp_path_factory.mktemp("ostalb"), "ostalb", C, "2027-01-11")
    on_store(y, request)
    delivered: dict[str, int] = {}
    y.ok("import", str(YEARS / "ostalb.json"), str(YEARS / "ostalb-stipendiaten.csv"), who="system")
    y.ok("match", "confirm", "ostalb", who=C, today="2027-01-18")
    matched = y.due("2027-01-18")  # the pairing notices
    y.tandem_rows("2027-01-18")

    # Getting to know (Dr. Straßer invites Anna-Lena to his practice), then both decide.
    for k, (mentee, mentor) in enumerate(PAIRS.items()):
        proposer = mentor if mentee == ANNA else mentee
        n = y.plan(mentee, mentor, f"2027-02-0{1 + k}", kind="getting_to_know",
                   proposer=proposer, on="2027-01-25")  # fmt: skip
        y.hold(mentee, mentor, n, f"2027-02-0{1 + k}")
        y.ok("tandem", "opt-in", y.of(mentee), who=mentee, today="2027-02-05")
        y.ok("tandem", "opt-in", y.of(mentee), who=mentor, today="2027-02-05")

    # Each pair agrees its own duration and rhythm.
    terms = {
        ANNA: ["--start", "2027-02-15", "--end", "2029-02-14", "--meetings", "8",
               "--frequency", "einmal im Quartal", "--format", "in_person", "--format",
               "shadowing", "--goals", "Weg in die eigene Landarztpraxis"],
        MAX: ["--start", "2027-02-15", "--end", "2029-02-14", "--meetings", "4",
              "--frequency", "zweimal im Jahr", "--format", "in_person", "--format", "video",
              "--goals", "Facharztprüfung und Stelle am Ostalb-Klinikum"],
        ZOE: ["--start", "2027-02-15", "--end", "2029-02-14", "--meetings", "8",
              "--frequency", "einmal im Quartal", "--format", "in_person",
              "--goals", "herausfinden, ob die Allgemeinmedizin passt"],
    }  # fmt: skip
    for mentee, mentor in PAIRS.items():
        y.ok("agreement", "draft", y.of(mentee), *terms[mentee], who=mentee, today="2027-02-08")
        y.ok("agreement", "submit", y.of(mentee), who=mentee, today="2027-02-08")
        y.ok("agreement", "approve", y.of(mentee), who=mentor, today="2027-02-10")

    # First quarter: everyone meets once; Dr. Straßer proposes shadowing in his practice.
    y.plan(ANNA, "dr.strasser", "2027-03-10", fmt="shadowing", proposer="dr.strasser",
           on="2027-03-01")  # fmt: skip
    y.hold(ANNA, "dr.strasser", "2", "2027-03-10", {"content": "Sprechstunde begleitet"})
    y.meeting(MAX, "dr.demir", "2027-03-11", fmt="video")
    y.meeting(ZOE, "dr.koehler", "2027-03-12")
    # Anna-Lena and Maximilian plan their next meetings
    a2 = y.plan(ANNA, "dr.strasser", "2027-05-20", on="2027-04-01")
    m2 = y.plan(MAX, "dr.demir", "2027-09-09", fmt="video", on="2027-04-01")
    early = y.reports(EARLY)
    delivered[EARLY] = y.acknowledge(EARLY)

    y.hold(ANNA, "dr.strasser", a2, "2027-05-20")
    # an amendment: Anna-Lena and Dr. Straßer add shadowing on house calls to the notes
    y.ok("agreement", "amend", y.of(ANNA), "--notes", "Hausbesuche begleiten",
         "--meetings", "10", who="dr.strasser", today="2027-05-21")  # fmt: skip
    y.ok("agreement", "approve", y.of(ANNA), who=ANNA, today="2027-05-23")
    amended = y.data("tandem", "status", y.of(ANNA), who=ANNA, today="2027-05-23")["tandem"]
    y.meeting(ANNA, "dr.strasser", "2027-08-12", fmt="video")
    y.hold(MAX, "dr.demir", m2, "2027-09-09")
    a4 = y.plan(ANNA, "dr.strasser", "2027-11-18", on="2027-09-10")
    mid = y.reports(MID)
    health_de = y.ok("--lang", "de", "health", "ostalb", who=C, today=MID).stdout
    listed = y.data("meeting", "list", y.of(ANNA), who=C, today=MID)
    delivered[MID] = y.acknowledge(MID)

    y.hold(ANNA, "dr.strasser", a4, "2027-11-18")
    # Maximilian starts his career: closing conversation, close, completion
    y.meeting(MAX, "dr.demir", "2027-11-25", kind="closing")
    y.ok("tandem", "close", y.of(MAX), "--note", "Facharzt bestanden", who=MAX, today="2027-11-26")
    y.ok("tandem", "complete", y.of(MAX), who=C, today="2027-12-01")
    certificate = y.folder / "bescheinigung-gross.pdf"
    y.ok("certificate", y.of(MAX), "-o", str(certificate), who=MAX, today="2027-12-02")
    end = y.reports(END)
    delivered[END] = y.acknowledge(END)
    return Played(y, matched, early, mid, end, listed, amended, health_de, certificate, delivered)


def test_ostalb_year_assignment_and_notice(played):
    assert played.early.statuses == {ANNA: "active", MAX: "active", ZOE: "active"}
    y = played.year
    assert {(m, PAIRS[m]) for m in PAIRS} == {
        (row["mentee"], row["mentor"]) for row in y.tandem_rows(EARLY)
    }
    # „Kommt eine Betreuung zustande, wird die/der Stipendiat/in per E-Mail benachrichtigt“
    notices = {a["tandem_id"] for a in played.matched if a["rule_id"] == "OSTALB-NOTIFY-1"}
    assert notices == {y.of(m) for m in PAIRS}


def test_ostalb_year_early_in_the_second_quarter(played):
    r = played.early
    # Anna-Lena and Maximilian have their next meeting planned; Zoë has none
    assert NAMES[ANNA] in r.on_track()
    assert "OSTALB-CAD-1" in r.behind(NAMES[ZOE])
    assert "0 planned" in r.behind(NAMES[ZOE])["OSTALB-CAD-1"]
    for mentee in PAIRS:
        t = played.year.of(mentee)
        assert ("CORE-9", "feedback-request", "mentee") in r.actions(t)
    assert played.delivered[EARLY] == len(r.due)


def test_ostalb_year_near_the_end_of_the_third_quarter(played):
    r = played.mid
    assert NAMES[ANNA] in r.on_track()
    # Zoë has not met since March: behind, warned, and asked for feedback
    assert "OSTALB-CAD-1" in r.behind(NAMES[ZOE])
    zoe = r.actions(played.year.of(ZOE))
    for role in ("mentee", "mentor"):
        assert ("OSTALB-CAD-1", "cadence-warning", role) in zoe
        assert ("CORE-9", "inactivity-reminder", role) in zoe
    zoe_quarters = {p["period"]["label"]: p["status"] for p in r.cadence[ZOE]["periods"]}
    assert zoe_quarters == {"2027-Q1": "on_track", "2027-Q2": "behind", "2027-Q3": "behind"}
    # the amendment is in force
    agreement = played.amended["agreement"]
    assert (agreement["version"], agreement["terms"]["meetings_planned"]) == (2, 10)
    assert agreement["terms"]["notes"] == "Hausbesuche begleiten"
    # „Die Gespräche sind streng vertraulich und nicht berichtspflichtig.“
    assert any("OSTALB-CONF-1" in str(w) for w in played.listed_by_coordinator["withheld"])
    assert "Zoë Öztürk" in played.health_de
    assert "im Rückstand" in played.health_de


def test_ostalb_year_in_december(played):
    r = played.end
    assert r.statuses == {ANNA: "active", MAX: "completed", ZOE: "active"}
    assert NAMES[ANNA] in r.on_track()
    assert "OSTALB-CAD-1" in r.behind(NAMES[ZOE])
    # Zoë and Dr. Köhler fell behind the eight meetings they agreed: amend (CORE-8)
    zoe = r.actions(played.year.of(ZOE))
    assert ("CORE-8", "amendment-due", "mentee") in zoe
    assert ("OSTALB-CAD-1", "cadence-warning", "mentor") in zoe
    assert played.delivered[END] == len(r.due)


def test_ostalb_year_certificate(played):
    text = pdf_text(played.certificate)
    assert "Maximilian Groß" in text
    assert "Dr. Ayşe Demir" in text
    assert "Ostalb" in text
    assert "Facharztprüfung" not in text  # confidential: no goals, no topics


def test_ostalb_year_rhythm_as_agreed(played):
    """„Die Dauer des Kontakts und der zeitliche Rhythmus der Gespräche erfolgt in
    Absprache“: Maximilian and Dr. Demir agreed four meetings in two years (twice a
    year) and met in March and September; they are on track although they skipped
    the second quarter (issue 15, "Ostalb's own rhythm")."""
    quarters = {p["period"]["label"]: p["status"] for p in played.mid.cadence[MAX]["periods"]}
    assert "behind" not in quarters.values(), quarters
    assert NAMES[MAX] in played.mid.on_track()
    assert not any(
        kind == "cadence-warning" for _rule, kind, _role in played.mid.actions(played.year.of(MAX))
    )
