"""Events: the facts mentorcore records, one frozen class per fact, in the past tense.

Every event has a stable serialized ``name`` (so renaming a class never breaks
stored data). Tandem events also name the lifecycle ``verb`` they represent;
the tandem's status after an event follows from the lifecycle machine.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from attrs import frozen

from mentorcore.domain import (
    Actor,
    AgreementTerms,
    Enrolment,
    GoalId,
    GoalStatus,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    Person,
    PersonId,
    Profile,
    Relation,
    Role,
    TandemId,
)

if TYPE_CHECKING:
    from mentorcore.domain import Tandem


@frozen
class Event:
    """Base of all events.

    :ivar occurred_at: When it happened (UTC, from the engine's clock).
    :ivar actor: Who caused it.
    """

    name: ClassVar[str] = "event"
    occurred_at: datetime
    actor: Actor


@frozen
class TandemEvent(Event):
    """Base of the events of one tandem's stream.

    :ivar tandem_id: The tandem.
    :ivar role: The actor's role in it when acting.
    """

    verb: ClassVar[str] = ""
    #: A short phrase for activity logs: "<actor> <summary>".
    summary: ClassVar[str] = ""
    tandem_id: TandemId
    role: Role

    def verb_for(self, before: Tandem | None) -> str:
        """The lifecycle verb this event stands for, given the tandem before it."""
        return self.verb


# ---------------------------------------------------------------- forming a tandem


@frozen
class TandemRequested(TandemEvent):
    """A mentee asked a mentor for a mentorship (CORE-1).

    :ivar programme_key: The programme.
    :ivar mentee: The asking mentee.
    :ivar mentor: The mentor asked.
    :ivar track: The programme track, if any.
    :ivar message: The mentee's note to the mentor.
    """

    name = "tandem-requested"
    verb = "request"
    summary = "requested a mentorship"
    programme_key: str
    mentee: PersonId
    mentor: PersonId
    track: str | None = None
    message: str = ""
    predecessor: TandemId | None = None


@frozen
class TandemAssigned(TandemEvent):
    """The programme paired a mentee with a mentor (CORE-1, matching, re-matching).

    :ivar predecessor: The tandem this one re-matches, if any.
    """

    name = "tandem-assigned"
    verb = "assign"
    summary = "paired mentee and mentor"
    programme_key: str
    mentee: PersonId
    mentor: PersonId
    track: str | None = None
    predecessor: TandemId | None = None


@frozen
class TandemAccepted(TandemEvent):
    """The mentor accepted the mentee's request (CORE-1)."""

    name = "tandem-accepted"
    verb = "accept"
    summary = "accepted the mentorship request"


@frozen
class TandemDeclined(TandemEvent):
    """The mentor declined the mentee's request (CORE-1).

    :ivar reason: The mentor's reason.
    """

    name = "tandem-declined"
    verb = "decline"
    summary = "declined the mentorship request"
    reason: str = ""


@frozen
class GettingToKnowOptedIn(TandemEvent):
    """One side wants to continue after getting to know the other.

    When both sides have opted in, drafting the agreement begins.
    """

    name = "getting-to-know-opted-in"
    verb = "opt_in"
    summary = "wants to continue after getting to know"

    def verb_for(self, before: Tandem | None) -> str:
        """``opt_in_final`` when this opt-in completes both sides' consent."""
        other = self.role.counterpart() if self.role in (Role.MENTEE, Role.MENTOR) else None
        if before is not None and other in before.opted_in:
            return "opt_in_final"
        return "opt_in"


@frozen
class GettingToKnowOptedOut(TandemEvent):
    """One side does not want to continue after getting to know; the tandem ends.

    :ivar reason: Why, if given.
    """

    name = "getting-to-know-opted-out"
    verb = "opt_out"
    summary = "decided not to continue after getting to know"
    reason: str = ""


# ---------------------------------------------------------------- agreement


@frozen
class AgreementDrafted(TandemEvent):
    """The mentee saved a draft of the agreement (private to the mentee, CORE-3).

    :ivar version: The version being drafted.
    :ivar terms: The draft's content.
    """

    name = "agreement-drafted"
    verb = "draft_agreement"
    summary = "saved a draft of the mentoring agreement"
    version: int
    terms: AgreementTerms


@frozen
class AgreementSubmitted(TandemEvent):
    """The mentee submitted the draft to the mentor for approval (CORE-3)."""

    name = "agreement-submitted"
    verb = "submit_agreement"
    summary = "submitted the mentoring agreement for approval"
    version: int


@frozen
class AgreementReturned(TandemEvent):
    """The mentor sent the submitted draft back with comments.

    :ivar comments: What should change.
    """

    name = "agreement-returned"
    verb = "return_agreement"
    summary = "returned the agreement with comments"
    version: int
    comments: str


@frozen
class AgreementApproved(TandemEvent):
    """The mentor approved the submitted version; the mentorship is active (CORE-4)."""

    name = "agreement-approved"
    verb = "approve_agreement"
    summary = "approved the mentoring agreement"
    version: int


@frozen
class AmendmentProposed(TandemEvent):
    """One side proposed a new agreement version; the old one stays in force (CORE-5)."""

    name = "amendment-proposed"
    verb = "propose_amendment"
    summary = "proposed an amendment to the agreement"
    version: int
    terms: AgreementTerms


@frozen
class AmendmentApproved(TandemEvent):
    """The other side approved the amendment; it is now in force (CORE-5)."""

    name = "amendment-approved"
    verb = "approve_amendment"
    summary = "approved the amended agreement"
    version: int


@frozen
class AmendmentRejected(TandemEvent):
    """The other side rejected (or the author withdrew) the amendment."""

    name = "amendment-rejected"
    verb = "reject_amendment"
    summary = "rejected the proposed amendment"
    version: int
    comments: str = ""


# ---------------------------------------------------------------- goals


@frozen
class GoalSet(TandemEvent):
    """The mentee captured an individual goal (CORE-13)."""

    name = "goal-set"
    verb = "set_goal"
    summary = "set a goal"
    goal_id: GoalId
    text: str


@frozen
class GoalReviewed(TandemEvent):
    """A goal was reviewed (CORE-13).

    :ivar status: Where it stands now.
    :ivar note: What the review found.
    :ivar text: The revised wording, or ``""`` to keep it.
    """

    name = "goal-reviewed"
    verb = "review_goal"
    summary = "reviewed a goal"
    goal_id: GoalId
    status: GoalStatus
    note: str = ""
    text: str = ""


# ---------------------------------------------------------------- ending


@frozen
class ClosingStarted(TandemEvent):
    """One side (or the coordinator) began the official ending (CORE-11)."""

    name = "closing-started"
    verb = "start_closing"
    summary = "began closing the mentorship"
    note: str = ""


@frozen
class TandemCompleted(TandemEvent):
    """The mentorship was ended officially (CORE-11); a certificate is available."""

    name = "tandem-completed"
    verb = "complete"
    summary = "completed the mentorship"
    note: str = ""


@frozen
class TandemDissolved(TandemEvent):
    """The tandem ended before completion.

    :ivar reason: Why.
    """

    name = "tandem-dissolved"
    verb = "dissolve"
    summary = "dissolved the tandem"
    reason: str


@frozen
class RematchRequested(TandemEvent):
    """The tandem ends because a new matching with another mentor was asked for.

    :ivar reason: Why.
    """

    name = "rematch-requested"
    verb = "request_rematch"
    summary = "asked for a new mentor"
    reason: str = ""


# ---------------------------------------------------------------- meetings


@frozen
class MeetingEvent(TandemEvent):
    """Base of the events of one meeting, recorded in its tandem's stream.

    Each meeting verb is a tandem self-transition; the meeting's own status
    follows from :class:`~mentorcore.meeting_lifecycle.MeetingLifecycle`.

    :ivar meeting_id: The meeting.
    """

    meeting_id: MeetingId


@frozen
class MeetingProposed(MeetingEvent):
    """A meeting was proposed (by the mentee, or either side where allowed: CORE-6).

    :ivar kind: Getting to know, first conversation, regular or closing.
    :ivar format: In person, video, phone, e-mail or shadowing (OSTALB-SHADOW-1).
    :ivar start: Planned start (UTC).
    :ivar duration_minutes: Planned duration.
    :ivar place: Where.
    :ivar agenda: What the proposer wants to talk about (private content).
    :ivar topics: Topics planned for it.
    """

    name = "meeting-proposed"
    verb = "propose_meeting"
    summary = "proposed a meeting"
    kind: MeetingKind
    format: MeetingFormat
    start: datetime
    duration_minutes: int
    place: str = ""
    agenda: str = ""
    topics: tuple[str, ...] = ()


@frozen
class MeetingConfirmed(MeetingEvent):
    """The counterpart agreed to the meeting's current time (CORE-6)."""

    name = "meeting-confirmed"
    verb = "confirm_meeting"
    summary = "confirmed a meeting"


@frozen
class MeetingDeclined(MeetingEvent):
    """The counterpart declined the proposed meeting (CORE-6).

    :ivar reason: Why, if given.
    """

    name = "meeting-declined"
    verb = "decline_meeting"
    summary = "declined a meeting"
    reason: str = ""


@frozen
class MeetingRescheduled(MeetingEvent):
    """One side moved the meeting; the other must confirm the new time.

    :ivar start: The new planned start (UTC).
    :ivar duration_minutes: The new duration.
    :ivar format: The new format.
    :ivar place: The new place.
    """

    name = "meeting-rescheduled"
    verb = "reschedule_meeting"
    summary = "rescheduled a meeting"
    start: datetime
    duration_minutes: int
    format: MeetingFormat
    place: str = ""


@frozen
class MeetingCancelled(MeetingEvent):
    """One side called the meeting off.

    :ivar reason: Why, if given.
    """

    name = "meeting-cancelled"
    verb = "cancel_meeting"
    summary = "cancelled a meeting"
    reason: str = ""


@frozen
class AttendanceConfirmed(MeetingEvent):
    """A participant confirmed having attended the meeting (CORE-7); it counts as held."""

    name = "attendance-confirmed"
    verb = "confirm_attendance"
    summary = "confirmed attending a meeting"


@frozen
class MeetingMissed(MeetingEvent):
    """A confirmed meeting did not take place.

    :ivar reason: Why, if given.
    """

    name = "meeting-missed"
    verb = "mark_meeting_missed"
    summary = "recorded a missed meeting"
    reason: str = ""


@frozen
class MeetingPrepared(MeetingEvent):
    """The mentee wrote (or rewrote) the preparation of a meeting (MEDIC-DOC-1).

    :ivar template_key: The programme template used.
    :ivar values: The values, validated against the template.
    """

    name = "meeting-prepared"
    verb = "prepare_meeting"
    summary = "prepared a meeting"
    template_key: str
    values: Profile


@frozen
class MeetingDocumented(MeetingEvent):
    """A held meeting was documented: its documentation sheet or, for a first
    conversation, the first-conversation record (MEDIC-DOC-1).

    :ivar template_key: The programme template used.
    :ivar purpose: ``"meeting_notes"`` or ``"first_conversation"``.
    :ivar values: The values, validated against the template.
    """

    name = "meeting-documented"
    verb = "document_meeting"
    summary = "documented a meeting"
    template_key: str
    purpose: str
    values: Profile


# ---------------------------------------------------------------- due actions


@frozen
class DueActionAcknowledged(Event):
    """The host delivered (or dealt with) a due action; it is not reported again.

    Recorded in its own stream, not the tandem's: actions stay deliverable
    after a tandem has ended (a final evaluation), and an ended tandem never
    changes.

    :ivar key: The action's stable key (:attr:`~mentorcore.policy.DueAction.key`).
    :ivar tandem_id: The tandem concerned, if any.
    """

    name = "due-action-acknowledged"
    key: str
    tandem_id: TandemId | None = None


# ---------------------------------------------------------------- people


@frozen
class TandemOpened(Event):
    """A tandem took a place in its programme (recorded in the programme's stream).

    Its purpose is concurrency: writers creating tandems in one programme at
    the same time conflict, so capacity and one-tandem-per-mentee hold.

    :ivar programme_key: The programme.
    :ivar tandem_id: The new tandem.
    :ivar mentee: Its mentee.
    :ivar mentor: Its mentor.
    """

    name = "tandem-opened"
    programme_key: str
    tandem_id: TandemId
    mentee: PersonId
    mentor: PersonId


@frozen
class PersonEvent(Event):
    """Base of the events of one person's stream.

    :ivar person_id: The person.
    """

    summary: ClassVar[str] = ""
    person_id: PersonId


@frozen
class PersonRegistered(PersonEvent):
    """A person became known to the engine, or their details changed."""

    name = "person-registered"
    summary = "registered"
    person: Person


@frozen
class Enrolled(PersonEvent):
    """A person enrolled in a programme in a role, with a validated profile."""

    name = "enrolled"
    summary = "enrolled"
    enrolment: Enrolment


@frozen
class ProfileUpdated(PersonEvent):
    """An enrolment's profile changed (validated against the programme)."""

    name = "profile-updated"
    summary = "updated the profile"
    programme_key: str
    role: Role
    profile: Profile


@frozen
class RelationDeclared(PersonEvent):
    """A relation between two people was declared (e.g. examines, manages)."""

    name = "relation-declared"
    summary = "declared a relation"
    relation: Relation


@frozen
class RelationWithdrawn(PersonEvent):
    """A previously declared relation no longer holds."""

    name = "relation-withdrawn"
    summary = "withdrew a relation"
    relation: Relation


#: Every event class mentorcore itself records, by serialized name.
CORE_EVENTS: tuple[type[Event], ...] = (
    TandemRequested,
    TandemAssigned,
    TandemAccepted,
    TandemDeclined,
    GettingToKnowOptedIn,
    GettingToKnowOptedOut,
    AgreementDrafted,
    AgreementSubmitted,
    AgreementReturned,
    AgreementApproved,
    AmendmentProposed,
    AmendmentApproved,
    AmendmentRejected,
    GoalSet,
    GoalReviewed,
    ClosingStarted,
    TandemCompleted,
    TandemDissolved,
    RematchRequested,
    MeetingProposed,
    MeetingConfirmed,
    MeetingDeclined,
    MeetingRescheduled,
    MeetingCancelled,
    AttendanceConfirmed,
    MeetingMissed,
    MeetingPrepared,
    MeetingDocumented,
    DueActionAcknowledged,
    TandemOpened,
    PersonRegistered,
    Enrolled,
    ProfileUpdated,
    RelationDeclared,
    RelationWithdrawn,
)
