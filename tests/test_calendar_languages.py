"""Calendars in the reader's language, read back by icalendar and by vobject;
video links in URL and CONFERENCE (RFC 7986), places in LOCATION."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from meeting_kit import ANA, BEN, EVE, SYSTEM, active, cast, meet, propose

from mentorcore import (
    CancelMeeting,
    InvalidInput,
    MeetingFormat,
    MeetingKind,
    NotVisible,
    Programme,
    Role,
    TandemStatus,
    hookimpl,
)
from mentorcore.adapters.calendar import Place, split_place, uid_for
from mentorcore.i18n import using_language
from mentorcore.testing import enrol, walk_to

START = datetime(2026, 10, 12, 16, 0, tzinfo=UTC)
LINK = "https://meet.example.org/mentoring-ana?pwd=4711"


def _read(ics: bytes):
    """The feed by both parsers: (icalendar calendar, its VEVENTs by UID,
    vobject calendar, its VEVENTs by UID)."""
    cal = icalendar.Calendar.from_ical(ics)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert all(not e.errors for e in events.values())
    vcal = vobject.readOne(ics.decode())
    vevents = {e.uid.value: e for e in getattr(vcal, "vevent_list", [])}
    assert set(events) == set(vevents)
    return cal, events, vcal, vevents


def _two_meetings(engine):
    t = active(engine)
    first = meet(engine, t, START, held=False, kind=MeetingKind.FIRST_CONVERSATION)
    regular = propose(engine, t, START + timedelta(days=14), place="Raum 3, 2. OG")
    return t, first, regular


def test_a_german_feed_holds_german_summaries_and_descriptions_in_both_parsers(make_engine):
    engine = make_engine()
    t, first, regular = _two_meetings(engine)
    ics = engine.reader(ANA, language="de").tandem_calendar(t.id)
    cal, events, vcal, vevents = _read(ics)
    summaries = {uid: str(e["SUMMARY"]) for uid, e in events.items()}
    assert summaries == {uid: e.summary.value for uid, e in vevents.items()}
    assert summaries == {
        uid_for(first.id): "Erstgespräch: Ana Roth und Dr. Ben Weber",
        uid_for(regular.id): "Mentoringtreffen: Ana Roth und Dr. Ben Weber",
    }
    description = vevents[uid_for(regular.id)].description.value
    assert description == str(events[uid_for(regular.id)]["DESCRIPTION"])
    assert "Format: persönlich" in description.splitlines()
    assert "Mentee: Ana Roth" in description.splitlines()
    assert "Mentor: Dr. Ben Weber" in description.splitlines()
    assert "Status: vorgeschlagen" in description.splitlines()
    assert "Status: bestätigt" in vevents[uid_for(first.id)].description.value.splitlines()
    for uid, event in events.items():  # RFC 5545 §3.2.10: the texts say their language
        assert event["SUMMARY"].params["LANGUAGE"] == "de"
        assert event["DESCRIPTION"].params["LANGUAGE"] == "de"
        assert vevents[uid].summary.params["LANGUAGE"] == ["de"]
    assert str(cal["X-WR-CALNAME"]) == vcal.x_wr_calname.value
    assert vcal.x_wr_calname.value == "Mentoringtreffen von Ana Roth und Dr. Ben Weber"
    assert str(events[uid_for(regular.id)]["LOCATION"]) == "Raum 3, 2. OG"
    # the same instants as in English: the language changes words, not times
    assert events[uid_for(first.id)].start == first.start
    assert str(events[uid_for(first.id)].start.tzinfo) == "Europe/Berlin"


def test_an_english_feed_holds_the_same_meetings_in_english(make_engine):
    engine = make_engine()
    t, first, regular = _two_meetings(engine)
    _, events, vcal, vevents = _read(engine.reader(ANA, language="en").tandem_calendar(t.id))
    assert {uid: e.summary.value for uid, e in vevents.items()} == {
        uid_for(first.id): "First conversation: Ana Roth and Dr. Ben Weber",
        uid_for(regular.id): "Mentoring meeting: Ana Roth and Dr. Ben Weber",
    }
    lines = vevents[uid_for(regular.id)].description.value.splitlines()
    assert lines[1:] == [
        "Format: in person",
        "Mentee: Ana Roth",
        "Mentor: Dr. Ben Weber",
        "Status: proposed",
    ]
    assert events[uid_for(regular.id)]["SUMMARY"].params["LANGUAGE"] == "en"
    assert vcal.x_wr_calname.value == "Mentoring meetings of Ana Roth and Dr. Ben Weber"


class Schule:
    """A German programme: its people read German unless they ask otherwise."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(Programme(key="schule", name="Schulmentoring", language="de"))


