"""iCalendar (RFC 5545) rendering of meetings: the only module importing icalendar.

It turns :class:`CalendarEntry` values (prepared by
:mod:`mentorcore.read.feeds`, which applies the viewer's rights) into feeds
(``METHOD:PUBLISH``), invitations (``REQUEST``) and cancellations
(``CANCEL``). Each meeting keeps one UID for life; its SEQUENCE is the
meeting's, raised by every change; DTSTAMP comes from the engine clock.

Every text for people is written in one language per export, chosen by the
caller: SUMMARY, DESCRIPTION and the calendar's name carry it as their
``LANGUAGE`` parameter (RFC 5545 §3.2.10). A meeting's place is split
(:func:`split_place`): web links go into ``URL`` and, for video and phone
meetings, ``CONFERENCE`` (RFC 7986 §5.11, labelled with the format in that
language); what is left, a room or an address, into ``LOCATION``.

No stored value breaks a file or a feed:

- Names and texts: icalendar escapes text values (line breaks travel as
  ``\\n``); control characters, lone surrogates and line separators are
  dropped or replaced; parameter values (CN) also lose quotes and line breaks,
  which some clients (vobject) would otherwise misread.
- Addresses: an e-mail that is not a plain address (CR/LF, spaces, a second
  ``@``...) is not written as ``mailto:``; the person's
  ``urn:mentorcore:person:<id>`` stands in for it.
- Times: meetings whose local times lie in the fixed VTIMEZONE window
  (:data:`TZ_FIRST_YEAR` to :data:`TZ_LAST_YEAR`) are written in the
  programme's zone; any other (1999, 2099, year 1, 9999) in UTC, which every
  parser reads the same without a VTIMEZONE. An end past the last instant a
  datetime holds is clamped to it.
- A feed (``PUBLISH``) never fails for one meeting: one that still cannot be
  written is left out, named in an ``X-MENTORCORE-OMITTED`` line of the
  calendar and in a warning of the ``mentorcore`` logger. A message about one
  meeting (invitation, cancellation, CalDAV object) refuses instead.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from urllib.parse import quote

from attrs import frozen
from icalendar import Calendar, Event, Timezone, vCalAddress, vUri
from icalendar.enums import CLASS, PARTSTAT, ROLE, STATUS

from mentorcore.domain import Meeting, MeetingFormat, MeetingId, MeetingStatus
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Text, _, current_language, negotiate
from mentorcore.i18n import render as render_text
from mentorcore.policy.periods import meeting_end
from mentorcore.policy.periods import zone as time_zone

PRODID = "-//mentorcore//mentorcore 0.1//EN"
#: Every export's VTIMEZONEs cover local times from 1 January of TZ_FIRST_YEAR
#: to 1 January of TZ_LAST_YEAR; meetings outside are written in UTC.
TZ_FIRST_YEAR, TZ_LAST_YEAR = 2000, 2050
#: The calendar property naming what a feed left out, and why.
OMITTED = "X-MENTORCORE-OMITTED"

log = logging.getLogger("mentorcore")

# The window in UTC, a day inside each end: no zone is a day away from UTC.
_ZONED_FROM = datetime(TZ_FIRST_YEAR, 1, 2, tzinfo=UTC)
_ZONED_UNTIL = datetime(TZ_LAST_YEAR - 1, 12, 31, tzinfo=UTC)
# A plain address: one @, no space, control or character that ends a URI or parameter.
_PLAIN_ADDRESS = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+")

# A web link: http(s), up to a space, quote, angle bracket or control character.
_LINK = re.compile(r"https?://[^\s<>\"\\^`{|}\x00-\x1f\x7f\ud800-\udfff]+", re.IGNORECASE)
# Punctuation that ends a sentence around a link rather than the link itself.
_AFTER_LINK = ".,;:!?'"
# What may separate a place from its link ("Raum 3 / https://...", "Zoom: https://...").
_SEPARATORS = " \t\n-\u2013\u2014:;,|/()[]"

#: CONFERENCE's FEATURE for the formats that meet through a link (RFC 7986 §6.3).
FEATURES: dict[MeetingFormat, tuple[str, ...]] = {
    MeetingFormat.VIDEO: ("AUDIO", "VIDEO"),
    MeetingFormat.PHONE: ("AUDIO",),
}

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

    :ivar meeting: The meeting (times, place, status, sequence).
    :ivar timezone: The programme's zone, for DTSTART/DTEND and VTIMEZONE.
    :ivar summary: SUMMARY: no private content. A :class:`~mentorcore.i18n.Message`
        is rendered in the export's language, a string written as it is.
    :ivar description: DESCRIPTION: private content only where allowed.
    :ivar organizer: Who proposed the meeting.
    :ivar attendees: Mentee and mentor.
    :ivar confidential: CLASS:CONFIDENTIAL (else PRIVATE).
    """

    meeting: Meeting
    timezone: str
    summary: Text
    description: Text
    organizer: Attendee
    attendees: tuple[Attendee, ...]
    confidential: bool


