"""Calendars for people: feeds, invitations and cancellations of meetings.

Each export is bound to a viewer and contains only what that viewer may see; where the
programme keeps meeting content from the coordination (the default, OSTALB-CONF-1),
every event is ``CLASS:CONFIDENTIAL`` and SUMMARY and DESCRIPTION carry no agenda or
topics for anyone, since calendars travel further than the viewer (shared servers,
phones). Rendering is :mod:`mentorcore.adapters.calendar`'s.

A feed never fails for everyone because of one record: a meeting that cannot
be written, or (in a person's or programme's feed) a tandem whose meetings
cannot be read, is left out and named in an ``X-MENTORCORE-OMITTED`` line of
the feed and in the ``mentorcore`` log (:mod:`mentorcore.read.isolation`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from mentorcore.domain import (
    Actor,
    Meeting,
    MeetingId,
    MeetingStatus,
    Person,
    PersonId,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.errors import InvalidInput, NotFound, NotVisible
from mentorcore.policy.decisions import Content
from mentorcore.read.isolation import Skipped, attempt, explained
from mentorcore.read.visibility import viewer_role
from mentorcore.state.access import State

if TYPE_CHECKING:
    from mentorcore.adapters.calendar import Attendee, CalendarEntry

_CANCELLED = frozenset({MeetingStatus.CANCELLED, MeetingStatus.DECLINED, MeetingStatus.MISSED})


class CalendarFeeds:
    """iCalendar exports bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer
        self.hooks = state.hooks
        self.clock = state.clock
        self.programme = state.programme

    def tandem_calendar(self, tandem_id: TandemId) -> bytes:
        """The tandem's meetings as a feed (``METHOD:PUBLISH``).

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        """
        tandem = self._state.tandem(tandem_id)
        role = viewer_role(self._state, self.viewer, tandem)
        with explained(tandem, "the calendar"):
            entries = self._entries(tandem, role)
        return self._render(entries, "PUBLISH", f"Mentoring {self._names(tandem)}")

    def person_calendar(self, person_id: str) -> bytes:
        """A person's meetings in all their tandems, as a feed.

        The person and the system see all of them; a coordinator those of the
        programmes they coordinate.

        :raises NotFound: unknown person.
        :raises NotVisible: the viewer may see none of them.
        """
        state = self._state
        pid = PersonId(person_id) if isinstance(person_id, str) else None
        person = state.index.persons.get(pid) if pid is not None else None
        if pid is None or person is None:
            raise NotFound("person", person_id)
        own = self.viewer.person_id in (None, pid)
        entries: list[CalendarEntry] = []
        skipped: list[Skipped] = []
        allowed = False
        for summary in state.index.tandems_for(pid):
            role = state.role_for(self.viewer, summary)
            if role is not None and (own or role is Role.COORDINATOR):
                allowed = True
                entries += self._tandem_entries(summary.id, role, skipped)
        if not own and not allowed:
            raise NotVisible(f"[CORE-AUTH] {self.viewer} may not see the meetings of {person_id}")
        return self._render(entries, "PUBLISH", f"Mentoring {person.name}", skipped)

    def programme_calendar(self, programme_key: str) -> bytes:
        """Every meeting of the programme's tandems, for its coordination.

        :raises NotVisible: the viewer neither is the system nor coordinates it.
        """
        state = self._state
        programme = self.programme(programme_key)
        role = state.programme_role(self.viewer, programme.key)
        if role is None:
            raise NotVisible(f"[CORE-AUTH] {self.viewer} does not coordinate {programme.name}")
        entries: list[CalendarEntry] = []
        skipped: list[Skipped] = []
        for summary in state.index.tandems(programme_key=programme.key):
            entries += self._tandem_entries(summary.id, role, skipped)
        return self._render(entries, "PUBLISH", f"Mentoring {programme.name}", skipped)

    def meeting_invitation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """An invitation (``METHOD:REQUEST``) for one planned or held meeting.

        :raises InvalidInput: the meeting is cancelled, declined or missed
            (send :meth:`meeting_cancellation` instead).
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        if meeting.status in _CANCELLED:
            raise InvalidInput(
                [("meeting_id", f"the meeting is {meeting.status.value}: send a cancellation")]
            )
        return self._render([self._entry(tandem, meeting, role)], "REQUEST")

    def meeting_cancellation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """A cancellation (``METHOD:CANCEL``) for a cancelled, declined or missed meeting.

        :raises InvalidInput: the meeting still takes place.
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        if meeting.status not in _CANCELLED:
            raise InvalidInput(
                [("meeting_id", f"the meeting is {meeting.status.value}, not cancelled")]
            )
        return self._render([self._entry(tandem, meeting, role)], "CANCEL")

    def meeting_calendar_object(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """One meeting as a CalDAV calendar object resource (no METHOD, RFC 4791 §4.1).

        Store it under the meeting's UID; storing the next version replaces it,
        and its higher SEQUENCE tells clients which is newer.
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        return self._render([self._entry(tandem, meeting, role)], None)

    def _meeting(self, tandem_id: TandemId, meeting_id: MeetingId) -> tuple[Tandem, Meeting, Role]:
        tandem = self._state.tandem(tandem_id)
        role = viewer_role(self._state, self.viewer, tandem)
        meeting = tandem.meeting(meeting_id)
        if meeting is None:
            raise NotFound("meeting", meeting_id)
        return tandem, meeting, role

    def _tandem_entries(
        self, tandem_id: TandemId, role: Role, skipped: list[Skipped]
    ) -> list[CalendarEntry]:
        """One tandem's entries in a feed of many, or none (and a note) if they
        cannot be computed."""

        def entries() -> list[CalendarEntry]:
            return self._entries(self._state.tandem(tandem_id), role)

        return attempt(tandem_id, "the meetings", skipped, entries) or []

    def _entries(self, tandem: Tandem, role: Role) -> list[CalendarEntry]:
        return [self._entry(tandem, m, role) for m in tandem.meetings]

    def _render(
        self,
        entries: list[CalendarEntry],
        method: str | None,
        name: str = "",
        skipped: list[Skipped] | None = None,
    ) -> bytes:
        entries.sort(key=lambda e: (e.meeting.start, str(e.meeting.id)))
        # icalendar loads only when a calendar is asked for (a CLI call that
        # shows a tandem's status should not pay for it).
        from mentorcore.adapters.calendar import render

        omitted = [s.reason for s in skipped or ()]
        return render(entries, method=method, stamp=self.clock.now(), name=name, omitted=omitted)

    def _names(self, tandem: Tandem) -> str:
        persons = self._state.index.persons.some((tandem.mentee, tandem.mentor))
        return " & ".join(_person(persons, p).name for p in (tandem.mentee, tandem.mentor))

    def _entry(self, tandem: Tandem, meeting: Meeting, role: Role) -> CalendarEntry:
        programme = self.programme(tandem.programme_key)
        persons = self._state.index.persons.some((tandem.mentee, tandem.mentor))

        def may(content: Content, who: Role) -> bool:
            return self.hooks.can_view(programme, content, who, tandem).allowed

        private = not (
            may(Content.MEETING_PREPARATION, Role.COORDINATOR)
            and may(Content.MEETING_NOTES, Role.COORDINATOR)
        )
        kind = meeting.kind.value.replace("_", " ")
        description = f"{meeting.format.value.replace('_', ' ')} meeting, {programme.name}"
        if not private and may(Content.MEETING_PREPARATION, role):
            details = [meeting.agenda, ", ".join(meeting.topics)]
            description = "\n".join([description, *(d for d in details if d)])
        attendees = tuple(
            _attendee(meeting, side, _person(persons, tandem.person_in(side)))
            for side in (Role.MENTEE, Role.MENTOR)
        )
        organizer_side = meeting.proposed_by if meeting.proposed_by is Role.MENTOR else Role.MENTEE
        from mentorcore.adapters.calendar import CalendarEntry

        return CalendarEntry(
            meeting,
            programme.timezone,
            f"Mentoring ({kind}): {self._names(tandem)}",
            description,
            attendees[0] if organizer_side is Role.MENTEE else attendees[1],
            attendees,
            confidential=private,
        )


def _person(persons: Mapping[PersonId, Person], pid: PersonId) -> Person:
    return persons.get(pid) or Person(pid, pid)


def _attendee(meeting: Meeting, side: Role, person: Person) -> Attendee:
    if side in meeting.declined_by:
        partstat = "DECLINED"
    elif side in meeting.accepted_by:
        partstat = "ACCEPTED"
    else:
        partstat = "NEEDS-ACTION"
    from mentorcore.adapters.calendar import Attendee

    return Attendee(person.id, person.name, person.email, partstat)
