"""MEDiC's first year through the command line, as the guide (seed 000) describes it.

From an empty database: registration (the coordination's JSON export of the
mentors, the mentees' application forms as CSV), matching per track by the
coordination, a getting-to-know meeting („In einem ersten Gespräch lernen sich
Mentee und Mentor:in kennen“), the decision of both, the written agreement,
the Erstgespräch on MEDiC's form, three meetings a semester („drei Mal pro
Semester ... Mindestens ein Treffen pro Semester sollte persönlich
stattfinden“), an amendment, the due feedback rounds and evaluations, the
closing conversation of the student in her practical year and her certificate.

The coordinator's reports are read on three days: early in the winter semester
(2026-11-16), before its end (2027-03-20) and at the end of the summer
semester (2027-09-28). The year is played once per module; each test reads
what was recorded on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from year_kit import STORES, YEARS, Reports, Year, on_store, pdf_text

C = "sabine.groszmann"  # the coordinator
OLENA, LISA, JONAS = "olena.kovalenko", "lisa.mueller", "jonas.weiss"
PAIRS = {OLENA: "hoefer", LISA: "kuehn", JONAS: "baer"}
NAMES = {OLENA: "Олена Коваленко", LISA: "Lisa Müller", JONAS: "Jonas Weiß"}
EARLY, MID, END = "2026-11-16", "2027-03-20", "2027-09-28"


@dataclass
class Played:
    year: Year
    early: Reports
    mid: Reports
    end: Reports
    proposal: dict
    amended: dict
    health_de: str
    certificate: Path
    delivered: dict[str, int]


def sheet(day: str, contents: str, next_date: str = "") -> dict[str, str]:
    """MEDiC's documentation sheet (Dokumentationsbogen) of a meeting."""
    values = {"date": day, "contents": contents}
    if next_date:
        values["next_date"] = next_date
    return values


