"""One contract, every store: append-only streams with optimistic concurrency.

Every test taking the ``store`` fixture runs on SQLite (a file and ``":memory:"``)
and on PostgreSQL (a fresh database of the test server, tests/pg_server.py).
Tests named ``test_sqlite_*`` or ``test_postgres_*`` are about one store's
format by nature, and say so.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import psycopg
import pytest

from mentorcore import ConcurrencyConflict, InvalidInput, Role, StoreError
from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import Append, NewEvent, Snapshot
from mentorcore.adapters.store.keys import KEY_BYTES, KeyDestroyed
from mentorcore.adapters.store.postgres import PostgresEventStore
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import Enrolment, Person
from mentorcore.events import Enrolled, PersonRegistered
from mentorcore.testing import START, SYSTEM

STORES = ["sqlite-memory", "sqlite-file", "postgres"]


def open_store(kind: str, request, tmp_path):
    """A new store of *kind*; PostgreSQL on a fresh database (the ``pg_dsn`` fixture)."""
    if kind == "sqlite-memory":
        return SQLiteEventStore(":memory:")
    if kind == "sqlite-file":
        return SQLiteEventStore(tmp_path / "events.db")
    return PostgresEventStore(request.getfixturevalue("pg_dsn"))


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    s = open_store(request.param, request, tmp_path)
    yield s
    s.close()


def ev(n: int) -> NewEvent:
    return NewEvent(f"e{n}", f'{{"n": {n}}}')


def person_events(pid: str) -> Append:
    """A person's registration and enrolment, as the engine stores them."""
    encode = EventTypes().encode
    events = (
        PersonRegistered(START, SYSTEM, pid, Person(pid, f"Person {pid}")),
        Enrolled(START, SYSTEM, pid, Enrolment(pid, "default", Role.MENTOR, capacity=2)),
    )
    return Append(f"person:{pid}", 0, tuple(NewEvent(*encode(e)) for e in events))


def in_a_failing_unit(store, work) -> None:
    """Run *work* in a unit of work that then fails."""

    def unit() -> None:
        with store.transaction():
            work()
            raise RuntimeError("undo")

    with pytest.raises(RuntimeError, match="undo"):
        unit()


def test_new_stream_is_at_version_zero(store):
    assert store.version("a") == 0
    assert store.read("a") == []
    assert store.read_all() == []
    assert store.position() == 0


def test_append_numbers_versions_and_positions(store):
    assert store.append([Append("a", 0, (ev(1), ev(2)))]) == 2
    store.append([Append("b", 0, (ev(3),))])
    store.append([Append("a", 2, (ev(4),))])
    assert [(r.version, r.name) for r in store.read("a")] == [(1, "e1"), (2, "e2"), (3, "e4")]
    assert [(r.stream_id, r.position) for r in store.read_all()] == [
        ("a", 1),
        ("a", 2),
        ("b", 3),
        ("a", 4),
    ]
    assert store.version("a") == 3
    assert store.position() == 4
    assert [r.name for r in store.read("a", after_version=2)] == ["e4"]
    assert [r.name for r in store.read_all(after_position=3)] == ["e4"]
    assert [r.data for r in store.read("b")] == ['{"n": 3}']


def test_ids_no_stored_row_can_hold_read_as_empty(store):
    """A lone surrogate or a NUL character in a stream id: no such stream, no error."""
    for odd in ("a\ud800", "a\x00b"):
        assert store.read(odd) == []
        assert store.version(odd) == 0
    store.append([Append("a", 0, (NewEvent("e", '{"t": "\u00e4\U0001f600"}'),))])
    assert store.read("a")[0].data == '{"t": "\u00e4\U0001f600"}'


