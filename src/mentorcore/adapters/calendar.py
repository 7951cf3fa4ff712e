"""iCalendar (RFC 5545) rendering of meetings: the only module importing icalendar.

It turns :class:`CalendarEntry` values (prepared by
:mod:`mentorcore.read.feeds`, which applies the viewer's rights) into feeds
(``METHOD:PUBLISH``), invitations (``REQUEST``) and cancellations
(``CANCEL``). Each meeting keeps one UID for life; its SEQUENCE is the
meeting's, raised by every change; DTSTAMP comes from the engine clock.
Names and texts cannot break the file: icalendar escapes text values, and
parameter values (CN) lose quotes and control characters, which some clients
(vobject) would otherwise misread.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from attrs import frozen
from icalendar import Calendar, Event, vCalAddress
from icalendar.enums import CLASS, PARTSTAT, ROLE, STATUS

from mentorcore.domain import Meeting, MeetingId, MeetingStatus

PRODID = "-//mentorcore//mentorcore 0.1//EN"
#: The years the VTIMEZONEs of every export cover (widened only for meetings outside).
TZ_FIRST_YEAR, TZ_LAST_YEAR = 2000, 2050

_STATUS = {
    MeetingStatus.PROPOSED: STATUS.TENTATIVE,
    MeetingStatus.CONFIRMED: STATUS.CONFIRMED,
    MeetingStatus.HELD: STATUS.CONFIRMED,
    MeetingStatus.DECLINED: STATUS.CANCELLED,
    MeetingStatus.CANCELLED: STATUS.CANCELLED,
    MeetingStatus.MISSED: STATUS.CANCELLED,
}


@frozen
class Attendee:
    """A participant as a calendar sees them.

    :ivar person_id: The host's id (the address when there is no e-mail).
    :ivar name: Shown as CN.
    :ivar email: The calendar address, if known.
    :ivar partstat: ``ACCEPTED``, ``DECLINED`` or ``NEEDS-ACTION``.
    """

    person_id: str
    name: str
    email: str | None
    partstat: str


@frozen
class CalendarEntry:
    """One meeting, ready to render; every text in it may be shown to the viewer.

    :ivar meeting: The meeting (times, status, sequence).
    :ivar timezone: The programme's zone, for DTSTART/DTEND and VTIMEZONE.
    :ivar summary: SUMMARY: no private content.
    :ivar description: DESCRIPTION: private content only where allowed.
    :ivar organizer: Who proposed the meeting.
    :ivar attendees: Mentee and mentor.
    :ivar confidential: CLASS:CONFIDENTIAL (else PRIVATE).
    """

    meeting: Meeting
    timezone: str
    summary: str
    description: str
    organizer: Attendee
    attendees: tuple[Attendee, ...]
    confidential: bool


def uid_for(meeting_id: MeetingId) -> str:
    """The meeting's UID, the same in every feed and message, for ever."""
    return f"meeting-{meeting_id}@mentorcore"


def render(
    entries: Sequence[CalendarEntry], *, method: str | None, stamp: datetime, name: str = ""
) -> bytes:
    """An iCalendar object with one VEVENT per entry and the VTIMEZONEs they need.

    :param method: ``PUBLISH`` (a feed), ``REQUEST`` or ``CANCEL``; ``None`` for
        a calendar object resource to store on a CalDAV server, which must
        carry no METHOD (RFC 4791 §4.1).
    :param stamp: DTSTAMP: when the object is created (the engine clock).
    :param name: The calendar's display name (X-WR-CALNAME).
    """
    cal = Calendar.new(method=method, prodid=PRODID, name=_param(name) or None)
    for entry in entries:
        cal.add_component(_event(entry, stamp, cancel=method == "CANCEL"))
    if entries:
        years = [e.meeting.start.year for e in entries]
        # One fixed window, not the feed's own years: clients such as vobject
        # keep the first VTIMEZONE they see for a TZID for the whole process,
        # so every feed must carry the same, sufficient definition.
        first = date(min(TZ_FIRST_YEAR, min(years) - 1), 1, 1)
        last = date(max(TZ_LAST_YEAR, max(years) + 2), 1, 1)
        cal.add_missing_timezones(first_date=first, last_date=last)
        _one_rdate_per_line(cal)
    data: bytes = cal.to_ical()
    return data


def _one_rdate_per_line(cal: Calendar) -> None:
    """Write each RDATE of a VTIMEZONE as a property of its own.

    icalendar lists a zone's transitions in one RDATE property; vobject 0.9.9
    reads only the first date of such a list, and so put every meeting after
    the first two daylight-saving changes an hour off (seen in
    ``tests/test_calendar.py``). One date per property means the same to
    RFC 5545 and to every client.
    """
    for zone in cal.walk("VTIMEZONE"):
        for rule in zone.subcomponents:
            listed = rule.get("RDATE")
            if listed is None:
                continue
            dates = [
                d.dt
                for part in (listed if isinstance(listed, list) else [listed])
                for d in part.dts
            ]
            del rule["RDATE"]
            for when in dates:
                rule.add("RDATE", when)


def _event(entry: CalendarEntry, stamp: datetime, *, cancel: bool) -> Event:
    m = entry.meeting
    zone = ZoneInfo(entry.timezone)
    event = Event.new(
        uid=uid_for(m.id),
        stamp=stamp,
        start=m.start.astimezone(zone),
        end=m.end.astimezone(zone),
        summary=_text(entry.summary),
        description=_text(entry.description) or None,
        location=_text(m.place) or None,
        sequence=m.sequence,
        status=STATUS.CANCELLED if cancel else _STATUS[m.status],
        classification=CLASS.CONFIDENTIAL if entry.confidential else CLASS.PRIVATE,
        last_modified=m.changed_at,
        organizer=_address(entry.organizer, organizer=True),
        attendees=[_address(a) for a in entry.attendees],
    )
    return event


def _address(person: Attendee, *, organizer: bool = False) -> vCalAddress:
    uri = (
        f"mailto:{person.email}"
        if person.email
        else f"urn:mentorcore:person:{_param(person.person_id)}"
    )
    address = vCalAddress(uri)
    address.params["CN"] = _param(person.name)
    if not organizer:
        address.params["PARTSTAT"] = str(PARTSTAT(person.partstat))
        address.params["ROLE"] = str(ROLE.REQ_PARTICIPANT)
    return address


def _param(text: str) -> str:
    """A parameter value without quotes or control characters (RFC 5545 §3.2)."""
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text if c != '"')
    return " ".join(cleaned.split())


def _text(text: str) -> str:
    """A TEXT value: line breaks kept (escaped by icalendar), other controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()
