"""The persisted read model: kept with the events, equal to a rebuild, read without replay.

The property and the tests taking ``where`` run on SQLite and on PostgreSQL
(a database of the test server, tests/pg_server.py); the others are about the
SQLite file and say so.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from commands_catalogue import FACTORIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg_kit import empty
from projection_kit import assert_projections_equal_rebuild, connection, dump, dump_store

from mentorcore import (
    Actor,
    AssignMentor,
    CorruptEvent,
    Engine,
    FixedClock,
    InvalidInput,
    MentorcoreError,
    Relation,
    RelationKind,
    Role,
    SetGoal,
    TandemStatus,
)
from mentorcore.adapters.store.postgres import PostgresEventStore
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.state.aggregates import SNAPSHOT_EVERY
from mentorcore.testing import START, SYSTEM, enrol, walk_to

MENTEES = ["ana", "finn"]
MENTORS = ["ben", "dave"]
PEOPLE = [*MENTEES, *MENTORS, "carla"]

step = st.one_of(
    st.tuples(st.just("assign"), st.sampled_from(MENTEES), st.sampled_from(MENTORS), st.just(0)),
    st.tuples(
        st.just("verb"),
        st.sampled_from(sorted(FACTORIES)),
        st.sampled_from([*PEOPLE, "system"]),
        st.integers(0, 60),
    ),
    st.tuples(
        st.just("relation"),
        st.sampled_from(MENTEES),
        st.sampled_from(MENTORS),
        st.booleans(),
    ),
    st.tuples(st.just("profile"), st.sampled_from(MENTORS), st.integers(1, 3), st.just(0)),
    st.tuples(st.just("acknowledge"), st.integers(0, 5), st.just(""), st.just(0)),
)


def _store(kind: str, tmp_path, request) -> SQLiteEventStore | PostgresEventStore:
    """A new, empty store of *kind*; PostgreSQL's examples share the test's database."""
    if kind == "postgres":
        dsn = request.getfixturevalue("pg_dsn")
        empty(dsn)
        return PostgresEventStore(dsn)
    (tmp_path / "p.db").unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"p.db{suffix}").unlink(missing_ok=True)
    return SQLiteEventStore(":memory:" if kind == "memory" else tmp_path / "p.db")


@pytest.fixture(params=["sqlite", "postgres"])
def where(request, tmp_path) -> str:
    """Where an engine keeps its events: a SQLite file, or a PostgreSQL database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_dsn"))
    return str(tmp_path / "e.db")


def _execute(store, sql: str, params: tuple[object, ...] = ()) -> None:
    """Change *store*'s database behind its back (``?`` placeholders on both)."""
    if isinstance(store, PostgresEventStore):
        sql = sql.replace("?", "%s")
    with connection(store) as db:
        db.execute(sql, params)


@pytest.mark.parametrize("kind", ["memory", "file", "postgres"])
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=40))
def test_projections_equal_a_rebuild_after_any_commands(kind, steps, tmp_path, request):
    clock = FixedClock(START)
    engine = Engine(_store(kind, tmp_path, request), clock=clock, load_entrypoints=False)
    for p in MENTEES:
        enrol(engine, p, "default", Role.MENTEE)
    for p in MENTORS:
        enrol(engine, p, "default", Role.MENTOR, capacity=2)
    enrol(engine, "carla", "default", Role.COORDINATOR)
    tandems = []
    for what, a, b, n in steps:
        try:
            if what == "assign":
                command = AssignMentor(programme_key="default", mentee=a, mentor=b)
                tandems.append(engine.execute(command, actor=SYSTEM).id)
            elif what == "verb" and tandems:
                clock.advance(timedelta(days=n))
                tandem = engine.reader(SYSTEM).tandem(tandems[n % len(tandems)])
                actor = SYSTEM if b == "system" else Actor.person(b)
                engine.execute(FACTORIES[a](tandem), actor=actor)
            elif what == "relation":
                relation = Relation(b, RelationKind.SUPERVISES, a)
                change = engine.declare_relation if n else engine.withdraw_relation
                change(relation, actor=SYSTEM)
            elif what == "profile":
                engine.enrol(a, "default", Role.MENTOR, capacity=b, actor=SYSTEM)
            elif what == "acknowledge":
                due = engine.reader(SYSTEM).due_actions()
                if due:
                    engine.acknowledge(due[a % len(due)].key, actor=SYSTEM)
        except MentorcoreError:
            pass
    assert_projections_equal_rebuild(engine.store)
    engine.close()


def _busy_engine(path, clock) -> tuple[Engine, object]:
    engine = Engine(path, clock=clock, load_entrypoints=False)
    enrol(engine, "ana", "default", Role.MENTEE)
    enrol(engine, "ben", "default", Role.MENTOR)
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    for n in range(2 * SNAPSHOT_EVERY + 3):
        tandem = engine.execute(
            SetGoal(tandem_id=tandem.id, text=f"goal {n}"), actor=Actor.person("ana")
        )
    return engine, tandem


def test_opening_an_engine_reads_no_history(tmp_path, clock):
    """SQLite only: watches the statements through SQLite's trace callback."""
    engine, tandem = _busy_engine(tmp_path / "e.db", clock)
    engine.close()
    store = SQLiteEventStore(tmp_path / "e.db")
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    opened = Engine(store, clock=clock, load_entrypoints=False)
    assert not [s for s in statements if "FROM events" in s]
    # One view reads the snapshot and the few events after it, not the stream.
    statements.clear()
    assert opened.reader(SYSTEM).tandem(tandem.id) == tandem
    reads = [s for s in statements if "FROM events WHERE stream_id" in s and "version >" in s]
    assert reads
    assert all(f"version > {2 * SNAPSHOT_EVERY}" in s for s in reads), reads
    opened.close()


