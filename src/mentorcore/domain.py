"""Value objects of mentorcore: people, programmes, tandems, agreements and goals.

Everything here is an immutable attrs class. Nothing here knows about plugins,
storage or files; state changes happen by folding events (see
:mod:`mentorcore.aggregate`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import NewType
from uuid import UUID

from attrs import frozen

from mentorcore.errors import UnknownSetting

TandemId = NewType("TandemId", UUID)
GoalId = NewType("GoalId", UUID)
MeetingId = NewType("MeetingId", UUID)
#: A person's id: the host application's own (plain text, so hosts need no wrapping).
PersonId = str

#: A profile or setting value: JSON scalars, or a tuple of strings.
Value = str | int | float | bool | tuple[str, ...]


class Role(enum.Enum):
    """The part a person plays in a programme or a tandem."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"
    SYSTEM = "system"

    def counterpart(self) -> Role:
        """The other side of a tandem (mentee <-> mentor)."""
        if self is Role.MENTEE:
            return Role.MENTOR
        if self is Role.MENTOR:
            return Role.MENTEE
        raise ValueError(f"{self.value} has no counterpart in a tandem")


class TandemStatus(enum.Enum):
    """Where a tandem stands in its lifecycle (see :mod:`mentorcore.lifecycle`)."""

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


class RelationKind(enum.Enum):
    """A relation between two people that independence rules look at."""

    TEACHES = "teaches"
    EXAMINES = "examines"
    SUPERVISES = "supervises"
    MANAGES = "manages"
    WORKS_WITH = "works_with"


class FieldKind(enum.Enum):
    """The type of a profile field or of a raw value to be parsed."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    CHOICES = "choices"


class GoalStatus(enum.Enum):
    """Where a mentee's goal stands after a review (CORE-13)."""

    OPEN = "open"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    REVISED = "revised"
    DROPPED = "dropped"


class MeetingFormat(enum.Enum):
    """How two people meet."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    EMAIL = "email"
    SHADOWING = "shadowing"


class MeetingKind(enum.Enum):
    """What a meeting is for (CORE-2, CORE-11, MEDIC-FLOW-1)."""

    GETTING_TO_KNOW = "getting_to_know"
    FIRST_CONVERSATION = "first_conversation"
    REGULAR = "regular"
    CLOSING = "closing"


class MeetingStatus(enum.Enum):
    """Where one meeting stands (see :mod:`mentorcore.meeting_lifecycle`)."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    HELD = "held"
    MISSED = "missed"


@frozen
class Actor:
    """Who issues a command: a person, or the system clock.

    Whether the person acts as mentee, mentor or coordinator is decided by the
    engine from the tandem and the programme enrolments, never claimed.
    """

    person_id: PersonId | None

    @classmethod
    def person(cls, person_id: str) -> Actor:
        """A person, by the host application's id."""
        return cls(PersonId(person_id))

    @classmethod
    def system(cls) -> Actor:
        """The system itself (scheduled jobs, the clock)."""
        return cls(None)

    def __str__(self) -> str:
        return self.person_id if self.person_id is not None else "system"


@frozen
class Person:
    """A human being known to the engine.

    :ivar id: The host application's id for the person.
    :ivar name: The name shown to others and printed on certificates.
    :ivar email: Where notifications go, if anywhere.
    :ivar organisation: Employer or institution; ``None`` if not known.
    """

    id: PersonId
    name: str
    email: str | None = None
    organisation: str | None = None


@frozen
class ProfileField:
    """One field a programme needs in a mentee's or mentor's profile.

    :ivar name: The key in the profile.
    :ivar kind: Its type; raw text (CSV) is parsed according to it.
    :ivar label: A human label for forms and error messages.
    :ivar required: Whether an enrolment without it is refused.
    :ivar choices: The allowed values for CHOICE and CHOICES fields.
    :ivar minimum: The smallest allowed INTEGER or NUMBER.
    :ivar maximum: The largest allowed INTEGER or NUMBER.
    :ivar help: What the field means, for forms and documentation.
    """

    name: str
    kind: FieldKind
    label: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


@frozen
class Profile:
    """Validated profile values, as sorted ``(name, value)`` pairs.

    Build one with :func:`mentorcore.profiles.parse_profile` (which checks it
    against the programme's fields) or :meth:`of` for already typed values.
    """

    items: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, Value | list[str]]) -> Profile:
        """A profile from a dict of typed values (lists become tuples)."""
        return cls(
            tuple(
                sorted(
                    (k, tuple(v) if isinstance(v, list) else v)
                    for k, v in values.items()
                )
            )
        )

    def get(self, name: str, default: Value | None = None) -> Value | None:
        """The value of *name*, or *default* when the profile lacks it."""
        for key, value in self.items:
            if key == name:
                return value
        return default

    def as_dict(self) -> dict[str, Value]:
        """The values as a plain dict."""
        return dict(self.items)