@pytest.fixture(scope="module", params=STORES)
def played(tmp_path_factory, request) -> Played:
    y = Year(tmp_path_factory.mktemp("medic"), "medic", C, "2026-09-07")
    on_store(y, request)
    delivered: dict[str, int] = {}

    # Registration: mentors from the coordination, mentees' application forms.
    y.ok("import", str(YEARS / "medic.json"), str(YEARS / "medic-mentees.csv"), who="system")

    # Matching per track by the coordination.
    proposal = {
        track: y.data("match", "propose", "medic", "--track", track, who=C, today="2026-09-14")
        for track in ("clinical", "scientific")
    }
    for track in ("clinical", "scientific"):
        y.ok("match", "confirm", "medic", "--track", track, who=C, today="2026-09-14")
    y.tandem_rows("2026-09-14")

    # Getting to know, then both decide.
    for k, (mentee, mentor) in enumerate(PAIRS.items()):
        y.meeting(mentee, mentor, f"2026-09-2{1 + k}", kind="getting_to_know")
        y.ok("tandem", "opt-in", y.of(mentee), who=mentee, today="2026-09-24")
        y.ok("tandem", "opt-in", y.of(mentee), who=mentor, today="2026-09-25")

    # The written agreement from the template: Olena finishes her PJ within a year.
    drafts = {
        OLENA: ["--end", "2027-09-30", "--meetings", "6", "--topic", "insights", "--topic",
                "work_life", "--topic", "health_policy",
                "--goals", "Entscheidung über die Weiterbildung in der Allgemeinmedizin"],
        LISA: ["--topic", "career_paths", "--topic", "insights",
               "--goals", "Einblick in die Gastroenterologie; Famulatur planen"],
        JONAS: ["--topic", "scientific_work", "--topic", "career_planning",
                "--goals", "ein eigenes Forschungsprojekt finden"],
    }  # fmt: skip
    for mentee, mentor in PAIRS.items():
        y.ok("agreement", "draft", y.of(mentee), *drafts[mentee], who=mentee, today="2026-09-28")
        y.ok("agreement", "submit", y.of(mentee), who=mentee, today="2026-09-28")
        y.ok("agreement", "approve", y.of(mentee), who=mentor, today="2026-09-29")
        y.ok(
            "goal", "set", y.of(mentee), "berufliches Ziel schärfen", who=mentee, today="2026-09-30"
        )

    # The Erstgespräch on MEDiC's form; Olena and Lisa agree the semester's dates.
    first = {
        "mentee_name": "",
        "mentor_name": "",
        "goals": "Weiterbildung klären",
        "meetings": "drei Treffen pro Semester, eines persönlich",
    }
    for k, (mentee, mentor) in enumerate(PAIRS.items()):
        day = f"2026-10-0{6 + k}"
        track = "scientific" if mentee == JONAS else "clinical"
        record = first | {"date": day, "track": track, "mentee_name": NAMES[mentee]}
        record["mentor_name"] = mentor
        fmt = "video" if mentee == JONAS else "in_person"
        y.meeting(mentee, mentor, day, kind="first_conversation", fmt=fmt, record=record)
    winter = {
        OLENA: [("2026-12-01", "video"), ("2027-02-02", "in_person")],
        LISA: [("2026-12-02", "video"), ("2027-02-03", "phone")],
    }
    planned = {
        mentee: [y.plan(mentee, PAIRS[mentee], d, fmt=f, on="2026-10-07") for d, f in dates]
        for mentee, dates in winter.items()
    }
    early = y.reports(EARLY)
    delivered[EARLY] = y.acknowledge(EARLY)

    # The winter semester: Olena and Lisa meet as planned, Jonas once by video.
    for mentee, numbers in planned.items():
        for number, (day, _fmt) in zip(numbers, winter[mentee], strict=True):
            y.hold(mentee, PAIRS[mentee], number, day, sheet(day, "Famulatur, Weiterbildung"))
    y.meeting(JONAS, "baer", "2027-01-20", fmt="video", record=sheet("2027-01-20", "Themen"))

    # An amendment: Lisa and Dr. Kühn add networking and two meetings.
    y.ok(
        "agreement", "amend", y.of(LISA), "--topic", "career_paths", "--topic", "insights",
        "--topic", "networking", "--meetings", "14", who=LISA, today="2027-02-10",
    )  # fmt: skip
    y.ok("agreement", "approve", y.of(LISA), who="kuehn", today="2027-02-12")
    amended = y.data("tandem", "status", y.of(LISA), who=C, today="2027-02-12")["tandem"]

    # The summer semester is agreed at the February meetings.
    summer = {
        OLENA: [("2027-04-20", "in_person", "regular"), ("2027-06-15", "video", "regular"),
                ("2027-09-07", "in_person", "closing")],
        LISA: [("2027-04-22", "in_person", "regular"), ("2027-06-17", "video", "regular"),
               ("2027-09-02", "in_person", "regular")],
    }  # fmt: skip
    planned = {
        m: [y.plan(m, PAIRS[m], d, fmt=f, kind=k, on="2027-03-01") for d, f, k in dates]
        for m, dates in summer.items()
    }
    mid = y.reports(MID)
    health_de = y.ok("--lang", "de", "health", "medic", who=C, today=MID).stdout
    delivered[MID] = y.acknowledge(MID)

    for mentee, numbers in planned.items():
        for number, (day, _fmt, _kind) in zip(numbers, summer[mentee], strict=True):
            y.hold(mentee, PAIRS[mentee], number, day, sheet(day, "Weiterbildung, Bewerbung"))
    y.meeting(JONAS, "baer", "2027-05-18", fmt="video", record=sheet("2027-05-18", "Projekt"))

    # Closing: Olena's closing conversation was on 7 September; the coordination completes.
    y.ok("goal", "review", y.of(OLENA), "1", "--status", "achieved", who=OLENA, today="2027-09-08")
    y.ok("tandem", "close", y.of(OLENA), "--note", "PJ beendet", who=OLENA, today="2027-09-08")
    y.ok(
        "tandem", "complete", y.of(OLENA), "--note", "Abschlussgespräch am 7. September 2027",
        who=C, today="2027-09-14",
    )  # fmt: skip
    certificate = y.folder / "bescheinigung-kovalenko.pdf"
    y.ok("certificate", y.of(OLENA), "-o", str(certificate), who=OLENA, today="2027-09-15")
    end = y.reports(END)
    delivered[END] = y.acknowledge(END)
    return Played(y, early, mid, end, proposal, amended, health_de, certificate, delivered)


def test_medic_year_registration_and_matching(played):
    clinical = played.proposal["clinical"]
    pairs = {(p["mentee"], p["mentor"]) for p in clinical["pairs"]}
    assert pairs == {(OLENA, "hoefer"), (LISA, "kuehn")}  # each her first wish
    scientific = played.proposal["scientific"]
    assert [(p["mentee"], p["mentor"]) for p in scientific["pairs"]] == [(JONAS, "baer")]
    # Prof. Schröder examines Jonas: MEDIC-INDEP-1 keeps her from him
    assert "MEDIC-INDEP-1" in {rule for rule, _why in scientific["rules"]}
    assert played.early.statuses == {OLENA: "active", LISA: "active", JONAS: "active"}


