"""Issue 10, point 1: no stored record poisons a shared read.

Bad records are planted behind the door (appended straight to the store, as a
database written before the door's checks or by a host could hold them): a
meeting on 9999-12-31, in year 1 or 9998, an e-mail with CR/LF, a setting of
10**30 days, a record the fold refuses. Every read over many tandems still
answers, the other tandems' part unchanged; calendars parse in icalendar and
vobject; reads of the one tandem asked for by id fail with a mentorcore error.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import uuid4
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from attrs import evolve
from meeting_kit import cast, propose, stored, terms

from mentorcore import (
    Actor,
    AgreementTerms,
    CadenceRule,
    ConfirmAttendance,
    ConfirmMeeting,
    CorruptEvent,
    DueAction,
    Engine,
    InvalidInput,
    MeetingFormat,
    MeetingKind,
    PeriodKind,
    Person,
    Role,
    SetGoal,
    Tandem,
    TandemStatus,
    hookimpl,
)
from mentorcore.adapters.calendar import (
    OMITTED,
    Attendee,
    CalendarEntry,
    render,
    uid_for,
)
from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.streams import person_stream, tandem_stream
from mentorcore.domain import Meeting, MeetingId, MeetingStatus
from mentorcore.events import Event
from mentorcore.events.meeting import MeetingConfirmed, MeetingProposed
from mentorcore.events.people import PersonRegistered
from mentorcore.policy.cadence import MAX_REPORT_YEARS, cadence_report
from mentorcore.policy.periods import (
    EARLIEST,
    LATEST,
    local_date,
    meeting_end,
    period_of,
    periods_between,
    shifted,
)
from mentorcore.read.isolation import Partial
from mentorcore.testing import SYSTEM, enrol, person, walk_to

CARLA = Actor.person("carla")
BERLIN = ZoneInfo("Europe/Berlin")
TERMS = terms(date(2026, 10, 5), date(2027, 9, 30), planned=6)
# when feedback, inactivity, goal review, cadence and amendment actions are due
LATER = datetime(2027, 5, 20, 9, tzinfo=UTC)
PAIRS = (("ana", "ben"), ("cleo", "dan"), ("fay", "gus"))


class Cadence:
    """Two cadence rules, so cadence reports and cadence warnings have rows."""

    @hookimpl
    def mentorcore_cadence_rules(self):
        return (
            CadenceRule("T-CAD-1", PeriodKind.SEMESTER, 3),
            CadenceRule("T-CAD-2", PeriodKind.MONTH, 1, frozenset({MeetingFormat.IN_PERSON})),
        )


class YearAfter:
    """A plugin that computes as plugins do: a follow-up a year after each meeting."""

    @hookimpl
    def mentorcore_collect_due_actions(self, tandem, programme, now):
        for m in tandem.meetings:
            follow_up = m.start + timedelta(days=365)  # overflows past 9998-12-31
            if follow_up <= now:
                yield DueAction(
                    f"T-YEAR/{tandem.id}/{m.id}",
                    "T-YEAR",
                    "follow-up",
                    (tandem.mentee,),
                    Role.MENTEE,
                    follow_up,
                    "a year has passed",
                    tandem.id,
                )


# ---------------------------------------------------------------- planting


def plant(engine: Engine, stream: str, *events: Event) -> None:
    """Append *events* behind the door, as a host or an older version could have."""
    types = EventTypes()
    append = Append(
        stream, engine.store.version(stream), tuple(NewEvent(*types.encode(e)) for e in events)
    )
    engine.store.append([append])


def plant_meeting(
    engine: Engine, tandem: Tandem, start: datetime, *, minutes: int = 60, confirmed: bool = False
) -> MeetingId:
    """A meeting proposed by the mentee at *start* (and confirmed by the mentor)."""
    mid = MeetingId(uuid4())
    now = engine.clock.now()
    events: list[Event] = [
        MeetingProposed(
            now,
            Actor.person(tandem.mentee),
            tandem.id,
            Role.MENTEE,
            meeting_id=mid,
            kind=MeetingKind.REGULAR,
            format=MeetingFormat.VIDEO,
            start=start,
            duration_minutes=minutes,
        )
    ]
    if confirmed:
        events.append(
            MeetingConfirmed(now, Actor.person(tandem.mentor), tandem.id, Role.MENTOR, mid)
        )
    plant(engine, tandem_stream(tandem.id), *events)
    return mid


def plant_setting(engine: Engine, name: str, value: int) -> None:
    """A programme setting no settings loader would accept, put in place directly."""
    programme = engine.state.programme("default")
    settings = tuple(evolve(s, value=value) if s.name == name else s for s in programme.settings)
    engine.state._programmes["default"] = evolve(programme, settings=settings)


# ---------------------------------------------------------------- a programme


def programme(engine: Engine, clock) -> list[Tandem]:
    """Three active tandems (ana/ben, cleo/dan, fay/gus) with a held meeting and
    a goal each (cleo/dan also a meeting to come), coordinated by carla; the
    clock ends at :data:`LATER`."""
    cast(engine)
    for mentee, mentor in PAIRS[1:]:
        person(engine, mentee, mentee.title(), email=f"{mentee}@example.org")
        person(engine, mentor, mentor.title(), email=f"{mentor}@example.org")
        enrol(engine, mentee, "default", Role.MENTEE)
        enrol(engine, mentor, "default", Role.MENTOR)
    tandems = [
        walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee=a, mentor=b, terms=TERMS)
        for a, b in PAIRS
    ]
    held = [
        propose(engine, t, datetime(2026, 10, 20, 15 + i, tzinfo=UTC), by=Actor.person(t.mentee))
        for i, t in enumerate(tandems)
    ]
    for i, (t, m) in enumerate(zip(tandems, held, strict=True)):
        engine.execute(SetGoal(tandem_id=t.id, text=f"goal {i}"), actor=Actor.person(t.mentee))
        engine.execute(
            ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=Actor.person(t.mentor)
        )
    clock.set(datetime(2026, 10, 21, tzinfo=UTC))
    for t, m in zip(tandems, held, strict=True):
        engine.execute(
            ConfirmAttendance(tandem_id=t.id, meeting_id=m.id), actor=Actor.person(t.mentee)
        )
    propose(engine, tandems[1], datetime(2027, 6, 2, 15, tzinfo=UTC), by=Actor.person("cleo"))
    clock.set(LATER)
    return [engine.reader(SYSTEM).tandem(t.id) for t in tandems]


def everything(engine: Engine) -> dict[str, object]:
    """Every shared read, for the system and the coordinator, per tandem where it can be."""
    out: dict[str, object] = {}
    for name, viewer in (("system", SYSTEM), ("carla", CARLA)):
        reader = engine.reader(viewer)
        out[f"{name}.due"] = {
            (a.tandem_id, a.key, a.reason, a.due_at) for a in reader.due_actions()
        }
        out[f"{name}.cadence"] = {r.tandem_id: r for r in reader.programme_cadence("default")}
        out[f"{name}.calendar"] = events_of(reader.programme_calendar("default"))
    out["notifications"] = {
        (n.action.tandem_id, n.action.key, n.recipient.id)
        for n in engine.reader(SYSTEM).notifications()
    }
    for pid in ("ana", "ben", "cleo", "dan", "fay", "gus"):
        out[f"calendar.{pid}"] = events_of(engine.reader(Actor.person(pid)).person_calendar(pid))
    return out


def events_of(ics: bytes) -> dict[str, tuple[datetime, datetime]]:
    """UID -> (start, end) as both parsers read them; they must agree."""
    cal = icalendar.Calendar.from_ical(ics)
    by_icalendar = {}
    for event in cal.walk("VEVENT"):
        assert not event.errors
        by_icalendar[str(event["UID"])] = (event.start, event.end)
    parsed = vobject.readOne(ics.decode())
    by_vobject = {
        e.uid.value: (e.dtstart.value, e.dtend.value) for e in getattr(parsed, "vevent_list", [])
    }
    assert by_icalendar == by_vobject
    lines = ics.split(b"\r\n")  # no stray CR or LF: every line is one content line
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert [line for line in lines if line.startswith(b"END:VCALENDAR")] == [b"END:VCALENDAR"]
    return by_icalendar


def others(reads: dict[str, object], kept: list[Tandem]) -> dict[str, object]:
    """The part of *reads* that belongs to the *kept* tandems (none of it empty)."""
    ids = {t.id for t in kept}
    uids = {uid_for(m.id) for t in kept for m in t.meetings}
    out: dict[str, object] = {}
    for key, value in reads.items():
        if isinstance(value, set):
            out[key] = {v for v in value if v[0] in ids}
        elif key.endswith(".cadence"):
            out[key] = {k: v for k, v in value.items() if k in ids}
        else:
            out[key] = {k: v for k, v in value.items() if k in uids}
        assert out[key] or key in ("calendar.ana", "calendar.ben")
    return out


@pytest.fixture
def setup(make_engine, clock):
    engine = make_engine(plugins=[Cadence()])
    tandems = programme(engine, clock)
    return engine, tandems, everything(engine)


# ---------------------------------------------------------------- the cases


def test_a_meeting_on_9999_12_31_breaks_no_shared_read(setup):
    engine, (ana, *rest), before = setup
    late = plant_meeting(engine, ana, datetime(9999, 12, 31, 23, 30, tzinfo=UTC))
    held = plant_meeting(engine, ana, datetime(9999, 12, 31, 12, tzinfo=UTC), confirmed=True)
    after = everything(engine)  # raised OverflowError / ValueError for everyone before
    assert others(after, rest) == others(before, rest)
    # and the tandem that holds them is still read in full: its own actions are
    # there (no inactivity reminder now that a meeting is to come)
    kept = {"feedback-request", "goal-review", "cadence-warning", "amendment-due"}
    mine = [{a for a in r["system.due"] if a[0] == ana.id} for r in (before, after)]
    assert {a[1].split("/")[1] for a in mine[0]} == kept | {"inactivity-reminder", "stalled-tandem"}
    assert {a for a in mine[0] if a[1].split("/")[1] in kept} <= mine[1]
    assert after["system.cadence"][ana.id].periods == before["system.cadence"][ana.id].periods
    # both meetings are in the feeds, in UTC (outside the VTIMEZONE window), the
    # end past the last instant a datetime holds clamped to it
    for feed in (after["system.calendar"], after["calendar.ana"], after["calendar.ben"]):
        assert feed[uid_for(held)] == (
            datetime(9999, 12, 31, 12, tzinfo=UTC),
            datetime(9999, 12, 31, 13, tzinfo=UTC),
        )
        start, end = feed[uid_for(late)]
        assert start == datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
        assert end == LATEST.replace(microsecond=0)
    # nothing is skipped, and reading wrote nothing
    reader = engine.reader(SYSTEM)
    assert reader.due_actions().skipped == reader.notifications().skipped == ()
    assert reader.programme_cadence("default").skipped == ()
    snapshot = stored(engine)
    everything(engine)
    reader.advisories(ana.id)
    reader.cadence(ana.id)
    reader.meeting_invitation(ana.id, held)
    assert stored(engine) == snapshot


@pytest.mark.parametrize(
    "start",
    [
        datetime(1, 1, 1, 0, 10, tzinfo=UTC),  # year 1: local Berlin time is still year 1
        datetime(1, 1, 1, 0, 0, tzinfo=UTC),  # the first instant there is
        datetime(9998, 6, 1, 12, tzinfo=UTC),
        datetime(9998, 12, 31, 23, 30, tzinfo=UTC),  # the VTIMEZONE was widened to year 10000
    ],
)
def test_year_1_and_year_9998_meetings_are_in_every_calendar(setup, start):
    engine, (ana, *rest), before = setup
    mid = plant_meeting(engine, ana, start, confirmed=True)
    after = everything(engine)
    assert others(after, rest) == others(before, rest)
    for feed in ("system.calendar", "carla.calendar", "calendar.ana", "calendar.ben"):
        assert after[feed][uid_for(mid)] == (start, start + timedelta(hours=1))
    for export in (
        engine.reader(SYSTEM).tandem_calendar(ana.id),
        engine.reader(Actor.person("ana")).meeting_invitation(ana.id, mid),
        engine.reader(Actor.person("ben")).meeting_calendar_object(ana.id, mid),
    ):
        assert events_of(export)[uid_for(mid)] == (start, start + timedelta(hours=1))


def test_a_meeting_of_absurd_length_is_clamped_not_fatal(setup):
    engine, (ana, *rest), before = setup
    mid = plant_meeting(
        engine, ana, datetime(2026, 12, 1, tzinfo=UTC), minutes=10**12, confirmed=True
    )
    after = everything(engine)
    assert others(after, rest) == others(before, rest)
    assert after["system.calendar"][uid_for(mid)][1] == LATEST.replace(microsecond=0)


def test_an_email_with_cr_lf_breaks_no_calendar(setup):
    engine, (ana, *rest), before = setup
    cleo = rest[0]
    hostile = "ana@example.org\r\nATTENDEE;CN=Evil:mailto:evil@example.org"
    plant(
        engine,
        person_stream("ana"),
        PersonRegistered(
            engine.clock.now(), SYSTEM, "ana", Person("ana", "Ana\r\nRoth", email=hostile)
        ),
    )
    assert engine.state.index.persons["ana"].email == hostile  # planted as it was
    after = everything(engine)  # every calendar with ana raised ValueError before
    assert others(after, rest) == others(before, rest)
    assert after["system.calendar"] == before["system.calendar"]
    for ics in (
        engine.reader(SYSTEM).programme_calendar("default"),
        engine.reader(Actor.person("ben")).person_calendar("ben"),
        engine.reader(Actor.person("ana")).tandem_calendar(ana.id),
        engine.reader(Actor.person("ana")).meeting_invitation(ana.id, ana.meetings[-1].id),
    ):
        assert b"evil" not in ics
        for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
            if str(event["UID"]) in {uid_for(m.id) for m in ana.meetings}:
                assert [str(a) for a in event.attendees] == [
                    "urn:mentorcore:person:ana",
                    "mailto:ben@example.org",
                ]
                assert str(event["ORGANIZER"]) == "urn:mentorcore:person:ana"
        names = {
            a.params["CN"][0]
            for e in getattr(vobject.readOne(ics.decode()), "vevent_list", [])
            for a in e.attendee_list
        }
        assert "Evil" not in names
    # the notifications still reach everyone, ana with her details as stored
    notified = engine.reader(SYSTEM).notifications()
    assert {n.recipient.id for n in notified} >= {"ana", "ben", "cleo", "dan", "fay", "gus"}
    assert {n.recipient.email for n in notified if n.recipient.id == "ana"} == {hostile}
    assert cleo.id in {n.action.tandem_id for n in notified}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("inactivity_days", 10**30),
        ("inactivity_days", -(10**30)),
        ("goal_review_interval_days", 10**30),
        ("cadence_warning_days", 10**30),
        ("cadence_warning_days", -(10**30)),
        ("agreement_deviation_tolerance", 10**30),
        ("agreement_deviation_tolerance", -(10**30)),
    ],
)
def test_a_huge_setting_makes_nothing_raise(setup, name, value):
    engine, tandems, before = setup
    plant_setting(engine, name, value)
    assert engine.state.programme("default").setting(name) == value
    after = everything(engine)  # inactivity_days=10**30 raised OverflowError here
    for t in tandems:
        engine.reader(SYSTEM).advisories(t.id)
        engine.reader(SYSTEM).cadence(t.id)
    kinds = {key.split("/")[1] for _, key, _, _ in after["system.due"]}
    if value > 0:  # a huge interval means "never"
        kind = {
            "inactivity_days": "inactivity-reminder",
            "goal_review_interval_days": "goal-review",
            "cadence_warning_days": None,
            "agreement_deviation_tolerance": None,
        }[name]
        assert kind is None or kind not in kinds
    # every other kind of action is as it was
    unaffected = {
        "inactivity_days": {"feedback-request", "goal-review"},
        "goal_review_interval_days": {"feedback-request", "inactivity-reminder"},
        "cadence_warning_days": {"feedback-request", "inactivity-reminder", "goal-review"},
        "agreement_deviation_tolerance": {"feedback-request", "inactivity-reminder"},
    }[name]
    for viewer in ("system", "carla"):
        old = {a for a in before[f"{viewer}.due"] if a[1].split("/")[1] in unaffected}
        new = {a for a in after[f"{viewer}.due"] if a[1].split("/")[1] in unaffected}
        assert old
        assert new == old
    assert after["system.calendar"] == before["system.calendar"]


def test_one_unreadable_tandem_is_skipped_and_named_and_the_others_are_all_there(setup, caplog):
    engine, (ana, *rest), before = setup
    # a confirmation of a meeting the tandem never had: its stream no longer folds
    plant(
        engine,
        tandem_stream(ana.id),
        MeetingConfirmed(engine.clock.now(), SYSTEM, ana.id, Role.MENTOR, MeetingId(uuid4())),
    )
    snapshot = stored(engine)
    with caplog.at_level(logging.WARNING, logger="mentorcore"):
        after = everything(engine)
    assert others(after, rest) == others(before, rest)
    assert not {a for a in after["system.due"] if a[0] == ana.id}
    assert ana.id not in after["system.cadence"]
    warned = [r for r in caplog.records if r.name == "mentorcore" and str(ana.id) in r.message]
    assert warned
    assert all(r.levelno == logging.WARNING for r in warned)
    reader = engine.reader(SYSTEM)
    for result in (
        reader.due_actions(),
        reader.due_actions(programme="default"),
        reader.notifications(),
        reader.programme_cadence("default"),
        engine.reader(CARLA).due_actions(),
    ):
        assert isinstance(result, Partial)  # a list, with .skipped
        (skipped,) = result.skipped
        assert skipped.tandem_id == ana.id
        assert "(CorruptEvent); see the mentorcore log" in skipped.reason
    feed = reader.programme_calendar("default")
    note = icalendar.Calendar.from_ical(feed)[OMITTED]
    assert str(note).startswith(f"the meetings of tandem {ana.id} could not be computed")
    assert vobject.readOne(feed.decode())  # the note parses too
    assert events_of(engine.reader(Actor.person("ana")).person_calendar("ana")) == {}
    # the tandem asked for by id: a clear error, nothing hidden
    for read in (
        lambda: reader.due_actions(tandem_id=ana.id),
        lambda: reader.cadence(ana.id),
        lambda: reader.advisories(ana.id),
        lambda: reader.tandem_calendar(ana.id),
    ):
        with pytest.raises(CorruptEvent, match=str(ana.id)):
            read()
    assert stored(engine) == snapshot


def test_a_plugin_that_overflows_on_one_tandem_costs_only_that_tandem(make_engine, clock):
    engine = make_engine(plugins=[Cadence(), YearAfter()])
    ana, *rest = programme(engine, clock)
    before = everything(engine)
    plant_meeting(engine, ana, datetime(9999, 6, 1, tzinfo=UTC))
    after = everything(engine)
    assert others(after, rest) == others(before, rest)
    reader = engine.reader(SYSTEM)
    assert [s.tandem_id for s in reader.due_actions().skipped] == [ana.id]
    assert [s.tandem_id for s in reader.notifications().skipped] == [ana.id]
    assert reader.programme_cadence("default").skipped == ()  # cadence needs no plugin here
    with pytest.raises(CorruptEvent, match=f"tandem:{ana.id}.*OverflowError"):
        reader.due_actions(tandem_id=ana.id)


class TwoYears:
    """An agreement template as plugins write it: two years from today."""

    @hookimpl
    def mentorcore_agreement_template(self, tandem, programme, today):
        return AgreementTerms(period_start=today, period_end=today.replace(year=today.year + 2))


def test_reads_refuse_arguments_of_the_wrong_kind_by_name(make_engine, clock):
    engine = make_engine(plugins=[TwoYears()])
    (ana, *_) = programme(engine, clock)
    reader = engine.reader(SYSTEM)
    refused = {
        "now": [
            lambda: reader.cadence(ana.id, -1),
            lambda: reader.programme_cadence("default", "2027-01-01"),
            lambda: reader.advisories(ana.id, datetime(2027, 1, 1)),  # naive
            lambda: reader.due_actions(datetime(2027, 1, 1)),
        ],
        "today": [
            lambda: reader.agreement_template(ana.id, datetime(2027, 1, 1, tzinfo=UTC)),
            lambda: reader.agreement_template(ana.id, date(9999, 12, 31)),  # the plugin overflows
        ],
        "role": [
            lambda: reader.participants("default", "mentee"),
            lambda: reader.participant("ana", "default", "mentee"),
        ],
        "status": [lambda: reader.tandems(status="active")],
        "person": [lambda: reader.tandems(person=5)],
        "person_ids": [lambda: reader.names(None)],
    }
    before = stored(engine)
    for name, reads in refused.items():
        for read in reads:
            with pytest.raises(InvalidInput, match=rf"^{name}: "):
                read()
    assert stored(engine) == before
    assert reader.agreement_template(ana.id, date(2027, 1, 4)).period_end == date(2029, 1, 4)


# ---------------------------------------------------------------- calendars


def test_meetings_outside_the_timezone_window_keep_their_instants_in_every_parser(
    make_engine, clock
):
    """1999 and 2099 widened the VTIMEZONE; vobject keeps the first definition it
    parsed for a TZID, so after a normal feed those summer meetings were an hour off."""
    engine = make_engine()
    (ana, *_) = programme(engine, clock)
    ordinary = engine.reader(SYSTEM).tandem_calendar(ana.id)
    vobject.readOne(ordinary.decode())  # vobject now holds a 2000-2050 Europe/Berlin
    starts = [
        datetime(1999, 7, 3, 18, tzinfo=BERLIN),
        datetime(2049, 7, 3, 18, tzinfo=BERLIN),
        datetime(2099, 1, 3, 18, tzinfo=BERLIN),
        datetime(2099, 7, 3, 18, tzinfo=BERLIN),
    ]
    ids = [plant_meeting(engine, ana, s) for s in starts]
    ics = engine.reader(SYSTEM).tandem_calendar(ana.id)
    found = events_of(ics)
    assert [found[uid_for(i)][0] for i in ids] == starts
    assert [found[uid_for(i)][0].utcoffset() for i in ids] == [timedelta(0), timedelta(hours=2)] + [
        timedelta(0)
    ] * 2  # in the window: local time with TZID; outside: UTC
    # every export carries the same VTIMEZONE, whatever its meetings' years
    zone = icalendar.Calendar.from_ical(ics).walk("VTIMEZONE")[0].to_ical()
    assert icalendar.Calendar.from_ical(ordinary).walk("VTIMEZONE")[0].to_ical() == zone


def entry(start: datetime, **texts: str) -> CalendarEntry:
    meeting = Meeting(
        id=MeetingId(uuid4()),
        kind=MeetingKind.REGULAR,
        format=MeetingFormat.VIDEO,
        start=start,
        duration_minutes=60,
        status=MeetingStatus.CONFIRMED,
        proposed_by=Role.MENTEE,
        proposed_at=start,
        changed_at=start,
        place=texts.get("place", ""),
    )
    a = Attendee("a", texts.get("name", "A"), texts.get("email"), "ACCEPTED")
    return CalendarEntry(
        meeting,
        "Europe/Berlin",
        texts.get("summary", "s"),
        texts.get("description", "d"),
        a,
        (a,),
        True,
    )


def test_control_characters_and_lone_surrogates_stay_out_of_calendar_text():
    hostile = "x\ud800y\u2028z\x1b[2J\x07\r\nEND:VCALENDAR"
    ics = render(
        [
            entry(
                datetime(2027, 3, 1, 10, tzinfo=UTC),
                name=hostile,
                summary=hostile,
                description=hostile,
                place=hostile,
                email="a\u2028@example.org",
            )
        ],
        method="PUBLISH",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
        name=hostile,
    )
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert not event.errors
    vevent = vobject.readOne(ics.decode()).vevent
    assert vevent.summary.value == str(event["SUMMARY"]) == "x\ufffdy\nz[2J\nEND:VCALENDAR"
    assert str(event["LOCATION"]) == str(event["SUMMARY"])
    assert vevent.attendee.params["CN"] == ["x\ufffdy z [2J END:VCALENDAR"]
    assert str(event["ORGANIZER"]) == "urn:mentorcore:person:a"
    assert events_of(ics)  # one content line each: no END:VCALENDAR line but the last


def test_a_meeting_no_calendar_can_hold_is_left_out_of_a_feed_and_refused_alone(caplog):
    # an offset that puts the end past year 9999 in UTC: no iCalendar date holds it
    odd = entry(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))))
    fine = entry(datetime(2027, 3, 1, 10, tzinfo=UTC))
    stamp = datetime(2027, 1, 1, tzinfo=UTC)
    with caplog.at_level(logging.WARNING, logger="mentorcore"):
        feed = render([odd, fine], method="PUBLISH", stamp=stamp, omitted=["tandem x: left out"])
    assert list(events_of(feed)) == [uid_for(fine.meeting.id)]
    notes = icalendar.Calendar.from_ical(feed)[OMITTED]
    assert [str(n) for n in notes] == [
        "tandem x: left out",
        f"{uid_for(odd.meeting.id)}: left out, it cannot be written as iCalendar (OverflowError)",
    ]
    assert uid_for(odd.meeting.id) in caplog.text
    for method in ("REQUEST", "CANCEL", None):
        with pytest.raises(InvalidInput, match=uid_for(odd.meeting.id)):
            render([odd], method=method, stamp=stamp)


# ---------------------------------------------------------------- date arithmetic


def test_periods_at_the_ends_of_time_are_clamped_and_end():
    for kind in PeriodKind:
        last = period_of(kind, date(9999, 12, 31), year_start_month=10)
        assert last.end == date.max
        assert last.contains(date.max)
        first = period_of(kind, date(1, 1, 1), year_start_month=10)
        assert first.start == date.min
        assert first.contains(date.min)
        months = list(periods_between(kind, date(9999, 1, 1), date.max, year_start_month=10))
        assert months[-1] == last
        assert len(months) <= 13
    assert period_of(PeriodKind.SEMESTER, date(1, 2, 1)).label == "WiSe 0/01"


def test_date_shifts_clamp_instead_of_overflowing():
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert shifted(now, days=10**30) == LATEST
    assert shifted(now, days=-(10**30)) == EARLIEST
    assert shifted(LATEST, minutes=1) == LATEST
    assert shifted(now, days=1) == now + timedelta(days=1)
    assert local_date(datetime(9999, 12, 31, 23, 30, tzinfo=UTC), "Europe/Berlin") == date.max
    assert local_date(datetime(1, 1, 1, 0, 10, tzinfo=UTC), "America/New_York") == date.min
    for name in ("Nope/Zone", "", "../../etc/passwd", "Europe/Berlin\x00", "x" * 300, 5):
        with pytest.raises(InvalidInput, match=r"^timezone: expected an IANA time zone name"):
            local_date(now, name)
        with pytest.raises(InvalidInput, match=r"^timezone: "):
            period_of(PeriodKind.MONTH, date(2027, 1, 1)).ends_at(name)
    with pytest.raises(InvalidInput, match=r"^instant: "):
        local_date(datetime(2027, 1, 1), "Europe/Berlin")  # naive
    m = entry(datetime(9999, 12, 31, 23, 30, tzinfo=UTC)).meeting
    assert meeting_end(m) == LATEST
    assert meeting_end(evolve(m, start=now)) == now + timedelta(hours=1)


def test_a_span_of_millennia_is_reckoned_for_its_last_century_only(setup):
    """A tandem activated in the year 1 (or a *now* in 9999) once meant a report
    walking through ~95,000 monthly periods: 16 s for one tandem, on every read."""
    engine, (ana, *_), _ = setup
    rules = (CadenceRule("T-CAD-2", PeriodKind.MONTH, 1),)
    programme_ = engine.state.programme("default")
    old_terms = evolve(ana.agreement.terms, period_start=date(1, 1, 1))  # counted from there
    ancient = evolve(
        ana,
        activated_at=datetime(1, 1, 1, tzinfo=UTC),
        agreement=evolve(ana.agreement, terms=old_terms),
    )
    report = cadence_report(ancient, programme_, rules, LATER)
    assert report.periods[0].period.start == date(LATER.year - MAX_REPORT_YEARS, 1, 1)
    assert report.periods[-1].period.label == "2027-05"
    assert len(report.periods) == 12 * MAX_REPORT_YEARS + 5
    far = engine.reader(SYSTEM).cadence(ana.id, datetime(9999, 12, 31, 23, 59, tzinfo=UTC))
    assert far.periods[-1].period.end == date.max
    assert len({p.period for p in far.periods}) <= 2 * 12 * (MAX_REPORT_YEARS + 1)