def test_text_that_is_not_unicode_is_refused_as_bad_input(store):
    """A lone surrogate in a stream id or the data: refused, nothing written, and
    the unit of work it was tried in goes on."""
    with store.transaction():
        store.append([Append("a", 0, (ev(1),))])
        for bad in (Append("b\ud800", 0, (ev(2),)), Append("b", 0, (NewEvent("e", '"\ud800"'),))):
            with pytest.raises(InvalidInput):
                store.append([bad])
        store.append([Append("b", 0, (ev(3),))])
    assert [(r.position, r.name) for r in store.read_all()] == [(1, "e1"), (2, "e3")]


def test_stale_writer_gets_a_conflict_and_nothing_is_written(store):
    store.append([Append("a", 0, (ev(1),))])
    with pytest.raises(ConcurrencyConflict) as conflict:
        store.append([Append("a", 0, (ev(2),))])
    assert (conflict.value.expected, conflict.value.actual) == (0, 1)
    assert "reload and retry" in str(conflict.value)
    assert [r.name for r in store.read_all()] == ["e1"]


def test_multi_stream_append_is_atomic(store):
    store.append([Append("a", 0, (ev(1),))])
    with pytest.raises(ConcurrencyConflict):
        store.append([Append("b", 0, (ev(2),)), Append("a", 0, (ev(3),))])
    assert store.version("b") == 0
    assert [r.name for r in store.read_all()] == ["e1"]
    store.append([Append("b", 0, (ev(2),)), Append("a", 1, (ev(3),))])
    assert (store.version("a"), store.version("b")) == (2, 1)
    assert [r.position for r in store.read_all()] == [1, 2, 3]


def test_one_stream_twice_in_one_append_is_refused(store):
    with pytest.raises(InvalidInput, match="twice"):
        store.append([Append("a", 0, (ev(1),)), Append("a", 0, (ev(2),))])
    assert store.read_all() == []


