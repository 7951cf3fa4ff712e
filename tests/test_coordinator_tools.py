"""The coordinator's daily tools (issue 15): what is possible now, meetings that
cannot take place, the track taken when there is only one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from meeting_kit import ANA, BEN, CARLA, SYSTEM, active, cast, propose, stored

from mentorcore import (
    Actor,
    AgreementTerms,
    AssignMentor,
    CancelMeeting,
    ConfirmAttendance,
    ConfirmMeeting,
    NotFound,
    OptIn,
    Programme,
    ProposeAmendment,
    ProposeMeeting,
    RequestMentorship,
    RescheduleMeeting,
    Role,
    StartClosing,
    TransitionDenied,
    hookimpl,
)
from mentorcore.lifecycle.tandem import VERBS
from mentorcore.testing import START, enrol

# ------------------------------------------------------------ CORE-LIFECYCLE


def test_core_lifecycle_possible_commands_only_what_the_viewer_can_do_now(make_engine):
    """Only verbs the viewer could issue now: no amendment approval without an
    amendment, no meeting confirmation without a meeting proposed by the other
    side, nothing of the other role, never an internal verb."""
    engine = make_engine()
    t = active(engine)
    mentee, mentor = engine.reader(ANA), engine.reader(BEN)
    for verbs in (mentee.possible_commands(t.id), mentor.possible_commands(t.id)):
        assert not {"approve_amendment", "reject_amendment", "confirm_meeting"} & set(verbs)
        assert not {"decline_meeting", "confirm_attendance", "review_goal"} & set(verbs)
        assert {"propose_amendment", "start_closing"} <= set(verbs)
    assert "propose_meeting" in mentee.possible_commands(t.id)  # the mentee schedules (CORE-6)
    assert "propose_meeting" not in mentor.possible_commands(t.id)
    assert "set_goal" not in mentor.possible_commands(t.id)  # the goals are the mentee's

    meeting = propose(engine, t, START + timedelta(days=7))
    assert "confirm_meeting" in mentor.possible_commands(t.id)
    assert "confirm_meeting" not in mentee.possible_commands(t.id)  # she proposed it
    assert "cancel_meeting" in mentee.possible_commands(t.id)
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=meeting.id), actor=BEN)
    assert "confirm_attendance" not in mentee.possible_commands(t.id)  # not begun
    later = START + timedelta(days=8)
    assert "confirm_attendance" in mentee.possible_commands(t.id, now=later)

    engine.execute(
        ProposeAmendment(tandem_id=t.id, terms=AgreementTerms(period_start=START.date())),
        actor=BEN,
    )
    assert "approve_amendment" in mentee.possible_commands(t.id)
    assert "approve_amendment" not in mentor.possible_commands(t.id)  # his own
    assert "reject_amendment" in mentor.possible_commands(t.id)  # he may withdraw it
    assert "propose_amendment" not in mentee.possible_commands(t.id)  # one is pending


def test_core_lifecycle_getting_to_know_never_lists_the_internal_opt_in(make_engine):
    engine = make_engine()
    cast(engine)
    t = engine.execute(
        AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA
    )
    assert "opt_in_final" in VERBS
    for reader in (engine.reader(ANA), engine.reader(BEN), engine.reader(CARLA)):
        assert "opt_in_final" not in reader.possible_commands(t.id)
    assert "opt_in" in engine.reader(ANA).possible_commands(t.id)
    engine.execute(OptIn(tandem_id=t.id), actor=ANA)
    assert "opt_in" not in engine.reader(ANA).possible_commands(t.id)  # done already
    assert "opt_in" in engine.reader(BEN).possible_commands(t.id)


def test_core_lifecycle_refusal_lists_the_viewers_commands_by_name(make_engine):
    """The refusal's "possible now" is the viewer's list, as labels, in her language."""
    engine = make_engine()
    t = active(engine)
    engine.execute(StartClosing(tandem_id=t.id), actor=BEN)
    before = stored(engine)
    command = ProposeAmendment(tandem_id=t.id, terms=AgreementTerms(period_start=START.date()))
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(command, actor=BEN)
    assert stored(engine) == before
    text = str(refused.value)
    assert "cannot propose an amendment: the tandem's status is closing; possible now:" in text
    assert text.endswith("possible now: complete the mentorship and dissolve the tandem")
    assert "request a new mentor" not in text  # the mentee's or the coordination's
    german = refused.value.render("de")
    assert (
        "„Änderung vorschlagen“ ist nicht möglich: Das Tandem hat den Status „im Abschluss“; "
        "jetzt möglich: Mentoring abschließen und Tandem auflösen"
    ) in german
    assert engine.reader(BEN).possible_commands(t.id) == ["complete", "dissolve"]


# ------------------------------------------------------------ CORE-SCHEDULE


def test_core_schedule_no_two_meetings_of_a_tandem_at_the_same_time(make_engine):
    """A meeting overlapping a proposed or confirmed one is refused, proposed or
    moved; a cancelled one frees its time; a start in the past records a meeting
    that took place."""
    engine = make_engine()
    t = active(engine)
    first = propose(engine, t, START + timedelta(days=7))  # 12 October 2026, 11:00 Berlin
    overlapping = ProposeMeeting(
        tandem_id=t.id, start=START + timedelta(days=7, minutes=30), duration_minutes=60
    )
    before = stored(engine)
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(overlapping, actor=ANA)
    assert refused.value.rule_ids == {"CORE-SCHEDULE"}
    assert stored(engine) == before
    assert (
        "the tandem already has a meeting at that time (proposed, 12 October 2026, 11:00 CEST)"
        in str(refused.value)
    )
    german = refused.value.render("de")
    assert "12. Oktober 2026" in german
    assert "already" not in german
    right_after = START + timedelta(days=7, hours=1)  # back to back is fine
    second = propose(engine, t, right_after)
    move = RescheduleMeeting(tandem_id=t.id, meeting_id=second.id, start=first.start)
    with pytest.raises(TransitionDenied, match=r"\[CORE-SCHEDULE\]"):
        engine.execute(move, actor=ANA)
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=first.id), actor=ANA)
    engine.execute(move, actor=ANA)  # the cancelled meeting's time is free
    earlier = propose(engine, t, START - timedelta(days=3))  # recorded afterwards
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=earlier.id), actor=BEN)
    engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=earlier.id), actor=ANA)


# ------------------------------------------------------------ CORE-TRACK


def test_core_track_is_taken_when_both_are_enrolled_for_the_same_one(make_engine):
    """Assignment and request without a track take the one track both share."""

    class Tracked:
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(Programme(key="tracked", name="Tracked", tracks=("clinical", "scientific")))

    engine = make_engine(plugins=[Tracked()])
    enrol(engine, "ana", "tracked", Role.MENTEE, track="clinical")
    enrol(engine, "ben", "tracked", Role.MENTOR, track="clinical", capacity=2)
    enrol(engine, "dave", "tracked", Role.MENTOR, track="scientific")
    enrol(engine, "mia", "tracked", Role.MENTEE, track="clinical")
    assigned = engine.execute(
        AssignMentor(programme_key="tracked", mentee="ana", mentor="ben"), actor=SYSTEM
    )
    assert assigned.track == "clinical"
    requested = engine.execute(
        RequestMentorship(programme_key="tracked", mentor="ben"), actor=Actor.person("mia")
    )
    assert requested.track == "clinical"
    with pytest.raises(TransitionDenied, match="choose a track") as refused:  # two tracks
        engine.execute(
            AssignMentor(programme_key="tracked", mentee="mia", mentor="dave"), actor=SYSTEM
        )
    assert refused.value.rule_ids >= {"CORE-TRACK"}


# ------------------------------------------------------------ acknowledge


def test_acknowledge_judges_due_at_the_time_the_list_was_made_for(make_engine):
    """A key listed for a later date is acknowledged with that date (issue 9's
    ``now=``), though the engine's clock has not reached it; the clock alone
    does not find it."""
    engine = make_engine()
    t = active(engine)
    later = START + timedelta(days=400)
    listed = engine.reader(SYSTEM).due_actions(later, tandem_id=t.id)
    assert listed
    assert engine.reader(SYSTEM).due_actions(tandem_id=t.id) != listed
    key = next(a.key for a in listed if a not in engine.reader(SYSTEM).due_actions())
    with pytest.raises(NotFound):
        engine.acknowledge(key, actor=SYSTEM)
    assert engine.acknowledge(key, actor=SYSTEM, now=later)
    assert key not in {a.key for a in engine.reader(SYSTEM).due_actions(later)}
