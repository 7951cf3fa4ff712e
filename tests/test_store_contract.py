"""One contract, every store: append-only streams with optimistic concurrency."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from mentorcore import ConcurrencyConflict, InvalidInput, StoreError
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.sqlite import SQLiteEventStore


@pytest.fixture(params=["sqlite-memory", "sqlite-file"])
def store(request, tmp_path):
    if request.param == "sqlite-memory":
        s = SQLiteEventStore(":memory:")
    else:
        s = SQLiteEventStore(tmp_path / "events.db")
    yield s
    s.close()


def ev(n: int) -> NewEvent:
    return NewEvent(f"e{n}", f'{{"n": {n}}}')


def test_new_stream_is_at_version_zero(store):
    assert store.version("a") == 0
    assert store.read("a") == []
    assert store.read_all() == []


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
    assert [r.name for r in store.read("a", after_version=2)] == ["e4"]
    assert [r.name for r in store.read_all(after_position=3)] == ["e4"]


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


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite, " * 100)
    with pytest.raises(StoreError, match=r"cannot open event store"):
        SQLiteEventStore(path)


def test_sqlite_refuses_another_schema_version(tmp_path):
    path = tmp_path / "old.db"
    SQLiteEventStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema 0"):
        SQLiteEventStore(path)


def test_sqlite_is_in_wal_mode_with_full_sync(tmp_path):
    store = SQLiteEventStore(tmp_path / "e.db")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()
