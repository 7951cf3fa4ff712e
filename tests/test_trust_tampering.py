"""Issue 10, point 7: hand edits of the database are found, never read as a state.

A baseline database is built once; every case copies it, changes it by hand
with SQL (as a careless host or an attacker with the file would), opens it and
runs the same reads and writes as on the untouched copy. For every case each
read either answers exactly what the untouched copy answers, or raises the
mentorcore error the case names (its stream and version where there is one).
Nothing else: no raw Python exception, no other answer, no
``ConcurrencyConflict`` (a stream wedged by a version that no longer fits).
Then a rebuild of the edited copy either restores the untouched answers (the
read model was edited) or refuses with the error named (the log was edited).

The read-model tables are a cache of the log: edits of their rows are found
where a tandem is folded (its summary must be the fold), and replaced by a
rebuild; lists answered from a summary row edited or deleted by hand are
*stale* until then (named per case in ``tamper_cases.py``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from projection_kit import assert_projections_equal_rebuild
from tamper_cases import CASES
from tamper_kit import World, build_world, copy, edited, open_engine, run

from mentorcore import ConcurrencyConflict, MentorcoreError, StoreError
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.adapters.store.sqlite_guard import APPLICATION_ID
from mentorcore.testing import SYSTEM


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("tamper"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hand_edit_is_found_or_harmless(world, tmp_path, case):
    path = edited(world, tmp_path / "edited.db", case)
    if case.opening is not None:
        before = path.read_bytes()
        with pytest.raises(MentorcoreError) as refused:
            open_engine(path)
        case.opening.check(refused.value, world, "opening")
        assert path.read_bytes() == before  # a refused file is left as it was
        return
    answers = run(path, world)
    for name, answer in answers.items():
        expected = world.answers[name]
        if name in case.broken:
            assert case.error is not None
            if name == "calendar" and not isinstance(answer, BaseException):
                # A feed over many tandems leaves the broken one out, and says so.
                events, omitted = answer
                assert set(events) < set(expected[0]) or events == expected[0], events
                assert str(world.t1) in omitted or str(world.t2) in omitted, omitted
                continue
            case.error.check(answer, world, name)
        elif name in case.stale | case.as_stored:
            assert not isinstance(answer, BaseException), f"{name}: {answer!r:.300}"
        else:
            assert answer == expected, f"{name}: {answer!r:.300}"
    # A rebuild either repairs the read model or refuses to take in the edited log.
    path = edited(world, tmp_path / "rebuilt.db", case)
    with open_engine(path) as engine:
        if case.rebuild is not None:
            with pytest.raises(MentorcoreError) as refused:
                engine.rebuild()
            case.rebuild.check(refused.value, world, "rebuild")
            return
        engine.rebuild()
        assert_projections_equal_rebuild(engine.store)
    assert run(path, world) == world.answers


# -------------------------------------------------------------------- marks on the file


def test_a_new_database_carries_mentorcores_mark(tmp_path):
    path = tmp_path / "new.db"
    open_engine(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert int.from_bytes(b"MCOR", "big") == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.close()


def test_a_database_of_mentorcore_0_1_opens_and_is_stamped(world, tmp_path):
    path = copy(world, tmp_path / "old.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA application_id = 0")
    db.execute("PRAGMA user_version = 0")
    for table in ("persons", "enrolments", "relations", "tandems", "acknowledgements"):
        db.execute(f"DROP TABLE {table}")
    for table in ("snapshots", "meetings", "heads"):
        db.execute(f"DROP TABLE {table}")
    db.execute("DELETE FROM meta WHERE key <> 'schema'")
    db.close()
    assert run(path, world) == world.answers
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.close()


@pytest.mark.parametrize(
    "make",
    [
        [
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
            "INSERT INTO notes VALUES (1, 'x')",
        ],
        ["CREATE TABLE meta (k TEXT, v TEXT)", "CREATE TABLE events (x)"],
        ["PRAGMA application_id = 1234"],
        ["PRAGMA application_id = 1234", "CREATE TABLE events (x)"],
        ["CREATE VIEW v AS SELECT 1"],
    ],
    ids=["other tables", "look-alike tables", "other mark", "other mark and tables", "a view"],
)
def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path, make):
    path = tmp_path / "foreign.db"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in make:
        db.execute(statement)
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application") as refused:
        open_engine(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign.db"]


def test_a_dropped_events_table_is_not_an_empty_store(world, tmp_path):
    path = copy(world, tmp_path / "lost.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("DROP TABLE events")
    db.close()
    with pytest.raises(StoreError, match="lost its events table") as refused:
        open_engine(path)
    assert str(path) in str(refused.value)
    assert "events" not in {
        r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")
    }


def test_events_restored_by_hand_are_taken_in_on_opening(world, tmp_path):
    """Rows added behind the read model's back that fit the log are projected
    when the file is opened next (the documented way to restore events)."""
    path = copy(world, tmp_path / "restored.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "INSERT INTO events (stream_id, version, name, data) SELECT stream_id, :v, name, "
        "json_set(data, '$.goal_id', '00000000-0000-0000-0000-0000000000aa', "
        "'$.text', 'restored') FROM events WHERE stream_id = :t1 AND version = :n1 - 1",
        {"v": world.n1 + 1, "t1": world.stream("t1"), "n1": world.n1},
    )
    db.close()
    with open_engine(path) as engine:
        assert_projections_equal_rebuild(engine.store)
        tandem = engine.reader(SYSTEM).tandem(world.t1)
        assert tandem.version == world.n1 + 1
        assert tandem.goals[-1].text == "restored"
        assert engine.reader(SYSTEM).tandems()[0].version == world.n1 + 1


def test_opening_reads_no_event(world, tmp_path, monkeypatch):
    """The checks on opening are lookups of the file's marks and of one counter:
    no event and no read-model row is read, however long the history."""
    path = copy(world, tmp_path / "quick.db")
    traced: list[str] = []
    connect = sqlite3.connect

    def tracing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.set_trace_callback(traced.append)
        return db

    monkeypatch.setattr(sqlite3, "connect", tracing)
    open_engine(path).close()
    assert any("sqlite_sequence" in s for s in traced)
    assert not [s for s in traced if "FROM events" in s or "FROM tandems" in s], traced


def test_a_failed_append_inside_a_unit_of_work_leaves_nothing():
    """An append refused half-way (its second stream conflicts) takes back its
    first stream's events even when the caller's transaction goes on: the log
    stays gapless, which is how deleted events are told apart."""
    store = SQLiteEventStore(":memory:")
    event = NewEvent("note", "{}")
    with store.transaction():
        store.append([Append("a", 0, (event,))])
        with pytest.raises(ConcurrencyConflict):
            store.append([Append("b", 0, (event,)), Append("a", 0, (event,))])
        store.append([Append("c", 0, (event,))])
    assert [(r.stream_id, r.position) for r in store.read_all()] == [("a", 1), ("c", 2)]
    assert store.version("b") == 0
    store.rebuild()
    store.close()
