"""The tandem aggregate: status, agreements, goals (state changes only by folding events)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import NewType
from uuid import UUID

from attrs import frozen

from mentorcore.domain.meeting import Meeting, MeetingFormat, MeetingId
from mentorcore.domain.people import PersonId, Profile, Role

TandemId = NewType("TandemId", UUID)


GoalId = NewType("GoalId", UUID)


class TandemStatus(enum.Enum):
    """Where a tandem stands in its lifecycle (see :mod:`mentorcore.lifecycle.tandem`)."""

    REQUESTED = "requested"
    GETTING_TO_KNOW = "getting_to_know"
    AGREEMENT_DRAFTING = "agreement_drafting"
    AWAITING_APPROVAL = "awaiting_approval"
    ACTIVE = "active"
    CLOSING = "closing"
    COMPLETED = "completed"
    DECLINED = "declined"
    DISSOLVED = "dissolved"

    @property
    def is_final(self) -> bool:
        """Whether no command can change a tandem in this status any more."""
        return self in _FINAL


_FINAL = frozenset({TandemStatus.COMPLETED, TandemStatus.DECLINED, TandemStatus.DISSOLVED})


class Origin(enum.Enum):
    """How a tandem came about (CORE-1)."""

    REQUEST = "request"
    ASSIGNMENT = "assignment"


class GoalStatus(enum.Enum):
    """Where a mentee's goal stands after a review (CORE-13)."""

    OPEN = "open"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    REVISED = "revised"
    DROPPED = "dropped"


@frozen
class PlannedMeeting:
    """One meeting of an agreement's rough plan (seed 002, CORE-2).

    :ivar number: Which meeting, counted from 1.
    :ivar topics: What it is to be about: catalogue keys or free text.
    """

    number: int
    topics: tuple[str, ...]


@frozen
class AgreementTerms:
    """What the getting-to-know meeting settles (CORE-2), written down by the mentee.

    :ivar period_start: First day of the mentorship.
    :ivar period_end: Last day; ``None`` where the programme has no fixed end.
    :ivar meetings_planned: Number of meetings agreed for the period.
    :ivar contact_formats: Acceptable kinds of contact.
    :ivar contact_frequency: How often contact is fine for both, in words.
    :ivar topics: Topic plan: catalogue keys or free text, in meeting order.
    :ivar goals: The goals and expected results, in words.
    :ivar notes: Anything else the two agreed.
    :ivar plan: The rough plan of topics per meeting (seed 002), in meeting
        order; empty where the two planned none.
    """

    period_start: date
    period_end: date | None = None
    meetings_planned: int | None = None
    contact_formats: frozenset[MeetingFormat] = frozenset()
    contact_frequency: str = ""
    topics: tuple[str, ...] = ()
    goals: str = ""
    notes: str = ""
    plan: tuple[PlannedMeeting, ...] = ()


class AgreementState(enum.Enum):
    """Where one version of an agreement stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    IN_FORCE = "in_force"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


@frozen
class Agreement:
    """One version of a tandem's mentoring agreement.

    :ivar version: 1 for the first agreement, +1 for each amendment.
    :ivar terms: What it says.
    :ivar state: Where this version stands.
    :ivar author: Who wrote it (the mentee for the first; either side for amendments).
    :ivar approved_by: The sides that agreed to exactly this version.
    :ivar comments: The counterpart's comments when returned or rejected.
    """

    version: int
    terms: AgreementTerms
    state: AgreementState
    author: Role
    approved_by: frozenset[Role] = frozenset()
    comments: str = ""


@frozen
class Goal:
    """A mentee's individual goal (CORE-13).

    :ivar id: Stable id.
    :ivar text: The goal in the mentee's words.
    :ivar set_at: When it was captured.
    :ivar status: Where it stands after the latest review.
    :ivar reviewed_at: When it was last reviewed; ``None`` if never.
    :ivar note: The latest review's note.
    """

    id: GoalId
    text: str
    set_at: datetime
    status: GoalStatus = GoalStatus.OPEN
    reviewed_at: datetime | None = None
    note: str = ""


class _Sides:
    """What a tandem and its summary answer alike about its two people and status."""

    __slots__ = ()
    mentee: PersonId
    mentor: PersonId
    status: TandemStatus

    def role_of(self, person_id: PersonId | None) -> Role | None:
        """The tandem role of *person_id*: mentee, mentor, or ``None``."""
        if person_id is None:
            return None
        if person_id == self.mentee:
            return Role.MENTEE
        if person_id == self.mentor:
            return Role.MENTOR
        return None

    def person_in(self, role: Role) -> PersonId:
        """The person playing *role* (mentee or mentor) in this tandem."""
        return self.mentee if role is Role.MENTEE else self.mentor

    @property
    def is_live(self) -> bool:
        """Whether the tandem still counts against a mentor's capacity."""
        return not self.status.is_final


