"""Meeting commands: propose, confirm, decline, reschedule, cancel, attend, miss, record.

Each is a :class:`~mentorcore.commands.TandemCommand` the engine executes like
any other: the tandem lifecycle says whether meetings are possible now, the
programme says who may issue the verb (``mentorcore_allowed_roles``; by
default only the mentee proposes, CORE-6), and :meth:`decide` checks the
meeting's own lifecycle (:class:`~mentorcore.lifecycle.meeting.MeetingLifecycle`)
and content, refusing with the rule it breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType

from attrs import field, frozen

from mentorcore import events as ev
from mentorcore.commands import Context, Refused, TandemCommand
from mentorcore.commands.schedule import check_slot
from mentorcore.commands.series import MAX_SERIES as MAX_SERIES
from mentorcore.commands.series import weekly_starts as weekly_starts
from mentorcore.domain import (
    Meeting,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    Role,
    Tandem,
)
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Moment, _
from mentorcore.lifecycle.meeting import meeting_status_after, possible_meeting_verbs
from mentorcore.lifecycle.verbs import verb_label, verb_labels
from mentorcore.policy.decisions import Decision
from mentorcore.policy.records import PREPARATION, documentation_purpose, fill, template_for
from mentorcore.validation import show

#: The longest meeting mentorcore plans (a shadowing day).
MAX_MINUTES = 24 * 60


def _frozen_values(values: object) -> object:
    # Commands are frozen and reach plugins; keep the host's dict read-only.
    return MappingProxyType(dict(values)) if isinstance(values, Mapping) else values


@frozen(kw_only=True)
class ProposeMeeting(TandemCommand):
    """Propose a meeting (the mentee by default, CORE-6); the proposer accepts it.

    ``meeting_id`` may be given by hosts that need to know it in advance (e.g.
    to sync a calendar); otherwise the engine makes one.
    """

    verb = "propose_meeting"
    start: datetime
    duration_minutes: int = 60
    kind: MeetingKind = MeetingKind.REGULAR
    format: MeetingFormat = MeetingFormat.IN_PERSON
    place: str = ""
    agenda: str = ""
    topics: tuple[str, ...] = ()
    meeting_id: MeetingId | None = None

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingProposed`."""
        _check_minutes(self.duration_minutes)
        ctx.check_date(self.start, "start")
        meeting_id = self.meeting_id or MeetingId(ctx.new_id())
        if tandem.meeting(meeting_id) is not None:
            raise Refused(
                "CORE-MEETING",
                _("the tandem already has a meeting {meeting}", meeting=str(meeting_id)),
            )
        check_slot(tandem, None, self.start, self.duration_minutes, ctx)
        return ev.MeetingProposed(
            *ctx.header(tandem.id),
            meeting_id=meeting_id,
            kind=self.kind,
            format=self.format,
            start=self.start.astimezone(UTC),
            duration_minutes=self.duration_minutes,
            place=self.place.strip(),
            agenda=self.agenda.strip(),
            topics=tuple(t.strip() for t in self.topics if t.strip()),
        )


@frozen(kw_only=True)
class MeetingCommand(TandemCommand):
    """A command on an existing meeting of the tandem."""

    meeting_id: MeetingId

    def meeting(self, tandem: Tandem) -> Meeting:
        """The meeting, if the meeting lifecycle allows this verb now.

        :raises Refused: no such meeting (CORE-MEETING), or the verb is not
            possible in its status, naming what is.
        """
        meeting = tandem.meeting(self.meeting_id)
        if meeting is None:
            raise Refused(
                "CORE-MEETING",
                _("the tandem has no meeting {meeting}", meeting=str(self.meeting_id)),
            )
        # The table derived from MeetingLifecycle: building a machine per
        # command cost half a millisecond, more than the rest of the decision.
        if meeting_status_after(meeting.status.value, self.verb) is None:
            possible = possible_meeting_verbs(meeting.status.value)
            if not possible:
                raise Refused(
                    "CORE-MEETING",
                    _(
                        "cannot {action}: the meeting is {status}; nothing is possible now",
                        action=verb_label(self.verb),
                        status=label(meeting.status),
                    ),
                )
            raise Refused(
                "CORE-MEETING",
                _(
                    "cannot {action}: the meeting is {status}; possible now: {possible}",
                    action=verb_label(self.verb),
                    status=label(meeting.status),
                    possible=verb_labels(possible),
                ),
            )
        return meeting


@frozen(kw_only=True)
class ConfirmMeeting(MeetingCommand):
    """The counterpart of whoever proposed the current time agrees to it (CORE-6)."""

    verb = "confirm_meeting"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingConfirmed`."""
        _check_counterpart(self.meeting(tandem), ctx.role)
        return ev.MeetingConfirmed(*ctx.header(tandem.id), meeting_id=self.meeting_id)


@frozen(kw_only=True)
class DeclineMeeting(MeetingCommand):
    """The counterpart turns the proposed time down (CORE-6)."""

    verb = "decline_meeting"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingDeclined`."""
        _check_counterpart(self.meeting(tandem), ctx.role)
        return ev.MeetingDeclined(
            *ctx.header(tandem.id), meeting_id=self.meeting_id, reason=self.reason.strip()
        )


@frozen(kw_only=True)
class RescheduleMeeting(MeetingCommand):
    """Move a meeting; fields left ``None`` keep their value. The other side must
    confirm the new time."""

    verb = "reschedule_meeting"
    start: datetime | None = None
    duration_minutes: int | None = None
    format: MeetingFormat | None = None
    place: str | None = None

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingRescheduled`."""
        meeting = self.meeting(tandem)
        minutes = self.duration_minutes
        if minutes is None:
            minutes = meeting.duration_minutes
        _check_minutes(minutes)
        if self.start is not None:
            ctx.check_date(self.start, "start")
        start = meeting.start if self.start is None else self.start.astimezone(UTC)
        fmt = self.format or meeting.format
        place = meeting.place if self.place is None else self.place.strip()
        if (start, minutes, fmt, place) == (
            meeting.start,
            meeting.duration_minutes,
            meeting.format,
            meeting.place,
        ):
            raise Refused(
                "CORE-MEETING",
                _("rescheduling changes nothing: give a new time, length, format or place"),
            )
        if (start, minutes) != (meeting.start, meeting.duration_minutes):
            check_slot(tandem, meeting.id, start, minutes, ctx)
        return ev.MeetingRescheduled(
            *ctx.header(tandem.id),
            meeting_id=self.meeting_id,
            start=start,
            duration_minutes=minutes,
            format=fmt,
            place=place,
        )


