"""Folding events into state: a tandem is the fold of its stream.

:func:`apply` is the only place where a :class:`~mentorcore.domain.Tandem`
changes. Status changes come from the lifecycle's transition table; every other
field from the event's content. Replaying a stream therefore always rebuilds
exactly the state the engine had when it recorded the events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import singledispatch
from typing import Any, TypeVar

from attrs import evolve

from mentorcore import events as ev
from mentorcore.domain import (
    Agreement,
    AgreementState,
    Goal,
    Meeting,
    MeetingStatus,
    Origin,
    Record,
    Role,
    Tandem,
    TandemStatus,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Param, mark
from mentorcore.lifecycle.meeting import NEW as NEW_MEETING
from mentorcore.lifecycle.meeting import meeting_status_after
from mentorcore.lifecycle.tandem import NEW, status_after


class ReplayError(Exception):
    """A stream cannot be folded (an event impossible in the state reached).

    :ivar message: What is wrong, translatable (*msgid* in the core's domain,
        filled in with *params*).
    """

    def __init__(self, msgid: str, **params: Param) -> None:
        self.message = Message(msgid, params, "mentorcore")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message.render()


def apply(tandem: Tandem | None, event: ev.TandemEvent) -> Tandem:
    """The tandem after *event*.

    :raises ReplayError: the event is impossible for *tandem* (corrupt stream).
    """
    if isinstance(event, ev.PersonalDataErased):
        # Outside the lifecycle: the stream moves on, nothing else changes.
        if tandem is None:
            raise ReplayError(mark("{event} cannot start a stream"), event=event.name)
        return evolve(tandem, version=tandem.version + 1)
    status = tandem.status.value if tandem is not None else NEW
    verb = event.verb_for(tandem)
    target = status_after(status, verb)
    if target is None:
        raise ReplayError(
            mark("{event} ({verb}) is impossible in status {status}"),
            event=event.name,
            verb=verb,
            status=status,
        )
    changed = _change(event, tandem)
    return evolve(
        changed,
        status=TandemStatus(target),
        version=changed.version + 1,
        last_activity_at=event.occurred_at,
    )


def replay(events: Iterable[ev.TandemEvent], start: Tandem | None = None) -> Tandem | None:
    """Fold *events* onto *start* (``None`` for a whole stream)."""
    tandem = start
    for event in events:
        tandem = apply(tandem, event)
    return tandem


E = TypeVar("E", bound=ev.TandemEvent)


@singledispatch
def _change(event: ev.TandemEvent, tandem: Tandem | None) -> Tandem:
    """Data changes of *event*; events without content leave the data as it is."""
    return _existing(tandem, event)


def _on(cls: type[E]) -> Callable[[Callable[[E, Tandem], Tandem]], object]:
    """Register a data change for events of *cls* on an existing tandem."""

    def register(fn: Callable[[E, Tandem], Tandem]) -> object:
        return _change.register(cls)(lambda e, t: fn(e, _existing(t, e)))

    return register


def _existing(tandem: Tandem | None, event: ev.TandemEvent) -> Tandem:
    if tandem is None:
        raise ReplayError(mark("{event} cannot start a stream"), event=event.name)
    return tandem


@_change.register
def _(event: ev.TandemRequested, tandem: Tandem | None) -> Tandem:
    return _new(event, Origin.REQUEST)


@_change.register
def _(event: ev.TandemAssigned, tandem: Tandem | None) -> Tandem:
    return _new(event, Origin.ASSIGNMENT)


def _new(event: ev.TandemRequested | ev.TandemAssigned, origin: Origin) -> Tandem:
    return Tandem(
        id=event.tandem_id,
        programme_key=event.programme_key,
        mentee=event.mentee,
        mentor=event.mentor,
        origin=origin,
        status=TandemStatus.REQUESTED,  # replaced by the lifecycle's target
        created_at=event.occurred_at,
        track=event.track,
        predecessor=event.predecessor,
    )


@_on(ev.GettingToKnowOptedIn)
def _(event: ev.GettingToKnowOptedIn, tandem: Tandem) -> Tandem:
    return evolve(tandem, opted_in=tandem.opted_in | {event.role})


@_on(ev.AgreementDrafted)
def _(event: ev.AgreementDrafted, tandem: Tandem) -> Tandem:
    draft = Agreement(event.version, event.terms, AgreementState.DRAFT, Role.MENTEE)
    return evolve(tandem, proposal=draft)


@_on(ev.AgreementSubmitted)
def _(event: ev.AgreementSubmitted, tandem: Tandem) -> Tandem:
    return _update_proposal(
        tandem, state=AgreementState.SUBMITTED, approved_by=frozenset({Role.MENTEE})
    )


@_on(ev.SubmissionWithdrawn)
def _(event: ev.SubmissionWithdrawn, tandem: Tandem) -> Tandem:
    return _update_proposal(tandem, state=AgreementState.DRAFT, approved_by=frozenset())


@_on(ev.AgreementReturned)
def _(event: ev.AgreementReturned, tandem: Tandem) -> Tandem:
    return _update_proposal(
        tandem,
        state=AgreementState.RETURNED,
        approved_by=frozenset(),
        comments=event.comments,
    )


@_on(ev.AgreementApproved)
def _(event: ev.AgreementApproved, tandem: Tandem) -> Tandem:
    return evolve(_put_in_force(tandem, event), activated_at=event.occurred_at)


@_on(ev.AmendmentProposed)
def _(event: ev.AmendmentProposed, tandem: Tandem) -> Tandem:
    author = event.role if event.role in (Role.MENTEE, Role.MENTOR) else Role.MENTEE
    proposal = Agreement(
        event.version,
        event.terms,
        AgreementState.SUBMITTED,
        author,
        approved_by=frozenset({author}),
    )
    return evolve(tandem, proposal=proposal)


@_on(ev.AmendmentApproved)
def _(event: ev.AmendmentApproved, tandem: Tandem) -> Tandem:
    amended = _put_in_force(tandem, event)
    # a settled topic the new version still names stays settled; one it dropped is gone
    kept = amended.agreement.terms.topics if amended.agreement else ()
    return evolve(amended, settled_topics=tuple(t for t in tandem.settled_topics if t in kept))


@_on(ev.TopicSettled)
def _(event: ev.TopicSettled, tandem: Tandem) -> Tandem:
    return evolve(tandem, settled_topics=(*tandem.settled_topics, event.topic))


@_on(ev.AmendmentRejected)
def _(event: ev.AmendmentRejected, tandem: Tandem) -> Tandem:
    return evolve(tandem, proposal=None)


def _put_in_force(tandem: Tandem, event: ev.TandemEvent) -> Tandem:
    proposal = tandem.proposal
    if proposal is None:
        raise ReplayError(mark("{event} without a proposal"), event=event.name)
    in_force = evolve(
        proposal,
        state=AgreementState.IN_FORCE,
        approved_by=proposal.approved_by | {event.role},
    )
    return evolve(tandem, agreement=in_force, proposal=None)


def _update_proposal(tandem: Tandem, **changes: Any) -> Tandem:
    if tandem.proposal is None:
        raise ReplayError(mark("agreement event without a draft"))
    return evolve(tandem, proposal=evolve(tandem.proposal, **changes))


@_on(ev.GoalSet)
def _(event: ev.GoalSet, tandem: Tandem) -> Tandem:
    goal = Goal(event.goal_id, event.text, event.occurred_at)
    return evolve(tandem, goals=(*tandem.goals, goal))


@_on(ev.GoalReviewed)
def _(event: ev.GoalReviewed, tandem: Tandem) -> Tandem:
    def reviewed(goal: Goal) -> Goal:
        if goal.id != event.goal_id:
            return goal
        return evolve(
            goal,
            status=event.status,
            note=event.note,
            reviewed_at=event.occurred_at,
            text=event.text or goal.text,
        )

    return evolve(tandem, goals=tuple(reviewed(g) for g in tandem.goals))


@_on(ev.ClosingStarted)
def _(event: ev.ClosingStarted, tandem: Tandem) -> Tandem:
    return evolve(tandem, closing_since=event.occurred_at)


@_on(ev.TandemCompleted)
def _(event: ev.TandemCompleted, tandem: Tandem) -> Tandem:
    return evolve(tandem, ended_at=event.occurred_at)


@_on(ev.TandemDeclined)
def _(event: ev.TandemDeclined, tandem: Tandem) -> Tandem:
    return evolve(tandem, ended_at=event.occurred_at, end_reason=event.reason)


@_on(ev.GettingToKnowOptedOut)
def _(event: ev.GettingToKnowOptedOut, tandem: Tandem) -> Tandem:
    return evolve(tandem, ended_at=event.occurred_at, end_reason=event.reason)


@_on(ev.TandemDissolved)
def _(event: ev.TandemDissolved, tandem: Tandem) -> Tandem:
    return evolve(tandem, ended_at=event.occurred_at, end_reason=event.reason)


@_on(ev.RematchRequested)
def _(event: ev.RematchRequested, tandem: Tandem) -> Tandem:
    return evolve(
        tandem,
        ended_at=event.occurred_at,
        end_reason=event.reason,
        rematch_requested=True,
    )


# ---------------------------------------------------------------- meetings
# A meeting's status comes from MeetingLifecycle's table, like the tandem's
# from TandemLifecycle's. SEQUENCE rises with every change a calendar shows
# (time, place, format, status, who accepted); attendance and records do not
# change the calendar entry.


def _with_meeting(
    tandem: Tandem, event: ev.MeetingEvent, change: Callable[[Meeting], Meeting]
) -> Tandem:
    meeting = tandem.meeting(event.meeting_id)
    if meeting is None:
        raise ReplayError(
            mark("{event} for unknown meeting {meeting}"),
            event=event.name,
            meeting=str(event.meeting_id),
        )
    target = meeting_status_after(meeting.status.value, event.verb)
    if target is None:
        raise ReplayError(
            mark("{event} is impossible for a meeting that is {status}"),
            event=event.name,
            status=label(meeting.status),
        )
    changed = evolve(change(meeting), status=MeetingStatus(target), changed_at=event.occurred_at)
    meetings = tuple(changed if m.id == meeting.id else m for m in tandem.meetings)
    return evolve(tandem, meetings=meetings)


def _bumped(meeting: Meeting, **changes: Any) -> Meeting:
    return evolve(meeting, sequence=meeting.sequence + 1, **changes)


@_on(ev.MeetingProposed)
def _(event: ev.MeetingProposed, tandem: Tandem) -> Tandem:
    if tandem.meeting(event.meeting_id) is not None:
        raise ReplayError(
            mark("meeting {meeting} is proposed twice"), meeting=str(event.meeting_id)
        )
    status = meeting_status_after(NEW_MEETING, event.verb)
    meeting = Meeting(
        id=event.meeting_id,
        kind=event.kind,
        format=event.format,
        start=event.start,
        duration_minutes=event.duration_minutes,
        status=MeetingStatus(status),
        proposed_by=event.role,
        proposed_at=event.occurred_at,
        changed_at=event.occurred_at,
        place=event.place,
        agenda=event.agenda,
        topics=event.topics,
        accepted_by=frozenset({event.role}),
    )
    return evolve(tandem, meetings=(*tandem.meetings, meeting))


@_on(ev.MeetingConfirmed)
def _(event: ev.MeetingConfirmed, tandem: Tandem) -> Tandem:
    return _with_meeting(
        tandem, event, lambda m: _bumped(m, accepted_by=m.accepted_by | {event.role})
    )


@_on(ev.MeetingDeclined)
def _(event: ev.MeetingDeclined, tandem: Tandem) -> Tandem:
    return _with_meeting(
        tandem,
        event,
        lambda m: _bumped(m, declined_by=m.declined_by | {event.role}, reason=event.reason),
    )


@_on(ev.MeetingRescheduled)
def _(event: ev.MeetingRescheduled, tandem: Tandem) -> Tandem:
    return _with_meeting(
        tandem,
        event,
        lambda m: _bumped(
            m,
            start=event.start,
            duration_minutes=event.duration_minutes,
            format=event.format,
            place=event.place,
            accepted_by=frozenset({event.role}),
            declined_by=frozenset(),
        ),
    )


@_on(ev.MeetingCancelled)
def _(event: ev.MeetingCancelled, tandem: Tandem) -> Tandem:
    return _with_meeting(tandem, event, lambda m: _bumped(m, reason=event.reason))


@_on(ev.MeetingMissed)
def _(event: ev.MeetingMissed, tandem: Tandem) -> Tandem:
    return _with_meeting(tandem, event, lambda m: _bumped(m, reason=event.reason))


@_on(ev.AttendanceConfirmed)
def _(event: ev.AttendanceConfirmed, tandem: Tandem) -> Tandem:
    return _with_meeting(
        tandem, event, lambda m: evolve(m, attended_by=m.attended_by | {event.role})
    )


@_on(ev.MeetingPrepared)
def _(event: ev.MeetingPrepared, tandem: Tandem) -> Tandem:
    record = Record(event.template_key, "preparation", event.values, event.role, event.occurred_at)
    return _with_meeting(tandem, event, lambda m: evolve(m, preparation=record))


@_on(ev.MeetingDocumented)
def _(event: ev.MeetingDocumented, tandem: Tandem) -> Tandem:
    record = Record(event.template_key, event.purpose, event.values, event.role, event.occurred_at)
    return _with_meeting(tandem, event, lambda m: evolve(m, notes=record))
