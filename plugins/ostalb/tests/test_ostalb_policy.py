"""Ostalb: every rule of the programme, through the engine and as hook functions."""

from __future__ import annotations

import importlib.metadata
from datetime import UTC, date, datetime, timedelta

import pytest
from attrs import evolve
from mentorcore_ostalb import policy

from mentorcore import (
    Actor,
    AgreementTerms,
    AssignMentor,
    Content,
    Engine,
    InvalidInput,
    MeetingFormat,
    OptIn,
    PeriodKind,
    RequestMentorship,
    Role,
    SetGoal,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.commands.meeting import ProposeMeeting
from mentorcore.i18n import render
from mentorcore.testing import SYSTEM, walk_to

COORDINATOR = Actor.person("amt")
LENA, HAAS = Actor.person("lena"), Actor.person("haas")


def refusal(call, *args, **kwargs) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    return exc.value


def assign(engine):
    return engine.execute(
        AssignMentor(programme_key="ostalb", mentee="lena", mentor="haas"), actor=COORDINATOR
    )


@pytest.fixture
def programme(engine):
    return engine.programme("ostalb")


@pytest.fixture
def active(engine, mentee, mentor):
    mentee()
    mentor()
    terms = AgreementTerms(
        period_start=date(2026, 10, 5), goals="Find my way into general practice"
    )
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="ostalb",
        mentee="lena",
        mentor="haas",
        coordinator=COORDINATOR,
        terms=terms,
    )
    return engine.execute(SetGoal(tandem_id=t.id, text="Choose an elective"), actor=LENA)


# ---------------------------------------------------------------- OSTALB-ELIG-1


def test_ostalb_elig_1_mentee_without_either_scholarship_refused(engine, mentee):
    denied = refusal(mentee, scholarship="none")
    assert denied.rule_ids == {"OSTALB-ELIG-1"}
    assert denied.reasons[0].startswith(
        "Lena Maier holds neither a scholarship of the Landratsamt Ostalbkreis (general practice)"
        " nor a scholarship of the Kliniken Ostalb (specialist care)"
    )


@pytest.mark.parametrize("scholarship", ["general_practice", "specialist_care"])
def test_ostalb_elig_1_either_scholarship_accepted(engine, mentee, scholarship):
    mentee(scholarship=scholarship)
    profile = engine.reader(SYSTEM).participant("lena", "ostalb", Role.MENTEE).profile
    assert profile.get("scholarship") == scholarship


def test_ostalb_elig_1_scholarship_is_required_and_checked(mentee):
    with pytest.raises(InvalidInput) as exc:
        mentee(scholarship="erasmus")
    assert exc.value.problems[0][0] == "scholarship"


# ---------------------------------------------------------------- OSTALB-MENTOR-1


def test_ostalb_mentor_1_non_physician_refused(mentor):
    denied = refusal(mentor, physician_status="not_a_physician")
    assert denied.rule_ids == {"OSTALB-MENTOR-1"}
    assert "Dr. Jonas Haas is not a physician" in denied.reasons[0]


@pytest.mark.parametrize(
    "status", ["in_specialist_training", "established_gp", "specialist", "other_physician"]
)
def test_ostalb_mentor_1_physicians_accepted(engine, mentor, status):
    mentor(physician_status=status)
    haas = engine.reader(SYSTEM).participant("haas", "ostalb", Role.MENTOR)
    assert haas.profile.get("physician_status") == status


# ---------------------------------------------------------------- OSTALB-MATCH-1 / NOTIFY-1


def test_ostalb_match_1_programme_assigns_mentees_do_not_request(engine, mentee, mentor):
    mentee()
    mentor()
    denied = refusal(
        engine.execute, RequestMentorship(programme_key="ostalb", mentor="haas"), actor=LENA
    )
    assert denied.rule_ids == {"OSTALB-MATCH-1"}
    assert "assigns each scholarship holder the best-fitting mentor" in denied.reasons[0]
    assert assign(engine).status is TandemStatus.GETTING_TO_KNOW


