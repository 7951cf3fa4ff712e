"""The programmes' meeting rules end to end through the engine, with the real plugins:
MEDIC-CAD-1/2, MEDIC-GOAL-1, MEDIC-EVAL-1, MEDIC-DOC-1, MEDIC-AGR-1, OSTALB-CAD-1,
OSTALB-CONF-1, OSTALB-SHADOW-1, OSTALB-NOTIFY-1, KERPEN-YEAR-1, KERPEN-TOPICS-2."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from meeting_kit import stored
from mentorcore_kerpen import policy as kerpen
from mentorcore_medic import policy as medic
from mentorcore_ostalb import policy as ostalb

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAmendment,
    AssignMentor,
    CadenceRule,
    CadenceStatus,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    ContentWithheld,
    DocumentMeeting,
    InvalidInput,
    MeetingFormat,
    MeetingKind,
    PeriodKind,
    PrepareMeeting,
    ProposeAmendment,
    ProposeMeeting,
    Role,
    SetGoal,
    StartClosing,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.testing import SYSTEM, enrol, person, walk_to


def _at(y, m, d, h=16):
    return datetime(y, m, d, h, tzinfo=UTC)


def _meeting(engine, t, start, *, by, confirm_by, fmt=MeetingFormat.IN_PERSON, held=True, **kw):
    after = engine.execute(ProposeMeeting(tandem_id=t.id, start=start, format=fmt, **kw), actor=by)
    m = after.meetings[-1]
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=confirm_by)
    if held:
        engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=m.id), actor=by)
    return engine.reader(SYSTEM).tandem(t.id).meeting(m.id)


# ---------------------------------------------------------------- MEDiC

LANGE, ANA, WEBER = Actor.person("lange"), Actor.person("ana"), Actor.person("weber")
MEDIC_TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 9, 30),
    meetings_planned=12,
    topics=("career_paths",),
    goals="Decide between internal medicine and surgery",
)


@pytest.fixture
def medic_tandem(make_engine):
    engine = make_engine(plugins=[medic])
    person(engine, "lange", "Rosi Lange", email="mentoring@medic.example")
    enrol(engine, "lange", "medic", Role.COORDINATOR)
    person(engine, "ana", "Ana Roth", email="ana@example.org")
    enrol(
        engine,
        "ana",
        "medic",
        Role.MENTEE,
        {
            "study_programme": "medic",
            "semester": 5,
            "application_form": True,
            "workshop_attended": True,
        },
    )
    person(engine, "weber", "Dr. Eva Weber", email="weber@klinikum.example")
    enrol(
        engine,
        "weber",
        "medic",
        Role.MENTOR,
        {
            "licensed": True,
            "years_experience": 8,
            "faculty_member": True,
            "profile_form": True,
            "basic_qualification": True,
        },
        track="clinical",
    )
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=LANGE,
        track="clinical",
        terms=MEDIC_TERMS,
    )
    return engine, t


def _rows(engine, t, label):
    return {
        r.rule_id: r for r in engine.reader(LANGE).cadence(t.id).periods if r.period.label == label
    }


def test_medic_cad_1_three_meetings_a_semester(medic_tandem, clock):
    engine, t = medic_tandem
    clock.set(_at(2027, 3, 1, 9))
    _meeting(engine, t, _at(2026, 10, 20), by=ANA, confirm_by=WEBER, fmt=MeetingFormat.VIDEO)
    _meeting(engine, t, _at(2026, 12, 8), by=ANA, confirm_by=WEBER)
    row = _rows(engine, t, "WiSe 2026/27")["MEDIC-CAD-1"]
    assert (row.required, row.held, row.status) == (3, 2, CadenceStatus.BEHIND)
    assert "1 more needed by 31 March 2027" in row.reason  # the semester's last day
    clock.set(_at(2027, 3, 15, 9))  # within three weeks of the semester's end
    warnings = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning"]
    assert {(a.rule_id, a.recipient_role) for a in warnings} == {
        ("MEDIC-CAD-1", Role.MENTEE),
        ("MEDIC-CAD-1", Role.MENTOR),
    }
    _meeting(engine, t, _at(2027, 3, 10), by=ANA, confirm_by=WEBER, fmt=MeetingFormat.PHONE)
    assert _rows(engine, t, "WiSe 2026/27")["MEDIC-CAD-1"].status is CadenceStatus.ON_TRACK
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning"]


def test_medic_cad_2_at_least_one_meeting_in_person(medic_tandem, clock):
    engine, t = medic_tandem
    clock.set(_at(2027, 4, 2, 9))
    for day in (_at(2026, 10, 20), _at(2026, 12, 8), _at(2027, 2, 9)):
        _meeting(engine, t, day, by=ANA, confirm_by=WEBER, fmt=MeetingFormat.VIDEO)
    rows = _rows(engine, t, "WiSe 2026/27")
    assert rows["MEDIC-CAD-1"].status is CadenceStatus.ON_TRACK
    cad2 = rows["MEDIC-CAD-2"]
    assert (cad2.required, cad2.held, cad2.in_person, cad2.status) == (
        1,
        0,
        0,
        CadenceStatus.BEHIND,
    )
    assert "only 0 of 1 meeting (in person) held in winter semester 2026/27" in cad2.reason
    assert cad2.message.render("de") == (
        "[MEDIC-CAD-2] nur 0 von 1 Treffen (persönlich) im WiSe 2026/27 abgehalten"
    )
    assert [r.tandem_id for r in engine.reader(LANGE).programme_cadence("medic")] == [t.id]


def test_medic_goal_1_goals_are_reviewed_every_semester_within_two_years(medic_tandem, clock):
    """„in regelmäßigen Abständen, spätestens nach zwei Jahren“: by default every
    182 days (a semester), not first after two years."""
    engine, t = medic_tandem
    engine.execute(SetGoal(tandem_id=t.id, text="find a PJ placement"), actor=ANA)
    clock.set(clock.now() + timedelta(days=181))
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "goal-review"]
    clock.set(clock.now() + timedelta(days=2))
    reviews = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "goal-review"]
    # MEDiC's own review replaces the core's (CORE-13) for the same goal: one per side
    assert sorted((a.rule_id, a.recipient_role.value) for a in reviews) == [
        ("MEDIC-GOAL-1", "mentee"),
        ("MEDIC-GOAL-1", "mentor"),
    ]


def test_medic_eval_1_evaluations_after_each_semester_and_at_the_end(medic_tandem, clock):
    engine, t = medic_tandem
    clock.set(_at(2027, 4, 1, 9))
    evaluations = [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "MEDIC-EVAL-1"]
    assert {a.recipient_role for a in evaluations} == {Role.MENTEE, Role.MENTOR}
    assert all("2026/27 is over" in a.reason for a in evaluations)
    for action in evaluations:
        engine.acknowledge(action.key, actor=LANGE)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "MEDIC-EVAL-1"]
    _meeting(engine, t, _at(2027, 3, 30), by=ANA, confirm_by=WEBER, kind=MeetingKind.CLOSING)
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    engine.execute(Complete(tandem_id=t.id), actor=WEBER)
    clock.set(_at(2027, 4, 2, 9))
    final = [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "MEDIC-EVAL-1"]
    assert len(final) == 2
    assert all("final evaluation" in a.reason for a in final)
    assert (
        engine.reader(SYSTEM).tandem(t.id).status is TandemStatus.COMPLETED
    )  # delivery leaves it untouched
    for action in final:
        assert engine.acknowledge(action.key, actor=Actor.system())
    assert engine.reader(SYSTEM).tandem(t.id).version == len(engine.reader(SYSTEM).history(t.id))


def test_medic_doc_1_records_use_the_guides_templates(medic_tandem, clock):
    engine, t = medic_tandem
    clock.set(_at(2026, 10, 30, 9))
    first = _meeting(
        engine, t, _at(2026, 10, 12), by=ANA, confirm_by=WEBER, kind=MeetingKind.FIRST_CONVERSATION
    )
    with pytest.raises(InvalidInput) as bad:
        engine.execute(
            DocumentMeeting(tandem_id=t.id, meeting_id=first.id, values={"goals": "x"}), actor=ANA
        )
    assert {where for where, _ in bad.value.problems} == {
        "mentee_name",
        "date",
        "mentor_name",
        "track",
    }
    engine.execute(
        DocumentMeeting(
            tandem_id=t.id,
            meeting_id=first.id,
            values={
                "mentee_name": "Ana Roth",
                "date": "2026-10-12",
                "mentor_name": "Dr. Eva Weber",
                "track": "clinical",
                "goals": "surgery or internal medicine",
            },
        ),
        actor=ANA,
    )
    engine.execute(
        PrepareMeeting(tandem_id=t.id, meeting_id=first.id, values={"strengths": "patience"}),
        actor=ANA,
    )
    regular = _meeting(engine, t, _at(2026, 10, 26), by=ANA, confirm_by=WEBER)
    engine.execute(
        DocumentMeeting(
            tandem_id=t.id,
            meeting_id=regular.id,
            values={"date": "2026-10-26", "contents": "PJ abroad?", "next_place": "Klinikum"},
        ),
        actor=WEBER,
    )
    records = engine.reader(ANA).meeting_records(t.id).records()
    assert [(r.purpose, r.template_key) for _, r in records] == [
        ("preparation", "mentee_preparation"),
        ("first_conversation", "first_conversation"),
        ("meeting_notes", "meeting_sheet"),
    ]


def test_medic_agr_1_the_coordination_receives_the_agreement_not_the_meetings(medic_tandem, clock):
    engine, t = medic_tandem
    clock.set(_at(2026, 10, 30, 9))
    m = _meeting(engine, t, _at(2026, 10, 26), by=ANA, confirm_by=WEBER)
    engine.execute(
        DocumentMeeting(tandem_id=t.id, meeting_id=m.id, values={"date": "2026-10-26"}), actor=ANA
    )
    view = engine.reader(LANGE).view(t.id)
    assert view.agreement is not None
    assert view.agreement.terms == MEDIC_TERMS
    with pytest.raises(ContentWithheld) as withheld:
        engine.reader(LANGE).meeting_record(t.id, m.id, "meeting_notes")
    assert withheld.value.rule_id == "CORE-PRIVACY"
    copies = [n for n in engine.reader(SYSTEM).notifications() if n.action.rule_id == "MEDIC-AGR-1"]
    assert [(n.recipient.id, n.action.recipient_role) for n in copies] == [
        ("lange", Role.COORDINATOR)
    ]


# ---------------------------------------------------------------- Ostalb

AMT, LENA, HAAS = Actor.person("amt"), Actor.person("lena"), Actor.person("haas")


@pytest.fixture
def ostalb_engine(make_engine):
    engine = make_engine(plugins=[ostalb])
    person(engine, "amt", "Landratsamt coordination", email="mentoring@ostalbkreis.example")
    enrol(engine, "amt", "ostalb", Role.COORDINATOR)
    person(engine, "lena", "Lena Maier", email="lena@example.org")
    enrol(
        engine,
        "lena",
        "ostalb",
        Role.MENTEE,
        {"scholarship": "general_practice", "stage": "studies", "semester": 4},
    )
    person(engine, "haas", "Dr. Jonas Haas", email="haas@praxis-aalen.example")
    enrol(
        engine,
        "haas",
        "ostalb",
        Role.MENTOR,
        {"physician_status": "in_specialist_training", "specialty": "general medicine"},
    )
    return engine


def _ostalb_active(engine):
    return walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="ostalb",
        mentee="lena",
        mentor="haas",
        coordinator=AMT,
    )


def test_ostalb_notify_1_the_pairing_is_announced_with_the_mentors_contact(ostalb_engine):
    engine = ostalb_engine
    t = engine.execute(
        AssignMentor(programme_key="ostalb", mentee="lena", mentor="haas"), actor=AMT
    )
    (letter,) = [
        n for n in engine.reader(SYSTEM).notifications() if n.action.rule_id == "OSTALB-NOTIFY-1"
    ]
    assert (letter.recipient.email, letter.action.recipient_role) == (
        "lena@example.org",
        Role.MENTEE,
    )
    assert (letter.counterpart.name, letter.counterpart.email) == (
        "Dr. Jonas Haas",
        "haas@praxis-aalen.example",
    )
    assert letter.action.tandem_id == t.id
    engine.acknowledge(letter.action.key, actor=AMT)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "OSTALB-NOTIFY-1"]


def test_ostalb_cad_1_about_one_meeting_a_quarter(ostalb_engine, clock):
    engine = ostalb_engine
    t = _ostalb_active(engine)
    clock.set(_at(2027, 4, 2, 9))
    _meeting(engine, t, _at(2026, 11, 3), by=LENA, confirm_by=HAAS)
    rows = {r.period.label: r for r in engine.reader(AMT).cadence(t.id).periods}
    assert list(rows) == ["2026-Q4", "2027-Q1", "2027-Q2"]
    assert {label: r.status for label, r in rows.items()} == {
        "2026-Q4": CadenceStatus.ON_TRACK,
        "2027-Q1": CadenceStatus.BEHIND,
        "2027-Q2": CadenceStatus.BEHIND,
    }
    assert all(r.rule_id == "OSTALB-CAD-1" for r in rows.values())
    assert rows["2027-Q1"].closed
    assert not rows["2027-Q2"].closed


def test_ostalb_shadow_1_the_mentee_accompanies_the_mentor(ostalb_engine, clock):
    engine = ostalb_engine
    t = _ostalb_active(engine)
    clock.set(_at(2026, 11, 20, 9))
    m = _meeting(
        engine,
        t,
        _at(2026, 11, 18, 7),
        by=HAAS,
        confirm_by=LENA,
        fmt=MeetingFormat.SHADOWING,
        duration_minutes=8 * 60,
        place="Praxis Dr. Haas, Aalen",
    )
    assert (m.format, m.proposed_by, m.duration_minutes) == (
        MeetingFormat.SHADOWING,
        Role.MENTOR,
        480,
    )
    (row,) = [r for r in engine.reader(AMT).cadence(t.id).periods if r.period.label == "2026-Q4"]
    assert row.held == 1
    assert row.status is CadenceStatus.ON_TRACK
    (event,) = icalendar.Calendar.from_ical(engine.reader(LENA).tandem_calendar(t.id)).walk(
        "VEVENT"
    )
    assert "Format: Hospitation" in str(event["DESCRIPTION"])  # Ostalb reads German
    english = engine.reader(LENA, language="en").tandem_calendar(t.id)
    assert "Format: shadowing" in english.decode()
    assert str(event["ORGANIZER"]) == "mailto:haas@praxis-aalen.example"


def test_ostalb_conf_1_the_coordination_sees_no_meeting_content(ostalb_engine, clock):
    engine = ostalb_engine
    t = _ostalb_active(engine)
    clock.set(_at(2026, 11, 20, 9))
    m = _meeting(
        engine,
        t,
        _at(2026, 11, 18),
        by=LENA,
        confirm_by=HAAS,
        agenda="doubts about the scholarship",
    )
    engine.execute(
        DocumentMeeting(tandem_id=t.id, meeting_id=m.id, values={"content": "talked it through"}),
        actor=LENA,
    )
    view = engine.reader(AMT).meeting_records(t.id)
    assert view.records() == ()
    assert view.meetings[0].agenda == ""
    assert {w.decision.rule_id for w in view.withheld} == {"OSTALB-CONF-1"}
    with pytest.raises(ContentWithheld) as withheld:
        engine.reader(AMT).meeting_record(t.id, m.id, "meeting_notes")
    assert withheld.value.rule_id == "OSTALB-CONF-1"
    assert (
        engine.reader(HAAS).meeting_records(t.id).meetings[0].agenda
        == "doubts about the scholarship"
    )
    feed = engine.reader(AMT).programme_calendar("ostalb")
    (event,) = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert str(event["CLASS"]) == "CONFIDENTIAL"
    assert b"doubts" not in feed
    assert b"talked" not in feed


# ---------------------------------------------------------------- Kerpen

VAFAI, SARA, VOGEL = Actor.person("vafai"), Actor.person("sara"), Actor.person("vogel")
KERPEN_TERMS = AgreementTerms(
    period_start=date(2027, 1, 15),
    period_end=date(2027, 12, 31),
    meetings_planned=10,
    topics=("career_planning", "first_leadership", "feedback", "networking"),
    goals="Take over a team",
)


JUNIOR = {
    "gender": "female",
    "leadership": "junior_leader",
    "hierarchy_level": 1,
    "organisation_unit": "Amt für Schulen",
    "line_of_management": "klein;bauer",
}
LEADER = {
    "hierarchy_level": 3,
    "leadership_years": 12,
    "organisation_unit": "Bauamt",
    "recruited_via": "equality_office",
}


@pytest.fixture
def kerpen_engine(make_engine, clock):
    clock.set(_at(2027, 1, 15, 9))
    engine = make_engine(plugins=[kerpen])
    person(engine, "vafai", "Sahra Vafai", email="gleichstellung@kerpen.example")
    enrol(engine, "vafai", "kerpen", Role.COORDINATOR)
    person(engine, "sara", "Sara Yilmaz", email="sara@kerpen.example")
    enrol(
        engine,
        "sara",
        "kerpen",
        Role.MENTEE,
        {
            "gender": "female",
            "leadership": "junior_leader",
            "hierarchy_level": 1,
            "organisation_unit": "Amt für Schulen",
            "line_of_management": "klein;bauer",
        },
    )
    person(engine, "vogel", "Petra Vogel", email="vogel@kerpen.example")
    enrol(
        engine,
        "vogel",
        "kerpen",
        Role.MENTOR,
        {
            "hierarchy_level": 3,
            "leadership_years": 12,
            "organisation_unit": "Bauamt",
            "recruited_via": "equality_office",
        },
    )
    return engine


def _kerpen_active(engine):
    programme = engine.programme("kerpen")
    topics = tuple(t.key for t in programme.topics[:4])
    terms = AgreementTerms(
        period_start=date(2027, 1, 15),
        period_end=date(2027, 12, 31),
        meetings_planned=10,
        topics=topics,
        goals="Take over a team",
    )
    return walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=VAFAI,
        terms=terms,
    )


def test_kerpen_year_1_workshop_soon_after_the_start_and_closing_at_its_end(kerpen_engine, clock):
    engine = kerpen_engine
    _kerpen_active(engine)
    workshop = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "introductory-workshop"]
    assert {(a.rule_id, a.recipient_role) for a in workshop} == {
        ("KERPEN-YEAR-1", Role.MENTEE),
        ("KERPEN-YEAR-1", Role.MENTOR),
    }
    clock.set(_at(2028, 1, 2, 9))
    closing = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "closing-due"]
    # the programme's closing replaces the core's (CORE-11) for the same cause
    assert sorted((a.rule_id, a.recipient_role.value) for a in closing) == [
        ("KERPEN-YEAR-1", "mentee"),
        ("KERPEN-YEAR-1", "mentor"),
    ]


class YearlyCadence:
    """A cadence counted per mentoring year (Kerpen itself sets none)."""

    @hookimpl
    def mentorcore_cadence_rules(self):
        return (CadenceRule("T-YEAR", PeriodKind.MENTORING_YEAR, 6),)


def test_kerpen_year_1_periods_follow_the_programmes_mentoring_year(make_engine, clock):
    clock.set(_at(2027, 9, 10, 9))
    engine = make_engine(
        plugins=[kerpen, YearlyCadence()], settings={"kerpen": {"mentoring_year_start_month": 9}}
    )
    for pid, role, profile in (
        ("vafai", Role.COORDINATOR, {}),
        ("sara", Role.MENTEE, JUNIOR),
        ("vogel", Role.MENTOR, LEADER),
    ):
        person(engine, pid, pid.title())
        enrol(engine, pid, "kerpen", role, profile)
    topics = tuple(t.key for t in engine.programme("kerpen").topics[:4])
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=VAFAI,
        terms=AgreementTerms(
            period_start=date(2027, 9, 10),
            period_end=date(2028, 8, 31),
            topics=topics,
            goals="lead",
        ),
    )
    clock.set(_at(2028, 9, 2, 9))
    rows = engine.reader(VAFAI).cadence(t.id).periods
    assert [(r.period.label, r.period.start, r.closed) for r in rows] == [
        ("MJ 2027/28", date(2027, 9, 1), True),
        ("MJ 2028/29", date(2028, 9, 1), False),
    ]
    due = engine.reader(SYSTEM).due_actions()
    kinds = {(a.rule_id, a.kind) for a in due}
    # its mentoring year is over: the end is due, neither the next year's workshop
    # nor an amendment into the next year (which KERPEN-YEAR-1 would refuse)
    assert ("KERPEN-YEAR-1", "closing-due") in kinds
    assert not [a for a in due if a.kind == "introductory-workshop"]
    assert not [a for a in due if a.rule_id == "CORE-8" and "/period-over:" in a.key]


def test_kerpen_topics_2_a_topic_plan_running_empty_is_reported(kerpen_engine, clock):
    engine = kerpen_engine
    t = _kerpen_active(engine)
    assert "KERPEN-TOPICS-2" not in {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)}
    shorter = AgreementTerms(
        period_start=date(2027, 1, 15),
        period_end=date(2027, 12, 31),
        meetings_planned=10,
        topics=(engine.programme("kerpen").topics[0].key,),
        goals="Take over a team",
    )
    engine.execute(ProposeAmendment(tandem_id=t.id, terms=shorter), actor=SARA)
    proposal = engine.reader(SYSTEM).tandem(t.id).proposal
    engine.execute(ApproveAmendment(tandem_id=t.id, version=proposal.version), actor=VOGEL)
    assert "KERPEN-TOPICS-2" in {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)}


def test_kerpen_mentor_may_invite_the_mentee_along(kerpen_engine):
    engine = kerpen_engine
    t = _kerpen_active(engine)
    before = stored(engine)
    after = engine.execute(
        ProposeMeeting(tandem_id=t.id, start=_at(2027, 2, 3), format=MeetingFormat.SHADOWING),
        actor=VOGEL,
    )
    assert after.meetings[-1].proposed_by is Role.MENTOR
    assert stored(engine) != before
    with pytest.raises(TransitionDenied):
        engine.execute(ProposeMeeting(tandem_id=t.id, start=_at(2027, 2, 3)), actor=VAFAI)