@frozen(kw_only=True)
class CancelMeeting(MeetingCommand):
    """Either side calls a proposed or confirmed meeting off."""

    verb = "cancel_meeting"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingCancelled`."""
        self.meeting(tandem)
        return ev.MeetingCancelled(
            *ctx.header(tandem.id), meeting_id=self.meeting_id, reason=self.reason.strip()
        )


@frozen(kw_only=True)
class ConfirmAttendance(MeetingCommand):
    """A participant confirms having attended a confirmed meeting (CORE-7)."""

    verb = "confirm_attendance"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """An :class:`~mentorcore.events.AttendanceConfirmed`; the meeting counts as held."""
        meeting = self.meeting(tandem)
        _check_begun(meeting, ctx, missed=False)
        if ctx.role in meeting.attended_by:
            raise Refused(
                "CORE-7",
                _(
                    "the {role} has already confirmed attending this meeting",
                    role=label(ctx.role),
                ),
            )
        return ev.AttendanceConfirmed(*ctx.header(tandem.id), meeting_id=self.meeting_id)


@frozen(kw_only=True)
class MarkMeetingMissed(MeetingCommand):
    """A participant records that a confirmed meeting did not take place."""

    verb = "mark_meeting_missed"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingMissed`."""
        _check_begun(self.meeting(tandem), ctx, missed=True)
        return ev.MeetingMissed(
            *ctx.header(tandem.id), meeting_id=self.meeting_id, reason=self.reason.strip()
        )


@frozen(kw_only=True)
class PrepareMeeting(MeetingCommand):
    """The mentee writes the preparation of a meeting, on the programme's form.

    *values* maps the form's field names to values (typed, or text);
    *template* names the form when the programme has several for the purpose.
    """

    verb = "prepare_meeting"
    values: Mapping[str, object] = field(converter=_frozen_values)
    template: str | None = None

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingPrepared`."""
        self.meeting(tandem)
        form = template_for(ctx.programme, PREPARATION, self.template)
        values = fill(
            form,
            self.values,
            context=_("preparation of meeting {meeting}", meeting=str(self.meeting_id)),
        )
        return ev.MeetingPrepared(
            *ctx.header(tandem.id),
            meeting_id=self.meeting_id,
            template_key=form.key,
            values=values,
        )


@frozen(kw_only=True)
class DocumentMeeting(MeetingCommand):
    """Document a held meeting: its documentation sheet, or for a first
    conversation the first-conversation record (MEDIC-DOC-1)."""

    verb = "document_meeting"
    values: Mapping[str, object] = field(converter=_frozen_values)
    template: str | None = None

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.MeetingDocumented`."""
        meeting = self.meeting(tandem)
        purpose = documentation_purpose(meeting.kind)
        form = template_for(ctx.programme, purpose, self.template)
        values = fill(
            form,
            self.values,
            context=_("record of meeting {meeting}", meeting=str(self.meeting_id)),
        )
        return ev.MeetingDocumented(
            *ctx.header(tandem.id),
            meeting_id=self.meeting_id,
            template_key=form.key,
            purpose=purpose,
            values=values,
        )


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            [
                (
                    "duration_minutes",
                    _(
                        "expected 1 to {most} minutes, got {got}",
                        most=MAX_MINUTES,
                        got=show(minutes),
                    ),
                )
            ]
        )


def _check_counterpart(meeting: Meeting, role: Role) -> None:
    if role in meeting.accepted_by:
        raise Refused(
            "CORE-6",
            _(
                "the {role} proposed this time; only the other side can confirm or decline it",
                role=label(role),
            ),
        )


def _check_begun(meeting: Meeting, ctx: Context, *, missed: bool) -> None:
    if ctx.now < meeting.start:
        start = Moment(meeting.start, ctx.programme.timezone)
        if missed:
            reason = _(
                "the meeting has not begun (planned for {start}); cancel it instead",
                start=start,
            )
        else:
            reason = _(
                "the meeting has not begun (planned for {start}); attendance can be "
                "confirmed once it has begun",
                start=start,
            )
        raise Refused("CORE-7", reason)


def meeting_id_in_use(
    event: ev.TandemEvent, holder: Callable[[str], str | None]
) -> Decision | None:
    """CORE-MEETING: a proposed meeting's id is new to the whole store.

    Hosts may give meeting ids (to know them in advance, as calendar UIDs); one
    id in two tandems would appear twice in a programme's calendar feed and
    overwrite the other meeting on a calendar server. *holder* answers which
    tandem holds a meeting id, if any (the read model). The refusal names the
    id, not the tandem that holds it: that may be someone else's.
    """
    if not isinstance(event, ev.MeetingProposed) or holder(str(event.meeting_id)) is None:
        return None
    return Decision.deny(
        "CORE-MEETING",
        _(
            "the meeting id {meeting} is already in use; leave it out and a new one is made",
            meeting=str(event.meeting_id),
        ),
    )