def test_the_programmes_language_is_the_default_and_the_reader_or_context_choose(make_engine):
    engine = make_engine(plugins=[Schule()])
    cast(engine, "schule")
    t = walk_to(engine, TandemStatus.ACTIVE, programme="schule", mentee="ana", mentor="ben")
    m = propose(engine, t, START)

    def summary(ics: bytes) -> str:
        return str(icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"])

    german = "Mentoringtreffen: Ana Roth und Dr. Ben Weber"
    english = "Mentoring meeting: Ana Roth and Dr. Ben Weber"
    assert summary(engine.reader(ANA).tandem_calendar(t.id)) == german
    assert summary(engine.reader(ANA).person_calendar("ana")) == german
    assert summary(engine.reader(BEN).meeting_invitation(t.id, m.id)) == german
    assert summary(engine.reader(SYSTEM).meeting_calendar_object(t.id, m.id)) == german
    assert summary(engine.reader(ANA, language="en").tandem_calendar(t.id)) == english
    with using_language("en"):
        assert summary(engine.reader(ANA).tandem_calendar(t.id)) == english
        assert summary(engine.reader(ANA, language="de").tandem_calendar(t.id)) == german
    feed = icalendar.Calendar.from_ical(engine.reader(SYSTEM).programme_calendar("schule"))
    assert str(feed["X-WR-CALNAME"]) == "Mentoringtreffen im Programm Schulmentoring"


def test_a_video_link_goes_into_url_and_conference_not_location(make_engine):
    engine = make_engine()
    t = active(engine)
    video = propose(engine, t, START, format=MeetingFormat.VIDEO, place=LINK)
    both = propose(
        engine, t, START + timedelta(days=7), place=f"Raum 3 / {LINK}", duration_minutes=30
    )
    _, events, _, vevents = _read(engine.reader(BEN, language="de").tandem_calendar(t.id))
    event, vevent = events[uid_for(video.id)], vevents[uid_for(video.id)]
    assert "LOCATION" not in event
    assert not hasattr(vevent, "location")
    assert str(event["URL"]) == vevent.url.value == LINK
    (conference,) = event.conferences
    assert str(conference.uri) == LINK
    assert conference.feature == ["AUDIO", "VIDEO"]
    assert conference.label == "Videotelefonat"
    assert conference.language == "de"
    assert vevent.conference.value == LINK
    assert vevent.conference.params["VALUE"] == ["URI"]
    assert vevent.conference.params["FEATURE"] == ["AUDIO", "VIDEO"]  # two, not one
    assert f"Link zum Videotelefonat: {LINK}" in vevent.description.value.splitlines()
    assert "Format: Videotelefonat" in vevent.description.value.splitlines()
    # in person, with a link beside the room: the room is the place, no conference
    event, vevent = events[uid_for(both.id)], vevents[uid_for(both.id)]
    assert str(event["LOCATION"]) == vevent.location.value == "Raum 3"
    assert str(event["URL"]) == LINK
    assert "CONFERENCE" not in event
    assert f"Link: {LINK}" in vevent.description.value.splitlines()


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (LINK, Place("", (LINK,))),
        (f"Zoom: {LINK}.", Place("Zoom", (LINK,))),
        ("Raum 3 (https://example.org/a_(b))", Place("Raum 3", ("https://example.org/a_(b)",))),
        ("Raum 3, 2. OG; Ecke", Place("Raum 3, 2. OG; Ecke")),
        (
            "see http://a.example/x and https://b.example/y",
            Place("see and", ("http://a.example/x", "https://b.example/y")),
        ),
        ("", Place("")),
    ],
)
def test_a_place_splits_into_the_room_and_its_links(place, expected):
    assert split_place(place) == expected


def test_cancellations_and_refusals_speak_the_readers_language(make_engine):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, START, held=False)
    german = engine.reader(ANA, language="de")
    with pytest.raises(InvalidInput) as refused:
        german.meeting_cancellation(t.id, m.id)
    (problem,) = refused.value.problems
    assert problem[1].render("de") == "das Treffen ist bestätigt, nicht abgesagt"
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=m.id, reason="krank"), actor=BEN)
    with pytest.raises(InvalidInput) as refused:
        german.meeting_invitation(t.id, m.id)
    (problem,) = refused.value.problems
    assert problem[1].render("de") == "das Treffen ist abgesagt: senden Sie eine Absage"
    ics = german.meeting_cancellation(t.id, m.id)
    vcal, vevents = _read(ics)[2:]
    assert vcal.method.value == "CANCEL"
    (vevent,) = vevents.values()
    assert vevent.status.value == "CANCELLED"
    assert vevent.summary.value == "Mentoringtreffen: Ana Roth und Dr. Ben Weber"
    assert "Status: abgesagt" in vevent.description.value.splitlines()
    assert b"krank" not in ics  # the reason is the person's own words, not the calendar's
    with pytest.raises(NotVisible) as hidden:
        engine.reader(EVE, language="de").person_calendar("ana")
    with using_language("de"):
        assert str(hidden.value) == (
            "[CORE-AUTH] Eve Outsider darf die Treffen von Ana Roth nicht sehen"
        )


def test_a_person_in_programmes_of_two_languages_reads_the_engines_or_english(make_engine):
    engine = make_engine(plugins=[Schule()])
    cast(engine)
    enrol(engine, "ana", "schule", Role.MENTEE)
    enrol(engine, "ben", "schule", Role.MENTOR)
    for programme in ("default", "schule"):
        t = walk_to(engine, TandemStatus.ACTIVE, programme=programme, mentee="ana", mentor="ben")
        propose(engine, t, START)
    feed = icalendar.Calendar.from_ical(engine.reader(ANA).person_calendar("ana"))
    assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")} == {
        "Mentoring meeting: Ana Roth and Dr. Ben Weber"
    }
    german = make_engine(plugins=[Schule()], language="de")
    t = active(german)
    propose(german, t, START)
    feed = icalendar.Calendar.from_ical(german.reader(ANA).person_calendar("ana"))
    assert str(feed["X-WR-CALNAME"]) == "Mentoringtreffen von Ana Roth"
