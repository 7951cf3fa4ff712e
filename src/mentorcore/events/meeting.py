"""Meeting events, recorded in their tandem's stream."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.domain import (
    MeetingFormat,
    MeetingId,
    MeetingKind,
    Profile,
)

if TYPE_CHECKING:
    pass

from mentorcore.events.base import TandemEvent
from mentorcore.i18n import _


@frozen
class MeetingEvent(TandemEvent):
    """Base of the events of one meeting, recorded in its tandem's stream.

    Each meeting verb is a tandem self-transition; the meeting's own status
    follows from :class:`~mentorcore.lifecycle.meeting.MeetingLifecycle`.

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
    summary = _("proposed a meeting")
    personal = ("place", "agenda", "topics")
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
    summary = _("confirmed a meeting")


@frozen
class MeetingDeclined(MeetingEvent):
    """The counterpart declined the proposed meeting (CORE-6).

    :ivar reason: Why, if given.
    """

    name = "meeting-declined"
    verb = "decline_meeting"
    summary = _("declined a meeting")
    personal = ("reason",)
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
    summary = _("rescheduled a meeting")
    personal = ("place",)
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
    summary = _("cancelled a meeting")
    personal = ("reason",)
    reason: str = ""


@frozen
class AttendanceConfirmed(MeetingEvent):
    """A participant confirmed having attended the meeting (CORE-7); it counts as held."""

    name = "attendance-confirmed"
    verb = "confirm_attendance"
    summary = _("confirmed attending a meeting")


@frozen
class MeetingMissed(MeetingEvent):
    """A confirmed meeting did not take place.

    :ivar reason: Why, if given.
    """

    name = "meeting-missed"
    verb = "mark_meeting_missed"
    summary = _("recorded a missed meeting")
    personal = ("reason",)
    reason: str = ""


@frozen
class MeetingPrepared(MeetingEvent):
    """The mentee wrote (or rewrote) the preparation of a meeting (MEDIC-DOC-1).

    :ivar template_key: The programme template used.
    :ivar values: The values, validated against the template.
    """

    name = "meeting-prepared"
    verb = "prepare_meeting"
    summary = _("prepared a meeting")
    personal = ("values",)
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
    summary = _("documented a meeting")
    personal = ("values",)
    template_key: str
    purpose: str
    values: Profile