@frozen
class Place:
    """A meeting's place as calendars want it.

    :ivar where: The room or address (``LOCATION``); empty if there is none.
    :ivar links: The web links in it, in order (``URL``, ``CONFERENCE``).
    """

    where: str
    links: tuple[str, ...] = ()


def uid_for(meeting_id: MeetingId) -> str:
    """The meeting's UID, the same in every feed and message, for ever."""
    return f"meeting-{meeting_id}@mentorcore"


def split_place(place: str) -> Place:
    """*place* split into the web links in it and what is left.

    ``"https://meet.example.org/abc"`` is only a link; ``"Zoom: https://..."``
    the link and ``"Zoom"``; a place without a link stays as it is.
    Punctuation that closes a sentence is not part of a link.
    """
    links = tuple(_trimmed(m.group()) for m in _LINK.finditer(place))
    if not links:
        return Place(place)
    rest = re.sub(r"[ \t]+", " ", _LINK.sub(" ", place)).strip(_SEPARATORS + _AFTER_LINK)
    return Place(rest if any(c.isalnum() for c in rest) else "", links)


def _trimmed(link: str) -> str:
    """*link* without the punctuation of the sentence around it (a closing
    bracket only if the link opens none)."""
    while link and (
        link[-1] in _AFTER_LINK or (link[-1] == ")" and link.count("(") < link.count(")"))
    ):
        link = link[:-1]
    return link


def render(
    entries: Sequence[CalendarEntry],
    *,
    method: str | None,
    stamp: datetime,
    name: Text = "",
    omitted: Sequence[Text] = (),
    language: str | None = None,
) -> bytes:
    """An iCalendar object with one VEVENT per entry and the VTIMEZONEs they need.

    :param method: ``PUBLISH`` (a feed), ``REQUEST`` or ``CANCEL``; ``None`` for
        a calendar object resource to store on a CalDAV server, which must
        carry no METHOD (RFC 4791 §4.1).
    :param stamp: DTSTAMP: when the object is created (the engine clock).
    :param name: The calendar's display name (X-WR-CALNAME).
    :param omitted: What the caller left out of a feed, and why: each becomes
        an ``X-MENTORCORE-OMITTED`` line, as do meetings left out here.
    :param language: The language of every text for people (default: the
        context's); messages are rendered in it.
    :raises InvalidInput: not a feed, and its meeting cannot be written.
    """
    lang = negotiate(language) or current_language()
    feed = method == "PUBLISH"
    notes = [render_text(note, lang) for note in omitted]
    events: list[tuple[CalendarEntry, Event]] = []
    for entry in entries:
        try:
            events.append((entry, _event(entry, stamp, lang, cancel=method == "CANCEL")))
        except (ValueError, OverflowError) as exc:
            _leave_out(entry, exc, feed, notes, lang)
    title = render_text(name, lang)
    try:
        built = _calendar([event for __, event in events], method, title, notes, lang)
        data: bytes = built.to_ical()
        return data
    except (ValueError, OverflowError):
        pass  # some text still cannot be encoded: find the events that fail
    kept = []
    for entry, event in events:
        try:
            event.to_ical()
            kept.append(event)
        except (ValueError, OverflowError) as exc:
            _leave_out(entry, exc, feed, notes, lang)
    data = _calendar(kept, method, title, notes, lang).to_ical()
    return data


def _calendar(
    events: list[Event], method: str | None, name: str, notes: list[str], lang: str
) -> Calendar:
    cal = Calendar.new(method=method, prodid=PRODID, name=_param(name) or None)
    for key in ("NAME", "X-WR-CALNAME"):
        if key in cal:
            cal[key].params["LANGUAGE"] = lang
    for note in notes:
        cal.add(OMITTED, _param(note), parameters={"LANGUAGE": lang})
    for event in events:
        cal.add_component(event)
    # VTIMEZONEs go first, as icalendar's add_missing_timezones puts them.
    zones = [z for tzid in sorted(cal.get_missing_tzids()) if (z := _zone(tzid)) is not None]
    cal.subcomponents[len(cal.timezones) : len(cal.timezones)] = zones
    return cal


