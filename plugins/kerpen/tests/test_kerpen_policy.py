"""Kerpen: every rule of the programme, through the engine and as hook functions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from attrs import evolve
from mentorcore_kerpen import policy
from mentorcore_kerpen.rules import count_topics, mentee_level
from mentorcore_kerpen.years import mentoring_year

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAmendment,
    AssignMentor,
    DraftAgreement,
    Profile,
    ProposeAmendment,
    Relation,
    RelationKind,
    Role,
    SettleTopic,
    SubmitAgreement,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.commands.meeting import ProposeMeeting
from mentorcore.i18n import render
from mentorcore.testing import SYSTEM, enrol, person, walk_to

TEAM = Actor.person("vafai")
SARA, VOGEL = Actor.person("sara"), Actor.person("vogel")
TOPICS = ("first_leadership", "new_leader_with_colleagues", "conflicts", "part_time_leadership")
TERMS = AgreementTerms(
    period_start=date(2027, 1, 15),
    period_end=date(2027, 12, 31),
    topics=TOPICS,
    goals="Grow into my first leadership role",
)


def refusal(call, *args, **kwargs) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    return exc.value


def assign(engine, mentor="vogel"):
    return engine.execute(
        AssignMentor(programme_key="kerpen", mentee="sara", mentor=mentor), actor=TEAM
    )


def submit(engine, tandem, terms):
    engine.execute(DraftAgreement(tandem_id=tandem.id, terms=terms), actor=SARA)
    return engine.execute(SubmitAgreement(tandem_id=tandem.id), actor=SARA)


@pytest.fixture
def programme(engine):
    return engine.programme("kerpen")


@pytest.fixture
def drafting(engine, mentee, mentor):
    mentee()
    mentor()
    return walk_to(
        engine,
        TandemStatus.AGREEMENT_DRAFTING,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=TEAM,
    )


@pytest.fixture
def active(engine, mentee, mentor):
    mentee()
    mentor()
    return walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=TEAM,
        terms=TERMS,
    )


# ---------------------------------------------------------------- KERPEN-ELIG-1


def test_kerpen_elig_1_male_mentee_refused(mentee):
    denied = refusal(mentee, "tom", "Tom Becker", gender="male")
    assert denied.rule_ids == {"KERPEN-ELIG-1"}
    assert denied.reasons[0].startswith("Tom Becker is not a woman (gender: male);")
    assert "for female junior leaders of the city administration" in denied.reasons[0]


def test_kerpen_elig_1_women_in_or_aspiring_to_junior_leadership(engine, mentee):
    mentee()
    mentee("mia", "Mia Sommer", leadership="aspiring", hierarchy_level=0)
    denied = refusal(mentee, "lea", "Lea Kraus", leadership="none")
    assert "neither holds nor aspires to a junior leadership position" in denied.reasons[0]
    assert {e.person_id for e in engine.state.index.enrolled("kerpen", Role.MENTEE)} == {
        "sara",
        "mia",
    }


def test_kerpen_elig_1_only_within_the_city_administration(mentee):
    denied = refusal(mentee, external=True)
    assert "does not work in the city administration" in denied.reasons[0]


def test_kerpen_elig_1_genders_are_a_setting(make_engine):
    engine = make_engine(
        plugins=[policy], settings={"kerpen": {"mentee_genders": ("female", "diverse")}}
    )
    person(engine, "kim", "Kim Adler")
    enrol(
        engine,
        "kim",
        "kerpen",
        Role.MENTEE,
        {"gender": "diverse", "leadership": "aspiring", "organisation_unit": "Ordnungsamt"},
    )
    kim = engine.reader(SYSTEM).participant("kim", "kerpen", Role.MENTEE)
    assert kim.profile.get("gender") == "diverse"


# ---------------------------------------------------------------- KERPEN-MENTOR-1


def test_kerpen_mentor_1_below_required_hierarchy_level_refused(engine, mentor):
    denied = refusal(mentor, hierarchy_level=1)
    assert denied.rule_ids == {"KERPEN-MENTOR-1"}
    assert "Petra Vogel is at management level 1, below the required level 2" in denied.reasons[0]
    mentor(hierarchy_level=2)  # the boundary: level 2 is enough
    vogel = engine.reader(SYSTEM).participant("vogel", "kerpen", Role.MENTOR)
    assert vogel.profile.get("hierarchy_level") == 2


def test_kerpen_mentor_1_minimum_level_is_a_setting(make_engine):
    engine = make_engine(plugins=[policy], settings={"kerpen": {"min_mentor_hierarchy_level": 4}})
    person(engine, "vogel", "Petra Vogel")
    with pytest.raises(TransitionDenied) as exc:
        enrol(
            engine,
            "vogel",
            "kerpen",
            Role.MENTOR,
            {"hierarchy_level": 3, "leadership_years": 12, "organisation_unit": "Bauamt"},
        )
    assert "below the required level 4" in exc.value.reasons[0]


def test_kerpen_mentor_1_experienced_and_internal(mentor):
    denied = refusal(mentor, leadership_years=2, external=True)
    assert denied.rule_ids == {"KERPEN-MENTOR-1"}
    assert "has led for 2 years, not the 3 of an experienced leader" in denied.reasons[0]
    assert "does not work in the city administration" in denied.reasons[0]


def test_kerpen_mentor_1_ways_into_the_programme_are_recorded(engine, mentor):
    for way in ("equality_office", "hr", "volunteer"):
        mentor(recruited_via=way)
        vogel = engine.reader(SYSTEM).participant("vogel", "kerpen", Role.MENTOR)
        assert vogel.profile.get("recruited_via") == way


# ---------------------------------------------------------------- KERPEN-INDEP-1


def test_kerpen_indep_1_mentor_in_line_of_management_refused(engine, mentee, mentor):
    mentee()
    mentor("bauer", "Dr. Frank Bauer", hierarchy_level=3)
    denied = refusal(assign, engine, mentor="bauer")
    assert denied.rule_ids == {"KERPEN-INDEP-1"}
    assert "Dr. Frank Bauer is in the line of management of Sara Yilmaz" in denied.reasons[0]
    assert "no authority to give her instructions" in denied.reasons[0]


def test_kerpen_indep_1_declared_management_relation_refused(engine, mentee, mentor):
    mentee()
    mentor()
    engine.declare_relation(Relation("vogel", RelationKind.MANAGES, "sara"), actor=SYSTEM)
    assert "KERPEN-INDEP-1" in refusal(assign, engine).rule_ids


def test_kerpen_indep_1_mentor_outside_the_line_accepted(engine, mentee, mentor):
    mentee()
    mentor()
    assert assign(engine).mentor == "vogel"


# ---------------------------------------------------------------- KERPEN-LEVEL-1


def test_kerpen_level_1_mentor_at_the_mentees_level_refused(engine, mentee, mentor):
    """„Stehen auf verschiedenen Karrierestufen“ (seed 003): not at or below the mentee."""
    mentee(hierarchy_level=2)  # she already heads a division
    mentor(hierarchy_level=2)
    denied = refusal(assign, engine)
    assert denied.rule_ids == {"KERPEN-LEVEL-1"}
    assert denied.reasons[0].startswith(
        "Petra Vogel is at management level 2, Sara Yilmaz at level 2; mentor and mentee "
        "stand on different career levels"
    )
    mentor(hierarchy_level=3)
    assert assign(engine).mentor == "vogel"


def test_kerpen_level_1_junior_leader_without_a_level_counts_as_level_1():
    assert mentee_level(Profile.of({"leadership": "junior_leader"})) == 1
    assert mentee_level(Profile.of({"leadership": "aspiring"})) == 0
    assert mentee_level(Profile.of({"leadership": "junior_leader", "hierarchy_level": 2})) == 2


def test_kerpen_level_1_gap_is_a_setting(make_engine):
    engine = make_engine(plugins=[policy], settings={"kerpen": {"min_level_gap": 2}})
    for pid, role, profile in (
        ("vafai", Role.COORDINATOR, None),
        (
            "sara",
            Role.MENTEE,
            {"gender": "female", "leadership": "junior_leader", "organisation_unit": "Kämmerei"},
        ),
        (
            "vogel",
            Role.MENTOR,
            {"hierarchy_level": 2, "leadership_years": 9, "organisation_unit": "Bauamt"},
        ),
    ):
        person(engine, pid, pid.title())
        enrol(engine, pid, "kerpen", role, profile)
    denied = refusal(assign, engine)
    assert denied.rule_ids == {"KERPEN-LEVEL-1"}
    assert "at least 2 levels above the junior leader" in denied.reasons[0]


def test_kerpen_level_1_matching_never_proposes_a_mentor_on_her_level(engine, mentee, mentor):
    matching = pytest.importorskip("mentorcore.matching")
    mentee(hierarchy_level=2)
    mentor("hahn", "Eva Hahn", hierarchy_level=2)
    mentor()  # level 3
    proposal = matching.propose(engine, "kerpen", actor=SYSTEM, wishes={"sara": ["hahn"]})
    assert [(p.mentee, p.mentor) for p in proposal.pairs] == [("sara", "vogel")]
    assert "KERPEN-LEVEL-1" in {rule for rule, _ in proposal.rules}


# ---------------------------------------------------------------- KERPEN-TOPICS-2


def test_kerpen_topics_2_fewer_topics_than_setting_refused(engine, drafting):
    denied = refusal(submit, engine, drafting, evolve(TERMS, topics=TOPICS[:3]))
    assert denied.rule_ids == {"KERPEN-TOPICS-2"}
    assert "names 3 topics" in denied.reasons[0]
    assert "at least 4" in denied.reasons[0]
    assert submit(engine, drafting, TERMS).status is TandemStatus.AWAITING_APPROVAL


def test_kerpen_topics_2_free_topics_count_a_bare_other_does_not(engine, drafting):
    assert count_topics(("conflicts", "other", "Conflicts", " ")) == 1
    plan = ("conflicts", "other", "Leading the digitalisation project", "visibility")
    assert refusal(submit, engine, drafting, evolve(TERMS, topics=plan)).rule_ids == {
        "KERPEN-TOPICS-2"
    }
    t = submit(engine, drafting, evolve(TERMS, topics=(*plan, "presence")))
    assert t.status is TandemStatus.AWAITING_APPROVAL


def test_kerpen_topics_2_minimum_is_a_setting(make_engine, clock):
    engine = make_engine(plugins=[policy], settings={"kerpen": {"min_topics_at_start": 2}})
    for pid, role, profile in (
        (
            "sara",
            Role.MENTEE,
            {"gender": "female", "leadership": "aspiring", "organisation_unit": "Kämmerei"},
        ),
        (
            "vogel",
            Role.MENTOR,
            {"hierarchy_level": 3, "leadership_years": 9, "organisation_unit": "Bauamt"},
        ),
    ):
        enrol(engine, pid, "kerpen", role, profile)
    t = walk_to(
        engine,
        TandemStatus.AWAITING_APPROVAL,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        terms=evolve(TERMS, topics=TOPICS[:2]),
    )
    assert t.status is TandemStatus.AWAITING_APPROVAL


def test_kerpen_topics_2_running_low_during_the_year_is_reported(engine, active, programme):
    assert policy.kerpen_topics_2_backlog(tandem=active, programme=programme) == []
    t = engine.execute(
        ProposeAmendment(tandem_id=active.id, terms=evolve(TERMS, topics=("conflicts",))),
        actor=SARA,
    )
    t = engine.execute(ApproveAmendment(tandem_id=t.id, version=2), actor=VOGEL)
    (advisory,) = policy.kerpen_topics_2_backlog(tandem=t, programme=programme)
    assert advisory.rule_id == "KERPEN-TOPICS-2"
    assert "holds 1 topic, fewer than 4" in advisory.text
    assert "KERPEN-TOPICS-2" in {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)}


def test_kerpen_topics_2_settled_topics_ask_for_new_ones(engine, active, programme):
    """Themen „klären oder erledigen sich schnell“: a settled topic counts no more."""
    t = engine.execute(SettleTopic(tandem_id=active.id, topic="conflicts"), actor=SARA)
    (advisory,) = policy.kerpen_topics_2_backlog(tandem=t, programme=programme)
    assert "3 topics of the plan are still open, 1 settled, fewer than 4" in advisory.text
    assert "KERPEN-TOPICS-2" in {a.rule_id for a in engine.reader(SARA).advisories(t.id)}
    plan = (*TOPICS, "visibility")  # she brings a new topic in
    t = engine.execute(
        ProposeAmendment(tandem_id=t.id, terms=evolve(TERMS, topics=plan)), actor=SARA
    )
    t = engine.execute(ApproveAmendment(tandem_id=t.id, version=2), actor=VOGEL)
    assert policy.kerpen_topics_2_backlog(tandem=t, programme=programme) == []


# ---------------------------------------------------------------- KERPEN-YEAR-1


def test_kerpen_year_1_agreement_ends_with_the_mentoring_year(engine, drafting):
    denied = refusal(submit, engine, drafting, evolve(TERMS, period_end=date(2028, 1, 1)))
    assert denied.rule_ids == {"KERPEN-YEAR-1"}
    assert "ends on 31 December 2027 at the latest (mentoring year 2027)" in denied.reasons[0]
    open_ended = refusal(submit, engine, drafting, evolve(TERMS, period_end=None))
    assert "the agreement has no end" in open_ended.reasons[0]
    assert submit(engine, drafting, TERMS).status is TandemStatus.AWAITING_APPROVAL


def test_kerpen_year_1_template_and_year_start_setting(make_engine, programme, drafting):
    terms = policy.mentorcore_agreement_template(drafting, programme, date(2027, 1, 15))
    assert (terms.period_start, terms.period_end) == (date(2027, 1, 15), date(2027, 12, 31))
    september = make_engine(
        plugins=[policy], settings={"kerpen": {"mentoring_year_start_month": 9}}
    )
    year = mentoring_year(date(2027, 1, 15), september.programme("kerpen"))
    assert year == ("2026/27", date(2026, 9, 1), date(2027, 8, 31))


def test_kerpen_year_1_introductory_workshop_soon_after_the_start(engine, active, programme):
    due = policy.kerpen_year_1_due(
        tandem=active, programme=programme, now=datetime(2027, 1, 20, tzinfo=UTC)
    )
    assert [(d.kind, d.recipient_role) for d in due] == [
        ("introductory-workshop", Role.MENTEE),
        ("introductory-workshop", Role.MENTOR),
    ]
    assert "takes place soon, by 31 January 2027" in due[0].reason
    assert due[0].due_at == active.created_at
    late = policy.kerpen_year_1_due(
        tandem=active, programme=programme, now=datetime(2027, 2, 1, 12, tzinfo=UTC)
    )
    assert late == []


def test_kerpen_year_1_closing_due_when_the_year_is_over(engine, active, programme):
    due = policy.kerpen_year_1_due(
        tandem=active, programme=programme, now=datetime(2028, 1, 2, 9, tzinfo=UTC)
    )
    closing = [d for d in due if d.kind == "closing-due"]
    assert len(closing) == 2
    assert closing[0].due_at == datetime(2027, 12, 31, 23, tzinfo=UTC)  # 1 Jan 00:00 in Kerpen
    ended = evolve(active, status=TandemStatus.COMPLETED)
    assert (
        policy.kerpen_year_1_due(
            tandem=ended, programme=programme, now=datetime(2028, 1, 2, tzinfo=UTC)
        )
        == []
    )


# ---------------------------------------------------------------- data


def test_kerpen_topics_1_sixteen_topics_and_other(programme):
    keys = [t.key for t in programme.topics]
    assert len(keys) == 17
    assert keys[-1] == "other"
    assert render(programme.topic("part_time_leadership").title, "en") == "Leading part-time"
    assert render(programme.topic("knowledge_transfer").title, "en") == (
        "Transfer of knowledge within the authority"
    )


def test_kerpen_contact_1_project_team_and_external_advisor(programme):
    contacts = {(render(c.role, "en"), c.name) for c in programme.contacts}
    assert {
        ("Project team", "Sahra Vafai"),
        ("Project team", "Bianca Mangels"),
        ("External advisor", "Dr. Anja Schäfer"),
    } <= contacts


def test_kerpen_role_1_mentor_is_sparring_partner_not_coach(engine, programme, active):
    for words in ("sparring partner", "feedback giver", "encourager", "not a coach"):
        assert words in render(programme.description, "en")
    start = datetime(2027, 2, 3, 8, tzinfo=UTC)
    t = engine.execute(
        ProposeMeeting(tandem_id=active.id, start=start, place="Council meeting"), actor=VOGEL
    )
    assert t.meetings[0].proposed_by is Role.MENTOR
    assert policy.kerpen_role_1_mentor_invites(verb="propose_meeting").rule_id == "KERPEN-ROLE-1"


def test_kerpen_indep_1_matching_never_proposes_a_superior(engine, mentee, mentor):
    """KERPEN-INDEP-1 in cohort matching: line and chains of management are masked."""
    matching = pytest.importorskip("mentorcore.matching")
    mentee()  # her line: klein, bauer
    mentor("bauer", "Dr. Frank Bauer")
    mentor("hahn", "Eva Hahn")
    person(engine, "klein", "Max Klein")
    engine.declare_relation(Relation("hahn", RelationKind.MANAGES, "klein"), actor=SYSTEM)
    engine.declare_relation(Relation("klein", RelationKind.MANAGES, "sara"), actor=SYSTEM)
    mentor()
    # She wishes for both superiors: only the mask keeps them out.
    proposal = matching.propose(engine, "kerpen", actor=SYSTEM, wishes={"sara": ["bauer", "hahn"]})
    assert [(p.mentee, p.mentor) for p in proposal.pairs] == [("sara", "vogel")]
    assert "KERPEN-INDEP-1" in {rule for rule, _ in proposal.rules}