def test_medic_year_early_in_the_winter_semester(played):
    r = played.early
    # Olena and Lisa held the Erstgespräch in person and planned the other two
    assert r.on_track() == {NAMES[OLENA], NAMES[LISA]}
    behind = r.behind(NAMES[JONAS])  # one video call, nothing planned
    assert set(behind) == {"MEDIC-CAD-1", "MEDIC-CAD-2"}
    assert "1 of 3 meetings held and 0 planned" in behind["MEDIC-CAD-1"]
    assert "0 of 1 meeting (in person)" in behind["MEDIC-CAD-2"]
    for mentee in PAIRS:
        t = played.year.of(mentee)
        # „Eine Kopie der Mentoringvereinbarung wird der Mentoringkoordination übermittelt.“
        assert ("MEDIC-AGR-1", "agreement-copy", "coordinator") in r.actions(t)
        # feedback on the first conversation, for both
        assert ("CORE-9", "feedback-request", "mentee") in r.actions(t)
        assert ("CORE-9", "feedback-request", "mentor") in r.actions(t)
    winter = [p for p in r.cadence[LISA]["periods"] if p["period"]["label"] == "WiSe 2026/27"]
    assert [(p["rule_id"], p["held"], p["planned"], p["status"]) for p in winter] == [
        ("MEDIC-CAD-1", 1, 2, "on_track"),
        ("MEDIC-CAD-2", 1, 0, "on_track"),
    ]
    assert played.delivered[EARLY] == len(r.due)


def test_medic_year_coordinator_sees_what_is_addressed_to_the_coordination(played):
    """The copies of the agreements (MEDIC-AGR-1) are addressed to the coordination:
    her own ``due`` lists them (issue 15: "a coordinator's due list is empty")."""
    for mentee in PAIRS:
        t = played.year.of(mentee)
        assert ("MEDIC-AGR-1", "agreement-copy", "coordinator") in played.early.actions(
            t, mine=True
        )
    completed = played.year.of(OLENA)
    assert ("MEDIC-END-1", "completion-notice", "coordinator") in played.end.actions(
        completed, mine=True
    )


def test_medic_year_before_the_end_of_the_winter_semester(played):
    r = played.mid
    assert r.statuses == {OLENA: "active", LISA: "active", JONAS: "active"}
    # the latest period is still the winter semester: 3 of 3, one in person
    assert r.on_track() == {NAMES[OLENA], NAMES[LISA]}
    for name in (NAMES[OLENA], NAMES[LISA]):
        cad = {p["rule_id"]: p for p in played.mid.health[name]["latest"]}
        assert cad["MEDIC-CAD-1"]["period"]["label"] == "WiSe 2026/27"
        assert cad["MEDIC-CAD-1"]["held"] == 3
        assert cad["MEDIC-CAD-2"]["in_person"] >= 1
    behind = r.behind(NAMES[JONAS])
    assert "2 of 3 meetings held and 0 planned" in behind["MEDIC-CAD-1"]
    assert "MEDIC-CAD-2" in behind
    # eleven days before the semester ends, Jonas and Dr. Bär are warned
    jonas = r.actions(played.year.of(JONAS))
    assert {rule for rule, kind, _role in jonas if kind == "cadence-warning"} >= {"MEDIC-CAD-1"}
    for mentee in (OLENA, LISA):
        assert not {a for a in r.actions(played.year.of(mentee)) if a[1] == "cadence-warning"}
    # the amendment is in force: version 2 with networking and 14 meetings
    agreement = played.amended["agreement"]
    assert agreement["version"] == 2
    assert "networking" in agreement["terms"]["topics"]
    assert agreement["terms"]["meetings_planned"] == 14
    # in German, the coordinator's language
    assert "2 im Plan, 1 im Rückstand" in played.health_de
    assert "Jonas Weiß" in played.health_de
    assert "auf gutem Weg" in played.health_de
    assert "[MEDIC-CAD-1] 2 von" in played.health_de


