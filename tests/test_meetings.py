"""Meetings end to end through the engine, on the default programme: CORE-6, 7, 8, 9,
11 (closing meeting), 12, 13 (goal review due), CORE-MEETING and CORE-RECORDS."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from meeting_kit import ANA, BEN, CARLA, EVE, SYSTEM, active, days, meet, propose, stored, terms

from mentorcore import (
    CancelMeeting,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    ContentWithheld,
    DeclineMeeting,
    DocumentMeeting,
    InvalidInput,
    MarkMeetingMissed,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    NotFound,
    NotVisible,
    Permission,
    PrepareMeeting,
    ProposeAmendment,
    ProposeMeeting,
    RescheduleMeeting,
    Role,
    SetGoal,
    StartClosing,
    TransitionDenied,
    hookimpl,
)
from mentorcore.adapters.event_types import EventTypes
from mentorcore.lifecycle.fold import replay
from mentorcore.lifecycle.meeting import MEETING_TRANSITIONS, take_meeting

NEXT_WEEK = datetime(2026, 10, 12, 16, 0, tzinfo=UTC)
LAST_WEEK = datetime(2026, 9, 28, 16, 0, tzinfo=UTC)


def _refused(engine, command, actor, rule_ids):
    before = stored(engine)
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(command, actor=actor)
    assert refused.value.rule_ids == rule_ids, refused.value
    assert stored(engine) == before
    return refused.value


# ---------------------------------------------------------------- CORE-6


def test_core_6_the_mentee_proposes_and_the_mentor_confirms(make_engine):
    engine = make_engine()
    t = active(engine)
    _refused(engine, ProposeMeeting(tandem_id=t.id, start=NEXT_WEEK), BEN, {"CORE-6"})
    _refused(engine, ProposeMeeting(tandem_id=t.id, start=NEXT_WEEK), CARLA, {"CORE-6"})
    m = propose(engine, t, NEXT_WEEK, place="Café Moskau", format=MeetingFormat.VIDEO)
    assert (m.status, m.proposed_by, m.accepted_by) == (
        MeetingStatus.PROPOSED,
        Role.MENTEE,
        {Role.MENTEE},
    )
    denied = _refused(engine, ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), ANA, {"CORE-6"})
    assert "only the other side can confirm" in str(denied)
    after = engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=BEN)
    confirmed = after.meeting(m.id)
    assert confirmed.status is MeetingStatus.CONFIRMED
    assert confirmed.accepted_by == {Role.MENTEE, Role.MENTOR}
    assert confirmed.sequence == m.sequence + 1


def test_core_6_the_mentor_may_decline_but_not_the_proposer(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, NEXT_WEEK)
    _refused(engine, DeclineMeeting(tandem_id=t.id, meeting_id=m.id), ANA, {"CORE-6"})
    after = engine.execute(
        DeclineMeeting(tandem_id=t.id, meeting_id=m.id, reason="on call"), actor=BEN
    )
    declined = after.meeting(m.id)
    assert (declined.status, declined.declined_by, declined.reason) == (
        MeetingStatus.DECLINED,
        {Role.MENTOR},
        "on call",
    )


def test_core_6_a_programme_may_let_both_sides_propose(make_engine):
    class BothSchedule:
        @hookimpl
        def mentorcore_allowed_roles(self, verb):
            if verb == "propose_meeting":
                return Permission(frozenset({Role.MENTEE, Role.MENTOR}), "TEST-BOTH", "both")
            return None

    engine = make_engine(plugins=[BothSchedule()])
    t = active(engine)
    m = propose(engine, t, NEXT_WEEK, by=BEN, format=MeetingFormat.SHADOWING)
    assert m.proposed_by is Role.MENTOR
    _refused(engine, ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), BEN, {"CORE-6"})
    after = engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=ANA)
    assert after.meeting(m.id).status is MeetingStatus.CONFIRMED


def test_core_6_a_new_time_needs_the_other_sides_consent_again(make_engine):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, NEXT_WEEK, held=False)
    later = NEXT_WEEK + days(2)
    after = engine.execute(
        RescheduleMeeting(tandem_id=t.id, meeting_id=m.id, start=later, place="Room 2"), actor=BEN
    )
    moved = after.meeting(m.id)
    assert (moved.status, moved.start, moved.place) == (MeetingStatus.PROPOSED, later, "Room 2")
    assert moved.accepted_by == {Role.MENTOR}
    assert moved.sequence == m.sequence + 1
    _refused(engine, ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), BEN, {"CORE-6"})
    again = engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=ANA)
    assert again.meeting(m.id).status is MeetingStatus.CONFIRMED
    _refused(
        engine,
        RescheduleMeeting(tandem_id=t.id, meeting_id=m.id, start=later),
        ANA,
        {"CORE-MEETING"},
    )


# ---------------------------------------------------------------- CORE-MEETING


def test_core_meeting_confirming_a_cancelled_meeting_is_refused_with_the_reason(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, NEXT_WEEK)
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=m.id, reason="ill"), actor=ANA)
    denied = _refused(
        engine, ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), BEN, {"CORE-MEETING"}
    )
    assert "the meeting is cancelled; nothing is possible now" in str(denied)
    _refused(engine, CancelMeeting(tandem_id=t.id, meeting_id=m.id), BEN, {"CORE-MEETING"})


def test_core_meeting_unknown_meetings_and_tandems_without_meetings(make_engine):
    engine = make_engine()
    t = active(engine)
    unknown = ConfirmMeeting(tandem_id=t.id, meeting_id=t.id)
    assert "has no meeting" in str(_refused(engine, unknown, BEN, {"CORE-MEETING"}))
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    done = engine.execute(Complete(tandem_id=t.id, note="done"), actor=ANA)
    _refused(engine, ProposeMeeting(tandem_id=done.id, start=NEXT_WEEK), ANA, {"CORE-LIFECYCLE"})


def test_core_meeting_bad_input_names_the_field(make_engine):
    engine = make_engine()
    t = active(engine)
    with pytest.raises(InvalidInput, match="duration_minutes"):
        engine.execute(
            ProposeMeeting(tandem_id=t.id, start=NEXT_WEEK, duration_minutes=0), actor=ANA
        )
    with pytest.raises(InvalidInput, match="naive datetime"):
        engine.execute(ProposeMeeting(tandem_id=t.id, start=datetime(2026, 10, 12, 16)), actor=ANA)
    with pytest.raises(InvalidInput, match="format"):
        engine.execute(ProposeMeeting(tandem_id=t.id, start=NEXT_WEEK, format="zoom"), actor=ANA)
    assert engine.reader(SYSTEM).tandem(t.id).meetings == ()


def test_meeting_machine_and_fold_table_agree():
    for (status, verb), target in MEETING_TRANSITIONS.items():
        assert take_meeting(status, verb) == target


# ---------------------------------------------------------------- CORE-7


def test_core_7_each_participant_confirms_attendance_after_the_meeting(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, NEXT_WEEK, held=False)
    attend = ConfirmAttendance(tandem_id=t.id, meeting_id=m.id)
    assert "has not begun" in str(_refused(engine, attend, ANA, {"CORE-7"}))
    _refused(engine, MarkMeetingMissed(tandem_id=t.id, meeting_id=m.id), ANA, {"CORE-7"})
    clock.set(NEXT_WEEK + days(1))
    assert engine.execute(attend, actor=ANA).meeting(m.id).status is MeetingStatus.HELD
    _refused(engine, attend, ANA, {"CORE-7"})
    _refused(engine, attend, CARLA, {"CORE-7"})
    _refused(engine, attend, EVE, {"CORE-AUTH"})
    held = engine.execute(attend, actor=BEN).meeting(m.id)
    assert held.attended_by == {Role.MENTEE, Role.MENTOR}
    assert held.sequence == m.sequence  # attendance does not change the calendar entry


def test_core_7_a_confirmed_meeting_that_did_not_happen_is_missed(make_engine):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, LAST_WEEK, held=False)
    after = engine.execute(
        MarkMeetingMissed(tandem_id=t.id, meeting_id=m.id, reason="storm"), actor=BEN
    )
    assert after.meeting(m.id).status is MeetingStatus.MISSED
    _refused(engine, ConfirmAttendance(tandem_id=t.id, meeting_id=m.id), ANA, {"CORE-MEETING"})


# ---------------------------------------------------------------- CORE-RECORDS


def test_core_records_follow_the_programmes_templates(make_engine):
    engine = make_engine()
    t = active(engine)
    first = meet(engine, t, LAST_WEEK, kind=MeetingKind.FIRST_CONVERSATION)
    regular = meet(engine, t, LAST_WEEK + days(3))
    with pytest.raises(InvalidInput) as bad:
        engine.execute(
            DocumentMeeting(tandem_id=t.id, meeting_id=regular.id, values={"contens": "x"}),
            actor=ANA,
        )
    assert {where for where, _ in bad.value.problems} == {"contens", "content"}
    with pytest.raises(InvalidInput, match="template"):
        engine.execute(
            DocumentMeeting(tandem_id=t.id, meeting_id=regular.id, values={}, template="nope"),
            actor=ANA,
        )
    after = engine.execute(
        DocumentMeeting(tandem_id=t.id, meeting_id=first.id, values={"goals": "find a specialty"}),
        actor=BEN,
    )
    record = after.meeting(first.id).notes
    assert (record.purpose, record.template_key, record.author) == (
        "first_conversation",
        "first_conversation",
        Role.MENTOR,
    )
    assert record.values.get("goals") == "find a specialty"
    prep = PrepareMeeting(tandem_id=t.id, meeting_id=regular.id, values={"topics": "PJ abroad?"})
    _refused(engine, prep, BEN, {"CORE-RECORDS"})
    assert engine.execute(prep, actor=ANA).meeting(regular.id).preparation.purpose == "preparation"


def test_core_records_are_read_through_the_viewers_rights(make_engine):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, LAST_WEEK)
    engine.execute(
        PrepareMeeting(tandem_id=t.id, meeting_id=m.id, values={"topics": "private worries"}),
        actor=ANA,
    )
    engine.execute(
        DocumentMeeting(tandem_id=t.id, meeting_id=m.id, values={"content": "we talked"}), actor=ANA
    )
    for participant in (ANA, BEN):
        view = engine.reader(participant).meeting_records(t.id)
        assert [r.purpose for _, r in view.records()] == ["preparation", "meeting_notes"]
        assert view.withheld == ()
    coordination = engine.reader(CARLA).meeting_records(t.id)
    assert coordination.records() == ()
    assert coordination.meetings[0].start == m.start  # that it took place is not content
    assert {(w.content.value, w.decision.rule_id) for w in coordination.withheld} == {
        ("meeting_preparation", "CORE-PRIVACY"),
        ("meeting_notes", "CORE-PRIVACY"),
    }
    with pytest.raises(ContentWithheld) as withheld:
        engine.reader(CARLA).meeting_record(t.id, m.id, "meeting_notes")
    assert withheld.value.rule_id == "CORE-PRIVACY"
    assert (
        engine.reader(BEN).meeting_record(t.id, m.id, "meeting_notes").values.get("content")
        == "we talked"
    )
    with pytest.raises(NotVisible, match="CORE-AUTH"):
        engine.reader(EVE).meeting_records(t.id)


# ---------------------------------------------------------------- CORE-8


def test_core_8_more_meetings_than_agreed_make_an_amendment_due(make_engine):
    engine = make_engine()
    t = active(engine, terms(date(2026, 10, 5), date(2027, 3, 31), planned=2))
    for n in range(3):
        meet(engine, t, NEXT_WEEK + days(7 * n), held=False)
    assert [a.rule_id for a in engine.reader(SYSTEM).advisories(t.id) if a.rule_id == "CORE-8"] == [
        "CORE-8"
    ]
    due = [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "CORE-8"]
    assert {(a.kind, a.recipient_role) for a in due} == {
        ("amendment-due", Role.MENTEE),
        ("amendment-due", Role.MENTOR),
    }
    assert "3 meetings held or planned in the agreed period, 2 agreed" in due[0].reason
    report = engine.reader(ANA).cadence(t.id)
    assert [d.kind for d in report.deviations] == ["too-many"]
    # the coordination may not see the agreement, so neither the deviation from it
    coordination = engine.reader(CARLA).cadence(t.id)
    assert coordination.deviations == ()
    (note,) = coordination.withheld
    assert note.startswith("[CORE-PRIVACY]")
    # while an amendment is under way, nothing more is due ...
    engine.execute(
        ProposeAmendment(tandem_id=t.id, terms=terms(date(2026, 10, 5), date(2027, 3, 31), 4)),
        actor=ANA,
    )
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.rule_id == "CORE-8"]
    assert not [a for a in engine.reader(SYSTEM).advisories(t.id) if a.rule_id == "CORE-8"]


def test_core_8_falling_behind_the_agreed_pace_or_period(make_engine, clock):
    engine = make_engine()
    t = active(engine, terms(date(2026, 10, 5), date(2027, 3, 31), planned=6))
    clock.set(datetime(2026, 12, 20, 9, tzinfo=UTC))  # ~ 2.5 of 6 expected, none held
    (deviation,) = engine.reader(ANA).cadence(t.id).deviations
    assert deviation.kind == "too-few"
    assert "0 meetings held, 2 expected" in deviation.reason
    clock.set(datetime(2027, 4, 10, 9, tzinfo=UTC))
    kinds = {d.kind for d in engine.reader(ANA).cadence(t.id).deviations}
    assert kinds == {"too-few", "period-over"}
    propose(engine, t, datetime(2027, 4, 20, 9, tzinfo=UTC))
    kinds = {d.kind for d in engine.reader(ANA).cadence(t.id).deviations}
    assert kinds == {"too-few", "period-over", "after-period"}


# ---------------------------------------------------------------- CORE-9


def test_core_9_feedback_is_due_after_each_confirmed_meeting_once(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, NEXT_WEEK, held=False)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"]
    clock.set(m.end + days(1))
    feedback = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"]
    assert [(a.rule_id, a.recipients, a.due_at) for a in feedback] == [
        ("CORE-9", ("ana",), m.end),
        ("CORE-9", ("ben",), m.end),
    ]
    assert feedback == [
        a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"
    ]
    assert engine.acknowledge(feedback[0].key, actor=SYSTEM) is True
    assert engine.acknowledge(feedback[0].key, actor=SYSTEM) is False
    clock.set(m.end + days(3))
    assert [a.key for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"] == [
        feedback[1].key
    ]
    with pytest.raises(TransitionDenied, match="CORE-AUTH"):
        engine.acknowledge(feedback[1].key, actor=BEN)
    assert engine.acknowledge(feedback[1].key, actor=CARLA) is True
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"]


def test_core_9_no_feedback_for_a_missed_meeting_but_after_long_inactivity(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, NEXT_WEEK, held=False)
    clock.set(NEXT_WEEK + days(1))
    engine.execute(MarkMeetingMissed(tandem_id=t.id, meeting_id=m.id), actor=ANA)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "feedback-request"]
    clock.set(NEXT_WEEK + days(1 + 41))
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "inactivity-reminder"]
    clock.set(NEXT_WEEK + days(1 + 43))
    reminders = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "inactivity-reminder"]
    assert {a.recipient_role for a in reminders} == {Role.MENTEE, Role.MENTOR}
    assert all(a.rule_id == "CORE-9" and "42 days" in a.reason for a in reminders)
    # a meeting still to come means the tandem is not inactive
    propose(engine, t, clock.now() + days(5))
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "inactivity-reminder"]


# ---------------------------------------------------------------- CORE-11, 12, 13


def test_core_11_a_held_closing_meeting_satisfies_the_recommendation(make_engine):
    engine = make_engine()
    t = active(engine)
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    assert "CORE-11" in {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)}
    meet(engine, t, LAST_WEEK, kind=MeetingKind.CLOSING)
    assert "CORE-11" not in {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)}


def test_core_12_the_certificate_comes_with_completion_and_stays(make_engine, clock):
    engine = make_engine()
    t = active(engine, terms(date(2026, 10, 5), date(2027, 9, 30), 6))
    meet(engine, t, LAST_WEEK)
    meet(engine, t, LAST_WEEK + days(2), held=False)
    with pytest.raises(ContentWithheld) as early:
        engine.reader(ANA).certificate(t.id)
    assert early.value.rule_id == "CORE-12"
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    clock.set(datetime(2027, 9, 30, 12, tzinfo=UTC))
    engine.execute(Complete(tandem_id=t.id), actor=BEN)
    certificate = engine.reader(ANA).certificate(t.id)
    assert (
        certificate.mentee_name,
        certificate.mentor_name,
        certificate.programme_name.render("en"),
        certificate.started_on,
        certificate.completed_on,
        certificate.meetings_held,
    ) == (
        "Ana Roth",
        "Dr. Ben Weber",
        "Mentoring (generic flow)",
        date(2026, 10, 5),
        date(2027, 9, 30),
        1,
    )
    assert engine.reader(CARLA).certificate(t.id) == certificate
    with pytest.raises(NotVisible):
        engine.reader(EVE).certificate(t.id)
    clock.set(datetime(2029, 1, 1, tzinfo=UTC))
    engine.register_person(engine.state.index.persons["ana"], actor=SYSTEM)
    assert engine.reader(ANA).certificate(t.id) == certificate


def test_core_13_a_goal_not_reviewed_for_the_interval_is_due_for_review(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    engine.execute(SetGoal(tandem_id=t.id, text="choose a specialty"), actor=ANA)
    clock.set(clock.now() + days(179))
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "goal-review"]
    clock.set(clock.now() + days(2))
    reviews = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "goal-review"]
    assert {(a.rule_id, a.recipient_role) for a in reviews} == {
        ("CORE-13", Role.MENTEE),
        ("CORE-13", Role.MENTOR),
    }


# ---------------------------------------------------------------- events and replay


def test_every_meeting_event_round_trips_and_replays_to_the_same_state(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    a = meet(engine, t, LAST_WEEK, kind=MeetingKind.FIRST_CONVERSATION)
    engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=a.id), actor=BEN)
    engine.execute(
        DocumentMeeting(tandem_id=t.id, meeting_id=a.id, values={"goals": 'x, "y"\nz'}), actor=ANA
    )
    b = propose(engine, t, NEXT_WEEK, topics=("career",), agenda="PJ")
    engine.execute(
        PrepareMeeting(tandem_id=t.id, meeting_id=b.id, values={"topics": "t"}), actor=ANA
    )
    engine.execute(
        RescheduleMeeting(tandem_id=t.id, meeting_id=b.id, duration_minutes=90), actor=BEN
    )
    engine.execute(DeclineMeeting(tandem_id=t.id, meeting_id=b.id), actor=ANA)
    c = meet(engine, t, NEXT_WEEK, held=False)
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=c.id), actor=BEN)
    d = meet(engine, t, LAST_WEEK - days(1), held=False)
    engine.execute(MarkMeetingMissed(tandem_id=t.id, meeting_id=d.id), actor=BEN)
    engine.acknowledge(engine.reader(SYSTEM).due_actions()[0].key, actor=SYSTEM)
    history = engine.reader(SYSTEM).history(t.id)
    names = {e.name for e in history}
    assert {
        "meeting-proposed",
        "meeting-confirmed",
        "meeting-declined",
        "meeting-rescheduled",
        "meeting-cancelled",
        "attendance-confirmed",
        "meeting-missed",
        "meeting-prepared",
        "meeting-documented",
    } <= names
    types, stored = EventTypes(), engine.state.event_types
    for record in engine.store.read_all():
        event = stored.decode(record.stream_id, record.version, record.name, record.data)
        assert types.decode("s", 1, *types.encode(event)) == event
    assert replay(history) == engine.reader(SYSTEM).tandem(t.id)


def test_bad_input_at_the_meeting_reads_names_what_is_wrong(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, NEXT_WEEK)
    with pytest.raises(InvalidInput, match="now"):
        engine.reader(SYSTEM).due_actions(datetime(2026, 10, 12, 16))
    with pytest.raises(InvalidInput, match="key"):
        engine.acknowledge(123, actor=SYSTEM)
    with pytest.raises(InvalidInput, match="tandem_id"):
        engine.reader(ANA).meeting_records("not-a-uuid")
    with pytest.raises(InvalidInput, match="tandem_id"):
        engine.reader(ANA).certificate("not-a-uuid")
    with pytest.raises(NotFound):
        engine.reader(ANA).meeting_record(t.id, m.id, "diary")
    with pytest.raises(NotFound):
        engine.reader(ANA).meeting_invitation(t.id, t.id)
    with pytest.raises(InvalidInput, match="values"):
        engine.execute(PrepareMeeting(tandem_id=t.id, meeting_id=m.id, values=["x"]), actor=ANA)