def test_concurrent_writers_never_lose_an_event(store):
    """Threads race on one stream; each append either lands whole or conflicts."""
    landed: list[str] = []
    lock = threading.Lock()

    def writer(name: str) -> None:
        for i in range(20):
            while True:
                version = store.version("race")
                try:
                    store.append([Append("race", version, (NewEvent(f"{name}{i}", "{}"),))])
                except ConcurrencyConflict:
                    continue
                with lock:
                    landed.append(f"{name}{i}")
                break

    threads = [threading.Thread(target=writer, args=(n,)) for n in "xyz"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = [r.name for r in store.read("race")]
    assert sorted(names) == sorted(landed)
    assert len(names) == 60
    assert [r.version for r in store.read("race")] == list(range(1, 61))
    assert [r.position for r in store.read_all()] == list(range(1, 61))


# ------------------------------------------------------------ units of work


def test_a_unit_of_work_commits_together_or_not_at_all(store):
    with store.transaction():
        store.append([Append("a", 0, (ev(1),))])
        # Reads inside the unit see its own appends.
        assert store.version("a") == 1
        assert [r.name for r in store.read_all()] == ["e1"]
        store.append([Append("b", 0, (ev(2),))])
    assert [r.name for r in store.read_all()] == ["e1", "e2"]
    in_a_failing_unit(store, lambda: store.append([Append("c", 0, (ev(3),))]))
    assert store.version("c") == 0
    assert [r.name for r in store.read_all()] == ["e1", "e2"]
    store.append([Append("c", 0, (ev(3),))])
    assert [r.position for r in store.read_all()] == [1, 2, 3]


def test_a_nested_unit_is_a_savepoint(store):
    """A failing inner block undoes itself alone; the outer unit goes on and
    the log stays gapless."""

    def inner() -> None:
        with store.transaction():
            store.append([Append("b", 0, (ev(2),))])
            store.append([Append("a", 0, (ev(3),))])  # stale: refused

    with store.transaction():
        store.append([Append("a", 0, (ev(1),))])
        with pytest.raises(ConcurrencyConflict):
            inner()
        assert store.version("b") == 0
        with store.transaction(), store.transaction():
            store.append([Append("c", 0, (ev(4),))])
        store.append([Append("a", 1, (ev(5),))])
    assert [(r.position, r.name) for r in store.read_all()] == [(1, "e1"), (2, "e4"), (3, "e5")]
    assert (store.version("a"), store.version("b"), store.version("c")) == (2, 0, 1)


def test_a_refused_append_inside_a_unit_leaves_it_usable(store):
    with store.transaction():
        store.append([Append("a", 0, (ev(1),))])
        with pytest.raises(ConcurrencyConflict):
            store.append([Append("a", 0, (ev(2),))])
        store.append([Append("b", 0, (ev(3),))])
    assert [(r.position, r.name) for r in store.read_all()] == [(1, "e1"), (2, "e3")]


def test_writers_wait_for_an_open_unit_of_work(store):
    """Units of work are serialised: another thread's append waits until the
    open unit commits, and lands after it in the global order."""
    done = threading.Event()

    def other() -> None:
        store.append([Append("b", 0, (ev(2),))])
        done.set()

    with store.transaction():
        store.append([Append("a", 0, (ev(1),))])
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        assert not done.is_set()
    thread.join(10)
    assert done.is_set()
    assert [(r.position, r.stream_id) for r in store.read_all()] == [(1, "a"), (2, "b")]


# ------------------------------------------------------------ read model


def test_appends_write_the_read_model_and_a_rebuild_gives_it_again(store):
    store.append([person_events("ana"), person_events("ben")])
    assert sorted(store.queries.persons()) == ["ana", "ben"]
    assert len(store.queries.enrolments(programme_key="default", role="mentor")) == 2
    seen: list[tuple[int, int]] = []
    assert store.rebuild(lambda done, total: seen.append((done, total))) == 4
    assert seen[-1] == (4, 4)
    assert sorted(store.queries.persons()) == ["ana", "ben"]
    assert len(store.queries.enrolments(person_id="ana")) == 1
    # The heads were rebuilt too: the next append expects version 2.
    enrolled = Enrolled(START, SYSTEM, "ana", Enrolment("ana", "other", Role.MENTEE))
    store.append([Append("person:ana", 2, (NewEvent(*EventTypes().encode(enrolled)),))])
    assert store.version("person:ana") == 3
    assert len(store.queries.enrolments(person_id="ana")) == 2


def test_a_rebuild_inside_a_failed_unit_changes_nothing(store):
    store.append([person_events("ana")])

    def work() -> None:
        store.append([person_events("ben")])
        store.rebuild()

    in_a_failing_unit(store, work)
    assert sorted(store.queries.persons()) == ["ana"]
    assert store.version("person:ben") == 0


def test_a_progress_callback_that_raises_is_named_and_changes_nothing(store):
    store.append([person_events("ana")])

    def broken(done: int, total: int) -> None:
        raise ValueError("the host's bar broke")

    with pytest.raises(InvalidInput) as bad:
        store.rebuild(broken)
    assert bad.value.problems[0][0] == "progress"
    assert "the host's bar broke" in str(bad.value)
    with pytest.raises(InvalidInput) as bad:
        store.rebuild(42)  # type: ignore[arg-type]
    assert bad.value.problems[0][0] == "progress"
    assert sorted(store.queries.persons()) == ["ana"]
    assert store.version("person:ana") == 2


def test_snapshots_are_kept_with_their_append(store):
    store.append([Append("s", 0, (ev(1), ev(2)))], [Snapshot("s", 2, '{"s": 2}')])
    assert store.queries.snapshot("s") == (2, '{"s": 2}')
    assert store.queries.snapshot("u") is None
    store.append([Append("s", 2, (ev(3),))], [Snapshot("s", 3, '{"s": 3}')])
    assert store.queries.snapshot("s") == (3, '{"s": 3}')
    with pytest.raises(ConcurrencyConflict):
        store.append([Append("s", 2, (ev(4),))], [Snapshot("s", 4, "{}")])
    assert store.queries.snapshot("s") == (3, '{"s": 3}')


# ------------------------------------------------------------ keys and sealing


def test_keys_are_made_once_and_destroyed_for_good(store):
    key = store.keys.create("person:ana")
    assert len(key) == KEY_BYTES
    assert store.keys.create("person:ana") == key == store.keys.key("person:ana")
    assert store.keys.key("person:ben") is None
    store.keys.destroy(["person:ana", "person:never"])
    assert store.keys.key("person:ana") is None
    for subject in ("person:ana", "person:never"):
        with pytest.raises(KeyDestroyed):
            store.keys.create(subject)


def test_a_key_made_in_a_failed_unit_is_gone(store):
    in_a_failing_unit(store, lambda: store.keys.create("person:ana"))
    assert store.keys.key("person:ana") is None
    with store.transaction():
        key = store.keys.create("person:ana")
    assert store.keys.key("person:ana") == key


def test_a_new_store_is_sealed_from_its_first_event_on(store):
    assert store.needs_sealing() is False
    store.append([person_events("ana")])
    assert store.needs_sealing() is False


def test_a_closed_store_refuses_to_read(store):
    store.close()
    with pytest.raises(StoreError):
        store.read_all()


@pytest.mark.parametrize("kind", ["sqlite-file", "postgres"])
def test_a_reopened_store_has_every_event(kind, request, tmp_path):
    first = open_store(kind, request, tmp_path)
    first.append([person_events("ana"), Append("a", 0, (ev(1),))])
    first.keys.create("person:ana")
    where = first.path
    first.close()
    second = (
        SQLiteEventStore(where)
        if kind == "sqlite-file"
        else PostgresEventStore(request.getfixturevalue("pg_dsn"))
    )
    try:
        assert [(r.position, r.stream_id) for r in second.read_all()] == [
            (1, "person:ana"),
            (2, "person:ana"),
            (3, "a"),
        ]
        assert second.version("person:ana") == 2
        assert sorted(second.queries.persons()) == ["ana"]
        assert second.keys.key("person:ana") is not None
        second.append([Append("a", 1, (ev(2),))])
        assert second.position() == 4
    finally:
        second.close()


# ------------------------------------------------------------ one store's format


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path):
    """SQLite only: another application's file."""
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite, " * 100)
    with pytest.raises(StoreError, match=r"cannot open event store"):
        SQLiteEventStore(path)