def test_ostalb_notify_1_mentee_notified_of_pairing_with_contact(engine, mentee, mentor, clock):
    mentee()
    mentor()
    t = assign(engine)
    (notice,) = policy.ostalb_notify_1_pairing_notice(tandem=t, now=clock.now())
    assert (notice.rule_id, notice.kind, notice.recipients, notice.recipient_role) == (
        "OSTALB-NOTIFY-1",
        "pairing-notice",
        ("lena",),
        Role.MENTEE,
    )
    assert notice.due_at == t.created_at
    assert "name and contact data of the mentor assigned to her or him" in notice.reason
    assert "haas" not in notice.reason  # no person ids in the text
    # The data to send is at hand for the delivery job: the mentor's e-mail.
    assert engine.reader(SYSTEM).person("haas").email == "haas@praxis-aalen.example"
    engine.execute(OptIn(tandem_id=t.id), actor=LENA)
    later = engine.execute(OptIn(tandem_id=t.id), actor=HAAS)
    assert policy.ostalb_notify_1_pairing_notice(tandem=later, now=clock.now()) == []


# ---------------------------------------------------------------- OSTALB-FLOW-1


def test_ostalb_flow_1_both_decide_after_getting_to_know(engine, mentee, mentor):
    mentee()
    mentor()
    t = assign(engine)
    denied = refusal(engine.execute, OptIn(tandem_id=t.id), actor=COORDINATOR)
    assert denied.rule_ids == {"OSTALB-FLOW-1"}
    assert "mentee and mentor each decide themselves" in denied.reasons[0]
    assert engine.execute(OptIn(tandem_id=t.id), actor=LENA).status is TandemStatus.GETTING_TO_KNOW
    assert engine.execute(OptIn(tandem_id=t.id), actor=HAAS).status is (
        TandemStatus.AGREEMENT_DRAFTING
    )


# ---------------------------------------------------------------- OSTALB-DUR-1


def test_ostalb_dur_1_no_fixed_end_and_rhythm_agreed_by_the_two(engine, programme, active):
    terms = policy.mentorcore_agreement_template(programme, date(2026, 10, 5))
    assert terms.period_end is None
    assert terms.contact_frequency.startswith("about 1 meeting a quarter (recommended)")
    assert active.agreement.terms.period_end is None  # accepted without an end
    assert policy.ostalb_dur_1_long_term(tandem=active, programme=programme) == []


def test_ostalb_dur_1_short_agreement_reported_not_refused(engine, programme, active):
    short = evolve(
        active,
        agreement=evolve(
            active.agreement, terms=evolve(active.agreement.terms, period_end=date(2028, 10, 4))
        ),
    )
    (advisory,) = policy.ostalb_dur_1_long_term(tandem=short, programme=programme)
    assert advisory.rule_id == "OSTALB-DUR-1"
    assert "less than 24 months" in advisory.text
    boundary = evolve(
        short,
        agreement=evolve(
            short.agreement, terms=evolve(short.agreement.terms, period_end=date(2028, 10, 5))
        ),
    )
    assert policy.ostalb_dur_1_long_term(tandem=boundary, programme=programme) == []


def test_ostalb_dur_1_either_side_proposes_meetings(engine, active):
    """OSTALB-DUR-1: the scheduling variant - the mentor may propose a meeting too."""
    start = datetime(2026, 10, 20, 9, tzinfo=UTC)
    t = engine.execute(ProposeMeeting(tandem_id=active.id, start=start), actor=HAAS)
    assert t.meetings[0].proposed_by is Role.MENTOR
    permission = policy.ostalb_dur_1_both_schedule(verb="propose_meeting")
    assert permission.roles == frozenset({Role.MENTEE, Role.MENTOR})


# ---------------------------------------------------------------- OSTALB-CAD-1


def test_ostalb_cad_1_about_one_meeting_per_quarter(make_engine):
    engine = make_engine(plugins=[policy], settings={"ostalb": {"meetings_per_quarter": 2}})
    (rule,) = policy.mentorcore_cadence_rules(engine.programme("ostalb"))
    assert (rule.rule_id, rule.period, rule.minimum) == ("OSTALB-CAD-1", PeriodKind.QUARTER, 2)


def test_ostalb_cad_1_inactivity_reckoned_against_a_quarterly_rhythm(programme):
    assert programme.setting("inactivity_days") == 120
    assert programme.setting("meetings_per_quarter") == 1


# ---------------------------------------------------------------- OSTALB-CONF-1


@pytest.mark.parametrize(
    "content",
    [
        Content.MEETING_NOTES,
        Content.MEETING_PREPARATION,
        Content.FIRST_CONVERSATION,
        Content.GOALS,
        Content.AGREEMENT,
    ],
)
def test_ostalb_conf_1_coordinator_sees_no_meeting_content(content):
    decision = policy.ostalb_conf_1_confidential(content=content, viewer_role=Role.COORDINATOR)
    assert not decision.allowed
    assert decision.rule_id == "OSTALB-CONF-1"
    assert "strictly confidential and not subject to reporting" in decision.reason
    for side in (Role.MENTEE, Role.MENTOR):
        assert policy.ostalb_conf_1_confidential(content=content, viewer_role=side) is None


