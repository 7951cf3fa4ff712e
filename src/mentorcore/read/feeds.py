"""Calendars for people: feeds, invitations and cancellations of meetings.

Each export is bound to a viewer and contains only what that viewer may see; where the
programme keeps meeting content from the coordination (the default, OSTALB-CONF-1),
every event is ``CLASS:CONFIDENTIAL`` and SUMMARY and DESCRIPTION carry no agenda or
topics for anyone, since calendars travel further than the viewer (shared servers,
phones). Rendering is :mod:`mentorcore.adapters.calendar`'s.

Each export speaks one language: the one asked for (the reader's), else the
context's, the engine's, the programme's (:meth:`State.language_for
<mentorcore.state.access.State.language_for>`); a person's feed takes the
default of her programmes if they share one. SUMMARY is the meeting's kind
and the two names ("Mentoringtreffen: Ana Roth und Dr. Ben Weber"),
DESCRIPTION the programme, format, people, status and link, then agenda and
topics where the viewer may see them.

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
    MeetingFormat,
    MeetingId,
    MeetingStatus,
    Person,
    PersonId,
    Programme,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput, NotFound, NotVisible
from mentorcore.i18n import Message, Text, _
from mentorcore.policy.decisions import Content
from mentorcore.read.isolation import Skipped, attempt, explained
from mentorcore.read.visibility import viewer_role
from mentorcore.state.access import State

if TYPE_CHECKING:
    from mentorcore.adapters.calendar import Attendee, CalendarEntry

_CANCELLED = frozenset({MeetingStatus.CANCELLED, MeetingStatus.DECLINED, MeetingStatus.MISSED})


class CalendarFeeds:
    """iCalendar exports bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor, *, language: str | None = None) -> None:
        self._state = state
        self.viewer = viewer
        #: The language asked for (``None``: the context's, the engine's, the programme's).
        self.language = language
        self.hooks = state.hooks
        self.clock = state.clock
        self.programme = state.programme

    def tandem_calendar(self, tandem_id: TandemId) -> bytes:
        """The tandem's meetings as a feed (``METHOD:PUBLISH``).

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        """
        tandem = self._state.tandem(tandem_id)
        role = viewer_role(self._state, self.viewer, tandem)
        lang = self._language(tandem.programme_key)
        with explained(tandem, "the calendar"):
            entries = self._entries(tandem, role, lang)
        name = _("Mentoring meetings of {names}", names=self._names(tandem))
        return self._render(entries, "PUBLISH", lang, name)

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
        summaries = state.index.tandems_for(pid)
        lang = self._language(*(s.programme_key for s in summaries))
        entries: list[CalendarEntry] = []
        skipped: list[Skipped] = []
        allowed = False
        for summary in summaries:
            role = state.role_for(self.viewer, summary)
            if role is not None and (own or role is Role.COORDINATOR):
                allowed = True
                entries += self._tandem_entries(summary.id, role, skipped, lang)
        if not own and not allowed:
            refusal = _(
                "[CORE-AUTH] {viewer} may not see the meetings of {person}",
                viewer=self._viewer_name(),
                person=person.name,
            )
            raise NotVisible(refusal)
        name = _("Mentoring meetings of {names}", names=(person.name,))
        return self._render(entries, "PUBLISH", lang, name, skipped)

    def programme_calendar(self, programme_key: str) -> bytes:
        """Every meeting of the programme's tandems, for its coordination.

        :raises NotVisible: the viewer neither is the system nor coordinates it.
        """
        state = self._state
        programme = self.programme(programme_key)
        role = state.programme_role(self.viewer, programme.key)
        if role is None:
            raise NotVisible(
                _(
                    "[CORE-AUTH] {viewer} does not coordinate {programme}",
                    viewer=self._viewer_name(),
                    programme=programme.name,
                )
            )
        lang = self._language(programme.key)
        entries: list[CalendarEntry] = []
        skipped: list[Skipped] = []
        for summary in state.index.tandems(programme_key=programme.key):
            entries += self._tandem_entries(summary.id, role, skipped, lang)
        name = _("Mentoring meetings in {programme}", programme=programme.name)
        return self._render(entries, "PUBLISH", lang, name, skipped)

    def meeting_invitation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """An invitation (``METHOD:REQUEST``) for one planned or held meeting.

        :raises InvalidInput: the meeting is cancelled, declined or missed
            (send :meth:`meeting_cancellation` instead).
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        if meeting.status in _CANCELLED:
            status = label(meeting.status)
            problem = _("the meeting is {status}: send a cancellation", status=status)
            raise InvalidInput([("meeting_id", problem)])
        lang = self._language(tandem.programme_key)
        return self._render([self._entry(tandem, meeting, role, lang)], "REQUEST", lang)

    def meeting_cancellation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """A cancellation (``METHOD:CANCEL``) for a cancelled, declined or missed meeting.

        :raises InvalidInput: the meeting still takes place.
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        if meeting.status not in _CANCELLED:
            status = label(meeting.status)
            problem = _("the meeting is {status}, not cancelled", status=status)
            raise InvalidInput([("meeting_id", problem)])
        lang = self._language(tandem.programme_key)
        return self._render([self._entry(tandem, meeting, role, lang)], "CANCEL", lang)

    def meeting_calendar_object(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """One meeting as a CalDAV calendar object resource (no METHOD, RFC 4791 §4.1).

        Store it under the meeting's UID; storing the next version replaces it,
        and its higher SEQUENCE tells clients which is newer.
        """
        tandem, meeting, role = self._meeting(tandem_id, meeting_id)
        lang = self._language(tandem.programme_key)
        return self._render([self._entry(tandem, meeting, role, lang)], None, lang)

    def _language(self, *programmes: str) -> str:
        """The export's language: :meth:`State.language_for` of the
        programmes, if they agree; else as if no programme were known."""
        state = self._state
        found = {state.language_for(p, self.language) for p in programmes}
        return found.pop() if len(found) == 1 else state.language_for(None, self.language)

    def _viewer_name(self) -> Text:
        """The viewer's name, for a refusal."""
        pid = self.viewer.person_id
        if pid is None:
            return label(Role.SYSTEM)
        person = self._state.index.persons.get(pid)
        return person.name if person is not None else str(pid)

    def _meeting(self, tandem_id: TandemId, meeting_id: MeetingId) -> tuple[Tandem, Meeting, Role]:
        tandem = self._state.tandem(tandem_id)
        role = viewer_role(self._state, self.viewer, tandem)
        meeting = tandem.meeting(meeting_id)
        if meeting is None:
            raise NotFound("meeting", meeting_id)
        return tandem, meeting, role

    def _tandem_entries(
        self, tandem_id: TandemId, role: Role, skipped: list[Skipped], lang: str
    ) -> list[CalendarEntry]:
        """One tandem's entries in a feed of many, or none (and a note) if they
        cannot be computed."""

        def entries() -> list[CalendarEntry]:
            return self._entries(self._state.tandem(tandem_id), role, lang)

        return attempt(tandem_id, "the meetings", skipped, entries) or []

    def _entries(self, tandem: Tandem, role: Role, lang: str) -> list[CalendarEntry]:
        return [self._entry(tandem, m, role, lang) for m in tandem.meetings]

    def _render(
        self,
        entries: list[CalendarEntry],
        method: str | None,
        lang: str,
        name: Text = "",
        skipped: list[Skipped] | None = None,
    ) -> bytes:
        entries.sort(key=lambda e: (e.meeting.start, str(e.meeting.id)))
        # icalendar loads only when a calendar is asked for (a CLI call that
        # shows a tandem's status should not pay for it).
        from mentorcore.adapters.calendar import render

        omitted = [s.reason for s in skipped or ()]
        stamp = self.clock.now()
        return render(
            entries, method=method, stamp=stamp, name=name, omitted=omitted, language=lang
        )

    def _names(self, tandem: Tandem) -> tuple[str, str]:
        """The mentee's and the mentor's name."""
        persons = self._state.index.persons.some((tandem.mentee, tandem.mentor))
        return _person(persons, tandem.mentee).name, _person(persons, tandem.mentor).name

    def _entry(self, tandem: Tandem, meeting: Meeting, role: Role, lang: str) -> CalendarEntry:
        programme = self.programme(tandem.programme_key)
        persons = self._state.index.persons.some((tandem.mentee, tandem.mentor))

        def may(content: Content, who: Role) -> bool:
            return self.hooks.can_view(programme, content, who, tandem).allowed

        private = not (
            may(Content.MEETING_PREPARATION, Role.COORDINATOR)
            and may(Content.MEETING_NOTES, Role.COORDINATOR)
        )
        names = self._names(tandem)
        # A title starts with a capital letter: the kind's label is a noun
        # phrase in lower case in English ("mentoring meeting").
        title = _("{kind}: {names}", kind=label(meeting.kind), names=names).render(lang)
        lines = _details(programme, meeting, names)
        if not private and may(Content.MEETING_PREPARATION, role):
            lines += _content(programme, meeting)
        attendees = tuple(
            _attendee(meeting, side, _person(persons, tandem.person_in(side)))
            for side in (Role.MENTEE, Role.MENTOR)
        )
        organizer_side = meeting.proposed_by if meeting.proposed_by is Role.MENTOR else Role.MENTEE
        from mentorcore.adapters.calendar import CalendarEntry

        return CalendarEntry(
            meeting,
            programme.timezone,
            title[:1].upper() + title[1:],
            "\n".join(line.render(lang) for line in lines),
            attendees[0] if organizer_side is Role.MENTEE else attendees[1],
            attendees,
            confidential=private,
        )


def _details(programme: Programme, meeting: Meeting, names: tuple[str, str]) -> list[Message]:
    """DESCRIPTION's lines for everyone who sees the meeting: no private content."""
    from mentorcore.adapters.calendar import split_place

    lines = [
        _("Programme: {programme}", programme=programme.name),
        _("Format: {format}", format=label(meeting.format)),
        _("Mentee: {name}", name=names[0]),
        _("Mentor: {name}", name=names[1]),
        _("Status: {status}", status=label(meeting.status)),
    ]
    for link in split_place(meeting.place).links:
        if meeting.format is MeetingFormat.VIDEO:
            lines.append(_("Link to the video call: {link}", link=link))
        else:
            lines.append(_("Link: {link}", link=link))
    return lines


def _content(programme: Programme, meeting: Meeting) -> list[Message]:
    """DESCRIPTION's lines on what the meeting is about, for those who may see it."""
    lines = []
    if meeting.agenda:
        lines.append(_("Agenda: {agenda}", agenda=meeting.agenda))
    if meeting.topics:
        topics = tuple(_topic(programme, key) for key in meeting.topics)
        lines.append(_("Topics: {topics}", topics=topics))
    return lines


def _topic(programme: Programme, key: str) -> Text:
    """A planned topic as the programme names it; free text as it is."""
    topic = programme.topic(key)
    return topic.title if topic is not None else key


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
