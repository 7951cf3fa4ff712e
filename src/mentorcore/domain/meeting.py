"""Meetings of a tandem: formats, kinds, status, records."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import NewType
from uuid import UUID

from attrs import frozen

from mentorcore.domain.people import Profile, Role

MeetingId = NewType("MeetingId", UUID)


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
    """Where one meeting stands (see :mod:`mentorcore.lifecycle.meeting`)."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    HELD = "held"
    MISSED = "missed"


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