@functools.lru_cache(maxsize=32)
def _zone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of *tzid*, made once per process: building one takes most
    of an invitation's time (thousands of offsets looked up), and every export
    carries the same definition anyway. Shared between calendars, so never
    changed after it is made; ``None`` for a zone icalendar does not know.

    One fixed window, not the feed's own years: clients such as vobject keep
    the first VTIMEZONE they see for a TZID for the whole process, so every
    export must carry the same definition (meetings outside it are in UTC).
    """
    try:
        zone = Timezone.from_tzid(
            tzid, first_date=date(TZ_FIRST_YEAR, 1, 1), last_date=date(TZ_LAST_YEAR, 1, 1)
        )
    except ValueError:
        return None
    _one_rdate_per_line(zone)
    return zone


def _leave_out(
    entry: CalendarEntry, exc: Exception, feed: bool, notes: list[str], lang: str
) -> None:
    """Note a meeting a feed leaves out; refuse a message about it."""
    uid, error = uid_for(entry.meeting.id), type(exc).__name__
    if not feed:
        problem = _("{uid} cannot be written as iCalendar ({error})", uid=uid, error=error)
        raise InvalidInput([("meeting_id", problem)]) from exc
    log.warning("calendar feed: %s left out, it cannot be written: %r", uid, exc)
    note = _("{uid}: left out, it cannot be written as iCalendar ({error})", uid=uid, error=error)
    notes.append(note.render(lang))


def _one_rdate_per_line(zone: Timezone) -> None:
    """Write each RDATE of a VTIMEZONE as a property of its own.

    icalendar lists a zone's transitions in one RDATE property; vobject 0.9.9
    reads only the first date of such a list, and so put every meeting after
    the first two daylight-saving changes an hour off (seen in
    ``tests/test_calendar.py``). One date per property means the same to
    RFC 5545 and to every client.
    """
    for rule in zone.subcomponents:
        listed = rule.get("RDATE")
        if listed is None:
            continue
        dates = [
            d.dt for part in (listed if isinstance(listed, list) else [listed]) for d in part.dts
        ]
        del rule["RDATE"]
        for when in dates:
            rule.add("RDATE", when)


def _event(entry: CalendarEntry, stamp: datetime, lang: str, *, cancel: bool) -> Event:
    m = entry.meeting
    start, end = m.start, meeting_end(m)
    if start >= _ZONED_FROM and end <= _ZONED_UNTIL:
        local = time_zone(entry.timezone)
        start, end = start.astimezone(local), end.astimezone(local)
    else:  # outside the VTIMEZONE window: UTC reads the same everywhere
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    place = split_place(_text(m.place))
    event = Event.new(
        uid=uid_for(m.id),
        stamp=stamp,
        start=start,
        end=end,
        summary=_text(render_text(entry.summary, lang)),
        description=_text(render_text(entry.description, lang)) or None,
        location=place.where or None,
        url=place.links[0] if place.links else None,
        sequence=m.sequence,
        status=STATUS.CANCELLED if cancel else _STATUS[m.status],
        classification=CLASS.CONFIDENTIAL if entry.confidential else CLASS.PRIVATE,
        last_modified=m.changed_at,
        organizer=_address(entry.organizer, organizer=True),
        attendees=[_address(a) for a in entry.attendees],
    )
    for key in ("SUMMARY", "DESCRIPTION"):
        if key in event:
            event[key].params["LANGUAGE"] = lang
    features = FEATURES.get(m.format)
    for link in place.links if features else ():
        # Not icalendar's Conference: it writes FEATURE="AUDIO,VIDEO", quoted,
        # which RFC 5545 reads as one feature; a list is written unquoted.
        uri = vUri(link)
        uri.params.update(
            VALUE="URI",
            FEATURE=list(features or ()),
            LABEL=_param(label(m.format).render(lang)),
            LANGUAGE=lang,
        )
        event.add("CONFERENCE", uri)
    return event


def _address(person: Attendee, *, organizer: bool = False) -> vCalAddress:
    email = person.email
    if email and _PLAIN_ADDRESS.fullmatch(email) and not any(_hidden(c) for c in email):
        uri = f"mailto:{email}"
    else:  # no address, or one that would break the line or mislead: the person's id
        uri = f"urn:mentorcore:person:{quote(person.person_id, safe='@')}"
    address = vCalAddress(uri)
    address.params["CN"] = _param(person.name)
    if not organizer:
        address.params["PARTSTAT"] = str(PARTSTAT(person.partstat))
        address.params["ROLE"] = str(ROLE.REQ_PARTICIPANT)
    return address


def _hidden(char: str) -> bool:
    """A control character, lone surrogate, format character or line separator."""
    return unicodedata.category(char) in ("Cc", "Cs", "Cf", "Zl", "Zp")


def _param(text: str) -> str:
    """One line without quotes or control characters, for a parameter value
    (RFC 5545 §3.2) or a note; a lone surrogate becomes U+FFFD."""
    cleaned = "".join(_shown(c, " ") for c in text if c != '"')
    return " ".join(cleaned.split())


def _text(text: str) -> str:
    """A TEXT value: line breaks kept (escaped by icalendar), other controls
    dropped, line separators made line breaks, lone surrogates U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c if c in "\n\t" else _shown(c, "\n") for c in text).strip()


def _shown(char: str, line_break: str) -> str:
    category = unicodedata.category(char)
    if category == "Cs":
        return "\ufffd"
    if category in ("Zl", "Zp"):
        return line_break
    if category == "Cc":
        return " " if line_break == " " else ""
    return char
