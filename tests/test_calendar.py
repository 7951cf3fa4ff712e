"""iCalendar export, read back by icalendar and by an independent parser (vobject)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from meeting_kit import ANA, BEN, CARLA, EVE, SYSTEM, active, meet, propose

from mentorcore import (
    CancelMeeting,
    ConfirmMeeting,
    Content,
    Decision,
    DeclineMeeting,
    InvalidInput,
    MeetingFormat,
    MeetingKind,
    NotVisible,
    Person,
    ProposeMeeting,
    RescheduleMeeting,
    hookimpl,
    weekly_starts,
)
from mentorcore.adapters.calendar import uid_for
from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.events import PersonRegistered

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 10, 12, 16, 0, tzinfo=UTC)


def _vevents(ics: bytes):
    parsed = vobject.readOne(ics.decode())
    return parsed, list(getattr(parsed, "vevent_list", []))


def _icalendar_events(ics: bytes):
    cal = icalendar.Calendar.from_ical(ics)  # bytes, never a str (library-notes §4)
    for component in cal.walk("VEVENT"):
        assert not component.errors
    return cal, list(cal.walk("VEVENT"))


def test_a_feed_reads_back_the_same_in_two_independent_parsers(make_engine, clock):
    engine = make_engine()
    t = active(engine)
    a = meet(engine, t, START, held=False, fmt=MeetingFormat.VIDEO, minutes=45)
    b = propose(engine, t, START + timedelta(days=30), kind=MeetingKind.CLOSING, place="Aula")
    ics = engine.reader(ANA).tandem_calendar(t.id)
    cal, events = _icalendar_events(ics)
    vcal, vevents = _vevents(ics)
    assert str(cal["METHOD"]) == vcal.method.value == "PUBLISH"
    assert cal.walk("VTIMEZONE")
    assert str(cal.walk("VTIMEZONE")[0]["TZID"]) == "Europe/Berlin"
    expected = {uid_for(m.id): m for m in (a, b)}
    by_ical = {str(e["UID"]): e for e in events}
    by_vobject = {e.uid.value: e for e in vevents}
    assert set(by_ical) == set(by_vobject) == set(expected)
    for uid, m in expected.items():
        ie, ve = by_ical[uid], by_vobject[uid]
        assert ie.start == ve.dtstart.value == m.start
        assert ie.end == ve.dtend.value == m.end
        assert str(ie.start.tzinfo) == "Europe/Berlin"  # local time with TZID, not UTC
        assert str(ie["SUMMARY"]) == ve.summary.value
        assert ve.summary.value.endswith(": Ana Roth and Dr. Ben Weber")
        assert ie["SEQUENCE"] == int(ve.sequence.value) == m.sequence
        assert ve.dtstamp.value == clock.now()
    assert by_vobject[uid_for(b.id)].location.value == "Aula"
    statuses = {uid: by_vobject[uid].status.value for uid in expected}
    assert statuses == {uid_for(a.id): "CONFIRMED", uid_for(b.id): "TENTATIVE"}


def test_attendees_carry_their_participation_status(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, START)
    ics = engine.reader(ANA).meeting_invitation(t.id, m.id)
    (event,) = _icalendar_events(ics)[1]
    assert str(icalendar.Calendar.from_ical(ics)["METHOD"]) == "REQUEST"
    partstat = {str(a): a.params["PARTSTAT"] for a in event.attendees}
    assert partstat == {
        "mailto:ana@example.org": "ACCEPTED",
        "mailto:ben@example.org": "NEEDS-ACTION",
    }
    assert str(event["ORGANIZER"]) == "mailto:ana@example.org"
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=BEN)
    (again,) = _icalendar_events(engine.reader(BEN).meeting_invitation(t.id, m.id))[1]
    assert {a.params["PARTSTAT"] for a in again.attendees} == {"ACCEPTED"}
    assert again["SEQUENCE"] > event["SEQUENCE"]
    assert str(again["UID"]) == str(event["UID"])


def test_a_cancellation_keeps_the_uid_and_raises_the_sequence(make_engine):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, START, held=False)
    with pytest.raises(InvalidInput, match="not cancelled"):
        engine.reader(ANA).meeting_cancellation(t.id, m.id)
    invitation = _vevents(engine.reader(ANA).meeting_invitation(t.id, m.id))[1][0]
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=m.id), actor=BEN)
    with pytest.raises(InvalidInput, match="send a cancellation"):
        engine.reader(ANA).meeting_invitation(t.id, m.id)
    vcal, (cancel,) = _vevents(engine.reader(ANA).meeting_cancellation(t.id, m.id))
    assert vcal.method.value == "CANCEL"
    assert cancel.uid.value == invitation.uid.value
    assert cancel.status.value == "CANCELLED"
    assert int(cancel.sequence.value) > int(invitation.sequence.value)


def test_quotes_commas_and_newlines_cannot_break_the_file(make_engine):
    engine = make_engine()
    t = active(engine)
    hostile_name = Person("ana", 'Ana "Nana" Roth,\nJr.\x07', email="ana@example.org")
    with pytest.raises(InvalidInput, match=r"person\.name"):  # refused at the door now
        engine.register_person(hostile_name, actor=SYSTEM)
    # ... but a database written before the door checked names may hold one.
    old = PersonRegistered(START, SYSTEM, "ana", hostile_name)
    engine.store.append(
        [
            Append(
                "person:ana",
                engine.store.version("person:ana"),
                (NewEvent(*EventTypes().encode(old)),),  # unsealed, as then
            )
        ]
    )
    hostile = 'Raum 3, 2. OG; "Ecke"\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT'
    m = propose(engine, t, START, place=hostile)
    ics = engine.reader(BEN).tandem_calendar(t.id)
    _, (event,) = _icalendar_events(ics)
    _, (vevent,) = _vevents(ics)
    assert len(event.attendees) == len(vevent.attendee_list) == 2
    assert "evil@example.org" not in {str(a) for a in event.attendees}
    assert str(event["LOCATION"]) == vevent.location.value == m.place.replace("\r\n", "\n")
    names = {a.params["CN"][0] for a in vevent.attendee_list}
    assert names == {"Ana Nana Roth, Jr.", "Dr. Ben Weber"}
    assert (
        vevent.summary.value
        == event["SUMMARY"]
        == ('Mentoring meeting: Ana "Nana" Roth,\nJr. and Dr. Ben Weber')
    )


class OpenToCoordination:
    """A test programme that shows meeting content to its coordination."""

    @hookimpl
    def mentorcore_can_view(self, content, viewer_role):
        if content in (Content.MEETING_NOTES, Content.MEETING_PREPARATION):
            return Decision.allow("TEST-OPEN", "open programme")
        return None


def test_private_content_stays_out_where_the_programme_keeps_it_private(make_engine):
    engine = make_engine()
    t = active(engine)
    propose(engine, t, START, agenda="my exam anxiety", topics=("leaving medicine",))
    for viewer in (ANA, BEN):
        ics = engine.reader(viewer).tandem_calendar(t.id)
        _, (event,) = _icalendar_events(ics)
        assert str(event["CLASS"]) == "CONFIDENTIAL"
        assert b"anxiety" not in ics
        assert b"leaving" not in ics
    open_engine = make_engine(plugins=[OpenToCoordination()])
    t = active(open_engine)
    propose(open_engine, t, START, agenda="exam strategy", topics=("career",))
    _, (event,) = _icalendar_events(open_engine.reader(BEN).tandem_calendar(t.id))
    assert str(event["CLASS"]) == "PRIVATE"
    assert "exam strategy" in str(event["DESCRIPTION"])
    assert "career" in str(event["DESCRIPTION"])
    assert "exam" not in str(event["SUMMARY"])


def test_person_and_programme_feeds_follow_the_viewers_rights(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, START)
    for feed in (
        engine.reader(ANA).person_calendar("ana"),
        engine.reader(CARLA).person_calendar("ben"),
        engine.reader(CARLA).programme_calendar("default"),
        engine.reader(SYSTEM).programme_calendar("default"),
    ):
        assert [e.uid.value for e in _vevents(feed)[1]] == [uid_for(m.id)]
    with pytest.raises(NotVisible):
        engine.reader(BEN).person_calendar("ana")
    with pytest.raises(NotVisible):
        engine.reader(ANA).programme_calendar("default")
    with pytest.raises(NotVisible):
        engine.reader(EVE).tandem_calendar(t.id)


def test_a_meeting_series_across_daylight_saving_keeps_its_wall_clock_time(make_engine):
    engine = make_engine()
    t = active(engine)
    first = datetime(2027, 3, 15, 18, 0, tzinfo=BERLIN)  # DST starts on 28 March 2027
    starts = weekly_starts(first, 4, timezone="Europe/Berlin")
    engine.execute_all(
        [ProposeMeeting(tandem_id=t.id, start=s, format=MeetingFormat.VIDEO) for s in starts],
        actor=ANA,
    )
    ics = engine.reader(ANA).tandem_calendar(t.id)
    _, vevents = _vevents(ics)
    _, events = _icalendar_events(ics)
    for parsed in ([e.dtstart.value for e in vevents], [e.start for e in events]):
        local = sorted(parsed)
        assert [(d.astimezone(BERLIN).hour, d.astimezone(BERLIN).minute) for d in local] == [
            (18, 0)
        ] * 4
        assert [d.utcoffset() for d in local] == [timedelta(hours=h) for h in (1, 1, 2, 2)]
        assert [d.astimezone(UTC).hour for d in local] == [17, 17, 16, 16]
    # moving one meeting keeps its UID and the others untouched
    meeting = engine.reader(SYSTEM).tandem(t.id).meetings[2]
    engine.execute(
        RescheduleMeeting(
            tandem_id=t.id, meeting_id=meeting.id, start=starts[2] + timedelta(hours=1)
        ),
        actor=BEN,
    )
    moved = {e.uid.value: e for e in _vevents(engine.reader(ANA).tandem_calendar(t.id))[1]}
    assert moved[uid_for(meeting.id)].dtstart.value.astimezone(BERLIN).hour == 19
    assert int(moved[uid_for(meeting.id)].sequence.value) == meeting.sequence + 1
    assert [m.start for m in engine.reader(SYSTEM).tandem(t.id).meetings if m.id != meeting.id] == [
        s for s in starts if s != starts[2]
    ]


def test_weekly_starts_refuses_naive_times():
    with pytest.raises(InvalidInput):
        weekly_starts(datetime(2027, 3, 15, 18), 2, timezone="Europe/Berlin")


def test_a_declined_meeting_is_cancelled_with_the_declining_side_marked(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, START)
    engine.execute(DeclineMeeting(tandem_id=t.id, meeting_id=m.id, reason="on call"), actor=BEN)
    _, (event,) = _icalendar_events(engine.reader(ANA).meeting_cancellation(t.id, m.id))
    assert str(event["STATUS"]) == "CANCELLED"
    partstat = {str(a): a.params["PARTSTAT"] for a in event.attendees}
    assert partstat == {"mailto:ana@example.org": "ACCEPTED", "mailto:ben@example.org": "DECLINED"}


def test_meetings_over_several_years_keep_their_instants_in_every_parser(make_engine, clock):
    """Regression: vobject reads only the first date of a multi-date RDATE, so a
    VTIMEZONE written that way put later summer meetings an hour off."""
    engine = make_engine()
    t = active(engine)
    starts = [
        datetime(year, month, 3, 18, 0, tzinfo=BERLIN)
        for year in range(2026, 2031)
        for month in (1, 4, 7, 10)
        if datetime(year, month, 3, tzinfo=BERLIN) > clock.now()
    ]
    engine.execute_all(
        [ProposeMeeting(tandem_id=t.id, start=s, format=MeetingFormat.PHONE) for s in starts],
        actor=ANA,
    )
    for _ in range(2):  # a second parse in the same process must agree too
        ics = engine.reader(ANA).tandem_calendar(t.id)
        assert sorted(e.dtstart.value for e in _vevents(ics)[1]) == starts
        assert sorted(e.start for e in _icalendar_events(ics)[1]) == starts