@frozen
class Enrolment:
    """A person's participation in a programme in one role.

    :ivar person_id: Who.
    :ivar programme_key: In which programme.
    :ivar role: As mentee, mentor or coordinator.
    :ivar track: The programme track (MEDiC: ``clinical`` or ``scientific``).
    :ivar profile: The validated profile for this role.
    :ivar capacity: How many live tandems a mentor takes at most.
    :ivar external: Whether the person comes from outside the organisation (CORE-15).
    :ivar enrolled_at: When the enrolment was recorded.
    """

    person_id: PersonId
    programme_key: str
    role: Role
    track: str | None = None
    profile: Profile = Profile()
    capacity: int = 1
    external: bool = False
    enrolled_at: datetime | None = None


@frozen
class Participant:
    """A person together with one enrolment: what pairing hooks receive."""

    person: Person
    enrolment: Enrolment

    @property
    def id(self) -> PersonId:
        """The person's id."""
        return self.person.id

    @property
    def profile(self) -> Profile:
        """The profile of this enrolment."""
        return self.enrolment.profile


@frozen
class Relation:
    """*subject* stands in relation *kind* to *object* (e.g. Dr. X examines Ana).

    :ivar subject: The person the relation starts from.
    :ivar kind: What the relation is.
    :ivar object: The person it points to.
    """

    subject: PersonId
    kind: RelationKind
    object: PersonId

    def involves(self, a: PersonId, b: PersonId) -> bool:
        """Whether this relation links *a* and *b*, in either direction."""
        return {self.subject, self.object} == {a, b}


@frozen
class Topic:
    """An entry of a programme's topic catalogue.

    :ivar key: A stable key, used in agreements.
    :ivar title: The topic as the programme's document names it.
    :ivar out_of_scope: Whether the programme refuses it as a mentoring topic.
    :ivar referral: Where the programme sends people with this topic instead.
    """

    key: str
    title: str
    out_of_scope: bool = False
    referral: str = ""


@frozen
class Template:
    """A form the programme provides, e.g. MEDiC's documentation sheet (MEDIC-DOC-1).

    Records filled in from a template are checked against its fields like
    profiles are (:func:`mentorcore.profiles.parse_profile`).

    :ivar key: A stable key, e.g. ``"meeting_sheet"``.
    :ivar title: The form's title as the programme names it.
    :ivar fields: Its fields.
    :ivar purpose: What it is for: ``"first_conversation"``, ``"preparation"``
        or ``"meeting_notes"``.
    """

    key: str
    title: str
    fields: tuple[ProfileField, ...]
    purpose: str


@frozen
class Contact:
    """A contact person or office named by a programme's document."""

    role: str
    name: str
    email: str = ""
    phone: str = ""


@frozen
class Setting:
    """A number or value the programme's document leaves open.

    :ivar name: The key hosts use to override it.
    :ivar default: The documented default.
    :ivar description: What it means and why the default was chosen.
    :ivar value: The value in force (the default unless the host overrode it).
    """

    name: str
    default: Value
    description: str
    value: Value | None = None

    @property
    def effective(self) -> Value:
        """The value in force."""
        return self.default if self.value is None else self.value