def test_medic_year_at_the_end_of_the_summer_semester(played):
    r = played.end
    assert r.statuses == {OLENA: "completed", LISA: "active", JONAS: "active"}
    assert NAMES[LISA] in r.on_track()
    behind = r.behind(NAMES[JONAS])  # one video call in the summer
    assert "1 of 3 meetings held" in behind["MEDIC-CAD-1"]
    assert "MEDIC-CAD-2" in behind
    olena, lisa = played.year.of(OLENA), played.year.of(LISA)
    # „Begleitend und zum Abschluss des Mentorings finden verpflichtende
    # Feedbackrunden und Evaluationen statt.“
    assert ("MEDIC-EVAL-1", "evaluation", "mentee") in r.actions(olena)
    finals = [a for a in r.due if a["tandem_id"] == olena and a["key"].endswith(":final:mentee")]
    assert finals, r.due
    assert ("MEDIC-END-1", "completion-notice", "coordinator") in r.actions(olena)
    winter = [
        a
        for a in r.due
        if a["tandem_id"] == lisa
        and a["key"].startswith("MEDIC-EVAL-1")
        and "WS 2026/27" in a["key"]
    ]
    assert {a["recipient_role"] for a in winter} == {"mentee", "mentor"}
    # Lisa's summer: three meetings, two in person
    summer = [p for p in r.cadence[LISA]["periods"] if p["period"]["label"] == "SoSe 2027"]
    assert {p["rule_id"]: p["held"] for p in summer} == {"MEDIC-CAD-1": 3, "MEDIC-CAD-2": 2}
    assert played.delivered[END] == len(r.due)


def test_medic_year_certificate(played):
    text = pdf_text(played.certificate)
    assert "Олена Коваленко" in text  # Cyrillic, exactly
    assert "Dr. Gülay Höfer" in text
    assert "MEDiC" in text
    assert "olena.kovalenko" not in text


def test_medic_year_goals_are_reviewed_regularly(played):
    """MEDIC-GOAL-1: „Die Zielsetzung ist in regelmäßigen Abständen, spätestens nach
    zwei Jahren zu überprüfen“ — within the first year a review of Lisa's goal
    (set on 30 September 2026, never reviewed) falls due for both."""
    lisa = played.end.actions(played.year.of(LISA))
    assert ("MEDIC-GOAL-1", "goal-review", "mentee") in lisa
    assert ("MEDIC-GOAL-1", "goal-review", "mentor") in lisa


def test_medic_year_amended_agreement_goes_to_the_coordination(played):
    """MEDIC-AGR-1: the copy of the agreement goes to the coordination after the
    approved amendment too (version 2 of Lisa's agreement, 12 February 2027)."""
    lisa = played.year.of(LISA)
    copies = [a for a in played.mid.due if a["tandem_id"] == lisa and a["rule_id"] == "MEDIC-AGR-1"]
    assert copies, "no copy of the amended agreement is due to the coordination"


def test_medic_year_mentoring_begins_in_the_winter_semester(played):
    """„Beginn des eigentlichen Mentorings ist im Wintersemester“: the agreements
    approved on 29 September 2026 run from 1 October, so the summer semester 2026
    is no semester of the mentoring — no cadence row for it ("1 of 0 meetings
    held") and no evaluation after it (MEDIC-CAD-1, MEDIC-EVAL-1)."""
    lisa = played.early.cadence[LISA]["periods"]
    assert {p["period"]["label"] for p in lisa} == {"WiSe 2026/27"}
    evaluations = [a["key"] for a in played.early.due if a["rule_id"] == "MEDIC-EVAL-1"]
    assert evaluations == []


def test_medic_eval_1_evaluations_answered_and_the_coordination_sees_who_owes(played):
    """„Begleitend und zum Abschluss des Mentorings finden verpflichtende
    Feedbackrunden und Evaluationen statt“: Olena answers her evaluations, the
    final one after her tandem was completed (CORE-FEEDBACK-1); her mentor's stay
    owed, and the coordination's overview says so (CORE-FEEDBACK-3). Runs last:
    it records answers after the year's reports were read."""
    y, day = played.year, "2027-09-29"
    olena = y.of(OLENA)

    def evaluations(who: str) -> list[dict]:
        owed = y.data("feedback", "open", who=who, today=day)["requests"]
        return [r for r in owed if r["kind"] == "evaluation" and r["tandem_id"] == olena]

    mine = evaluations(OLENA)
    assert any(r["key"].endswith(":final:mentee") for r in mine)
    assert all(r["mandatory"] and r["form"]["key"] == "evaluation" for r in mine)
    answers = ("overall=5", "goals_reached=4", "cooperation=5", "benefit=Klarheit über die PJ-Wahl")
    for r in mine:
        flags = [x for a in answers for x in ("--answer", a)]
        y.ok("feedback", "give", olena, r["key"], *flags, who=OLENA, today=day)
    assert evaluations(OLENA) == []
    overview = y.data("feedback", "overview", "-p", "medic", who=C, today=day)
    counts = {c["kind"]: (c["given"], c["owed"]) for c in overview["counts"]}
    assert counts["evaluation"][0] == len(mine)
    (row,) = [t for t in overview["tandems"] if t["tandem_id"] == olena]
    assert {r["person_id"] for r in row["owed"] if r["kind"] == "evaluation"} == {"hoefer"}
    assert {g["person_id"] for g in row["given"]} == {OLENA}