def test_ostalb_conf_1_coordinators_view_of_a_tandem_holds_no_content(engine, active):
    view = engine.reader(COORDINATOR).view(active.id)
    assert view.agreement is None
    assert view.goals is None
    withheld = dict(view.withheld)
    assert {Content.AGREEMENT, Content.GOALS} <= set(withheld)
    assert all(render(reason, "en").startswith("[OSTALB-CONF-1]") for reason in withheld.values())
    mine = engine.reader(LENA).view(active.id)
    assert mine.goals[0].text == "Choose an elective"


# ---------------------------------------------------------------- data


def test_ostalb_fmt_1_personal_meetings_or_any_medium(programme):
    terms = policy.mentorcore_agreement_template(programme, date(2026, 10, 5))
    assert {
        MeetingFormat.IN_PERSON,
        MeetingFormat.VIDEO,
        MeetingFormat.PHONE,
        MeetingFormat.EMAIL,
    } <= terms.contact_formats


def test_ostalb_shadow_1_shadowing_is_a_meeting_format(engine, programme, active, mentor):
    assert (
        MeetingFormat.SHADOWING
        in policy.mentorcore_agreement_template(programme, date(2026, 10, 5)).contact_formats
    )
    mentor(offers_shadowing="ja")
    haas = engine.reader(SYSTEM).participant("haas", "ostalb", Role.MENTOR)
    assert haas.profile.get("offers_shadowing")
    start = datetime(2026, 11, 3, 7, tzinfo=UTC)
    t = engine.execute(
        ProposeMeeting(
            tandem_id=active.id, start=start, duration_minutes=480, format=MeetingFormat.SHADOWING
        ),
        actor=HAAS,
    )
    assert t.meetings[0].format is MeetingFormat.SHADOWING


def test_ostalb_topics_1_catalogue(programme):
    assert [t.key for t in programme.topics] == [
        "career_paths",
        "salary_structures",
        "internships",
        "study_relevance",
        "competences",
        "application_documents",
        "contacts",
        "training_situation",
        "professional_rules",
        "practice_insights",
    ]
    assert "assertiveness" in render(programme.topic("competences").title, "en")
    assert not any(t.out_of_scope for t in programme.topics)
    assert programme.tracks == ()
    assert programme.contacts[0].name == "Landratsamt Ostalbkreis"


# ---------------------------------------------------------------- installation


def test_ostalb_entry_point_and_blocking():
    (ep,) = [e for e in importlib.metadata.entry_points(group="mentorcore") if e.name == "ostalb"]
    assert ep.load() is policy
    with Engine(":memory:") as engine:
        assert engine.programme("ostalb").timezone == "Europe/Berlin"
    with Engine(":memory:", blocked=["ostalb"]) as engine:
        assert "ostalb" not in {p.key for p in engine.programmes()}


def test_ostalb_alone_with_the_defaults(make_engine):
    assert [p.key for p in make_engine(plugins=[policy]).programmes()] == ["default", "ostalb"]


def test_ostalb_due_actions_keep_their_key(engine, mentee, mentor, clock):
    mentee()
    mentor()
    t = assign(engine)
    first = policy.ostalb_notify_1_pairing_notice(tandem=t, now=clock.now())
    again = policy.ostalb_notify_1_pairing_notice(tandem=t, now=clock.now() + timedelta(days=3))
    assert [d.key for d in first] == [d.key for d in again]


# ---------------------------------------------------------------- matching


def test_ostalb_match_1_best_fitting_mentor_for_each_scholarship(engine, mentee, mentor):
    matching = pytest.importorskip("mentorcore.matching")
    mentee()  # general practice
    mentee("omar", "Omar Aziz", scholarship="specialist_care")
    mentor(physician_status="established_gp")
    mentor("berg", "Dr. Lisa Berg", physician_status="specialist")
    proposal = matching.propose(engine, "ostalb", actor=SYSTEM)
    assert {(p.mentee, p.mentor) for p in proposal.pairs} == {("lena", "haas"), ("omar", "berg")}
    lena = next(p for p in proposal.pairs if p.mentee == "lena")
    parts = {(part.criterion, part.rule_id, part.value) for part in lena.parts}
    assert ("scholarship_fit", "OSTALB-MATCH-1", 1.0) in parts
    assert ("named_especially", "OSTALB-MENTOR-1", 1.0) in parts