@frozen
class Programme:
    """One set of rules, supplied by a plugin.

    :ivar key: A stable key (``"medic"``); also the plugin's entry-point name.
    :ivar name: The programme's name.
    :ivar timezone: The IANA zone in which its periods and dates are reckoned.
    :ivar tracks: Sub-programmes a tandem belongs to, if any.
    :ivar topics: The topic catalogue.
    :ivar mentee_fields: Profile fields required of mentees.
    :ivar mentor_fields: Profile fields required of mentors.
    :ivar settings: Numbers the documents leave open, with defaults.
    :ivar contacts: Contact roles the programme names.
    :ivar templates: Forms for records (first conversation, meeting sheets, ...).
    :ivar description: One paragraph on the programme.
    """

    key: str
    name: str
    timezone: str = "Europe/Berlin"
    tracks: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    mentee_fields: tuple[ProfileField, ...] = ()
    mentor_fields: tuple[ProfileField, ...] = ()
    settings: tuple[Setting, ...] = ()
    contacts: tuple[Contact, ...] = ()
    templates: tuple[Template, ...] = ()
    description: str = ""

    def setting(self, name: str) -> Value:
        """The value in force of setting *name*.

        :raises UnknownSetting: the programme declares no such setting.
        """
        for s in self.settings:
            if s.name == name:
                return s.effective
        raise UnknownSetting(self.key, name)

    def topic(self, key: str) -> Topic | None:
        """The catalogue topic with *key*, if the catalogue has one."""
        return next((t for t in self.topics if t.key == key), None)

    def int_setting(self, name: str) -> int:
        """The value in force of a whole-number setting.

        :raises UnknownSetting: the programme declares no such setting, or it is
            not a whole number.
        """
        value = self.setting(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise UnknownSetting(self.key, f"{name} (as a whole number; it is {value!r})")
        return value

    def template(self, key: str) -> Template | None:
        """The record template with *key*, if the programme has one."""
        return next((t for t in self.templates if t.key == key), None)

    def fields_for(self, role: Role) -> tuple[ProfileField, ...]:
        """The profile fields this programme requires for *role*."""
        if role is Role.MENTEE:
            return self.mentee_fields
        if role is Role.MENTOR:
            return self.mentor_fields
        return ()


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
    """

    period_start: date
    period_end: date | None = None
    meetings_planned: int | None = None
    contact_formats: frozenset[MeetingFormat] = frozenset()
    contact_frequency: str = ""
    topics: tuple[str, ...] = ()
    goals: str = ""
    notes: str = ""


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


@frozen
class Record:
    """A filled-in programme form: a meeting's documentation sheet, the mentee's
    preparation or the first-conversation record (MEDIC-DOC-1).

    :ivar template_key: The :class:`Template` it follows.
    :ivar purpose: The template's purpose (``"meeting_notes"``, ``"preparation"``,
        ``"first_conversation"``); decides who may read it.
    :ivar values: The values, validated against the template's fields.
    :ivar author: Who wrote it (mentee or mentor).
    :ivar written_at: When it was last written.
    """

    template_key: str
    purpose: str
    values: Profile
    author: Role
    written_at: datetime


@frozen
class Meeting:
    """One meeting of a tandem, as folded from its events.

    :ivar id: Stable id; also the iCalendar UID's basis.
    :ivar start: Planned start (UTC; shown in the programme's time zone).
    :ivar duration_minutes: Planned duration.
    :ivar proposed_by: Who proposed it (the organizer).
    :ivar proposed_at: When it was proposed.
    :ivar place: Where (room, address, video link); not private content.
    :ivar agenda: What the mentee wants to talk about (private to the tandem
        unless the programme says otherwise).
    :ivar topics: Topic keys or free text planned for this meeting.
    :ivar sequence: Raised by every change of time, place or status (iCalendar SEQUENCE).
    :ivar accepted_by: The sides that agreed to the current time (PARTSTAT=ACCEPTED).
    :ivar declined_by: The sides that declined it.
    :ivar attended_by: The sides that confirmed they attended (CORE-7).
    :ivar reason: Why it was declined, cancelled or missed.
    :ivar changed_at: When it last changed.
    :ivar preparation: The mentee's preparation, if written.
    :ivar notes: The documentation sheet (or first-conversation record), if written.
    """

    id: MeetingId
    kind: MeetingKind
    format: MeetingFormat
    start: datetime
    duration_minutes: int
    status: MeetingStatus
    proposed_by: Role
    proposed_at: datetime
    changed_at: datetime
    place: str = ""
    agenda: str = ""
    topics: tuple[str, ...] = ()
    sequence: int = 0
    accepted_by: frozenset[Role] = frozenset()
    declined_by: frozenset[Role] = frozenset()
    attended_by: frozenset[Role] = frozenset()
    reason: str = ""
    preparation: Record | None = None
    notes: Record | None = None

    @property
    def end(self) -> datetime:
        """Planned end: start plus duration."""
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        """Whether it took place (at least one side confirmed attendance)."""
        return self.status is MeetingStatus.HELD

    @property
    def is_planned(self) -> bool:
        """Whether it is still to take place (proposed or confirmed)."""
        return self.status in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)


@frozen
class Tandem:
    """One mentee and one mentor in one programme: the aggregate.

    Built only by folding events (:func:`mentorcore.aggregate.replay`).

    :ivar version: The number of events folded in (the stream version).
    :ivar opted_in: The sides that want to continue after getting to know.
    :ivar agreement: The agreement version in force, if any.
    :ivar proposal: The newest version not (yet) in force: a draft, a submitted
        first agreement, or a proposed amendment.
    :ivar predecessor: The tandem this one re-matches, if any.
    :ivar end_reason: Why it was declined or dissolved.
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

    def goal(self, goal_id: GoalId) -> Goal | None:
        """The goal with *goal_id*, if the tandem has it."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def meeting(self, meeting_id: MeetingId) -> Meeting | None:
        """The meeting with *meeting_id*, if the tandem has it."""
        return next((m for m in self.meetings if m.id == meeting_id), None)
