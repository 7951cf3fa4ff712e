"""Malformed input at every public entry point gives a mentorcore error saying what and where."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from uuid import uuid4

import pytest
from helpers import ANA, BEN, SYSTEM, cast

from mentorcore import (
    Accept,
    Actor,
    AgreementTerms,
    ApproveAgreement,
    AssignMentor,
    CorruptEvent,
    DraftAgreement,
    Engine,
    FixedClock,
    InvalidInput,
    MentorcoreError,
    NotFound,
    Person,
    Relation,
    RelationKind,
    ReviewGoal,
    Role,
    TandemStatus,
)
from mentorcore.testing import walk_to


@pytest.fixture
def engine(make_engine):
    engine = make_engine()
    cast(engine)
    return engine


def test_wrong_types_in_a_command_name_the_field(engine):
    with pytest.raises(InvalidInput) as bad:
        engine.execute(Accept(tandem_id="not-a-uuid"), actor=BEN)
    assert bad.value.render_problems("en") == [
        ("Accept.tandem_id", "expected UUID, got str 'not-a-uuid'")
    ]
    with pytest.raises(InvalidInput, match=r"ApproveAgreement.version: expected int, got bool"):
        engine.execute(ApproveAgreement(tandem_id=uuid4(), version=True), actor=BEN)


def test_naive_datetimes_and_dates_are_refused(engine):
    tandem = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    terms = AgreementTerms(period_start=datetime(2026, 10, 1))  # a datetime where a date belongs
    with pytest.raises(InvalidInput, match=r"terms.period_start: expected a date, got a datetime"):
        engine.execute(DraftAgreement(tandem_id=tandem.id, terms=terms), actor=ANA)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        FixedClock(datetime(2026, 10, 1))


def test_unknown_enum_values_are_refused(engine):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    with pytest.raises(InvalidInput, match=r"ReviewGoal.status: expected one of open, on_track"):
        engine.execute(ReviewGoal(tandem_id=tandem.id, goal_id=uuid4(), status="great"), actor=ANA)
    with pytest.raises(InvalidInput, match="role: expected mentee, mentor or coordinator"):
        engine.enrol("ana", "default", "mentee", {}, actor=SYSTEM)


def test_nested_wrong_type_names_the_path(engine):
    tandem = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    terms = AgreementTerms(period_start=date(2026, 10, 1), contact_formats=frozenset({"video"}))
    with pytest.raises(InvalidInput, match=r"terms.contact_formats\[0\]: expected one of"):
        engine.execute(DraftAgreement(tandem_id=tandem.id, terms=terms), actor=ANA)


def test_wrong_actor_and_unknown_things(engine):
    with pytest.raises(InvalidInput, match="actor"):
        engine.execute(Accept(tandem_id=uuid4()), actor="ben")
    with pytest.raises(NotFound, match="no tandem"):
        engine.execute(Accept(tandem_id=uuid4()), actor=BEN)
    with pytest.raises(NotFound, match=r"programme 'nope' \(installed: default\)"):
        engine.execute(AssignMentor(programme_key="nope", mentee="ana", mentor="ben"), actor=SYSTEM)
    with pytest.raises(NotFound, match="no person zed"):
        engine.enrol("zed", "default", Role.MENTEE, actor=SYSTEM)
    with pytest.raises(NotFound, match="no person zed"):
        engine.declare_relation(Relation("zed", RelationKind.TEACHES, "ana"), actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"relation\.kind"):
        engine.declare_relation(Relation("ben", "likes", "ana"), actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"non-empty id and name"):
        engine.register_person(Person("x", "  "), actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"person\.email"):
        engine.register_person(Person("x", "X", email=42), actor=SYSTEM)


def test_enrolment_input_problems_are_listed_together(engine):
    with pytest.raises(InvalidInput) as bad:
        engine.enrol(
            "ana", "default", Role.MENTOR, {"colour": "red"}, capacity=0, track="x", actor=SYSTEM
        )
    wheres = [w for w, _ in bad.value.problems]
    assert wheres == ["track", "capacity"]


def test_unknown_settings_are_refused(make_engine):
    with pytest.raises(InvalidInput, match=r"settings.default.no_such: unknown setting"):
        make_engine(settings={"default": {"no_such": 1}})
    with pytest.raises(InvalidInput, match=r"settings.default.inactivity_days: expected int"):
        make_engine(settings={"default": {"inactivity_days": "six weeks"}})
    with pytest.raises(InvalidInput, match=r"settings.medicx: no such programme"):
        make_engine(settings={"medicx": {}})


def _corrupt(path, sql, params=()):
    with sqlite3.connect(path) as db:
        db.execute(sql, params)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "UPDATE events SET name = 'tandem-teleported' WHERE position = ?",
            "unknown event name 'tandem-teleported'",
        ),
        ("UPDATE events SET data = '{\"broken' WHERE position = ?", "not JSON"),
        ("UPDATE events SET data = '[1, 2]' WHERE position = ?", "expected an object"),
        ("UPDATE events SET data = json_set(data, '$.role', 'boss') WHERE position = ?", "$.role"),
        (
            "UPDATE events SET data = json_remove(data, '$.mentor') WHERE position = ?",
            "$.mentor: required field missing",
        ),
        (
            "UPDATE events SET data = json_set(data, '$.occurred_at', '2026-10-05T09:00:00') "
            "WHERE position = ?",
            "must carry a UTC offset",
        ),
        ("UPDATE events SET data = 7 WHERE position = ?", "expected an object, got int"),
    ],
)
def test_corrupted_rows_are_reported_with_stream_and_version(tmp_path, clock, sql, message):
    path = tmp_path / "e.db"
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        cast(engine)
        tandem = walk_to(
            engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
        )
        position = engine.store.read(f"tandem:{tandem.id}")[0].position
    _corrupt(path, sql, (position,))
    # Opening reads no history; reading the tandem does, and says where it broke.
    with (
        Engine(path, clock=clock, load_entrypoints=False) as reopened,
        pytest.raises(CorruptEvent) as corrupt,
    ):
        reopened.reader(SYSTEM).tandem(tandem.id)
    assert f"tandem:{tandem.id}@1" in str(corrupt.value)
    assert message in str(corrupt.value)


def test_an_impossible_event_order_is_reported(tmp_path, clock):
    path = tmp_path / "e.db"
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        cast(engine)
        tandem = walk_to(
            engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
        )
        first = engine.store.read(f"tandem:{tandem.id}")[0]
    # A second "assigned" event in the same stream cannot be folded.
    _corrupt(
        path,
        "INSERT INTO events (stream_id, version, name, data) VALUES (?, 2, ?, ?)",
        (first.stream_id, first.name, first.data),
    )
    # A row added behind the read model's back is found on opening: the read
    # model is rebuilt from the log, and the log does not fold.
    with pytest.raises(CorruptEvent, match=r"@2 is unreadable: .*impossible"):
        Engine(path, clock=clock, load_entrypoints=False)


def test_every_error_is_a_mentorcore_error():
    for cls in (InvalidInput, NotFound, CorruptEvent):
        assert issubclass(cls, MentorcoreError)


def test_actor_must_be_an_actor_for_people_commands(engine):
    with pytest.raises(InvalidInput, match="actor"):
        engine.enrol("ana", "default", Role.MENTEE, actor=Actor(person_id=5))
