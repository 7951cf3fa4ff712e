"""MEDiC: the course of a tandem - agreement, scope, start, closing (through the engine)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from attrs import evolve as change
from mentorcore_medic import policy

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    AssignMentor,
    Complete,
    Content,
    DraftAgreement,
    MeetingFormat,
    OptIn,
    ProposeAmendment,
    RequestRematch,
    StartClosing,
    SubmitAgreement,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.testing import walk_to

COORDINATOR = Actor.person("lange")
ANA, WEBER = Actor.person("ana"), Actor.person("weber")
#: What a first conversation in October 2026 writes down.
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 10, 4),
    meetings_planned=12,
    contact_formats=frozenset({MeetingFormat.IN_PERSON, MeetingFormat.VIDEO}),
    topics=("career_paths", "networking"),
    goals="Decide between internal medicine and surgery; find a PJ placement",
)


@pytest.fixture
def drafting(engine, mentee, mentor):
    """A clinical tandem of Ana and Dr. Weber whose agreement is being drafted."""
    mentee()
    mentor()
    return walk_to(
        engine,
        TandemStatus.AGREEMENT_DRAFTING,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=COORDINATOR,
        track="clinical",
    )


@pytest.fixture
def active(engine, mentee, mentor):
    mentee()
    mentor()
    return walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=COORDINATOR,
        track="clinical",
        terms=TERMS,
    )


def submit(engine, tandem, terms):
    engine.execute(DraftAgreement(tandem_id=tandem.id, terms=terms), actor=ANA)
    return engine.execute(SubmitAgreement(tandem_id=tandem.id), actor=ANA)


def refusal(call, *args, **kwargs) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    return exc.value


# ---------------------------------------------------------------- MEDIC-START-1


def test_medic_start_1_tandem_starting_in_summer_semester_refused(engine, drafting):
    summer = change(TERMS, period_start=date(2027, 4, 15), period_end=date(2029, 4, 14))
    denied = refusal(submit, engine, drafting, summer)
    assert denied.rule_ids == {"MEDIC-START-1"}
    assert "starts on 15 April 2027, in the summer semester 2027" in denied.reasons[0]
    assert "start on 1 October 2027 or later" in denied.reasons[0]


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        (date(2026, 10, 1), True),
        (date(2027, 3, 31), True),
        (date(2027, 4, 1), False),
        (date(2027, 9, 30), False),
    ],
)
def test_medic_start_1_winter_semester_boundaries(engine, drafting, start, allowed):
    terms = change(TERMS, period_start=start, period_end=start + timedelta(days=365))
    if allowed:
        assert submit(engine, drafting, terms).status is TandemStatus.AWAITING_APPROVAL
    else:
        assert refusal(submit, engine, drafting, terms).rule_ids == {"MEDIC-START-1"}


def test_medic_start_1_amendment_may_not_move_the_start_into_summer(engine, active):
    moved = change(TERMS, period_start=date(2027, 5, 1))
    denied = refusal(engine.execute, ProposeAmendment(tandem_id=active.id, terms=moved), actor=ANA)
    assert denied.rule_ids == {"MEDIC-START-1"}
    # An amendment that keeps the (winter) start is fine, even proposed in summer.
    longer = change(TERMS, period_end=date(2029, 3, 31))
    assert (
        engine.execute(
            ProposeAmendment(tandem_id=active.id, terms=longer), actor=WEBER
        ).proposal.version
        == 2
    )


def test_medic_start_1_rematch_continues_within_the_running_term(engine, active, mentor, clock):
    """„Auf Wunsch kann durch ein neues Matching ein:e ander:e Mentor:in vermittelt
    werden“: a re-match in May continues the mentoring begun in October - it starts at
    once and ends with the two years begun then, not two years after May."""
    mentor("kim", "Dr. Kim Berg")
    clock.set(datetime(2027, 5, 10, 9, tzinfo=UTC))
    engine.execute(RequestRematch(tandem_id=active.id, reason="no chemistry"), actor=ANA)
    second = engine.execute(
        AssignMentor(
            programme_key="medic",
            mentee="ana",
            mentor="kim",
            track="clinical",
            predecessor=active.id,
        ),
        actor=COORDINATOR,
    )
    kim = Actor.person("kim")
    engine.execute(OptIn(tandem_id=second.id), actor=ANA)
    engine.execute(OptIn(tandem_id=second.id), actor=kim)
    template = engine.reader(ANA).agreement_template(second.id, date(2027, 5, 10))
    assert (template.period_start, template.period_end) == (date(2027, 5, 10), date(2028, 9, 30))
    too_long = change(TERMS, period_start=date(2027, 5, 10), period_end=date(2029, 5, 9))
    denied = refusal(submit, engine, second, too_long)
    assert denied.rule_ids == {"MEDIC-DUR-1"}
    assert "a re-match continues the mentoring within its initial term" in denied.reasons[0]
    assert "30 September 2028" in denied.reasons[0]
    in_may = change(TERMS, period_start=date(2027, 5, 10), period_end=date(2028, 9, 30))
    assert submit(engine, second, in_may).status is TandemStatus.AWAITING_APPROVAL


# ---------------------------------------------------------------- MEDIC-FLOW-1


def test_medic_flow_1_agreement_must_fix_goals_horizon_and_framework(engine, drafting):
    bare = AgreementTerms(period_start=date(2026, 10, 5))
    denied = refusal(submit, engine, drafting, bare)
    assert denied.rule_ids == {"MEDIC-FLOW-1"}
    assert (
        "does not state the goals, the time horizon (an end date) and the framework "
        "(number or frequency of meetings)"
    ) in denied.reasons[0]
    framed = change(
        bare,
        goals="Find a specialty",
        period_end=date(2027, 9, 30),
        contact_frequency="every six weeks",
    )
    assert submit(engine, drafting, framed).status is TandemStatus.AWAITING_APPROVAL


def test_medic_flow_1_getting_to_know_comes_before_the_agreement(engine, mentee, mentor):
    """MEDIC-FLOW-1: no agreement until both said the chemistry fits after getting to know."""
    mentee()
    mentor()
    t = walk_to(
        engine,
        TandemStatus.GETTING_TO_KNOW,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=COORDINATOR,
        track="clinical",
    )
    early = refusal(engine.execute, DraftAgreement(tandem_id=t.id, terms=TERMS), actor=ANA)
    assert early.rule_ids == {"CORE-LIFECYCLE"}
    engine.execute(OptIn(tandem_id=t.id), actor=ANA)
    assert engine.execute(OptIn(tandem_id=t.id), actor=WEBER).status is (
        TandemStatus.AGREEMENT_DRAFTING
    )


def test_medic_flow_1_a_draft_may_be_incomplete(engine, drafting):
    bare = AgreementTerms(period_start=date(2026, 10, 5))
    t = engine.execute(DraftAgreement(tandem_id=drafting.id, terms=bare), actor=ANA)
    assert t.proposal.terms == bare


# ---------------------------------------------------------------- MEDIC-DUR-1


def test_medic_dur_1_first_agreement_at_most_two_years(engine, drafting):
    too_long = change(TERMS, period_end=date(2028, 10, 5))
    denied = refusal(submit, engine, drafting, too_long)
    assert denied.rule_ids == {"MEDIC-DUR-1"}
    assert "until 4 October 2028 at the latest" in denied.reasons[0]
    assert submit(engine, drafting, TERMS).status is TandemStatus.AWAITING_APPROVAL


def test_medic_dur_1_shorter_period_for_a_pj_student(engine, drafting):
    pj = change(TERMS, period_end=date(2027, 9, 30))
    assert submit(engine, drafting, pj).proposal.terms.period_end == date(2027, 9, 30)


def test_medic_dur_1_extension_by_amendment(engine, active):
    longer = change(TERMS, period_end=date(2029, 9, 30))
    t = engine.execute(ProposeAmendment(tandem_id=active.id, terms=longer), actor=ANA)
    assert t.proposal.terms.period_end == date(2029, 9, 30)


def test_medic_dur_1_initial_term_is_a_setting(make_engine):
    engine = make_engine(plugins=[policy], settings={"medic": {"initial_term_months": 12}})
    terms = policy.mentorcore_agreement_template(engine.programme("medic"), date(2026, 10, 5), None)
    assert terms.period_end == date(2027, 10, 4)


def test_medic_dur_1_template_starts_in_winter_and_runs_two_years(engine):
    programme = engine.programme("medic")
    in_winter = policy.mentorcore_agreement_template(programme, date(2026, 11, 20), None)
    assert (in_winter.period_start, in_winter.period_end) == (
        date(2026, 11, 20),
        date(2028, 11, 19),
    )
    assert in_winter.meetings_planned == 12
    frequency = "3 meetings of about 60 minutes per semester, at least 1 in person"
    assert in_winter.contact_frequency == frequency
    in_summer = policy.mentorcore_agreement_template(programme, date(2027, 5, 2), None)
    assert in_summer.period_start == date(2027, 10, 1)


# ---------------------------------------------------------------- MEDIC-SCOPE-1


def test_medic_scope_1_out_of_scope_topic_refused_with_referral(engine, drafting):
    plan = change(TERMS, topics=("career_paths", "doctorate", "Studienfinanzierung"))
    denied = refusal(engine.execute, DraftAgreement(tandem_id=drafting.id, terms=plan), actor=ANA)
    assert denied.rule_ids == {"MEDIC-SCOPE-1"}
    reason = denied.reasons[0]
    assert "Doctorate is not a topic of MEDiC mentoring; the Medical Faculty and TU Dresden" in (
        reason
    )
    assert "Study financing is not a topic of MEDiC mentoring; alternative advice" in reason
    assert "Studienbüro (study office), the Medical Faculty, TU Dresden or external providers" in (
        reason
    )


def test_medic_scope_1_in_scope_and_free_topics_pass(engine, drafting):
    plan = change(TERMS, topics=("scientific_work", "Choosing the PJ tertials"))
    assert submit(engine, drafting, plan).status is TandemStatus.AWAITING_APPROVAL


def test_medic_scope_1_amendment_topics_checked(engine, active):
    plan = change(TERMS, topics=("legal advice",))
    denied = refusal(engine.execute, ProposeAmendment(tandem_id=active.id, terms=plan), actor=WEBER)
    assert denied.rule_ids == {"MEDIC-SCOPE-1"}
    assert "Legal advice is not a topic of MEDiC mentoring" in denied.reasons[0]


# ---------------------------------------------------------------- MEDIC-AGR-1


def test_medic_agr_1_coordination_sees_the_agreement_in_force(engine, drafting):
    submit(engine, drafting, TERMS)
    before = engine.reader(COORDINATOR).view(drafting.id)
    assert before.proposal is None  # still between mentee and mentor
    engine.execute(ApproveAgreement(tandem_id=drafting.id, version=1), actor=WEBER)
    view = engine.reader(COORDINATOR).view(drafting.id)
    assert view.agreement is not None
    assert view.agreement.terms == TERMS
    assert Content.AGREEMENT not in {c for c, _ in view.withheld}
    assert Content.GOALS in {c for c, _ in view.withheld}  # goals stay private (defaults)


def test_medic_agr_1_each_version_in_force_sends_its_copy(engine, active, clock):
    """„Eine Kopie der Mentoringvereinbarung wird der Mentoringkoordination übermittelt.“
    An approved amendment is the agreement in force: its copy is due as well."""

    def copies():
        due = engine.reader(COORDINATOR).due_actions(clock.now(), tandem_id=active.id)
        return {d.key: d.reason for d in due if d.rule_id == "MEDIC-AGR-1"}

    (first,) = copies()
    assert first == f"MEDIC-AGR-1:{active.id}"
    longer = change(TERMS, period_end=date(2028, 10, 4), topics=("career_paths", "insights"))
    engine.execute(ProposeAmendment(tandem_id=active.id, terms=longer), actor=ANA)
    assert set(copies()) == {first}  # a proposal is not in force
    engine.execute(ApproveAmendment(tandem_id=active.id, version=2), actor=WEBER)
    after = copies()
    assert set(after) == {f"MEDIC-AGR-1:{active.id}:v2"}
    assert "version 2 of the tandem's mentoring agreement" in after[f"MEDIC-AGR-1:{active.id}:v2"]
    assert set(copies()) == set(after)  # the same key on every call


# ---------------------------------------------------------------- MEDIC-END-1


def test_medic_end_1_completion_needs_the_closing_conversation(engine, active, clock):
    engine.execute(StartClosing(tandem_id=active.id), actor=ANA)
    denied = refusal(engine.execute, Complete(tandem_id=active.id), actor=ANA)
    assert denied.rule_ids == {"MEDIC-END-1"}
    assert "closing conversation that reflects on the work" in denied.reasons[0]
    done = engine.execute(
        Complete(tandem_id=active.id, note="Closing conversation on 30.09.2028: goals reached"),
        actor=WEBER,
    )
    assert done.status is TandemStatus.COMPLETED
    assert done.ended_at == datetime(2026, 10, 5, 9, tzinfo=UTC)
