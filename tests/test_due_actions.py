"""Due actions: delivered once per cause, across calls, restarts and random histories."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from meeting_kit import ANA, BEN, CARLA, SYSTEM, active, meet, terms

from mentorcore import (
    CadenceRule,
    CancelMeeting,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    Engine,
    FixedClock,
    GoalStatus,
    MarkMeetingMissed,
    MeetingFormat,
    NotFound,
    PeriodKind,
    ProposeMeeting,
    ReviewGoal,
    Role,
    SetGoal,
    StartClosing,
    TransitionDenied,
    hookimpl,
)
from mentorcore.testing import START

TERMS = terms(date(2026, 10, 5), date(2027, 9, 30), planned=6)


class Cadence:
    @hookimpl
    def mentorcore_cadence_rules(self):
        return (
            CadenceRule("T-CAD-1", PeriodKind.SEMESTER, 3),
            CadenceRule("T-CAD-2", PeriodKind.SEMESTER, 1, frozenset({MeetingFormat.IN_PERSON})),
        )


def test_a_cadence_warning_comes_before_the_period_ends_short(make_engine, clock):
    engine = make_engine(plugins=[Cadence()])
    t = active(engine, TERMS)
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    meet(engine, t, datetime(2026, 11, 2, 15, tzinfo=UTC), fmt=MeetingFormat.VIDEO)
    meet(engine, t, datetime(2026, 12, 7, 15, tzinfo=UTC))
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning"]
    clock.set(datetime(2027, 3, 12, 9, tzinfo=UTC))  # 21 days before 1 April, Berlin midnight
    (mentee, mentor) = [
        a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning"
    ]
    assert (mentee.rule_id, mentee.recipients, mentor.recipients) == ("T-CAD-1", ("ana",), ("ben",))
    assert mentee.due_at == datetime(2027, 3, 10, 23, tzinfo=UTC)
    # The period's last day, not its exclusive bound (1 April).
    assert "winter semester 2026/27 ends on 31 March 2027" in mentee.reason
    assert "2 of 3 meetings held and 0 planned" in mentee.reason
    # planning the missing meeting answers the warning
    meet(engine, t, datetime(2027, 3, 20, 15, tzinfo=UTC), held=False)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning"]


def test_closing_is_due_when_the_agreed_period_is_over(make_engine, clock):
    engine = make_engine()
    t = active(engine, TERMS)
    clock.set(datetime(2027, 9, 30, 21, 59, tzinfo=UTC))  # 23:59 in Berlin
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "closing-due"]
    clock.set(datetime(2027, 9, 30, 22, 0, tzinfo=UTC))
    closing = [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "closing-due"]
    assert {(a.rule_id, a.recipient_role) for a in closing} == {
        ("CORE-11", Role.MENTEE),
        ("CORE-11", Role.MENTOR),
    }
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    assert not [a for a in engine.reader(SYSTEM).due_actions() if a.kind == "closing-due"]


def test_acknowledgements_survive_a_restart_and_reach_other_engines(tmp_path):
    path = tmp_path / "mentoring.sqlite"
    clock = FixedClock(START)
    with Engine(path, clock=clock, load_entrypoints=False) as first:
        t = active(first)
        meet(first, t, START - timedelta(days=3))
        other = Engine(path, clock=clock, load_entrypoints=False)
        keys = [a.key for a in first.reader(SYSTEM).due_actions()]
        assert keys == [a.key for a in other.reader(SYSTEM).due_actions()]
        assert first.acknowledge(keys[0], actor=SYSTEM)
        assert other.acknowledge(keys[0], actor=SYSTEM) is False
        assert keys[0] not in {a.key for a in other.reader(SYSTEM).due_actions()}
        other.close()
    with Engine(path, clock=clock, load_entrypoints=False) as again:
        assert [a.key for a in again.reader(SYSTEM).due_actions()] == keys[1:]
        with pytest.raises(NotFound):
            again.acknowledge("no-such-key", actor=SYSTEM)


def test_due_actions_reach_people_with_the_counterparts_contact(make_engine):
    engine = make_engine()
    t = active(engine)
    meet(engine, t, START - timedelta(days=3))
    letters = engine.reader(SYSTEM).notifications()
    assert {(n.recipient.email, n.counterpart.email) for n in letters} == {
        ("ana@example.org", "ben@example.org"),
        ("ben@example.org", "ana@example.org"),
    }
    assert all(n.action.tandem_id == t.id for n in letters)


# ---------------------------------------------------------------- the property


class DueActionMachine(RuleBasedStateMachine):
    """Random histories, asked for due actions at random times, partly delivered."""

    meetings = Bundle("meetings")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(START)
        ids = itertools.count(1)
        self.engine = Engine(
            ":memory:",
            clock=self.clock,
            plugins=[Cadence()],
            load_entrypoints=False,
            id_factory=lambda: UUID(int=next(ids)),  # reproducible keys, so shrinking works
        )
        self.tandem = active(self.engine, TERMS)
        self.engine.execute(SetGoal(tandem_id=self.tandem.id, text="choose a specialty"), actor=ANA)
        self.delivered: set[str] = set()
        self.seen: dict[str, tuple] = {}

    def teardown(self) -> None:
        self.engine.close()

    def _try(self, command, actor) -> None:
        # impossible now (lifecycle, rights): refusals are tested elsewhere
        with contextlib.suppress(TransitionDenied):
            self.engine.execute(command, actor=actor)

    @rule(days=st.integers(0, 75), hours=st.integers(0, 23))
    def advance(self, days, hours):
        self.clock.advance(timedelta(days=days, hours=hours))

    @rule(
        target=meetings,
        offset=st.integers(-30 * 24, 60 * 24),
        fmt=st.sampled_from(list(MeetingFormat)),
    )
    def propose(self, offset, fmt):
        start = self.clock.now() + timedelta(hours=offset)
        try:
            after = self.engine.execute(
                ProposeMeeting(tandem_id=self.tandem.id, start=start, format=fmt), actor=ANA
            )
        except TransitionDenied:
            return None
        return after.meetings[-1].id

    @rule(meeting=meetings, step=st.sampled_from(["confirm", "attend", "cancel", "miss"]))
    def change(self, meeting, step):
        if meeting is None:
            return
        t = self.tandem.id
        command, actor = {
            "confirm": (ConfirmMeeting(tandem_id=t, meeting_id=meeting), BEN),
            "attend": (ConfirmAttendance(tandem_id=t, meeting_id=meeting), ANA),
            "cancel": (CancelMeeting(tandem_id=t, meeting_id=meeting), BEN),
            "miss": (MarkMeetingMissed(tandem_id=t, meeting_id=meeting), BEN),
        }[step]
        self._try(command, actor)

    @rule()
    def review_goal(self):
        goal = self.engine.reader(SYSTEM).tandem(self.tandem.id).goals[0]
        self._try(
            ReviewGoal(tandem_id=self.tandem.id, goal_id=goal.id, status=GoalStatus.ON_TRACK), BEN
        )

    @rule(complete=st.booleans())
    def end(self, complete):
        self._try(StartClosing(tandem_id=self.tandem.id), ANA)
        if complete:
            self._try(Complete(tandem_id=self.tandem.id), ANA)

    @rule(share=st.floats(0, 1))
    def deliver(self, share):
        due = self.engine.reader(SYSTEM).due_actions()
        for action in due[: round(share * len(due))]:
            assert self.engine.acknowledge(action.key, actor=CARLA if share > 0.5 else SYSTEM)
            self.delivered.add(action.key)

    @invariant()
    def each_cause_once(self):
        now = self.clock.now()
        due = self.engine.reader(SYSTEM).due_actions()
        keys = [a.key for a in due]
        assert len(keys) == len(set(keys)), "one key twice in one answer"
        assert not self.delivered & set(keys), "a delivered cause came back"
        assert due == self.engine.reader(SYSTEM).due_actions(), "asking again changed the answer"
        for a in due:
            assert a.due_at <= now
            identity = (a.rule_id, a.kind, a.recipients, a.recipient_role, a.due_at, a.tandem_id)
            assert self.seen.setdefault(a.key, identity) == identity, "one key, two causes"


TestDueActions = DueActionMachine.TestCase
