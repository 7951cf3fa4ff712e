"""Issue 10, point 8: a meeting id names one meeting in the whole store (CORE-MEETING).

Hosts may give meeting ids (to know a calendar UID in advance). An id already
used by any tandem's meeting is refused with the rule and the id, and nothing
is written; a programme's calendar feed therefore holds every UID once (a
CalDAV server would otherwise overwrite one meeting with the other).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from uuid import UUID

import icalendar
import pytest
from projection_kit import assert_projections_equal_rebuild

from mentorcore import (
    Actor,
    Engine,
    InvalidInput,
    MeetingFormat,
    MeetingKind,
    ProposeMeeting,
    Role,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.events import MeetingProposed
from mentorcore.testing import START, SYSTEM, enrol, walk_to

ANA, FINN = Actor.person("ana"), Actor.person("finn")
SHARED = UUID("5a5a5a5a-0000-4000-8000-000000000001")
WHEN = START + timedelta(days=7)


def _two_tandems(engine: Engine):
    for p in ("ana", "finn"):
        enrol(engine, p, "default", Role.MENTEE)
    for p in ("ben", "dave"):
        enrol(engine, p, "default", Role.MENTOR)
    one = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    two = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="finn", mentor="dave")
    return one, two


def _uids(engine: Engine) -> list[str]:
    feed = engine.reader(SYSTEM).programme_calendar("default")
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")]


def test_core_meeting_id_used_by_another_tandem_is_refused(make_engine):
    engine = make_engine()
    one, two = _two_tandems(engine)
    engine.execute(ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA)
    position = engine.store.position()
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(ProposeMeeting(tandem_id=two.id, start=WHEN, meeting_id=SHARED), actor=FINN)
    assert refused.value.rule_ids == {"CORE-MEETING"}
    assert str(SHARED) in str(refused.value)
    assert str(one.id) not in str(refused.value)  # the other tandem is not named to finn
    assert engine.store.position() == position  # nothing written
    assert engine.reader(SYSTEM).tandem(two.id).meetings == ()
    uids = _uids(engine)
    assert uids == [f"meeting-{SHARED}@mentorcore"]
    # Without the id given, finn's meeting gets a new one, and the feed holds each UID once.
    engine.execute(ProposeMeeting(tandem_id=two.id, start=WHEN), actor=FINN)
    uids = _uids(engine)
    assert len(uids) == len(set(uids)) == 2


def test_core_meeting_id_used_twice_in_one_atomic_block_refuses_it_all(make_engine):
    engine = make_engine()
    one, two = _two_tandems(engine)
    position = engine.store.position()

    def both() -> None:
        with engine.atomic():
            engine.execute(
                ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA
            )
            engine.execute(
                ProposeMeeting(tandem_id=two.id, start=WHEN, meeting_id=SHARED), actor=FINN
            )

    with pytest.raises(TransitionDenied, match=r"\[CORE-MEETING\]"):
        both()
    assert engine.store.position() == position
    assert engine.store.queries.meeting_tandem(str(SHARED)) is None
    assert engine.reader(SYSTEM).tandem(one.id).meetings == ()


def test_core_meeting_id_in_the_same_tandem_is_refused(make_engine):
    engine = make_engine()
    one, _ = _two_tandems(engine)
    engine.execute(ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA)
    with pytest.raises(TransitionDenied, match="CORE-MEETING") as refused:
        engine.execute(ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA)
    assert str(SHARED) in str(refused.value)
    assert len(engine.reader(SYSTEM).tandem(one.id).meetings) == 1


def test_core_meeting_id_made_by_the_hosts_id_factory_is_checked_too(clock):
    """An id factory that hands out a meeting id another tandem holds does not
    get it stored twice either (refused by the rule, or as a bad callback)."""
    answers = iter([])
    engine = Engine(
        ":memory:", clock=clock, load_entrypoints=False, id_factory=lambda: next(answers)
    )
    answers = iter(UUID(int=n) for n in range(1, 100))
    one, two = _two_tandems(engine)
    engine.execute(ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA)
    answers = iter([SHARED])
    position = engine.store.position()
    with pytest.raises((TransitionDenied, InvalidInput)) as refused:
        engine.execute(ProposeMeeting(tandem_id=two.id, start=WHEN), actor=FINN)
    assert str(SHARED) in str(refused.value)
    assert engine.store.position() == position


def test_core_meeting_ids_of_an_older_store_are_projected_earliest_first(tmp_path, clock):
    """A store written before the rule may hold one id in two tandems: the read
    model gives it to the earliest proposal, equal to a rebuild, and the id
    stays refused from then on."""
    path = tmp_path / "old.db"
    engine = Engine(path, clock=clock, load_entrypoints=False)
    one, two = _two_tandems(engine)
    engine.execute(ProposeMeeting(tandem_id=one.id, start=WHEN, meeting_id=SHARED), actor=ANA)
    # As an older mentorcore could have stored it: straight into the log.
    later = MeetingProposed(
        clock.now(),
        FINN,
        two.id,
        Role.MENTEE,
        meeting_id=SHARED,
        kind=MeetingKind.REGULAR,
        format=MeetingFormat.VIDEO,
        start=WHEN,
        duration_minutes=60,
    )
    stream = tandem_stream(two.id)
    engine.store.append(
        [Append(stream, engine.store.version(stream), (NewEvent(*EventTypes().encode(later)),))]
    )
    assert engine.store.queries.meeting_tandem(str(SHARED)) == str(one.id)
    assert_projections_equal_rebuild(engine.store)
    engine.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE meetings")  # a store of the read model's first version
    db.execute("UPDATE meta SET value = '1' WHERE key = 'projections'")
    db.close()
    with Engine(path, clock=clock, load_entrypoints=False) as reopened:
        assert reopened.store.queries.meeting_tandem(str(SHARED)) == str(one.id)
        with pytest.raises(TransitionDenied, match="CORE-MEETING"):
            reopened.execute(
                ProposeMeeting(tandem_id=two.id, start=WHEN, meeting_id=SHARED), actor=FINN
            )