def test_a_snapshot_is_written_every_so_many_events(where, clock):
    engine, tandem = _busy_engine(where, clock)
    version, _ = engine.store.queries.snapshot(tandem_stream(tandem.id))
    assert tandem.version - SNAPSHOT_EVERY < version <= tandem.version
    assert_projections_equal_rebuild(engine.store)
    engine.close()


def test_writes_of_another_engine_are_seen(where, clock):
    path = where  # a SQLite file or a PostgreSQL database
    first, tandem = _busy_engine(path, clock)
    second = Engine(path, clock=clock, load_entrypoints=False)
    assert second.reader(SYSTEM).tandem(tandem.id) == tandem  # now cached in both
    changed = second.execute(SetGoal(tandem_id=tandem.id, text="new"), actor=Actor.person("ana"))
    assert first.reader(SYSTEM).tandem(tandem.id) == changed
    assert first.reader(SYSTEM).tandems()[0].version == changed.version
    first.close()
    second.close()


def test_a_database_without_projections_is_rebuilt_when_opened(tmp_path, clock):
    """SQLite only: a file as mentorcore 0.1 wrote it."""
    path = tmp_path / "old.db"
    engine, tandem = _busy_engine(path, clock)
    before = dump(engine.store._db)
    engine.close()
    db = sqlite3.connect(path, isolation_level=None)
    for table in ("persons", "enrolments", "relations", "tandems", "acknowledgements", "snapshots"):
        db.execute(f"DROP TABLE {table}")  # as written by mentorcore 0.1
    db.execute("DELETE FROM meta WHERE key = 'projections'")
    db.close()
    with Engine(path, clock=clock, load_entrypoints=False) as reopened:
        assert dump(reopened.store._db) == before
        assert reopened.reader(SYSTEM).tandem(tandem.id) == tandem


def test_projections_of_another_version_are_rebuilt_when_opened(where, clock):
    engine, _ = _busy_engine(where, clock)
    meta = "mentorcore_meta" if isinstance(engine.store, PostgresEventStore) else "meta"
    _execute(engine.store, "UPDATE tandems SET status = 'declined'")
    _execute(engine.store, f"UPDATE {meta} SET value = 'old' WHERE key = 'projections'")
    engine.close()
    with Engine(where, clock=clock, load_entrypoints=False) as reopened:
        assert reopened.reader(SYSTEM).tandems()[0].status is TandemStatus.ACTIVE
        assert_projections_equal_rebuild(reopened.store)


def test_rebuild_reports_progress_and_keeps_the_state(where, clock):
    engine, tandem = _busy_engine(where, clock)
    before = dump_store(engine.store)
    seen: list[tuple[int, int]] = []
    count = engine.rebuild(lambda done, total: seen.append((done, total)))
    assert count == len(engine.store.read_all())
    assert seen[-1] == (count, count)
    assert dump_store(engine.store) == before
    assert engine.reader(SYSTEM).tandem(tandem.id) == tandem
    engine.close()


def test_a_corrupt_event_names_its_stream_and_version_on_rebuild(where, clock):
    engine, tandem = _busy_engine(where, clock)
    stream = tandem_stream(tandem.id)
    _execute(
        engine.store,
        "UPDATE events SET name = 'tandem-completed' WHERE stream_id = ? AND version = 3",
        (stream,),
    )
    with pytest.raises(CorruptEvent) as corrupt:
        engine.rebuild()
    assert (corrupt.value.stream_id, corrupt.value.version) == (stream, 3)
    assert f"{stream}@3" in str(corrupt.value)
    # Nothing was half-rebuilt: the old projections are still there.
    assert engine.reader(SYSTEM).tandems()[0].status is TandemStatus.ACTIVE
    engine.close()


@pytest.mark.parametrize("kind", ["file", "postgres"])
def test_a_rebuild_larger_than_one_batch_keeps_every_row(kind, tmp_path, request):
    """Batches of rows (5,000 on SQLite, 2,000 on PostgreSQL) are written as they
    fill; thousands of streams must neither recurse nor lose a row."""
    from mentorcore import Enrolment, Person
    from mentorcore.adapters.event_types import EventTypes
    from mentorcore.adapters.store import Append, NewEvent
    from mentorcore.events import Enrolled, PersonRegistered

    encode = EventTypes().encode
    if kind == "postgres":
        store = PostgresEventStore(request.getfixturevalue("pg_dsn"))
    else:
        store = SQLiteEventStore(tmp_path / "big.db", durable=False)
    appends = []
    for n in range(6000):
        pid = f"p{n}"
        events = (
            PersonRegistered(START, SYSTEM, pid, Person(pid, f"Person {n}")),
            Enrolled(START, SYSTEM, pid, Enrolment(pid, "default", Role.MENTOR, capacity=2)),
        )
        appends.append(Append(f"person:{pid}", 0, tuple(NewEvent(*encode(e)) for e in events)))
    store.append(appends)
    before = dump_store(store)
    assert len(before["enrolments"]) == 6000
    assert store.rebuild() == 12000
    assert dump_store(store) == before
    store.close()


def test_a_progress_callback_that_raises_is_named_and_changes_nothing(where, clock):
    engine, tandem = _busy_engine(where, clock)
    before = dump_store(engine.store)

    def broken(done: int, total: int) -> None:
        raise ValueError("the host's bar broke")

    with pytest.raises(InvalidInput) as bad:
        engine.rebuild(broken)
    assert bad.value.problems[0][0] == "progress"
    assert "the host's bar broke" in str(bad.value)
    assert dump_store(engine.store) == before
    assert engine.reader(SYSTEM).tandem(tandem.id) == tandem
    engine.close()