def test_sqlite_refuses_another_schema_version(tmp_path):
    """SQLite only: the schema mark in the file's meta table."""
    path = tmp_path / "old.db"
    SQLiteEventStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema 0"):
        SQLiteEventStore(path)


def test_sqlite_is_in_wal_mode_with_full_sync(tmp_path):
    """SQLite only: the journal mode and synchronous setting of the file."""
    store = SQLiteEventStore(tmp_path / "e.db")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


def test_postgres_refuses_a_newer_schema_untouched(pg_dsn):
    """PostgreSQL only: the schema version in ``mentorcore_meta``."""
    PostgresEventStore(pg_dsn).close()
    with psycopg.connect(pg_dsn, autocommit=True) as db:
        db.execute("UPDATE mentorcore_meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema 99"):
        PostgresEventStore(pg_dsn)
    with psycopg.connect(pg_dsn) as db:
        row = db.execute("SELECT value FROM mentorcore_meta WHERE key = 'schema'").fetchone()
    assert row == ("99",)


def test_postgres_refuses_a_database_it_cannot_reach(pg_server):
    """PostgreSQL only: a database that does not exist is a StoreError naming it."""
    with pytest.raises(StoreError, match="no_such_db"):
        PostgresEventStore(pg_server.dsn("no_such_db"), timeout=1)


def test_postgres_refuses_a_nul_character_as_bad_input(pg_dsn):
    """PostgreSQL only: its text cannot hold NUL (SQLite's can); refused, nothing written."""
    store = PostgresEventStore(pg_dsn)
    try:
        with pytest.raises(InvalidInput, match="NUL"):
            store.append([Append("a", 0, (ev(1),)), Append("b\x00", 0, (ev(2),))])
        assert store.read_all() == []
        assert store.position() == 0
    finally:
        store.close()
