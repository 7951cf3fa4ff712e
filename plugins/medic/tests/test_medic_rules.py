"""MEDiC: data, visibility, cadence and due actions, called as hook functions directly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from attrs import evolve
from mentorcore_medic import policy

from mentorcore import (
    Actor,
    AgreementTerms,
    Content,
    GoalStatus,
    MeetingFormat,
    PeriodKind,
    ProfileField,
    Role,
    SetGoal,
    TandemStatus,
)
from mentorcore.i18n import render
from mentorcore.policy.due import kind_title
from mentorcore.testing import walk_to

COORDINATOR = Actor.person("lange")
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 10, 4),
    meetings_planned=12,
    goals="Decide on a specialty",
)
# The engine's clock starts on Monday 5 October 2026, 09:00 UTC (testing.START).
ACTIVATED = datetime(2026, 10, 5, 9, tzinfo=UTC)


@pytest.fixture
def programme(engine):
    return engine.programme("medic")


@pytest.fixture
def active(engine, mentee, mentor):
    mentee()
    mentor()
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=COORDINATOR,
        track="clinical",
        terms=TERMS,
    )
    return engine.execute(
        SetGoal(tandem_id=t.id, text="Decide on a specialty"), actor=Actor.person("ana")
    )


# ---------------------------------------------------------------- data


def test_medic_track_1_programme_has_clinical_and_scientific_tracks(programme):
    assert programme.tracks == ("clinical", "scientific")
    assert programme.timezone == "Europe/Berlin"


def test_medic_topics_1_figure_3_catalogue(programme):
    in_scope = [t for t in programme.topics if not t.out_of_scope]
    assert len(in_scope) == 12
    assert [t.key for t in in_scope][:3] == ["insights", "career_paths", "networking"]
    assert programme.topic("health_policy").title.render("en") == "Current topics of health policy"
    assert "clinician scientist" in programme.topic("career_paths").title.render("en")


def test_medic_scope_1_catalogue_marks_seven_topics_out_of_scope(programme):
    out = {t.key: t for t in programme.topics if t.out_of_scope}
    assert set(out) == {
        "study_organisation",
        "doctorate",
        "psychological_support",
        "stays_abroad",
        "legal_advice",
        "students_with_child",
        "study_financing",
    }
    # every referral names the guide's places: Studienbüro, Fakultät, TU Dresden
    places = ("Studienbüro", "Fakultät", "TU Dresden")
    assert all(any(p in render(t.referral, "de") for p in places) for t in out.values())
    assert "Studienbüro" in render(out["study_organisation"].referral, "de")
    assert "Fakultät" in render(out["doctorate"].referral, "de")


def test_medic_doc_1_three_templates_with_the_guides_fields(programme):
    templates = {t.key: t for t in programme.templates if t.purpose != "feedback"}
    assert {t.purpose for t in templates.values()} == {
        "first_conversation",
        "preparation",
        "meeting_notes",
    }
    names = {key: [f.name for f in t.fields] for key, t in templates.items()}
    assert names["first_conversation"] == [
        "mentee_name",
        "date",
        "mentor_name",
        "track",
        "motivation",
        "expectations_mentor",
        "expectations_mentee",
        "meetings",
        "goals",
        "approach",
    ]
    assert names["mentee_preparation"] == [
        "strengths",
        "interests",
        "topics_to_explore",
        "topics_to_deepen",
        "professional_goals",
        "private_goals",
        "steps",
        "support_needed",
        "supporters",
    ]
    assert names["meeting_sheet"] == [
        "date",
        "preparation",
        "contents",
        "recommendations",
        "next_date",
        "next_time",
        "next_place",
    ]
    assert all(isinstance(f, ProfileField) for t in templates.values() for f in t.fields)


def test_medic_contacts_name_the_coordination(programme):
    assert programme.contacts[0].email == "MEDiC-Mentoringprogramm@skc.de"
    assert programme.contacts[0].role.render("en") == "Mentoring coordination"


# ---------------------------------------------------------------- visibility and roles


def test_medic_agr_1_can_view_agreement_only_once_in_force(active):
    decide = policy.medic_agr_1_coordination_sees_agreement
    allowed = decide(content=Content.AGREEMENT, viewer_role=Role.COORDINATOR, tandem=active)
    assert allowed.allowed
    assert allowed.rule_id == "MEDIC-AGR-1"
    drafting = evolve(active, agreement=None)
    assert decide(content=Content.AGREEMENT, viewer_role=Role.COORDINATOR, tandem=drafting) is None
    for content in (Content.MEETING_NOTES, Content.GOALS, Content.AGREEMENT_DRAFT):
        assert decide(content=content, viewer_role=Role.COORDINATOR, tandem=active) is None


def test_medic_match_1_only_requests_are_withdrawn(engine):
    permission = policy.medic_match_1_matched_by_coordination(verb="request")
    assert permission.roles == frozenset()
    assert permission.rule_id == "MEDIC-MATCH-1"
    assert policy.medic_match_1_matched_by_coordination(verb="assign") is None


def test_medic_cad_1_three_meetings_of_an_hour_per_semester(programme):
    cad_1, _ = policy.mentorcore_cadence_rules(programme)
    assert (cad_1.rule_id, cad_1.period, cad_1.minimum, cad_1.formats) == (
        "MEDIC-CAD-1",
        PeriodKind.SEMESTER,
        3,
        frozenset(),
    )
    assert "about 60 minutes" in render(cad_1.description, "en")


def test_medic_cad_2_one_meeting_in_person_per_semester(make_engine):
    engine = make_engine(plugins=[policy], settings={"medic": {"in_person_per_semester": 2}})
    _, cad_2 = policy.mentorcore_cadence_rules(engine.programme("medic"))
    assert (cad_2.rule_id, cad_2.minimum, cad_2.formats) == (
        "MEDIC-CAD-2",
        2,
        frozenset({MeetingFormat.IN_PERSON}),
    )


# ---------------------------------------------------------------- due actions


def test_medic_agr_1_copy_of_agreement_due_to_coordination(active, programme):
    (copy,) = policy.medic_agr_1_copy_due(tandem=active, programme=programme)
    assert (copy.rule_id, copy.kind, copy.recipient_role) == (
        "MEDIC-AGR-1",
        "agreement-copy",
        Role.COORDINATOR,
    )
    assert copy.due_at == ACTIVATED
    assert "MEDiC-Mentoringprogramm@skc.de" in copy.reason
    assert (
        policy.medic_agr_1_copy_due(tandem=evolve(active, agreement=None), programme=programme)
        == []
    )


def test_medic_goal_1_goals_reviewed_every_semester_not_first_after_two_years(active, programme):
    """„in regelmäßigen Abständen, spätestens nach zwei Jahren“: the first review falls
    due within the first semester of a two-year mentoring, and again after each review."""
    assert programme.setting("goal_review_interval_days") == 182
    goal = active.goals[0]
    review = policy.medic_goal_1_review_due
    assert review(tandem=active, programme=programme, now=goal.set_at + timedelta(days=181)) == []
    first = goal.set_at + timedelta(days=182)
    due = review(tandem=active, programme=programme, now=first)
    assert {(d.rule_id, d.recipient_role, d.recipients, d.due_at) for d in due} == {
        ("MEDIC-GOAL-1", Role.MENTEE, ("ana",), first),
        ("MEDIC-GOAL-1", Role.MENTOR, ("weber",), first),
    }
    assert first.date() < TERMS.period_end  # long before the mentoring is over
    assert "every 182 days" in due[0].reason
    # reviewed after eight months: the next review is due a semester later, with a new key
    reviewed_at = goal.set_at + timedelta(days=240)
    on_track = evolve(
        active, goals=(evolve(goal, status=GoalStatus.ON_TRACK, reviewed_at=reviewed_at),)
    )
    later = reviewed_at + timedelta(days=182)
    assert review(tandem=on_track, programme=programme, now=later - timedelta(days=1)) == []
    again = review(tandem=on_track, programme=programme, now=later)
    assert {d.due_at for d in again} == {later}
    assert not {d.key for d in again} & {d.key for d in due}
    achieved = evolve(active, goals=(evolve(goal, status=GoalStatus.ACHIEVED),))
    assert review(tandem=achieved, programme=programme, now=later) == []


def test_medic_goal_1_interval_is_a_setting_of_at_most_two_years(make_engine):
    yearly = make_engine(plugins=[policy], settings={"medic": {"goal_review_interval_days": 365}})
    assert yearly.programme("medic").setting("goal_review_interval_days") == 365
    with pytest.raises(Exception, match="goal_review_interval_days"):
        make_engine(plugins=[policy], settings={"medic": {"goal_review_interval_days": 731}})


def test_medic_eval_1_evaluation_after_each_semester_and_at_the_end(active, programme):
    due = policy.medic_eval_1_evaluations_due
    assert due(tandem=active, programme=programme, now=datetime(2027, 3, 31, 21, tzinfo=UTC)) == []
    # 1 April 2027 00:00 in Berlin is 31 March 22:00 UTC (summer time).
    first = due(tandem=active, programme=programme, now=datetime(2027, 3, 31, 22, tzinfo=UTC))
    assert [(d.kind, d.recipient_role) for d in first] == [
        ("evaluation", Role.MENTEE),
        ("evaluation", Role.MENTOR),
    ]
    assert first[0].due_at == datetime(2027, 3, 31, 22, tzinfo=UTC)
    assert "the winter semester 2026/27 is over (it ended on 31 March 2027)" in first[0].reason
    later = due(tandem=active, programme=programme, now=datetime(2027, 10, 2, tzinfo=UTC))
    assert len(later) == 4
    assert first[0].key in {d.key for d in later}  # the same cause keeps its key
    ended = evolve(
        active, status=TandemStatus.COMPLETED, ended_at=datetime(2027, 12, 1, tzinfo=UTC)
    )
    final = due(tandem=ended, programme=programme, now=datetime(2028, 6, 1, tzinfo=UTC))
    assert len(final) == 6  # WS 26/27, SS 27 and the final evaluation, each for both
    assert final[-1].reason.startswith("the mentorship has ended: the final evaluation")


def test_medic_eval_1_nothing_due_before_the_mentorship_is_active(active, programme):
    drafting = evolve(active, activated_at=None, status=TandemStatus.AGREEMENT_DRAFTING)
    assert (
        policy.medic_eval_1_evaluations_due(
            tandem=drafting, programme=programme, now=datetime(2028, 1, 1, tzinfo=UTC)
        )
        == []
    )


def test_medic_end_1_coordination_informed_after_completion(active, programme):
    assert policy.medic_end_1_inform_coordination(tandem=active, programme=programme) == []
    ended = evolve(
        active, status=TandemStatus.COMPLETED, ended_at=datetime(2028, 9, 30, 15, tzinfo=UTC)
    )
    (notice,) = policy.medic_end_1_inform_coordination(tandem=ended, programme=programme)
    assert (notice.rule_id, notice.kind, notice.recipient_role) == (
        "MEDIC-END-1",
        "completion-notice",
        Role.COORDINATOR,
    )
    assert "closing conversation on 30 September 2028" in notice.reason
    # MEDiC names its own kind of due action; a host lists it under that name
    assert kind_title(notice.kind, notice.title).render("de") == "Abschlussmeldung"
    assert kind_title(notice.kind, notice.title).render("en") == "completion notice"
