"""Compare a store's persisted projections with a rebuild from its events, on
SQLite and on PostgreSQL alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.sealing import Sealer
from mentorcore.adapters.serialization import loads
from mentorcore.adapters.store import postgres_projections, sqlite_projections
from mentorcore.adapters.store.postgres import PostgresEventStore
from mentorcore.adapters.store.postgres_schema import WRITER_LOCK
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import Tandem
from mentorcore.lifecycle.fold import replay

#: The read-model tables (snapshots are a cache, checked on their own).
TABLES = (
    "persons",
    "enrolments",
    "relations",
    "tandems",
    "acknowledgements",
    "meetings",
    "heads",
    "erasures",
)

Store = SQLiteEventStore | PostgresEventStore
Tables = dict[str, list[tuple[object, ...]]]


def dump(db: Any) -> Tables:
    """Every row of every projection table, sorted, through *db* (a sqlite3 or
    a psycopg connection)."""
    return {
        t: sorted(tuple(r) for r in db.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES
    }


@contextmanager
def connection(store: Store) -> Iterator[Any]:
    """A connection to *store*'s database: SQLite's own, or one of the
    PostgreSQL store's pool (autocommit: each read sees the latest commit)."""
    if isinstance(store, SQLiteEventStore):
        yield store._db
        return
    with store._connection() as conn:
        yield conn


def dump_store(store: Store) -> Tables:
    """:func:`dump` of *store*'s database."""
    with connection(store) as db:
        return dump(db)


def rebuilt(store: Store) -> Tables:
    """The projections a rebuild from *store*'s events produces, leaving the
    store as it was: SQLite rebuilds a copy in memory; PostgreSQL rebuilds in a
    transaction of its own under the writer lock and rolls it back."""
    if isinstance(store, PostgresEventStore):
        with psycopg.connect(store.path, autocommit=True) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            postgres_projections.rebuild(conn)
            tables = dump(conn)
            raise psycopg.Rollback  # DDL too is undone: the store keeps its tables
        return tables
    copy = sqlite3.connect(":memory:", isolation_level=None)
    store._db.backup(copy)
    copy.execute("BEGIN IMMEDIATE")
    sqlite_projections.rebuild(copy)
    copy.execute("COMMIT")
    try:
        return dump(copy)
    finally:
        copy.close()


def rebuilt_by_sqlite(store: Store) -> Tables:
    """The projections SQLite's rebuild makes of *store*'s events, in memory: a
    cross-check of another store's projections (the same tables, columns and
    values), ~20x cheaper than PostgreSQL's own rebuild, whose DDL dominates."""
    copy = SQLiteEventStore(":memory:")
    try:
        copy._db.execute("BEGIN IMMEDIATE")
        copy._db.executemany(
            "INSERT INTO events (position, stream_id, version, name, data) VALUES (?, ?, ?, ?, ?)",
            [(r.position, r.stream_id, r.version, r.name, r.data) for r in store.read_all()],
        )
        sqlite_projections.rebuild(copy._db)
        copy._db.execute("COMMIT")
        return dump(copy._db)
    finally:
        copy.close()


def assert_projections_equal_rebuild(store: Store, *, by_sqlite: bool = False) -> None:
    """The persisted projections are exactly what a rebuild gives (the store's
    own, or with *by_sqlite* SQLite's of the same events), and every snapshot is
    the fold of its stream up to its version."""
    assert dump_store(store) == (rebuilt_by_sqlite(store) if by_sqlite else rebuilt(store))
    sealer = Sealer(store.keys, store.queries.erased)
    types = EventTypes(sealer=sealer)
    with connection(store) as db:
        rows = db.execute("SELECT stream_id, version, data FROM snapshots").fetchall()
    for stream, version, sealed in rows:
        data = sealer.open_text(sealed, stream, f"{stream}@{version}/snapshot")
        assert data is not None, f"the snapshot of {stream} does not open"
        events = [
            types.decode(r.stream_id, r.version, r.name, r.data)
            for r in store.read(stream)
            if r.version <= version
        ]
        assert loads(data, Tandem) == replay(events)  # type: ignore[arg-type]
