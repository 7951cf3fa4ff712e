"""MEDIC-EVAL-1 closed: evaluations and feedback rounds answered, reminded, read by coordination."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from mentorcore_medic.feedback import EVALUATION, FEEDBACK_ROUND

from mentorcore import Actor, AgreementTerms, Dissolve, TandemStatus
from mentorcore.i18n import render
from mentorcore.policy.feedback import form_for
from mentorcore.testing import SYSTEM, walk_to
from mentorcore.write.feedback import FeedbackCommands

COORDINATOR = Actor.person("lange")
ANA, WEBER = Actor.person("ana"), Actor.person("weber")
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 10, 4),
    meetings_planned=12,
    goals="Decide on a specialty",
)
#: 1 April 2027 00:00 in Berlin: the winter semester's evaluation is due.
WINTER_OVER = datetime(2027, 3, 31, 22, tzinfo=UTC)
PLANTED = "The ward rotation advice helped a lot"


def give(engine, tandem_id, key, answers, *, actor):
    wired = getattr(engine, "give_feedback", None)
    if wired is not None:
        return wired(tandem_id, key, answers, actor=actor)
    return FeedbackCommands(engine.state, engine._recorder).give(
        tandem_id, key, answers, actor=actor
    )


@pytest.fixture
def tandem(engine, mentee, mentor):
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


def evaluations(engine, actor=SYSTEM):
    return [r for r in engine.reader(actor).feedback_requests() if r.kind == "evaluation"]


ANSWERS = {"overall": 5, "goals_reached": 4, "cooperation": 5, "benefit": PLANTED}


def test_medic_eval_1_forms_in_german(engine):
    programme = engine.programme("medic")
    assert form_for(programme, "evaluation") is EVALUATION
    assert form_for(programme, "feedback-request") is FEEDBACK_ROUND
    assert form_for(programme, "inactivity-reminder") is FEEDBACK_ROUND
    assert render(EVALUATION.title, "de") == "Evaluation des 1:1-Mentorings"
    assert render(FEEDBACK_ROUND.title, "de") == "Feedbackrunde des 1:1-Mentorings"
    assert "feedback-request" not in programme.optional_reminders
    assert "evaluation" not in programme.optional_reminders


def test_medic_eval_1_fulfilled_once_both_answered(engine, tandem, clock):
    clock.set(WINTER_OVER + timedelta(hours=1))
    owed = evaluations(engine)
    assert {(r.person_id, r.mandatory, r.form.key) for r in owed} == {
        ("ana", True, "evaluation"),
        ("weber", True, "evaluation"),
    }
    (mine,) = evaluations(engine, ANA)
    give(engine, tandem.id, mine.key, ANSWERS, actor=ANA)
    assert [r.person_id for r in evaluations(engine)] == ["weber"]
    (his,) = evaluations(engine, WEBER)
    give(
        engine,
        tandem.id,
        his.key,
        {"overall": 4, "goals_reached": 4, "cooperation": 4},
        actor=WEBER,
    )
    assert evaluations(engine) == []  # MEDIC-EVAL-1 fulfilled for the winter semester
    overview = engine.reader(COORDINATOR).feedback_overview("medic")
    assert {c.kind: (c.given, c.owed) for c in overview.counts}["evaluation"] == (2, 0)


def test_medic_eval_1_mandatory_evaluation_reminded_and_never_lapses(engine, tandem, clock):
    clock.set(WINTER_OVER + timedelta(days=7))
    reminders = [
        a
        for a in engine.reader(SYSTEM).due_actions()
        if a.kind == "feedback-reminder" and "MEDIC-EVAL-1" in a.key
    ]
    assert {a.recipients for a in reminders} == {("ana",), ("weber",)}
    assert all(a.rule_id == "CORE-FEEDBACK-2" for a in reminders)
    assert all(a.due_at == WINTER_OVER + timedelta(days=7) for a in reminders)
    assert all(engine.acknowledge(a.key, actor=SYSTEM) for a in reminders)
    clock.set(WINTER_OVER + timedelta(days=90))  # long after feedback_open_days
    assert {r.person_id for r in evaluations(engine)} == {"ana", "weber"}
    assert all(r.reminded and r.lapses_at is None for r in evaluations(engine))


def test_medic_eval_1_coordination_reads_the_evaluation(engine, tandem, clock):
    clock.set(WINTER_OVER + timedelta(hours=1))
    (mine,) = evaluations(engine, ANA)
    give(engine, tandem.id, mine.key, ANSWERS, actor=ANA)
    (seen,) = engine.reader(COORDINATOR).feedback_responses(tandem.id)
    assert seen.answers.get("benefit") == PLANTED
    (hidden,) = engine.reader(WEBER).feedback_responses(tandem.id)
    assert hidden.answers is None
    assert hidden.withheld.rule_id == "CORE-FEEDBACK-3"
    overview = engine.reader(COORDINATOR).feedback_overview("medic")
    (given,) = [g for t in overview.tandems for g in t.given]
    assert given.answers.get("benefit") == PLANTED


def test_medic_eval_1_final_evaluation_after_the_end(engine, tandem, clock):
    clock.set(datetime(2027, 2, 1, 9, tzinfo=UTC))
    engine.execute(Dissolve(tandem_id=tandem.id, reason="left the programme"), actor=COORDINATOR)
    clock.set(datetime(2027, 2, 2, 9, tzinfo=UTC))
    (final,) = evaluations(engine, ANA)
    assert final.key.endswith(":final:mentee")
    response = give(engine, tandem.id, final.key, ANSWERS, actor=ANA)
    assert response.kind == "evaluation"
    assert evaluations(engine, ANA) == []
