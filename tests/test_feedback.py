"""The feedback loop: answering requests (CORE-FEEDBACK-1), reminders (CORE-FEEDBACK-2),
who reads the answers and the coordination's overview (CORE-FEEDBACK-3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from feedback_kit import give, strings
from meeting_kit import ANA, BEN, CARLA, EVE, SYSTEM, active, meet, terms

from mentorcore import InvalidInput, NotFound, NotVisible, TransitionDenied
from mentorcore.domain import Profile
from mentorcore.policy.feedback import EVALUATION_FORM, FEEDBACK_FORM, form_for
from mentorcore.policy.settings import BASE_SETTINGS

TERMS = terms(date(2026, 10, 5), date(2027, 9, 30), planned=6)
MET = datetime(2026, 10, 12, 15, tzinfo=UTC)  # an hour: over at 16:00
ENDED = MET + timedelta(hours=1)
LATER = datetime(2026, 10, 14, 9, tzinfo=UTC)
PLANTED = "Ana found the talk on residency very useful"


@pytest.fixture
def met(make_engine, clock):
    """ana and ben met on 12 October; the clock stands two days later."""
    engine = make_engine()
    t = active(engine, TERMS)
    clock.set(LATER)
    meet(engine, t, MET)
    return engine, t


def request_of(engine, actor, kind="feedback-request"):
    (found,) = [r for r in engine.reader(actor).feedback_requests() if r.kind == kind]
    return found


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    return str(exc.value)


# ---------------------------------------------------------------- forms and settings


def test_core_feedback_1_core_forms_for_requests_and_evaluations(make_engine):
    programme = make_engine().programme("default")
    assert form_for(programme, "feedback-request") is FEEDBACK_FORM
    assert form_for(programme, "inactivity-reminder") is FEEDBACK_FORM
    assert form_for(programme, "evaluation") is EVALUATION_FORM
    assert form_for(programme, "goal-review") is None
    rating = FEEDBACK_FORM.fields[0]
    assert (rating.name, rating.required, rating.minimum, rating.maximum) == ("rating", True, 1, 5)
    assert [f.name for f in EVALUATION_FORM.fields] == ["overall", "goals_reached", "comments"]


def test_core_feedback_2_settings_have_ranges():
    settings = {s.name: s for s in BASE_SETTINGS}
    reminder, open_ = settings["feedback_reminder_days"], settings["feedback_open_days"]
    assert (reminder.default, reminder.minimum, reminder.maximum) == (7, 1, 365)
    assert (open_.default, open_.minimum, open_.maximum) == (28, 1, 3660)


def test_core_feedback_2_settings_out_of_range_refused(make_engine):
    with pytest.raises(InvalidInput, match="feedback_reminder_days"):
        make_engine(settings={"default": {"feedback_reminder_days": 0}})


# ---------------------------------------------------------------- CORE-FEEDBACK-1


def test_core_feedback_1_the_recipient_answers_and_no_longer_owes(met):
    engine, t = met
    request = request_of(engine, ANA)
    assert (request.person_id, request.due_at, request.form) == ("ana", ENDED, FEEDBACK_FORM)
    assert not request.mandatory  # the core's feedback requests are optional
    response = give(engine, t.id, request.key, {"rating": "4", "went_well": PLANTED}, actor=ANA)
    assert (response.person_id, response.role.value, response.kind) == (
        "ana",
        "mentee",
        "feedback-request",
    )
    assert response.answers == Profile.of({"rating": 4, "went_well": PLANTED})
    assert not [r for r in engine.reader(ANA).feedback_requests()]
    # ben still owes his own
    assert request_of(engine, BEN).person_id == "ben"
    # the answer is in the tandem's feedback stream, not in the tandem's
    assert [r.name for r in engine.state.store.read(f"feedback:{t.id}")] == ["feedback-given"]


def test_core_feedback_1_second_answer_refused(met):
    engine, t = met
    key = request_of(engine, ANA).key
    give(engine, t.id, key, {"rating": 5}, actor=ANA)
    said = refusal(give, engine, t.id, key, {"rating": 3}, actor=ANA)
    assert "[CORE-FEEDBACK-1]" in said
    assert "answered this feedback request already" in said


def test_core_feedback_1_second_answer_refused_in_german(met):
    from mentorcore.i18n import using_language

    engine, t = met
    key = request_of(engine, ANA).key
    give(engine, t.id, key, {"rating": 5}, actor=ANA)
    with using_language("de"):
        said = refusal(give, engine, t.id, key, {"rating": 3}, actor=ANA)
    assert "[CORE-FEEDBACK-1]" in said
    assert "bereits" in said


def test_core_feedback_1_only_the_recipient_answers(met):
    engine, t = met
    key = request_of(engine, ANA).key
    assert "[CORE-FEEDBACK-1]" in refusal(give, engine, t.id, key, {"rating": 5}, actor=BEN)
    assert "[CORE-FEEDBACK-1]" in refusal(give, engine, t.id, key, {"rating": 5}, actor=CARLA)
    assert "[CORE-FEEDBACK-1]" in refusal(give, engine, t.id, key, {"rating": 5}, actor=SYSTEM)
    assert "[CORE-FEEDBACK-1]" in refusal(give, engine, t.id, key, {"rating": 5}, actor=EVE)


def test_core_feedback_1_a_request_not_due_is_not_found(met):
    engine, t = met
    key = request_of(engine, ANA).key
    with pytest.raises(NotFound):
        give(engine, t.id, key + "x", {"rating": 5}, actor=ANA)
    with pytest.raises(NotFound):  # not due yet at that time
        give(engine, t.id, key, {"rating": 5}, actor=ANA, now=ENDED - timedelta(minutes=1))


def test_core_feedback_1_a_kind_without_form_is_not_answered(make_engine, clock):
    from mentorcore import SetGoal

    engine = make_engine()
    t = active(engine, TERMS)
    engine.execute(SetGoal(tandem_id=t.id, text="Find a lab"), actor=ANA)
    clock.set(datetime(2027, 4, 10, tzinfo=UTC))  # 180 days: a goal review is due
    (review,) = [
        a
        for a in engine.reader(ANA).due_actions(tandem_id=t.id)
        if a.kind == "goal-review" and "ana" in a.recipients
    ]
    said = refusal(give, engine, t.id, review.key, {"rating": 5}, actor=ANA)
    assert "[CORE-FEEDBACK-1]" in said
    assert "not answered with a form" in said


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"rating": 4, "mood": "fine"}, "mood"),
        ({"rating": 9}, "rating"),
        ({"rating": "very"}, "rating"),
        ({"went_well": "all"}, "rating"),
    ],
)
def test_core_feedback_1_bad_answers_name_the_field(met, answers, field):
    engine, t = met
    key = request_of(engine, ANA).key
    with pytest.raises(InvalidInput) as exc:
        give(engine, t.id, key, answers, actor=ANA)
    assert field in [where for where, _what in exc.value.problems]
    assert request_of(engine, ANA).key == key  # still owed


def test_core_feedback_1_answers_must_be_a_mapping(met):
    engine, t = met
    key = request_of(engine, ANA).key
    with pytest.raises(InvalidInput):
        give(engine, t.id, key, ["rating", 4], actor=ANA)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        give(engine, t.id, "", {"rating": 4}, actor=ANA)


def test_core_feedback_1_answered_after_the_tandem_ended(met):
    from mentorcore import Dissolve

    engine, t = met
    key = request_of(engine, ANA).key
    engine.execute(Dissolve(tandem_id=t.id, reason="moved away"), actor=CARLA)
    response = give(engine, t.id, key, {"rating": 2}, actor=ANA)
    assert response.answers.get("rating") == 2


# ---------------------------------------------------------------- CORE-FEEDBACK-2


def test_core_feedback_2_unanswered_request_reminded_after_seven_days(met, clock):
    engine, t = met
    request = request_of(engine, BEN)

    def reminders():
        return [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-reminder"]

    clock.set(ENDED + timedelta(days=7) - timedelta(seconds=1))
    assert reminders() == []
    clock.set(ENDED + timedelta(days=7))
    found = reminders()
    assert {a.recipients for a in found} == {("ana",), ("ben",)}
    (ben,) = [a for a in found if a.recipients == ("ben",)]
    assert ben.rule_id == "CORE-FEEDBACK-2"
    assert ben.due_at == ENDED + timedelta(days=7)
    assert request.key in ben.key
    assert "not answered yet: please give feedback on the" in ben.reason
    # the recipient sees it too, and it goes out like any other action
    assert ben.key in {a.key for a in engine.reader(BEN).due_actions()}
    (notice,) = [n for n in engine.reader(SYSTEM).notifications() if n.action.key == ben.key]
    assert notice.recipient.id == "ben"
    assert engine.acknowledge(ben.key, actor=SYSTEM)
    assert ben.key not in {a.key for a in reminders()}
    assert request_of(engine, BEN).reminded
    # answering ends the request and its reminder
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4}, actor=ANA)
    assert reminders() == []


def test_core_feedback_2_answered_request_not_reminded(met, clock):
    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4}, actor=ANA)
    clock.set(ENDED + timedelta(days=8))
    found = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-reminder"]
    assert [a.recipients for a in found] == [("ben",)]


def test_core_feedback_2_optional_request_lapses(met, clock):
    engine, _t = met
    clock.set(ENDED + timedelta(days=28))
    assert not [r for r in engine.reader(BEN).feedback_requests() if r.kind == "feedback-request"]
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-reminder"]


def test_core_feedback_2_no_reminder_for_an_optional_kind_opted_out(met, clock):
    engine, _t = met
    engine.set_mail_preference("ben", "default", "feedback-request", False, actor=BEN)
    clock.set(ENDED + timedelta(days=8))
    found = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-reminder"]
    assert [a.recipients for a in found] == [("ana",)]


# ---------------------------------------------------------------- CORE-FEEDBACK-3


def test_core_feedback_3_the_counterpart_cannot_see_the_answers(met):
    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4, "went_well": PLANTED}, actor=ANA)
    (own,) = engine.reader(ANA).feedback_responses(t.id)
    assert own.answers.get("went_well") == PLANTED
    (other,) = engine.reader(BEN).feedback_responses(t.id)
    assert other.answers is None
    assert other.withheld.rule_id == "CORE-FEEDBACK-3"
    assert PLANTED not in " ".join(strings(other))
    (coordinator,) = engine.reader(CARLA).feedback_responses(t.id)
    assert coordinator.answers.get("went_well") == PLANTED
    with pytest.raises(NotVisible):
        engine.reader(EVE).feedback_responses(t.id)


def test_core_feedback_3_coordinator_overview(met):
    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4, "went_well": PLANTED}, actor=ANA)
    overview = engine.reader(CARLA).feedback_overview("default")
    (row,) = overview.tandems
    assert [(r.person_id, r.kind, r.due_at, r.reminded) for r in row.owed] == [
        ("ben", "feedback-request", ENDED, False)
    ]
    (given,) = row.given
    assert (given.person_id, given.answers.get("rating")) == ("ana", 4)
    counts = {c.kind: (c.given, c.owed) for c in overview.counts}
    assert counts == {"feedback-request": (1, 1)}
    assert overview.names["ben"] == "Dr. Ben Weber"
    # the system reads it too; participants do not
    assert engine.reader(SYSTEM).feedback_overview("default").counts == overview.counts
    for participant in (ANA, BEN, EVE):
        with pytest.raises(NotVisible, match="CORE-FEEDBACK-3"):
            engine.reader(participant).feedback_overview("default")


def test_core_feedback_3_coordinator_sees_everyones_requests(met):
    engine, _t = met
    assert {r.person_id for r in engine.reader(CARLA).feedback_requests()} == {"ana", "ben"}
    assert {r.person_id for r in engine.reader(ANA).feedback_requests()} == {"ana"}
    assert engine.reader(EVE).feedback_requests() == []


# ---------------------------------------------------------------- erasure


def test_core_feedback_3_erased_answers_read_as_placeholder_and_still_count(met):
    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4, "went_well": PLANTED}, actor=ANA)
    from mentorcore import Dissolve

    engine.execute(Dissolve(tandem_id=t.id, reason="ended early"), actor=CARLA)
    engine.erase_person("ana", actor=SYSTEM)
    (erased,) = engine.reader(CARLA).feedback_responses(t.id)
    assert erased.erased
    assert set(erased.answers.as_dict().values()) == {"[erased]"}
    overview = engine.reader(CARLA).feedback_overview("default")
    assert {c.kind: c.given for c in overview.counts} == {"feedback-request": 1}
    assert PLANTED not in " ".join(strings(overview))


# ---------------------------------------------------------------- export


def test_core_feedback_1_export_holds_the_feedback_the_person_gave(met):
    import jsonschema

    from mentorcore.read.export import schema

    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4, "went_well": PLANTED}, actor=ANA)
    export = engine.reader(ANA).export_person("ana")
    data = export.data()
    jsonschema.Draft202012Validator(schema()).validate(data)
    (given,) = data["tandems"][0]["feedback"]
    assert given["answers"] == {"rating": 4, "went_well": PLANTED}
    assert (given["kind"], given["role"], given["form"], given["erased"]) == (
        "feedback-request",
        "mentee",
        "feedback",
        False,
    )
    summary = export.summary()
    assert "Feedback given" in summary
    assert PLANTED in summary
    assert "What went well?" in summary
    # ben's export holds none of ana's answers
    assert engine.reader(BEN).export_person("ben").data()["tandems"][0]["feedback"] == []


def test_core_feedback_1_export_after_erasure_reads_the_placeholder(met):
    from mentorcore import Dissolve

    engine, t = met
    give(engine, t.id, request_of(engine, ANA).key, {"rating": 4, "went_well": PLANTED}, actor=ANA)
    engine.execute(Dissolve(tandem_id=t.id, reason="ended early"), actor=CARLA)
    engine.erase_person("ana", actor=SYSTEM)
    data = engine.reader(SYSTEM).export_person("ana").data()
    (given,) = data["tandems"][0]["feedback"]
    assert given["erased"]
    assert set(given["answers"].values()) == {"[erased]"}
    assert PLANTED not in str(data)
