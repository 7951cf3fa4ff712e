"""The CORE rules of the generic flow (programmes.md), each shown on the default programme."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import ANA, BEN, CARLA, DAVE, EVE, SYSTEM, TERMS, cast, stored

from mentorcore import (
    Accept,
    AgreementState,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    AssignMentor,
    Complete,
    Content,
    Decision,
    Decline,
    Dissolve,
    DraftAgreement,
    GoalStatus,
    OptIn,
    OptOut,
    Person,
    Programme,
    ProposeAmendment,
    RejectAmendment,
    RequestMentorship,
    RequestRematch,
    ReturnAgreement,
    ReviewGoal,
    Role,
    SetGoal,
    StartClosing,
    SubmitAgreement,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.testing import walk_to


@pytest.fixture
def engine(make_engine):
    engine = make_engine()
    cast(engine)
    return engine


def test_core_1_mentee_request_accepted_by_the_mentor(engine):
    tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    assert tandem.status is TandemStatus.REQUESTED
    assert (tandem.mentee, tandem.mentor) == ("ana", "ben")
    tandem = engine.execute(Accept(tandem_id=tandem.id), actor=BEN)
    assert tandem.status is TandemStatus.GETTING_TO_KNOW


def test_core_1_mentor_declines_a_request(engine):
    tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    tandem = engine.execute(Decline(tandem_id=tandem.id, reason="no time this year"), actor=BEN)
    assert tandem.status is TandemStatus.DECLINED
    assert tandem.end_reason == "no time this year"


def test_core_1_only_the_mentor_asked_may_accept(engine):
    tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    for actor in (ANA, DAVE, CARLA):
        before = stored(engine)
        with pytest.raises(TransitionDenied) as refused:
            engine.execute(Accept(tandem_id=tandem.id), actor=actor)
        assert refused.value.rule_ids & {"CORE-1", "CORE-AUTH"}
        assert stored(engine) == before


def test_core_1_coordinator_assigns_a_mentor(engine):
    tandem = engine.execute(
        AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA
    )
    assert tandem.status is TandemStatus.GETTING_TO_KNOW
    assert tandem.origin.value == "assignment"


def test_core_1_a_mentee_cannot_assign_herself_a_mentor(engine):
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=ANA)
    assert refused.value.rule_ids == {"CORE-AUTH"}


def test_core_1_a_request_needs_an_enrolled_mentor(engine):
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(RequestMentorship(programme_key="default", mentor="eve"), actor=ANA)
    assert refused.value.rule_ids == {"CORE-1"}
    assert "Eve is not enrolled as a mentor" in str(refused.value)


def test_core_2_both_must_opt_in_after_getting_to_know(engine):
    tandem = walk_to(
        engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
    )
    tandem = engine.execute(OptIn(tandem_id=tandem.id), actor=ANA)
    assert tandem.status is TandemStatus.GETTING_TO_KNOW
    with pytest.raises(TransitionDenied, match="already opted in") as refused:
        engine.execute(OptIn(tandem_id=tandem.id), actor=ANA)
    assert refused.value.rule_ids == {"CORE-2"}
    tandem = engine.execute(OptIn(tandem_id=tandem.id), actor=BEN)
    assert tandem.status is TandemStatus.AGREEMENT_DRAFTING
    assert tandem.opted_in == {Role.MENTEE, Role.MENTOR}


def test_core_2_either_may_opt_out(engine):
    tandem = walk_to(
        engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
    )
    engine.execute(OptIn(tandem_id=tandem.id), actor=ANA)
    tandem = engine.execute(OptOut(tandem_id=tandem.id, reason="chemistry"), actor=BEN)
    assert tandem.status is TandemStatus.DISSOLVED


def test_core_2_agreement_records_period_meetings_contact_and_topics(engine):
    tandem = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TERMS
    )
    assert tandem.agreement is not None
    assert tandem.agreement.terms == TERMS


def test_core_2_a_period_that_ends_before_it_starts_is_refused(engine):
    tandem = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    bad = AgreementTerms(period_start=date(2027, 1, 1), period_end=date(2026, 1, 1))
    with pytest.raises(TransitionDenied, match="ends before it starts"):
        engine.execute(DraftAgreement(tandem_id=tandem.id, terms=bad), actor=ANA)


def test_core_3_draft_is_private_to_the_mentee_until_submitted(engine):
    tandem = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    engine.execute(DraftAgreement(tandem_id=tandem.id, terms=TERMS), actor=ANA)
    assert engine.reader(ANA).view(tandem.id).proposal.terms == TERMS
    mentor_view = engine.reader(BEN).view(tandem.id)
    assert mentor_view.proposal is None
    assert mentor_view.withheld[0][0] is Content.AGREEMENT_DRAFT
    assert "[CORE-3]" in str(mentor_view.withheld[0][1])
    assert mentor_view.awaiting is None

    engine.execute(SubmitAgreement(tandem_id=tandem.id), actor=ANA)
    mentor_view = engine.reader(BEN).view(tandem.id)
    assert mentor_view.proposal.terms == TERMS
    assert mentor_view.awaiting is Role.MENTOR  # the mentor sees an approval is pending


def test_core_3_only_the_mentee_drafts_and_submits(engine):
    tandem = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(DraftAgreement(tandem_id=tandem.id, terms=TERMS), actor=BEN)
    assert refused.value.rule_ids == {"CORE-3"}
    with pytest.raises(TransitionDenied, match="no new draft to submit"):
        engine.execute(SubmitAgreement(tandem_id=tandem.id), actor=ANA)


def test_core_3_returned_agreement_goes_back_to_drafting(engine):
    tandem = walk_to(
        engine, TandemStatus.AWAITING_APPROVAL, programme="default", mentee="ana", mentor="ben"
    )
    tandem = engine.execute(
        ReturnAgreement(tandem_id=tandem.id, version=1, comments="add a topic plan"), actor=BEN
    )
    assert tandem.status is TandemStatus.AGREEMENT_DRAFTING
    assert tandem.proposal.state is AgreementState.RETURNED
    assert engine.reader(ANA).view(tandem.id).proposal.comments == "add a topic plan"


def test_core_4_active_only_when_both_agreed_to_the_same_version(engine):
    tandem = walk_to(
        engine, TandemStatus.AWAITING_APPROVAL, programme="default", mentee="ana", mentor="ben"
    )
    with pytest.raises(TransitionDenied, match="both must agree to the same version") as refused:
        engine.execute(ApproveAgreement(tandem_id=tandem.id, version=2), actor=BEN)
    assert refused.value.rule_ids == {"CORE-4"}
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(ApproveAgreement(tandem_id=tandem.id, version=1), actor=ANA)
    assert refused.value.rule_ids == {"CORE-4"}
    tandem = engine.execute(ApproveAgreement(tandem_id=tandem.id, version=1), actor=BEN)
    assert tandem.status is TandemStatus.ACTIVE
    assert tandem.agreement.version == 1
    assert tandem.agreement.approved_by == {Role.MENTEE, Role.MENTOR}


def test_core_5_amendment_needs_consent_and_old_version_stays_in_force(engine):
    tandem = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TERMS
    )
    longer = AgreementTerms(
        period_start=TERMS.period_start, period_end=date(2028, 3, 31), meetings_planned=9
    )
    tandem = engine.execute(ProposeAmendment(tandem_id=tandem.id, terms=longer), actor=BEN)
    assert tandem.agreement.version == 1
    assert tandem.agreement.terms == TERMS
    assert engine.reader(ANA).view(tandem.id).awaiting is Role.MENTEE
    with pytest.raises(TransitionDenied, match="other side") as refused:
        engine.execute(ApproveAmendment(tandem_id=tandem.id, version=2), actor=BEN)
    assert refused.value.rule_ids == {"CORE-5"}
    with pytest.raises(TransitionDenied, match="still pending"):
        engine.execute(ProposeAmendment(tandem_id=tandem.id, terms=TERMS), actor=ANA)
    tandem = engine.execute(ApproveAmendment(tandem_id=tandem.id, version=2), actor=ANA)
    assert tandem.agreement.version == 2
    assert tandem.agreement.terms == longer
    assert tandem.agreement.approved_by == {Role.MENTEE, Role.MENTOR}
    assert tandem.proposal is None


def test_core_5_rejected_amendment_leaves_the_agreement_in_force(engine):
    tandem = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TERMS
    )
    engine.execute(
        ProposeAmendment(tandem_id=tandem.id, terms=AgreementTerms(period_start=date(2027, 1, 1))),
        actor=ANA,
    )
    tandem = engine.execute(
        RejectAmendment(tandem_id=tandem.id, version=2, comments="no"), actor=BEN
    )
    assert tandem.agreement.version == 1
    assert tandem.agreement.terms == TERMS
    assert tandem.proposal is None


def test_core_10_every_activity_is_in_the_participants_log(engine):
    tandem = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="default",
        mentee="ana",
        mentor="ben",
        coordinator=CARLA,
    )
    engine.execute(SetGoal(tandem_id=tandem.id, text="choose a specialty"), actor=ANA)
    log = engine.reader(ANA).activity("ana")
    tandem_entries = [a.event for a in log if a.tandem_id == tandem.id]
    assert tandem_entries == [
        "tandem-assigned",
        "getting-to-know-opted-in",
        "getting-to-know-opted-in",
        "agreement-drafted",
        "agreement-submitted",
        "agreement-approved",
        "goal-set",
    ]
    assert [a.position for a in log] == sorted(a.position for a in log)
    assert "Ben approved the mentoring agreement" in [a.text for a in log]
    assert [a.event for a in engine.reader(BEN).activity("ben") if a.tandem_id] == tandem_entries
    # The coordinator of the programme sees tandem activities, an outsider nothing.
    assert [a.event for a in engine.reader(CARLA).activity("ana")] == tandem_entries
    with pytest.raises(Exception, match="may not see"):
        engine.reader(EVE).activity("ana")


def test_core_11_ending_goes_through_closing(engine):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(Complete(tandem_id=tandem.id), actor=ANA)
    assert refused.value.rule_ids == {"CORE-LIFECYCLE"}
    tandem = engine.execute(StartClosing(tandem_id=tandem.id), actor=BEN)
    assert tandem.status is TandemStatus.CLOSING
    advice = engine.reader(SYSTEM).advisories(tandem.id)
    assert any(a.rule_id == "CORE-11" and "closing conversation" in a.text for a in advice)
    tandem = engine.execute(Complete(tandem_id=tandem.id), actor=ANA)
    assert tandem.status is TandemStatus.COMPLETED
    assert tandem.ended_at == engine.clock.now()


def test_core_11_an_outsider_cannot_end_a_mentorship(engine):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(StartClosing(tandem_id=tandem.id), actor=DAVE)
    assert refused.value.rule_ids == {"CORE-AUTH"}


def test_core_13_goals_are_captured_and_reviewed(engine, clock):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    # no goals yet
    assert [a.rule_id for a in engine.reader(SYSTEM).advisories(tandem.id)] == ["CORE-13"]
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(SetGoal(tandem_id=tandem.id, text="publish a case report"), actor=BEN)
    assert refused.value.rule_ids == {"CORE-13"}
    tandem = engine.execute(SetGoal(tandem_id=tandem.id, text="publish a case report"), actor=ANA)
    assert engine.reader(SYSTEM).advisories(tandem.id).shown == ()
    clock.advance(timedelta(days=180))
    overdue = engine.reader(SYSTEM).advisories(tandem.id)
    assert [a.rule_id for a in overdue] == ["CORE-13"]
    assert "publish a case report" in overdue.shown[0].text
    goal = tandem.goals[0]
    tandem = engine.execute(
        ReviewGoal(
            tandem_id=tandem.id, goal_id=goal.id, status=GoalStatus.ON_TRACK, note="draft written"
        ),
        actor=BEN,
    )
    assert tandem.goals[0].status is GoalStatus.ON_TRACK
    assert tandem.goals[0].reviewed_at == clock.now()
    assert engine.reader(SYSTEM).advisories(tandem.id).shown == ()


def test_core_13_goal_review_interval_is_a_setting(make_engine, clock):
    engine = make_engine(settings={"default": {"goal_review_interval_days": 30}})
    cast(engine)
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    engine.execute(SetGoal(tandem_id=tandem.id, text="network"), actor=ANA)
    clock.advance(timedelta(days=29))
    assert engine.reader(SYSTEM).advisories(tandem.id).shown == ()
    clock.advance(timedelta(days=1))
    assert [a.rule_id for a in engine.reader(SYSTEM).advisories(tandem.id)] == ["CORE-13"]


def test_core_14_no_direct_working_relationship(engine):
    from mentorcore import Relation, RelationKind

    engine.declare_relation(Relation("ben", RelationKind.MANAGES, "ana"), actor=SYSTEM)
    with pytest.raises(TransitionDenied, match="direct working relationship") as refused:
        engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    assert refused.value.rule_ids == {"CORE-14"}
    engine.execute(RequestMentorship(programme_key="default", mentor="dave"), actor=ANA)


def test_core_rematch_leads_to_a_new_tandem_with_another_mentor(engine):
    first = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    first = engine.execute(RequestRematch(tandem_id=first.id, reason="different field"), actor=ANA)
    assert first.status is TandemStatus.DISSOLVED
    assert first.rematch_requested
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(
            AssignMentor(programme_key="default", mentee="ana", mentor="ben", predecessor=first.id),
            actor=CARLA,
        )
    assert refused.value.rule_ids == {"CORE-REMATCH"}
    second = engine.execute(
        AssignMentor(programme_key="default", mentee="ana", mentor="dave", predecessor=first.id),
        actor=CARLA,
    )
    assert second.predecessor == first.id
    assert second.mentor == "dave"


def test_core_single_one_live_tandem_per_mentee(engine):
    engine.execute(AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA)
    with pytest.raises(TransitionDenied, match="already has 1 unfinished") as refused:
        engine.execute(
            AssignMentor(programme_key="default", mentee="ana", mentor="dave"), actor=CARLA
        )
    assert refused.value.rule_ids == {"CORE-SINGLE"}


def test_core_capacity_mentor_places_are_counted(engine):
    from mentorcore.testing import enrol

    enrol(engine, "finn", "default", Role.MENTEE)
    enrol(engine, "gina", "default", Role.MENTEE)
    engine.execute(AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA)
    second = engine.execute(
        AssignMentor(programme_key="default", mentee="finn", mentor="ben"), actor=CARLA
    )
    with pytest.raises(TransitionDenied, match="2 of 2 taken") as refused:
        engine.execute(
            AssignMentor(programme_key="default", mentee="gina", mentor="ben"), actor=CARLA
        )
    assert refused.value.rule_ids == {"CORE-CAPACITY"}
    engine.execute(Dissolve(tandem_id=second.id, reason="moved"), actor=CARLA)  # frees a place
    engine.execute(AssignMentor(programme_key="default", mentee="gina", mentor="ben"), actor=CARLA)


def test_core_auth_people_without_a_part_cannot_act(engine):
    tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    before = stored(engine)
    with pytest.raises(TransitionDenied, match="takes no part") as refused:
        engine.execute(Dissolve(tandem_id=tandem.id, reason="meddling"), actor=EVE)
    assert refused.value.rule_ids == {"CORE-AUTH"}
    with pytest.raises(TransitionDenied) as refused:
        engine.register_person(Person("zoe", "Zoe"), actor=EVE)
    assert refused.value.rule_ids == {"CORE-AUTH"}
    with pytest.raises(TransitionDenied) as refused:
        engine.enrol("eve", "default", Role.COORDINATOR, actor=EVE)
    assert refused.value.rule_ids == {"CORE-AUTH"}
    assert stored(engine) == before


def test_core_dissolve_either_side_or_coordinator_with_a_reason(engine):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    with pytest.raises(TransitionDenied, match="say why") as refused:
        engine.execute(Dissolve(tandem_id=tandem.id, reason=" "), actor=CARLA)
    assert refused.value.rule_ids == {"CORE-DISSOLVE"}
    tandem = engine.execute(Dissolve(tandem_id=tandem.id, reason="moved abroad"), actor=CARLA)
    assert tandem.status is TandemStatus.DISSOLVED
    assert tandem.end_reason == "moved abroad"


def test_core_privacy_coordinator_sees_no_agreement_or_goals_by_default(engine):
    tandem = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TERMS
    )
    engine.execute(SetGoal(tandem_id=tandem.id, text="lead a team"), actor=ANA)
    view = engine.reader(CARLA).view(tandem.id)
    assert view.status is TandemStatus.ACTIVE
    assert view.agreement is None
    assert view.goals is None
    assert {content for content, _ in view.withheld} == {Content.AGREEMENT, Content.GOALS}
    assert all("[CORE-PRIVACY]" in str(why) for _, why in view.withheld)
    assert engine.reader(BEN).view(tandem.id).goals[0].text == "lead a team"


def test_core_track_tandems_belong_to_a_programme_track(make_engine):
    class Tracked:
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(Programme(key="tracked", name="Tracked", tracks=("clinical", "scientific")))

    engine = make_engine(plugins=[Tracked()])
    from mentorcore.testing import enrol

    enrol(engine, "ana", "tracked", Role.MENTEE)
    enrol(engine, "ben", "tracked", Role.MENTOR, track="scientific")
    assign = AssignMentor(programme_key="tracked", mentee="ana", mentor="ben", track="clinical")
    with pytest.raises(TransitionDenied, match="enrolled for the scientific track") as refused:
        engine.execute(assign, actor=SYSTEM)
    assert refused.value.rule_ids == {"CORE-TRACK"}
    with pytest.raises(TransitionDenied, match="choose a track"):
        engine.execute(
            AssignMentor(programme_key="tracked", mentee="ana", mentor="ben"), actor=SYSTEM
        )
    tandem = engine.execute(
        AssignMentor(programme_key="tracked", mentee="ana", mentor="ben", track="scientific"),
        actor=SYSTEM,
    )
    assert tandem.track == "scientific"


def test_core_privacy_a_pending_amendment_is_not_the_agreement(make_engine):
    """CORE-PRIVACY: seeing the agreement in force (as MEDiC's coordination may)
    does not show versions still under discussion."""

    class CopyToCoordination:
        @hookimpl
        def mentorcore_can_view(self, content, viewer_role):
            if content is Content.AGREEMENT and viewer_role is Role.COORDINATOR:
                return Decision.allow("TEST-AGR", "the coordination receives a copy")
            return None

    engine = make_engine(plugins=[CopyToCoordination()])
    cast(engine)
    tandem = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TERMS
    )
    later = AgreementTerms(period_start=TERMS.period_start, meetings_planned=12)
    engine.execute(ProposeAmendment(tandem_id=tandem.id, terms=later), actor=ANA)
    view = engine.reader(CARLA).view(tandem.id)
    assert view.agreement.terms == TERMS
    assert view.proposal is None
    assert (Content.AGREEMENT_PROPOSAL, view.withheld[0][1]) in view.withheld
    assert engine.reader(BEN).view(tandem.id).proposal.terms == later