@frozen
class FeedbackResponse:
    """A participant's answer to a feedback request or an evaluation (CORE-FEEDBACK-1).

    Kept beside the tandem, not in it: a final evaluation is answered after
    the tandem ended, and an ended tandem never changes.

    :ivar tandem_id: The tandem.
    :ivar request_key: The key of the due action it answers.
    :ivar kind: That action's kind (``"feedback-request"``, ``"evaluation"``, …).
    :ivar person_id: Who answered.
    :ivar role: Their side in the tandem.
    :ivar given_at: When.
    :ivar answers: The form's fields as answered (the programme declares them).
    """

    tandem_id: TandemId
    request_key: str
    kind: str
    person_id: PersonId
    role: Role
    given_at: datetime
    answers: Profile


@frozen
class Tandem(_Sides):
    """One mentee and one mentor in one programme: the aggregate.

    Built only by folding events (:func:`mentorcore.lifecycle.fold.replay`).

    :ivar version: The number of events folded in (the stream version).
    :ivar opted_in: The sides that want to continue after getting to know.
    :ivar agreement: The agreement version in force, if any.
    :ivar proposal: The newest version not (yet) in force: a draft, a submitted
        first agreement, or a proposed amendment.
    :ivar predecessor: The tandem this one re-matches, if any.
    :ivar end_reason: Why it was declined or dissolved.
    :ivar settled_topics: Topics of the agreement in force that were marked
        settled (CORE-TOPICS), in the order they were settled.
    """

    id: TandemId
    programme_key: str
    mentee: PersonId
    mentor: PersonId
    origin: Origin
    status: TandemStatus
    created_at: datetime
    version: int = 0
    track: str | None = None
    predecessor: TandemId | None = None
    opted_in: frozenset[Role] = frozenset()
    agreement: Agreement | None = None
    proposal: Agreement | None = None
    goals: tuple[Goal, ...] = ()
    activated_at: datetime | None = None
    closing_since: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str = ""
    rematch_requested: bool = False
    last_activity_at: datetime | None = None
    meetings: tuple[Meeting, ...] = ()
    settled_topics: tuple[str, ...] = ()

    @property
    def open_topics(self) -> tuple[str, ...]:
        """The agreed topics not settled yet, in the agreement's order (CORE-TOPICS)."""
        if self.agreement is None:
            return ()
        return tuple(t for t in self.agreement.terms.topics if t not in self.settled_topics)

    def goal(self, goal_id: GoalId) -> Goal | None:
        """The goal with *goal_id*, if the tandem has it."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def meeting(self, meeting_id: MeetingId) -> Meeting | None:
        """The meeting with *meeting_id*, if the tandem has it."""
        return next((m for m in self.meetings if m.id == meeting_id), None)


@frozen
class TandemSummary(_Sides):
    """What lists and rules need of a tandem, without its content.

    Kept in the read model for every tandem, so finding a person's tandems or
    counting a mentor's live ones loads no stream. Load the :class:`Tandem`
    itself for agreements, goals and meetings.

    :ivar version: The stream version the summary reflects.
    :ivar activated_at: When the first agreement came into force, if it did.
    :ivar ended_at: When it was completed, declined or dissolved, if it was.
    :ivar rematch_requested: Whether it ended by a request for another mentor.
    """

    id: TandemId
    programme_key: str
    track: str | None
    mentee: PersonId
    mentor: PersonId
    origin: Origin
    status: TandemStatus
    version: int
    created_at: datetime
    activated_at: datetime | None
    ended_at: datetime | None
    last_activity_at: datetime
    predecessor: TandemId | None
    rematch_requested: bool = False
